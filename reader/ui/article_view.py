"""The reading view: an article laid out for reading, addressed by the article's own offsets.

The article's canonical text is inserted as plain text, once, so that a position in the document
is the article offset (converted for characters outside the Basic Multilingual Plane, which Qt
counts twice). Formats are applied to spans afterwards. Nothing is ever inserted as HTML and
``loadResource`` refuses everything, so no remote image, stylesheet or font can be requested.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ..article import Article, Span

READING_WIDTH_EM = 38
WINDOWED = 300          # more marks than this: only those near the visible text are painted
MARK_MARGIN = 20_000    # characters above and below the visible text that are painted too
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
        self._marks: list[tuple[Span, QTextCharFormat, int]] = []
        self._mark_starts: list[int] = []
        self._longest_mark = 0
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

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
        self._marks, self._mark_starts = [], []       # they index the previous article
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
    # Marks are kept as (span, format, layer) and painted as extra selections. An article of 1 MB
    # can give one person 4,000 mentions: making a QTextCursor for each cost 90 ms a selection, so
    # beyond WINDOWED marks only those near the visible part of the text are painted, and scrolling
    # paints the next ones.
    def _format(self, alpha: int, focus: bool = False, underline: bool = False, bold: bool = False) -> QTextCharFormat:
        palette = self.palette()
        fmt = QTextCharFormat()
        color = QColor(palette.highlight().color())
        color.setAlpha(alpha)
        fmt.setBackground(color)
        if focus:
            fmt.setForeground(palette.highlightedText())
        if underline:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def _set_marks(self, marks: list[tuple[Span, QTextCharFormat, int]]) -> None:
        self._marks = sorted(marks, key=lambda m: m[0])
        self._mark_starts = [m[0][0] for m in self._marks]
        self._longest_mark = max((m[0][1] - m[0][0] for m in self._marks), default=0)
        self._paint_marks()

    def _paint_marks(self) -> None:
        marks = self._marks
        if len(marks) > WINDOWED:
            low, high = self.visible_range()
            low, high = low - MARK_MARGIN, high + MARK_MARGIN
            first = bisect_left(self._mark_starts, low - self._longest_mark)
            last = bisect_right(self._mark_starts, high)
            marks = [m for m in marks[first:last] if m[0][1] >= low]
        selections = []
        for span, fmt, _ in sorted(marks, key=lambda m: m[2]):     # higher layers are painted last
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.cursor_for(span)
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    def visible_range(self) -> Span:
        """The article offsets at the top left and the bottom right of the viewport."""
        viewport = self.viewport().rect()
        top = self.cursorForPosition(viewport.topLeft()).position()
        bottom = self.cursorForPosition(viewport.bottomRight()).position()
        return self.offsets.from_qt(top), self.offsets.from_qt(bottom)

    def _scrolled(self) -> None:
        if len(self._marks) > WINDOWED:
            self._paint_marks()

    def highlight(self, spans: list[Span], focus: int | None = 0, kind: str = "mention") -> None:
        """Highlight ``spans`` and scroll to ``spans[focus]`` (palette-aware colours)."""
        if focus is not None and 0 <= focus < len(spans):
            cursor = self.cursor_for((spans[focus][0], spans[focus][0]))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        other = self._format(70 if kind == "mention" else 110, underline=kind == "evidence")
        marks = [(span, other, 0) for i, span in enumerate(spans) if i != focus]
        if focus is not None and 0 <= focus < len(spans):
            marks.append((spans[focus], self._format(255, focus=True, underline=kind == "evidence"), 1))
        self._set_marks(marks)

    def show_statement(self, content: list[Span], cue: Span | None = None, others: list[Span] = ()) -> None:
        """Select a statement (from its first piece's start to its last piece's end, so that Ctrl+C
        copies it), mark its pieces and underline its cue; ``others`` (the places the article
        repeats it) are tinted. The view scrolls to the statement's start."""
        start, end = content[0][0], content[-1][1]
        cursor = self.cursor_for((end, end))
        cursor.setPosition(self.offsets.to_qt(start), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.scroll_to(start)
        echo, piece = self._format(70), self._format(110)
        marks = [(span, echo, 0) for span in others] + [(span, piece, 1) for span in content]
        if cue is not None:
            marks.append((cue, self._format(110, underline=True, bold=True), 2))
        self._set_marks(marks)

    def scroll_to(self, offset: int) -> None:
        """Bring ``offset`` a quarter of the way down the view, unless it is already well in view."""
        top = self.cursorRect(self.cursor_for((offset, offset))).top()
        height = self.viewport().height()
        if not height // 8 <= top <= height * 2 // 3:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + top - height // 4)

    def selected_span(self) -> Span | None:
        """The selection as an article span (``None`` when nothing is selected)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(cursor.selectionEnd())

    def clear_highlights(self) -> None:
        self._set_marks([])

    # -- zoom -----------------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        if -5 <= self._zoom + steps <= 10:
            self._zoom += steps
            self.zoomIn(steps) if steps > 0 else self.zoomOut(-steps)
            self._apply_measure()
