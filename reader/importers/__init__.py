"""Open a file as an :class:`~reader.article.Article`, choosing the importer by content and name.

``load_article(path)`` is the one entry point. Every failure a user can cause (missing file, a
folder, no permission, empty, binary, too large, unreadable page) raises
:class:`~reader.errors.ArticleError` with a sentence fit to show as is.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..article import Article
from ..errors import ArticleError
from .decoding import declared_charset, decode

MAX_BYTES = 64 * 1024 * 1024
"""Largest file opened (64 MiB): a saved page with inline images fits, a video file does not."""

MAX_TEXT_CHARS = 2_000_000
"""Longest article text analysed (2 million characters, a long book): the NLP steps take time and
memory in proportion to the text (about 10 µs and 150 bytes a character), so a page of megabytes
of text is refused with a message rather than analysed for minutes in gigabytes."""

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MHTML_SUFFIXES = {".mhtml", ".mht"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


def sniff_format(path: Path, head: bytes) -> str:
    """'mhtml', 'html', 'markdown' or 'text', from the first bytes, then the file name."""
    suffix = path.suffix.lower()
    lowered = head[:4096].lstrip().lower()
    if suffix in MHTML_SUFFIXES or (b"mime-version:" in lowered[:2048] and b"multipart/related" in lowered):
        return "mhtml"
    # UTF-16 pages carry their tags as every other byte
    probe = lowered.replace(b"\x00", b"")
    if suffix in HTML_SUFFIXES or probe.lstrip(b"\xef\xbb\xbf\xff\xfe").startswith((b"<!doctype html", b"<html", b"<?xml")) \
            or b"<html" in probe[:1024]:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def _complete_page(folder: Path) -> Path:
    """The page of a "Web page, complete" save when the user opens its folder or its parent."""
    pages = [p for p in folder.iterdir() if p.suffix.lower() in HTML_SUFFIXES | MHTML_SUFFIXES and p.is_file()]
    if len(pages) == 1:
        return pages[0]
    raise ArticleError(f"“{folder.name}” is a folder. Open an article file inside it instead.")


def read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ArticleError(f"“{path}” does not exist.") from None
    except PermissionError:
        raise ArticleError(f"You do not have permission to read “{path}”.") from None
    except OSError as error:
        raise ArticleError(f"“{path}” cannot be read: {error.strerror or error}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError(f"“{path.name}” is a folder, not an article file.")
    if not stat.S_ISREG(info.st_mode):   # a pipe or a device would block or never end
        raise ArticleError(f"“{path.name}” is not a regular file (it is a pipe, socket or device), "
                           "so it cannot be opened as an article.")
    size = info.st_size
    if size > MAX_BYTES:
        raise ArticleError(f"“{path.name}” is {size / 2**20:.0f} MB; articles larger than "
                           f"{MAX_BYTES // 2**20} MB are not opened.")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise ArticleError(f"You do not have permission to read “{path}”.") from None
    except IsADirectoryError:
        raise ArticleError(f"“{path.name}” is a folder, not an article file.") from None
    except OSError as error:
        raise ArticleError(f"“{path}” cannot be read: {error.strerror or error}.") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(f"“{path.name}” is larger than {MAX_BYTES // 2**20} MB and is not opened.")
    return data


def load_article(path: str | os.PathLike) -> Article:
    path = Path(path)
    if path.is_dir():
        path = _complete_page(path)
    data = read_bytes(path)
    if not data.strip():
        raise ArticleError(f"“{path.name}” is empty.")
    kind = sniff_format(path, data)
    source = str(path)
    # each format's importer is imported when a file needs it: the HTML one brings trafilatura and
    # lxml (about 0.3 s), which a Markdown or text file never needs
    if kind == "mhtml":
        from .mhtml import import_mhtml
        article = import_mhtml(data, source=source)
    else:
        text = decode(data, declared=declared_charset(data) if kind == "html" else None)
        if not text.strip():
            raise ArticleError(f"“{path.name}” is empty.")
        if kind != "html" and len(text) > 2 * MAX_TEXT_CHARS:   # markup or not, too long: no need to import it
            raise _too_long(path, len(text))
        if kind == "html":
            from .html import import_html
            article = import_html(text, source=source)
        elif kind == "markdown":
            from .markdown import import_markdown
            article = import_markdown(text, source=source)
        else:
            from .text import import_text
            article = import_text(text, source=source)
    if not article.sections:
        raise ArticleError(f"No article text was found in “{path.name}”.")
    if len(article.text) > MAX_TEXT_CHARS:
        raise _too_long(path, len(article.text))
    return article


def _too_long(path: Path, chars: int) -> ArticleError:
    return ArticleError(f"“{path.name}” holds {chars / 1e6:.1f} million characters of text; articles longer "
                        f"than {MAX_TEXT_CHARS // 1_000_000} million characters are not opened.")


__all__ = ["ArticleError", "MAX_BYTES", "MAX_TEXT_CHARS", "load_article", "sniff_format"]
