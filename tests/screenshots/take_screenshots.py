"""Take screenshots of the main window's states under Xvfb, with the real embedded model.

    xvfb-run -a .venv/bin/python tests/screenshots/take_screenshots.py [OUT_DIR] [ARTICLE]

Writes PNG files to OUT_DIR (default: ./screenshots) for a person to look at: the article with its
panels after the model finished, a person selected with their mentions highlighted, a quote
selected, a summary sentence's evidence highlighted, and the find bar.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer

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


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    article = Path(sys.argv[2]) if len(sys.argv) > 2 else resource_path(*SAMPLE_ARTICLE)
    out.mkdir(parents=True, exist_ok=True)
    create_app()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1400, 900)
    window.show()
    window.open_path(article)
    wait_for(lambda: window.analysis is not None)
    settle(1500)
    window.grab().save(str(out / "01-streaming.png"))
    wait_for(lambda: window.report is not None)
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
    for row in range(window.summary.list.count()):
        item = window.summary.list.item(row)
        if item.data(256):
            window.summary.list.setCurrentItem(item)
            break
    settle()
    window.grab().save(str(out / "05-summary-evidence.png"))
    window.findbar.open()
    window.findbar.field.setText("union")
    settle()
    window.grab().save(str(out / "06-find.png"))
    window.close()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
