"""Train the part-of-speech tagger (:mod:`reader.nlp.pos`) on GUM and write ``resources/nlp/pos-tagger.json.gz``.

    python -m reader.training.pos --gum build/eval/gum-dev [--test build/eval/gum-lockbox] [--wordnet DIR]

Data: the Penn Treebank tags (XPOS) of GUM (Zeldes 2017; annotations CC BY 4.0), only the genres
whose texts may be redistributed in a model (:data:`reader.training.entities.PERMITTED_GENRES`) and
only the development part of the project's split (``docs/EVALUATION.md``): pass the folder that
``tests/evaluation/splits.py`` writes. Each sentence is re-tokenized by the app's own tokenizer
(:func:`reader.nlp.cues.tokens`: "Trump's" and "don't" stay one token) and a token takes the tag of
the GUM word it starts with, so the tagger learns the tokens it will see. ``--test`` reports the
accuracy on other documents (the lock-box, per genre) without training on them. The parts of speech
WordNet allows each word (:func:`wordnet_lexicon`, shipped inside the model) are features too: 60,000
training words miss many verbs a news article uses.

An averaged perceptron (Collins 2002), a fixed number of epochs over a seeded shuffle: running this
again on the same data writes the same bytes.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import defaultdict
from pathlib import Path

from ..nlp.cues import tokens
from ..nlp.pos import MODEL_FILE, PosTagger, features
from ..resources import resource_path
from .entities import PERMITTED_GENRES
from .reporting_verbs import plural, regular_forms

SOURCE = ("GUM corpus (Zeldes 2017, https://gucorpling.org/gum/), Penn Treebank tags; annotations CC BY 4.0; "
          "texts of the genres academic and court CC BY 4.0, news and interview CC BY 2.5, bio CC BY-SA 3.0. "
          "Lexicon: the parts of speech of WordNet 3.0 (Princeton University; WordNet 3.0 licence, "
          "WORDNET-LICENSE beside this file)")


def read_sentences(path: Path) -> list[tuple[list[str], list[str]]]:
    """(words, tags) of each sentence of a CoNLL-U file, words as the app's tokenizer splits them."""
    out = []
    text, forms = None, []

    def flush():
        if text is None or not forms:
            return
        spans, pos = [], 0
        for form, tag in forms:
            at = text.find(form, pos)
            if at < 0:
                return                              # a form not found verbatim: leave the sentence out
            spans.append((at, at + len(form), tag))
            pos = at + len(form)
        words, tags = [], []
        for tok in tokens(text, 0, len(text)):
            tag = next((t for s, e, t in spans if s <= tok.start < e), None)
            if tag is None:
                return
            words.append(tok.text)
            tags.append(tag)
        out.append((words, tags))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            flush()
            text, forms = line[len("# text = "):], []
        elif line and line[0].isdigit():
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                forms.append((cols[1], cols[4]))
    flush()
    return out


def corpus(gum: Path, genres) -> dict[str, list[tuple[list[str], list[str]]]]:
    """genre -> its sentences."""
    return {g: [s for p in sorted((gum / "dep").glob(f"GUM_{g}_*.conllu")) for s in read_sentences(p)]
            for g in genres}


