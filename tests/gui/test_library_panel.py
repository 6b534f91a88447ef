"""The library panel: opened articles are recorded, searched, and people are followed across articles
back to the sentence; a moved or deleted file still opens from the copy kept in the library."""
from __future__ import annotations

import shutil

from PySide6.QtWidgets import QMessageBox

from reader.resources import SAMPLE_ARTICLE, resource_path


def test_opened_articles_are_searchable_and_people_link_to_their_quotes(make_window, qtbot, tmp_path):
    window = make_window()
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.controller.report is not None, timeout=20000)
    panel = window.library
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10000)
    assert "Harbor Council" in panel.results.item(0).text()
    panel.query.setText("livelihoods")
    qtbot.waitUntil(lambda: panel.results.count() == 1 and "livelihoods" in panel.results.item(0).text(),
                    timeout=10000)
    panel.query.setText("zeppelin")
    qtbot.waitUntil(lambda: panel.results.count() == 0, timeout=10000)

    qtbot.waitUntil(lambda: panel.people.count() >= 4, timeout=10000)
    names = [panel.people.item(i).text() for i in range(panel.people.count())]
    row = next(i for i, n in enumerate(names) if n.startswith("Tomás Reyes"))
    panel.people.setCurrentRow(row)
    qtbot.waitUntil(lambda: panel.person_quotes.count() >= 2, timeout=10000)
    assert "Tomás Reyes" in panel.person_title.text()
    assert panel.person_title.text().endswith("in 1 article")          # counted in words, singular for one
    quote_items = [panel.person_quotes.item(i) for i in range(panel.person_quotes.count())
                   if not panel.person_quotes.item(i).text().startswith("Stance:")]
    # the article is named as the quote's source, never in the place of a speaker
    assert quote_items[0].text().splitlines()[-1].startswith("in “Harbor Council Splits")
    window.view.clear_highlights()
    panel._open_quote(quote_items[0])
    record, span = quote_items[0].data(256)

    def highlighted():
        selections = window.view.extraSelections()
        return bool(selections) and selections[0].cursor.selectionStart() == span[0]
    qtbot.waitUntil(highlighted, timeout=15000)


def test_a_deleted_file_opens_from_the_library_copy(make_window, qtbot, tmp_path):
    copy = tmp_path / "kept.md"
    shutil.copyfile(resource_path(*SAMPLE_ARTICLE), copy)
    window = make_window()
    window.controller.open_path(copy)
    qtbot.waitUntil(lambda: window.library.results.count() == 1, timeout=20000)
    copy.unlink()
    window.library.refresh()
    qtbot.waitUntil(lambda: "file gone" in window.library.results.item(0).text(), timeout=10000)
    window.controller.analysis = None
    window.library._open_result(window.library.results.item(0))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=10000)
    assert "copy kept in the library" in window.meta_label.text() and "kept.md" in window.meta_label.text()
    assert "Mayor Elena Varga" in window.view.toPlainText()


def test_add_a_folder_to_the_library(make_window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copyfile(resource_path(*SAMPLE_ARTICLE), folder / "one.md")
    (folder / "two.txt").write_text("Second story\n\nThe mayor said “we will see” on Monday.\n", encoding="utf-8")
    (folder / "broken.html").write_bytes(b"\x00\x01\x02" * 10)
    window = make_window()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.controller.add_to_library([folder])
    qtbot.waitUntil(lambda: "Added 2 articles" in window.status_label.text(), timeout=20000)
    qtbot.waitUntil(lambda: window.library.results.count() == 2, timeout=10000)
    assert shown and "broken.html" in shown[0]
