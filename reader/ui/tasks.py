"""Background work for the UI: run a function on a pool thread, deliver its result on the UI thread.

``run_task(fn, on_done, on_error)`` is the one way the UI does slow work (disk, parsing, NLP). The
callbacks run on the UI thread; ``fn`` must not touch widgets. Each task carries a generation
number so that the result of a superseded request (the user opened another file meanwhile) is
dropped instead of painted.
"""
from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues the call back to this thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Callable[[object], None], on_error: Callable[[object], None]):
        super().__init__()
        self._on_done, self._on_error = on_done, on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_done(self, value: object) -> None:
        self._on_done(value)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        self._on_error(error)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as error:  # delivered to the UI thread, which decides what to say
            self.relay.failed.emit(error)
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    """Runs IO/CPU work off the UI thread; only the newest request of each ``key`` is delivered."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._generation: dict[str, int] = {}
        self._relays: set[_Relay] = set()

    def run(self, key: str, fn: Callable[[], object], on_done: Callable[[object], None],
            on_error: Callable[[Exception], None]) -> int:
        generation = self._generation.get(key, 0) + 1
        self._generation[key] = generation
        relay: _Relay

        def finish(callback, value):
            self._relays.discard(relay)
            relay.deleteLater()
            # a result that arrives after its window (this runner's parent) was destroyed is dropped
            if shiboken6.isValid(self) and self._generation.get(key) == generation:
                callback(value)

        relay = _Relay(lambda value: finish(on_done, value), lambda error: finish(on_error, error))
        self._relays.add(relay)
        self.pool.start(_Task(fn, relay))
        return generation

    def discard_pending(self) -> None:
        """Results of tasks still running are dropped, not delivered (their window is closing)."""
        for key in self._generation:
            self._generation[key] += 1

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)
