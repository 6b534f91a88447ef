"""Named people, organisations and places: mention detection and typing.

A trained tagger (:mod:`reader.nlp.ner_tagger`, parameters in ``resources/nlp/``) marks name
mentions token by token, sentence by sentence; :mod:`reader.nlp.aliases` then groups them into one
entity per actor ("President Donald Trump", "Trump", "Mr. Trump" and a plain "he"), adds repeated
names the tagger missed, and ranks entities by salience.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..annotations import Entity
from ..article import Article, Span
from .aliases import Mention, build_entities, head_index
from .cues import APPOSITION, DASHES, WEEKDAYS
from .gazetteer import (
    CONNECTORS,
    DAY_NAMERS,
    DEMONYMS,
    INTERJECTIONS,
    KIN_NOUNS,
    OPENING_FUNCTION_WORDS,
    PARTY_MEMBERS,
    PARTY_WORDS,
    POSSESSIVE_DETERMINERS,
    STATE_ABBREVIATIONS,
    STATE_INITIALS,
    STORM_WORDS,
    TITLES,
    WELL_KNOWN_ORGANIZATIONS,
    is_first_name,
    is_person_noun,
    is_plain_word,
    plural_name_word,
)
from .ner_features import DocTokens, head_class
from .ner_tagger import TaggerModel, default_model
from .ner_tokens import tokenize
from .pos import tagger as pos_tagger
from .sentences import ABBREVIATIONS, INITIALS

TYPE_NAMES = {"PER": "person", "ORG": "organization", "LOC": "place", "OTH": "other"}


def doc_tokens(text: str, sentences: list[Span], lexicon: dict | None = None) -> tuple[DocTokens, list[Span]]:
    """Tokens of every sentence, with a sentence-start flag for each."""
    spans: list[Span] = []
    first: list[bool] = []
    for s, e in sentences:
        toks = tokenize(text, s, e)
        spans.extend(toks)
        first.extend(k == 0 for k in range(len(toks)))
    return DocTokens([text[s:e] for s, e in spans], first, lexicon), spans


def find_entities(article: Article, sentences: list[Span], model: TaggerModel | None = None) -> list[Entity]:
    """Entities of ``article`` (ids "e1", "e2" … in order of salience); ``sentences`` are the
    article's sentence spans, as :func:`reader.nlp.sentences.split_sentences` gives them."""
    text = article.text
    if not text.strip():
        return []
    model = model or default_model()
    sentences = sorted(s for s in sentences if 0 <= s[0] < s[1] <= len(text)) or [(0, len(text))]
    tokens, spans = doc_tokens(text, sentences, model.lexicon if model else None)
    tagged = model.tag(tokens) if model else [("O", 0.0)] * len(spans)
    mentions = headline_filter(text, headline_spans(article), decode(tokens, spans, tagged))
    mentions = without_compound_suffix(mentions, tokens.lexicon)
    mentions = without_weekday(spans, mentions, tokens.lexicon)
    mentions = without_interjections(tokens, mentions, spans)
    mentions = without_opening_word(tokens, spans, mentions)
    mentions = without_party_words(tokens, mentions)
    mentions = languages(tokens, mentions)
    mentions = [m for m in mentions if not _temperature_scale(tokens, m)]
    mentions = without_capital_headings(tokens, spans, mentions)
    mentions = without_affiliation(tokens, spans, towns_and_states(tokens, spans, mentions))
    mentions = storms(tokens, spans, mentions)
    mentions = without_dateline(tokens, spans, mentions)
    mentions = inverted_names(tokens, spans, mentions)
    mentions = with_initials(tokens, spans, initialled_names(tokens, spans, through_initial(tokens, spans, mentions)))
    mentions = without_trailing_title(spans, mentions, tokens.lexicon, tokens.words)
    covered = _covered(len(spans), mentions)
    mentions += named_after_role(tokens, spans, covered)
    mentions = sorted(mentions + peoples(tokens, spans, covered), key=lambda m: m.start)
    lead = article.paragraphs[0] if article.paragraphs else None
    entities = build_entities(text, tokens, spans, mentions, title=article.title_span, lead=lead)
    return role_phrases(text, tokens, spans, typed_by_apposition(text, entities))


# what a thing's name is set off as ("Tinder, the mobile dating application,"): no person's role
# (nouns in -er that name only firms: "a lender", "the retailer"; not "publisher" or "developer",
# which are people's roles too)
_ORGANISATION_NOUNS = frozenset({"firm", "startup", "start-up", "nonprofit", "newspaper", "website", "outlet",
                                 "retailer", "manufacturer", "chain", "broadcaster", "insurer", "lender",
                                 "charity", "tank"})
_THING_NOUNS = frozenset({"app", "application", "platform", "book", "novel", "film", "movie", "album", "song",
                          "drug", "device", "program", "programme", "ship", "vessel", "storm", "hurricane",
                          "memoir", "documentary"})
# the apposition's head: the last word before a comma, a stop or a preposition (", the mobile dating
# application," / ", a start-up that tracks donations")
_APPOSITION = re.compile(APPOSITION + r"(?=[ \t]*[,.;)]|[ \t]+(?:of|for|to|by|in|at|on|from|with|into|about|against"
                         r"|under|over|as|that|which|who|whose|based|owned|known)\b)")


def typed_by_apposition(text: str, entities: list[Entity]) -> list[Entity]:
    """A "person" whose name is set off by what it is, and that is no person, takes that type:
    "Tinder, the mobile dating application," is no one ("other"), "Valeant, the drug company," an
    organisation, "Brick, a township in Ocean County," a place. Only when every such apposition of
    the entity says the same and none names a person ("Ann Lee, the company's founder," stays), and
    not for a word that may be a plural ("Saudis, the government in Riyadh has denied …" is a
    clause)."""
    out = []
    for e in entities:
        kinds = set()
        if e.type == "person" and not e.group and not (" " not in e.name and e.name.endswith("s")):
            for _, end in e.mentions:
                m = _APPOSITION.match(text, end, end + 120)
                if m:
                    kinds.add(_apposition_kind(m.group(2)))
        if len(kinds) == 1 and next(iter(kinds)) not in ("person", ""):
            e = replace(e, type=kinds.pop())
        out.append(e)
    return out


def _apposition_kind(head: str) -> str:
    if head in _ORGANISATION_NOUNS:
        return "organization"
    if is_person_noun(head) or head in KIN_NOUNS:
        return "person"
    if head_class(head) == "org":
        return "organization"
    if head_class(head) == "loc" or head in ("country", "township", "suburb", "neighborhood", "neighbourhood"):
        return "place"
    return "other" if head in _THING_NOUNS else ""


