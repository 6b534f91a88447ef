"""Stance notes: what one actor thinks, from that actor's own statements.

The evidence is the actor's attributed statements, quoted and reported
(:func:`reader.nlp.statements.by_speaker`), never sentences that merely name them: the model is
shown each statement's sentence with an id and answers in JSON whose schema allows only those ids
as evidence. The target is the reader's proposition when one is given (``issue``), else "the
article's issue" (shown as no target: a headline is not an issue) or another main actor.

A model under :data:`.pipeline.MIN_WRITER_PARAMETERS` weights is not asked at all (unless the
reader lets it write): measured on the stance judgments its labels are at chance and its notes are
not shown, so the note is built from the actor's own words ("Emmanuel Macron revealed his
skepticism about Putin's true intentions.", :func:`own_words_note`), from the statements that say
the most (:func:`carrying_first`), and the label is "unclear" with the note marked ``abstained``.

A capable model's note is a *draft*. It is shown only when it passes grounding against the
statements it cites; otherwise the note shown is the actor's own words, the statements it cited
first, and the rejected draft stays in the note's ``draft`` with its ``draft_flag``. Each sentence in
their words is grounded too; when not one passes (another speaker's quoted words in the statement),
the note says that the statements could not be checked as theirs, with the reason, and claims
nothing of their view. So no shown note is flagged. A small model the reader lets write still
abstains on the label (its guess is kept as ``draft_label``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..llm import prompts
from ..nlp.cues import tokens
from ..nlp.pos import FINITE_TAGS, tag_of
from ..nlp.reported import WHEN_OPENERS, lexicon
from ..nlp.statements import Statement
from .grounding import Grounder, split_generated
from .pipeline import ModelCalls, StanceDone, small_model
from .results import StanceNote

STANCE_TOKENS = 110
MAX_TARGETS = 5
MAX_NOTE_STATEMENTS = 2          # a note built from the actor's words quotes at most this many
GENERAL_ISSUE = "the article's issue"
MAX_CUE_GAP = 12                 # characters between a cue and its content that the note keeps ("that", "on")


def stance_note(calls: ModelCalls, entity_id: str, issue: str | None = None) -> Iterator:
    sources = calls.sources
    entity = calls.analysis.entity(entity_id)
    items = sources.evidence_for(entity_id)
    if not items:
        yield StanceDone(_no_statement(entity_id, entity.name))
        return
    if not calls.writes:
        # a model too small to write is not asked: its labels are at chance and its notes are not
        # shown, and the statements it cited carried the judged stance no more often than the
        # longest ones do (docs/EVALUATION.md)
        yield StanceDone(own_words_note(calls, entity_id, carrying_first(sources.text, items), abstained=True))
        return
    topic = " ".join(issue.split()) if issue else GENERAL_ISSUE
    targets = [topic] + [calls.analysis.entity(other).name
                         for other in sources.main_actors(MAX_TARGETS + 1) if other != entity_id][:MAX_TARGETS]
    messages = prompts.stance_messages(topic, entity.name, [(eid, text) for eid, _, text, _ in items], targets)
    schema = prompts.stance_schema([eid for eid, _, _, _ in items], targets)
    key = calls.key("stances", f"stance-{entity_id}", STANCE_TOKENS, messages=messages, schema=schema)
    answer = yield from calls.generate("stances", "stance", 0, messages, STANCE_TOKENS, schema=schema, key=key)
    yield StanceDone(parse_stance(calls, entity_id, answer, items))


def carrying_first(text: str, items: list) -> list:
    """An actor's evidence items (:meth:`.sources.SourceIndex.evidence_for`), the ones most likely
    to carry their stance first: quotes and statements with a verb cue before those with a noun cue
    (which give what was spoken about, not what was said: "Trump's assessment of Putin's
    motives"), then the statements whose content says the most (the most characters), one per
    sentence before a second from the same sentence, then in text order. Measured on our own
    stance judgments (docs/EVALUATION.md): the longest statement is judged evidence for 9 of 11
    actors, the first in text order for 7."""
    def noun_cue(statement: Statement) -> bool:
        return statement.cue is not None and _cue_reading(text, statement.cue)[0].startswith("NN")

    ranked = sorted(items, key=lambda item: (noun_cue(item[3]), -sum(e - s for s, e in item[3].content), item[1]))
    seen: set[str] = set()
    first, later = [], []
    for item in ranked:
        (later if item[2] in seen else first).append(item)
        seen.add(item[2])
    return first + later


def parse_stance(calls: ModelCalls, entity_id: str, answer: str, items) -> StanceNote:
    """The note a reader sees: the model's label, target and cited statements, and its note when
    that passes grounding, else the actor's own words (the draft kept beside it)."""
    by_id = {item[0]: item for item in items}
    try:
        data = _loads_closing(answer)
        label = data["label"] if data.get("label") in prompts.LABELS else "unclear"
        cited = [by_id[e] for e in dict.fromkeys(data.get("evidence", [])) if e in by_id]
        draft = first_sentences(" ".join(str(data.get("note", "")).split()), 2)
        target = " ".join(str(data.get("target", "")).split())[:80]
    except (ValueError, TypeError, KeyError, AttributeError):
        label, cited, draft, target, problem = "unclear", [], "", "", "invalid model output"
    else:
        problem = None if cited else "no evidence cited"
    if target == GENERAL_ISSUE:
        target = ""
    ranked = None if cited else carrying_first(calls.sources.text, items)   # ranked only when needed
    cited = cited or ranked[:1]
    grounder = _grounder(calls, entity_id, [span for _, span, _, _ in cited])
    subject = calls.sources.names_of(calls.analysis.entity(entity_id))
    if problem is None:
        grounded = grounder.ground(draft, subject=subject) if draft else None
        problem = grounded.flag if grounded else "empty note"
    guessed = None
    if small_model(calls.backend.info.parameters):
        # measured: the embedded 135M model's labels are at chance on the stance judgments
        # (macro-F1 0.154, below always answering the commonest label), so it abstains, even when
        # the reader lets it write its notes
        guessed, label, target = label, "unclear", ""
    if problem is None:
        return StanceNote(entity_id, label, target, draft, tuple(sorted({span for _, span, _, _ in cited})),
                          draft_label=guessed, abstained=guessed is not None)
    if ranked is None:
        ranked = carrying_first(calls.sources.text, items)
    ordered = cited + [i for i in ranked if i not in cited]
    return own_words_note(calls, entity_id, ordered, label, target, draft=draft or None, draft_flag=problem,
                          draft_label=guessed, abstained=guessed is not None)


def own_words_note(calls: ModelCalls, entity_id: str, ordered: list, label: str = "unclear", target: str = "",
                   **kept) -> StanceNote:
    """The note in the actor's own words: the first :data:`MAX_NOTE_STATEMENTS` of the ``ordered``
    evidence items that pass grounding on their own, in text order (a statement whose words another
    attribution gives to someone else is not shown as theirs). When not one passes, the note says
    so and claims nothing of their view. ``kept``: the rejected draft and why, for inspection."""
    entity = calls.analysis.entity(entity_id)
    name, subject = entity.name, calls.sources.names_of(entity)
    used, flag, fallback = [], None, None
    for item in ordered:
        sentence = in_their_words(calls.sources.text, name, item[3])
        checked = _grounder(calls, entity_id, [item[1]]).ground(sentence, subject=subject)
        if checked.flag is None:
            used.append((item[1], sentence))
        elif flag is None:
            flag, fallback = checked.flag, (item[1], sentence)
        if len(used) == MAX_NOTE_STATEMENTS:
            break
    if not used:
        # not one of their statements can be given in their words without failing grounding (another
        # speaker's quoted words in it, a name the statement lacks): say so, and claim nothing of them
        # (nor that the note is their words, as an abstaining note's card would)
        kept.pop("abstained", None)
        if fallback is None:
            return _no_statement(entity_id, name)
        return StanceNote(entity_id, "unclear", "", f"The article's statements of {name} could not be checked as "
                          f"theirs ({flag}); see the cited passage.", (fallback[0],), **kept)
    used.sort()
    return StanceNote(entity_id, label, target, " ".join(sentence for _, sentence in used),
                      tuple(span for span, _ in used), **kept)


def _no_statement(entity_id: str, name: str) -> StanceNote:
    """The note of an actor the article reports no statement of: no label, said plainly."""
    return StanceNote(entity_id, "unclear", "", f"The article reports no statement of {name}.", ())


def _grounder(calls: ModelCalls, entity_id: str, cited: list) -> Grounder:
    sources = calls.sources
    scope = sorted(set(cited) | {s for s in calls.analysis.sentences if any(s[0] <= c[0] < s[1] for c in cited)})
    return sources.grounder(scope, sources.quote_facts(), "the statements it cites")


def in_their_words(text: str, name: str, statement: Statement) -> str:
    """One sentence that gives the statement in the article's words, with its speaker's name: the
    words from the cue to the end of the content when the cue comes first ("Ada Stone warned that
    the bridge would close."; "Ada Stone called the deal “a trap for the city”." — a quote too, when
    words of the sentence lead from its cue to it; a noun cue is the speaker's: "Ada Stone's view is
    that taxes must rise."; a cue that is no finite verb follows a colon: "Ada Stone: refusing to
    endorse the plan."), a quote with its cue ("Ada Stone said: “We need the money now.”"; a cue
    whose object the note leaves out reads "said": "… Stone told reporters" gives "Ada Stone said:
    …"), "According to Ada Stone, …", and a passive cue after "when" as what was
    put to them ("Ada Stone was asked about the merger.")."""
    words = " … ".join(" ".join(text[s:e].split()) for s, e in statement.content)
    if words[-2:] in (",”", ',"'):                      # “We need the money now,” → “… now.”
        words = words[:-2] + "." + words[-1]
    cue = statement.cue
    said = " ".join(text[cue[0]:cue[1]].split()) if cue else ""
    tag, governing, objected = _cue_reading(text, cue) if cue else ("", None, False)
    start = statement.content[0][0]
    opening = governing if governing is not None else cue[0] if cue else start
    if governing is not None:               # "chose to focus on": read from the governing verb
        tag = "VBD"
    if statement.kind == "direct" or not cue:
        if cue and 0 <= start - cue[1] <= MAX_LEAD_IN and _LEAD_IN.fullmatch(text, cue[1], start):
            words = " ".join(text[opening:start].split()) + " " + words     # "called the decision “…”"
            return _with_name(name, words, tag)
        if governing is not None:
            # "decided to add: “…”"; "has told reporters" reads "has said" (its object is not in the note)
            said = " ".join(text[opening:cue[0] if objected else cue[1]].split() + (["said"] if objected else []))
        elif objected and tag in FINITE_TAGS:
            said = "said"                   # "… Okafor told reporters": its object is not in the note
        if tag.startswith("NN"):
            return f"{name}'s {said}: {words}{_stop(words)}"
        if tag in FINITE_TAGS:
            return f"{name} {said}: {words}{_stop(words)}"
        return f"{name}: {words}{_stop(words)}"
    if said.lower() == "according to":
        return f"According to {name}, {words}{_stop(words)}"
    if said.endswith("ed") and _WHEN_BEFORE.search(text, max(0, cue[0] - 12), cue[0]):
        return f"{name} was {said} {words}{_stop(words)}"      # "When asked about …, Lee …": Lee was asked
    if 0 <= start - cue[1] <= MAX_CUE_GAP:
        words = " ".join(text[opening:start].split()) + " " + words     # "warned that", "focus on"
    else:                                                               # the cue after its content
        words = f"{'said' if objected and tag in FINITE_TAGS else said}: {words}"
    return _with_name(name, words, tag)


def _with_name(name: str, words: str, tag: str) -> str:
    """The speaker's name before words that start at their cue: a noun cue is theirs ("Ada Stone's
    view is …"), a finite verb follows the name, anything else a colon."""
    if tag.startswith("NN"):
        return f"{name}'s {words}{_stop(words)}"
    if tag in FINITE_TAGS:
        return f"{name} {words}{_stop(words)}"
    return f"{name}: {words}{_stop(words)}"


# the words a quote's cue leads in with ("called the decision “…”", "said the trial was “…”"): within
# the sentence, at least one word, no quotation mark or sentence end
_LEAD_IN = re.compile(r"[^.!?;:\"“”„\n]*\w[^.!?;:\"“”„\n]*")
MAX_LEAD_IN = 40


# a passive cue with its subject left out ("When asked …"), as reader.nlp.reported finds it
_WHEN_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(w for o in WHEN_OPENERS for w in (o, o.capitalize())))
                          + r")\s+$")


