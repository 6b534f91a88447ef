"""Create the QApplication and the main window."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import APP_ID, APP_NAME, __version__
from ..resources import resource_path
from .main_window import MainWindow


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    icon = resource_path("icons", "stance-reader.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_app(path: Path | None = None) -> int:
    app = create_app()
    window = MainWindow()
    window.show()
    if path is not None:
        window.controller.open_path(Path(path))
    return app.exec()
