"""The library of articles the user opened or added: storage, search, people across articles, and
the batch analysis (``stance-reader-cli batch``). Nothing here imports Qt.

The UI's entry points::

    from reader.library import Library, add_file, add_paths
    lib = Library()                       # or Library(path) in tests
    lib.add(analysis, path, opened=True)  # after analysing a file (report=... when the model ran)
    lib.search("dock workers", person="Varga", date_from="2026-01-01")
    lib.articles(order="opened"); lib.people(); lib.person("Varga")
    render_person_markdown(lib.person("Varga"))
"""
from __future__ import annotations

from ..errors import LibraryError
from .export import render_person_markdown
from .files import add_file, add_paths, collect_articles
from .names import normalise
from .records import ArticleRecord, PersonPage, PersonQuote, PersonStance, PersonStatement, PersonSummary, SearchHit
from .schema import SCHEMA_VERSION, default_path
from .store import Library

__all__ = ["SCHEMA_VERSION", "ArticleRecord", "Library", "LibraryError", "PersonPage", "PersonQuote",
           "PersonStance", "PersonStatement", "PersonSummary", "SearchHit", "add_file", "add_paths", "collect_articles",
           "default_path", "normalise", "render_person_markdown"]
