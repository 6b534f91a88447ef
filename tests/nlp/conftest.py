"""Fixtures of the NLP tests."""
from __future__ import annotations

import threading
from collections.abc import Callable

import pytest


@pytest.fixture
def in_two_threads() -> Callable[[Callable[[], object], int], list[object]]:
    """Runs a call ``times`` times on each of two threads at once; returns every result."""

    def run(call: Callable[[], object], times: int = 5) -> list[object]:
        results: list[list[object]] = [[], []]

        def work(k: int) -> None:
            results[k] = [call() for _ in range(times)]

        threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results[0] + results[1]

    return run
