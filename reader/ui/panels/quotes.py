"""Every quote with its speaker; filterable by speaker; fragments look different from full quotes."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

from ...annotations import Analysis
from . import column

ROLE_SPAN = Qt.ItemDataRole.UserRole
UNATTRIBUTED = "__none__"


class QuotesPanel(QWidget):
    quote_selected = Signal(list, int)   # spans to highlight, focus index

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("quotesPanel")
        self.speaker = QComboBox(self)
        self.speaker.setAccessibleName("Filter quotes by speaker")
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("Quotes")
        column(self, self.speaker, self.list)
        self.analysis: Analysis | None = None
        self.speaker.currentIndexChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._item_changed)

    def set_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.speaker.blockSignals(True)
        self.speaker.clear()
        self.speaker.addItem(f"All speakers ({len(analysis.quotes)})", None)
        counts: dict[str, int] = {}
        for quote in analysis.quotes:
            key = quote.speaker or UNATTRIBUTED
            counts[key] = counts.get(key, 0) + 1
        for key, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            entity = analysis.entity(key) if key != UNATTRIBUTED else None
            self.speaker.addItem(f"{entity.name if entity else 'Unattributed'} ({count})", key)
        self.speaker.blockSignals(False)
        self._refill()

    def show_speaker(self, entity_id: str | None) -> None:
        """Only the quotes of ``entity_id`` (all quotes for None). Someone with none gets an entry
        of their own with "(0)" and an empty list, never the whole list looking like theirs."""
        index = self.speaker.findData(entity_id) if entity_id else 0
        entity = self.analysis.entity(entity_id) if (self.analysis and entity_id) else None
        if index < 0 and entity is not None:
            self.speaker.addItem(f"{entity.name} (0)", entity_id)
            index = self.speaker.count() - 1
        self.speaker.setCurrentIndex(max(0, index))

    def _refill(self) -> None:
        self.list.clear()
        if self.analysis is None:
            return
        wanted = self.speaker.currentData()
        text = self.analysis.article.text
        italic = QFont(self.list.font())
        italic.setItalic(True)
        for quote in self.analysis.quotes:
            key = quote.speaker or UNATTRIBUTED
            if wanted is not None and key != wanted:
                continue
            entity = self.analysis.entity(quote.speaker) if quote.speaker else None
            words = " ".join(text[quote.span[0]:quote.span[1]].split())
            who = entity.name if entity else "unattributed"
            label = f"{words}\n— {who}" + ("  · fragment" if quote.fragment else "")
            item = QListWidgetItem(label, self.list)
            item.setData(ROLE_SPAN, list(quote.span))
            item.setToolTip(f"{'Fragment or scare quote' if quote.fragment else 'Quote'} · "
                            f"confidence {quote.confidence:.2f}")
            if quote.fragment:
                item.setFont(italic)
                item.setForeground(self.palette().placeholderText())

    def _item_changed(self, item, _previous) -> None:
        if item is not None:
            self.quote_selected.emit([tuple(item.data(ROLE_SPAN))], 0)
