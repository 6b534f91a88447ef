"""Plain data for what the model wrote: section summaries, overview, stance notes (all grounded)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..article import Span
from .grounding import Grounded


@dataclass(frozen=True)
class SectionSummary:
    section: int
    sentences: tuple[Grounded, ...]
    partial: bool = False          # cut short by a cancel or an error

    def to_dict(self) -> dict:
        return {"section": self.section, "sentences": [s.to_dict() for s in self.sentences],
                "partial": self.partial}

    @classmethod
    def from_dict(cls, data: dict) -> SectionSummary:
        return cls(data["section"], tuple(Grounded.from_dict(s) for s in data["sentences"]),
                   bool(data.get("partial")))


@dataclass(frozen=True)
class StanceNote:
    entity: str
    label: str
    target: str
    note: str
    evidence: tuple[Span, ...]
    flag: str | None = None            # the shown note fails grounding
    draft: str | None = None           # the model's note, when it was not shown
    draft_flag: str | None = None      # why it was not
    draft_label: str | None = None     # the model's label, when it was not shown (the model abstains)
    abstained: bool = False            # "unclear" because the model in use is too small to judge a stance

    def to_dict(self) -> dict:
        data = {"entity": self.entity, "label": self.label, "target": self.target, "note": self.note,
                "evidence": [list(e) for e in self.evidence], "flag": self.flag}
        if self.draft is not None or self.draft_flag is not None:
            data.update(draft=self.draft, draft_flag=self.draft_flag)
        if self.draft_label is not None:
            data["draft_label"] = self.draft_label
        if self.abstained:
            data["abstained"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict) -> StanceNote:
        return cls(data["entity"], data["label"], data.get("target", ""), data.get("note", ""),
                   tuple(tuple(e) for e in data.get("evidence", [])), data.get("flag"), data.get("draft"),
                   data.get("draft_flag"), data.get("draft_label"),
                   # reports stored before the field: a small model's guess was kept when it abstained
                   bool(data.get("abstained", data.get("draft_label") is not None)))


@dataclass
class Report:
    """Everything the LLM stage produced for one article with one model."""
    model: dict = field(default_factory=dict)          # file, sha256, prompt_version
    overview: tuple[Grounded, ...] = ()
    summaries: list[SectionSummary] = field(default_factory=list)
    stances: list[StanceNote] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    cancelled: bool = False
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "overview": {"sentences": [s.to_dict() for s in self.overview]},
            "summaries": [s.to_dict() for s in self.summaries],
            "stances": [s.to_dict() for s in self.stances],
            "model": self.model,
            "timings": self.timings,
            "cancelled": self.cancelled,
            "errors": self.errors,
        }
