"""Speaker entities: matching a speaker phrase to an entity, or adding one.

A named phrase ("Sen. Ted Cruz", "Trump") joins the entity whose mention overlaps it or that shares
its surname; a pronoun joins the nearest speaker (or person mention) before it of a fitting gender
and number; a title phrase ("the president", "the Russian leader") joins the latest entity named
with that title. Every phrase resolved becomes a mention of its entity. New entities take ids
continuing the existing numbering.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import lru_cache

from ..annotations import Entity
from ..article import Span
from .cues import APPOSITION, NAME_RELATIONS, RELATIONS, sentence_subject
from .gazetteer import (
    COUNT_WORDS,
    OPENING_FUNCTION_WORDS,
    is_name_word,
    is_person_noun,
    name_gender,
    plural_name_word,
)
from .ner_features import head_class
from .ner_tagger import default_lexicon
from .pos import pos_tags

TITLE_WORDS = set("""
president vice senator sen sen. rep rep. representative gov gov. governor mr mr. mrs mrs. ms ms.
dr dr. gen gen. general secretary minister prime chancellor chairman chairwoman chair speaker
leader judge justice mayor attorney former candidate nominee spokesman spokeswoman sheriff
congressman congresswoman commissioner director ambassador host anchor columnist professor
pope king queen prince chief lt. col. sgt. rev. the a an u.s. state democratic republican gop
presidential commander
""".split())
ROLE_NOUNS = set("""
president senator governor leader candidate nominee secretary minister chancellor congressman
congresswoman lawmaker mayor chairman chairwoman speaker billionaire businessman mogul
frontrunner front-runner republican democrat official host anchor king pope judge
""".split())
ORG_WORDS = set("""
house party committee campaign post times news department office agency council association
network magazine journal press tribune cnn msnbc fox reuters administration group
""".split())
_ID = re.compile(r"^([A-Za-z_]*?)(\d+)$")
# a role in apposition after a name, up to its head and the comma or stop after it: ", the
# presumptive Republican nominee,"
_APPOSITIVE_ROLE = re.compile(APPOSITION + r"[ \t]*[,.;]")
_WORD = re.compile(r"[A-Za-z][\w'’.\-]*")
PRONOUN_WINDOW = 2500
# a person described by a role: "the Russian leader", "a former senator", "this official"
_ROLE_DETERMINERS = {"the", "a", "an", "this", "that"}
_PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_SENT_START = re.compile(r"(?:^|[.!?][\"\u201d]?[ \t]+|\n)(?=[A-Z])")
# a sentence's end, but not an initial's full stop ("George W. Bush")
_SENTENCE_BREAK = re.compile(r"(?:(?<!\s[A-Z])[.!?][\"\u201d]?[ \t]+|\n)(?=[A-Z])")


@lru_cache(maxsize=4)
def _vocab(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\b[a-z][a-z'’]+\b", text))


@dataclass
class Record:
    id: str
    name: str
    type: str
    mentions: list[Span]
    salience: float = 0.0
    titles: set[str] = field(default_factory=set)
    gender: str | None = None
    given: bool = False


# a sentence's first word so tagged is capitalised for opening it, not for naming anyone; not adjectives
# ("Good information …"): surnames are adjectives too, and the quotes scored lost more right speakers
# than junk ones (docs/EVALUATION.md)
_FUNCTION_TAGS = frozenset({"RB", "RBR", "IN", "CC", "DT", "PDT", "EX", "MD", "VB", "UH", "WRB", "WDT"})
_SENTENCE_OPENING = re.compile(r'(?:^|[.!?:]["\u201d\')]?\s+|\n\s*|["\u201c(]\s*)$')


def _opens_sentence(text: str, span: Span) -> bool:
    """``span`` opens its sentence (or a quotation or bracket)."""
    return _SENTENCE_OPENING.search(text, max(0, span[0] - 3), span[0]) is not None


def _opening_capital_tag(text: str, span: Span, word: str) -> str | None:
    """The part-of-speech tag the tagger gives ``word``, with the words after it, when it opens its
    sentence at ``span`` and is no first name or surname of the census lists; else None. A tag of
    :data:`_FUNCTION_TAGS` says it is capitalised because it opens the sentence, not because it
    names anyone ("Maybe", "Neither", "If", "Subscribe")."""
    if not _opens_sentence(text, span) or is_name_word(word.lower(), default_lexicon()):
        return None
    after = text[span[1]:span[1] + 60].split()[:5]
    return pos_tags([word, *after])[0]


def name_words(phrase: str) -> list[str]:
    return list(_name_words(phrase))


@lru_cache(maxsize=65536)
def _name_words(phrase: str) -> tuple[str, ...]:
    words = [w.rstrip(".’'").removesuffix("’s").removesuffix("'s") for w in _WORD.findall(phrase)]
    out: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() or w.lower() in TITLE_WORDS:
            break
        out.append(w)
    return tuple(reversed(out))


@lru_cache(maxsize=65536)
def _lower_name_words(name: str) -> tuple[str, ...]:
    """The words of a record's name that :meth:`Registry._by_surname` compares, in lower case."""
    return tuple(w.lower() for w in _name_words(name) or name.split())


