"""The overview and section summaries, appearing as they stream; each sentence links to its evidence.

Streamed text is buffered and painted on a timer (every 100 ms), not per token. A flagged sentence
is shown with a warning sign, in the palette's warning colour, with the reason as its tooltip.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from ...analysis.grounding import Grounded
from ...annotations import Analysis
from ..safe import tip
from . import column

ROLE_SPANS = Qt.ItemDataRole.UserRole
IDLE_HINT = "Summaries appear here as the model writes them."
KEY_SENTENCES_HINT = ("Key sentences: the article's own words. The model in use is too small to summarise "
                      "faithfully (under 1B weights); a bigger one, chosen in Models and Settings, writes summaries.")
WARNING_LIGHT, WARNING_DARK = QColor("#a34700"), QColor("#ffb74d")


def warning_color(widget: QWidget) -> QColor:
    return WARNING_DARK if widget.palette().base().color().lightness() < 128 else WARNING_LIGHT


class SummaryPanel(QWidget):
    evidence_selected = Signal(list, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self.hint = QLabel(IDLE_HINT, self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Summaries")
        column(self, self.hint, self.list)
        self.analysis: Analysis | None = None
        self._live: dict[tuple[str, int], QListWidgetItem] = {}
        self._buffer: dict[tuple[str, int], str] = {}
        self._timer = QTimer(self, interval=100)
        self._timer.timeout.connect(self._paint_stream)
        self.list.currentItemChanged.connect(self._item_changed)

    def set_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.clear()

    def clear(self) -> None:
        self.hint.setText(IDLE_HINT)
        self.hint.show()
        self.list.clear()
        self._live.clear()
        self._buffer.clear()

    # -- streaming ------------------------------------------------------------------------------
    def _header(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        font = QFont(self.list.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _section_title(self, index: int) -> str:
        heading = self.analysis.article.heading_text(index) if self.analysis else None
        return f"{index + 1}. {heading or 'Opening'}"

    def stream(self, kind: str, index: int, text: str) -> None:
        key = (kind, index)
        if self.hint.text() == IDLE_HINT:
            self.hint.hide()
        if key not in self._live:
            title = "Overview" if kind == "overview" else self._section_title(index)
            header = self._header(title)
            item = QListWidgetItem("")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(self.palette().placeholderText())
            if kind == "overview":
                self.list.insertItem(0, header)
                self.list.insertItem(1, item)
            else:
                self.list.addItem(header)
                self.list.addItem(item)
            self._live[key] = item
            self._buffer[key] = ""
        self._buffer[key] += text
        if not self._timer.isActive():
            self._timer.start()

    def _paint_stream(self) -> None:
        for key, item in self._live.items():
            if key in self._buffer:
                item.setText(" ".join(self._buffer[key].split()) + " …")
        if not self._live:
            self._timer.stop()

    def finish(self, kind: str, index: int, sentences: tuple[Grounded, ...], partial: bool = False) -> None:
        """Replace the streamed text with the grounded sentences; ``partial``: the model stopped
        while writing this section, which says so under it."""
        key = (kind, index)
        live = self._live.pop(key, None)
        self._buffer.pop(key, None)
        if live is None:
            self.stream(kind, index, "")
            live = self._live.pop(key)
            self._buffer.pop(key, None)
        row = self.list.row(live)
        self.list.takeItem(row)
        if kind == "summary" and sentences and all(s.extract for s in sentences):
            self.hint.setText(KEY_SENTENCES_HINT)      # the model did not write: say why, once, above the list
            self.hint.show()
        for offset, sentence in enumerate(sentences or (Grounded("(no summary)", ()),)):
            item = QListWidgetItem(("⚠ " if sentence.flag else "") + sentence.text)
            item.setData(ROLE_SPANS, [list(s) for s in sentence.evidence])
            if sentence.flag:
                item.setForeground(warning_color(self))
                item.setToolTip(tip(f"Not established: {sentence.flag}"))
            elif sentence.extract:
                item.setText(f"Key sentence: {sentence.text}")
                item.setToolTip("The article's own sentence, not the model's words. Click to highlight it")
            else:
                item.setToolTip("Click to highlight the supporting sentences")
            self.list.insertItem(row + offset, item)
        if partial:
            note = QListWidgetItem("⚠ Cut short: the model stopped while writing this section.")
            note.setForeground(warning_color(self))
            note.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.insertItem(row + len(sentences or (None,)), note)

    def _item_changed(self, item, _previous) -> None:
        spans = item.data(ROLE_SPANS) if item else None
        if spans:
            self.evidence_selected.emit([tuple(s) for s in spans], 0)
