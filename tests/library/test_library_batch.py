"""``stance-reader-cli batch``: NLP only, with a model, resumable, concurrent with a server backend."""
from __future__ import annotations

import threading

import pytest

from reader.cli import main
from reader.library import Library
from reader.library.batch import BatchOptions, run_batch


def test_batch_no_llm_then_resume(article_files, tmp_path, capsys):
    db = tmp_path / "lib.sqlite3"
    assert main(["batch", str(article_files), "--no-llm", "--library", str(db)]) == 0
    err = capsys.readouterr().err
    assert err.count(" done ") == 3 and "3 analysed, 0 skipped, 0 failed" in err
    assert main(["batch", str(article_files), "--no-llm", "--library", str(db)]) == 0
    err = capsys.readouterr().err
    assert err.count("skipped") >= 3 and "0 analysed, 3 skipped" in err
    with Library(db) as lib:
        assert lib.count() == 3 and lib.person("Reyes").articles and len(lib.search("ferries")) == 1


def test_batch_reports_unreadable_files_and_goes_on(article_files, tmp_path, capsys):
    (article_files / "empty.txt").write_text("   ")
    db = tmp_path / "lib.sqlite3"
    assert main(["batch", str(article_files), str(tmp_path / "absent.md"), "--no-llm", "--library", str(db)]) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "does not exist" in err and "3 analysed, 0 skipped, 2 failed" in err


def test_batch_with_model_stores_reports_and_resumes(library, article_files, fake_backend_class):
    made = []

    def factory():
        made.append(fake_backend_class())
        return made[-1]

    lines = []
    result = run_batch(library, [article_files], BatchOptions(cache=False, max_actors=2), lines.append, factory)
    assert (result.analysed, result.skipped, result.failed) == (3, 0, [])
    assert all(b.closed for b in made)
    record = library.articles()[0]
    assert record.has_report and record.report_complete
    report = library.report_dict(record.id)
    assert report["summaries"] and report["stances"]
    assert library.person("Varga").stances or library.person("Reyes").stances

    again = run_batch(library, [article_files], BatchOptions(cache=False), lines.append, factory)
    assert (again.analysed, again.skipped) == (0, 3)
    other = run_batch(library, [article_files], BatchOptions(cache=False),
                      lines.append, lambda: fake_backend_class(name="other.gguf"))
    assert other.analysed == 3            # another model: not finished work for it


def test_batch_keeps_n_articles_with_the_server_at_once(library, article_files, fake_backend_class):
    barrier = threading.Barrier(2, timeout=30)
    seen = set()

    def first_call_waits():
        name = threading.current_thread().name
        if name not in seen:
            seen.add(name)
            barrier.wait()     # returns only when two workers are inside a model call together

    result = run_batch(library, [article_files], BatchOptions(cache=False, concurrency=2, max_actors=1),
                       backend_factory=lambda: fake_backend_class(on_chat=first_call_waits))
    assert (result.analysed, result.failed) == (3, []) and len(seen) == 2


def test_batch_model_error_leaves_the_article_unfinished(library, article_files, fake_backend_class):
    from reader.errors import ModelError

    def fail():
        raise ModelError("The model server went away.")

    result = run_batch(library, [article_files / "a0.md"], BatchOptions(cache=False),
                       backend_factory=lambda: fake_backend_class(on_chat=fail))
    assert result.analysed == 0 and "went away" in result.failed[0][1]
    record = library.articles()[0]
    assert record.has_report and not record.report_complete     # kept as partial, redone next time
    assert run_batch(library, [article_files / "a0.md"], BatchOptions(cache=False),
                     backend_factory=fake_backend_class).analysed == 1


@pytest.mark.slow
def test_batch_with_the_embedded_model(model_path, tmp_path, capsys):
    db = tmp_path / "lib.sqlite3"
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Harbor vote\n\nMayor Elena Varga backed the cranes. “It is a careful first step,” Varga said.\n",
                    encoding="utf-8")
    # one thread: llama.cpp's spinning threads crawl on a shared, oversubscribed CI machine
    args = ["batch", str(tiny), "--model", str(model_path), "--library", str(db), "--max-actors", "1", "--no-cache",
            "--ctx", "2048", "--threads", "1", "--concurrency", "4"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "one article at a time" in err and "1 analysed" in err
    with Library(db) as lib:
        record = lib.articles()[0]
        assert record.report_complete and record.report_prompt
        report = lib.report_dict(record.id)
        assert report["model"]["file"].endswith(".gguf") and report["summaries"][0]["sentences"]
    assert main(args) == 0
    assert "0 analysed, 1 skipped" in capsys.readouterr().err
