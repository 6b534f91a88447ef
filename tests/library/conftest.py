"""Fixtures for the library tests: a library in a temporary folder and small article files."""
from __future__ import annotations

import hashlib
import json

import pytest

from reader.library import Library

ARTICLE = """\
---
title: {title}
date: {date}
---

# {title}

The Eastport Harbor Council met on Thursday to debate the {topic} plan.

Mayor Elena Varga said the plan was "a careful first step, not a leap." She added that no worker
would lose a job.

Councillor Tomás Reyes opposed it. “We are being asked to gamble with {topic},” Reyes said.
"""


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "library.sqlite3")
    yield lib
    lib.close()


@pytest.fixture
def article_files(tmp_path):
    """Three small Markdown articles in a folder (plus a file that is not an article)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, (topic, date) in enumerate([("cranes", "2026-03-14"), ("tolls", "2026-04-02"), ("ferries", "2026-05-20")]):
        (folder / f"a{i}.md").write_text(ARTICLE.format(title=f"Harbor debate on {topic}", date=date, topic=topic),
                                         encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    return folder


class FakeBackend:
    """The backend contract, answering at once: a summary from the prompt's words, a valid stance."""

    def __init__(self, name: str = "fake.gguf", on_chat=None) -> None:
        from reader.llm.backend import ModelInfo
        self.info = ModelInfo(file=name, sha256=hashlib.sha256(name.encode()).hexdigest(), name="fake", context_length=4096, n_ctx=4096)
        self.on_chat = on_chat
        self.closed = False

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def chat(self, messages, *, max_tokens=256, temperature=0.0, schema=None, cancel=None):
        from reader.llm.backend import Chunk, Usage
        if self.on_chat:
            self.on_chat()
        prompt = messages[-1]["content"]
        if schema is not None:
            props = schema["properties"]
            text = json.dumps({"label": "opposes", "target": props["target"]["enum"][0],
                               "evidence": props["evidence"]["items"]["enum"][:1], "note": "They said so."})
        else:
            text = " ".join(prompt.split()[-30:-5]) + "."
        yield Chunk(text)
        yield Chunk("", done=True, usage=Usage(prompt_tokens=len(prompt) // 4 + 1, completion_tokens=len(text) // 4))

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_backend_class():
    return FakeBackend
