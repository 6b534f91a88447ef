"""The reading view: an article laid out for reading, addressed by the article's own offsets.

The article's canonical text is inserted as plain text, once, so that a position in the document
is the article offset (converted for characters outside the Basic Multilingual Plane, which Qt
counts twice). Formats are applied to spans afterwards. Nothing is ever inserted as HTML and
``loadResource`` refuses everything, so no remote image, stylesheet or font can be requested.
"""
from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ..article import Article, Span

READING_WIDTH_EM = 38
LINE_HEIGHT_PERCENT = 150


class OffsetMap:
    """Python offsets (code points) to Qt positions (UTF-16 units) and back."""

    def __init__(self, text: str):
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, offset: int) -> int:
        return offset + bisect_left(self.astral, offset)

    def from_qt(self, position: int) -> int:
        low, high = 0, position
        while low < high:  # smallest offset whose Qt position is >= position
            mid = (low + high) // 2
            if self.to_qt(mid) < position:
                low = mid + 1
            else:
                high = mid
        return low


class ArticleView(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.article: Article | None = None
        self.offsets = OffsetMap("")
        self._zoom = 0

    # -- safety ---------------------------------------------------------------------------------
    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt override)
        return None

    # -- layout ---------------------------------------------------------------------------------
    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._apply_measure()

    def _apply_measure(self) -> None:
        em = self.fontMetrics().horizontalAdvance("m")
        width = self.viewport().width() + self.viewportMargins().left() + self.viewportMargins().right()
        side = max(12, (width - READING_WIDTH_EM * em * 1.6) // 2)
        self.setViewportMargins(int(side), 0, int(side), 0)

    def show_article(self, article: Article) -> None:
        self.article = article
        self.offsets = OffsetMap(article.text)
        doc = QTextDocument(self)
        doc.setDocumentMargin(24)
        doc.setDefaultFont(self.font())
        cursor = QTextCursor(doc)
        cursor.insertText(article.text)
        body = QTextBlockFormat()
        body.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        self._format_span(doc, (0, len(article.text)), block=body)
        if article.title_span:
            title = QTextCharFormat()
            title.setProperty(QTextFormat.Property.FontSizeAdjustment, 3)  # relative: follows zoom
            title.setFontWeight(QFont.Weight.Bold)
            self._format_span(doc, article.title_span, char=title)
        heading = QTextCharFormat()
        heading.setProperty(QTextFormat.Property.FontSizeAdjustment, 1)
        heading.setFontWeight(QFont.Weight.DemiBold)
        for section in article.sections:
            if section.heading:
                self._format_span(doc, section.heading, char=heading)
        self.setDocument(doc)
        self._apply_measure()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _format_span(self, doc: QTextDocument, span: Span, char: QTextCharFormat | None = None,
                     block: QTextBlockFormat | None = None) -> None:
        cursor = self.cursor_for(span, doc)
        if char is not None:
            cursor.mergeCharFormat(char)
        if block is not None:
            cursor.mergeBlockFormat(block)

    def cursor_for(self, span: Span, doc: QTextDocument | None = None) -> QTextCursor:
        cursor = QTextCursor(doc or self.document())
        cursor.setPosition(self.offsets.to_qt(span[0]))
        cursor.setPosition(self.offsets.to_qt(span[1]), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- highlights ---------------------------------------------------------------------------
    def highlight(self, spans: list[Span], focus: int | None = 0, kind: str = "mention") -> None:
        """Highlight ``spans`` and scroll to ``spans[focus]`` (palette-aware colours)."""
        selections = []
        palette = self.palette()
        base = palette.highlight().color()
        for i, span in enumerate(spans):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.cursor_for(span)
            fmt = QTextCharFormat()
            color = QColor(base)
            color.setAlpha(255 if i == focus else (70 if kind == "mention" else 110))
            fmt.setBackground(color)
            if i == focus:
                fmt.setForeground(palette.highlightedText())
            if kind == "evidence":
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)
        if focus is not None and 0 <= focus < len(spans):
            cursor = self.cursor_for((spans[focus][0], spans[focus][0]))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def clear_highlights(self) -> None:
        self.setExtraSelections([])

    # -- zoom -----------------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        if -5 <= self._zoom + steps <= 10:
            self._zoom += steps
            self.zoomIn(steps) if steps > 0 else self.zoomOut(-steps)
            self._apply_measure()
