"""Import and NLP run in a separate process, so that their long C calls (lxml parsing, JSON model
loading, regular expressions over megabytes of text) never hold the UI process's GIL.

One spawned worker process is kept for the app's lifetime: NLP resources load once there. An
error the user caused comes back as the same :class:`~reader.errors.ReaderError`; a crashed worker
(out of memory on a huge file, say) becomes a clear message and a fresh worker next time.
"""
from __future__ import annotations

import atexit
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..annotations import Analysis
from ..errors import ArticleError

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def open_and_analyze(path: Path) -> Analysis:
    """Runs in the worker process. Its imports are deferred so that the window's own process
    never loads the importers and the NLP (trafilatura, numpy, the tagger: 0.2 s of the window's
    start-up, measured with ``python -X importtime``)."""
    from ..importers import load_article
    from ..nlp.pipeline import analyze_article
    return analyze_article(load_article(path))


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def analyze_in_process(path: Path) -> Analysis:
    """Blocking: call it from a worker thread, never from the UI thread."""
    global _pool
    try:
        return _executor().submit(open_and_analyze, Path(path)).result()
    except BrokenProcessPool:
        with _lock:
            _pool = None
        raise ArticleError(f"“{Path(path).name}” could not be analysed: the analysis process stopped "
                           "(the file may be too large for the available memory).") from None


@atexit.register
def shutdown() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
