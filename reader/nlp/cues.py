"""Cue verbs ("said", "told", "according to" …) and the speaker phrase next to them.

Works on tokens of the writer's own text around a quote: ``find_after`` reads what follows a
closing mark (``,” Trump said`` / ``,” said Sen. Ted Cruz`` / ``,” the president told reporters``),
``find_before`` what precedes an opening mark in the same sentence (``Obama told Medvedev that he
would have “more flexibility”`` / ``According to a campaign aide, “…”``). Each returns a
:class:`Cue` (cue span and speaker phrase span) or None. All scans are bounded: linear in the text.

A quote inside the complement of an earlier reporting verb belongs to that verb's subject
(``Smith said the plan was “a disaster”``, ``Lee told reporters that Ward had called it “…”``)
unless a comma, dash, conjunction, relative pronoun or sentence end sets the inner clause off.
Cue words used as nouns (``the rules``, ``a Trump tweet``, ``Obama's remarks``) are no cues; a
possessor with its speech noun (``Trump's claim that “…”``, ``Obama's “…” promise``) speaks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..article import Span
from .gazetteer import MONTHS, NOT_PERSON_ENDINGS, is_name_word
from .ner_tagger import default_lexicon
from .pos import FUNCTION_TAGS, NOUN_TAGS, NP_START_TAGS, PAST_OR_PRESENT_TAGS, can_be, tag_of
from .wordlists import word_list

CUE_WORDS = word_list("cues", "cue-words")
VERB_PAIRS = {("went", "on"), ("goes", "on"), ("pointed", "out"), ("points", "out"),
              ("according", "to"), ("put", "it"), ("shot", "back"), ("shoots", "back"),
              ("fired", "back"), ("fires", "back")}
PRONOUNS = word_list("cues", "pronouns")
PROGRESSIVE = word_list("cues", "progressive")
POSSESSIVES = word_list("cues", "possessives")
DETERMINERS = word_list("cues", "determiners")
SKIP_BACK = word_list("cues", "skip-back")
TITLES = word_list("cues", "titles")
NOT_NAMES = word_list("cues", "not-names")
SPEAKER_NOUNS = word_list("cues", "speaker-nouns")
NOT_SPEAKERS = NOT_PERSON_ENDINGS | {"their", "our", "your", "ago", "member", "event", "percent", "moment",
                                     "comment", "statement", "government", "president", "student", "element"}
NOUN_CUES = word_list("cues", "noun-cues")  # cue words that are also nouns
NAME_JOINERS = word_list("cues", "name-joiners")
_CONTRACTED = re.compile(r"(?i)(he|she|it|they|we|i)['’](?:s|re|ll|d|ve|m)")
_TOKEN = re.compile(r"\w(?:[\w'’.\-]*\w)?\.?|[^\w\s]")
# after a name, a comma and a noun phrase in apposition up to its head word (group 1 the words
# before the head, group 2 the head): ", the presumptive Republican nominee", ", a start-up"; the
# callers say what may follow the head
APPOSITION = r",[ \t]+(?:the|a|an)[ \t]+((?:[A-Za-z][\w’'-]*[ \t]+){0,4}?)([a-z][\w’'-]*)"
MAX_SPEAKER_TOKENS = 8
MAX_APPOSITIVE_TOKENS = 24


class Tok:
    """A token: its text, where it lies, and its lower-case form without a final full stop."""
    __slots__ = ("text", "start", "end", "low", "cap")

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        self.low, self.cap = _word_forms(text)

    def __repr__(self) -> str:
        return f"Tok({self.text!r}, {self.start}, {self.end})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Tok) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    __hash__ = None


@lru_cache(maxsize=1 << 16)
def _word_forms(text: str) -> tuple[str, bool]:
    """A token's lower-case form without a final full stop, and whether it is capitalised."""
    low = text.lower()
    return (low.rstrip(".") if low[-1:] == "." else low), text[:1].isupper()


@dataclass
class Cue:
    cue: Span
    speaker: Span
    kind: str            # pronoun | name | descriptor
    alias: Span | None = None   # a relative pronoun naming the same speaker ("Trump, who said")


def tokens(text: str, start: int, end: int) -> list[Tok]:
    out: list[Tok] = []
    append = out.append
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        if word[-1] != "." and "'" not in word and "’" not in word:
            append(Tok(word, *m.span()))          # most tokens: nothing to split
            continue
        s, e = m.span()
        c = _CONTRACTED.fullmatch(word)
        if c is not None:                             # "He’s claiming": "He" + "’s"
            out.append(Tok(c.group(1), s, s + len(c.group(1))))
            out.append(Tok(word[len(c.group(1)):], s + len(c.group(1)), e))
        elif len(word) > 1 and word.endswith(".") and not _keeps_period(word):
            out.append(Tok(word[:-1], s, e - 1))
            out.append(Tok(".", e - 1, e))
        else:
            out.append(Tok(word, s, e))
    return out


def _keeps_period(word: str) -> bool:
    low = word.lower()[:-1]
    return low in TITLES or "." in low or (len(low) == 1 and word[0].isupper())


