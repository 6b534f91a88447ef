"""Untrusted text stays text in the Markdown export, whatever it holds: article text and model output
with HTML, Qt rich text, terminal escapes or Markdown link tricks never become a link, an image, an
HTML tag, a heading or a front-matter key. The export is parsed back with markdown-it (CommonMark
with tables) to check what a renderer would make of it. tests/export/test_markdown_export.py has
the hand-written cases; these are the generated ones."""
from __future__ import annotations

import os
import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.analysis.grounding import Grounded
from reader.analysis.results import Report, SectionSummary, StanceNote
from reader.annotations import Analysis, Entity, Quote
from reader.article import ArticleBuilder
from reader.export.markdown import escape, render_markdown

PIECES = ["[", "]", "(", ")", "![", "](", "<", ">", "</", "<img src=http://e/x.png>", "<a href='http://e'>",
          "<b>", "<qt>", "<script>", "<!--", "-->", "[x]: http://e/\n", "<http://e/>", "javascript:alert(1)",
          "http://evil.example/", "`", "```", "*", "_", "~~", "#", "# ", "\n# ", "\n---\n", "---", "key: value",
          "\nkey: value\n", "\"", "'", "\\", "|", "&", "&amp;", "&lt;", "&#60;", "\x1b[31m", "\x1b]8;;http://e\x1b\\",
          "\x9b31m", "\x07", "\x00", "\r", "\n", "\u2028", "\x85", "\u202e", "   ", "\t", "1. ", "- ", "> ",
          "===", "{{", "}}", "%", "!", "Ann", "Lee", "said", "ferry", "é", "\U0001f600",
          # whole tricks, so that they come up often
          "[click](http://evil.example/)", "![](http://evil.example/t.png)", "[a][1]\n\n[1]: http://e",
          "<img src=x onerror=alert(1)>", "[x](<javascript:a>)", "`code`", "**bold**"]
UNTRUSTED = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), min_size=1, max_size=25).map("".join)
FRONT_KEYS = ["title", "source", "url", "byline", "date", "article_sha256", "model", "model_sha256",
              "prompt_version", "analysed", "generator"]
_md = MarkdownIt("commonmark").enable("table")
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))   # the long run: see docs/RELIABILITY.md


def build(title, para, heading, byline, url, name, model_text, flag, note, target, error, model_file):
    b = ArticleBuilder()
    b.set_title(title)
    b.paragraph(f"{name} said “{para}”.")
    b.heading(f"H {heading}")
    b.paragraph(f"P {para}")
    article = b.build(byline=byline, date="2024-05-01", source=model_file, url=url)
    first = article.paragraphs[0]
    entity = Entity("e1", " ".join(name.split()) or "x", "person", ((first[0], first[0] + 1),), 0.9)
    quote = Quote((first[0] + 1, first[1]), "e1", None, False, 0.9)
    analysis = Analysis(article, tuple(article.paragraphs), (entity,), (quote,))
    report = Report(model={"file": model_file, "sha256": model_text, "prompt_version": error},
                    overview=(Grounded(model_text, (first,)),),
                    summaries=[SectionSummary(0, (Grounded(model_text, (), flag),), partial=True)],
                    stances=[StanceNote("e1", "supports", target, note, (first,), flag)],
                    errors=[error], cancelled=True)
    return analysis, report


def inline_children(tokens):
    for token in tokens:
        yield token
        yield from inline_children(token.children or [])


@settings(max_examples=FUZZ_EXAMPLES or 250, deadline=None, derandomize=not FUZZ_EXAMPLES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(*[UNTRUSTED] * 12)
def test_untrusted_text_never_becomes_markup(title, para, heading, byline, url, name, model_text, flag, note,
                                             target, error, model_file):
    analysis, report = build(title, para, heading, byline, url, name, model_text, flag, note, target, error,
                             model_file)
    md = render_markdown(analysis, report, generated=datetime(2024, 5, 2, tzinfo=UTC))
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]", md)     # no escapes reach a terminal
    assert md.startswith("---\n")
    front, _, body = md[4:].partition("\n---\n")
    lines = front.split("\n")
    assert [line.split(":", 1)[0] for line in lines] == FRONT_KEYS
    for line in lines:
        value = line.split(": ", 1)[1]
        assert value == "null" or re.fullmatch(r'"(?:[^"\\]|\\.)*"', value), line
    tokens = _md.parse(body)
    kinds = {t.type for t in inline_children(tokens)}
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "code_inline", "fence", "code_block"}
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    # ours only: the title, Overview, Sections, each section, Stances, People…, What each actor said, an actor
    assert headings == ["h1", "h2", "h2", "h3", "h3", "h2", "h2", "h2", "h3"], headings
    tables = sum(1 for t in tokens if t.type == "table_open")
    assert tables == 2
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 4          # a header and one row in each table: no cell split into more


def test_front_matter_parses_as_the_same_keys():
    import pytest
    yaml = pytest.importorskip("yaml")
    nasty = 'T\n---\nevil: 1\n"quoted" \\ back\x9b\x1b[1m: x\u2028y'
    analysis, report = build(nasty, "para", "h", nasty, nasty, "Ann", "m", "f", "n", "t", "e", nasty)
    md = render_markdown(analysis, report, generated=datetime(2024, 5, 2, tzinfo=UTC))
    data = yaml.safe_load(md.split("\n---\n", 1)[0][4:])
    assert list(data) == FRONT_KEYS
    assert data["title"] == 'T --- evil: 1 "quoted" \\ back: x y'


@settings(max_examples=FUZZ_EXAMPLES or 300, deadline=None, derandomize=not FUZZ_EXAMPLES)
@given(UNTRUSTED)
def test_escape_is_one_line_of_literal_text(text):
    out = escape(text)
    assert "\n" not in out and "\r" not in out
    tokens = _md.parse("x " + out)      # in the export, escaped text always follows something on its line
    kinds = {t.type for t in inline_children(tokens)}
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "code_inline", "em_open", "strong_open"}
    rendered = "".join(t.content for t in inline_children(tokens) if t.type == "text")[2:]
    # what a reader sees is the text itself (markup characters and all), without control characters
    expected = " ".join(re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                               r"|[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]", "", text).split())
    assert rendered.strip() == expected