def _stop(words: str) -> str:
    """A full stop, unless the words end a sentence already (inside closing quotes too)."""
    return "" if words.rstrip("”’\"'")[-1:] in (".", "!", "?") else "."


def _cue_reading(text: str, cue) -> tuple[str, int | None, bool]:
    """The part of speech of the cue's first word in its sentence (the project's tagger), where
    the finite verb governing an infinitive cue straight before "to" starts ("chose to focus";
    None when there is none: "refusing to endorse") or the auxiliary of a perfect ("has promised"),
    and whether a noun phrase follows the cue as
    its object ("told reporters", "asked the mayor"). One tokenisation serves all three."""
    toks = tokens(text, max(0, cue[0] - 200), min(len(text), cue[1] + 200))
    i = next((k for k, t in enumerate(toks) if t.start == cue[0]), None)
    if i is None:
        return "", None, False
    tag = tag_of(toks, i)
    j = next((k for k, t in enumerate(toks) if t.start >= cue[1]), None)
    lemma = lexicon()[0].get(toks[i].low, toks[i].low)
    objected = lemma in _TOLD_VERBS and j is not None and tag_of(toks, j) in _OBJECT_TAGS
    if tag == "VB" and i >= 2 and toks[i - 1].low == "to" and tag_of(toks, i - 2) in FINITE_TAGS:
        return tag, toks[i - 2].start, objected
    if tag == "VBN" and i >= 1 and toks[i - 1].low in _PERFECT:
        return tag, toks[i - 1].start, objected      # "has promised": read from the auxiliary
    return tag, None, objected


_PERFECT = frozenset({"has", "had"})          # not "have": "may have promised" would lose its modal


_OBJECT_TAGS = frozenset({"DT", "PRP", "PRP$", "NN", "NNS", "NNP", "NNPS", "CD", "JJ"})
# verbs of speech whose object is the person spoken to ("told reporters", "asked the mayor"): without
# it they do not read ("Okafor told: …"); "warned last week", "added the mayor" keep their verb
_TOLD_VERBS = frozenset({"tell", "ask", "inform", "remind", "assure", "urge", "advise", "notify"})


def _loads_closing(answer: str) -> dict:
    """Parse the JSON answer; one cut off inside its last field (the note) is closed first."""
    try:
        return json.loads(answer)
    except ValueError:
        trimmed = answer.rstrip().rstrip("\\")
        return json.loads(trimmed + ('"}' if trimmed.count('"') % 2 else "}"))


def first_sentences(text: str, count: int) -> str:
    sentences = split_generated(text)
    return " ".join(sentences[:count])
