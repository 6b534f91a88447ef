from reader.importers import load_article
from reader.importers.markdown import import_markdown
from reader.resources import SAMPLE_ARTICLE, resource_path

MD = """---
title: "Front Title"
author: Sam Poe
date: 2023-05-06
---

# Front Title

Intro with *emphasis*, a [link](http://example.com/x) and ![an image](http://example.com/i.png).

## Part Two
Text of part two
wrapped over lines.

- item one
- item two

<div onclick="evil()">Block <b>HTML</b> stays text</div>

Inline <script>alert(1)</script>tag.
"""


def test_front_matter_headings_and_inline_markup():
    a = import_markdown(MD, source="a.md")
    assert (a.title, a.byline, a.date) == ("Front Title", "Sam Poe", "2023-05-06")
    assert a.heading_text(1) == "Part Two"
    paras = [a.span_text(p) for p in a.paragraphs]
    assert paras[0] == "Intro with emphasis, a link and ."
    assert paras[1] == "Text of part two wrapped over lines."
    assert "item one" in paras and "item two" in paras
    assert "Block  HTML  stays text" in paras or "Block HTML stays text" in " ".join(" ".join(p.split()) for p in paras)
    assert all("<" not in p and "http" not in p for p in paras)


def test_first_h1_is_the_title_without_front_matter():
    a = import_markdown("# Only Title\n\nBody.\n")
    assert a.title == "Only Title"
    assert [a.span_text(p) for p in a.paragraphs] == ["Body."]


def test_project_sample_article():
    a = load_article(resource_path(*SAMPLE_ARTICLE))
    assert a.format == "markdown"
    assert a.title.startswith("Harbor Council Splits")
    assert a.byline == "Mara Lindgren" and a.date == "2026-03-14"
    assert len(a.sections) == 4
    assert "“" in a.text and '"' in a.text