@lru_cache(maxsize=1 << 16)
def cue_word(low: str) -> bool:
    if low in CUE_WORDS:
        return True
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("s", ""), ("es", ""),
                         ("ied", "y"), ("ies", "y"), ("led", ""), ("ling", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2 and low[:-len(suffix)] + repl in CUE_WORDS:
            return True
    return False


def is_cue(toks: list[Tok], i: int) -> int:
    """Length in tokens of a cue starting at ``i`` (0 when none, and past the last token)."""
    if i >= len(toks):
        return 0                     # "«C«C,,": a clause cut off after its commas
    low = toks[i].low
    if not toks[i].text.islower() and low != "according" and not (
            (low in {"said", "says", "added", "asked", "wrote"} or low.endswith("ed") and cue_word(low))
            and i + 1 < len(toks) and toks[i + 1].cap
            and (i == 0 or toks[i - 1].text in ".!?\"\u201d")):
        return 0                     # "Said Ellis: …" opens a sentence
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if (low, nxt) in VERB_PAIRS:
        return 2
    return 1 if cue_word(low) else 0


def phrase_kind(toks: list[Tok], a: int, b: int) -> str:
    if b - a == 1 and (toks[a].low in PRONOUNS or toks[a].low in {"his", "her"}):
        return "pronoun"
    return "name" if any(t.cap and t.low not in DETERMINERS for t in toks[a:b]) else "descriptor"


def function_word(toks: list[Tok], k: int) -> bool:
    """A capitalised word the part-of-speech tagger reads, in its sentence, as a preposition,
    conjunction or adverb ("Furthermore", "While", "Nor"), or, opening the sentence, as a verb in
    its base form (an imperative: "Take note of …", "Ask around …"): a capital, not a name."""
    if not toks[k].cap or is_name_word(toks[k].low, default_lexicon()):
        return False                        # "Lee said …": the tagger may call a name an adverb
    tag = tag_of(toks, k)
    if tag in FUNCTION_TAGS:
        return True
    # an imperative is followed by its object or an adverb, never by a verb: "Lynch announced …" is a
    # name (the tagger may call "announced" VBN after a word it reads as VB), and so is a word whose
    # adverbs are followed by a verb ("Trump then appears …", "Cook later said …"); alone, a word is
    # no imperative
    if k != 0 or tag != "VB" or len(toks) < 2:
        return False
    m = 1
    while m < min(len(toks) - 1, 3) and tag_of(toks, m) in {"RB", "RBR"}:
        m += 1
    after = tag_of(toks, m)
    return not after.startswith("VB") and after != "MD"


def past_opener(toks: list[Tok], k: int, end: int) -> int:
    """Where a name run starting at ``k`` really starts: past the sentence's first word when it is
    a function word ("While Trump’s confidence …", "Thus Ada Stone said")."""
    return k + 1 if k == 0 and k + 1 < end and function_word(toks, k) else k


def _is_name_tok(t: Tok) -> bool:
    if len(t.text) == 2 and t.text[1] == "." and t.text[0].isupper():
        return True                                   # an initial: "Julie A. Diaz"
    return (t.cap and t.text[0].isalpha() and t.low not in NOT_NAMES) or t.low in TITLES


def _singular(low: str) -> str:
    """A noun's singular as the tests of nouns read it: "officials" -> "official", and the plural
    of a noun in -man or -woman ("chairmen", "congresswomen") -> "chairman", "congresswoman"; a
    word in -men after a vowel other than "e" is no such plural ("specimen", "regimen", "abdomen")."""
    if low.endswith("women") or low.endswith("men") and len(low) > 5 and low[-4] not in "aiou":
        return low[:-3] + "man"
    return low.removesuffix("s")


def speaker_noun(low: str) -> bool:
    """A head noun that can speak: "spokesman", "officials", "the campaign", "the report"."""
    low = _singular(low) if low not in SPEAKER_NOUNS else low
    return low in SPEAKER_NOUNS or low.endswith(("man", "woman", "person", "ist", "ian", "er", "or",
                                                 "ant", "ent")) and low not in NOT_SPEAKERS


KIN_AND_STAFF = word_list("cues", "kin-and-staff")


def _person_noun(low: str) -> bool:
    """A noun for a person (not an organisation), so that "his wife" speaks but "his campaign"
    may be a noun phrase of the writer's ("His campaign promises to …")."""
    return low in KIN_AND_STAFF or _singular(low).endswith(
        ("er", "or", "ist", "man", "woman", "ant", "ent")) and low not in NOT_SPEAKERS


def _role_noun(low: str) -> bool:
    """A noun naming who speaks: "spokeswoman", "message", "strategist" (not "sent")."""
    one = _singular(low)
    return low in SPEAKER_NOUNS or low in KIN_AND_STAFF or one in SPEAKER_NOUNS \
        or len(low) > 5 and one.endswith(("ist", "man", "woman", "er", "or")) and low not in NOT_SPEAKERS


def _plain(t: Tok) -> bool:
    return t.text.isalpha() and t.text.islower() and t.low not in SKIP_BACK \
        and t.low not in DETERMINERS and not cue_word(t.low)


def _modifies_name(toks: list[Tok], i: int) -> bool:
    """Lower-case role words before a name: "retired Air Force general Lloyd Newton"."""
    if not _plain(toks[i]) or toks[i].low in NOT_NAMES:
        return False
    for k in range(i + 1, min(len(toks), i + 4)):
        if _is_name_tok(toks[k]) and toks[k].cap:
            return True
        if not _plain(toks[k]):
            return False
    return False


def np_forward(toks: list[Tok], i: int, owned: bool = False) -> tuple[int, int] | None:
    """A speaker phrase starting at token ``i``: a pronoun, a capitalised name (titles and role
    words before it included: "GOP nominee Donald Trump") or a determiner phrase ending in a
    speaking noun ("a campaign spokesman", "the president", "officials"). A possessive and a noun
    for no person ("his campaign") is one only when ``owned``: where a cue follows it at once."""
    if i >= len(toks):
        return None
    t = toks[i]
    if t.low in PRONOUNS and t.low != "it":
        return i, i + 1
    if t.low in {"one", "some", "many", "most", "several", "two", "three", "each", "all"} \
            and i + 2 < len(toks) and toks[i + 1].low == "of":
        skip = 1 if toks[i + 2].low in {"those", "these"} else 0
        rest = np_forward(toks, i + 2 + skip)         # "one of those advisers"
        if rest is not None and phrase_kind(toks, *rest) != "pronoun":
            return i, rest[1]
    det = (t.low in DETERMINERS or t.low in {"my", "our"}) and t.low not in {"that", "this", "these",
                                                                          "those"}
    if not det and not t.cap and (t.low in POSSESSIVES or not speaker_noun(t.low)
                                  and not (i + 1 < len(toks) and speaker_noun(toks[i + 1].low))
                                  and not _modifies_name(toks, i)):
        return None
    if t.cap and t.low.endswith(("’s", "'s")) and _is_name_tok(t) and i + 1 < len(toks) \
            and toks[i + 1].text.islower() and (toks[i + 1].low in SPEAKER_NOUNS | KIN_AND_STAFF
                                                or toks[i + 1].low.removesuffix("s") in SPEAKER_NOUNS):
        return i, i + 2                               # "Grayson's spokeswoman", "Rubio’s campaign"
    k = i + 1 if det else i
    last_cap = last_noun = -1
    while k < len(toks) and k - i < MAX_SPEAKER_TOKENS:
        w = toks[k]
        if det and last_noun == k - 1 and w.text.islower() and w.low.endswith("ed"):
            break                                     # "the justice sounded off": its verb
        if w.low in RELATIONS and k > i and toks[k - 1].text.islower() and speaker_noun(toks[k - 1].low) \
                and not _names_ahead(toks, k + 1):
            break                                     # "officials in the capital": the phrase after is _of_phrase's
        if w.low in SPEAKER_NOUNS or w.low.removesuffix("s") in SPEAKER_NOUNS or (
                w.text.islower() and speaker_noun(w.low) and w.low.endswith(("er", "or", "ist", "man", "person"))):
            last_noun = k
        if _is_name_tok(w):
            last_cap = k
        elif last_cap >= 0 and _finite_verb(toks, k):
            break                                     # "Lopez visited Ohio on Monday": the name's verb
        elif w.low in NAME_JOINERS and last_cap == k - 1 and k + 1 < len(toks) and toks[k + 1].cap:
            if w.low == "of" and k - i >= 2 and all(_is_name_tok(x) and x.low not in TITLES
                                                    for x in toks[k - 2:k]):
                break                                 # "Lena Marsh of Dover": a person and a place
        elif w.text in "-" and last_cap == k - 1:
            pass
        elif w.low in NOUN_CUES and k > i and k + 1 < len(toks) and toks[k + 1].text.isalpha():
            pass                                      # "former state treasurer …"
        elif det and k > i and w.text.lower().endswith(("’s", "'s")) and w.text[:-2].isalpha() \
                and k + 1 < len(toks) and toks[k + 1].text.isalpha() and toks[k + 1].text.islower():
            pass                                      # "the ad’s narrator"
        elif det and w.low.endswith("-old") and w.text[:1].isdigit():
            last_noun = k                             # "the 43-year-old"
        elif det and w.low in WEEKDAYS and k + 1 < len(toks) and toks[k + 1].text.islower():
            pass                                      # "a Wednesday editorial"
        elif not _plain(w):
            break
        k += 1
    if k < len(toks) and toks[k].text in "’'" and k + 1 < len(toks) and toks[k + 1].low == "s":
        return None                                   # "Trump’s aide": a possessive, not a speaker
    if last_cap >= 0 and (last_cap == k - 1 or not det):
        end = last_cap + 1
    elif k > i and speaker_noun(toks[k - 1].low) and (det or toks[k - 1].low.endswith("s")):
        end = k
    elif det and last_noun > last_cap:
        end = last_noun + 1          # "The GOP presidential candidate sent out …"
    elif det and last_cap >= 0 and (toks[last_cap + 1].low in _PREPOSITIONS or all(
            _is_name_tok(x) for x in toks[i + 1:last_cap + 1])):
        end = last_cap + 1           # "The Security Council on Friday made …", "one Democrat …"
    else:
        return None
    if not det and not toks[i].cap and end - i > 3 and not (last_cap == end - 1 and toks[end - 1].cap):
        return None
    if t.low in POSSESSIVES | {"my", "our"} and not _person_noun(toks[end - 1].low) and not owned:
        return None                                   # "his campaign", "her book"
    return i, end


def _speaker_before_relation(toks: list[Tok], j: int, floor: int) -> tuple[int, int] | None:
    """A speaker's phrase and the phrase of a preposition after it, ending at token ``j`` with a word
    that cannot speak: "Critics of the plan (say)", "Opponents of the new bill (argue)". The words
    after the preposition are a noun phrase's (not "wants to stop state policies"), and the
    speaker's noun is a lower-case noun that can speak, or the sentence's first word, tagged a noun."""
    k = j
    while k > floor and j - k < 5 and toks[k].text.isalpha() and toks[k].low not in RELATIONS:
        k -= 1
    if k - 1 < floor or k == j or toks[k].low not in RELATIONS:
        return None
    last = toks[k - 1]                            # the word checks first, the tags and the phrase after
    if not speaker_noun(last.low) or not (last.text.islower() or k - 1 == floor) \
            or not all(tag_of(toks, m) in NP_START_TAGS for m in range(k + 1, j + 1)) \
            or tag_of(toks, k - 1) not in NOUN_TAGS:
        return None                               # "wants to stop state policies": a verb's object
    head = np_backward(toks, k, floor)
    return (head[0], j + 1) if head is not None and head[1] == k else None


def _short_quote_before(toks: list[Tok], j: int, floor: int) -> bool:
    """The quotation closed at token ``j`` (after its comma) is a few words inside a phrase ("host of
    “Morning Joe,”", "called it “a disaster,”"), not a quotation the cue after it credits."""
    q = next((k for k in range(j - 2, max(floor, j - 9) - 1, -1) if toks[k].text in OPENING_MARKS), None)
    return q is not None and q > floor and toks[q - 1].text not in {".", "!", "?", ":", ","}


def _names_ahead(toks: list[Tok], k: int) -> bool:
    """A capitalised word among the next five words before a cue or a punctuation mark ("for Lee",
    "of ceremonies Asab Al-Tabchi", "of state Hillary Clinton"), where a speaker phrase runs on to
    the name."""
    for j in range(k, min(len(toks), k + 5)):
        t = toks[j]
        if t.cap:
            return True
        if not t.text[:1].isalpha() or cue_word(t.low) and not (j + 1 < len(toks) and toks[j + 1].cap):
            return False                              # "said" ends it; "state" before "Hillary Clinton" not
    return False


def _finite_verb(toks: list[Tok], k: int) -> bool:
    """A lower-case word read, in its sentence, as a verb in the past or the third person present
    ("visited", "wants"): after a name it is the name's verb, not a word of the name's phrase.
    Asked only of words WordNet gives a verb reading, so most words cost no tagging."""
    w = toks[k]
    return w.text.islower() and can_be(w.text, "v") and tag_of(toks, k) in _FINITE_TAGS


_FINITE_TAGS = frozenset({"VBD", "VBZ"})


# before a "City, State" pair inside an aside ("…, at a rally in Dayton, Ohio, said")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "from"})


def _known_place(words: list[Tok]) -> bool:
    """The words are a place the shipped lexicon knows ("Ohio", "New Mexico"), not a person's name."""
    places = (default_lexicon() or {}).get("place", frozenset())
    return " ".join(t.low.rstrip(".") for t in words) in places


NOUN_DETERMINERS = word_list("reported", "noun-determiners")    # a second one shows "that" is no determiner


def np_backward(toks: list[Tok], end: int, floor: int) -> tuple[int, int] | None:
    """The speaker phrase ending just before token ``end`` (the subject of a cue)."""
    j = end - 1
    while j >= floor and (toks[j].low in SKIP_BACK or toks[j].low.endswith("ly")
                          and toks[j].text.islower()):
        j -= 1
    if j >= floor and toks[j].text == ")":                    # "Mike Pence (R-IN) said"
        k = j - 1
        while k >= floor and toks[k].text != "(" and j - k < 8:
            k -= 1
        j = k - 1
    named: tuple[int, int] | None = None
    if j >= floor and toks[j].text in "—–―":                  # "Ann Lee — a teacher — says"
        k = j - 1
        while k >= floor and toks[k].text not in "—–―,;:" and j - k < MAX_APPOSITIVE_TOKENS:
            k -= 1
        if k >= floor and toks[k].text == toks[j].text:
            j = k - 1
    if j - 1 >= floor and toks[j].text in CLOSING_MARKS and toks[j - 1].text == "," and _short_quote_before(toks, j, floor):
        j -= 1                                                 # "Lee, who called it “a disaster,” said"
    if j >= floor and toks[j].text == ",":                    # "Trump, the GOP nominee, said"
        k = j - 1
        while k >= floor and toks[k].text not in ",;:" and j - k < MAX_APPOSITIVE_TOKENS:
            k -= 1
        if k < floor or toks[k].text != ",":
            return None
        if k - 2 >= floor and toks[k - 1].cap and _is_name_tok(toks[k - 1]) and toks[k - 2].low in _PLACE_PREPOSITIONS \
                and 0 < j - k - 1 <= 2 and _known_place(toks[k + 1:j]):
            m = k - 1                      # "Lee, speaking in Dayton, Ohio, said": one place, in the aside
            while m >= floor and toks[m].text not in ",;:" and j - m < MAX_APPOSITIVE_TOKENS:
                m -= 1
            if m >= floor and toks[m].text == ",":
                k = m
        if all(_is_name_tok(w) and w.cap for w in toks[k + 1:j]) and j - k <= 5:
            named = (k + 1, j)                                # "her adviser, Jake Sullivan, said"
        j = k - 1
        for _ in range(2):                                    # "Cory James, 22, of Flint, Mich.,"
            k = j
            while k >= floor and toks[k].text not in ",;:" and j - k < 6:
                k -= 1
            seg = toks[k + 1:j + 1]
            if k < floor or toks[k].text != "," or not seg or not (
                    seg[0].low in {"of", "from"} or all(t.text.isdigit() for t in seg)):
                break
            j = k - 1
        if j >= floor and toks[j].text == ")":                # "Sen. Ann Lee (D-Mo.), who …, said"
            k = j - 1
            while k >= floor and toks[k].text != "(" and j - k < 8:
                k -= 1
            j = k - 1
    if j < floor:
        return named
    if j >= floor and toks[j].low in _TIME_WORDS:             # "Sanders during a Sunday thanked"
        k = j
        while k > floor and j - k < 5 and (toks[k - 1].low in _TIME_WORDS or toks[k - 1].low in {
                "a", "the", "this", "last", "on", "during", "at", "in", "early", "late"}):
            k -= 1
        if k < j and toks[k].low in {"on", "during", "at", "in"} and k - 1 >= floor \
                and _is_name_tok(toks[k - 1]):
            j = k - 1
    if j - 2 >= floor and toks[j - 1].low == "of" and toks[j].text.islower() \
            and toks[j - 2].low in ROLE_OF:                   # "the secretary of state said"
        np = np_backward(toks, j - 1, floor)
        return (np[0], j + 1) if np is not None and np[1] == j - 1 else None
    t = toks[j]
    if t.low in PRONOUNS:
        return j, j + 1
    share = _share_before(toks, j, floor)
    if share is not None:
        return share
    if j - 1 >= floor and toks[j - 1].text in "’'":          # "Trump’s" is no subject
        return named
    k = j
    if named and j - 1 >= floor and toks[j - 1].low in _PREPOSITIONS:
        return named                                          # "his partner at Lenox, Lee Cummings,"
    if _is_name_tok(t):
        while k - 1 >= floor and j - k < MAX_SPEAKER_TOKENS:
            w = toks[k - 1]
            if _is_name_tok(w) or (w.low in NAME_JOINERS and k - 2 >= floor and toks[k - 2].cap):
                k -= 1
            elif w.text == "-" and k - 2 >= floor and toks[k - 2].cap:
                k -= 1
            else:
                break
        while k <= j and (toks[k].low in NAME_JOINERS or toks[k].text == "-"):
            k += 1
        k = past_opener(toks, k, j + 1)
        if k == j == 0 and function_word(toks, k):
            return named                                      # "Take note …": no name
        return (k, j + 1) if k <= j else None
    if not (t.text.isalpha() and speaker_noun(t.low)):
        return named or _speaker_before_relation(toks, j, floor)
    while k - 1 >= floor and j - k < 5:
        w = toks[k - 1]
        if w.low in POSSESSIVES or w.low in {"my", "our"}:
            plain_role = j - k < 3 and not any(x.low in _PREPOSITIONS or x.low.endswith("ing")
                                               for x in toks[k:j])
            return named or ((k - 1, j + 1) if _person_noun(t.low) and plain_role else None)
        if w.low == "that" and (k < j and toks[k].low in NOUN_DETERMINERS or tag_of(toks, j) in {"NNS", "NNPS"}):
            return named or (k, j + 1)                        # "conflicts that previous administrations failed
            #                                                   to address": a relative "that", no determiner
        if w.low in DETERMINERS:
            return named or (k - 1, j + 1)                    # "the aide"
        if (_plain(w) or _is_name_tok(w)) and w.low not in {"which", "who", "whom", "that", "what"}:
            k -= 1
        else:
            break
    if t.low.endswith("s") and k < j and k - 1 >= floor and toks[k - 1].low == "what" \
            and _role_noun(t.low):
        return k, j + 1                                       # "what former employees have called"
    if t.low.endswith("s") and (k == j or _is_name_tok(toks[k])):
        return named or (k, j + 1)                            # "officials", "Clinton aides"
    if k <= j and _is_name_tok(toks[k]):
        return named or (k, j + 1)                            # "Clinton campaign spokesman", "Lee's
    return named                                              # spokesman, Tom Baker, said": Baker


def find_after(text: str, start: int, end: int, new_sentence: bool = False) -> Cue | None:
    """A cue right after a closing mark: ``, Trump said`` / ``, said Trump`` / ``, he added``.
    After a quote that ends its sentence, only a whole attribution sentence counts
    (``.” Trump said in an interview.``), not one that introduces the next quote."""
    toks = tokens(text, start, min(end, start + 400))
    i = 0
    while i < len(toks) and toks[i].text in ",—–-":
        i += 1
    if i + 1 < len(toks) and toks[i].low == "as":           # "…,” as a memo put it."
        i += 1
    if i >= len(toks):
        return None
    n = is_cue(toks, i)
    if n and toks[i].low in {"tell", "tells", "told", "telling"}:
        return None                  # "…,” telling Fox that …: Fox is told, the subject speaks
    if n:
        np = np_forward(toks, i + n)
        if np is None and i + n < len(toks) and toks[i + n].text[:1].isdigit():
            for j in range(i + n + 1, min(len(toks), i + n + 4)):   # "said 9/11 widow Ann Lee"
                np = np_forward(toks, j)
                if np is not None:
                    np = (i + n, np[1]) if toks[np[1] - 1].cap else None
                    break
        if np and phrase_kind(toks, *np) == "descriptor" and np[1] + 1 < len(toks) and toks[np[1]].text == ",":
            named = np_forward(toks, np[1] + 1)          # "said the agency's director, Mara Quill, on …"
            if named is not None and phrase_kind(toks, *named) == "name" and (
                    named[1] >= len(toks) or toks[named[1]].text in ",.;") and not _date_word(toks[named[0]]):
                np = named
        return _cue(toks, i, i + n, np) if np and not new_sentence else None
    np = np_forward(toks, i)
    if not np and toks[i].low in DETERMINERS and not new_sentence:   # "the clerk, Joe Brandt, said"
        comma = next((m for m in range(i + 1, min(len(toks), i + 6)) if toks[m].text == ","), None)
        np = np_forward(toks, comma + 1) if comma else None
    if not np and toks[i].low in {"the", "a", "an"}:   # "the gambling tycoon told", "the
        m = i + 1                                      # bespectacled, 71-year-old diplomat said"
        while m < len(toks) and m - i < 6 and (_plain(toks[m]) or toks[m].text == ","
                                                or toks[m].low.endswith("-old")):
            m += 1
        if m < len(toks) and m > i + 1 and toks[m - 1].text != "," and is_cue(toks, m) \
                and not toks[m].low.endswith("ing") and not _noun_use(toks, m):
            np = (i, m)
    if not np:
        return None
    k = np[1]
    if k < len(toks) and toks[k].text == "(":
        while k < len(toks) and toks[k].text != ")" and k - np[1] < 8:
            k += 1
        k += 1
    k = _of_phrase(toks, k)
    pair = closing_dash(toks, k, MAX_APPOSITIVE_TOKENS)
    if pair is not None and is_cue(toks, pair + 1):
        k = pair + 1                 # "…,” Lee — who was elected in 2019 — said"
    if k < len(toks) and toks[k].text == ",":
        m = _segment_end(toks, k + 1, 2 * MAX_APPOSITIVE_TOKENS)
        if m < len(toks) and toks[m].text == "," and (m - k < MAX_APPOSITIVE_TOKENS or (
                m + 1 < len(toks) and is_cue(toks, m + 1))):
            if toks[np[1] - 1].text.islower() and m - k <= 5 and all(
                    _is_name_tok(w) and w.cap for w in toks[k + 1:m]):
                np = (k + 1, m)      # "…,” Lee's spokesman, Tom Baker, said": Baker speaks
            k = m + 1                # "…,” Ann Lee, the director of … and a founder of …, told …
            if not is_cue(toks, k):
                k = _past_short_parts(toks, k)
        elif k + 1 < len(toks) and is_cue(toks, k + 1):
            k += 1
    while k < len(toks) and (toks[k].low in SKIP_BACK or toks[k].low.endswith("ly")
                             and toks[k].text.islower()):
        k += 1
    if k >= len(toks) or not is_cue(toks, k) or toks[k].low == "according" \
            or toks[k].low.endswith("ing") or _noun_use(toks, k):
        return None                  # "a Trump tweet attacking …" is no attribution
    n = is_cue(toks, k)
    end = k + n
    if toks[k - 1].low in _PASSIVE:      # "…,” the crowd was told: the subject is told, not speaking
        agent = np_forward(toks, end + 1) if end + 1 < len(toks) and toks[end].low == "by" else None
        if agent is None:
            return None
        np, end = agent, agent[1]        # "…,” the crowd was told by Officer Dan Ruiz: Ruiz speaks
    if new_sentence and not _ends_plainly(toks, end):
        return None
    return _cue(toks, k, k + n, np)


_PASSIVE = word_list("cues", "passive-auxiliaries")


DASHES = frozenset({"\u2014", "\u2013", "-"})      # a lone "-" token is a spaced hyphen used as a dash
OPENING_MARKS = frozenset({'"', "\u201c"})
CLOSING_MARKS = frozenset({'"', "\u201d"})


def closing_dash(toks: list[Tok], k: int, limit: int) -> int | None:
    """Index of the dash that closes an aside opened by the dash at ``k`` ("— as she has for years
    —"), within ``limit`` tokens and before the last token; None when ``k`` is no dash or none closes."""
    if k >= len(toks) or toks[k].text not in DASHES:
        return None
    return next((m for m in range(k + 2, min(len(toks) - 1, k + limit)) if toks[m].text == toks[k].text), None)


def _past_short_parts(toks: list[Tok], k: int) -> int:
    """Past up to two more short parts set off by commas before a cue ("…,” Lee, 54, of Flint,
    Mich., said": "of Flint" and "Mich."); ``k`` when no cue follows them."""
    after = k
    for _ in range(2):
        m = _segment_end(toks, after, 8)
        if m >= len(toks) - 1 or toks[m].text != ",":
            return k
        after = m + 1
        if is_cue(toks, after):
            return after
    return k


def _segment_end(toks: list[Tok], m: int, limit: int) -> int:
    """Index of the comma, full stop, semicolon or colon that ends the part of a sentence starting at
    ``m`` (a full stop before a comma, as in "Mich.,", is no end), or where ``limit`` tokens run out."""
    start = m
    while m < len(toks) and (toks[m].text not in ",.;:" or toks[m].text == "." and m + 1 < len(
            toks) and toks[m + 1].text == ",") and m - start < limit - 1:
        m += 1
    return m


POST_MODIFIERS = word_list("cues", "post-modifiers")    # "Morgan of the Sierra Club said"
# the prepositions that tie a speaker to whom they speak for: "a spokesman for", "an aide to", "a friend of"
RELATIONS = POST_MODIFIERS | {"to"}
# those after which a name still heads the phrase: "Morgan of the Sierra Club", "Ann Lee from Dover",
# "Bernie Sanders in South Carolina" (not "to": "a letter to Lee")
NAME_RELATIONS = frozenset({"of", "from", "in", "at"})
_CREDIT = re.compile(r"[ \t\u00a0]*(?:[\u2015\u2014\u2013]|--)[ \t\u00a0]*(?=[A-Z@])")


def find_credit(text: str, start: int, end: int) -> Cue | None:
    """A credit line after a closing mark: ``” ― Carla Sanchez`` / ``” — Ann Lee, a voter.``
    ending its line (a dash and a name, nothing else but a short description)."""
    m = _CREDIT.match(text, start, end)
    if m is None:
        return None
    nl = text.find("\n", m.end(), end)
    stop = end if nl == -1 else nl
    if stop - m.end() > 160:
        return None
    toks = tokens(text, m.end(), stop)
    np = np_forward(toks, 0)
    if np is None or not any(t.cap for t in toks[np[0]:np[1]]):
        return None
    rest = toks[np[1]:]
    if rest and not (rest[0].text in ".," and len(rest) <= 12
                     and not any(t.text in "\"\u201c\u201d" for t in rest)):
        return None
    dash = (m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
    return Cue(dash, (toks[np[0]].start, toks[np[1] - 1].end), phrase_kind(toks, *np))


def _of_phrase(toks: list[Tok], k: int) -> int:
    """Past a short place or affiliation phrase after a speaker: "Morgan of the Sierra Club",
    "a narrator in the Clinton ad", "a person familiar with the talks" (a word and the phrase it
    opens; only when a cue follows it)."""
    if k + 2 < len(toks) and _plain(toks[k]) and toks[k + 1].low in _PREPOSITIONS:
        m = _phrase_before_cue(toks, k + 2, any_word=True)
        return k if m is None else m
    if k >= len(toks) or toks[k].low not in RELATIONS:
        return k
    m = _phrase_before_cue(toks, k + 1, any_word=False)
    if m is None and _plain(toks[k - 1]):           # "a spokesman for the ministry said", "aides to the mayor said"
        m = _phrase_before_cue(toks, k + 1, any_word=True)
    return k if m is None else m


def _phrase_before_cue(toks: list[Tok], m: int, any_word: bool) -> int | None:
    """Index of the cue after a short phrase starting at ``m`` (an article, then up to five
    capitalised words, or words that can speak, or, with ``any_word``, any plain words); None when
    no cue follows it."""
    if m < len(toks) and toks[m].low in {"the", "a", "an"}:
        m += 1
    start = m
    while m < len(toks) and m - start < 5 and (toks[m].cap or _plain(toks[m]) and (any_word or speaker_noun(
            toks[m].low)) or toks[m].low in {"ad", "show", "campaign"}):
        m += 1
    if m > start and m < len(toks) and is_cue(toks, m) and not toks[m].low.endswith("ing") and (
            not any_word or tag_of(toks, m) in PAST_OR_PRESENT_TAGS):
        return m                     # after any words, a verb of its own: not "a group called …"
    return None


def _share_before(toks: list[Tok], j: int, floor: int) -> tuple[int, int] | None:
    """A share of a poll's respondents as a subject: "63 percent said", "Only 52 percent of
    registered voters agreed", "Six in 10 Republicans said"."""
    k = j
    if toks[k].low not in {"percent", "%"}:
        m = k
        while m > floor and j - m < 4 and (toks[m].cap or _plain(toks[m]) or toks[m].low.endswith(
                "s")) and toks[m].low != "of":
            m -= 1
        if m <= floor or toks[m].low != "of" or not (toks[j].low.endswith("s") or toks[j].cap):
            return None
        k = m - 1
        if toks[k].low not in {"percent", "%"}:
            return None
    if k - 1 < floor or not toks[k - 1].text.replace(".", "").isdigit():
        return None
    a = k - 1
    if a - 1 >= floor and toks[a - 1].low in {"only", "just", "about", "nearly", "almost"}:
        a -= 1
    return a, j + 1


def _antecedent_before_phrase(toks: list[Tok], comma: int) -> tuple[int, int] | None:
    """The person a relative pronoun after a short phrase refers to: "says to Santilli on
    camera, who responds", "one Democrat familiar with the talks, who added"."""
    for p in range(comma - 1, max(0, comma - 7), -1):
        if toks[p].text in ",;:":
            return None
        if toks[p].low not in _PREPOSITIONS:
            continue
        end = p - 1 if p >= 2 and toks[p - 1].text.islower() and toks[p - 1].text.isalpha() \
            and not _role_noun(toks[p - 1].low) else p
        np = np_backward(toks, end, 0)
        if np is not None and np[1] == end and phrase_kind(toks, *np) != "pronoun":
            return np
    return None


def _relative(toks: list[Tok], i: int) -> int | None:
    """Index of a "who"/"which" that is the subject of the cue at ``i`` (``Trump, who said``)."""
    j = i - 1
    while j >= 0 and (toks[j].low in SKIP_BACK or toks[j].low.endswith("ly") and toks[j].text.islower()):
        j -= 1
    if j >= 2 and toks[j].low in {"who", "which"} and toks[j - 1].text == ",":
        return j
    if j >= 1 and toks[j].low in {"who", "which", "that"} and (
            _is_name_tok(toks[j - 1]) and toks[j - 1].cap or toks[j - 1].text.isalpha()
            and toks[j - 1].text.islower() and _role_noun(toks[j - 1].low)):
        return j                                      # "the Police Department which reported"
    for w in range(j - 1, max(1, j - 5), -1):          # "McConnell, who in 2010 said"
        if toks[w].low in {"who", "which"} and toks[w - 1].text == ",":
            return w if toks[w + 1].low in _PREPOSITIONS and all(
                t.text.isalnum() for t in toks[w + 1:j + 1]) else None
    return None


def find_trailing(text: str, start: int, end: int) -> Cue | None:
    """An attribution closing the sentence a quote sits in, after more of the writer's words:
    ``“…” because she would expand her lead, he said.`` / ``“…” if she lost, said David Wasserman.``"""
    toks = tokens(text, start, min(end, start + 300))
    stop = next((m for m, t in enumerate(toks) if t.text in ".!?;:"), None)
    if stop is None or stop == 0:
        return None
    for m in range(stop - 1, 0, -1):
        if toks[m].text != ",":
            continue
        cue = find_after(text, toks[m].start, toks[stop].end)
        if cue is None:
            continue
        tail = text[max(cue.cue[1], cue.speaker[1]):toks[stop].start]
        if len(tail.split()) <= 6 and "," not in tail or tail.startswith(",") and cue.kind == "name" \
                and cue.speaker[0] > cue.cue[0]:
            return cue               # “…” if she lost, said David Wasserman, an analyst at …
        return None
    return None


def _ends_plainly(toks: list[Tok], k: int) -> bool:
    """The sentence ends within a few tokens and holds no quote of its own (a participle clause
    of the same speaker may: ``” Lee remarked, alluding to “The Revenant.”``)."""
    if k < len(toks) and toks[k].low == "that":
        return False                 # ``.” Lee agreed that …``: a statement of its own
    if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].text.islower() \
            and toks[k + 1].low.endswith("ing"):
        return True
    if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].low in ("a", "an"):
        # ``.” Lee declared, a point he likes to make after …``: what follows describes the quote
        end = next((m for m in range(k, len(toks)) if toks[m].text in ".!?"), len(toks))
        return not any(t.text in ":\"\u201c\u201d" for t in toks[k:end])
    for m in range(k, min(len(toks), k + 14)):
        if toks[m].text in ".!?":
            return True
        if toks[m].text in ":\"\u201c\u201d" or (toks[m].text == "," and m == k and (
                m + 1 >= len(toks) or toks[m + 1].text in "\"\u201c")):
            return False
    return k >= len(toks)


