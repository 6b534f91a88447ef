"""One card per actor: stance label and target, the note, evidence links, and the actor's quotes."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from ...analysis import Analysis
from ...analysis.results import StanceNote
from ...export.markdown import position
from .summary import warning_color


def plain_label(text: str, parent: QWidget, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)   # model and article text are never rich text
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class StanceCard(QFrame):
    def __init__(self, panel: StancePanel, note: StanceNote):
        super().__init__(panel)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        analysis = panel.analysis
        entity = analysis.entity(note.entity)
        name = entity.name if entity else note.entity
        self.setAccessibleName(f"Stance of {name}")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(name, self, bold=True))
        toward = f" toward {note.target}" if note.target else ""
        layout.addWidget(plain_label(f"{note.label.capitalize()}{toward}", self))
        body = plain_label(note.note, self)
        layout.addWidget(body)
        if note.flag:
            flag = plain_label(f"⚠ Not established: {note.flag}", self)
            palette = flag.palette()
            palette.setColor(flag.foregroundRole(), warning_color(self))
            flag.setPalette(palette)
            layout.addWidget(flag)
        links = QHBoxLayout()
        for span in note.evidence:
            button = QToolButton(self, text=position(analysis, span[0]), autoRaise=True)
            button.setToolTip(" ".join(analysis.article.text[span[0]:span[1]].split())[:300])
            button.setAccessibleName(f"Evidence at {position(analysis, span[0])}")
            button.clicked.connect(lambda _=False, s=span: panel.evidence_selected.emit([s], 0))
            links.addWidget(button)
        quotes = [q for q in analysis.quotes if q.speaker == note.entity]
        if quotes:
            more = QToolButton(self, text=f"{len(quotes)} quotes", autoRaise=True)
            more.setAccessibleName(f"Show the quotes of {name}")
            more.clicked.connect(lambda: panel.speaker_selected.emit(note.entity))
            links.addWidget(more)
        links.addStretch(1)
        layout.addLayout(links)


class StancePanel(QScrollArea):
    evidence_selected = Signal(list, int)
    speaker_selected = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("stancePanel")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.inner = QWidget(self)
        self.cards = QVBoxLayout(self.inner)
        self.cards.addStretch(1)
        self.setWidget(self.inner)
        self.analysis: Analysis | None = None

    def set_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.clear()

    def clear(self) -> None:
        while self.cards.count() > 1:
            item = self.cards.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def add(self, note: StanceNote) -> None:
        self.cards.insertWidget(self.cards.count() - 1, StanceCard(self, note))
