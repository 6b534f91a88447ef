"""Untrusted text (article text, model output, file and model names, server errors) in places where
Qt would guess "rich text" from a tag: tooltips and message boxes. Labels are set to plain text
where they are made; these helpers cover the rest, so "<b>" or "<img src=…>" shows as written."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget


def rich_safe(text: str) -> str:
    """``text`` as Qt rich text that displays exactly those characters (line breaks kept)."""
    return "<qt>" + html.escape(text, quote=False).replace("\n", "<br>") + "</qt>"


def tip(text: str) -> str:
    """A tooltip that shows ``text`` literally."""
    return rich_safe(text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, rich_safe(text))


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, rich_safe(text)) == QMessageBox.StandardButton.Yes
