"""Single-file web archives (``.mhtml``/``.mht``): the main HTML part, handed to the HTML importer.

An MHTML file is a MIME ``multipart/related`` message. The main document is the part whose
``Content-Location`` matches the archive's ``Snapshot-Content-Location`` header, else the first
``text/html`` part. Its declared charset is tried first but not trusted: the bytes are decoded by
the same rules as any other file when the declaration is wrong.
"""
from __future__ import annotations

import codecs
import email
import email.policy

from ..article import Article
from ..errors import ArticleError
from .decoding import declared_charset, decode
from .html import import_html


def main_html_part(data: bytes) -> tuple[bytes, str | None]:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    location = message.get("Snapshot-Content-Location")
    html_parts = [part for part in message.walk()
                  if not part.is_multipart() and part.get_content_type() in ("text/html", "application/xhtml+xml")]
    if not html_parts:
        raise ArticleError("This web archive holds no HTML page.")
    chosen = next((p for p in html_parts if location and p.get("Content-Location") == location), html_parts[0])
    payload = chosen.get_payload(decode=True) or b""
    return payload, chosen.get_content_charset()


def import_mhtml(data: bytes, source: str = "") -> Article:
    payload, charset = main_html_part(data)
    try:
        charset_name = codecs.lookup(charset).name if charset else None
    except LookupError:
        charset_name = None
    markup = decode(payload, declared=charset_name or declared_charset(payload), what="web archive")
    return import_html(markup, source=source, format="mhtml")
