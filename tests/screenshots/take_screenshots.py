"""Take screenshots of the main window's states under Xvfb, with the real embedded model.

    xvfb-run -a .venv/bin/python tests/screenshots/take_screenshots.py [--dark] [OUT_DIR] [ARTICLE]

Writes PNG files to OUT_DIR (default: ./screenshots) for a person to look at: the article with its
panels after the model finished, a person selected with their mentions highlighted, a quote
selected, a summary sentence's evidence highlighted, a quote clicked on a stance card, and the find
bar, and the library's page of a person. ``--dark`` applies a dark palette first, as a desktop in dark mode would (Xvfb has no platform
theme to ask), to check that every colour the app picks follows the palette.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QColor, QPalette

from reader.resources import SAMPLE_ARTICLE, resource_path
from reader.ui.app import create_app
from reader.ui.main_window import MainWindow


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition, timeout_s: float = 600) -> None:
    for _ in range(int(timeout_s * 10)):
        if condition():
            return
        settle(100)
    raise SystemExit("timed out")


def dark_palette() -> QPalette:
    palette = QPalette()
    R = QPalette.ColorRole
    for role, color in ((R.Window, "#2b2b2b"), (R.WindowText, "#e6e6e6"), (R.Base, "#1e1e1e"),
                        (R.AlternateBase, "#262626"), (R.Text, "#e6e6e6"), (R.Button, "#353535"),
                        (R.ButtonText, "#e6e6e6"), (R.Highlight, "#3d7bd9"), (R.HighlightedText, "#ffffff"),
                        (R.PlaceholderText, "#9a9a9a"), (R.ToolTipBase, "#353535"), (R.ToolTipText, "#e6e6e6"),
                        (R.Link, "#7fb2ff"), (R.Mid, "#444444"), (R.Dark, "#202020"), (R.Light, "#505050")):
        palette.setColor(role, QColor(color))
    for role in (R.WindowText, R.Text, R.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--dark"]
    out = Path(args[0] if args else "screenshots")
    article = Path(args[1]) if len(args) > 1 else resource_path(*SAMPLE_ARTICLE)
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    if "--dark" in sys.argv:
        app.setPalette(dark_palette())
    scratch = Path(tempfile.mkdtemp())
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, library_path=scratch / "library.sqlite3")
    window.resize(1400, 900)
    window.show()
    window.controller.open_path(article)
    wait_for(lambda: window.analysis is not None)
    settle(1500)
    window.grab().save(str(out / "01-streaming.png"))
    wait_for(lambda: window.controller.report is not None)
    settle()
    window.grab().save(str(out / "02-finished.png"))
    people = window.entities.tree.topLevelItem(0)
    window.entities.tree.setCurrentItem(people.child(0))
    window.entities.step(1)
    settle()
    window.grab().save(str(out / "03-person-selected.png"))
    window.quotes.list.setCurrentRow(1)
    settle()
    window.grab().save(str(out / "04-quote-selected.png"))
    window.docks["summary"].raise_()       # selecting a person raised their page; the summary is a tab beside it
    for row in range(window.summary.list.count()):
        item = window.summary.list.item(row)
        if item.data(256):
            window.summary.list.setCurrentItem(item)
            break
    settle()
    window.grab().save(str(out / "05-summary-evidence.png"))
    window.docks["stance"].raise_()
    from reader.ui.panels.stance import QuoteLink
    links = window.stance.inner.findChildren(QuoteLink)
    if links:
        links[0].activated.emit()
        window.stance.ensureWidgetVisible(links[0])
    settle()
    window.grab().save(str(out / "06-stance-quote.png"))
    window.findbar.open()
    window.findbar.field.setText("union")
    settle()
    window.grab().save(str(out / "07-find.png"))
    window.docks["library"].raise_()
    window.library.setCurrentIndex(1)
    wait_for(lambda: window.library.people.count() > 0, 30)
    window.library.people.setCurrentRow(0)
    wait_for(lambda: window.library.person_quotes.count() > 0, 30)
    settle()
    window.grab().save(str(out / "08-library-person.png"))
    window.close()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