def find_before(text: str, start: int, end: int) -> Cue | None:
    """The cue nearest before an opening mark in ``text[start:end]`` and its speaker phrase.
    A cue with no subject next to it (``…, telling reporters “…”``) takes the sentence's subject."""
    toks = tokens(text, start, end)
    found = _nearest_cue(toks)
    if found is None:
        return None
    cue, clause = found
    if toks[clause if clause >= 0 else 0].low.endswith("ing") or _cue_token(toks, cue).endswith("ing"):
        return cue                   # "footage of Trump saying “…”": no complement clause
    return _governing(toks, clause) or cue


def _cue_token(toks: list[Tok], cue: Cue) -> str:
    return next((t.low for t in toks if t.start == cue.cue[0]), "")


_NOUN_BEFORE = word_list("cues", "noun-before")


def _noun_use(toks: list[Tok], i: int) -> bool:
    """A cue word used as a noun: after a determiner or a possessive ("the rules", "Trump's
    charge"), or after "of" and a modifier ("32% of Republican claims")."""
    if not i:
        return False
    before = toks[i - 1]
    if before.low == "of" and not toks[i].low.endswith("ing"):
        return True                  # "the secretary of state"
    if before.low in _NOUN_BEFORE or before.low.endswith(("’s", "'s", "s’", "s'")) and before.cap:
        return True
    if before.text in "’'" and i >= 2 and toks[i - 2].text[:1].isupper():
        return True
    if i >= 2 and toks[i - 2].low == "of" and before.text.isalpha() and toks[i].low.endswith(
            "s") and not (before.low in PRONOUNS or before.low in {"whom", "which"}):
        return True
    if toks[i].low not in CUE_WORDS or toks[i].low.endswith(("s", "d", "ing")) \
            or toks[i].low in {"wrote", "spoke", "sang", "put"}:
        return False                 # only a bare form ("tweet", "chant") can be a noun here
    for k in range(i - 1, max(-1, i - 4), -1):      # "a Donald Trump tweet", "the caustic chant"
        w = toks[k]
        if w.low in {"a", "an", "the", "this", "that", "his", "her", "its", "my", "our"}:
            return k < i - 1
        if not w.text.isalpha() or w.low.endswith("s") or w.low in PRONOUNS \
                or not (w.cap or _plain(w)):
            return False
    return False


