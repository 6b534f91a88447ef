"""Markdown: ATX/setext headings become sections; inline markup is reduced to its text.

Parsed with markdown-it-py (CommonMark). Raw HTML in the Markdown is never interpreted: inline
tags are dropped and block HTML is reduced to its text, so a Markdown file cannot smuggle markup
into the reading view; what scripts, styles and comments hold is not text and is dropped. A leading
YAML front matter block gives title, author and date.
"""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from ..article import Article, ArticleBuilder
from .dates import parse_date

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*\n", re.S)
_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|template)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
_SPACES = re.compile(r"[ \t]{2,}")
_HIDDEN_OPEN = re.compile(r"<(script|style|template)\b", re.I)
_HIDDEN_CLOSE = re.compile(r"</(script|style|template)\s*>", re.I)
_md = MarkdownIt("commonmark", {"html": True})


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = {}
    for line in match.group("body").splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end():]


def _inline_text(token) -> str:
    parts = []
    hidden = False   # inside an inline <script> or <style>
    for child in token.children or []:
        if child.type == "html_inline":
            if _HIDDEN_OPEN.match(child.content):
                hidden = True
            elif _HIDDEN_CLOSE.match(child.content):
                hidden = False
        elif hidden:
            continue
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            continue  # alt text of images is not article prose
        # link_open/close, em/strong and html_inline add nothing of their own
    return _SPACES.sub(" ", "".join(parts))   # a dropped tag leaves its spaces on both sides


def _html_block_text(content: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", content))).split())


def import_markdown(text: str, source: str = "") -> Article:
    meta, body = _front_matter(text)
    tokens = _md.parse(body)
    blocks: list[tuple[str, str]] = []       # ("heading" | "para", text)
    levels: list[int] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            blocks.append(("heading", _inline_text(tokens[i + 1]).strip()))
            levels.append(int(tok.tag[1]))
            i += 3
            continue
        if tok.type == "inline":
            blocks.append(("para", _inline_text(tok).strip()))
            levels.append(0)
        elif tok.type in ("fence", "code_block"):
            blocks.append(("para", tok.content.rstrip("\n")))
            levels.append(0)
        elif tok.type == "html_block":
            blocks.append(("para", _html_block_text(tok.content)))
            levels.append(0)
        i += 1

    builder = ArticleBuilder()
    title = meta.get("title", "")
    if blocks and blocks[0][0] == "heading" and levels[0] == 1 and (not title or blocks[0][1] == title):
        title = blocks[0][1]
        blocks = blocks[1:]
    builder.set_title(title)
    for kind, content in blocks:
        if kind == "heading":
            builder.heading(content)
        else:
            builder.paragraph(content)
    return builder.build(byline=meta.get("author") or meta.get("byline") or None,
                         date=parse_date(meta.get("date", "")), source=source, format="markdown")
