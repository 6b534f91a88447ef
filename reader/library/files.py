"""Finding article files in folders, and adding files to the library through the NLP analysis."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import ReaderError
from ..importers import HTML_SUFFIXES, MARKDOWN_SUFFIXES, MHTML_SUFFIXES

ARTICLE_SUFFIXES = HTML_SUFFIXES | MHTML_SUFFIXES | MARKDOWN_SUFFIXES | {".txt", ".text"}


def collect_articles(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Article files named, or found (recursively, by suffix) in the folders named, in a stable order.
    Hidden files and the ``*_files`` folders of "Web page, complete" saves are skipped; a file named
    explicitly is always taken, whatever its suffix."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        item = Path(item)
        if item.is_dir():
            candidates = []
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.endswith("_files"))
                candidates += [Path(root) / f for f in sorted(files)
                               if not f.startswith(".") and Path(f).suffix.lower() in ARTICLE_SUFFIXES]
        else:
            candidates = [item]
        for path in candidates:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def add_file(library, path: str | os.PathLike, *, opened: bool = False):
    """Import, analyse (no model) and record one file; returns its :class:`ArticleRecord`.
    Raises :class:`~reader.errors.ArticleError` for a file that cannot be read as an article."""
    # imported when a file is added, not with the library: the window lists the library at
    # start-up and must not pay for the importers and the NLP then (about 0.2 s)
    from ..importers import load_article
    from ..nlp.pipeline import analyze_article
    return library.add(analyze_article(load_article(path)), path, opened=opened)


def add_paths(library, paths: Iterable[str | os.PathLike],
              progress: Callable[[int, int, Path, str | None], None] | None = None) -> tuple[list, list[tuple[Path, str]]]:
    """Add files and folders; returns (records, [(path, error sentence)]). ``progress(done, total,
    path, error)`` is called after each file."""
    files = collect_articles(paths)
    records, failures = [], []
    for done, path in enumerate(files, 1):
        error = None
        try:
            records.append(add_file(library, path))
        except ReaderError as exc:
            error = str(exc)
            failures.append((path, error))
        if progress:
            progress(done, len(files), path, error)
    return records, failures
