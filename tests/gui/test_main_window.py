from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from reader.resources import SAMPLE_ARTICLE, resource_path
from reader.ui.main_window import MainWindow


def open_window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_opens_sample_off_the_ui_thread(qtbot):
    window = open_window(qtbot)
    window.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=10000)
    assert window.windowTitle().startswith("Harbor Council Splits")
    text = window.view.toPlainText()
    assert "Mayor Elena Varga" in text
    # document positions are article offsets
    article = window.analysis.article
    start, end = article.sections[1].heading
    cursor = window.view.cursor_for((start, end))
    assert cursor.selectedText() == "A Narrow Vote"


def test_failure_is_a_message_and_the_app_stays_usable(qtbot, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window = open_window(qtbot)
    window.open_path(Path(tmp_path / "missing.html"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "does not exist" in shown[0]
    window.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=10000)


def test_no_html_is_interpreted(qtbot, write):
    path = write("hostile.txt", 'Title\n\n<img src="http://example.com/x.png"> <b>bold</b> & <a href="x">link</a>\n')
    window = open_window(qtbot)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=10000)
    assert '<img src="http://example.com/x.png"> <b>bold</b>' in window.view.toPlainText()


def test_astral_characters_keep_offsets_aligned(qtbot, write):
    path = write("emoji.txt", "Title 😀\n\nThe 🚢 harbour and the 😀 cranes.\n")
    window = open_window(qtbot)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=10000)
    article = window.analysis.article
    start = article.text.index("cranes")
    assert window.view.cursor_for((start, start + 6)).selectedText() == "cranes"
