"""Speakers for quotes: the cue next to a quote, else the speaker of the quote it continues.

Order of evidence for one quote (first that applies wins):
1. a cue right after it (``,” Trump said``), 2. a cue before it in the same sentence
(``Trump told reporters, “…”``, ``according to X``, ``Smith said the plan was “…”``; see
:mod:`.cues` for the reporting verb that governs a quote), 3. the part before it of the same quote
(a quote running across paragraphs, or split by its attribution), 4. an earlier quote in the same
sentence or paragraph, 5. an earlier quote it repeats word for word (a fragment echoing a full
quote), 6. the subject of the writer's sentence just before a quote sentence, 7. a quote
paragraph directly after a quote paragraph. A speaker phrase becomes an entity:
the given entity whose mention overlaps it or that shares its surname, else a new one. Pronouns
and titles ("he", "the Russian leader") resolve to the nearest fitting speaker or entity before
them. Anything below :data:`MIN_CONFIDENCE` leaves the speaker empty.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..annotations import Attribution, Entity, Quote
from ..article import Article, Span
from .cues import (
    Cue,
    colon_label,
    find_after,
    find_before,
    find_credit,
    find_trailing,
    possessive_frame,
    sentence_subject,
)
from .quotes import (
    MARKS,
    RawQuote,
    blocks_of,
    inner,
    raw_quotes,
    transcript_label,
    typewriter_marks,
    widen_to_pairs,
)
from .reported import Reported, confident, find_reported, kind_of, named_mentions, resolve_kept
from .speakers import FIRST_PERSON, Registry
from .statement_tagger import Tagged, TaggedIndex, default_tagger

MIN_CONFIDENCE = 0.5
# a statement of the learnt tagger is kept at this confidence, where no rule found one
# (chosen by the two-fold protocol of docs/EVALUATION.md)
LEARNT_MIN_CONFIDENCE = 0.7
_SUBORDINATE = re.compile(r"(?:When|As|After|Before|While|Once|If|Although|Though|Because|Since|"
                          r"Until)\s")
_SENT_END = re.compile(r"[.!?][\"\u201d\u2019)]?\s+(?=[\"\u201c\u2018(]?[A-Z])")


def attribute(text: str, blocks: list[Span], sentences: list[Span], raws: list[RawQuote],
              reg: Registry) -> tuple[list[Quote], list[Span | None]]:
    """Each quote with its speaker, resolved in ``reg`` (which gains the speakers it lacked), and
    the source phrase as written next to its cue (None where the speaker came from elsewhere)."""
    found: list[tuple[str | None, Span | None, float]] = []
    sources: list[Span | None] = []          # the source phrase as written, where a cue gave one
    by_group: dict[int, int] = {}
    for n, q in enumerate(raws):
        speaker, cue, conf, source = _attribute_one(text, blocks, sentences, raws, n, found, by_group, reg)
        found.append((speaker, cue, conf))
        sources.append(source)
        if speaker is not None and q.group not in by_group:
            by_group[q.group] = n
    # a quote running across paragraphs gets its speaker from any of its parts
    group_speaker: dict[int, tuple[str, Span | None, float]] = {}
    for q, (sp, cue, conf) in zip(raws, found, strict=True):
        if sp is not None and (q.group not in group_speaker or conf > group_speaker[q.group][2]):
            group_speaker[q.group] = (sp, cue, conf)
    quotes, written = [], []
    for q, (sp, cue, conf), source in zip(raws, found, sources, strict=True):
        if sp is None and q.group in group_speaker:
            sp, _, conf = group_speaker[q.group]
            conf *= 0.9
        if conf < MIN_CONFIDENCE:
            sp = None
        quotes.append(Quote(q.span, sp, cue, q.fragment, round(conf if sp else 1 - conf, 3)))
        # a first-person source stays written without a speaker: the writer's own "I said"
        first_person = source is not None and text[source[0]:source[1]].lower() in FIRST_PERSON
        written.append(source if sp is not None or first_person else None)
    return quotes, written


def _attribute_one(text, blocks, sentences, raws, n, found, by_group, reg):
    q = raws[n]
    s, e = q.span
    b_start, b_end = blocks[q.block]
    nxt = raws[n + 1].span[0] if n + 1 < len(raws) and raws[n + 1].block == q.block else b_end
    prev = raws[n - 1] if n and raws[n - 1].block == q.block else None
    sent_start = _sentence_start(text, sentences, s, b_start)
    cue: Cue | None = None
    if q.label is not None:
        sp, conf = reg.resolve(q.label, "name")
        return sp, None, min(conf, 0.85), q.label
    if q.closed:
        cue = find_after(text, e, nxt, _ends_sentence(text, s, e)) or find_credit(text, e, nxt)
        if cue is not None and _SUBORDINATE.match(text, sent_start) and sent_start < s \
                and text[s:e].rstrip(MARKS + " ").endswith(","):
            # ``When someone shouted, “Cruz,” Beck joked``: the quote is the clause's own
            inside = find_before(text, max(sent_start, prev.span[1] if prev else b_start), s)
            if inside is not None and inside.kind != "none":
                cue = inside
    if cue is None:
        floor = max(sent_start, prev.span[1] if prev else b_start)
        cue = possessive_frame(text, s, e, floor, nxt) if q.closed else None
        cue = cue or find_before(text, floor, s)
        if cue is None and prev is None and q.block and text[b_start:s].strip() == "":
            cue = _colon_intro(text, blocks[q.block - 1], sentences)
        if cue is None and text[floor:s].rstrip().endswith(":"):
            subject = sentence_subject(text, floor, s)       # ``Hannity interjected: “…”``
            cue = Cue((s - 1, s - 1), subject.speaker, subject.kind) if subject else None
            cue = cue or colon_label(text, floor, text.rindex(":", floor, s) + 1)
        if cue is None and q.closed and not _ends_sentence(text, s, e):
            cue = find_trailing(text, e, nxt)
        if cue is None and q.closed and q.block + 1 < len(blocks) and text[e:b_end].strip() == "":
            cue = find_credit(text, *blocks[q.block + 1])    # “…” closing its paragraph, then "— Ann Lee"
        if cue is not None and cue.kind == "none":
            same = _same_sentence_speaker(raws, found, n, sent_start)
            if same:
                return same[0], cue.cue, 0.75, None      # the cue names no one: no source phrase
            subject = sentence_subject(text, floor, cue.cue[0])
            cue = Cue(cue.cue, subject.speaker, subject.kind) if subject else None
            if cue is None and q.closed and not _ends_sentence(text, s, e):
                cue = find_trailing(text, e, nxt)            # ``… “…” at a rally, according to X.``
    if cue is not None and cue.kind == "pronoun":
        owner = _what_owner(text, max(sent_start, b_start), cue, reg)
        if owner is not None:
            return owner, cue.cue, 0.8, cue.speaker
    if cue is not None and cue.kind == "pronoun" and s > b_start:
        lead = _lead_subject(text, prev.span[1] if prev else b_start, s) \
            or _colon_subject(text, max(sent_start, prev.span[1] if prev else b_start), s)
        if lead is not None:
            sp = reg.pronoun_to(lead.speaker, cue.speaker)
            if sp is not None:
                return sp, cue.cue, 0.8, cue.speaker
    if cue is not None:
        sp, conf = reg.resolve(cue.speaker, cue.kind)
        if sp is not None and cue.alias is not None:
            reg.alias(sp, cue.alias)
        return sp, cue.cue, conf, cue.speaker
    if q.group in by_group:
        return found[by_group[q.group]][0], None, found[by_group[q.group]][2] * 0.95, None
    opens = text[max(b_start, s - 3):s].rstrip().endswith((".", "!", "?"))
    same = _same_sentence_speaker(raws, found, n, s if opens else sent_start)
    if same:
        return same[0], None, 0.8, None
    echo = _echo(text, raws, found, n)
    if echo:
        return echo, None, 0.7, None
    if q.fragment and sent_start < s and text[s - 1:s].isspace():
        subject = sentence_subject(text, sent_start, s)
        if subject is not None:
            sp, conf = reg.resolve(subject.speaker, subject.kind)
            return sp, None, min(conf, 0.6), None
        if sent_start > b_start and (prev is None or prev.span[1] <= sent_start):
            # ``Brill has argued that the law was crippled. As a result, there is “…”``
            before = _sentence_start(text, sentences, sent_start - 1, b_start)
            cue = find_before(text, before, sent_start)
            if cue is not None and cue.kind in {"name", "descriptor"}:
                sp, conf = reg.resolve(cue.speaker, cue.kind)
                return sp, None, min(conf, 0.55), None
    if not q.fragment and s > b_start:
        lead = _writer_sentence_subject(text, prev.span[1] if prev else b_start, s)
        if lead is not None:
            sp, conf = reg.resolve(lead.speaker, lead.kind)
            return sp, None, min(conf, 0.7), None
    if prev is not None and found[n - 1][0] is not None and not q.fragment:
        return found[n - 1][0], None, 0.75, None
    if not q.fragment and text[b_start:s].strip() == "" and n and found[n - 1][0] is not None:
        if raws[n - 1].block == q.block - 1:
            return found[n - 1][0], None, 0.6, None
    return None, None, 0.0, None


def _lead_subject(text: str, floor: int, s: int) -> Cue | None:
    """The named subject of the sentence just before a quote that opens a sentence
    (``Varga rejected that claim. “…,” she said.``)."""
    if not text[floor:s].rstrip().endswith((".", "!", "?", ".\u201d", '."')):
        return None
    starts = [m.end() for m in _SENT_END.finditer(text, max(floor, s - 400), s)]
    start = starts[-2] if len(starts) >= 2 else floor
    if starts and starts[-1] < s - 2:
        return None
    cue = sentence_subject(text, start, s)
    return cue if cue is not None and cue.kind == "name" else None


def _what_owner(text: str, floor: int, cue: Cue, reg: Registry) -> str | None:
    """``The council denounced what it called “…”``: the pronoun after "what" is the subject of
    the sentence (when its gender and number fit)."""
    p0, p1 = cue.speaker
    if not re.search(r"\bwhat\s+$", text[max(floor, p0 - 8):p0], re.IGNORECASE):
        return None
    subject = sentence_subject(text, floor, p0)
    if subject is None or subject.kind == "pronoun" or subject.speaker[0] >= p0:
        return None
    word = text[p0:p1].lower()
    if word in {"he", "she"}:
        return reg.pronoun_to(subject.speaker, cue.speaker)
    if word not in {"it", "they"}:
        return None
    sp, conf = reg.resolve(subject.speaker, subject.kind)
    if sp is None or conf < MIN_CONFIDENCE:
        return None
    reg.alias(sp, cue.speaker)
    return sp


def _writer_sentence_subject(text: str, floor: int, s: int) -> Cue | None:
    """A quote that makes a sentence of its own after a sentence of the writer's with no quote in
    it (``Lee called him a master of deals. “He showed it again and again.”``): that sentence's
    subject, when it can speak."""
    if not text[floor:s].rstrip().endswith((".", "!", "?")):
        return None
    starts = [m.end() for m in _SENT_END.finditer(text, max(floor, s - 400), s + 2) if m.end() <= s]
    if not starts or starts[-1] < s - 2:
        return None
    start = starts[-2] if len(starts) >= 2 else floor
    if start == floor and floor and text[floor - 1] in MARKS and text[floor - 2] not in ".!?":
        return None                     # the sentence before holds a quote
    cue = sentence_subject(text, start, s)
    return cue if cue is not None and cue.kind in {"name", "descriptor"} else None


def _colon_subject(text: str, floor: int, s: int) -> Cue | None:
    """The named speaker introducing a quote with a colon (``Sen. Ann Lee scolded him: “…” she
    said``), so that the pronoun after the quote names her."""
    if not text[floor:s].rstrip().endswith(":"):
        return None
    cue = find_before(text, floor, s)
    if cue is None or cue.kind == "none":
        cue = sentence_subject(text, floor, s)
    return cue if cue is not None and cue.kind == "name" else None


def _ends_sentence(text: str, s: int, e: int) -> bool:
    body = text[s:e].rstrip(MARKS + " ")
    after = text[e:e + 3].lstrip(" ")
    return body[-1:] in ".!?" and after[:1].isupper()


def _colon_intro(text: str, block: Span, sentences: list[Span]) -> Cue | None:
    """``Cruz continued:`` closing the block before a quote paragraph introduces it."""
    b_start, b_end = block
    if not text[b_start:b_end].rstrip().endswith(":"):
        return None
    start = _sentence_start(text, sentences, b_end - 1, b_start)
    cue = find_before(text, start, b_end)
    if cue is None or cue.kind == "none":
        subject = sentence_subject(text, start, b_end)
        if subject is None:
            return None
        return Cue(cue.cue if cue else (b_end - 1, b_end), subject.speaker, subject.kind)
    return cue


def _sentence_start(text: str, sentences: list[Span], pos: int, floor: int) -> int:
    best = floor
    for m in _SENT_END.finditer(text, max(floor, pos - 600), pos):
        if text[m.start() - 3:m.start() + 1].lower().strip(" .") in {"mr", "mrs", "ms", "dr", "sen",
                                                                     "rep", "gov", "st", "gen"}:
            continue
        if m.group()[0] == "." and text[m.start() - 1:m.start()].isupper() \
                and text[m.start() - 2:m.start() - 1] == " ":
            continue                     # a middle initial ("Laurence H. Tribe")
        best = m.end()
    return best


def _same_sentence_speaker(raws, found, n, sent_start):
    k = n - 1
    while k >= 0 and raws[k].span[0] >= sent_start and raws[k].block == raws[n].block:
        if found[k][0] is not None:
            return found[k]
        k -= 1
    return None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _echo(text: str, raws, found, n) -> str | None:
    """A short quote repeating words of an earlier attributed quote gets that quote's speaker."""
    words = _norm(inner(text, raws[n].span))
    if len(words) < 4 and len(words.split()) < 2:
        return None
    for k in range(n - 1, max(-1, n - 60), -1):
        if found[k][0] is not None and len(found[k]) and words in _norm(
                text[raws[k].span[0]:raws[k].span[1]].strip(MARKS)):
            return found[k][0]
    return None


