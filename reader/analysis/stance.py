"""Stance notes: what one actor thinks about the article's issue, from that actor's own evidence.

The model sees only the actor's quotes and the sentences that name the actor, each with an id, and
answers in JSON whose schema allows only those ids as evidence — evidence the actor did not say
cannot appear. An actor with no evidence gets "unclear" without a model call. The note is then
grounded against the cited evidence like any summary sentence.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..llm import prompts
from .grounding import Grounder, split_generated
from .pipeline import ModelCalls, StanceDone
from .results import StanceNote

STANCE_TOKENS = 110
MAX_TARGETS = 5


def stance_note(calls: ModelCalls, entity_id: str) -> Iterator:
    sources = calls.sources
    entity = calls.analysis.entity(entity_id)
    items = sources.evidence_for(entity_id)
    issue = calls.article.title or "the article's main issue"
    if not items:
        yield StanceDone(StanceNote(entity_id, "unclear", "", f"The article gives no words or statements of "
                                    f"{entity.name}.", ()))
        return
    targets = [issue] + [calls.analysis.entity(other).name
                         for other in sources.main_actors(MAX_TARGETS + 1) if other != entity_id][:MAX_TARGETS]
    messages = prompts.stance_messages(issue, entity.name, [(eid, text) for eid, _, text in items], targets)
    schema = prompts.stance_schema([eid for eid, _, _ in items], targets)
    key = calls.key("stances", f"stance-{entity_id}", STANCE_TOKENS, messages=messages, schema=schema)
    answer = yield from calls.generate("stances", "stance", 0, messages, STANCE_TOKENS, schema=schema, key=key)
    yield StanceDone(parse_stance(calls, entity_id, answer, items))


def parse_stance(calls: ModelCalls, entity_id: str, answer: str, items) -> StanceNote:
    by_id = {eid: span for eid, span, _ in items}
    try:
        data = _loads_closing(answer)
        label = data["label"] if data.get("label") in prompts.LABELS else "unclear"
        cited = [by_id[e] for e in data.get("evidence", []) if e in by_id]
        note = first_sentences(" ".join(str(data.get("note", "")).split()), 2)
        target = " ".join(str(data.get("target", "")).split())[:80]
    except (ValueError, TypeError, KeyError, AttributeError):
        return StanceNote(entity_id, "unclear", "", "The model gave no usable answer for this actor.", (),
                          flag="invalid model output")
    if not cited:
        return StanceNote(entity_id, "unclear", target, note, (), flag="no evidence cited")
    sources = calls.sources
    scope = sorted(set(cited) | {s for s in calls.analysis.sentences
                                 if any(s[0] <= c[0] < s[1] for c in cited)})
    subject = sources.names_of(calls.analysis.entity(entity_id))
    grounder = Grounder(sources.text, scope, sources.quote_facts(), sources.people)
    grounded = grounder.ground(note, subject=subject) if note else None
    flag = grounded.flag if grounded else "empty note"
    return StanceNote(entity_id, label, target, note, tuple(sorted(set(cited))), flag=flag)


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
