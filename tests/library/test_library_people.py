"""People across articles: merged names, the person page, and its Markdown export."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from reader.library import render_person_markdown
from reader.library.names import merge_people, normalise
from reader.library.synthetic import make_analysis


def stance_report(entity="e1", label="supports", note="Backs the plan."):
    return {"model": {"file": "m.gguf", "sha256": "abc", "prompt_version": "2"}, "summaries": [],
            "overview": {"sentences": []}, "cancelled": False, "errors": [],
            "stances": [{"entity": entity, "label": label, "target": "the treaty", "note": note,
                         "evidence": [[0, 4]], "flag": None}]}


def test_normalise():
    assert normalise("Tomás  O’Neill's") == "tomas o neill"
    assert normalise("ÉMILE Zola") == "emile zola"


def test_merge_rules():
    keys = merge_people(["emmanuel macron", "macron", "john smith", "jane smith", "smith", "varga"])
    assert keys.resolve("Macron") == "emmanuel macron" and keys.norms("emmanuel macron") == ["emmanuel macron", "macron"]
    assert keys.resolve("Smith") == "smith"                  # two full names end in Smith: not guessed
    assert keys.resolve("Varga") == "varga" and keys.resolve("Nobody") is None


def test_person_merged_across_articles(library):
    one = library.add(make_analysis("Summit in Paris", ["Emmanuel Macron hosted the summit."],
                                    entities=[("Emmanuel Macron", "person")],
                                    quotes=[("Emmanuel Macron", "Europe must stand together")], date="2026-02-01"),
                      "/news/one.txt", report=stance_report(note="Backs the treaty."))
    two = library.add(make_analysis("Treaty doubts", ["Macron said little afterwards."],
                                    entities=[("Macron", "person")],
                                    quotes=[("Macron", "We will see")], date="2026-03-01",
                                    url="https://lemonde.fr/x"),
                      "/news/two.txt", report=stance_report(label="neutral", note="Now hesitant."))
    library.add(make_analysis("Unrelated", ["John Smith and Jane Smith met. Smith left."],
                              entities=[("John Smith", "person"), ("Jane Smith", "person"), ("Smith", "person")],
                              quotes=[("Smith", "Goodbye")]), None)
    people = {p.key: p for p in library.people()}
    assert people["emmanuel macron"].articles == 2 and people["emmanuel macron"].quotes == 2
    assert people["emmanuel macron"].aliases == ("Emmanuel Macron", "Macron")
    assert "macron" not in people and "smith" in people and "john smith" in people   # ambiguous: apart

    page = library.person("macron")
    assert page.name == "Emmanuel Macron" and [a.id for a in page.articles] == [one.id, two.id]
    assert [q.text for q in page.quotes] == ["“Europe must stand together,”", "“We will see,”"]
    first = page.quotes[0]
    text = library.analysis(one.id).article.text
    assert text[first.span[0]:first.span[1]] == first.text and first.cue and text[first.cue[0]:first.cue[1]] == "said"
    assert (first.title, first.date, first.path) == ("Summit in Paris", "2026-02-01", "/news/one.txt")
    assert [(s.date, s.label, s.note) for s in page.stances] == [("2026-02-01", "supports", "Backs the treaty."),
                                                                ("2026-03-01", "neutral", "Now hesitant.")]
    assert library.person("Smith").quotes[0].text == "“Goodbye,”"
    assert library.person("Nobody") is None


def test_people_see_other_processes_writes(library, tmp_path):
    from reader.library import Library
    library.add(make_analysis("A", ["Grace Okafor spoke."], entities=[("Grace Okafor", "person")]), None)
    assert library.person("Okafor").name == "Grace Okafor"
    with Library(library.path) as other:
        other.add(make_analysis("B", ["Henrik Dahl spoke."], entities=[("Henrik Dahl", "person")]), None)
    assert library.person("Dahl").name == "Henrik Dahl"      # the cached people map was refreshed


def test_markdown_export_keeps_untrusted_text_as_text(library):
    evil_name = "Eve [x](http://evil.example) <b>Bold</b>"
    data = make_analysis("# Heading? [link](javascript:alert(1)) \x1b]8;;http://x\x07click\x1b]8;;\x07",
                         [f"{evil_name} spoke."], entities=[(evil_name, "person")],
                         quotes=[(evil_name, "<script>alert(1)</script> ![img](http://t/p.png) `code`\n---\nkey: v")],
                         date="2026-01-01")
    report = stance_report(note="| table | break <img src=x onerror=alert(1)>")
    library.add(data, "/tmp/we`ird [path](x).txt", report=report)
    page = library.person("Eve x http evil example b Bold b")
    assert page is not None
    markdown = render_person_markdown(page, generated=datetime(2026, 1, 2, tzinfo=UTC))
    body = markdown.split("---\n", 2)[2]
    # front matter holds YAML strings; in the body every Markdown/HTML character is escaped
    assert not re.search(r"(?<!\\)[<>\[\]`]", body)
    assert "\x1b" not in markdown and "\x07" not in markdown
    assert "\n---\nkey" not in body and "\n# Heading" not in body
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in markdown          # escaped, still readable
    front = markdown.split("---\n")[1]
    assert all(line.split(":", 1)[0] in {"person", "aliases", "articles", "quotes", "statements", "generated", "generator"}
               for line in front.splitlines())
    assert "| 2026-01-01 |" in markdown and "\\| table \\| break" in markdown
    assert "characters " in markdown and "Stance over time" in markdown
