"""Statements (quoted and reported speech) in the library: stored when an article is added, listed on
the person page across articles, and filled in for a library written before they existed."""
from __future__ import annotations

import sqlite3

from reader.article import ArticleBuilder
from reader.library import Library, render_person_markdown
from reader.nlp.pipeline import analyze_article


def analysed(title, *paragraphs, date=None):
    builder = ArticleBuilder()
    builder.set_title(title)
    for paragraph in paragraphs:
        builder.paragraph(paragraph)
    return analyze_article(builder.build(date=date, source=f"{title}.txt"))


def two_articles(library):
    one = library.add(analysed("Bridge vote", "Mayor Ada Stone warned that the old bridge would close next month.",
                               "“We need the money now,” Stone said on Tuesday.", date="2026-02-01"), "/n/one.txt")
    two = library.add(analysed("Bridge closes", "According to Ada Stone, repairs will take a full year.",
                               date="2026-03-01"), "/n/two.txt")
    return one, two


def test_the_person_page_lists_quoted_and_reported_statements_across_articles(library):
    one, two = two_articles(library)
    page = library.person("Ada Stone")
    kinds = [(s.article_id, s.kind, s.cue) for s in page.statements]
    assert (one.id, "indirect", "warned") in kinds and (one.id, "direct", "said") in kinds
    assert (two.id, "indirect", "According to") in kinds
    assert [s.article_id for s in page.statements] == sorted(s.article_id for s in page.statements)   # by date
    for statement in page.statements:
        text = library.analysis(statement.article_id).article.text
        assert text[statement.span[0]:statement.span[1]] == statement.text
    summary = next(p for p in library.people() if p.key == page.key)
    assert summary.statements == len(page.statements) and summary.quotes == 1
    markdown = render_person_markdown(page)
    assert "*Reported* (“warned”): the old bridge would close next month" in markdown
    assert "*Quoted* (“said”): “We need the money now,”" in markdown


def test_adding_an_article_again_replaces_its_statements(library):
    one, _ = two_articles(library)
    def rows():
        return [(s.article_id, s.kind, s.span, s.cue, s.text) for s in library.person("Ada Stone").statements]
    before = rows()
    library.add(library.analysis(one.id), "/n/one-copy.txt")
    assert rows() == before


def test_a_library_from_before_statements_gets_them_when_opened(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        two_articles(library)
        expected = library.person("Ada Stone").statements
    db = sqlite3.connect(path)
    db.execute("DROP TABLE statements")            # what schema 1 had
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Library(path) as library:
        assert library.person("Ada Stone").statements == expected
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