# a first person as a source: in a quote the quoted speaker, in reported speech and outside quotes the
# writer ("Lee told me that …" is the reporter's "me"; "we" the writer's side)
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my"})
FIRST_PERSON = FIRST_PERSON_SINGULAR | {"we", "us", "our"}
# the person addressed: never a speaker named before ("You mentioned the book": the interviewee's
# interviewer; in a quote, whom the speaker addresses)
SECOND_PERSON = frozenset({"you", "your"})


class Registry:
    def __init__(self, text: str, entities: list[Entity]):
        self.text = text
        self.records = [Record(e.id, e.name, e.type, list(e.mentions), e.salience,
                               given=True) for e in entities]
        self.lexicon = default_lexicon()
        for r in self.records:
            r.titles = self._titles_near(r)
            if r.type == "person":
                r.gender = self._sex(r.name)
        self.history: list[tuple[int, str]] = []     # (position, id) of resolved named speakers
        numbers = [_ID.match(e.id) for e in entities]
        numbers = [m for m in numbers if m]
        self.prefix = numbers[0].group(1) if numbers else "e"
        self.next = max((int(m.group(2)) for m in numbers), default=0) + 1
        self.descriptors: dict[str, str] = {}
        self.index: list[tuple[int, int, Record]] = []
        self.given_spans = sorted((m[0], m[1], i) for i, r in enumerate(self.records)
                                  for m in r.mentions)
        self.by_id: dict[str, Record] = {}
        for r in self.records:
            self.by_id.setdefault(r.id, r)                # the first of a repeated id, as a scan finds
        self.order = {r.id: i for i, r in enumerate(self.records)}
        self.given = any(r.given for r in self.records)
        # lower-case name word -> the records whose name has held it (checked again on use), so
        # that finding a surname's record does not scan every record of a long article
        self.by_word: dict[str, list[Record]] = {}
        for r in self.records:
            self._index_name(r)
        # (start, record order) of every mention, kept sorted: the records named near a position
        self.starts = sorted((m[0], i) for i, r in enumerate(self.records) for m in r.mentions)
        self.voices: list[tuple[int, int, str]] = []     # (start, end, speaker id) of quotes with a speaker
        self.labels: dict[Span, str | None] = {}         # interview turn labels ("Q", "A") -> speaker id

    def set_voices(self, voices: list[tuple[int, int, str]]) -> None:
        """The spans of what someone is quoted saying, with their speakers: a first-person "I" inside
        one is that speaker's (:meth:`_first_person`)."""
        self.voices = sorted(voices)

    def named_before(self, span: Span) -> str | None:
        """The person or organisation already known whose name the words at ``span`` give (a
        transcript's label "FALLIN" for "Mary Fallin"), found without recording anything: no new
        record, no speaker for the pronouns after it."""
        words = name_words(self.text[span[0]:span[1]])
        rec = self._by_surname(words, span[0]) if words else None
        return rec.id if rec is not None else None

    def set_label(self, span: Span, speaker: str | None) -> None:
        """A turn label of an interview ("Q", "A") stands for ``speaker`` (None: the interviewer,
        no one named) as a source, never as a name of its own."""
        self.labels[span] = speaker

    def named_in(self, span: Span) -> str | None:
        """The one person with a mention inside ``span`` (a title: "Q&A with Vice President Joe
        Biden"), or None when it names no person or several."""
        found = {r.id for r in self.records if r.type == "person" and name_words(r.name)
                 and any(span[0] <= s and e <= span[1] for s, e in r.mentions)}
        return found.pop() if len(found) == 1 else None

    def _first_person(self, span: Span) -> tuple[str | None, float]:
        """"I" as a source is the speaker of the quote it stands in (the innermost); outside every
        quote it is the writer's own voice (or an interviewee's), never a person named before it."""
        inside = [v for v in self.voices[:bisect_left(self.voices, (span[0] + 1,))] if v[0] <= span[0] < v[1]]
        if not inside:
            return None, 0.3
        rec = self.by_id[max(inside, key=lambda v: (v[0], -v[1]))[2]]     # the innermost: latest start, shortest
        return self._add(rec, span, False), 0.8

    def _given_near(self, span: Span) -> list[tuple[int, int, Record]]:
        i = bisect_left(self.given_spans, (span[0] - 200,))
        out = []
        while i < len(self.given_spans) and self.given_spans[i][0] < span[1]:
            s, e, k = self.given_spans[i]
            out.append((s, e, self.records[k]))
            i += 1
        return out

    @staticmethod
    def _last_before(rec: Record, pos: int) -> int:
        return max((m[0] for m in rec.mentions[-200:] if m[0] < pos), default=-1)

    def _titles_near(self, r: Record) -> set[str]:
        """The title words written before a person's mentions ("Sen.", "Russian President"), and
        the words of a role in apposition after one ("Donald Trump, the presumptive Republican
        nominee, said": "presumptive", "republican", "nominee"), whose head is a noun for
        people: :meth:`_role_antecedent` finds the person a later "the nominee" stands for."""
        titles: set[str] = set()
        own = {w.lower() for w in name_words(r.name)}
        for s, e in r.mentions[:20]:
            before = self.text[max(0, s - 40):e].split()[-3 - len(self.text[s:e].split()):]
            titles |= {w.lower().strip(".,") for w in before if w[:1].isupper()} - own
            if r.type == "person":
                role = _APPOSITIVE_ROLE.match(self.text, e, e + 120)
                if role and role.group(2).lower() in ROLE_NOUNS:
                    titles |= {w.lower() for w in (role.group(1) + role.group(2)).split()}
        return titles

    def entities(self) -> list[Entity]:
        """The records as entities. A person known only by a role phrase no name was found for ("the
        businessman", "a judge") is listed as a source: the People panel lists people by name,
        and such a phrase may stand for one of them (inside, it is a person, whom "he" and "she"
        can stand for)."""
        unnamed = set(self.descriptors.values())
        return [Entity(r.id, r.name, "source" if r.id in unnamed and r.type == "person" else r.type,
                       tuple(sorted(set(r.mentions))), r.salience)
                for r in self.records]

    def _sex(self, name: str) -> str | None:
        """"m", "f" or None, as a record keeps it, for the sex a name gives (:func:`name_gender`)."""
        return {"male": "m", "female": "f"}.get(name_gender(name, self.lexicon) or "")

    def _index_name(self, rec: Record) -> None:
        for word in set(_lower_name_words(rec.name)):
            holders = self.by_word.setdefault(word, [])
            if not holders or holders[-1] is not rec:
                holders.append(rec)

    def _new(self, name: str, typ: str) -> Record:
        while f"{self.prefix}{self.next}" in self.by_id:
            self.next += 1
        rec = Record(f"{self.prefix}{self.next}", name, typ, [])
        self.next += 1
        self.order[rec.id] = len(self.records)
        self.records.append(rec)
        self.by_id[rec.id] = rec
        self._index_name(rec)
        return rec

    def _add(self, rec: Record, span: Span, named: bool, mention: bool = True) -> str:
        """``span`` refers to ``rec``: kept among its mentions (unless ``mention`` is false), and
        where it is, for the speakers and pronouns that follow."""
        if mention and (not rec.mentions or rec.mentions[-1] != span):
            rec.mentions.append(span)
            insort(self.starts, (span[0], self.order[rec.id]))
        self.index.append((span[0], span[1], rec))
        if named:
            self.history.append((span[0], rec.id))
        return rec.id

    def alias(self, rid: str, span: Span) -> None:
        """Record another phrase naming a known speaker ("who" after "Trump,") as its mention."""
        rec = self.by_id.get(rid)
        if rec is not None:
            self._add(rec, span, False)

    def records_given(self) -> bool:
        return self.given

    def pronoun_to(self, name: Span, pron: Span) -> str | None:
        """The person named at ``name`` as the antecedent of the pronoun at ``pron``, when its
        gender and type fit (None otherwise)."""
        word = self.text[pron[0]:pron[1]].lower()
        if word not in {"he", "she"}:
            return None
        gender = "f" if word == "she" else "m"
        words = name_words(self.text[name[0]:name[1]])
        if not words:
            return None
        rec = self._by_surname(words, name[0])
        if rec is None:
            rec = next((r for _, _, r in self._given_near(name) if r.type == "person"), None)
        if rec is None and not self.records_given():
            rid, _ = self.resolve(name, "name")
            rec = self.by_id.get(rid) if rid is not None else None
        if rec is None or rec.type != "person" or (rec.gender and rec.gender != gender) or _group(rec):
            return None
        rec.gender = gender
        self._add(rec, name, True)
        return self._add(rec, pron, False)

    def resolve(self, span: Span, kind: str) -> tuple[str | None, float]:
        if span in self.labels:
            speaker = self.labels[span]
            return (self._add(self.by_id[speaker], span, False), 0.8) if speaker is not None else (None, 0.3)
        phrase = self.text[span[0]:span[1]]
        if phrase.lower() in SECOND_PERSON:
            return None, 0.3
        if kind == "pronoun":
            return self._pronoun(span, phrase.lower())
        # "a spokeswoman for Lee", "an aide to Senator Ann Lee": the spokeswoman speaks, not Lee
        related = kind in ("name", "descriptor") and _head_before_preposition(phrase.split())
        if kind == "name" and (related or _described(phrase)):
            kind = "descriptor"           # "the Trump administration's communications team" is not Trump
        head = _name_before_preposition(phrase) if kind == "name" else None
        if head is not None:              # "Morgan of the Sierra Club": Morgan speaks
            return self.resolve((span[0], span[0] + head), kind)
        hits = [] if related else [(s, e, r) for s, e, r in self.index[-40:] + self._given_near(span)
                                   if s < span[1] and span[0] < e and (kind != "descriptor" or e >= span[1])]
        of = _organisation_of(phrase) if kind == "name" and hits else None
        if of is not None and all(s >= span[0] + of for s, _, _ in hits):
            # "Bank of America said …" where only "America" was found: the bank speaks
            return self._add(self._organisation(phrase), span, True), 0.9
        if hits:
            # a person named at the end of the phrase is its head: "Lee spokesperson Ron Baker" is
            # Baker, "Florida Sen. Marco Rubio" Rubio
            s, e, r = next((h for h in hits if h[1] >= span[1] and h[2].type == "person"), hits[0])
            if r.given and not name_words(r.name):        # a title the tagger took for a name
                named = self._role_antecedent(span, r.name, exclude=r)
                if named is not None:
                    return self._add(named, span, False), 0.7
            # a source phrase that holds the name it overlaps ("Kathryn Waters, director of the
            # gallery") speaks for that mention: the name stays the mention, not the whole phrase
            return self._add(r, span, True, mention=not (s >= span[0] and e <= span[1] and (s, e) != span)), 0.9
        words = name_words(phrase)
        if kind == "descriptor" or not words:
            return self._descriptor(span, phrase)
        rec = self._by_surname(words, span[0])
        tag = _opening_capital_tag(self.text, span, words[0]) if rec is None and len(words) == 1 else None
        if tag is not None and all(part in COUNT_WORDS for part in words[0].lower().split("-")):
            return self._descriptor(span, phrase)   # "Thirty percent said …": people counted, a source
        if tag in _FUNCTION_TAGS or rec is None and len(words) == 1 and words[0].lower() in OPENING_FUNCTION_WORDS \
                and _opens_sentence(self.text, span):
            return None, 0.3              # "Maybe they …", "Neither said …", "Hence the …": a sentence's first word, no name
        if rec is None:
            low = {w.lower() for w in phrase.split()}
            typ = "organization" if low & ORG_WORDS or len(words) > 3 else "person"
            rec = self._new(" ".join(words), typ)
        elif len(" ".join(words)) > len(rec.name) and not rec.given:
            rec.name = " ".join(words)
            self._index_name(rec)
        rec.titles |= {w.lower().strip(".,") for w in phrase.split()} - {w.lower() for w in words}
        if rec.gender is None:            # "Mrs. Lee", "Ada Stone": a title or a first name of one sex
            rec.gender = self._sex(phrase) or self._sex(" ".join(words))
        return self._add(rec, span, True), 0.9

    def _by_surname(self, words: list[str], pos: int) -> Record | None:
        surname = words[-1].lower()
        best, best_pos = None, -1
        holders = self.by_word.get(surname, [])
        if len(holders) > 1:                             # in record order, as a scan of all would
            holders = sorted({id(r): r for r in holders}.values(), key=lambda r: self.order[r.id])
        for r in holders:
            rwords = _lower_name_words(r.name)
            if not rwords or surname not in rwords:
                continue
            if len(words) > 1 and rwords[-1] != surname and words[0].lower() not in rwords:
                continue
            last = max(self._last_before(r, pos + 1), 0)
            if last >= best_pos:
                best, best_pos = r, last
        return best

    def _last_speakers(self, pos: int):
        by_id = self.by_id
        for p, rid in reversed(self.history[-50:]):
            if pos - p >= PRONOUN_WINDOW:
                break
            if p < pos:
                yield by_id[rid]

    def antecedent_within(self, start: int, span: Span) -> tuple[bool, str | None]:
        """For a pronoun at ``span`` inside what another speaker said (which begins at ``start``):
        whether that content names someone the pronoun can be before it, and whom — the person
        entity mentioned last (of the pronoun's sex), or None when the nearer one is a person
        described by a role ("whether the Russian leader was ready to end the war he started": not
        the outer speaker, and no one named). (False, None) when it names no one, or when the
        pronoun opens a second clause of the outer cue ("and that he …")."""
        word = self.text[span[0]:span[1]].lower()
        if word not in {"he", "she"} or re.search(r"\band that\s+$", self.text[max(0, span[0] - 12):span[0]]):
            return False, None             # "argued that … and that he fears …": the same speaker goes on
        gender = "f" if word == "she" else "m"
        named, named_at = None, -1
        i = bisect_left(self.given_spans, (start,))
        while i < len(self.given_spans) and self.given_spans[i][0] < span[0]:
            s, e, k = self.given_spans[i]
            rec = self.records[k]
            if rec.type == "person" and e <= span[0] and rec.gender in (None, gender):
                named, named_at = rec, s
            i += 1
        words = list(_PLAIN_WORD.finditer(self.text, start, span[0]))
        role_at = max((m.start() for n, m in enumerate(words)
                       if m.group().islower() and not m.group().endswith("s") and is_person_noun(m.group())
                       and any(w.group().lower() in _ROLE_DETERMINERS for w in words[max(0, n - 3):n])), default=-1)
        if role_at > named_at:
            return True, None
        if named is not None:
            return True, self._add(named, span, False)
        return False, None

    def _pronoun(self, span: Span, word: str) -> tuple[str | None, float]:
        if word in FIRST_PERSON:
            return self._first_person(span)
        plural = word in {"they", "we", "it", "its"}     # "its" never stands for a person
        gender = "f" if word in {"she", "her"} else "m" if word in {"he", "his"} else None
        if word in {"his", "her"}:
            own = self._named_in_sentence(span[0], gender)
            if own is not None:                   # "Trump was heard sharing his assessment of …"
                return self._add(own, span, False), 0.8
        for rec in self._last_speakers(span[0]):
            if plural != (rec.type != "person") or gender and _group(rec):
                continue
            if gender and rec.gender and rec.gender != gender:
                continue
            if gender and rec.gender is None:
                rec.gender = gender
            return self._add(rec, span, False), 0.8
        # no speaker yet: the nearest person mention of the given entities (only records named
        # within the window can qualify; they are taken in record order, as a scan of all would)
        best, best_pos = None, -1
        lo = bisect_left(self.starts, (span[0] - PRONOUN_WINDOW + 1,))
        hi = bisect_left(self.starts, (span[0],))
        for r in [self.records[k] for k in sorted({k for _, k in self.starts[lo:hi]})]:
            if (r.type == "person") == plural or (gender and r.gender and r.gender != gender) or gender and _group(r):
                continue
            last = self._last_before(r, span[0])
            if last > best_pos and span[0] - last < PRONOUN_WINDOW:
                best, best_pos = r, last
        if best is not None:
            return self._add(best, span, False), 0.65
        if not plural:
            name = self._scan_subject(span[0])
            if name is not None:
                sp, _ = self.resolve(name, "name")
                rec = self.by_id[sp] if sp is not None else None
                if rec is not None and not (gender and (rec.type == "place" or _group(rec))):
                    rec.gender = rec.gender or gender     # "she" is no place nor group
                    return self._add(rec, span, False), 0.55
        return None, 0.3

    def _named_in_sentence(self, pos: int, gender: str) -> Record | None:
        """The person named last before ``pos`` in its own sentence (of ``gender``, or of unknown
        sex): a possessive "his" or "her" there is theirs before any earlier speaker's."""
        start = max((m.end() for m in _SENTENCE_BREAK.finditer(self.text, max(0, pos - 400), pos)), default=0)
        best, best_pos = None, -1
        for at, k in self.starts[bisect_left(self.starts, (start,)):bisect_left(self.starts, (pos,))]:
            r = self.records[k]
            if r.type == "person" and name_words(r.name) and r.gender in (None, gender) and at > best_pos:
                best, best_pos = r, at
        return best

    def _scan_subject(self, pos: int) -> Span | None:
        """With no entity list: the last name opening a sentence shortly before ``pos``."""
        best = None
        for m in _SENT_START.finditer(self.text, max(0, pos - PRONOUN_WINDOW // 2), pos):
            cue = sentence_subject(self.text, m.end(), min(pos, m.end() + 200))
            if cue is None or cue.kind != "name":
                continue
            phrase = self.text[cue.speaker[0]:cue.speaker[1]]
            words = name_words(phrase)
            if words and not (len(words) == 1 and words[0].lower() in _vocab(self.text)):
                start = cue.speaker[0] + phrase.rfind(words[0])
                best = (start, start + len(" ".join(words)))
        return best

    def _titled_name(self, title: str, pos: int) -> Record | None:
        """With no entity list: the last "President Mara Lindqvist" before a "the president"."""
        pattern = re.compile(rf"\b(?i:{re.escape(title)})\.?\s+((?:[A-Z][\w’'\-]+\s?){{1,3}})")
        best = None
        for m in pattern.finditer(self.text, max(0, pos - PRONOUN_WINDOW), pos):
            best = (m.start(1), m.start(1) + len(m.group(1).rstrip()))
        if best is None:
            return None
        sp, _ = self.resolve(best, "name")
        return self.by_id[sp] if sp is not None else None

    def _role_antecedent(self, span: Span, phrase: str, exclude: Record | None = None) -> Record | None:
        """The person a definite role phrase ("the president", "the Russian leader") refers to:
        the latest person named with those title words before it."""
        words = [w.lower().strip(".,’'") for w in phrase.split()]
        content = [w for w in words if w not in {"the", "a", "an"}]
        head = content[-1] if content else ""
        if not (words and words[0] == "the" and head in ROLE_NOUNS):
            return None
        wanted = set(content) - {"former", "leader"}
        best, best_pos = None, -1
        for r in self.records:
            if r.type != "person" or r is exclude or (wanted and not wanted & r.titles) \
                    or not name_words(r.name):
                continue
            last = self._last_before(r, span[0])
            if last > best_pos:
                best, best_pos = r, last
        return best if best is not None else self._titled_name(head, span[0])

    def _organisation(self, phrase: str) -> Record:
        """The organisation a name phrase names (a leading "the" aside), one record per name."""
        name = re.sub(r"^[Tt]he\s+", "", phrase.strip())
        for r in self.by_word.get(name.split()[-1].lower(), []):
            if r.name.lower() == name.lower():
                return r
        return self._new(name, "organization")

    def _descriptor(self, span: Span, phrase: str) -> tuple[str | None, float]:
        words = [w.lower().strip(".,’'") for w in phrase.split()]
        content = [w for w in words if w not in {"the", "a", "an"}]
        head = content[-1] if content else ""
        best = self._role_antecedent(span, phrase)
        if best is not None:
            return self._add(best, span, False), 0.7
        key = " ".join(content)
        rec = self.by_id.get(self.descriptors.get(key, ""))
        if rec is None:
            typ = "person" if (head in ROLE_NOUNS or head.startswith("spokes")) and not _plural(head) else \
                "organization" if head in ORG_WORDS else "source"   # "officials", "the report", "critics"
            rec = self._new(phrase.strip(), typ)
            self.descriptors[key] = rec.id
        return self._add(rec, span, True), 0.7


_HEAD_AFTER_NAME = re.compile(r"[A-Z][\w.’'-]*\s+(?:[a-z][\w’'-]*\s+)*[a-z][\w’'-]*$")


# a name in the possessive, then the common noun it owns: "Thomas' sister", "Zelensky’s team"
_POSSESSED = re.compile(r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*(?:['’]s|s['’])\s+(?:[a-z][\w’'-]*\s+)*[a-z][\w’'-]*")


def _group(rec: Record) -> bool:
    """A person entity named by a plural word that is no surname ("Muslims", "Democrats"): "she" or
    "he" never stands for it ("Sanders" may)."""
    return plural_name_word(rec.name) and rec.name.lower() not in (default_lexicon() or {}).get("surname", ())


def _described(phrase: str) -> bool:
    """A phrase whose head is a common noun after a name that only modifies it, with a determiner
    before ("the Trump administration’s communications team", "the Clinton campaign"), owned by
    the name ("Thomas' sister", "Zelensky’s team"). A name followed by its role is no such phrase
    ("Ann Lee, a teacher" is cut before the comma). A phrase with a preposition before the name ("a
    spokeswoman for Lee") is :func:`_head_before_preposition`'s."""
    words = phrase.split()
    return (len(words) >= 3 and words[0].lower() in {"the", "a", "an"} and words[-1].islower()
            and _HEAD_AFTER_NAME.search(phrase) is not None) or _POSSESSED.fullmatch(phrase) is not None


def _head_before_preposition(words: list[str]) -> bool:
    """A determiner and up to three lower-case words ending in a noun for people, or such a noun
    alone ("Voters in Iowa"), then a preposition and a name; not a thing's phrase ("a letter to
    Facebook", "the paradox of Nancy Reagan")."""
    if len(words) >= 4 and words[0].lower() in _DETERMINERS:
        k = 1
        while k < len(words) and k <= 4 and words[k].islower() and words[k] not in RELATIONS:
            k += 1
        if k == 1:
            return False
    elif len(words) >= 3 and is_person_noun(words[0].lower()):
        k = 1
    else:
        return False
    if k >= len(words) - 1 or words[k] not in RELATIONS or not is_person_noun(words[k - 1].lower()):
        return False
    rest = words[k + 1:]
    named = len(rest)
    while named > 0 and rest[named - 1][:1].isupper():
        named -= 1
    # a name of two words or more after a lower-case noun is the phrase's head: "master of
    # ceremonies Asab Al-Tabchi" is Al-Tabchi
    return named < len(rest) and not (len(rest) - named >= 2 and named > 0 and rest[named - 1].islower()
                                      and rest[named - 1] not in _DETERMINERS)


_RELATION_WORDS = "|".join(sorted(NAME_RELATIONS))
_NAME_THEN_RELATION = re.compile(r"(?:[A-Z][\w.’'-]*\s+){1,3}(?=(?:" + _RELATION_WORDS + r")\s+\S)")


# capitalised words, the last of them heading organisation names, then "of" and a name: "Bank of
# America", "the University of Chicago", "Federal Reserve Bank of New York"
_ORGANISATION_OF = re.compile(r"(?:[Tt]he\s+)?(?:[A-Z][\w'’.&-]*\s+){0,3}?([A-Z][a-z]+)\s+of\s+(?=[A-Z]|the\s+[A-Z])")
_INSIDE_NAMES = frozenset({"of", "the", "and", "&", "for"})


def _organisation_of(phrase: str) -> int | None:
    """Where the name after "of" begins in a speaker phrase that is an organisation's name, "HEAD of
    NAME" with a head word of organisation names (:func:`.ner_features.head_class`) and nothing but
    capitalised words (and "of", "the", "and", "&", "for") after it; None for any other phrase
    ("Secretary of State John Kerry", "the Department of Justice spokesman")."""
    m = _ORGANISATION_OF.match(phrase)
    if m is None or head_class(m.group(1).lower()) != "org":
        return None
    rest = phrase[m.end():].split()
    if not rest or not all(w[:1].isupper() or w in _INSIDE_NAMES for w in rest) or rest[-1] in _INSIDE_NAMES:
        return None
    return m.end()


def _name_before_preposition(phrase: str) -> int | None:
    """The length of the capitalised words before a preposition that opens the rest of a speaker
    phrase ("Morgan of the Sierra Club", "Ann Lee from Dover"), when the preposition is no part of
    a name ("Bank of America": its words after "of" in title case with no article)."""
    m = _NAME_THEN_RELATION.match(phrase)
    if m is None:
        return None
    rest = phrase[m.end():].split()
    if len(rest) >= 2 and rest[1][:1].isupper() and rest[0] == "of":
        return None                       # "Bank of America", "Secretary of State John Kerry"
    if _organisation_of(phrase) is not None:
        return None                       # "Museum of the Moving Image": one name
    return len(m.group().rstrip())


_DETERMINERS = frozenset({"a", "an", "the", "one", "two", "three", "several", "some", "another"})


def _plural(noun: str) -> bool:
    """A plural head noun ("officials", "critics"; not "boss", "witness")."""
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
