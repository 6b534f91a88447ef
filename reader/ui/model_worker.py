"""The one thread that owns the language model.

llama.cpp objects are not thread-safe, so a single :class:`ModelWorker` on its own ``QThread``
loads the model (lazily, on the first request) and runs every generation. The UI sends requests
through a queued signal and cancels through the request's :class:`CancelToken`; events come back
as queued signals tagged with the request's generation number, and the UI drops events of a
superseded request instead of painting them.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..analysis.cache import AnswerCache
from ..analysis.runner import run_report
from ..cancel import CancelToken
from ..errors import ReaderError
from ..settings import load_settings


class ModelWorker(QObject):
    event = Signal(int, object)          # generation, event from run_report
    failed = Signal(int, str)            # generation, user-facing message
    model_loaded = Signal(str)           # description of the loaded model
    requested = Signal(int, object, object)   # generation, analysis, cancel token (UI -> worker)
    unload_requested = Signal()               # UI -> worker: free the model on its own thread
    reconfigure_requested = Signal()          # UI -> worker: settings changed; free the model, reread them
    warm_up_requested = Signal()              # UI -> worker: import what a run needs, before the first run

    def __init__(self, model: str | None = None, server: str | None = None, max_actors: int | None = None,
                 backend_factory=None):
        super().__init__()
        self.model, self.server, self._max_actors = model, server, max_actors
        self._read_settings()
        self.backend = None
        self._factory = backend_factory
        self.requested.connect(self._run)
        self.unload_requested.connect(self.unload)
        self.reconfigure_requested.connect(self.reconfigure)
        self.warm_up_requested.connect(self.warm_up)

    def _read_settings(self) -> None:
        settings = load_settings()
        self.temperature = settings.temperature
        self.small_model_writes = settings.small_model_writes
        self.max_actors = settings.max_actors if self._max_actors is None else self._max_actors

    def _load(self):
        if self.backend is None:
            if self._factory is not None:
                self.backend = self._factory()
            else:
                # on this thread, as warm_up does: the backends bring numpy and our token loop
                from ..llm.loader import open_backend
                self.backend = open_backend(self.model, self.server)
            info = self.backend.info
            self.model_loaded.emit(f"{info.file} · {info.n_ctx} ctx")
        return self.backend

    @Slot(int, object, object)
    def _run(self, generation: int, analysis, cancel: CancelToken) -> None:
        if cancel.cancelled:
            return
        try:
            backend = self._load()
            for item in run_report(analysis, backend, cache=AnswerCache(), cancel=cancel,
                                   max_actors=self.max_actors, temperature=self.temperature,
                                   small_model_writes=self.small_model_writes):
                self.event.emit(generation, item)
        except ReaderError as error:
            self.failed.emit(generation, str(error))
        except MemoryError:
            self.failed.emit(generation, "The computer ran out of memory while running the model. "
                                         "Try a smaller model.")
        except Exception as error:  # keep the app alive; say what happened
            self.failed.emit(generation, f"The model stopped with an unexpected error ({error.__class__.__name__}: {error}).")

    @Slot()
    def warm_up(self) -> None:
        """Import the modules a run needs (nltk's Punkt, numpy, llama.cpp's bindings: about half a
        second, partly inside C extension initialisers that hold the GIL) while the window waits
        for its first article, not while that article's results are being painted. The model's
        weights still load only on the first request."""
        from ..analysis import runner  # noqa: F401
        from ..llm import loader  # noqa: F401
        from ..nlp.sentences import sentence_spans
        sentence_spans("Warm up. Done.")
        if self._factory is None and not self.server:
            try:
                import llama_cpp  # noqa: F401

                from ..llm import decode, llamacpp  # noqa: F401
            except ImportError:
                pass

    @Slot()
    def unload(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None

    @Slot()
    def reconfigure(self) -> None:
        """The settings file changed (the Models dialog): free the model now, so its memory
        returns, and load the chosen one on the next request. Cached answers of every model stay."""
        self.unload()
        self.model = self.server = None
        self._max_actors = None
        self._read_settings()
        self.model_loaded.emit("not loaded (loads when needed)")


class ModelThread:
    """Owns the QThread and the worker; ``submit`` starts a run, ``cancel`` stops it."""

    def __init__(self, worker: ModelWorker):
        self.thread = QThread()
        self.thread.setObjectName("model")
        self.worker = worker
        worker.moveToThread(self.thread)
        self.thread.start()
        self.generation = 0
        self.cancel_token: CancelToken | None = None

    def submit(self, analysis) -> int:
        self.cancel()
        self.generation += 1
        self.cancel_token = CancelToken()
        self.worker.requested.emit(self.generation, analysis, self.cancel_token)
        return self.generation

    def cancel(self) -> None:
        if self.cancel_token is not None:
            self.cancel_token.cancel()

    def stop(self, wait_ms: int = 3000) -> None:
        """Cancel, free the model on the thread that owns it, and end the thread."""
        self.cancel()
        self.worker.unload_requested.emit()
        self.thread.quit()
        self.thread.wait(wait_ms)