def wordnet_lexicon(wordnet: Path) -> dict[str, str]:
    """word -> the parts of speech WordNet 3.0 gives it ("n", "v", "a", "r" in that order: "plan" ->
    "nv"), for the words with a verb, adjective or adverb reading: verbs with their inflections
    (``verb.exc`` and the regular rules), adjectives with ``adj.exc``'s comparatives, adverbs, and
    the noun reading of those words (lemmas and regular plurals). Words that are only nouns are
    left out: a word the lexicon does not know is most likely one."""
    def lemmas(name: str) -> set[str]:
        out = set()
        for line in (wordnet / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line and not line.startswith(" "):
                word = line.split(" ", 1)[0]
                if word.isalpha():
                    out.add(word)
        return out

    def exceptions(name: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for line in (wordnet / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].isalpha():
                out[parts[0]].update(parts[1:])
        return out

    verbs, adjectives, adverbs, nouns = lemmas("verb"), lemmas("adj"), lemmas("adv"), lemmas("noun")
    classes: dict[str, set[str]] = defaultdict(set)
    for verb in verbs:
        for form in (verb, *regular_forms(verb)):
            classes[form].add("v")
    for form in exceptions("verb"):
        classes[form].add("v")
    for adjective in adjectives | set(exceptions("adj")):
        classes[adjective].add("a")
    for adverb in adverbs | set(exceptions("adv")):
        classes[adverb].add("r")
    plurals = {plural(n): n for n in nouns}
    irregular_nouns = exceptions("noun")                 # read once, not once a word
    for word, found in classes.items():
        if word in nouns or word in plurals or word in irregular_nouns:
            found.add("n")
    return {word: "".join(c for c in "nvar" if c in found) for word, found in sorted(classes.items())}


def train(sentences: list[tuple[list[str], list[str]]], epochs: int = 8, seed: int = 7,
          min_weight: float = 0.05, lexicon: dict[str, str] | None = None) -> tuple[list[str], dict[str, dict[str, float]]]:
    tags = sorted({t for _, ts in sentences for t in ts})
    index = {t: k for k, t in enumerate(tags)}
    weights: dict[str, dict[int, float]] = defaultdict(dict)
    totals: dict[tuple[str, int], float] = defaultdict(float)
    stamps: dict[tuple[str, int], int] = defaultdict(int)
    step = 0
    examples = [(features(words, i, None, lexicon), index[gold[i]])
                for words, gold in sentences for i in range(len(words))]
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for feats, gold in examples:
            step += 1
            scores = [0.0] * len(tags)
            for f in feats:
                for t, v in weights.get(f, {}).items():
                    scores[t] += v
            guess = max(range(len(tags)), key=lambda t: (scores[t], -t))
            if guess == gold:
                continue
            for f in feats:
                row = weights[f]
                for t, delta in ((gold, 1.0), (guess, -1.0)):
                    key = (f, t)
                    totals[key] += (step - stamps[key]) * row.get(t, 0.0)
                    stamps[key] = step
                    row[t] = row.get(t, 0.0) + delta
    averaged: dict[str, dict[str, float]] = {}
    for f in sorted(weights):
        row = {}
        for t, v in sorted(weights[f].items()):
            key = (f, t)
            mean = (totals[key] + (step - stamps[key]) * v) / step
            if abs(mean) >= min_weight:
                row[str(t)] = round(mean, 3)
        if row:
            averaged[f] = row
    return tags, averaged


def accuracy(tagger: PosTagger, sentences) -> tuple[float, int]:
    right = total = 0
    for words, gold in sentences:
        right += sum(a == b for a, b in zip(tagger.tag(words), gold, strict=True))
        total += len(words)
    return right / max(total, 1), total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gum", type=Path, required=True, help="GUM's development part (build/eval/gum-dev)")
    ap.add_argument("--test", type=Path, help="score only: e.g. build/eval/gum-lockbox")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"),
                    help="Debian's wordnet-base files (apt-get install wordnet-base)")
    ap.add_argument("--out", type=Path, default=resource_path(*MODEL_FILE))
    args = ap.parse_args(argv)
    by_genre = corpus(args.gum, PERMITTED_GENRES)
    sentences = [s for g in PERMITTED_GENRES for s in by_genre[g]]
    print(f"training on {len(sentences)} sentences, {sum(len(w) for w, _ in sentences)} tokens: "
          + ", ".join(f"{g} {len(v)}" for g, v in by_genre.items() if v))
    lexicon = wordnet_lexicon(args.wordnet)
    tags, weights = train(sentences, epochs=args.epochs, lexicon=lexicon)
    data = {"source": SOURCE, "tags": tags, "weights": weights, "lexicon": lexicon}
    blob = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    args.out.write_bytes(gzip.compress(blob, mtime=0))
    print(f"wrote {args.out} ({len(weights)} features, {len(tags)} tags)")
    if args.test:
        tagger = PosTagger(tags, weights, lexicon)
        for genre, sents in corpus(args.test, ("news", "interview", "voyage")).items():
            if sents:
                acc, n = accuracy(tagger, sents)
                print(f"accuracy {genre}: {acc:.3f} over {n} tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
