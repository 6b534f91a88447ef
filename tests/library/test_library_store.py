"""The library file: records, duplicates by content hash, missing files, reports, schema version."""
from __future__ import annotations

import sqlite3

import pytest

from reader.library import SCHEMA_VERSION, Library, LibraryError, add_file, add_paths, collect_articles
from reader.library import schema as store_module
from reader.library.synthetic import make_analysis


def test_add_records_the_article_and_its_analysis(library, article_files):
    record = add_file(library, article_files / "a0.md", opened=True)
    assert record.title == "Harbor debate on cranes" and record.date == "2026-03-14"
    assert record.paths == (str(article_files / "a0.md"),) and not record.missing and record.opened
    analysis = library.analysis(record.id)
    assert analysis.article.content_hash == record.hash
    names = {e.name for e in analysis.entities}
    assert {"Elena Varga", "Tomás Reyes"} <= names
    assert library.get(record.hash) == record
    assert library.find_path(article_files / "a0.md").id == record.id
    assert library.count() == 1 and library.articles() == [record]


def test_same_text_at_two_paths_is_one_article(library, article_files, tmp_path):
    first = add_file(library, article_files / "a0.md")
    copy = tmp_path / "elsewhere" / "copy.md"
    copy.parent.mkdir()
    copy.write_bytes((article_files / "a0.md").read_bytes())
    second = add_file(library, copy)
    assert second.id == first.id and library.count() == 1
    assert set(second.paths) == {str(article_files / "a0.md"), str(copy)}


def test_moved_or_deleted_file_keeps_the_record(library, article_files, tmp_path):
    path = article_files / "a1.md"
    record = add_file(library, path)
    path.rename(tmp_path / "moved.md")
    again = library.get(record.id)
    assert again is not None and again.missing and again.path == str(path)
    assert library.analysis(record.id) is not None
    assert library.search("tolls")[0].article.missing
    add_file(library, tmp_path / "moved.md")    # seen at its new place: found again, one article
    found = library.get(record.id)
    assert not found.missing and found.path == str(tmp_path / "moved.md") and library.count() == 1


def test_folders_are_added_recursively(library, article_files):
    (article_files / "sub").mkdir()
    (article_files / "sub" / "page.txt").write_text("A Title\n\nSome text about the harbor, said Varga.\n")
    (article_files / "page_files").mkdir()             # a "Web page, complete" resource folder
    (article_files / "page_files" / "frame.html").write_text("<html><body><p>ad</p></body></html>")
    (article_files / ".hidden.md").write_text("# x\n\ny\n")
    (article_files / "empty.txt").write_text("")
    assert [p.name for p in collect_articles([article_files])] == ["a0.md", "a1.md", "a2.md", "empty.txt", "page.txt"]
    seen = []
    records, failures = add_paths(library, [article_files], progress=lambda *args: seen.append(args))
    assert len(records) == 4 and [f[0].name for f in failures] == ["empty.txt"] and "empty" in failures[0][1]
    assert len(seen) == 5 and library.count() == 4


def test_report_is_stored_and_identifies_its_model(library):
    data = make_analysis("T", ["Grace Okafor spoke."], entities=[("Grace Okafor", "person")],
                         quotes=[("Grace Okafor", "It will work")])
    report = {"model": {"file": "m.gguf", "sha256": "abc", "prompt_version": "2"}, "summaries": [],
              "overview": {"sentences": []}, "cancelled": False, "errors": [],
              "stances": [{"entity": "e1", "label": "supports", "target": "plan", "note": "Backs it.",
                           "evidence": [[0, 5]], "flag": None}]}
    record = library.add(data, "/nowhere/t.txt", report=report)
    assert record.has_report and record.report_complete and record.missing
    assert library.report_dict(record.id)["stances"][0]["note"] == "Backs it."
    assert library.has_report(data["hash"], "abc", "2")
    assert not library.has_report(data["hash"], "abc", "3") and not library.has_report(data["hash"], "other", "2")
    library.set_report(record.hash, {**report, "cancelled": True})
    assert not library.has_report(data["hash"], "abc", "2")   # an unfinished report is not finished work


def test_remove_and_forget_path(library):
    data = make_analysis("Gone", ["Text about cranes."])
    record = library.add(data, "/a/one.txt")
    library.add_path(record.id, "/a/two.txt")
    library.forget_path("/a/one.txt")
    assert library.get(record.id).paths == ("/a/two.txt",)
    library.remove(record.id)
    assert library.get(record.id) is None and library.search("cranes") == [] and library.count() == 0


def test_file_settings_and_persistence(tmp_path):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.add(make_analysis("Persisted", ["Body."]), None)
        assert lib.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib.db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    with Library(path) as lib:
        assert [a.title for a in lib.articles()] == ["Persisted"]
        assert lib.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_default_path_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(store_module.platformdirs, "user_data_dir", lambda app: str(tmp_path / app))
    assert store_module.default_path() == tmp_path / "stance-reader" / "library.sqlite3"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "lib.sqlite3"
    Library(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(LibraryError, match="newer"):
        Library(path)


def test_migration_hook_upgrades_in_order(tmp_path, monkeypatch):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.add(make_analysis("Old", ["Body."]), None)

    def add_column(db):
        db.execute("ALTER TABLE articles ADD COLUMN rating INTEGER")

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, SCHEMA_VERSION + 1, add_column)
    with Library(path) as lib:
        assert lib.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert lib.db.execute("SELECT rating, title FROM articles").fetchall() == [(None, "Old")]


def test_failed_write_rolls_back(library):
    with pytest.raises(RuntimeError), library.transaction():
        library.add(make_analysis("Half", ["Body."]), None)
        raise RuntimeError("crash in the middle")
    assert library.count() == 0 and library.search("half") == []


def test_not_a_database_is_a_library_error(tmp_path):
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError):
        Library(path)
