"""Full-text search (FTS5) over titles, text and quotes, with each filter."""
from __future__ import annotations

import pytest

from reader.library.queries import fts_query
from reader.library.synthetic import make_analysis


@pytest.fixture
def filled(library):
    rows = [
        ("Port automation vote", ["The council approved automated cranes at the terminal."],
         [("Elena Varga", "person"), ("Eastport Harbor Council", "organization")],
         [("Elena Varga", "Standing still is the real gamble")], "2026-03-14", "https://www.eastport-news.com/a"),
        ("Ferry tolls rise", ["Commuters protested the new ferry tolls downtown."],
         [("Tomás Reyes", "person"), ("Ferry Union", "organization")],
         [("Tomás Reyes", "Tolls punish the workers")], "2026-04-02", "https://news.example.org/b"),
        ("Cranes arrive in Eastport", ["The first automated cranes arrived by ship."],
         [("Tomás Reyes", "person"), ("Eastport Harbor Council", "organization")],
         [("Tomás Reyes", "The cranes are a gamble with livelihoods")], "2026-05-20", "https://eastport-news.com/c"),
        ("Undated note", ["A note on cranes without a date."], [], [], None, None),
    ]
    ids = {}
    with library.transaction():
        for title, paragraphs, entities, quotes, date, url in rows:
            ids[title] = library.add(make_analysis(title, paragraphs, entities=entities, quotes=quotes, date=date,
                                                   url=url), f"/lib/{title}.txt").id
    return ids


def titles(hits):
    return sorted(h.article.title for h in hits)


def test_plain_words_phrase_and_prefix(library, filled):
    assert titles(library.search("cranes")) == ["Cranes arrive in Eastport", "Port automation vote", "Undated note"]
    assert titles(library.search("automated cranes")) == ["Cranes arrive in Eastport", "Port automation vote"]
    assert titles(library.search('"approved automated cranes"')) == ["Port automation vote"]
    assert titles(library.search("“cranes arrived”")) == ["Cranes arrive in Eastport"]
    assert titles(library.search("automat*")) == ["Cranes arrive in Eastport", "Port automation vote"]
    assert titles(library.search("TOMAS")) == ["Cranes arrive in Eastport", "Ferry tolls rise"]   # accents folded
    hit = library.search("protested")[0]
    assert "«protested»" in hit.snippet and hit.article.id == filled["Ferry tolls rise"]
    assert library.search("nonexistentword") == []


def test_fields_title_and_quotes(library, filled):
    assert titles(library.search("automation", field="title")) == ["Port automation vote"]
    assert titles(library.search("gamble", field="quotes")) == ["Cranes arrive in Eastport", "Port automation vote"]
    assert titles(library.search("terminal", field="quotes")) == []
    with pytest.raises(ValueError):
        library.search("x", field="nope")


def test_person_filter_uses_the_merged_person(library, filled):
    assert titles(library.search(person="Tomás Reyes")) == ["Cranes arrive in Eastport", "Ferry tolls rise"]
    assert titles(library.search(person="reyes")) == ["Cranes arrive in Eastport", "Ferry tolls rise"]
    assert titles(library.search("cranes", person="Reyes")) == ["Cranes arrive in Eastport"]
    assert library.search(person="Nobody Known") == []


def test_organization_date_and_source_filters(library, filled):
    assert titles(library.search(organization="eastport harbor council")) == [
        "Cranes arrive in Eastport", "Port automation vote"]
    assert titles(library.search(date_from="2026-04-01")) == ["Cranes arrive in Eastport", "Ferry tolls rise"]
    assert titles(library.search(date_to="2026-04-02")) == ["Ferry tolls rise", "Port automation vote"]
    assert titles(library.search(date_from="2026-04-01", date_to="2026-04-30")) == ["Ferry tolls rise"]
    assert titles(library.search(source="eastport-news.com")) == ["Cranes arrive in Eastport", "Port automation vote"]
    assert titles(library.search(source="https://example.org/")) == ["Ferry tolls rise"]     # subdomains count
    assert titles(library.search(source="news.example.org")) == ["Ferry tolls rise"]
    assert library.search(source="example.com") == []


def test_combined_filters_and_order(library, filled):
    hits = library.search("cranes", organization="Eastport Harbor Council", date_from="2026-01-01",
                          source="eastport-news.com", person="Varga")
    assert titles(hits) == ["Port automation vote"]
    newest_first = [h.article.title for h in library.search()]
    assert newest_first == ["Cranes arrive in Eastport", "Ferry tolls rise", "Port automation vote", "Undated note"]
    assert len(library.search(limit=2)) == 2


@pytest.mark.parametrize("typed", ['NEAR(a b', 'title: x', '"unclosed', 'a AND OR', '*', '(', '^x', '-x', "'", "c++"])
def test_query_syntax_is_only_text(library, filled, typed):
    library.search(typed)        # never an FTS5 syntax error
    assert fts_query(typed).count('"') % 2 == 0


def test_filtered_ranking_paths_agree(library, filled, monkeypatch):
    from reader.library import queries as store
    few = [h.article.title for h in library.search("cranes", date_from="2026-01-01")]
    monkeypatch.setattr(store, "FEW_MATCHES", 0)      # rank every match in one pass instead
    assert [h.article.title for h in library.search("cranes", date_from="2026-01-01")] == few
    assert len(few) == 2 and all(h.snippet for h in library.search("cranes", date_from="2026-01-01"))