SPEECH_NOUNS = word_list("cues", "speech-nouns")


def _possessor(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """The possessor of a speech noun followed by its content ("Trump's claim that …", "Lee's
    assertion of a “claim of right”")."""
    if i >= 1 and toks[i].low in SPEECH_NOUNS and i + 1 < len(toks) and toks[i + 1].low == "that":
        for j in (i - 1, i - 2):                     # "her March comment that “…”"
            if j >= 0 and toks[j].low in {"his", "her"} and (j == i - 1 or toks[i - 1].cap):
                return j, j + 1
    if not (i and toks[i - 1].low.endswith(("’s", "'s")) and toks[i - 1].cap
            and i + 1 < len(toks) and (toks[i + 1].low == "that" or toks[i + 1].low == "of"
                                       and toks[i].low in SPEECH_NOUNS)):
        return None
    np = np_backward(toks, i, 0)
    return np if np is not None and np[1] == i and phrase_kind(toks, *np) == "name" else None


def _nearest_cue(toks: list[Tok]) -> tuple[Cue, int] | None:
    """The cue nearest the end of ``toks`` and the index where its clause (its subject) starts."""
    for i in range(len(toks) - 1, -1, -1):
        n = is_cue(toks, i)
        if (n or toks[i].low in SPEECH_NOUNS) and _possessor(toks, i):
            owner = _possessor(toks, i)              # "De Blasio repeated his claim that …"
            return _cue(toks, i, i + max(n, 1), owner), owner[0] if phrase_kind(toks, *owner) == \
                "pronoun" else -1
        if (toks[i].low in SPEECH_NOUNS or toks[i].low in {"report", "study", "poll", "survey"}) \
                and i + 2 < len(toks) and toks[i + 1].low == "by":
            np = np_forward(toks, i + 2)             # "a report by Politico that he “…”"
            if np is not None and np[1] < len(toks) and toks[np[1]].low == "that":
                return _cue(toks, i, i + 1, np), -1
        if not n or toks[i].low != "according" and _noun_use(toks, i):
            continue
        if toks[i].low == "according":
            np = np_forward(toks, i + 2)
            if np:
                return _cue(toks, i, i + 2, np), i
            continue
        if i and toks[i - 1].low in {"was", "were", "been", "being"} and i + 1 < len(toks) \
                and toks[i + 1].low == "by":
            np = np_forward(toks, i + 2)             # "Rubio was asked by moderator Gerard Baker"
            if np:
                return _cue(toks, i, i + n, np), -1
        if toks[i].cap:                                   # "Said Ellis: “…”"
            np = np_forward(toks, i + 1)
            if np:
                return _cue(toks, i, i + n, np), i
            continue
        participle = toks[i].low.endswith("ing") and i and toks[i - 1].text in ",—"
        if toks[i].low.endswith("ing") and not participle and i and not (
                toks[i - 1].low in PROGRESSIVE or toks[i - 1].low.endswith(("’s", "'s"))):
            if toks[i - 1].low in {"by", "after", "while", "when", "before", "in", "despite", "without"}:
                participle = True    # "… by echoing “…”": the sentence's subject speaks
            else:
                subj = np_backward(toks, i, 0)
                if subj is not None and phrase_kind(toks, *subj) == "descriptor" \
                        and toks[subj[1] - 1].low in _DOCUMENTS and subj[0] \
                        and toks[subj[0]].low in {"a", "an"}:
                    participle = True    # "she released a statement saying …": she speaks
                elif subj is None or phrase_kind(toks, *subj) == "descriptor":
                    continue         # "tweets accusing X of …": a modifier, not a cue
        rel = _relative(toks, i)
        if rel is not None and not participle and toks[rel - 1].text != "," \
                and any(t.text == ":" for t in toks[i + n:]):
            rel = None               # "a candidate who promised X: “…”": the colon introduces it
        if rel is not None and not participle:
            np = np_backward(toks, rel - 1 if toks[rel - 1].text == "," else rel, 0)
            if np is None and toks[rel - 1].text == ",":
                np = _antecedent_before_phrase(toks, rel - 1)
            if np:
                cue = _cue(toks, i, i + n, np)
                cue.alias = (toks[rel].start, toks[rel].end)
                if toks[rel - 1].text != ",":
                    return cue, np[0]    # "X added the caption which reads “…”": X's caption
                return cue, -1       # a relative clause is no complement of an earlier verb
        np = None if participle else np_backward(toks, i, 0)
        if np:
            return _cue(toks, i, i + n, np), np[0]
        if i and toks[i - 1].text == "," and not toks[i].low.endswith("ing"):
            after = np_forward(toks, i + n)          # "In other words, explained X: “…”"
            if after is not None and after[1] < len(toks) and toks[after[1]].text == ":" \
                    and phrase_kind(toks, *after) == "name":
                return _cue(toks, i, i + n, after), -1
        return Cue((toks[i].start, toks[i + n - 1].end), (-1, -1), "none"), -1 if participle else i
    return None


_TIME_WORDS = word_list("cues", "time-words")
_MONTHS = frozenset(MONTHS) | {m[:3] for m in MONTHS} | {"sept"}   # "Jan.", and AP's "Sept."


def _date_word(t: Tok) -> bool:
    """A month, a weekday or another time word ("Jan.", "Monday"): no name of a person."""
    low = t.low.rstrip(".")
    return low in _MONTHS or low in _TIME_WORDS
ROLE_OF = word_list("cues", "role-of")
WEEKDAYS = word_list("cues", "weekdays")
_DOCUMENTS = word_list("cues", "documents")
_BREAKS = ";:—–―-("
_PREPOSITIONS = word_list("cues", "prepositions")
_CLAUSE_JOINERS = word_list("cues", "clause-joiners")


def _governing(toks: list[Tok], clause: int) -> Cue | None:
    """The reporting verb whose complement holds the clause starting at token ``clause``: the
    source of ``Smith said the plan was “a disaster”`` / ``Lee told reporters that Ward had called
    it “…”`` is the outer subject. A clause set off by a comma or joined by "and", "but", "when" …
    stands on its own."""
    if clause <= 0 or toks[clause - 1].text in _BREAKS + "," or toks[clause - 1].low in _CLAUSE_JOINERS \
            or toks[clause - 1].low in _PREPOSITIONS or toks[clause - 1].low in {"which", "who", "whom"}:
        return None
    for k in range(clause - 1, -1, -1):
        t = toks[k]
        if t.text in _BREAKS + ".!?[]" or t.low in _CLAUSE_JOINERS and k and toks[k - 1].text == ",":
            return None
        n = is_cue(toks, k)
        if not n or k + n > clause or t.cap or t.low.endswith("ing") or _noun_use(toks, k):
            continue
        if toks[k + n].text == ",":
            return None              # "…, The Post reported, his wife whispered: “…”"
        if t.low == "according":
            np = np_forward(toks, k + 2)
            return _cue(toks, k, k + 2, np) if np and np[1] <= clause else None
        rel = _relative(toks, k)
        if rel is not None:
            np = np_backward(toks, rel - 1 if toks[rel - 1].text == "," else rel, 0)
            if np:
                cue = _cue(toks, k, k + n, np)
                cue.alias = (toks[rel].start, toks[rel].end)
                return cue
            return None
        np = np_backward(toks, k, 0)
        if np is not None:
            return _cue(toks, k, k + n, np)
        return None
    return None


def sentence_subject(text: str, start: int, end: int, toks: list[Tok] | None = None) -> Cue | None:
    """The subject opening a sentence, after a dateline ("WASHINGTON — "), a leading "But", "On
    Twitter," or "Speaking at X," clause: a phrase followed by a lower-case word (its verb). ``toks``: the tokens of
    ``text[start:end]`` when the caller has them."""
    toks = tokens(text, start, end) if toks is None else toks
    first = 1 if toks and toks[0].text in "(\"“" else 0
    first = _past_dateline(toks, first)
    starts = [first] + [m + 1 for m in range(min(len(toks), 20)) if toks[m].text == ","][:2]
    for i in starts:
        opened = i
        while i < len(toks) and i - opened < 2 and toks[i].low in {"but", "and", "so", "yet", "still", "meanwhile",
                                                                   "then", "now", "later", "also", "instead"}:
            i += 1                   # "But …", "And then …"
        if i + 1 < len(toks) and toks[i + 1].low in {"after", "before"}:
            continue                 # "Shortly after X ended, …": a time clause, no subject
        if i + 1 < len(toks) and toks[i].low.endswith(("ed", "ing")) and toks[i + 1].low in {
                "at", "by", "with", "about", "over", "to", "from", "in", "on"}:
            continue                 # "Horrified at the prospect, Ramos …": a participle clause
        if i + 1 < len(toks) and toks[i].cap and toks[i].low.endswith("ing") and tag_of(toks, i) == "VBG":
            continue                 # "Growing beavertail can be done …": a gerund, not a name
        np = np_forward(toks, i)
        if np is None or (np[1] - np[0] == 1 and toks[np[0]].low not in PRONOUNS
                          and common_word(text, toks[np[0]]) and not speaker_noun(toks[np[0]].low)):
            continue
        if np[1] - np[0] == 1 and function_word(toks, np[0]):
            continue                 # "Furthermore, …", "Nor did she …": a capital, not a name
        k = _past_parenthesis(toks, np[1])
        if k < len(toks) and toks[k].text == ",":
            m = k + 1
            while m < len(toks) and (toks[m].text not in ",.;:" or toks[m].text == "." and m + 1 < len(
                    toks) and toks[m + 1].text == ",") and m - k < MAX_APPOSITIVE_TOKENS:
                m += 1
            k = m + 1 if m < len(toks) and toks[m].text == "," else k
        if k < len(toks) and toks[k].text.isalpha() and toks[k].text.islower():
            return Cue((toks[np[0]].start, toks[np[0]].start),
                       (toks[np[0]].start, toks[np[1] - 1].end), phrase_kind(toks, *np))
    return None


def credited_after_quote(toks: list[Tok]) -> tuple[int, Cue] | None:
    """The closing mark of a quote that opens the sentence and the speaker credited right after it
    ("“…,” said Lee, adding that …", "“…,” Lee said, noting …"): the subject of what follows the
    quote, not a word of the quote."""
    if not toks or toks[0].text != "\u201c":
        return None
    close = next((m for m in range(1, len(toks)) if toks[m].text in "\u201c\u201d"), None)
    if close is None or toks[close].text != "\u201d" or close + 2 >= len(toks):
        return None
    k = close + 1
    n = is_cue(toks, k)
    if n:
        np = np_forward(toks, k + n)                   # "“…,” said Lee, …"
        cue = k
    else:
        np = np_forward(toks, k)                       # "“…,” Lee said, …"
        cue = np[1] if np is not None else k
        n = is_cue(toks, cue) if cue < len(toks) else 0
    if np is None or not n:
        return None
    return close, _cue(toks, cue, cue + n, np)


def _past_dateline(toks: list[Tok], k: int) -> int:
    """Past a dateline opening a story: a place in capitals, perhaps a comma and a region, then a
    dash ("WASHINGTON — …", "DES MOINES, Iowa — …", "JERUSALEM - …")."""
    m = k
    while m < len(toks) and m - k < 6 and (toks[m].text.isupper() and toks[m].text.isalpha()
                                             or m > k and toks[m].text in ",." or m > k and toks[m].cap):
        m += 1
    if m > k and m < len(toks) and toks[m].text in "—–-" and toks[k].text.isupper() and len(toks[k].text) > 1:
        return m + 1
    return k


def _past_parenthesis(toks: list[Tok], k: int) -> int:
    """Past a short parenthesis after a name ("Sen. Ann Lee (D-Mo.)")."""
    if k < len(toks) and toks[k].text == "(":
        m = k + 1
        while m < len(toks) and toks[m].text != ")" and m - k < 8:
            m += 1
        if m < len(toks) and toks[m].text == ")":
            return m + 1
    return k


def common_word(text: str, tok: Tok) -> bool:
    """A capitalised word that the article also writes in lower case ("Hours", "Speaking")."""
    low = tok.text.lower()
    return low in NOT_NAMES or low.endswith("ing") or low in _lower_vocab(text)


_VOCABS: dict[tuple[int, int], frozenset[str]] = {}


def _lower_vocab(text: str) -> frozenset[str]:
    """The article's lower-case words, once per text. Kept by length and hash (a string keeps its
    hash once computed): an equal text in a new string object, as each analysis makes, finds them
    without comparing the whole text again, as a cache keyed on the text itself would."""
    key = (len(text), hash(text))
    found = _VOCABS.get(key)
    if found is None:
        if len(_VOCABS) >= 4:
            _VOCABS.clear()                 # a few articles at a time; clear() is safe beside other threads
        found = _VOCABS[key] = frozenset(re.findall(r"\b[a-z][a-z'’]+\b", text))
    return found


def colon_label(text: str, start: int, end: int) -> Cue | None:
    """A speaker named right before a colon that introduces a quote, with nothing else of the
    sentence before it: ``Clinton: “…”`` / ``… - Pew Research: “…”`` / ``From the report: “…”`` /
    ``Ann Lee, Dover Council: “…”`` (a name and its affiliation, as lists of reactions give them)."""
    toks = tokens(text, max(start, end - 200), end)
    if len(toks) < 2 or toks[-1].text != ":":
        return None
    np = np_backward(toks, len(toks) - 1, 0)
    if np is None or np[1] != len(toks) - 1 or phrase_kind(toks, *np) == "pronoun":
        return None
    before = toks[np[0] - 1] if np[0] else None
    if before is not None and before.text == ",":
        first = np_forward(toks, 0)
        if first is not None and first[1] == np[0] - 1 and phrase_kind(toks, *first) == "name":
            np, before = first, None         # "Ann Lee, Dover Council: “…”": the person, then her affiliation
    if before is not None and not (before.text in "-—–―" or before.low == "from" and np[0] == 1):
        return None
    if phrase_kind(toks, *np) == "descriptor" and (before is None or before.low != "from"):
        return None
    return Cue((toks[-1].start, toks[-1].end), (toks[np[0]].start, toks[np[1] - 1].end),
               phrase_kind(toks, *np))


def possessive_frame(text: str, start: int, end: int, floor: int, stop: int) -> Cue | None:
    """A quote between a possessive and a speech noun: ``Obama's “if you like your plan, you can
    keep it” promise`` is Obama's."""
    after = tokens(text, end, min(stop, end + 30))
    if not after or after[0].low not in SPEECH_NOUNS:
        return None
    before = tokens(text, max(floor, start - 80), start)
    if not before or not before[-1].low.endswith(("’s", "'s")) or not before[-1].cap:
        return None
    np = np_backward(before, len(before), 0)
    if np is None or np[1] != len(before) or phrase_kind(before, *np) != "name":
        return None
    return Cue((after[0].start, after[0].end), (before[np[0]].start, before[np[1] - 1].end), "name")


def _cue(toks: list[Tok], a: int, b: int, np: tuple[int, int]) -> Cue:
    s, e = np
    return Cue((toks[a].start, toks[b - 1].end), (toks[s].start, toks[e - 1].end), phrase_kind(toks, s, e))