def find_quotes(article: Article, sentences: list[Span],
                entities: list[Entity]) -> tuple[list[Quote], list[Entity]]:
    """Every direct quote of the article with its speaker; returns quotes and the entity list
    extended with the speakers it names that the list lacked."""
    quotes, _, entities = find_attributions(article, sentences, entities)
    return quotes, entities


def find_attributions(article: Article, sentences: list[Span],
                      entities: list[Entity]) -> tuple[list[Quote], list[Attribution], list[Entity]]:
    """Direct quotes with their speakers, every attributed statement (quoted or reported, see
    :mod:`.reported`), and the entity list extended with the speakers they name."""
    text = typewriter_marks(article.text)   # the same offsets; ''quotes'' paired like "quotes"
    blocks = blocks_of(article)
    raws = raw_quotes(text, blocks)
    reg = Registry(text, entities)
    quotes, written = attribute(text, blocks, sentences, raws, reg)
    source_of = {q.span: source for q, source in zip(quotes, written, strict=True)}
    reg.set_voices([(q.span[0], q.span[1], q.speaker) for q in quotes if q.speaker is not None]
                   + transcript_turns(article, reg))
    tagger = default_tagger()
    parsed: dict = {}                 # each sentence's tokens and tags, shared by the tagger and the rules
    tagged = tagger.find(text, sentences, parsed) if tagger is not None else []
    kept = confident(find_reported(text, sentences, [q.span for q in quotes], parsed), text,
                     TaggedIndex(tagged).agreement if tagger is not None else None, named_mentions(entities))
    learnt = learnt_statements(tagged, [q.span for q in quotes] + [piece for r, _ in kept for piece in r.content])
    reported = resolve_kept(kept, reg, learnt)
    typewriter: list[Quote] = []
    if text != article.text:          # ''quotes'' are statements; ``quotes`` keeps those in double marks
        source_of = {widen_to_pairs(article.text, span): source for span, source in source_of.items()}
        quotes = [replace(q, span=widen_to_pairs(article.text, q.span)) for q in quotes]
        typewriter = [q for q in quotes if article.text.startswith("''", q.span[0])]
        quotes = [q for q in quotes if not article.text.startswith("''", q.span[0])]
    items: list[tuple[Span, Attribution]] = []
    for q in quotes + typewriter:
        if q.fragment and q.speaker is None:
            continue                                  # a scare quote or a title: no statement
        items.append((q.span, Attribution("", "direct", (q.span,), q.cue, source_of.get(q.span), q.speaker,
                                          q.confidence)))
    for r, speaker, conf in reported:
        content = tuple(widen_to_pairs(article.text, piece) for piece in r.content)
        items.append((content[0], Attribution("", kind_of(text, r.content), content, r.cue, r.source,
                                              speaker, conf)))
    items.sort(key=lambda item: item[0])
    attributions = [replace(a, id=f"a{n}") for n, (_, a) in enumerate(items, start=1)]
    return quotes, attributions, reg.entities()


