"""The main window: opens articles off the UI thread and shows them in the reading view."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar

from .. import APP_NAME
from ..analysis import Analysis, analyze_article
from ..errors import ReaderError
from ..importers import load_article
from .article_view import ArticleView
from .tasks import TaskRunner

OPEN_FILTER = "Articles (*.html *.htm *.mhtml *.mht *.md *.markdown *.txt);;All files (*)"


def open_and_analyze(path: Path) -> Analysis:
    return analyze_article(load_article(path))


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 800)
        self.setAcceptDrops(True)
        self.tasks = TaskRunner(self)
        self.analysis: Analysis | None = None
        self.view = ArticleView(self)
        self.setCentralWidget(self.view)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.status_label = QLabel(self)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self._create_actions()

    def _create_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open…", self, shortcut=QKeySequence.StandardKey.Open,
                                   triggered=self.choose_file)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(QAction("Zoom &In", self, shortcut=QKeySequence.StandardKey.ZoomIn,
                                    triggered=lambda: self.view.zoom(1)))
        view_menu.addAction(QAction("Zoom &Out", self, shortcut=QKeySequence.StandardKey.ZoomOut,
                                    triggered=lambda: self.view.zoom(-1)))

    # -- opening --------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open article", "", OPEN_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        self.status_label.setText(f"Opening {path.name}…")
        self.progress.show()
        self.tasks.run("open", lambda: open_and_analyze(path), self._opened,
                       lambda error: self._open_failed(path, error))

    def _opened(self, analysis: Analysis) -> None:
        self.progress.hide()
        self.analysis = analysis
        self.view.show_article(analysis.article)
        title = analysis.article.title or Path(analysis.article.source).name
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.status_label.setText(f"{len(analysis.article.sections)} sections, "
                                  f"{len(analysis.article.paragraphs)} paragraphs")

    def _open_failed(self, path: Path, error: Exception) -> None:
        self.progress.hide()
        self.status_label.setText(f"Could not open {path.name}")
        message = str(error) if isinstance(error, ReaderError) else (
            f"“{path.name}” could not be opened because of an unexpected error ({error.__class__.__name__}).")
        QMessageBox.warning(self, "Could not open the article", message)

    # -- drag and drop --------------------------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.open_path(Path(files[0]))
            event.acceptProposedAction()

    def closeEvent(self, event):  # noqa: N802
        self.tasks.wait(2000)
        super().closeEvent(event)


__all__ = ["MainWindow"]
