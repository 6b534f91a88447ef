"""The window's controller: what happens when a person opens an article, runs the model, adds to
the library, saves or changes settings — without a widget in sight.

:class:`ArticleController` owns the current analysis and report, the background tasks (a pool for
files and the library, the model's own thread) and the order things happen in; it says what
changed through Qt signals, and :class:`reader.ui.main_window.MainWindow` paints it. Tests drive it
with a ``QCoreApplication`` alone (see ``tests/gui/test_controller.py``).
"""
from __future__ import annotations

import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from ..analysis.pipeline import Finished, OverviewDone, Progress, SectionDone, StanceDone, Token
from ..annotations import Analysis
from ..errors import ReaderError
from ..export.markdown import render_markdown, write_markdown
from ..library import Library, add_paths
from ..library.schema import default_path
from ..settings import Settings, load_settings
from .analysis_process import analyze_in_process
from .model_worker import ModelThread, ModelWorker
from .tasks import TaskRunner

MAX_RECENT = 10
EVENT_SLICE_MS = 15
BACKGROUND_DELAY_MS = 200   # after an article is shown, before its model run and library record start
SETTING_NAMES = ("model", "server_url", "threads", "context", "temperature", "max_actors", "small_model_writes")


class ModelFailed:
    """The model worker's failure, queued behind the events that came before it."""

    def __init__(self, message: str):
        self.message = message


