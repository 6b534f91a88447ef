"""Reported speech: statements the article attributes without quotation marks ("X warned that …",
"…, X said", "according to X, …"), and mixed ones whose content holds quoted words.

A cue is a verb of speech or thought from WordNet's lexicographer files verb.communication and
verb.cognition (``resources/nlp/reporting-verbs.json``, written by
:mod:`reader.training.reporting_verbs`), in a finite form, or the phrase "according to". The
constructions, each a function below with its own tests (``tests/nlp/test_reported.py``):

- ``subject-cue``: a speaker phrase, the cue, then the reported clause to the sentence's end —
  "Officials warned (that) the bridge would close", "She told reporters (that) …". Without "that",
  only verbs that WordNet gives the frame "Somebody ----s that CLAUSE" take a bare clause.
- ``inverted``: the content first, then the speaker and cue after a comma, ending the sentence —
  "The bridge will close, officials said." / "…, said the mayor."
- ``parenthetical``: the speaker and cue between commas inside the content — "The bridge, she
  said, will close." (two content pieces)
- ``according-to``: "According to the report, …" / "…, according to X."
- ``infinitive``: a cue after "to", said by the governing verb's subject — "She refused to endorse
  the plan", "He declined to say whether …".
- ``reduced``: a participle right after a noun phrase — "a statement expressing doubt about …".
- ``colon-lead``: a name, a colon, what they said — "Mark Okafor: We will appeal."
- ``np`` / ``relative``: a subject found by its tags after a clause word ("When liberal groups
  argued for …", "doctors and nurses warned of …"), or the noun before "who" ("voters who said …").
- ``passive``: "Reporters were told by the spokesman that …", "The plan was criticized by several
  senators" (the subject is what was criticized); without "by X" no one is named.
- ``noun``: a possessor, a noun WordNet derives from a cue verb, its content — "Lee's proposal to
  close the bridge", "her support for the bill", "his view is that …".
- ``agentless``: a passive that names no one, with "as" or an infinitive after it — "The plan is
  widely seen as a mistake", "He is expected to endorse …"; the whole clause, with no source.
- ``when-passive``: "When asked about the merger, she …" (the main clause's subject was asked).
- ``gerund``: a cue in -ing after a preposition — "After savaging the donors, Trump …", "… before
  warning that …" (the subject of the clause the phrase modifies, when it can speak).
- ``as-clause``: "As the mayor noted, …" / "…, as the mayor noted." (the main clause).
- ``coordinated``: a cue after "and" coordinated with an earlier cue of the same form shares its
  speaker — "saying … and vowing to …".
- A statement whose cue is in a clause opening the sentence ("But as Smith … pledged to confront
  the attackers, many cheered") ends at that clause's comma.
- A headline in title case ("Senator Says Talks Have Stalled") is read with its verbs in lower
  case, and its statements' rules are counted apart (``title-…``).

Part-of-speech tags (:mod:`reader.nlp.pos`, asked for token by token) let an object open with any
noun-phrase word ("proposed raising taxes", "insulted women"), keep an inverted cue from swallowing
a clause of its own ("Later, the FBI said it would help"), and skip adverbs ("may well endorse").

The speaker phrase is found by :func:`reader.nlp.cues.np_backward` / :func:`~reader.nlp.cues.np_forward`
and resolved to an entity by the same :class:`~reader.nlp.speakers.Registry` as the quotes'. A
sentence that is wholly a direct quote is left to :mod:`.attribution`; a content holding quoted
words is ``mixed``. A statement's confidence is learnt, not hand-set: the probability a logistic
regression over its features (:func:`statement_features`: construction, kind of content, verb and
its WordNet class, kind of source, length, first word …) gives, trained on every statement the rules
find in the development part of PolNeAR (``resources/nlp/attribution-rules.json``). The same file
keeps each construction's counted precision — with this verb, else with verbs of its WordNet class,
else the construction, else every construction with its kind of content (:func:`confidence`) — which
stands in where the file has no model.

Where a content ends (:func:`_content_end`): at a semicolon or colon, a lone dash, a comma opening a
contrast, a concession or the next attribution, and before "and" with a second verb of the cue's own
form (:func:`_coordinated_end`). Between cue and content the rules step past the person addressed
("told voters in the valley that …") and a day ("said Monday the plan …").
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from ..annotations import Entity
from ..article import Span
from ..resources import resource_path
from .cues import (
    CLOSING_MARKS,
    DASHES,
    NAME_RELATIONS,
    NOUN_DETERMINERS,
    OPENING_MARKS,
    POST_MODIFIERS,
    PRONOUNS,
    RELATIONS,
    Tok,
    closing_dash,
    common_word,
    credited_after_quote,
    function_word,
    is_cue,
    np_backward,
    np_forward,
    past_opener,
    phrase_kind,
    sentence_subject,
    speaker_noun,
    tokens,
)
from .gazetteer import NUMBER_WORDS, is_name_word, is_person_noun
from .matcher import Pattern, load_pattern, pattern_names
from .ner_tagger import default_lexicon
from .pos import FINITE_TAGS, NOUN_TAGS, NP_START_TAGS, PAST_OR_PRESENT_TAGS, TaggedTokens, can_be, is_adverb, tag_of
from .speakers import Registry
from .wordlists import word_list

VERBS_FILE = ("nlp", "reporting-verbs.json")
RULES_FILE = ("nlp", "attribution-rules.json")
QUOTE_MARKS = "\u201c\u201d\u201e\""
CLAUSE_BREAKS = {";", ":"}
# a clause can open with these (the reported clause of a verb without "that")
CLAUSE_OPENERS = word_list("reported", "clause-openers")
OBJECT_PRONOUNS = word_list("reported", "object-pronouns")
AUXILIARIES = word_list("reported", "auxiliaries")
# negated auxiliaries, with either apostrophe: "don't trust", "can’t say", "didn't mention"
AUXILIARIES |= {aux + "n" + mark + "t" for aux in ("do", "does", "did", "could", "would", "should", "is", "was",
                                                    "are", "were", "has", "have", "had", "must", "might", "need")
                for mark in ("'", "’")} | {"can't", "can’t", "won't", "won’t", "cannot"}
SUBJECT_PRONOUNS = word_list("reported", "subject-pronouns")
BE_FORMS = word_list("reported", "be-forms")
QUESTION_OPENERS = word_list("reported", "question-openers")  # open a clause inside an object
WH_WORDS = word_list("reported", "wh-words")
ADVERBS = word_list("reported", "adverbs")
# words that head an adjunct after an object ("… the plan on Monday", "… the bill in a speech")
ADJUNCTS = word_list("reported", "adjuncts")
FINITE = word_list("reported", "finite")
TIME_STARTS = word_list("reported", "time-starts")
TIME_WORDS = word_list("reported", "time-words")
PREPOSITIONS = word_list("reported", "prepositions")
CONTRAST_STARTS = word_list("reported", "contrast-starts")
CLAUSE_STARTS = word_list("reported", "clause-starts")
COORDINATORS = word_list("reported", "coordinators")
PARTICLES = word_list("reported", "particles")  # of phrasal verbs: "shrugged off", "walked back"
# a quantifier standing alone as a subject: "Most said they …", "…, but few believe …"
QUANTIFIER_SUBJECTS = word_list("reported", "quantifier-subjects")
# words that open a relative clause whose subject position the reported clause fills:
# "the budget, which the mayor said was a mistake"
GAP_OPENERS = word_list("reported", "gap-openers")
POSSESSIVE_PRONOUNS = word_list("reported", "possessive-pronouns")
POSSESSIVE_ENDINGS = ("'s", "’s")
GOVERNING_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "RB", "JJ"}   # "refused", "was eager" (to say)
# a cue word with an adverb reading that the tagger calls an adverb is no verb here ("was still
# hoping"). Its nouns and adjectives are not trusted: left out, they cost more right statements than
# wrong ones on the development part (R 0.595 -> 0.576 at the same threshold)
NOT_VERB_TAGS = {"RB", "RBR", "RBS", "DT"}
MAX_SUBJECT_TOKENS = 10
DEFAULT_CONFIDENCE = 0.5
MIN_CONFIDENCE = 0.62      # chosen by cross-fitting on the development part (docs/EVALUATION.md)
_WORD = re.compile(r"[a-z]+")
MAX_TAIL_TOKENS = 8        # after an inverted cue: "in a statement on Monday."
# a verb after an inverted cue makes what follows it its clause: "Later, the FBI said it would help."
CLAUSE_VERB_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD", "VB"})
ADVERBIAL_CLAUSES = word_list("reported", "adverbial-clauses")


@dataclass(frozen=True)
class Reported:
    """One reported statement: content pieces, the cue, the speaker phrase and how it was found."""
    content: tuple[Span, ...]
    cue: Span
    source: Span | None       # None: a passive that names no one ("is widely seen as …")
    source_kind: str          # pronoun | name | descriptor | none
    rule: str
    lemma: str


@lru_cache(maxsize=1)
def _wordnet_extract() -> dict:
    """The shipped WordNet extract, read once."""
    return json.loads(resource_path(*VERBS_FILE).read_text(encoding="utf-8"))


def lexicon() -> tuple[dict[str, str], dict[str, dict]]:
    """(form -> lemma, lemma -> {"files", "that"}) from the shipped WordNet extract."""
    data = _wordnet_extract()
    return data["forms"], data["verbs"]


def cue_nouns() -> dict[str, str]:
    """Noun form -> the verb WordNet derives it from ("proposals" -> "propose")."""
    return _wordnet_extract().get("nouns", {})


@lru_cache(maxsize=1)
def _rules_file() -> dict:
    path = resource_path(*RULES_FILE)
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def rule_confidence() -> dict[str, float]:
    """The precision counted for each construction, class of verb and verb (see :func:`confidence`)."""
    return {name: float(value["precision"]) for name, value in _rules_file().get("rules", {}).items()}


def statement_weights() -> dict[str, float]:
    """The weight of each feature of :func:`statement_features`, learnt on the development part by
    :mod:`reader.training.attribution_rules` (empty when the file has none)."""
    return _rules_file().get("weights", {})


_FUNCTION_OPENERS = word_list("reported", "function-openers")
_SOURCE_PRONOUNS = word_list("reported", "source-pronouns")


def _length_class(n: int) -> str:
    return "1" if n <= 1 else "2" if n <= 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11-20" if n <= 20 else "21+"


def statement_features(item: Reported, text: str, agreement: str | None = None,
                       source_type: str | None = None) -> list[str]:
    """What the confidence of a found statement is learnt from: its construction, the construction's
    kind of content, the cue verb with each (and the verb's WordNet class), the kind of source and
    which pronoun it is, the content's length in words, its first word (a function word, or a
    capital), whether it holds quoted words, and, given, whether the learnt statement tagger found
    the same statement (``agreement``: :func:`reader.nlp.statement_tagger.TaggedIndex.agreement`).
    A colon lead ("Lynch: No outside influence on FBI probe") has no verb to say that someone
    speaks: what stands before the colon does, so its features also say what named mention, if
    any, that is (``source_type``: :func:`source_types`; "Breaking:", "Contributing:" and "Iowa:"
    are labels, not speakers)."""
    rule, verb_kind = item.rule, verb_class(item.lemma)
    family = complement_family(rule)
    content = " ".join(text[s:e] for s, e in item.content)
    words = content.split()
    size = _length_class(len(words))
    first = words[0].lower() if words else ""
    first = first if first in _FUNCTION_OPENERS else "CAP" if first[:1].isupper() else "w"
    source = text[item.source[0]:item.source[1]].split() if item.source else []
    features = ["bias", "r=" + rule, "f=" + family, "rc=" + rule + "@" + verb_kind, "rl=" + rule + ":" + item.lemma,
                "l=" + item.lemma, "c=" + verb_kind, "sk=" + item.source_kind, "rsk=" + rule + "|" + item.source_kind,
                "len=" + size, "flen=" + family + "|" + size, "fw=" + first, "ffw=" + family + "|" + first]
    if any(ch in QUOTE_MARKS for ch in content):
        features.append("quoted")
    if source and source[-1].lower() in _SOURCE_PRONOUNS:
        features.append("sp=" + source[-1].lower())
    if len(source) > 4:
        features.append("long-source")
    if agreement is not None:
        kind = agreement.partition(":")[0]
        features += ["tg=" + kind, "tgf=" + family + "|" + kind, "tgc=" + agreement]
    if source_type is not None and rule.endswith("colon-lead"):
        features.append("lead=" + source_type)
    return features


def source_types(items: list[Reported], mentions: Iterable[tuple[Span, str]]) -> list[str]:
    """For each statement, the type of the named mention its source phrase overlaps (``mentions``:
    (span, type) of every mention of the article's entities, :func:`named_mentions`): "person",
    "organization", …; "none" without a source, "no" when it overlaps no mention."""
    named = sorted(mentions)
    starts = [span[0] for span, _ in named]
    longest = max((span[1] - span[0] for span, _ in named), default=0)
    out = []
    for item in items:
        found = "none" if item.source is None else "no"
        if item.source is not None:
            a, b = item.source
            k = bisect_left(starts, b) - 1              # mentions starting before the source ends
            while k >= 0 and starts[k] >= a - longest:
                if named[k][0][1] > a:
                    found = named[k][1]
                    break
                k -= 1
        out.append(found)
    return out


def named_mentions(entities: Iterable[Entity]) -> list[tuple[Span, str]]:
    """(span, type) of every mention of ``entities``."""
    return [(span, entity.type) for entity in entities for span in entity.mentions]


def statement_confidence(item: Reported, text: str, agreement: str | None = None,
                         source_type: str | None = None) -> float:
    """How likely the statement is one the article attributes: the learnt model's probability, or,
    without one, the counted precision of its construction with its verb (:func:`confidence`)."""
    weights = statement_weights()
    if not weights:
        return confidence(item.rule, item.lemma)
    z = sum(weights.get(f, 0.0) for f in statement_features(item, text, agreement, source_type))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def verb_class(lemma: str) -> str:
    """The WordNet lexicographer files a cue verb is in, joined: "communication",
    "cognition+communication", "emotion"; "other" for a cue that is no verb of the lexicon."""
    files = lexicon()[1].get(lemma, {}).get("files")
    return "+".join(files) if files else "other"


COMPLEMENT_KINDS = {"that", "to", "wh", "bare", "object", "prep", "colon", "subject"}


def complement_family(rule: str) -> str:
    """All constructions with the same kind of content: "passive-that" -> "*-that" (a rule that
    names no kind of content, such as "inverted" or "according-to", is its own family; a headline's
    rules are one family, "title-*")."""
    if rule.startswith("title-"):
        return "title-*"                     # a headline's statements are judged among headlines'
    head, _, kind = rule.rpartition("-")
    return f"*-{kind}" if head and kind in COMPLEMENT_KINDS and rule != "according-to" else rule


def confidence(rule: str, lemma: str) -> float:
    """The precision counted on the development part for the rule with this verb, else for the
    rule with verbs of its class, else for the rule, else for every rule with its kind of content
    ("*-that": a rare construction such as "was told by X that …" is judged by all that-clauses)
    (:mod:`reader.training.attribution_rules`)."""
    table = rule_confidence()
    for key in (f"{rule}:{lemma}", f"{rule}@{verb_class(lemma)}", rule, complement_family(rule)):
        found = table.get(key)
        if found is not None:
            return found
    return DEFAULT_CONFIDENCE


def _finite_cue(toks: list[Tok], i: int) -> str | None:
    """The lemma when token ``i`` is a verb of speech or thought in a form that can head a clause
    ("said", "says", "warned", "has argued", "will tell"); None otherwise."""
    t = toks[i]
    if not t.text.isalpha() or not t.text.islower():
        return None
    lemma = lexicon()[0].get(t.text)
    if lemma is None:
        return None
    back = i - 1
    while back > 0 and t.text == lemma and (toks[back].low in ADVERBS or is_adverb(toks, back)):
        back -= 1                                # "may well endorse", "can now say"
    prev = toks[back] if i else None
    if t.text.endswith("ing") and t.text != lemma:
        if not _after_be(toks, i):
            return None                          # "saying": a participle; "is (still) saying" heads a clause
    elif t.text != lemma and not t.text.endswith("s") and _after_be(toks, i):
        return None                              # "was published", "were tired": passive or adjective
    elif t.text == lemma and not (prev is not None and _bare_form_subject(toks, back, i)):
        return None             # a bare "say" needs "I/we/they", "will", or a plural or named subject before it
    if i and toks[i - 1].low in NOUN_DETERMINERS and _quantifier_subject(toks, i - 1) is None \
            and _share_subject(toks, i - 1) is None:
        return None                              # "the report", "a claim", "some advocates": nouns
    if can_be(t.text, "r") and tag_of(toks, i) in NOT_VERB_TAGS:
        return None                              # "was still hoping": an adverb, not a verb, here
    if t.text.endswith("s") and i + 1 < len(toks) and tag_of(toks, i + 1) == "MD" and tag_of(toks, i) == "NNS":
        return None                              # "the tax cuts would …", "party reports will …": a noun's head
    if t.text.endswith("s") and i and toks[i - 1].text.islower() and tag_of(toks, i - 1) in ADJECTIVE_TAGS:
        return None                              # "broader debates about …", "the new claims": a plural noun
    if t.text.endswith("s") and i and _lexical_verb_before(toks, i - 1):
        return None                              # "raises questions about …", "has raised doubts": the verb's object
    if t.text.endswith("s") and i and toks[i - 1].low.endswith(("’s", "'s", "s’", "s'")) \
            and i + 1 < len(toks) and tag_of(toks, i + 1) in FINITE_TAGS:
        return None                              # "Lee’s remarks came …": a possessive's noun, the subject of a verb
    return lemma


def _lexical_verb_before(toks: list[Tok], k: int) -> bool:
    """Token ``k`` is a verb other than an auxiliary, as the tagger reads it or as a form in -s or
    -ed of a verb of the lexicon (the tagger may read "poses" in "poses questions" as a noun), and
    does not end a relative clause ("The official who resigned says …", "The man they arrested
    claims …": the clause's subject speaks)."""
    t = toks[k]
    if not t.text.isalpha() or not t.text.islower() or _auxiliary(t):
        return False
    verb = tag_of(toks, k) in {"VBZ", "VBD", "VBP", "VBN"} or \
        t.text.endswith(("s", "ed")) and not t.text.endswith("ss") and t.text in lexicon()[0]
    return verb and not _ends_relative_clause(toks, k)


_RELATIVE_OPENERS = GAP_OPENERS - {"what"}
_PERSONAL_SUBJECTS = SUBJECT_PRONOUNS - {"it", "there"}


def _ends_relative_clause(toks: list[Tok], k: int) -> bool:
    """The verb at ``k`` closes a relative clause: "who", "that" or "which" opens it within a few
    words with no comma between ("who declined to be named"), or a pronoun subject stands between it
    and a noun ("the man they arrested")."""
    for m in range(k - 1, max(-1, k - 7), -1):
        if toks[m].text in ",;:":
            break
        if toks[m].low in _RELATIVE_OPENERS:
            return True
    return k >= 2 and toks[k - 1].low in _PERSONAL_SUBJECTS and toks[k - 2].text.isalpha() \
        and tag_of(toks, k - 2) in NOUN_TAGS


def _bare_form_subject(toks: list[Tok], back: int, i: int) -> bool:
    """Token ``back`` (the word before the bare verb at ``i``, adverbs passed) lets the verb be finite:
    an auxiliary, a pronoun, "who", a name, a plural noun ("as evidence of": "as" is none), a
    quantifier or a share of people, or a plural subject across an aside ("Economists, like their
    rivals, say …")."""
    prev = toks[back]
    return (prev.low in AUXILIARIES or prev.low in PRONOUNS or prev.low in {"who", "which"}
            or prev.text.isalpha() and (prev.cap or prev.low.endswith("s") and not prev.low.endswith("ss")
                                        and tag_of(toks, back) in NOUN_TAGS)
            or _quantifier_subject(toks, back) is not None or _share_subject(toks, back) is not None
            or (prev.text in ",)" or prev.text.islower() and tag_of(toks, back) in NOUN_TAGS) and _plural_subject(toks, i))


def _plural_subject(toks: list[Tok], i: int) -> bool:
    """The subject phrase before the bare verb at ``i`` holds a plural noun, across an aside or a
    modifier after its head: "Economists, like their rivals, say …", "Sources close to the
    campaign say …"."""
    np = np_backward(toks, i, 0)
    if np is None:
        return False
    if np[1] - np[0] == 1 and toks[np[0]].low in {"they", "we", "i", "you"}:
        return True
    return any(toks[m].text.isalpha() and tag_of(toks, m) in {"NNS", "NNPS"} for m in range(*np))


def _quantifier_subject(toks: list[Tok], k: int) -> tuple[int, int] | None:
    """A quantifier standing alone as the subject of the verb after it, at the start of a clause:
    "Most said they were worried", "…, but few believe it", "Only a few argue …" (its token
    range); None when it is a determiner or follows a verb ("had some say", "the many claims")."""
    if k < 0 or k + 1 >= len(toks) or toks[k].low not in QUANTIFIER_SUBJECTS:
        return None
    start = k
    while start > 0 and toks[start - 1].low in {"a", "only", "very", "just", "almost", "nearly"}:
        start -= 1
    if start == 0 or toks[start - 1].text in ",;:(" or toks[start - 1].low in COORDINATORS | CLAUSE_STARTS:
        return start, k + 1
    return None


FRACTIONS = word_list("reported", "fractions")
ROUGHLY = word_list("reported", "roughly")


def _number(tok: Tok) -> bool:
    return tok.low in NUMBER_WORDS or tok.text.isdigit()


def _share_subject(toks: list[Tok], k: int) -> tuple[int, int] | None:
    """A share of people, or people described by a participle, as the subject ending at token ``k``:
    "One in three said …", "about four in 10 say …", "nine out of 10 say …", "43 said …",
    "three-quarters said …", "86 percent say …" (at a clause's start), "those surveyed said …", "Those
    polled believe …" (its token range). A verb right after "those" is a participle, whatever its tag."""
    if k >= 2 and _number(toks[k]) and toks[k - 1].low == "in" and _number(toks[k - 2]):
        start = k - 2
    elif k >= 3 and _number(toks[k]) and toks[k - 1].low == "of" and toks[k - 2].low == "out" and _number(toks[k - 3]):
        start = k - 3                                    # "nine out of 10 say"
    elif k >= 0 and (_number(toks[k]) or toks[k].low in FRACTIONS or toks[k].low == "percent" and k >= 1
                     and _number(toks[k - 1])):
        start = k - 1 if toks[k].low == "percent" else k   # "43 said …", "three-quarters said …", "86 percent say"
        if start > 0 and toks[start - 1].low in {"a", "about"} and toks[k].low in FRACTIONS:
            start -= 1                                   # "a third said"
        if not (start == 0 or toks[start - 1].text in ",;:" or toks[start - 1].low in COORDINATORS
                or toks[start - 1].low in ROUGHLY):
            return None                                  # "the 43 said", "raised $43 said": no share of people
    else:
        start = None
    if start is not None:
        while start > 0 and toks[start - 1].low in ROUGHLY:
            start -= 1
        return start, k + 1
    if k >= 1 and toks[k - 1].low == "those" and toks[k].text.islower() and tag_of(toks, k) in {"VBN", "VBD"}:
        return k - 1, k + 1
    return None


def _auxiliary(tok: Tok) -> bool:
    """An auxiliary or a form of "be" ("has", "will", "was", "been") before a verb."""
    return tok.low in AUXILIARIES or tok.low in BE_FORMS


def _after_be(toks: list[Tok], i: int) -> bool:
    """Token ``i`` follows a form of "be" (adverbs between allowed)."""
    back = i - 1
    while back > 0 and (toks[back].low in ADVERBS or toks[back].low.endswith("ly") and tag_of(toks, back) == "RB"):
        back -= 1                                # "was still hoping", "has been widely praised"
    return back >= 0 and toks[back].low in BE_FORMS


def _quotative(lemma: str) -> bool:
    """A verb that can follow what was said ("…, officials said"): a verb of communication, or one
    that takes a reported clause."""
    entry = lexicon()[1].get(lemma, {})
    return "communication" in entry.get("files", ()) or entry.get("that", False)


def _takes_clause(lemma: str) -> bool:
    return lexicon()[1].get(lemma, {}).get("that", False)


def _content_end(toks: list[Tok], k: int) -> int:
    """Index of the token that ends a content beginning at ``k``: a semicolon or colon; a lone dash
    after a few words ("called for her messages to be public — even the ones …"; a pair of dashes
    encloses an aside inside the content, unless the aside is a quotation with its own cue: "the plan
    was weak — “We need details,” she said — and …"); a comma that opens a
    contrasting or relative clause (", while others …", ", which …", ", even though …"), another
    speaker's attribution (", Lewandowski said", ", and three-quarters said …") or the same
    speaker's next one (", saying …");
    else the sentence's final punctuation (excluded)."""
    end = len(toks)
    m = k
    while m < end and toks[m].text not in CLAUSE_BREAKS:
        if toks[m].text in DASHES:
            pair = next((n for n in range(m + 1, end) if toks[n].text == toks[m].text), None)
            if pair is not None and _credited_aside(toks, m, pair):
                break                                # "— “…,” she said —": another statement breaks in
            if pair is not None:
                m = pair                             # "— an aside —" inside the content
            elif m > k + 2:
                break                                # a dash with no second one: what follows is an aside
        if toks[m].text == "," and m + 1 < end and m > k + 2 and (
                toks[m + 1].low in CONTRAST_STARTS or _even_though(toks, m + 1) or _speech_participle(toks[m + 1])
                or _after_comma(toks, m) is not None or _next_speaker(toks, m + 1, end)):
            break
        m += 1
    while m > k and toks[m - 1].text in ".!?,":
        m -= 1
    while m > k + 1 and _closes_before(toks, k, m - 1):
        m -= 1                                       # "(According to aides, the talks failed.)": no bracket
        while m > k and toks[m - 1].text in ".!?,":
            m -= 1
    return m


def _credited_aside(toks: list[Tok], a: int, b: int) -> bool:
    """The aside between the dashes at ``a`` and ``b`` is a quotation with its own cue ("— “We
    need details,” she said —"): a statement breaking into the sentence, after which the speaker's
    next clause begins ("— and charged that …"), so the content before it ends at the first dash."""
    if b - a < 4 or toks[a + 1].text not in OPENING_MARKS:
        return False
    close = next((n for n in range(b - 1, a + 1, -1) if toks[n].text in CLOSING_MARKS), None)
    if close is None or close + 2 > b:
        return False
    k = close + 1
    n = is_cue(toks, k)
    if n:                                             # "“…,” said Lee —"
        speaker = np_forward(toks, k + n)
        return speaker is not None and speaker[1] == b
    speaker = np_forward(toks, k)                     # "“…,” she said —"
    return speaker is not None and speaker[1] < b and speaker[1] + is_cue(toks, speaker[1]) == b


def _closes_before(toks: list[Tok], k: int, j: int) -> bool:
    """Token ``j`` closes a bracket or a quotation opened before token ``k`` (not between them)."""
    mark, inside = toks[j].text, [t.text for t in toks[k:j]]
    if mark == ")":
        return "(" not in inside
    if mark == "\u201d":
        return "\u201c" not in inside
    return mark == '"' and inside.count('"') % 2 == 0


def _next_speaker(toks: list[Tok], k: int, end: int) -> bool:
    """At ``k``, "and" or "but" opens a clause of another speaker's cue within a few words: "…, and
    three-quarters said the same", "…, but officials warned that …" (a speaker phrase right before
    the cue: not "…, relationships, and psychological dynamics continue to …")."""
    if toks[k].low not in COORDINATORS or k + 1 >= end or toks[k + 1].low in {"that", "to", "whether", "if"}:
        return False                                     # "…, and that the costs would rise": the same cue goes on
    forms = lexicon()[0]
    for n in range(k + 2, min(end, k + 6)):
        if toks[n].text in forms and _finite_cue(toks, n) is not None:
            subject = np_forward(toks, k + 1, owned=True) or _share_subject(toks, n - 1) \
                or _quantifier_subject(toks, n - 1)
            return subject is not None and subject[0] == k + 1 and subject[1] == n   # its own speaker
    return False


def _even_though(toks: list[Tok], k: int) -> bool:
    """ "even though", "even if", "even as": a concessive clause opens at ``k``."""
    return toks[k].low == "even" and k + 1 < len(toks) and toks[k + 1].low in {"though", "if", "as"}


def _speech_participle(tok: Tok) -> bool:
    """A speech or thought verb in -ing ("saying", "adding", "arguing"): after a comma it opens the
    speaker's next statement."""
    return tok.low.endswith("ing") and tok.text.islower() and tok.low in lexicon()[0]


def _coordinated_end(toks: list[Tok], i: int, k: int, end: int) -> int:
    """The end of a content ``[k, end)`` of the cue at ``i`` before "and" and a verb in the cue's own
    form when the content's verb has another: "forecast that the economy would rebound | and praised
    …", "saying he would not back it | and suggesting …" (the second verb is the speaker's, not the
    content's). Where the content's verb has the cue's form ("said he went home and slept") the two
    cannot be told apart, and the content runs on, unless the second verb is one of speech or
    thought with a clause or an infinitive of its own (:func:`_second_cue`: "said the plan was dead |
    and warned that …")."""
    cue = tag_of(toks, i)
    if cue not in {"VBD", "VBZ", "VBG"}:
        return end
    first = next((m for m in range(k, end) if toks[m].text.islower() and tag_of(toks, m) in CLAUSE_VERB_TAGS), None)
    if first is None:
        return end
    same = tag_of(toks, first) == cue
    for m in range(first + 1, end - 1):
        if toks[m].low == "and" and toks[m + 1].text.islower() and tag_of(toks, m + 1) == cue and (
                not same or _second_cue(toks, m + 1)):
            return m - 1 if toks[m - 1].text == "," else m
    return end


def _second_cue(toks: list[Tok], n: int) -> bool:
    """The verb at ``n`` (after "and") is a verb of speech or thought with a clause or an
    infinitive of its own: "said the plan was dead, and urged them to vote no", "…and warned that
    …": the speaker's next statement, not more of the first one's content."""
    lemma = lexicon()[0].get(toks[n].low)
    if lemma is None or not _quotative(lemma):
        return False
    found = _complement(toks, n, lemma)
    return found is not None and found[0] in {"that", "to", "wh", "bare", "colon"}


def _span(toks: list[Tok], a: int, b: int) -> Span | None:
    return (toks[a].start, toks[b - 1].end) if b > a else None


def _subject_cue(toks: list[Tok], i: int, lemma: str, far) -> Reported | None:
    """A speaker phrase, the cue, then what was said or thought: "Officials warned (that) the bridge
    would close", "She told reporters that …", "He promised to resign", "They asked whether …",
    "The senator criticized the plan". With no speaker phrase right before the cue, the
    sentence's subject (``far()``, its token range or None) speaks when the cue's verb is
    coordinated with its own ("Lee tweeted a photo and said she …")."""
    j = i - 1
    while j >= 0 and (_auxiliary(toks[j]) or toks[j].text.islower() and is_adverb(toks, j)):   # "may well endorse"
        j -= 1
    j = _before_time(toks, j)                            # "Lee, who on Tuesday endorsed …"
    subject = np_backward(toks, j + 1, 0)
    if subject is not None:
        subject = _related_head(toks, subject)           # "A spokesman for Senator Ann Lee said …"
    prefix = "subject"
    if subject is None and j >= 1 and toks[j].low in {"who", "which"} and toks[j - 1].text == ",":
        subject, prefix = np_backward(toks, j - 1, 0), "relative"     # "Lee, who said …"
    elif subject is None and j >= 1 and toks[j].low == "who" and tag_of(toks, j - 1) in NOUN_TAGS:
        subject, prefix = np_backward(toks, j, 0) or _tagged_np(toks, j), "relative"   # "voters who said …"
    if subject is None and j >= 0 and toks[j].text.islower():
        subject, prefix = _tagged_np(toks, j + 1), "np"     # "When liberal groups argued for …"
    if subject is None:
        subject, prefix = _quantifier_subject(toks, j) or _share_subject(toks, j), "subject"   # "Most said …"
    if subject is None:
        far = far()
        if far is not None and far[1] <= j and any(toks[m].low in {"and", "but", "then"} for m in range(far[1], i)):
            subject, prefix = far, "coordinated"
        else:
            subject, prefix = _opening_phrase(toks, j + 1), "long"
            if subject is None and far is not None and far[1] <= j and tag_of(toks, i) in PAST_OR_PRESENT_TAGS \
                    and (j < 0 or tag_of(toks, j) not in NOUN_TAGS) and not _credits_opening_quote(toks, j):
                subject, prefix = far, "far"               # the sentence's subject, further back
            if subject is None:
                return None
    if prefix in ("subject", "np"):
        gapped = _gapped(toks, i, lemma, subject)
        if gapped is not None:
            return gapped
    return _statement(toks, i, lemma, subject, prefix)


def _related_head(toks: list[Tok], subject: tuple[int, int]) -> tuple[int, int]:
    """A subject that is the object of a preposition after the phrase of someone who can speak is
    that phrase's, the preposition's included: "A spokesman for Senator Ann Lee said …", "An aide
    to Lee said …", "Voters in Iowa said …", "Morgan of the Sierra Club said …" (the spokesman, the
    aide, the voters and Morgan speak, not Lee, Iowa or the club). A name heads it only before "of",
    "from", "in" or "at" and when it is a known first name or surname ("Bernie Sanders in South
    Carolina said"; not "Israel at the United Nations" nor "a letter to Lee")."""
    a = subject[0]
    if a >= 1 and toks[a - 1].low in {"the", "a", "an"}:
        a -= 1                                    # "of the Sierra Club"
    if a < 2 or toks[a - 1].low not in RELATIONS:
        return subject
    head = np_backward(toks, a - 1, 0)
    if head is None or head[1] != a - 1:
        return subject
    last = toks[head[1] - 1]
    name_word = is_name_word(last.low, default_lexicon())
    named = toks[a - 1].low in NAME_RELATIONS and name_word
    if not last.cap:
        speaks = speaker_noun(last.low)
    elif head[1] - 1 > 0:
        speaks = named                            # a name: "Lee Wang of The Intercept"
    else:                                         # the sentence's first word: "Voters in Iowa", "Morgan of …"
        speaks = named or speaker_noun(last.low) and not name_word
    return (head[0], subject[1]) if speaks else subject


def _credits_opening_quote(toks: list[Tok], j: int) -> bool:
    """Token ``j`` closes a quotation that opens the sentence (or follows a stop Punkt did not end a
    sentence at: "voted no. “…"), so the cue after it credits the quote ("“The bill is dead,” said
    an aide to Lee"): the quote finder's, with no subject further back."""
    if j >= 1 and toks[j].text == "," and toks[j - 1].text in CLOSING_MARKS:
        j -= 1
    if j < 1 or toks[j].text not in CLOSING_MARKS:
        return False
    q = next((k for k in range(j - 1, -1, -1) if toks[k].text in QUOTE_MARKS), None)
    return q is not None and (q == 0 or toks[q - 1].text in {".", "!", "?", ":"})


def _gapped(toks: list[Tok], i: int, lemma: str, subject: tuple[int, int]) -> Reported | None:
    """A reported clause whose subject is the relative clause's antecedent: "the budget, which the
    mayor said was a mistake", "an accident the police said was under investigation", "what analysts
    say is a sign of …" (rule ``gapped``). The cue is followed straight away by a finite verb, and
    the speaker opens a relative clause (after "which", "that", "what", "who", or right after a
    noun). The content is the relative clause, speaker and cue included, as it is one statement:
    what the speaker said of the antecedent; it ends at a comma ("remarks delivered in what the
    speaker believed was a private moment, have raised …")."""
    a = subject[0]
    if a < 1 or not (toks[a - 1].low in GAP_OPENERS or toks[a - 1].text.isalpha() and toks[a - 1].text.islower()):
        return None                                # checked first: it needs no tagging
    k = i + 1
    while k < len(toks) and toks[k].low in ADVERBS:
        k += 1
    if k + 1 >= len(toks) or not _takes_clause(lemma) or not toks[k].text.islower() \
            or not (toks[k].low in FINITE or tag_of(toks, k) in {"VBD", "VBZ", "VBN", "MD"}):
        return None
    if toks[a - 1].low in GAP_OPENERS:
        start = a - 1
    elif tag_of(toks, a - 1) in {"NN", "NNS"}:
        start = a                                  # "an accident the police said was …"
    else:
        return None
    end = _content_end(toks, k)
    end = next((m for m in range(k, end) if toks[m].text == ","), end)   # the relative clause ends at a comma
    if end - k < 2:
        return None
    return Reported((_span(toks, start, end),), (toks[i].start, toks[i].end), _span(toks, *subject),
                    _source_kind(toks, *subject), "gapped", lemma)


_PERIODS = word_list("reported", "periods")


def _before_time(toks: list[Tok], j: int) -> int:
    """Index of the token before a time phrase that ends at ``j`` and stands between a subject and
    its verb ("who on Tuesday endorsed", "Officials last week warned", "she earlier this month
    said"); ``j`` when there is none."""
    k = j
    if k >= 0 and toks[k].low in {"morning", "afternoon", "evening", "night"} and k >= 1 and toks[k - 1].low in TIME_WORDS:
        k -= 1
    if k >= 0 and toks[k].low in TIME_WORDS:
        k -= 1
        if k >= 0 and toks[k].low == "on":
            k -= 1
    elif k >= 1 and toks[k].low in _PERIODS and toks[k - 1].low in {"last", "this", "next"}:
        k -= 2
        if k >= 0 and toks[k].low in {"earlier", "late", "early"}:
            k -= 1
    else:
        return j
    return k if k >= 0 and (toks[k].cap or toks[k].low in PRONOUNS or toks[k].low in {"who", "which"}
                            or toks[k].text.isalpha() and toks[k].text.islower()) else j


def _tagged_np(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The noun phrase ending just before ``end`` by its tags (determiners, adjectives, numbers,
    nouns, "and" between nouns), ending in a plural or mass noun and opening after a clause word or a
    comma: "(When) liberal organizations", "doctors and medical experts" (rule ``np``)."""
    if end < 1 or not toks[end - 1].text.islower() or not can_be(toks[end - 1].low, "n") \
            or not _opener_before(toks, end) or tag_of(toks, end - 1) not in {"NNS", "NN"}:
        return None
    start = end - 1
    while start > 0 and end - start < MAX_SUBJECT_TOKENS and (
            tag_of(toks, start - 1) in {"NN", "NNS", "JJ", "DT", "CD", "PRP$", "NNP", "NNPS"} and toks[start - 1].text.isalnum()
            or toks[start - 1].low == "and" and start > 1 and tag_of(toks, start - 2) in NOUN_TAGS):
        start -= 1
    if start > 0 and not (toks[start - 1].text in ",;:(" or toks[start - 1].text in DASHES
                          or toks[start - 1].low in CLAUSE_STARTS or toks[start - 1].low in COORDINATORS):
        return None                                      # "many in the hall said": "the hall" is no subject
    return start, end


def _opener_before(toks: list[Tok], end: int) -> bool:
    """A comma, a clause word, a coordinator or the sentence's start opens the words before ``end``,
    with only words between (checked before any tagging)."""
    for m in range(end - 1, max(-1, end - 1 - MAX_SUBJECT_TOKENS), -1):
        t = toks[m]
        if t.text in ",;:(" or t.text in DASHES or t.low in CLAUSE_STARTS or t.low in COORDINATORS:
            return m < end - 1
        if not t.text.isalnum():
            return False
    return end - 1 < MAX_SUBJECT_TOKENS                  # the sentence's start opens them


def _opening_phrase(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The words from the sentence's start (after "But", "And", "Still") up to ``end``, as the
    subject of the verb there, when they hold no comma, no other verb of a clause and at most
    :data:`MAX_SUBJECT_TOKENS` tokens: "Twenty-four percent said", "Some advocates for stem cell
    research said", "The deputy head of China's delegation said"."""
    start = 0
    while start < end and (toks[start].low in {"but", "and", "still", "yet", "so", "now"} or toks[start].text in "\"“("):
        start += 1
    if not 0 < end - start <= MAX_SUBJECT_TOKENS or not (toks[start].cap or toks[start].text[:1].isdigit()):
        return None
    if end - start == 1 and function_word(toks, start):
        return None                                     # "Take note of …", "Ask around to see …": imperatives
    if function_word(toks, start) and tag_of(toks, start) == "IN":
        return None                 # "In fact you …", "In a new paper Lee and colleagues …": no subject
    if any(t.text in ",;:—–()" or t.low in FINITE or t.low in CLAUSE_STARTS for t in toks[start:end]):
        return None
    if any(toks[m].text.islower() and toks[m].text in lexicon()[0] and tag_of(toks, m) == "VBD" for m in range(start, end)):
        return None                 # "Lee said the city would review …": a clause of its own, not a subject
    if end - start > 1 and toks[end - 1].text.islower() and tag_of(toks, end - 1) in {"VBZ", "VBD", "VBP"} \
            and not _ends_relative_clause(toks, end - 1):
        return None                 # "The comment also raises questions about …": the cue word is its object
    return start, end




def _participle(toks: list[Tok], i: int, far) -> Reported | None:
    """"…, saying (that) …", "…, calling the plan a failure": the cue's subject is the sentence's.
    Without the comma, a participle right after a noun phrase is said by it: "a statement
    expressing optimism", "with 47 percent of voters saying they …" (rule ``reduced``)."""
    if i < 2 or not toks[i].text.endswith("ing") or not toks[i].text.islower():
        return None
    lemma = lexicon()[0].get(toks[i].text)
    if lemma is None:
        return None
    if toks[i - 1].text != "," and not (toks[i - 1].text in CLOSING_MARKS and toks[i - 2].text == ","):
        if tag_of(toks, i - 1) not in NOUN_TAGS or tag_of(toks, i) != "VBG":
            return None
        if i >= 2 and (toks[i - 2].low in POSSESSIVE_PRONOUNS or toks[i - 2].text.endswith(POSSESSIVE_ENDINGS)) \
                and can_be(toks[i - 1].low, "a") and i + 1 < len(toks) and toks[i + 1].text.islower() \
                and tag_of(toks, i + 1) in {"NN", "NNS"}:
            return None          # "his superior negotiating skills": an adjective, and the participle its noun's
        subject = np_backward(toks, i, 0)
        return _statement(toks, i, lemma, subject, "reduced") if subject is not None else None
    subject = far()
    if subject is None or subject[1] > i - 1:
        return None
    return _statement(toks, i, lemma, subject, "participle")


def _infinitive(toks: list[Tok], i: int, far) -> Reported | None:
    """"She refused to endorse the plan", "He declined to say whether …", "Some want to know if …":
    the cue after "to" is the governing verb's subject's (rule ``infinitive``)."""
    lemma = lexicon()[0].get(toks[i].text)
    if lemma != toks[i].text or i < 3:
        return None
    j = i - 2                                           # back over the governing verb and its auxiliaries
    while j >= 0 and (_auxiliary(toks[j]) or toks[j].text.islower()
                      and tag_of(toks, j) in GOVERNING_TAGS):
        j -= 1
    if j == i - 2:
        return None                                     # "the right to vote": no verb governs it
    subject = np_backward(toks, j + 1, 0) or _opening_phrase(toks, j + 1)   # "Allied nations have sought to …"
    if subject is None:
        subject = far()
        if subject is None or subject[1] > j + 1:
            return None
    return _statement(toks, i, lemma, subject, "infinitive")


def _as_clause(toks: list[Tok], i: int, lemma: str) -> Reported | None:
    """"As the mayor noted, the bridge will close in May." and "The bridge will close in May, as the
    mayor noted.": a clause of "as", its subject and the cue, with nothing after the cue; what was
    said is the main clause (patterns ``as-clause-opening`` and ``as-clause-closing``, rule
    ``as-clause``)."""
    return _matched(toks, ("as-clause-opening", "as-clause-closing"), i, lemma)


def _matched(toks: list[Tok], names: tuple[str, ...], i: int, lemma: str, context=None,
             source_of: Callable[[list[Tok], int, int], tuple[Span, str]] | None = None) -> Reported | None:
    """The statement of the first of the patterns ``names`` that matches at the cue ``i``: its
    captures ``content``, ``source`` (none: no one is named) and ``cue`` (else the cue word).
    ``source_of`` writes the source's span and kind from its tokens (default: the tokens' span and
    :func:`_source_kind`)."""
    for name in names:
        pattern = _patterns()[name]
        found = pattern.match(toks, i, context)
        if found is not None:
            source = found.get("source")
            cue = found.get("cue", (i, i + 1))
            if source is None:
                span, kind = None, "none"
            elif source_of is not None:
                span, kind = source_of(toks, *source)
            else:
                span, kind = _span(toks, *source), _source_kind(toks, *source)
            return Reported((_span(toks, *found["content"]),), _span(toks, *cue), span, kind, pattern.rule, lemma)
    return None


WHEN_OPENERS = word_list("reported", "when-openers")


def _when_passive(toks: list[Tok], i: int, far) -> Reported | None:
    """A cue in the passive after "when", "if" or "once", its subject left out: the one asked is
    the subject of the clause it modifies. "When asked about the merger, she defended …" (the
    subject after the comma), "…, he said when asked by a reporter if that remained his view" (the
    sentence's subject). What follows the cue, up to the next comma, is what was asked or put to
    them; an agent ("by a reporter") is left out of it (patterns ``when-passive`` and
    ``when-passive-by``, rule ``when-passive``)."""
    return _matched(toks, ("when-passive", "when-passive-by"), i, lexicon()[0].get(toks[i].text), far)


def _modified_subject(toks: list[Tok], opener: int, comma: int, far) -> tuple[int, int] | None:
    """The subject of the clause that a phrase opened at ``opener`` ("when asked …", "after
    savaging …") modifies: the phrase opening the sentence, the subject right after its ``comma``;
    else the sentence's subject before it. Only a subject that can speak: a name, a pronoun or a
    speaking noun ("Macron's framing of the talks, while expressing …" has none)."""
    if opener == 0 or opener == 1 and toks[0].low in COORDINATORS:
        subject = np_forward(toks, comma + 1) if comma + 1 < len(toks) and toks[comma].text == "," else None
    else:
        subject = far()
        subject = subject if subject is not None and subject[1] <= opener else None
    if subject is None:
        return None
    head = toks[subject[1] - 1]
    return subject if head.cap or head.low in PRONOUNS or speaker_noun(head.low) else None   # not "his framing of …"


GERUND_PREPOSITIONS = word_list("reported", "gerund-prepositions")


def _gerund(toks: list[Tok], i: int, far) -> Reported | None:
    """A cue in "-ing" after a preposition, its subject left out: the subject of the clause the
    phrase modifies speaks. "After savaging the donors as insiders, Trump is …", "…, Sanders said,
    before taking aim at the billionaire class", "In declaring the plan a failure, the pope …" (rule
    ``gerund``, with the kind of complement)."""
    t = toks[i]
    if not t.text.endswith("ing") or not t.text.islower() or toks[i - 1].low not in GERUND_PREPOSITIONS:
        return None
    if toks[i - 1].low in {"in", "on"} and not (i == 1 or toks[i - 2].text == "," or i == 2 and toks[0].low in COORDINATORS):
        return None                                      # "a role in determining …": the noun's, not the clause's
    lemma = lexicon()[0].get(t.text)
    if lemma is None or tag_of(toks, i) != "VBG":
        return None
    found = _complement(toks, i, lemma)
    if found is None:
        return None
    kind, content = found
    comma = next((m for m in range(i + 1, len(toks)) if toks[m].start >= content[1] and toks[m].text in ",;:"),
                 len(toks) - 1)
    subject = _modified_subject(toks, i - 1, comma, far)
    if subject is None:
        return None
    return Reported((content,), (t.start, t.end), _span(toks, *subject), _source_kind(toks, *subject),
                    f"gerund-{kind}", lemma)


def _agentless(toks: list[Tok], i: int) -> Reported | None:
    """A passive cue that names no one, with "as" or an infinitive after it: "The plan is widely
    seen as a mistake", "The senator is expected to endorse …", "what is known as the Purcell
    doctrine". The statement is the whole clause, its subject included, and has no source
    (patterns and rules ``agentless-as`` and ``agentless-to``)."""
    return _matched(toks, ("agentless-as", "agentless-to"), i, lexicon()[0].get(toks[i].text))


def _passive(toks: list[Tok], i: int, far) -> Reported | None:
    """A passive cue with its speaker after "by": "Reporters were told by the spokesman that …"
    (what follows is the content), "The plan was criticized by several senators" (the subject is
    the content: what was criticized) (patterns and rules ``passive-that``, ``passive-to`` and
    ``passive-subject``). Without "by X" no one is named."""
    return _matched(toks, ("passive-that", "passive-to", "passive-subject"), i, lexicon()[0].get(toks[i].text), far)


def _agent(toks: list[Tok], i: int) -> int:
    """Where the speaker named after a passive's "by" (at ``i``) ends: a speaker phrase, else up to
    seven words before a comma or a clause word ("by the ministry", "by economists on the left")."""
    source = np_forward(toks, i)
    if source is not None:
        return source[1]
    return next((m for m in range(i, min(len(toks), i + 7)) if toks[m].text in ",.;:" or toks[m].low in
                 {"that", "to", "for", "after", "before", "when", "because", "as"}), i)


def _agentless_subject(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The subject of an agentless passive, ending before ``end``: a speaker phrase or a noun
    phrase by its tags, else a relative or interrogative word ("what is known as …")."""
    subject = np_backward(toks, end, 0) or _tagged_np(toks, end)
    if subject is None and end > 0 and toks[end - 1].low in {"what", "which", "who", "that"}:
        return end - 1, end
    return subject


def _subject_of_be(toks: list[Tok], be: int, far) -> tuple[int, int] | None:
    """The subject of the form of "be" at ``be``, auxiliaries before it aside ("has been"): the
    noun phrase before it, else the sentence's opening subject when that ends before it."""
    while be > 0 and _auxiliary(toks[be - 1]):
        be -= 1
    subject = np_backward(toks, be, 0) or _opening_phrase(toks, be)
    if subject is None:
        subject = far()
        if subject is None or subject[1] > be:
            return None
    return subject


EXPLETIVES = word_list("reported", "expletives")
# a sentence that may hold :func:`_attitude`'s construction without any cue verb
_ATTITUDE = re.compile(r"\b(?:is|was|are|were|be|been|am|['’]s|['’]re)\s+(?:\w+ly\s+)?[a-z]+\s+(?:that|of|about)\b")


def _attitude(toks: list[Tok], j: int, far) -> Reported | None:
    """An adjective of attitude after "be", then a that-clause or "of"/"about" (at ``j``) and what
    it is about: "The mayor was confident that the bridge would open", "Democrats are worried that
    …", "Voters are skeptical of the plan" (patterns and rules ``adjective-that`` /
    ``adjective-prep``; the adjective is the cue). "It is clear that …" names no one."""
    return _matched(toks, ("adjective-that", "adjective-prep"), j - 1, toks[j - 1].low, far) if j >= 3 else None


def _attitude_subject(toks: list[Tok], be: int, far) -> tuple[int, int] | None:
    """The subject of the "be" at ``be`` before an adjective of attitude; none when it is an
    expletive ("It is clear that …")."""
    subject = _subject_of_be(toks, be, far)
    if subject is None or subject[1] - subject[0] == 1 and toks[subject[0]].low in EXPLETIVES:
        return None
    return subject


def _noun_cue(toks: list[Tok], i: int, lemma: str) -> Reported | None:
    """A possessor, a noun of speech or thought, then its content: "Lee's proposal to close the
    bridge", "her support for the bill", "the union's claim that …", "his view is that …" (patterns
    ``noun-that``, ``noun-to`` and ``noun-prep``). The possessor speaks, named without its "'s";
    without one the noun names no speaker and is left alone."""
    if not any(t.low in POSSESSIVE_PRONOUNS or t.text.endswith(POSSESSIVE_ENDINGS) for t in toks[max(0, i - 3):i]):
        return None                                      # no possessor near: no tagging needed
    return _matched(toks, ("noun-that", "noun-to", "noun-prep"), i, lemma, source_of=_possessor_source)


def _possessor(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The possessor ending just before ``end``: a possessive pronoun ("her"), or a word in "'s"
    with the capitalised words before it ("Donald Trump's", not "While" in "While Trump's") or a
    determiner ("the union's")."""
    p = end - 1
    owner = toks[p]
    if owner.low in POSSESSIVE_PRONOUNS:
        return p, end
    if not owner.text.endswith(POSSESSIVE_ENDINGS) or len(owner.text) <= 2:
        return None
    start = p
    if owner.cap:
        while start > 0 and toks[start - 1].cap and toks[start - 1].text.isalpha():
            start -= 1
        start = past_opener(toks, start, end)
    elif start > 0 and toks[start - 1].low in NOUN_DETERMINERS:
        start -= 1
    return start, end


def _possessor_source(toks: list[Tok], a: int, b: int) -> tuple[Span, str]:
    """A possessor's span without its "'s", and its kind: a pronoun, a name when capitalised, else a
    description."""
    owner = toks[b - 1]
    span = (toks[a].start, owner.end - (2 if owner.text.endswith(POSSESSIVE_ENDINGS) else 0))
    return span, "pronoun" if owner.low in POSSESSIVE_PRONOUNS else "name" if owner.cap else "descriptor"


def _clause_end(toks: list[Tok], k: int) -> int:
    """The end of a clause opening at ``k`` inside a noun phrase: :func:`_content_end`, or earlier,
    before the verb of the sentence the noun phrase is subject of: "the claim that wages fell | was
    disputed" (a second finite verb with no conjunction or clause word before it)."""
    end = _content_end(toks, k)
    verbs = 0
    for m in range(k, end):
        if toks[m].low in COORDINATORS or toks[m].low in CLAUSE_STARTS or toks[m].text in ",(":
            verbs = 0                                      # a new clause: its own verb
        elif toks[m].text.islower() and tag_of(toks, m) in CLAUSE_VERB_TAGS and not (
                m > k and (_auxiliary(toks[m - 1]) or tag_of(toks, m - 1) in {"MD", "RB", "TO"})):
            verbs += 1
            if verbs == 2:
                return m
    return end


def _statement(toks: list[Tok], i: int, lemma: str, subject: tuple[int, int], prefix: str) -> Reported | None:
    """The statement of the cue at ``i`` spoken by ``subject``, when a complement follows the cue;
    its rule is ``prefix`` and the complement's kind ("subject-that", "participle-object")."""
    found = _complement(toks, i, lemma)
    if found is None:
        return None
    rule, content = found
    return Reported((content,), (toks[i].start, toks[i].end), _span(toks, *subject),
                    _source_kind(toks, *subject), f"{prefix}-{rule}", lemma)


def _complement(toks: list[Tok], i: int, lemma: str) -> tuple[str, Span] | None:
    """What follows the cue at ``i``: a that-clause, a colon and what follows it, an infinitive, a
    question, a bare clause (verbs that take one), or an object; its kind and span. Adverbs after
    the cue are passed over ("said again that …", "talking proudly of …"), and an aside between
    dashes before "that", "to" or a question word ("argued — as she has for years — that …")."""
    k = i + 1
    while k < len(toks) and (toks[k].low in ADVERBS or toks[k].low.endswith("ly") and toks[k].text.islower()
                             and is_adverb(toks, k)):
        k += 1
    pair = closing_dash(toks, k, 14)
    if pair is not None and toks[pair + 1].low in {"that", "to"} | WH_WORDS:
        k = pair + 1                                          # "argued — as she has for years — that …"
    if k + 1 < len(toks) and toks[k].low in PARTICLES and (toks[k + 1].low in {"that", "how", "why", "what"}
                                                          or tag_of(toks, k + 1) in NP_START_TAGS):
        k += 1                                                # "called out his rival", "pointed out that …"
    if k < len(toks) and toks[k].low in TIME_STARTS:          # "said on Monday that …"
        m = next((m for m in range(k + 1, min(len(toks), k + 12)) if toks[m].text in ",;:" or toks[m].low == "that"
                  or toks[m].low in SUBJECT_PRONOUNS), None)
        if m is not None and (toks[m].low == "that" or toks[m].low in SUBJECT_PRONOUNS and _takes_clause(lemma)
                              and not any(tag_of(toks, n) in VERB_OR_MODAL for n in range(k + 1, m))):
            k = m                            # "said in a statement Thursday night they pulled …"
    if k < len(toks) and (toks[k].low in OBJECT_PRONOUNS or toks[k].cap and toks[k].low not in CLAUSE_OPENERS):
        obj = np_forward(toks, k) if toks[k].cap else (k, k + 1)
        if obj is not None and obj[1] < len(toks) and toks[obj[1]].low in {"that", "to"} | WH_WORDS:
            k = obj[1]                       # "told reporters that", "asked Smith whether", "urged them to"
    k = _past_addressee(toks, k)
    if lemma in ADDRESSEE_VERBS:
        k = _past_addressee_before_clause(toks, k)
    if k < len(toks) and toks[k].low in TIME_WORDS and _clause_after_time(toks, k) is not None:
        k = _clause_after_time(toks, k)     # "said Monday the plan was dead"
    if k < len(toks) and toks[k].text == ":":
        end = len(toks)
        while end > k + 1 and toks[end - 1].text in ".!?":
            end -= 1
        return ("colon", _span(toks, k + 1, end)) if end - k > 3 else None
    if k >= len(toks) or not (toks[k].text[0].isalnum() or toks[k].text[0] in QUOTE_MARKS):
        return None
    word = toks[k].low
    if word in TIME_STARTS - {"this", "that", "in", "on", "at"}:
        return None                          # "a spokesman said Thursday." : when, not what
    if word == "that" and not (k + 1 < len(toks) and toks[k + 1].text in ".,;"):
        rule, k = "that", k + 1
    elif word == "to" and k + 1 < len(toks) and toks[k + 1].text.isalpha() and toks[k + 1].text.islower():
        rule = "to"
    elif word in WH_WORDS:
        rule = "wh"
    elif _takes_clause(lemma) and (word in SUBJECT_PRONOUNS or word not in PREPOSITIONS and _finite_soon(toks, k)):
        rule = "bare"
    elif (word in CLAUSE_OPENERS - WH_WORDS - {"that", "if"} or toks[k].cap or toks[k].text[:1].isdigit()
          or tag_of(toks, k) in NP_START_TAGS):
        rule = "object"                      # "criticized the plan", "proposed barring …", "insulted women"
    elif word in PREPOSITIONS and k + 1 < len(toks) and (toks[k + 1].text[:1].isalnum()):
        rule, k = "prep", k + 1             # "argued for a tax", "boasted of his deals", "agrees with him"
    else:
        return None
    end = _coordinated_end(toks, i, k, _content_end(toks, k)) if rule not in ("object", "prep") else _object_end(toks, k)
    if end - k < (1 if rule in ("object", "prep") else 2 if rule == "to" else 3):
        return None                          # "declined to comment" is a statement; "said it" is none
    return rule, _span(toks, k, end)


def _past_addressee(toks: list[Tok], k: int) -> int:
    """Past the person spoken to, when a that-clause follows: "told the crowd in Iowa that …",
    "reiterated to reporters that …" (a noun phrase, or "to" and one, with no verb, comma or dash
    before "that", holding a person noun or a name: "said the plan that he wrote …" and "downplayed
    the attack on the judge — something that …" have no addressee); else ``k``."""
    if k >= len(toks) or not (toks[k].low in NOUN_DETERMINERS - {"that", "this"} or toks[k].low in OBJECT_PRONOUNS
                              or toks[k].low == "to" and k + 1 < len(toks) and not tag_of(toks, k + 1).startswith("VB")):
        return k
    for m in range(k + 1, min(len(toks), k + 9)):
        if toks[m].low == "that":                # someone addressed: a person noun or a name before it
            addressed = any(toks[n].cap or toks[n].low in OBJECT_PRONOUNS or is_person_noun(toks[n].low)
                            for n in range(k, m))
            return m if addressed else k
        if toks[m].text in ",;:\u201c\u201d\"" or toks[m].text in DASHES or toks[m].low in WH_WORDS or toks[m].text.islower() and (
                tag_of(toks, m) in CLAUSE_VERB_TAGS | {"VBN", "VBG"}):
            return k
    return k


ADDRESSEE_VERBS = word_list("reported", "addressee-verbs")


def _past_addressee_before_clause(toks: list[Tok], k: int) -> int:
    """Past the person spoken to when a clause follows without "that": "told reporters the plan
    was dead", "assured them it would stay", "told Ann Lee the vote was close" (a pronoun, a name or
    a plural noun for people, then a subject and its finite verb); else ``k``."""
    if k >= len(toks):
        return k
    if toks[k].low in OBJECT_PRONOUNS:
        after = k + 1
    elif toks[k].cap:
        name = np_forward(toks, k)
        after = name[1] if name is not None and phrase_kind(toks, *name) == "name" else k
    elif toks[k].text.islower() and toks[k].low.endswith("s") and is_person_noun(toks[k].low):
        after = k + 1
    else:
        return k
    if after == k or after >= len(toks):
        return k
    starts_clause = toks[after].low in SUBJECT_PRONOUNS or toks[after].low in NOUN_DETERMINERS or toks[after].cap
    return after if starts_clause and _finite_soon(toks, after) else k


def _clause_after_time(toks: list[Tok], k: int) -> int | None:
    """Where a clause begins after a day or time of day straight after the cue: "said Monday the plan
    was dead", "warned Thursday night that …" (None when no clause follows: "said Monday.")."""
    m = k + 1
    if m < len(toks) and toks[m].low in {"morning", "afternoon", "evening", "night"}:
        m += 1
    if m < len(toks) and toks[m].low == "that":
        return m
    if m < len(toks) and (toks[m].low in SUBJECT_PRONOUNS or toks[m].low in NOUN_DETERMINERS or toks[m].cap) \
            and _finite_soon(toks, m):
        return m
    return None


def _finite_soon(toks: list[Tok], k: int) -> bool:
    """A finite verb follows within a few words, before any comma: "the plan would fail", or a
    verb the tagger reads as finite right after a noun: "the report shows", "the plan failed"."""
    for m in range(k + 1, min(len(toks), k + 9)):
        if toks[m].text in ",;:.":
            return False
        if toks[m].low in FINITE:
            return True
        if toks[m].text.islower() and can_be(toks[m].low, "v") and tag_of(toks, m) in PAST_OR_PRESENT_TAGS \
                and tag_of(toks, m - 1) in NOUN_TAGS:
            return True
    return False


VERB_OR_MODAL = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
ADJECTIVE_TAGS = frozenset({"JJ", "JJR", "JJS"})


def _object_end(toks: list[Tok], k: int) -> int:
    """The end of an object noun phrase: before a comma, a dash, a clause break or an adjunct
    ("criticized the plan on Monday" -> "the plan"), or a finite verb (the object sits in a subject:
    "voters who had doubts about the plan | stayed home"). "and" or "but" ends it before a verb ("the
    plan and said …"), not before another noun ("women and veterans"). A question word in the object,
    or "that" after one of its nouns, opens a clause whose verb is its own: "expressing doubt about
    whether the leader was ready", "to resolve conflicts that earlier governments failed to end"."""
    m = k + 1
    opened = 0                                   # clauses opened by a question word, still without their verb
    while m < len(toks) and toks[m].text not in ",;:.!?()" and toks[m].text not in DASHES:
        if toks[m].low in ADJUNCTS and not (toks[m].low in COORDINATORS and m + 1 < len(toks)
                                            and tag_of(toks, m + 1) in NP_START_TAGS - {"VBG"}):
            break
        if toks[m].low in QUESTION_OPENERS or toks[m].low == "that" and tag_of(toks, m - 1) in NOUN_TAGS:
            opened += 1                          # "conflicts that earlier governments failed to end": its own verb
        elif toks[m].text.islower() and (toks[m].low in FINITE or can_be(toks[m].low, "v")) \
                and toks[m].low not in PREPOSITIONS and tag_of(toks, m) in FINITE_TAGS:
            if not opened:
                if _contact_clause(toks, k, m):
                    m += 1                       # "the bill he wrote": a relative clause's own verb
                    continue
                break                            # "her support for the bill | was clear"
            opened -= 1
        m += 1
    return m


def _contact_clause(toks: list[Tok], k: int, m: int) -> bool:
    """Whether the finite verb at ``m`` is that of a relative clause without "that" whose subject
    is the pronoun just before it, after the noun it describes: "the conflict he had started",
    "the bill they wrote"."""
    return (m - 2 > k and toks[m - 1].low in SUBJECT_PRONOUNS - {"there"}
            and tag_of(toks, m - 2) in NOUN_TAGS)


def _source_kind(toks: list[Tok], a: int, b: int) -> str:
    """pronoun, name, or descriptor: a phrase whose head word is lower case describes its speaker,
    even after a capitalised modifier ("Allied nations", "Ukrainian officials", "the Clinton campaign")."""
    if b - a == 1 and toks[a].low in PRONOUNS:
        return "pronoun"
    head = next((t for t in reversed(toks[a:b]) if t.text[:1].isalpha()), None)
    if b - a == 1 and head is not None and head.cap and (tag_of(toks, a) == "NNS" or head.low in QUANTIFIER_SUBJECTS):
        return "descriptor"                          # "Biologists think …": a plural common noun; "Some say …"
    return "name" if head is not None and head.cap else "descriptor"


def _after_comma(toks: list[Tok], comma: int) -> tuple[tuple[int, int], int, str] | None:
    """After ``comma``: "X said" or "said X" (speaker span, cue index, lemma), then only
    modifiers up to the sentence's end or the next comma."""
    k = comma + 1
    if k >= len(toks):
        return None
    lemma = _finite_cue(toks, k) if toks[k].text.islower() else None
    bare = lemma is None and toks[k].text.islower() and lexicon()[0].get(toks[k].text) == toks[k].text
    if lemma is not None or bare:                            # ", said the mayor", ", say analysts"
        np = np_forward(toks, k + 1) or _speaker_before_adjunct(toks, k + 1)
        if np is None or bare and (_source_kind(toks, *np) == "pronoun" or not toks[np[1] - 1].low.endswith("s")):
            return None                                      # a bare form needs a plural speaker after it
        return np, k, lemma or toks[k].text
    np = np_forward(toks, k, owned=True)              # "…, his campaign said."
    if np is None:
        return None
    m = _past_post_modifier(toks, np[1])
    np = (np[0], m)                                   # "…, a spokesman for the campaign said."
    while m < len(toks) and toks[m].low in AUXILIARIES:
        m += 1
    if m < len(toks):
        lemma = _finite_cue(toks, m)
        if lemma is not None:
            return np, m, lemma
    return None


def _past_post_modifier(toks: list[Tok], k: int) -> int:
    """Past a short phrase after a speaker that a cue follows ("a spokesman for the campaign
    said", "a statement from the Dover council said"): up to five words, no punctuation among
    them; ``k`` itself when no cue follows."""
    if k >= len(toks) or toks[k].low not in POST_MODIFIERS:
        return k
    for m in range(k + 2, min(len(toks), k + 7)):
        if not toks[m - 1].text.isalnum():
            return k
        if toks[m].text.islower() and _finite_cue(toks, m) is not None:
            return m
    return k


def _speaker_before_adjunct(toks: list[Tok], k: int) -> tuple[int, int] | None:
    """A lower-case speaker phrase after an inverted cue that a place or a time follows: "…, said
    officials in the capital.", "…, say economists at the bank." (up to four words, ending in a noun
    that can speak)."""
    for m in range(k, min(len(toks), k + 4)):
        if not toks[m].text.isalpha() or not toks[m].text.islower():
            return None
        if speaker_noun(toks[m].low) and tag_of(toks, m) in NOUN_TAGS and (
                m + 1 == len(toks) or toks[m + 1].text in ".,;" or toks[m + 1].low in {"in", "at", "from", "on", "with"}):
            return k, m + 1
    return None


def _inverted(toks: list[Tok]) -> list[Reported]:
    """"The bridge will close, officials said." and "The bridge, she said, will close."."""
    found = []
    for comma, tok in enumerate(toks):
        if tok.text != "," or comma < 1:
            continue
        hit = _after_comma(toks, comma)
        if hit is None:
            continue
        np, cue, lemma = hit
        if not _quotative(lemma):
            continue
        tail = cue + 1 if np[0] < cue else np[1]
        if np[0] > cue and tail < len(toks) and (toks[tail].low in AUXILIARIES or toks[tail].low in FINITE):
            continue                                   # ", said rents had risen": a clause, not an inversion
        while tail < len(toks) and toks[tail].low in AUXILIARIES:
            tail += 1
        first = _span(toks, 0, comma)
        if first is None or toks[0].text in QUOTE_MARKS:
            continue
        source = _span(toks, *np)
        stop = next((m for m in range(tail, len(toks) - 1)
                     if toks[m].text == "," and toks[m + 1].low in CONTRAST_STARTS), len(toks))
        rest = [t.text for t in toks[tail:stop]]       # up to a relative clause: "…, said the mayor, who …"
        if rest and rest[0] == "," and len(rest) > 2 and _opens_participle_clause(toks, tail + 1):
            found.append(Reported((first,), (toks[cue].start, toks[cue].end), source,   # "…, Lee said, noting
                                  _source_kind(toks, *np), "inverted", lemma))          # that …": a clause of hers
        elif rest and rest[0] == "," and len(rest) > 2:          # "The bridge, she said, will close."
            end = _content_end(toks, tail + 1)
            second = _span(toks, tail + 1, end)
            opening = next((m + 2 for m in range(comma - 3, 0, -1)     # "…, and the permit, she said, …"
                            if toks[m].text == "," and toks[m + 1].low in COORDINATORS), 0)
            first = _span(toks, opening, comma) if opening else first
            pieces = (first, second) if second else (first,)
            found.append(Reported(pieces, (toks[cue].start, toks[cue].end), source,
                                  _source_kind(toks, *np), "parenthetical", lemma))
        elif (len(rest) <= MAX_TAIL_TOKENS and not any(t in {",", ";", ":"} for t in rest)
              and not _clause_follows(toks, tail, stop)):
            found.append(Reported((first,), (toks[cue].start, toks[cue].end), source,   # "…, officials said."
                                  _source_kind(toks, *np), "inverted", lemma))
        break
    return found


def _opens_participle_clause(toks: list[Tok], k: int) -> bool:
    """Token ``k`` opens a participle clause ("noting that …", "adding …"): read as a verb's -ing form."""
    return toks[k].text.islower() and toks[k].low.endswith("ing") and tag_of(toks, k) == "VBG"


def _clause_follows(toks: list[Tok], tail: int, stop: int) -> bool:
    """A verb follows an inverted cue before any adverbial clause: the cue has a clause of its own
    ("…, the FBI said it would help"), unlike "…, Smith told reporters after the vote was over"."""
    for m in range(tail, stop):
        if toks[m].low in ADVERBIAL_CLAUSES:
            return False
        if tag_of(toks, m) in CLAUSE_VERB_TAGS:
            return True
    return False


def _according_to(toks: list[Tok]) -> Reported | None:
    """"According to the report, …" and "…, according to X." (patterns ``according-to-opening`` and
    ``according-to-closing`` of ``resources/nlp/patterns.json``). The first "according to" that fits
    either: "It went according to plan, officials said, according to aides" is the aides'."""
    if not any(t.low == "according" for t in toks):
        return None                                      # most sentences: no pattern tried
    opening, closing = _patterns()["according-to-opening"], _patterns()["according-to-closing"]
    found = opening.search(toks) or closing.search(toks)
    if found is None:
        return None
    content, cue, source = found["content"], found["cue"], found["source"]
    return Reported((_span(toks, *content),), _span(toks, *cue), _span(toks, *source), _source_kind(toks, *source),
                    "according-to", "according to")


# what the patterns of resources/nlp/patterns.json may name: phrases whose extent a rule finds, and
# tests a word list cannot say (reader.nlp.matcher)
PATTERN_EXTENTS = {
    "content_end": lambda toks, i, context: _content_end(toks, i),          # where what was said stops
    "agent_after": lambda toks, i, context: _agent(toks, i),                 # a passive's "by the spokesman"
    "speaker_before": lambda toks, end, context: np_backward(toks, end, 0),  # the speaker phrase before a cue
    "subject_of_be": lambda toks, end, far: _subject_of_be(toks, end, far),
    "agentless_subject": lambda toks, end, context: _agentless_subject(toks, end),
    "attitude_subject": lambda toks, end, far: _attitude_subject(toks, end, far),
    "object_end": lambda toks, i, context: _object_end(toks, i),              # "skeptical of the plan"
    "clause_end": lambda toks, i, context: _clause_end(toks, i),              # a clause inside a noun phrase
    "possessor": lambda toks, end, context: _possessor(toks, end),           # "Donald Trump's", "her"
    "speaker_after": lambda toks, i, context: (np_forward(toks, i) or (i, i))[1],   # "by a reporter"
}
PATTERN_FINDERS = {
    # the subject of the clause that a phrase opened by the capture "opener" and closed by "comma" modifies
    "modified_subject": lambda toks, groups, far: _modified_subject(
        toks, groups["opener"][0], groups["comma"][0] if "comma" in groups else len(toks), far),
}
PATTERN_TESTS = {
    "finite-cue": lambda toks, i, context: _finite_cue(toks, i) is not None,   # "said", "has argued"
    "participle-cue": lambda toks, i, context: _participle_cue(toks[i]),       # "told", "seen", "criticized"
    "auxiliary": lambda toks, i, context: _auxiliary(toks[i]),                 # "has", "will", "been"
    "auxiliary-or-adverb": lambda toks, i, context: _auxiliary(toks[i]) or toks[i].text.islower()
    and is_adverb(toks, i),                                                     # "has", "often"
    "ly-adverb": lambda toks, i, context: toks[i].low.endswith("ly") and toks[i].text.islower(),   # "widely"
    "word": lambda toks, i, context: toks[i].text[:1].isalnum() or toks[i].text[:1] in QUOTE_MARKS,   # no mark
    "ly-adverb-tagged": lambda toks, i, context: toks[i].low.endswith("ly") and tag_of(toks, i) == "RB",
    "attitude-adjective": lambda toks, i, context: toks[i].text.isalpha() and toks[i].text.islower()
    and tag_of(toks, i) in {"JJ", "VBN"},                                        # "confident", "worried"
    "past-cue": lambda toks, i, context: toks[i].text.islower() and toks[i].text.endswith("ed")
    and toks[i].text in lexicon()[0],                                            # "asked", "pressed"
}


def _participle_cue(tok: Tok) -> bool:
    """A cue verb's past participle (or past tense) in lower case: a form that is not the lemma, nor
    in "-ing" or "-s"."""
    lemma = lexicon()[0].get(tok.text)
    return lemma is not None and tok.text != lemma and not tok.text.endswith(("ing", "s")) and tok.text.islower()


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Pattern]:
    """The constructions written as patterns, compiled once."""
    return {name: load_pattern(name, PATTERN_EXTENTS, PATTERN_TESTS, PATTERN_FINDERS) for name in pattern_names()}


def find_reported(text: str, sentences: Iterable[Span], quote_spans: list[Span],
                  parsed: dict[Span, tuple[list[Tok], list[str]]] | None = None) -> list[Reported]:
    """Reported statements of the article in text order (a sentence may hold several, nested ones
    included: "He said she believes …"). ``parsed``: sentences already cut into tokens and tagged
    (:meth:`reader.nlp.statement_tagger.StatementTagger.find`), so that no sentence is done twice."""
    forms = lexicon()[0]
    nouns = cue_nouns()
    quotes = _QuoteIndex(quote_spans)
    found: list[Reported] = []
    for s, e in sentences:
        body = text[s:e]
        near = quotes.between(s, e)
        if near and any(q[0] <= s + _lead(body) and e - _trail(body) <= q[1] for q in near):
            continue                                         # wholly a direct quote
        colon = body.find(":", 0, 80)
        if ("according" not in body and colon < 0 and not any(w in forms for w in _WORD.findall(body.lower()))
                and _ATTITUDE.search(body) is None):
            continue                                         # no cue word: no tokens needed
        toks, tags = (parsed or {}).get((s, e)) or (tokens(text, s, e), None)
        if len(toks) < 4:
            continue
        title = _title_case(toks)
        if title:                                            # "Senator Says Talks Have Stalled"
            toks = [Tok(t.text.lower(), t.start, t.end) if k and t.text.lower() in forms and t.text[1:].islower()
                    else t for k, t in enumerate(toks)]
            tags = None                                      # other words: tagged again
        toks = TaggedTokens(toks, tags)
        according = _according_to(toks)
        lead = _colon_lead(toks) if colon >= 0 else None
        hits = [according] if according is not None else [lead] if lead is not None else _inverted(toks)
        taken = {h.cue for h in hits}
        far = _Subject(text, s, toks)
        for i in [k for k in range(1, len(toks)) if toks[k].text in forms]:
            if (toks[i].start, toks[i].end) in taken or _inside(toks[i].start, near):
                continue
            hit = _cue_at(toks, i, far.at(i))
            if hit is None and toks[i - 1].low in COORDINATORS:
                hit = _coordinated_with(toks, i, hits)
            if hit is not None:
                hits.append(_within_relative_clause(toks, _within_opening_clause(toks, hit)))
        for j in range(3, len(toks) - 1):
            if toks[j].low in {"that", "of", "about"} and not _inside(toks[j].start, near):
                hit = _attitude(toks, j, far)
                if hit is not None:
                    hits.append(hit)
        for i in range(1, len(toks)):
            if toks[i].text in nouns and not _inside(toks[i].start, near):
                hit = _noun_cue(toks, i, nouns[toks[i].text])
                if hit is not None:
                    hits.append(hit)
        if title:
            hits = [replace(h, rule="title-" + h.rule) for h in hits]
        found += [h for h in hits if not all(_covered(piece, near) for piece in h.content)
                  and any(ch.isalnum() for a, b in h.content for ch in text[a:b])]   # not "worried about."
    return found


def _cue_at(toks: list[Tok], i: int, far) -> Reported | None:
    """The statement of the cue word at ``i``, by the construction its form and the word before it
    call for: a phrase modifying its clause ("When asked …", "After savaging …"), a finite verb with
    its subject (or an "as" clause), an infinitive, a passive, or a participle."""
    if toks[i - 1].low in WHEN_OPENERS:
        hit = _when_passive(toks, i, far)
    elif toks[i - 1].low in GERUND_PREPOSITIONS:
        hit = _gerund(toks, i, far)
    else:
        hit = None
    if hit is not None:
        return hit
    lemma = _finite_cue(toks, i)
    if lemma is not None:
        return _subject_cue(toks, i, lemma, far) or _as_clause(toks, i, lemma)
    if toks[i - 1].low == "to":
        return _infinitive(toks, i, far)
    if _after_be(toks, i):
        return _passive(toks, i, far) or _agentless(toks, i)
    return _participle(toks, i, far)


# a subordinate clause opens with these (not the relative words of CLAUSE_STARTS)
SUBORDINATORS = frozenset((CLAUSE_STARTS - {"who", "which", "that", "where", "whether"}) | {"once", "unless", "whereas"})


def _within_opening_clause(toks: list[Tok], item: Reported) -> Reported:
    """A statement whose cue is in a clause opening the sentence ("But as Smith denounced the tests
    and pledged to confront the attackers, many cheered") ends where that clause does, at its
    comma. What an "as"-clause attributes is the main clause, and stays (rule ``as-clause``)."""
    opening = 1 if toks and toks[0].low in COORDINATORS else 0
    if item.rule == "as-clause" or len(toks) <= opening or toks[opening].low not in SUBORDINATORS:
        return item
    comma = next((t for t in toks[opening + 1:] if t.text == ","), None)
    if comma is None or not item.cue[1] <= comma.start or item.content[-1][1] <= comma.start:
        return item
    pieces = tuple((s, min(e, comma.start)) for s, e in item.content if s < comma.start)
    return replace(item, content=pieces) if pieces else item


ADVERB_TAGS = frozenset({"RB", "RBR", "RBS"})
_RELATIVE_WORDS = frozenset({"who", "which"})


def _within_relative_clause(toks: list[Tok], item: Reported) -> Reported:
    """A statement whose cue is in a relative clause set off by commas ("Lee, who has long argued
    that the ferry should close, voted against it") ends where that clause does: at the first comma
    after the cue that a finite verb follows (the main clause's own), adverbs passed."""
    if not item.rule.startswith("relative-"):
        return item
    cue = _token_range(toks, item.cue)[0]
    who = cue - 1
    while who > 0 and toks[who].low not in _RELATIVE_WORDS and cue - who < 6:
        who -= 1
    if who < 1 or toks[who].low not in _RELATIVE_WORDS or toks[who - 1].text != ",":
        return item
    nested = 0                                       # "…, which is old, …" inside the content
    for m in range(cue + 1, len(toks) - 1):
        if toks[m].text != ",":
            continue
        if toks[m + 1].low in _RELATIVE_WORDS:
            nested += 1
            continue
        if nested:
            nested -= 1
            continue
        k = m + 1
        while k < len(toks) - 1 and toks[k].text.islower() and tag_of(toks, k) in ADVERB_TAGS:
            k += 1
        if toks[k].text.islower() and tag_of(toks, k) in FINITE_TAGS:
            cut = toks[m].start
            pieces = tuple((s, min(e, cut)) for s, e in item.content if s < cut)
            return replace(item, content=pieces) if pieces and item.content[-1][1] > cut else item
    return item


def _coordinated_with(toks: list[Tok], i: int, hits: list[Reported]) -> Reported | None:
    """A cue after "and" or "but" whose verb is coordinated with an earlier cue of the sentence, in
    the same form ("saying … and vowing to …", "denounced the tests and pledged to …"), with no
    comma or colon between them: it has that cue's speaker (rule ``coordinated``)."""
    lemma = lexicon()[0].get(toks[i].text)
    if lemma is None or not toks[i].text.islower():
        return None
    ing = toks[i].text.endswith("ing")
    for h in reversed(hits):
        if h.source is None or h.cue[1] > toks[i].start:
            continue
        k = _token_range(toks, h.cue)[0]
        if k >= i - 1 or toks[k].text.endswith("ing") != ing:
            return None
        if any(t.text in ";:" for t in toks[k:i]) or (not ing and any(t.text == "," for t in toks[k:i])):
            return None
        return _statement(toks, i, lemma, _token_range(toks, h.source), "coordinated")
    return None


def _title_case(toks: list[Tok]) -> bool:
    """A headline in title case: most words of four letters or more capitalised."""
    words = [t for t in toks if t.text.isalpha() and len(t.text) >= 4]
    return len(words) >= 3 and sum(t.cap for t in words) >= 0.8 * len(words)


def _colon_lead(toks: list[Tok]) -> Reported | None:
    """A name, a colon, then what they said: "Mark Okafor: We will appeal." or, in a headline,
    "Governor Lee: Budget ‘Is Balanced’" (pattern ``colon-lead`` of ``resources/nlp/patterns.json``)."""
    found = _patterns()["colon-lead"].search(toks)
    if found is None:
        return None
    return Reported((_span(toks, *found["content"]),), _span(toks, *found["cue"]), _span(toks, *found["source"]),
                    "name", "colon-lead", ":")


class _Subject:
    """The subject opening a sentence as a token range, found once when first asked for."""

    def __init__(self, text: str, start: int, toks: list[Tok]):
        self.text, self.start, self.toks = text, start, toks
        self.done, self.range = False, None
        self.credited: tuple[int, tuple[int, int]] | None | bool = False     # not looked for yet

    def at(self, i: int):
        """The subject for a cue at token ``i``: after a quote that opens the sentence and is
        credited right after it ("“…,” said Lee, adding that …"), its speaker; else this one."""
        if self.credited is False:
            found = credited_after_quote(self.toks)
            self.credited = (found[0], _token_range(self.toks, found[1].speaker)) if found else None
        if self.credited is not None and i > self.credited[0]:
            credited = self.credited[1]
            return lambda: credited
        return self

    def __call__(self) -> tuple[int, int] | None:
        if not self.done:
            self.done = True
            subject = sentence_subject(self.text, self.start, self.toks[-1].end, self.toks)
            self.range = _token_range(self.toks, subject.speaker) if subject is not None else None
            if self.range is not None:                   # "Ukrainian officials": the noun the name modifies
                a, b = self.range
                while b < len(self.toks) and self.toks[b].text.islower() and tag_of(self.toks, b) in NOUN_TAGS:
                    b += 1
                self.range = (a, b)
        return self.range


class _QuoteIndex:
    """The direct quotes by position, so that each sentence looks only at the quotes it touches."""

    def __init__(self, spans: list[Span]):
        self.spans = sorted(spans)
        self.starts = [q[0] for q in self.spans]
        self.longest = max((q[1] - q[0] for q in self.spans), default=0)

    def between(self, start: int, end: int) -> list[Span]:
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [q for q in self.spans[first:last] if q[1] > start]


def _token_range(toks: list[Tok], span: Span) -> tuple[int, int]:
    first = next((k for k, t in enumerate(toks) if t.start >= span[0]), len(toks))
    last = next((k for k in range(len(toks) - 1, -1, -1) if toks[k].end <= span[1]), first - 1)
    return first, last + 1


def _lead(body: str) -> int:
    return len(body) - len(body.lstrip())


def _trail(body: str) -> int:
    return len(body) - len(body.rstrip())


def _inside(pos: int, quote_spans: list[Span]) -> bool:
    return any(q[0] <= pos < q[1] for q in quote_spans)


def _covered(span: Span, quote_spans: list[Span]) -> bool:
    """Most of ``span`` lies inside direct quotes: the quote finder has it."""
    inside = sum(max(0, min(span[1], q[1]) - max(span[0], q[0])) for q in quote_spans)
    return inside * 2 >= span[1] - span[0]


def kind_of(text: str, content: tuple[Span, ...]) -> str:
    return "mixed" if any(ch in QUOTE_MARKS for s, e in content for ch in text[s:e]) else "indirect"


def source_kind_in(text: str, item: Reported) -> str:
    """A "name" whose capitalised words the article also writes in lower case ("Critics said …",
    "Officials warned …") is a description."""
    if item.source_kind != "name":
        return item.source_kind
    caps = [t for t in tokens(text, *item.source) if t.cap]
    return "descriptor" if all(common_word(text, t) for t in caps) else "name"


def resolve(reported: list[Reported], registry: Registry,
            agreement: Callable[[tuple[Span, ...]], str] | None = None) -> list[tuple[Reported, str | None, float]]:
    """Each statement confident enough (:func:`statement_confidence`, told by ``agreement`` what the
    statement tagger found over its content), with its speaker entity (or None) and that confidence."""
    return resolve_kept(confident(reported, registry.text, agreement, named_mentions(registry.entities())), registry)


def confident(reported: list[Reported], text: str,
              agreement: Callable[[tuple[Span, ...]], str] | None = None,
              mentions: Iterable[tuple[Span, str]] = ()) -> list[tuple[Reported, float]]:
    """The statements confident enough (:data:`MIN_CONFIDENCE`), in the order found, with their
    confidence (``mentions``: the article's named mentions with their types, :func:`named_mentions`)."""
    kept = []
    for item, source_type in zip(reported, source_types(reported, mentions), strict=True):
        conf = round(statement_confidence(item, text, agreement(item.content) if agreement else None, source_type), 3)
        if conf >= MIN_CONFIDENCE:
            kept.append((item, conf))
    return kept


def resolve_kept(kept: list[tuple[Reported, float]], registry: Registry,
                 learnt: list[tuple[Reported, Span | None, float]] = ()) -> list[tuple[Reported, str | None, float]]:
    """The speakers of the kept statements (and of ``learnt``: the statement tagger's, each with the
    phrase naming its speaker or None), in one pass in text order, so that the registry has the
    speakers of both kinds of statement before a pronoun when it resolves it ("Democratic critics
    have seized on the comment … They argue that …"). A pronoun inside another statement's content
    is looked up in that statement (``_containing``: the rules' statements)."""
    by_start = sorted(kept, key=lambda pair: pair[0].content[0][0])
    starts = [item.content[0][0] for item, _ in by_start]
    out = []
    for item, phrase, conf in _in_text_order(kept, learnt):
        if phrase is not None:                      # the tagger's: its phrase, or its relative's antecedent
            out.append((item, registry.resolve(phrase, source_kind_in(registry.text, replace(item, source=phrase)))[0],
                        conf))
            continue
        if item.source is None or item.rule == "tagger":
            out.append((item, None, conf))
            continue
        found = False
        if item.source_kind == "pronoun":           # "… doubt whether the leader was ready to end the war he began"
            outer = _containing(by_start, starts, item)
            if outer is not None:
                found, speaker = registry.antecedent_within(outer.content[0][0], item.source)
        if not found:
            speaker, _ = registry.resolve(item.source, source_kind_in(registry.text, item))
        out.append((item, speaker, conf))
    return out


def _in_text_order(kept: list[tuple[Reported, float]], learnt: list[tuple[Reported, Span | None, float]]):
    """The rules' statements in the order found (pronouns follow the speakers before them), with the
    tagger's (already in text order) placed before the first rule statement whose cue comes after theirs."""
    j = 0
    for item, conf in kept:
        while j < len(learnt) and learnt[j][0].cue[0] < item.cue[0]:
            yield learnt[j]
            j += 1
        yield item, None, conf
    yield from learnt[j:]


def _containing(by_start: list[tuple[Reported, float]], starts: list[int], item: Reported) -> Reported | None:
    """The statement of another cue whose content holds ``item``'s speaker (the nearest start;
    ``by_start``: the statements by where their content starts, ``starts`` those positions)."""
    pos = item.source[0]
    k = bisect_left(starts, pos)
    for other, _ in reversed(by_start[max(0, k - 12):k]):
        if other is not item and other.cue != item.cue and other.content[0][0] <= pos < other.content[-1][1]:
            return other
    return None