def without_capital_headings(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A run of words in capitals that names no one is a heading, not a person: "WIKILEAKS FOUNDER
    GETS UN BACKING", "PARTY GOES ON" (the tagger cannot see the capitals of a name there). A run
    of two words or more, none of them a known first name and one a word running text writes in
    lower case or WordNet knows as a verb, adjective or adverb; "DONALD TRUMP" stays, and so do
    organisations ("TALIBAN"). Words in capitals before a name in mixed case are such a heading's
    end when they are two or more, hold such a word and a first name follows: "UN BACKING Julian
    Assange" is Julian Assange; "JD Vance" and "ACE Cash Express" stay."""
    lexicon, readings = tokens.lexicon, pos_tagger().lexicon

    def heading(words: list[str], names: bool = True) -> bool:
        lows = [w.lower() for w in words]
        return all(w.isupper() and len(w) > 1 for w in words) \
            and not (names and any(is_first_name(w, lexicon) for w in lows)) \
            and any(is_plain_word(w, lexicon) or set(readings.get(w, "")) & {"v", "a", "r"} for w in lows)

    out = []
    for m in mentions:
        words = [w for w in m.words if w.isalpha()]
        if m.type == "person" and len(words) >= 2 and heading(words):
            continue
        if m.type == "person":             # "UN BACKING Julian Assange": the name after the heading
            k = 0
            while k < len(m.words) and m.words[k].isupper():
                k += 1
            if 1 < k < len(m.words) and heading(list(m.words[:k]), names=False) \
                    and is_first_name(m.words[k].lower(), lexicon):
                m = replace(m, start=spans[m.tok_start + k][0], words=m.words[k:], tok_start=m.tok_start + k)
        out.append(m)
    return out


_REGNAL = re.compile(r"[IVXL]+")


def without_affiliation(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A person named with where they come from or whom they work for, "of" between ("Harry Reid of
    Nevada", "Brian Chesky of Airbnb", "Altman of Evercore"), is the person named before "of"; what
    follows is a name of its own: a place or an organisation when the lists know it or its last word
    heads such names ("Ponte Vedra Beach"), else "other", for the article's other mentions of the
    name to type ("Vendlow" may be a firm or an estate); a party's members before the name are no
    part of it ("Republicans Jolly of Indian Shores"). A name stays whole where "of" follows a title,
    a role or a party ("Secretary of State", "Supervisor of Elections", "Progressive Democrats of
    America"), a word that heads names of places or organisations ("Hall of Fame"), a regnal number
    ("Abdullah II of Jordan"), a word running text writes in lower case ("World of ESPN") or a single
    word that is no known surname ("Joan of Arc", "Theodorus of Tabennese"), or where no capital
    follows "of". A town with its state is :func:`towns_and_states`' ("Tom Emanuel of Laconia,
    N.H.")."""
    words, lowers = tokens.words, tokens.lowers
    lexicon = tokens.lexicon or {}
    places, surnames, orgs = (lexicon.get(k, frozenset()) for k in ("place", "surname", "org"))
    out: list[Mention] = []
    for m in mentions:
        of = next((j for j in range(m.tok_start + 1, m.tok_end - 1) if lowers[j] == "of"), None)
        if m.type != "person" or of is None or not tokens.upper[of + 1]:
            out.append(m)
            continue
        last, low = words[of - 1], lowers[of - 1]
        start = m.tok_start
        while start < of - 1 and lowers[start] in PARTY_MEMBERS:
            start += 1                  # "Republicans Jolly of Indian Shores": the party is no part of it
        name = [w for w in words[start:of] if w != "." and w.lower().rstrip(".") not in TITLES]
        if not last[:1].isupper() or not last.isalpha() or low in TITLES or _REGNAL.fullmatch(last) \
                or is_plain_word(low, lexicon) or is_person_noun(low) or head_class(low) or low in PARTY_MEMBERS \
                or not name \
                or len(name) == 1 and (name[0].lower() not in surnames or is_first_name(name[0].lower(), lexicon)):
            out.append(m)
            continue
        after = tuple(words[of + 1:m.tok_end])
        known = " ".join(after).lower()
        kind = "place" if known in places or head_class(after[-1].lower()) == "loc" else \
            "organization" if known in orgs or known in WELL_KNOWN_ORGANIZATIONS or head_class(after[-1].lower()) == "org" \
            else "other"
        out.append(replace(m, start=spans[start][0], end=spans[of - 1][1], words=tuple(words[start:of]),
                           tok_start=start, tok_end=of))
        out.append(replace(m, start=spans[of + 1][0], words=after, tok_start=of + 1, type=kind,
                           margin=m.margin if kind != "other" else 0.0))     # the least of votes: no evidence
    return out


def towns_and_states(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A town, a comma and a state as AP style abbreviates it ("Brick, N.J.", "Fresno, Calif.",
    "Washington, D.C."): both are places, whatever the tagger typed them (it read "Hoboken" and
    "N.J." as people). An organisation before the comma stays one ("Rutgers University, N.J."), and
    a person "of" the town is one ("Tom Emanuel of Laconia, N.H.": Tom Emanuel, from Laconia)."""
    words, lowers = tokens.words, tokens.lowers
    states: dict[int, int] = {}                       # a state's first token -> its end
    for i in range(2, len(words)):
        if words[i - 1] != "," or not tokens.upper[i - 2] or tokens.first[i] or tokens.first[i - 1]:
            continue
        if lowers[i] in STATE_INITIALS:
            states[i] = i + 1
        elif lowers[i] in STATE_ABBREVIATIONS and i + 1 < len(words) and words[i + 1] == "." \
                and spans[i + 1][0] == spans[i][1]:
            states[i] = i + 1 if words[i].isupper() else i + 2     # "EASTHAMPTON, MASS.": the stop ends it
    if not states:
        return mentions
    towns = {k - 2 for k in states}
    out = []
    for m in mentions:
        if any(m.tok_start < end and k < m.tok_end for k, end in states.items()):
            continue                                   # the state's own mention is made below
        if m.tok_end - 1 in towns and m.type in ("person", "other"):
            of = max((j for j in range(m.tok_start + 1, m.tok_end - 1) if lowers[j] == "of"), default=None)
            if of is not None:                         # "Tom Emanuel of Laconia, N.H.": a person from a town
                out.append(replace(m, end=spans[of - 1][1], words=tuple(words[m.tok_start:of]), tok_end=of))
                m = replace(m, start=spans[of + 1][0], words=tuple(words[of + 1:m.tok_end]), tok_start=of + 1)
            m = replace(m, type="place")
        out.append(m)
    for k, end in states.items():
        out.append(Mention(spans[k][0], spans[end - 1][1], "place", tuple(words[k:end]), k, end))
    return sorted(out, key=lambda m: m.start)


_SCALES = frozenset({"fahrenheit", "celsius", "centigrade", "kelvin"})


def _temperature_scale(tokens: DocTokens, m: Mention) -> bool:
    """A temperature's scale after "degrees" is no name: "3.6 degrees Fahrenheit"."""
    k = m.tok_start
    return m.tok_end - k == 1 and tokens.lowers[k] in _SCALES and k > 0 and tokens.lowers[k - 1] in ("degree", "degrees")


# the words that date a language: "Old English", "Middle Low German", "Proto-Germanic"
_PERIODS = frozenset({"old", "middle", "high", "low", "modern", "early", "late", "classical", "ancient"})


def languages(tokens: DocTokens, mentions: list[Mention]) -> list[Mention]:
    """A language a period word dates is no person: "Old English", "Middle Low German", "Old High
    German", "Proto-Germanic" (the words before a people's word, :data:`.gazetteer.DEMONYMS`, all
    periods). "African American" and "Native American" stay people, as GUM types them."""
    out = []
    for m in mentions:
        lows = tokens.lowers[m.tok_start:m.tok_end]
        if m.type == "person" and (lows[-1] in DEMONYMS and len(lows) > 1 and all(w in _PERIODS for w in lows[:-1])
                                   or len(lows) == 1 and lows[0].startswith("proto-")):
            m = replace(m, type="other")
        out.append(m)
    return out


def without_party_words(tokens: DocTokens, mentions: list[Mention]) -> list[Mention]:
    """A person mention that is one member of a party or the party's adjective alone is no one's
    name: "Clinton, a Democrat, said", "Democrat voters", "the Democratic candidate" (GUM marks
    none of them). "Democrat Bernie Sanders" keeps its name, and "Democrats" stay a group."""
    return [m for m in mentions if not (m.type == "person" and m.tok_end - m.tok_start == 1
                                        and tokens.lowers[m.tok_start] in PARTY_WORDS)]


def without_interjections(tokens: DocTokens, mentions: list[Mention], spans: list[Span]) -> list[Mention]:
    """A one-word mention opening its sentence that the part-of-speech tagger reads there as an
    interjection, with no verb after it, is no name: "Oh, I remember it well", "Oh man, it was late"
    ("Oh" is also a surname: "Oh said the deal was fair" keeps it). A longer mention opening its
    sentence or a quotation, whose first word is an interjection of address
    (:data:`.gazetteer.INTERJECTIONS`) that the tagger reads as one, is the name after it: "'Hey
    Frank, my name is John'" names Frank ("fans of Hey Violet" keep the band). Only such mentions
    are tagged."""
    windows: dict[int, list[str]] = {}           # a mention's first words
    for n, m in enumerate(mentions):
        k = m.tok_start
        if tokens.first[k] if m.tok_end - k == 1 else tokens.lowers[k] in INTERJECTIONS and _addressed(tokens, spans, k):
            end = k + 1
            while end < len(tokens.words) and end < k + 4 and not tokens.first[end]:
                end += 1
            windows[n] = tokens.words[k:end]
    tagged = dict(zip(windows, pos_tagger().tag_sentences(list(windows.values())), strict=True))
    out = []
    for n, m in enumerate(mentions):
        if n not in tagged or tagged[n][0] != "UH":
            out.append(m)
        elif m.tok_end - m.tok_start > 1:       # "Hey Frank": Frank
            k = m.tok_start + 1
            out.append(replace(m, start=spans[k][0], words=m.words[1:], tok_start=k))
        elif _subject_of_what_follows(windows[n], tagged[n]):
            out.append(m)
    return out


# what the part-of-speech tagger reads a word as when it is no part of a name after it
_NOT_NAME_TAGS = frozenset({"DT", "PDT", "RB", "RBR", "RBS", "IN", "CC", "MD", "EX", "WRB", "WDT", "WP", "PRP$",
                            "JJ", "JJR", "JJS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


def without_opening_word(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """An everyday word opening a sentence, a quotation or a bracket is no name, and no part of the
    person's name after it: "Interestingly Blocher, a wealthy industrialist, became …", "Now Trump
    says …", "Crooked Hillary Clinton" are Blocher, Trump and Hillary Clinton; "(Unfortunately,
    there are no exit polls …)", "“Frankly, this is …”" name no one. The word is one running text
    writes in lower case or WordNet knows, no known first name, surname, title or people's word
    ("Will Quell", "Young Quell", "Senator Quell", "Asian Americans" stay), and the part-of-speech
    tagger reads it there as no noun (alone, WordNet knows it as no noun and no other person's mention
    holds it: "Quell hopes …" where "Nora Quell" is named). Before a name,
    the words left are a person's name: a known first name or surname, or a word of another person's
    mention ("Judicial Watch", "Conservative Solutions PAC" keep their first word). Only such
    mentions are tagged."""
    lexicon = tokens.lexicon or {}
    common, wn_common, surnames = (lexicon.get(k, frozenset()) for k in ("common", "wn_common", "surname"))
    readings = pos_tagger().lexicon
    named: Counter[str] | None = None                 # person mentions holding each word, when first needed
    opened: Counter[tuple[str, str]] = Counter()      # … and by their first word
    windows: dict[int, list[str]] = {}
    for n, m in enumerate(mentions):
        k = m.tok_start
        low = tokens.lowers[k]
        if m.type != "person" or not tokens.words[k].isalpha() or not _opening(tokens, spans, k) \
                or is_first_name(low, lexicon) or low in surnames or low in TITLES or low in DEMONYMS \
                or not (low in common or low in wn_common or readings.get(low)):
            continue
        if named is None:
            named = Counter()
            for x in mentions:
                if x.type == "person":
                    for w in {w.lower() for w in x.words}:
                        named[w] += 1
                        opened[tokens.lowers[x.tok_start], w] += 1
        if m.tok_end - k == 1:
            if "n" in readings.get(low, "n") or named[low] > opened[low, low]:
                continue                # a noun may be a name ("Faith"), and so may a word of a name ("Nora Quell")
        else:
            rest = tokens.lowers[k + 1:m.tok_end]
            if any(w.isupper() and len(w) > 1 for w in tokens.words[k + 1:m.tok_end]) \
                    or not (rest[-1] in surnames or is_first_name(rest[0], lexicon)
                            or named[rest[-1]] > opened[low, rest[-1]]):
                continue
        windows[n] = tokens.words[k:min(len(tokens.words), k + 5)]
    if not windows:
        return mentions
    tagged = dict(zip(windows, pos_tagger().tag_sentences(list(windows.values())), strict=True))
    out = []
    for n, m in enumerate(mentions):
        if n in tagged and tagged[n][0] in _NOT_NAME_TAGS:
            if m.tok_end - m.tok_start == 1:
                continue                # no name at all
            else:
                k = m.tok_start + 1
                m = replace(m, start=spans[k][0], words=m.words[1:], tok_start=k)
        out.append(m)
    return out


def _opening(tokens: DocTokens, spans: list[Span], k: int) -> bool:
    """Token ``k`` opens its sentence, a quotation or a bracket."""
    return _addressed(tokens, spans, k) or k > 0 and tokens.words[k - 1] == "(" and spans[k - 1][1] == spans[k][0]


def without_dateline(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A dateline opening a sentence is a place of its own, not part of the name after it:
    "CHICAGO — Rahm Emanuel said …", "DES MOINES, Iowa — …" (a mention the tagger ran over the dash
    is cut at it: the words in capitals before it a place, the words after it the mention). The run
    may start inside the dateline's capitals ("MOINES - Donald Trump" after "DES"): the place is
    all of them."""
    out: list[Mention] = []
    words = tokens.words
    for m in mentions:
        dash = next((t for t in range(m.tok_start + 1, m.tok_end - 1) if words[t] in DASHES), None)
        start = _capitals_start(tokens, m.tok_start) if dash is not None else m.tok_start
        if dash is None or not tokens.first[start] or not _dateline(words[start:dash]):
            out.append(m)
            continue
        place_end = dash
        while place_end > start and not words[place_end - 1][:1].isalpha():
            place_end -= 1                       # "DES MOINES, -" : the comma is no part of the place
        out.append(replace(m, start=spans[start][0], end=spans[place_end - 1][1], type="place",
                           words=tuple(words[start:place_end]), tok_start=start, tok_end=place_end))
        out.append(replace(m, start=spans[dash + 1][0], words=tuple(words[dash + 1:m.tok_end]),
                           tok_start=dash + 1))
    return _whole_dateline_places(tokens, spans, out)


def _whole_dateline_places(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A place the tagger found among the words in capitals of a dateline is all of them: "DES
    MOINES, Iowa — …" where it read only "MOINES" as a place (a run of capitals with no place
    mention in it, "BREAKING NEWS — …", stays as the tagger left it)."""
    words, first = tokens.words, tokens.first
    runs: list[tuple[int, int]] = []
    for m in mentions:
        if m.type != "place" or not words[m.tok_start].isupper():
            continue
        k = _capitals_start(tokens, m.tok_start)
        dash = next((t for t in range(m.tok_end, min(m.tok_end + 6, len(words)))
                     if words[t] in DASHES or first[t]), None)
        if not first[k] or dash is None or first[dash] or not _dateline(words[k:dash]):
            continue
        end = k
        while words[end].isupper() and words[end].isalpha():
            end += 1
        if m.tok_start > k or m.tok_end < end:
            runs.append((k, end))
    if not runs:
        return mentions
    inside = [m for m in mentions if any(k <= m.tok_start and m.tok_end <= end for k, end in runs)]
    out = [m for m in mentions if m not in inside]
    for k, end in dict.fromkeys(runs):
        margin = max(m.margin for m in inside if k <= m.tok_start and m.tok_end <= end)
        out.append(Mention(spans[k][0], spans[end - 1][1], "place", tuple(words[k:end]), k, end, margin))
    return sorted(out, key=lambda m: m.start)


def _capitals_start(tokens: DocTokens, k: int) -> int:
    """The first of the words in capitals before token ``k`` in its sentence ("DES" for "MOINES")."""
    words, first = tokens.words, tokens.first
    while k > 0 and not first[k] and words[k - 1].isupper() and words[k - 1].isalpha():
        k -= 1
    return k


def _dateline(words: list[str]) -> bool:
    """Words of a dateline: a place in capitals, then perhaps a comma and a region ("DES MOINES,
    Iowa")."""
    k = 0
    while k < len(words) and words[k].isupper() and words[k].isalpha():
        k += 1
    if k == 0 or len(words[0]) < 2:
        return False
    if k < len(words) and words[k] == ",":
        k += 1
        while k < len(words) and words[k][:1].isupper():
            k += 1
    return k == len(words)


def storms(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A name after a capitalised storm word is a storm's ("Hurricane Sandy", "Tropical Storm Ana",
    "Typhoon Haiyan"), typed "other" whatever the tagger typed it, the storm word taken in where the
    tagger left it out; so is the same name on its own elsewhere in the article ("Sandy killed …")."""
    names: set[tuple[str, ...]] = set()
    out: list[Mention] = []
    for m in mentions:
        k = m.tok_start
        if tokens.lowers[k] in STORM_WORDS and tokens.upper[k] and m.tok_end - k >= 2:
            names.add(tuple(tokens.lowers[k + 1:m.tok_end]))
            m = replace(m, type="other")
        elif k > 0 and not tokens.first[k] and tokens.lowers[k - 1] in STORM_WORDS and tokens.upper[k - 1] \
                and not (out and out[-1].tok_end > k - 1):
            names.add(tuple(tokens.lowers[k:m.tok_end]))
            m = replace(m, start=spans[k - 1][0], words=(tokens.words[k - 1], *m.words), tok_start=k - 1,
                        type="other")
        out.append(m)
    if not names:
        return out
    return [replace(m, type="other") if tuple(tokens.lowers[m.tok_start:m.tok_end]) in names else m for m in out]


def inverted_names(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A person written surname first, as lists of authors and references write names: "Austen,
    Jane.", "Marx, Karl and Engels, Friedrich.", "Duckworth, A. L. (2016)" is one person, named
    "Jane Austen" (:func:`.aliases.split_title`), where the tagger saw a "Jane" beside an "Austen"
    (or a place "Engels"). Only the plain list form:
    - the surname opens its sentence or follows "and", "&" or ";"; it is a known surname (the
      census list, WordNet's people), a word of a name the tagger found, or written with a capital
      inside a sentence elsewhere in the article; and it is no word that running text writes in
      lower case ("Thanks, John.", "Sincerely, Mary.", "Listen, Jane." are no names);
    - the first given name is a known first name or an initial, and the two are not both places
      ("Georgia, Virginia."); no dateline ("SCRANTON, Pa.", "Jackson, Miss.": a surname in capitals,
      a state or a title after the comma);
    - the given names (capitalised words, initials) end the sentence or are followed by ".", ";",
      a year in brackets, or "and" or "&" and the next name of the list ("Hannah, Martha and I
      send you love" are two people)."""
    words, lowers, n = tokens.words, tokens.lowers, len(tokens.words)
    starts = [i for i in range(n - 2) if words[i + 1] == "," and tokens.upper[i] and words[i].isalpha()
              and not tokens.first[i + 2] and (tokens.first[i] or lowers[i - 1] in ("and", "&", ";"))]
    if not starts:
        return mentions
    lexicon = tokens.lexicon or {}
    known = lexicon.get("surname", frozenset()) | lexicon.get("wn_person", frozenset())
    places = lexicon.get("place", frozenset())
    readings = pos_tagger().lexicon
    named = {w.lower() for m in mentions for w in m.words}
    named.update(lowers[k] for k in range(n - 1) if tokens.upper[k] and not tokens.first[k] and words[k + 1] != ",")
    found: list[tuple[int, int]] = []
    for i in starts:
        low, given = lowers[i], i + 2
        if words[i].isupper() or lowers[given] in STATE_ABBREVIATIONS or lowers[given] in TITLES:
            continue                    # a dateline: "SCRANTON, Pa.", "JACKSON, Miss."
        if low in INTERJECTIONS or low in KIN_NOUNS or readings.get(low) or is_plain_word(low, lexicon) \
                or low in lexicon.get("wn_common", ()) or not (low in known or low in named):
            continue
        if not (is_first_name(lowers[given], lexicon) and words[given].isalpha() and tokens.upper[given]
                or _initial_at(tokens, spans, given)) or low in places and lowers[given] in places:
            continue
        end = given
        while end < n and not (end > given and tokens.first[end]):
            if _initial_at(tokens, spans, end):
                end += 2
            elif tokens.upper[end] and words[end].isalpha() and lowers[end] not in CONNECTORS:
                end += 1
            else:
                break
        if end == n or tokens.first[end] or words[end] in (".", ";") \
                or lowers[end] in ("and", "&") and end + 1 in starts \
                or words[end] == "(" and end + 1 < n and words[end + 1].isdigit() and len(words[end + 1]) == 4:
            found.append((i, end))
    if not found:
        return mentions
    out = [m for m in mentions if not any(m.tok_start < end and i < m.tok_end for i, end in found)]
    for i, end in found:
        out.append(Mention(spans[i][0], spans[end - 1][1], "person", tuple(words[i:end]), i, end))
    return sorted(out, key=lambda m: m.start)


def _initial_at(tokens: DocTokens, spans: list[Span], k: int) -> bool:
    """Token ``k`` is a capital letter with its full stop written on it ("A." of "A. L.")."""
    return k + 1 < len(tokens.words) and _initial(tokens.words[k]) and tokens.words[k + 1] == "." \
        and spans[k][1] == spans[k + 1][0]


def _addressed(tokens: DocTokens, spans: list[Span], k: int) -> bool:
    """Token ``k`` opens its sentence or follows an opening quotation mark: where a name is called."""
    return tokens.first[k] or k > 0 and tokens.words[k - 1] in ("'", '"', "\u201c", "\u2018") \
        and spans[k - 1][1] == spans[k][0]


def _subject_of_what_follows(words: list[str], tags: list[str]) -> bool:
    """The sentence's first word (of ``words``, tagged ``tags``) is the subject of what follows it:
    a verb after it, adverbs passed ("Oh said …", "Oh also said …"), or an apposition ("Oh, a
    former minister, said …")."""
    n = 1
    while n < len(tags) and tags[n] == "RB":
        n += 1
    if n < len(tags) and tags[n][:2] in ("VB", "MD"):
        return True
    return len(words) > 2 and words[1] == "," and words[2].lower() in ("a", "an", "the")


# the second half of an adjective made from a name: "Obama-era", "London-based", "Saudi-led"
COMPOUND_SUFFIXES = frozenset("""like style era led backed based born owned funded sponsored linked inspired
esque type friendly allied aligned affiliated controlled run made brokered appointed""".split())


def without_compound_suffix(mentions: list[Mention], lexicon: dict | None) -> list[Mention]:
    """A name written into an adjective ("the Obama-era rules", "a London-based firm", "Warhol-like
    prints") is the name alone: the mention ends at the hyphen, typed a place when the place list
    knows it and "other" otherwise (the tagger's type was the compound's); the grouping then joins
    it to the person or place the article names."""
    places = lexicon.get("place", frozenset()) if lexicon else frozenset()
    out = []
    for m in mentions:
        last = m.words[-1] if m.words else ""
        head, dash, tail = last.rpartition("-")
        if dash and head[:1].isupper() and tail.islower() and tail in COMPOUND_SUFFIXES:
            words = m.words[:-1] + (head,)
            kind = "place" if " ".join(words).lower() in places else "other"
            m = replace(m, end=m.end - len(tail) - 1, words=words, type=kind)
        out.append(m)
    return out


def without_weekday(spans: list[Span], mentions: list[Mention], lexicon: dict | None) -> list[Mention]:
    """A day of the week written after a name says when, and is no part of the name: "told Breitbart
    News Saturday", "Broaddrick Sunday night recounted", "the rally in North Carolina Tuesday" end
    before the day. A day a word before it names stays whole ("Super Tuesday", "Black Friday",
    "Bloody Sunday": :data:`.gazetteer.DAY_NAMERS`). A person's name of two words or more left that
    the place list knows is a place: the tagger's type was the run's ("North Carolina Tuesday"), and
    one word may be a surname as well ("Clinton Friday")."""
    places = lexicon.get("place", frozenset()) if lexicon else frozenset()
    out = []
    for m in mentions:
        if len(m.words) >= 2 and m.words[-1].lower() in WEEKDAYS and m.words[-2][:1].isupper() \
                and m.words[-2].lower() not in DAY_NAMERS:
            words = m.words[:-1]
            kind = "place" if m.type == "person" and len(words) >= 2 and " ".join(words).lower() in places \
                else m.type
            m = replace(m, end=spans[m.tok_end - 2][1], words=words, tok_end=m.tok_end - 1, type=kind)
        out.append(m)
    return out


_NAME_LINKS = frozenset({"in", "of", "for", "and", "&", "on"})    # "… Justice in Policing Act"


def without_trailing_title(spans: list[Span], mentions: list[Mention], lexicon: dict | None,
                           words: list[str] | None = None) -> list[Mention]:
    """A person's name that runs on into a title or an everyday word and on into a longer name ("the
    George Floyd Justice in Policing Act", tagged "George Floyd Justice") is the person the article
    names elsewhere with the words before it ("George Floyd"): English puts titles before a name,
    not after. Only a name of two words or more named on its own elsewhere is cut back to, so "Jim
    Justice" stays whole, and only where the capitals go on after the mention (``words``: the
    document's tokens), so "Martin Luther King said" stays Martin Luther King."""
    common = lexicon.get("common", frozenset()) if lexicon else frozenset()
    census = [lexicon.get(kind, frozenset()) for kind in ("surname", "male", "female")] if lexicon else []

    def trailing(word: str) -> bool:
        low = word.lower()
        return word[:1].isupper() and (low.strip(".") in TITLES or low in common and not any(low in c for c in census))

    def runs_on(k: int) -> bool:
        if words is None:
            return True
        k += k < len(words) and words[k].lower() in _NAME_LINKS
        return k < len(words) and words[k][:1].isupper()

    named = {m.words for m in mentions if m.type == "person" and len(m.words) >= 2}
    out = []
    for m in mentions:
        if m.type == "person" and len(m.words) >= 3 and runs_on(m.tok_end):
            for k in range(len(m.words) - 1, 1, -1):
                if m.words[:k] in named and all(trailing(w) for w in m.words[k:]):
                    m = replace(m, end=spans[m.tok_start + k - 1][1], words=m.words[:k], tok_end=m.tok_start + k)
                    break
        out.append(m)
    return out


def through_initial(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A person's name the tagger ended at a middle initial runs on to the surname after its stop:
    "said Edward G. Rendell, a former governor" tagged "Edward G" is Edward G. Rendell. The word
    after the stop is in title case, inside the sentence, no title and no everyday word, and in no
    mention but perhaps a person's (the tagger's "Rendell" alone, which becomes part of the name)."""
    words, n = tokens.words, len(tokens.words)
    lexicon = tokens.lexicon or {}
    held = {t: m for m in mentions for t in range(m.tok_start, m.tok_end)}
    grown: dict[int, Mention] = {}
    dropped: set[int] = set()
    for m in mentions:
        k = m.tok_end - 1
        if m.type != "person" or m.tok_end - m.tok_start < 2 or not _initial(words[k]) \
                or k + 2 >= n or words[k + 1] != "." or spans[k][1] != spans[k + 1][0] or tokens.first[k + 2]:
            continue
        after = words[k + 2]
        if not (after[:1].isupper() and after[1:2].islower() and after.isalpha()) \
                or tokens.lowers[k + 2] in TITLES or is_plain_word(tokens.lowers[k + 2], lexicon):
            continue
        other = held.get(k + 2)
        if other is not None and (other.type != "person" or other.tok_start != k + 2):
            continue
        end = other.tok_end if other is not None else k + 3
        if other is not None:
            dropped.add(id(other))
        grown[id(m)] = replace(m, end=spans[end - 1][1], words=tuple(words[m.tok_start:end]), tok_end=end)
    if not grown:
        return mentions
    return [grown.get(id(m), m) for m in mentions if id(m) not in dropped]


def with_initials(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A person's name takes in the initials written before it and the first name before those:
    "K. Michael Stevens", "Eugene A. Nida", "W. W. Rouse Ball", "N S Andres" (not "A" or "I" opening a
    sentence without a stop: "A Trump rally …") — where the tagger
    stopped at an initial, or began its name at one ("R. Newkirk II" after "Vann", which it took for
    a name of its own). Mentions inside the name so joined (a lone "K", "Eugene A", "Vann R") are
    part of it, not mentions of their own."""
    words = tokens.words
    owner = {}                                   # token -> the person mention holding it
    held = {}                                    # token -> any mention holding it
    for m in mentions:
        for t in range(m.tok_start, m.tok_end):
            held[t] = m
            if m.type == "person":
                owner[t] = m
    dropped: set[int] = set()
    grown: dict[int, Mention] = {}
    for m in mentions:
        if m.type != "person":
            continue
        k = m.tok_start
        while k > 0 and not tokens.first[k]:
            if words[k - 1] == "." and k > 1 and _initial(words[k - 2]) and not tokens.first[k - 1]:
                k -= 2
            elif _initial(words[k - 1]) and not (words[k - 1] in ("A", "I") and _opening(tokens, spans, k - 1)):
                k -= 1                           # not the article or "I" opening a sentence: "A Trump rally …"
            elif k == m.tok_start and _persons_initials(tokens, k - 1) and _name_first(m) \
                    and _person_or_alone(held.get(k - 1), k - 1):
                k -= 1                           # "O.J. Simpson", "W.E.B. Du Bois", not "U.S. Trump"
            else:
                break
        if k == m.tok_start and not _initial(words[k]):
            continue                             # the tagger's own "R. Newkirk II" may still lack "Vann"
        # a mention of another type that holds just the word before and the initial itself ("Vann R"
        # overlapping "R. Newkirk II") is the tagger's split of one name
        split = k == m.tok_start and (o := held.get(k - 1)) is not None and o is not m \
            and o.tok_start == k - 1 and o.tok_end > m.tok_start
        if k > 0 and not tokens.first[k] and words[k - 1][:1].isupper() and words[k - 1].isalpha() and (
                is_first_name(tokens.lowers[k - 1], tokens.lexicon) or (k - 1) in owner or split):
            k -= 1                               # the first name: "Eugene A. Nida", "Vann R. Newkirk II"
        if k == m.tok_start:
            continue
        inside = {id(o): o for t in range(k, m.tok_start)
                  if (o := owner.get(t) or (held.get(t) if split else None)) is not None and o is not m}
        k = min([k] + [o.tok_start for o in inside.values()])
        dropped.update(inside)
        grown[id(m)] = replace(m, start=spans[k][0], words=tuple(words[k:m.tok_end]), tok_start=k)
    return [grown.get(id(m), m) for m in mentions if id(m) not in dropped]


def _initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


_INITIALS = re.compile(INITIALS)


def _persons_initials(tokens: DocTokens, k: int) -> bool:
    """Token ``k`` is two or three initials written as one word ("O.J.", "J.K.", "W.E.B."), not a
    known place or organisation ("U.S.", "U.N.") nor an abbreviation ("P.S.", "A.M.")."""
    lexicon, low = tokens.lexicon or {}, tokens.lowers[k]
    return _INITIALS.fullmatch(tokens.words[k]) is not None and low.rstrip(".") not in _ABBREVIATED \
        and low not in lexicon.get("place", ()) and low not in lexicon.get("org", ())


def _name_first(m: Mention) -> bool:
    """The mention opens with a name word, not a title ("D.C. Mayor Muriel Bowser")."""
    return m.words[0].lower().rstrip(".") not in TITLES


def initialled_names(tokens: DocTokens, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """Initials written together and the capitalised words after them are a person's name when the
    tagger marked the initials alone or nothing there ("J.K. Rowling", "W.E.B. Du Bois", where it
    typed "J.K." apart or as a thing): up to three words in title case after the initials, none a
    title, an everyday word or in another mention, the last not the head of a place's or an
    organisation's name ("L.A. Times" is none). Initials that are a known place or organisation
    ("U.S.", "U.N.") or an abbreviation ("P.S.", "A.M.") open no name. A person's name the tagger
    found after them is :func:`with_initials`' to join."""
    held: dict[int, Mention] = {t: m for m in mentions for t in range(m.tok_start, m.tok_end)}
    lexicon = tokens.lexicon or {}
    places, orgs = lexicon.get("place", frozenset()), lexicon.get("org", frozenset())
    replaced: dict[int, Mention] = {}
    found: list[Mention] = []
    n = len(spans)
    for i in range(n - 1):
        if not _persons_initials(tokens, i):
            continue
        own = held.get(i)
        if own is not None and (own.tok_start, own.tok_end) != (i, i + 1):
            continue
        j = i + 1
        while j < n and j - i <= 3 and tokens.upper[j] and not tokens.first[j] and j not in held \
                and tokens.words[j][:1].isalpha() and not tokens.words[j].isupper() \
                and tokens.lowers[j].rstrip(".") not in TITLES \
                and (not is_plain_word(tokens.lowers[j], lexicon) or _particle(tokens.lowers[j])):
            j += 1
        last = tokens.lowers[j - 1]
        if j == i + 1 or head_class(last) or last in places or last in orgs:
            continue
        name = Mention(spans[i][0], spans[j - 1][1], "person", tuple(tokens.words[i:j]), i, j, 0.0)
        if own is not None:
            replaced[id(own)] = name
        else:
            found.append(name)
    return sorted([replaced.get(id(m), m) for m in mentions] + found, key=lambda m: m.start)


# abbreviations written as initials that are no one's: Punkt's list and a letter's "P.S." and "N.B."
_ABBREVIATED = frozenset(ABBREVIATIONS) | {"p.s", "n.b"}


def _particle(lower: str) -> bool:
    """A name's particle ("Du Bois", "De la Cruz"): a connector of names that is no English word."""
    return lower in CONNECTORS and lower.isalpha() and lower not in _ENGLISH_CONNECTORS


_ENGLISH_CONNECTORS = frozenset({"of", "the", "and", "for", "on"})


def _person_or_alone(m: Mention | None, k: int) -> bool:
    """Token ``k`` is in no mention, in a person's, or alone in one of another type (the tagger's
    "W.E.B." typed apart from "Du Bois")."""
    return m is None or m.type == "person" or (m.tok_start, m.tok_end) == (k, k + 1)


def named_after_role(tokens: DocTokens, spans: list[Span], covered: bytearray) -> list[Mention]:
    """People the tagger passed over after a role noun: "the actor Dennis Hopper", "curator Elaine
    Gustafson". GUM, which the tagger learnt from, makes the noun the head of such a phrase and marks
    no name in it, so the tagger tends to leave these names out. The same after a capitalised title
    ("Russian President Dmitry Medvedev"), where the tagger may take the title and drop the name. Two or three capitalised words
    straight after a person noun, the first a known first name, not inside another mention
    (``covered``, which the names found are added to)."""
    found = []
    n = len(spans)
    for i in range(1, n - 1):
        first = tokens.lowers[i]
        if covered[i] or tokens.first[i] or not tokens.upper[i] or not is_first_name(first, tokens.lexicon) \
                or not _role_before(tokens, i - 1):
            continue
        j = i + 1
        while j < n and j - i < 3 and tokens.upper[j] and not tokens.first[j] and not covered[j] \
                and tokens.words[j][:1].isalpha() and tokens.lowers[j].rstrip(".") not in TITLES:
            j += 1
        if j - i >= 2 and not head_class(tokens.lowers[j - 1]):
            found.append(Mention(spans[i][0], spans[j - 1][1], "person", tuple(tokens.words[i:j]), i, j, 0.0))
            covered[i:j] = b"\x01" * (j - i)
    return found


def _role_before(tokens: DocTokens, k: int) -> bool:
    """Token ``k`` names a role: a lower-case person noun ("the actor") or a capitalised title
    ("Russian President", "Foreign Minister", "Sen.")."""
    word = tokens.words[k]
    if word.islower():
        return is_person_noun(tokens.lowers[k])
    return tokens.upper[k] and word[:1].isupper() and tokens.lowers[k].rstrip(".") in TITLES


def peoples(tokens: DocTokens, spans: list[Span], covered: bytearray) -> list[Mention]:
    """Peoples and communities named by a plural ("Bangladeshis", "Muslims", "about 100,000 Greeks"):
    groups of people, typed person as GUM and the stance notes treat them. Not inside or before
    another name ("Americans for Prosperity"), nor inside a mention (``covered``)."""
    found = []
    n = len(spans)
    for i, lw in enumerate(tokens.lowers):
        if covered[i] or not tokens.upper[i] or not lw.endswith("s") or lw[:-1] not in DEMONYMS:
            continue
        if i + 1 < n and not tokens.first[i + 1] and (tokens.upper[i + 1] or tokens.lowers[i + 1] in CONNECTORS):
            continue
        found.append(Mention(spans[i][0], spans[i][1], "person", (tokens.words[i],), i, i + 1, 0.0))
    return found


def _covered(n: int, mentions: list[Mention]) -> bytearray:
    """1 for every token inside one of ``mentions``."""
    covered = bytearray(n)
    for m in mentions:
        covered[m.tok_start:m.tok_end] = b"\x01" * (m.tok_end - m.tok_start)
    return covered


def role_phrases(text: str, tokens: DocTokens, spans: list[Span], entities: list[Entity]) -> list[Entity]:
    """A person's mention takes in the role noun written straight before the name ("author Truman
    Capote", "Facebook co-founder Mark Zuckerberg"): that phrase is what refers to the person, as
    GUM and OntoNotes mark it. The display name stays the name. Not a role someone owns: in "his
    wife Manju Sam" GUM marks "his wife" and "Manju Sam" as two mentions, the name in apposition."""
    starts = {s: k for k, (s, _) in enumerate(spans)}
    out = []
    for ent in entities:
        if ent.type != "person":
            out.append(ent)
            continue
        mentions = []
        for s, e in ent.mentions:
            k = starts.get(s)
            if k and not tokens.first[k] and tokens.upper[k] and text[spans[k - 1][1]:s] == " " \
                    and tokens.words[k - 1].islower() and is_person_noun(tokens.lowers[k - 1]) \
                    and not (k > 1 and _possessor(tokens.lowers[k - 2])):
                s = spans[k - 1][0]
            mentions.append((s, e))
        out.append(replace(ent, mentions=tuple(mentions)))
    return out



def _possessor(lower: str) -> bool:
    """A possessive determiner or a possessive noun ("his", "the senator's")."""
    return lower in POSSESSIVE_DETERMINERS or lower.endswith(("'s", "’s"))


def headline_spans(article: Article) -> list[Span]:
    """The title and headings written in Title Case, where capitals say nothing about names."""
    candidates = [article.title_span] + [sec.heading for sec in article.sections]
    return [span for span in candidates if span and is_title_case(article.text[span[0]:span[1]])]


def is_title_case(line: str) -> bool:
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    capitals = sum(w[0].isupper() for w in words)
    return capitals == len(words) >= 2 or (len(words) >= 3 and capitals >= 0.8 * len(words))


def headline_filter(text: str, headlines: list[Span], mentions: list[Mention]) -> list[Mention]:
    """Drop a mention inside a Title Case headline unless its last word names something the body
    names too ("Eastport Docks" stays; "Harbor Council Splits" and "Automate" go)."""
    if not headlines:
        return mentions
    def inside(m: Mention) -> bool:
        return any(s <= m.start and m.end <= e for s, e in headlines)
    body_words = {w.lower() for m in mentions if not inside(m) for w in m.words}
    return [m for m in mentions if not inside(m) or (m.words and m.words[-1].lower() in body_words
                                                     and all(w.lower() in body_words or not w[:1].isupper()
                                                             for w in m.words))]


def decode(tokens: DocTokens, spans: list[Span], tagged: list[tuple[str, float]]) -> list[Mention]:
    """BIO tags to mentions; connectors and punctuation never start or end one."""
    mentions: list[Mention] = []
    current: list[int] = []

    def close() -> None:
        idx = current[:]
        while idx and _edge_junk(tokens.lowers[idx[0]]) and not _opening_particle(tokens.words[idx[0]]):
            idx.pop(0)
        if idx and tokens.lowers[idx[0]] in OPENING_FUNCTION_WORDS and _addressed(tokens, spans, idx[0]):
            idx.pop(0)                             # "While Trump’s confidence …", "“Unlike Hillary Clinton, I …”"
        while idx and _edge_junk(tokens.lowers[idx[-1]]):
            idx.pop()
        idx = _without_lower_case_of(tokens, idx, tagged)
        if len(idx) > 2 and tokens.lowers[idx[-2]] == "the" and tagged[idx[-1]][0][2:] == "PER" \
                and (tokens.lowers[idx[-1]] in PARTY_WORDS or tokens.lowers[idx[-1]] in DEMONYMS):
            idx = idx[:-2]                         # "Sen. Bernie Sanders the Democratic one": no epithet
        idx = _after_title_of(tokens, idx, tagged)
        if idx and (any(_PREFIXED.match(tokens.words[k]) for k in idx) or _PARTY_TAG.match(tokens.words[idx[0]])):
            idx = []                               # "the anti-Trump forces", "a pro-New York group"
        if len(idx) == 1 and "-" in tokens.lowers[idx[0]] \
                and tokens.lowers[idx[0]].split("-", 1)[1].rstrip(".") in TITLES:
            idx = []                               # "then-Sen.", "ex-President": a title, no name
        if idx and not all(tokens.lowers[k] in _INDEFINITE for k in idx):
            margin = min(tagged[k][1] for k in idx)
            code = tagged[idx[-1]][0][2:]          # the head of an English name is its last word
            parts = [p for part in split_person_of(tokens, idx, code) for p in split_trailing_name(tokens, *part)]
            parts = [p for part in parts for p in split_coordinated(tokens, *part)]
            for part, part_code in parts:
                mentions.append(Mention(spans[part[0]][0], spans[part[-1]][1], TYPE_NAMES[part_code],
                                        tuple(tokens.words[k] for k in part), part[0], part[-1] + 1, margin))
        current.clear()

    tagged = _titled_names(tokens, _bridge_heads(tokens, _join_particles(tokens, tagged)))
    for i, (tag, _) in enumerate(tagged):
        if tag == "O" or tag.startswith("B-") or tokens.first[i] or not current:
            if current:
                close()
            if tag != "O":
                current.append(i)
        else:
            current.append(i)
    if current:
        close()
    return mentions


_REGNAL = re.compile(r"[IVX]+")              # a monarch's number: "Louis XV", "Henry VIII"


# a word made an adjective or a verb by a prefix in lower case: "anti-Trump", "pro-Rubio",
# "non-Hispanic", "out-Christie"
_PREFIXED = re.compile(r"(?:anti|pro|non|neo|pseudo|post|pre|un|out)[-‐]\w")
# a member's party and state after a name: "Sen. Cory Booker (D-N.J.)", "Rep. Ann Lee (R-Texas)"
_PARTY_TAG = re.compile(r"[RDI][-‐][A-Z]")


def _after_title_of(tokens: DocTokens, idx: list[int], tagged: list[tuple[str, float]]) -> list[int]:
    """A person's run that starts with the object of a title's "of" ("secretary of State Hillary
    Clinton", "Then-Secretary of Defense Ash Carter" where the tagger began at "State") is the name
    from its first known first name on."""
    if not idx or idx[0] < 2 or tagged[idx[-1]][0][2:] != "PER" or tokens.lowers[idx[0] - 1] != "of" \
            or tokens.lowers[idx[0] - 2].rsplit("-", 1)[-1].rstrip(".") not in TITLES:
        return idx
    start = next((p for p in range(1, len(idx) - 1) if is_first_name(tokens.lowers[idx[p]], tokens.lexicon)), None)
    return idx if start is None else idx[start:]


def _without_lower_case_of(tokens: DocTokens, idx: list[int], tagged: list[tuple[str, float]]) -> list[int]:
    """A person's name does not end in "of" and words in lower case: "accused Mr. Obama of
    anti-Semitism" names Mr. Obama (what follows "of" in a name is itself a name: "Joan of Arc")."""
    if not idx or tagged[idx[-1]][0][2:] != "PER" or not tokens.words[idx[-1]][:1].islower():
        return idx
    j = next((p for p in range(1, len(idx)) if tokens.lowers[idx[p]] == "of"), None)
    if j is None or any(tokens.words[k][:1].isupper() for k in idx[j + 1:]):
        return idx
    idx = idx[:j]
    while idx and _edge_junk(tokens.lowers[idx[-1]]):
        idx.pop()
    return idx


def split_person_of(tokens: DocTokens, idx: list[int], code: str) -> list[tuple[list[int], str]]:
    """"Nick Rhodes of Duran Duran", "Troy Patterson of Slate Magazine": a person's name (a known
    first name and one or two more capitalised words, titles allowed before it) "of" a capitalised
    name is two mentions, the person and an organisation (a place when the place list knows it or
    its last word heads place names). A single word after "of" is part of the name ("Patrick Gordon
    of Auchleuchries", "Louis XV of France") unless it names an organisation or is a place the place
    list knows after a name with no monarch's number: "Senator Ted Cruz of Texas" is Ted Cruz, from
    Texas."""
    lowers = tokens.lowers
    if len(idx) < 4 or "of" not in (lowers[k] for k in idx[2:-1]):
        return [(idx, code)]
    j = next(p for p in range(2, len(idx) - 1) if lowers[idx[p]] == "of")
    before, after = idx[:j], idx[j + 1:]
    while after and lowers[after[0]] == "the":
        after = after[1:]
    t = 0                                  # past the last title: "House Speaker Paul D. Ryan of Wisconsin"
    for i in range(len(before) - 1):
        if lowers[before[i]].rstrip(".") in TITLES:
            t = i + 1
    core = before[t:]
    lexicon = tokens.lexicon or {}
    first = lowers[core[0]] if core else ""
    words = [k for k in core if lowers[k] != "."]         # "Charles B. Rangel": the initial's stop aside
    if not (2 <= len(words) <= 3 and _plain_first_name(first, lexicon)
            and all(tokens.upper[k] and not head_class(lowers[k]) for k in words)
            and after and tokens.upper[after[0]] and tokens.upper[after[-1]]):
        return [(idx, code)]
    rest = " ".join(lowers[k] for k in after)
    if len(after) == 1 and head_class(rest) != "org" and rest not in lexicon.get("org", ()) \
            and (rest not in lexicon.get("place", ()) or _REGNAL.fullmatch(tokens.words[words[-1]])):
        # "Patrick Gordon of Auchleuchries", "Louis XV of France": one name; "Ted Cruz of Texas": two
        return [(idx, code)]
    place = head_class(lowers[after[-1]]) == "loc" or rest in lexicon.get("place", ())
    return [(before, "PER"), (after, "LOC" if place else "ORG")]


_COORDINATORS = frozenset({"and", "&", ","})


def split_coordinated(tokens: DocTokens, idx: list[int], code: str) -> list[tuple[list[int], str]]:
    """People named together are each a person: "Carrano and Biewener", "Forbes, Eaton, and
    Krueger", "Smith & Jones" — each conjunct a mention of its own, as GUM marks them. Only person
    runs are split, and only when every conjunct is a capitalised word or more: an organisation's
    "and" stays ("Procter & Gamble", "Marks and Spencer")."""
    if code != "PER" or not any(tokens.lowers[k] in ("and", "&") for k in idx):
        return [(idx, code)]            # a comma alone is no list: "John Smith, Jr."
    parts: list[list[int]] = [[]]
    for k in idx:
        if tokens.lowers[k] in _COORDINATORS:
            if parts[-1]:
                parts.append([])
        else:
            parts[-1].append(k)
    parts = [p for p in parts if p]
    if len(parts) < 2 or not all(tokens.upper[p[0]] and tokens.upper[p[-1]] for p in parts):
        return [(idx, code)]
    return [(p, code) for p in parts]


def split_trailing_name(tokens: DocTokens, idx: list[int], code: str) -> list[tuple[list[int], str]]:
    """A run of capitalised words that ends in a person's name (a known first name and one or two
    more capitalised words) straight after an organisation, a place, or a role "of" an organisation
    or held by a possessor: "University of Texas Arlington Amneh Jafari", "CEO of the Refugee Council
    Enver Solomon", "Labour's Shadow Home Secretary Yvette Cooper". The person is a mention of their
    own, the organisation or place another; a role before the name is left out (it is neither). Plain
    titles ("Former President Barack Obama") stay with the name."""
    lowers, upper = tokens.lowers, tokens.upper
    lexicon = tokens.lexicon or {}
    for size in (2, 3):
        j = len(idx) - size
        if j < 1:
            break
        name, before = idx[j:], idx[:j]
        first = lowers[name[0]]
        if not _plain_first_name(first, lexicon) or not all(upper[k] and not head_class(lowers[k]) for k in name):
            continue
        if is_plain_word(lowers[name[-1]], lexicon):
            continue                # "… Grace Plaza Hotel": a name ends in a name word
        if not upper[before[-1]] or lowers[before[-1]] in CONNECTORS:
            continue
        words = [lowers[k] for k in before]
        head = head_index(words)
        if not _role_word(words[head]):
            kind = head_class(words[head])
            if kind and any(not head_class(w) and w not in CONNECTORS for w in words):     # not "State" alone
                return [(before, "ORG" if kind == "org" else "LOC"), (name, "PER")]
            continue
        if "of" in words[1:]:
            after = before[head + 2:]
            while after and lowers[after[0]] == "the":
                after = after[1:]
            kind = head_class(lowers[after[-1]]) if len(after) > 1 else ""      # not "Secretary of State"
            if kind:
                return [(after, "ORG" if kind == "org" else "LOC"), (name, "PER")]
        elif any(w in ("'s", "’s") for w in words):
            return [(name, "PER")]
    return [(idx, code)]


def _plain_first_name(lower: str, lexicon: dict) -> bool:
    """A known first name that running text does not also write in lower case ("Helen" is, "Will" not)."""
    return is_first_name(lower, lexicon) and lower not in lexicon.get("common", ())


def _role_word(lower: str) -> bool:
    return lower.rstrip(".") in TITLES or is_person_noun(lower)


_INDEFINITE = frozenset("nobody everybody somebody anybody everyone someone anyone noone nothing "
                        "everything something anything none".split())
_PARTICLES = frozenset("von van der den de da di du la le bin ibn al el dos das".split())


def _join_particles(tokens: DocTokens, tagged: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """"Ursula von der Leyen": name particles between a person's name and a capitalised word."""
    out = list(tagged)
    n = len(out)
    for i in range(1, n):
        if out[i][0] != "O" or out[i - 1][0][2:] != "PER" or tokens.lowers[i] not in _PARTICLES:
            continue
        j = i
        while j < n and tokens.lowers[j] in _PARTICLES and not tokens.first[j]:
            j += 1
        if j < n and j > i and not tokens.first[j] and tokens.upper[j] and out[j][0] in ("O", "B-PER"):
            for k in range(i, j + 1):
                out[k] = ("I-PER", out[i - 1][1])
    return out


def _bridge_heads(tokens: DocTokens, tagged: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """"Joint Base Elmendorf-Richardson": a capitalised word that heads place or organisation names,
    left outside between two tagged words of one run of capitalised words, joins them into one
    name, typed by that word."""
    out = list(tagged)
    n = len(out)
    for i in range(1, n - 1):
        if out[i][0] != "O" or not tokens.upper[i] or tokens.first[i] or tokens.first[i + 1] \
                or out[i - 1][0] == "O" or out[i + 1][0] == "O" or not tokens.upper[i + 1]:
            continue
        kind = head_class(tokens.lowers[i])
        if not kind:
            continue
        a = i - 1
        while a > 0 and out[a][0].startswith("I-") and not tokens.first[a]:
            a -= 1
        b = i + 2
        while b < n and out[b][0].startswith("I-") and not tokens.first[b]:
            b += 1
        code = "ORG" if kind == "org" else "LOC"
        margin = min(m for t, m in out[a:b] if t != "O")
        for k in range(a, b):
            out[k] = ("B-" if k == a else "I-") + code, margin
    return out


def _titled_names(tokens: DocTokens, tagged: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """"Mayor Elena Varga said …": a capitalised title, a known first name and a capitalised word
    after it (no second title, nor a word heading a place or organisation name) are a person's
    name, title included as the tagger gives it elsewhere ("President Donald Trump"), where
    the tagger left the title or the first name outside a name (it does so most at a sentence's
    start). And "governor Ed Rendell": a known first name left outside just before a word tagged a
    person's name is that person's first name. A word the tagger typed otherwise stays as it is, and
    a first name before a title is no part of the titled name ("Georgia Gov. Brian Kemp")."""
    out = list(tagged)
    lowers, upper, first = tokens.lowers, tokens.upper, tokens.first
    lexicon = tokens.lexicon or {}

    def title(k: int) -> bool:
        return lowers[k].rstrip(".") in TITLES

    def first_name(k: int) -> bool:
        return upper[k] and _plain_first_name(lowers[k], lexicon) and not title(k)

    for i in range(len(out) - 1):
        if out[i][0] == "O" and out[i + 1][0] in ("B-PER", "I-PER") and upper[i + 1] and not first[i + 1] \
                and not title(i + 1) and first_name(i):
            # after a title tagged a person's ("Mayor(B-PER) Elena Varga") the name goes on from it
            go_on = i > 0 and not first[i] and out[i - 1][0] in ("B-PER", "I-PER")
            out[i:i + 2] = [("I-PER" if go_on else "B-PER", out[i + 1][1]), ("I-PER", out[i + 1][1])]
    for i in range(len(out) - 2):
        if not (upper[i] and title(i)):
            continue
        tags = [t for t, _ in out[i:i + 3]]
        if not ("O" in tags[:2] and all(t in ("O", "B-PER", "I-PER") for t in tags)
                and not first[i + 1] and not first[i + 2] and first_name(i + 1)
                and upper[i + 2] and not head_class(lowers[i + 2]) and not title(i + 2)):
            continue
        margins = [m for t, m in out[i:i + 3] if t != "O"]
        margin = min(margins) if margins else min(m for _, m in out[i:i + 3])
        out[i:i + 3] = [("B-PER", margin), ("I-PER", margin), ("I-PER", margin)]
    return out


def _edge_junk(lower: str) -> bool:
    return lower in CONNECTORS or not any(c.isalnum() for c in lower)


def _opening_particle(word: str) -> bool:
    """A name particle written with a capital where a name starts is part of it: "Le Pen", "Van
    Jones", "El Paso", "Al Gore", "De Niro" (not "The", "And" or "Of")."""
    return word[:1].isupper() and word.lower() in _PARTICLES | {"al", "del", "della", "y"}


_WORD_IN_TEXT = re.compile(r"\b[A-Za-z][a-z]+(?:-[A-Z][a-z]+)*\b")


_POSSESSIVE_END = re.compile(r"[’']s(?!\w)")
_NOT_NAMES = frozenset("he she it they we i you who this that there here what".split())


def with_possessives(text: str, entities: list[Entity]) -> list[Entity]:
    """A name's mention takes in the possessive ending written on it: "Ada Stone’s plan" marks
    "Ada Stone’s", "Chris Jones’ car" "Chris Jones’", as the possessor's noun phrase holds it (GUM's
    span convention). Pronouns do not ("He’s" is "he is", "It's" "it is"). A bare apostrophe after
    a final s joins only before a word, and not when a single quotation opened before it in the
    paragraph ("‘We love Paris’ he said": there it closes the quotation). The entity's name is
    untouched; :func:`without_possessive` gives a mention's name form. Run last: earlier stages
    match mentions by their exact spans."""
    out = []
    for e in entities:
        mentions = []
        for start, end in e.mentions:
            if text[start:start + 1].isupper() and text[start:end].lower() not in _NOT_NAMES:
                if _POSSESSIVE_END.match(text, end):
                    end += 2
                elif text[end - 1:end] == "s" and _BARE_POSSESSIVE.match(text, end) \
                        and not _quotation_open(text, start):
                    end += 1
            mentions.append((start, end))
        out.append(replace(e, mentions=tuple(mentions)) if mentions != list(e.mentions) else e)
    return out


_BARE_POSSESSIVE = re.compile(r"[’'][ \t]+\w")
_SINGLE_QUOTE_OPENS = re.compile(r"‘|(?:^|(?<=[\s(\[—–-]))'(?=\w)")


def _quotation_open(text: str, offset: int) -> bool:
    """Whether a single quotation opens between the paragraph's start and ``offset``."""
    paragraph = text.rfind("\n", 0, offset) + 1
    return _SINGLE_QUOTE_OPENS.search(text, paragraph, offset) is not None


def without_possessive(surface: str) -> str:
    """The name a mention gives, without a possessive ending: "Ada Stone’s" -> "Ada Stone",
    "Chris Jones’" -> "Chris Jones"."""
    if _POSSESSIVE_END.search(surface[-2:]):
        return surface[:-2]
    return surface[:-1] if surface[-2:] in ("s’", "s'") else surface


def mark_groups(text: str, entities: list[Entity], lexicon: dict | None = None) -> list[Entity]:
    """Person entities that name a group of people, not one person: one capitalised word in the
    plural ("Europeans", "Democrats", "Tories", "African-Americans") whose singular is a demonym or a
    word the article also writes on its own ("a Democrat", "Republican senators"), or that the
    article also writes in lower case ("Voters" opening a sentence, "voters" elsewhere), or a plural
    noun for people ("Officials", "Experts"). A surname ending in -s ("Sanders", in the model's
    ``lexicon`` of surnames) is none of these, so it stays one person; a title's plural ("Sens.") is
    no group. GUM types such groups as person; the People panel lists them apart from individuals."""
    candidates = {e.name for e in entities if e.type == "person" and plural_name_word(e.name)}
    if not candidates:
        return entities
    words = set(_WORD_IN_TEXT.findall(text))
    surnames = (lexicon or {}).get("surname", frozenset())
    out = []
    for e in entities:
        low = e.name.lower()
        if e.name in candidates and (low in words or is_person_noun(low) and low not in surnames or any(
                s.split("-")[-1].lower() in DEMONYMS or s in words and s.lower() not in TITLES for s in _singulars(e.name))):
            e = replace(e, group=True)
        out.append(e)
    return out


def _singulars(word: str) -> list[str]:
    """The singulars an English plural may have: "Democrats" -> "Democrat", "Tories" -> "Tory",
    "Bushes" -> "Bush"."""
    out = [word[:-1]]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    elif word.endswith("es"):
        out.append(word[:-2])
    return out
