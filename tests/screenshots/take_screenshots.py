"""Take screenshots of the main window's states (run under Xvfb or offscreen).

    xvfb-run -a .venv/bin/python tests/screenshots/take_screenshots.py [OUT_DIR]

Writes PNG files to OUT_DIR (default: ./screenshots) for a person to look at.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from reader.resources import SAMPLE_ARTICLE, resource_path
from reader.ui.app import create_app
from reader.ui.main_window import MainWindow


def settle(app, ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    window = MainWindow()
    window.resize(1200, 820)
    window.show()
    window.open_path(resource_path(*SAMPLE_ARTICLE))
    for _ in range(50):
        settle(app, 100)
        if window.analysis is not None:
            break
    settle(app)
    window.grab().save(str(out / "01-sample-article.png"))
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