class ArticleController(QObject):
    status = Signal(str)                  # the one-line status
    warning = Signal(str, str)            # title, message: something the person must read
    opened = Signal(object, object)       # Analysis, the path (None for a library copy whose file is gone)
    highlight = Signal(object)            # a span to show once an article opened from the library is shown
    library_copy = Signal(str)            # the article shown is the library's copy; its file (this path) is gone
    notice = Signal(str)                  # a passing message (a library write that failed)
    recent_changed = Signal(list)         # the recent files, newest first
    model_started = Signal()
    token = Signal(str, int, str)         # kind, index, text
    progress = Signal(int, int, str)      # done, total, label
    section_done = Signal(object)         # SectionSummary
    overview_done = Signal(object)        # tuple of Grounded
    stance_done = Signal(object)          # StanceNote
    finished = Signal(object)             # Report (also when cancelled)
    work_ended = Signal(str)              # the model run is over, with what to say
    model_loaded = Signal(str)
    library_changed = Signal()
    library_added = Signal(int, list)     # articles added, [(path, error), ...] that could not be

    def __init__(self, worker: ModelWorker | None = None, settings: QSettings | None = None,
                 library_path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.tasks = TaskRunner(self)
        self.model = ModelThread(worker or ModelWorker())
        self.library_path = library_path or default_path()
        self.analysis: Analysis | None = None
        self.report = None
        self.generation = 0
        self.opened_path: Path | None = None
        self._pending_highlight = None
        self._tokens = 0
        self._token_clock = 0.0
        self._events: deque = deque()          # model events waiting to be painted
        self._drain_timer = QTimer(self, singleShot=True, interval=0)
        self._drain_timer.timeout.connect(self._drain_model_events)
        self._background_timer = QTimer(self, singleShot=True, interval=BACKGROUND_DELAY_MS)
        self._background_timer.timeout.connect(self._after_opened)
        worker = self.model.worker
        worker.event.connect(self._queue_model_event)
        worker.failed.connect(self._queue_model_failure)   # a bound method: queued to this thread
        worker.model_loaded.connect(self.model_loaded)
        worker.warm_up_requested.emit()

    # -- opening --------------------------------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.status.emit(f"Opening {path.name}…")
        self.tasks.run("open", lambda: analyze_in_process(path), lambda a: self.show(path, a),
                       lambda error: self._open_failed(path, error))

    def show(self, path: Path | None, analysis: Analysis) -> None:
        """Make ``analysis`` the current article; ``path`` is None for a library copy whose file is gone."""
        self.cancel_summary()
        self.analysis, self.report = analysis, None
        self.opened.emit(analysis, path)
        people = sum(1 for e in analysis.entities if e.type == "person")
        self.status.emit(f"{len(analysis.article.sections)} sections · {people} people · "
                         f"{len(analysis.quotes)} quotes")
        if path is not None:
            self._remember(path)
        if self._pending_highlight is not None:
            self.highlight.emit(self._pending_highlight)
            self._pending_highlight = None
        self.opened_path = path
        self._background_timer.start()

    def _after_opened(self) -> None:
        """The background work of a newly opened article (the model run, the library record) is
        Python in threads of this process: started while the article was first laid out and
        painted, it took the GIL from the UI thread again and again (largest stall, answers from
        the cache: median 120 ms over five runs; 57 ms with this delay). It starts once that first
        paint is done."""
        if self.analysis is None:
            return
        self._record_in_library(self.analysis, self.opened_path)
        self.start_summary()

    def _open_failed(self, path: Path, error: Exception) -> None:
        self.status.emit(f"Could not open {path.name}")
        message = str(error) if isinstance(error, ReaderError) else (
            f"“{path.name}” could not be opened because of an unexpected error ({error.__class__.__name__}).")
        self.warning.emit("Could not open the article", message)

    def recent(self) -> list[str]:
        recent = self.settings.value("recent", []) or []
        return [recent] if isinstance(recent, str) else list(recent)

    def _remember(self, path: Path) -> None:
        recent = [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recent", [str(path)] + recent[: MAX_RECENT - 1])
        self.recent_changed.emit(self.recent())

    # -- the library ----------------------------------------------------------------------------
    def _library_task(self, key: str, work, done=None) -> None:
        path = self.library_path

        def run():
            with Library(path) as library:
                return work(library)
        self.tasks.run(key, run, done or (lambda _: self.library_changed.emit()),
                       lambda error: self.notice.emit(f"The library could not be updated: {error}"))

    def _record_in_library(self, analysis: Analysis, path: Path | None) -> None:
        self._library_task(f"library-add-{analysis.article.content_hash}",
                           lambda library: library.add(analysis, path, opened=True))

    def _record_report(self, analysis: Analysis, report) -> None:
        self._library_task(f"library-report-{analysis.article.content_hash}",
                           lambda library: library.add(analysis, None, report=report))

    def add_to_library(self, paths: list[Path]) -> None:
        """Import and analyse (no model) files and folders into the library, on a pool thread."""
        self.status.emit("Adding to the library…")

        def added(result):
            records, failures = result
            self.library_changed.emit()
            message = f"Added {len(records)} articles to the library"
            self.status.emit(message + (f"; {len(failures)} could not be read." if failures else "."))
            self.library_added.emit(len(records), failures)
        self._library_task("library-add-files", lambda library: add_paths(library, paths), added)

    def open_record(self, record, span=None) -> None:
        """Open a library article: its file when it still exists, else the copy kept in the library."""
        self._pending_highlight = span
        if not record.missing:
            self.open_path(Path(record.path))
            return

        def opened(analysis):
            if analysis is None:
                self.status.emit("The library has no copy of this article.")
                return
            self.show(None, analysis)
            self.library_copy.emit(record.paths[0] if record.paths else "?")
        self._library_task("library-open", lambda library: library.analysis(record.id), opened)

    # -- the model ------------------------------------------------------------------------------
    def start_summary(self) -> None:
        if self.analysis is None:
            return
        self.report = None
        self._tokens, self._token_clock = 0, time.perf_counter()
        self.generation = self.model.submit(self.analysis)
        self.model_started.emit()
        self.status.emit("Loading the model…" if self.model.worker.backend is None else "Summarising…")

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
        if generation != self.generation:
            return  # a superseded request: drop, never paint
        if isinstance(event, ModelFailed):   # after the events before it, in order
            self.work_ended.emit(event.message)
            self.warning.emit("The model could not run", event.message + "\n\nEntities and quotes still work.")
        elif isinstance(event, Token):
            self.token.emit(event.kind, event.index, event.text)
            self._tokens += 1
        elif isinstance(event, Progress):
            rate = self._tokens / max(1e-3, time.perf_counter() - self._token_clock)
            self.progress.emit(event.done, event.total,
                               f"{event.label} · {rate:.0f} tokens/s" if self._tokens else event.label)
        elif isinstance(event, SectionDone):
            self.section_done.emit(event.summary)
        elif isinstance(event, OverviewDone):
            self.overview_done.emit(event.sentences)
        elif isinstance(event, StanceDone):
            self.stance_done.emit(event.note)
        elif isinstance(event, Finished):
            report = self.report = event.report
            if not report.cancelled and self.analysis is not None:
                self._record_report(self.analysis, report)
            self.finished.emit(report)
            self.work_ended.emit("Cancelled — finished sections are kept." if report.cancelled else
                                 ("; ".join(report.errors) or "Summaries and stance notes are ready."))

    # -- settings and export --------------------------------------------------------------------
    def apply_settings(self, settings: Settings) -> None:
        """Save the dialog's settings (off the UI thread); a changed model is unloaded now and used
        from the next run, which starts only when asked."""
        def save() -> list[str]:
            before = load_settings()
            settings.save()
            return [name for name in SETTING_NAMES if getattr(before, name) != getattr(settings, name)]

        def saved(changed: list[str]) -> None:
            if not changed:
                return
            self.cancel_summary()
            self.model.worker.reconfigure_requested.emit()
            which = Path(settings.model).name if settings.model else "the embedded default"
            self.status.emit(f"Settings saved; model: {which}. Summarise again (Ctrl+R) to use them."
                             if self.analysis else f"Settings saved; model: {which}.")

        self.tasks.run("settings", save, saved,
                       lambda error: self.warning.emit("Could not save the settings",
                                                       f"The settings could not be written: {error}"))

    def write_markdown(self, path: Path) -> None:
        text = render_markdown(self.analysis, self.report)
        self.tasks.run("save", lambda: write_markdown(path, text),
                       lambda _: self.status.emit(f"Saved {path.name}"),
                       lambda error: self.warning.emit("Could not save", str(error) if isinstance(error, ReaderError)
                                                       else f"“{path}” could not be written: {error}. "
                                                            "Any previous file there is unchanged."))

    def close(self) -> None:
        """Stop the background work (the model thread, then the pool) before the window goes."""
        self._background_timer.stop()
        self.model.stop()
        self.tasks.wait(2000)