# a title that calls the article an interview of the person it names ("Interview with …", "… interviewed
# by …", "… tells Wikinews", "… talks to us"; not "Biden tells Congress to …")
_INTERVIEW_TITLE = re.compile(r"(?i)\b(?:interviews?|interviewed by|Q\s?&\s?A)\b"
                              r"|\b(?:tells|talks to|speaks to)\s+(?:us|me|wikinews)\b")
# an interview set as questions and answers: "Q: …" is the interviewer's, "A: …" the interviewee's
_QA_LABEL = re.compile(r"(Q|A|Question|Answer):[ \t\u00a0]+(?=\S)")


def transcript_turns(article: Article, reg: Registry) -> list[tuple[int, int, str]]:
    """(start, end, speaker) of every paragraph that is a speaker's turn, whose first person is
    theirs (:meth:`.speakers.Registry.set_voices`): a transcript's line opening with its speaker's
    name in capitals and a colon ("JAKE TAPPER: …", "FALLIN: I think …"; a name the article gives
    elsewhere, so that "UPDATE:" is no one), and an interview's
    answer ("A: …", and the paragraphs after it up to the next question), which is the person the
    title names (when it names one person); without such labels, the whole of an article whose title
    calls it an interview ("Interview with …", "Biologist Nick Bos tells Wikinews about …") is that
    person's (quotes and turns inside it are their speakers'). The labels
    "Q" and "A" are made known to ``reg`` as no name (a question is the interviewer's)."""
    text = article.text
    interviewee = reg.named_in(article.title_span) if article.title_span else None
    turns = []
    answering = asked = False
    for start, end in article.paragraphs:
        qa = _QA_LABEL.match(text, start, end)
        if qa is not None:
            asked = True
            answering = qa.group(1) in ("A", "Answer")
            reg.set_label(qa.span(1), interviewee if answering else None)
            if answering and interviewee is not None:
                turns.append((qa.end(), end, interviewee))
            continue
        label = transcript_label(text, start, end)
        if label is None:
            if answering and interviewee is not None:       # an answer runs on to the next question
                turns.append((start, end, interviewee))
            continue
        answering = False
        speaker = reg.named_before(label)                   # "UPDATE:", "EDITOR'S NOTE:" name no one
        if speaker is not None:
            turns.append((label[1] + 2, end, speaker))
    if interviewee is not None and article.paragraphs and not asked \
            and _INTERVIEW_TITLE.search(text, *article.title_span):
        turns.append((article.paragraphs[0][0], article.paragraphs[-1][1], interviewee))
    return turns


def learnt_statements(tagged: list[tuple[Tagged, float]], taken: list[Span]) -> list[tuple[Reported, Span | None, float]]:
    """The statements of the learnt tagger (:mod:`.statement_tagger`; ``tagged``: what it found,
    with confidences) confident enough and overlapping no statement found before (``taken``: their
    content pieces), each with the phrase naming its speaker (its relative's antecedent: "the memo,
    which argued …"; None when it names none) for :func:`.reported.resolve_kept`."""
    free = _Free(taken)
    out = []
    for item, conf in tagged:
        if conf < LEARNT_MIN_CONFIDENCE or not all(free.free(piece) for piece in item.content):
            continue
        found = Reported(item.content, item.cue, item.source, item.source_kind, "tagger", item.cue_word)
        phrase = (item.antecedent or item.source) if item.source_kind != "none" else None
        out.append((found, phrase, round(conf, 3)))
    return out


class _Free:
    """Whether a span overlaps none of the given spans (merged once, then looked up by bisection)."""

    def __init__(self, spans: list[Span]):
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def free(self, span: Span) -> bool:
        k = bisect_right(self.starts, span[1] - 1)      # merged spans starting before the span ends
        return k == 0 or self.ends[k - 1] <= span[0]
