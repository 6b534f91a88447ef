"""One card per actor: stance label and target, the note, evidence links, and the actor's quotes.

A card lists the actor's first quotes (``QUOTES_PER_CARD``), each clickable (mouse, Enter or Space)
to highlight it in the article, and a button that opens the actor's page (every statement, quoted
and reported) in the person view.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...analysis.results import StanceNote
from ...annotations import Analysis
from ...export.markdown import position
from ..safe import tip
from .summary import warning_color

QUOTES_PER_CARD = 3
QUOTE_CHARS = 160


def plain_label(text: str, parent: QWidget, bold: bool = False) -> QLabel:
    """A word-wrapped plain-text label. Not mouse-selectable: a selectable QLabel lays its text out
    through a QTextDocument on every layout pass, which made adding one stance card re-measure all
    the others for 15-60 ms; the card's context menu and Ctrl+C copy its text instead."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)   # model and article text are never rich text
    label.setText(text)
    label.setWordWrap(True)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class QuoteLink(QLabel):
    """A quote on one line, elided to the card's width (single-line labels keep the layout cheap:
    word-wrapped ones made every new card re-measure all the others), that acts as a link: click,
    Enter or Space emits ``activated``. The whole quote is the tooltip."""
    activated = Signal()

    def __init__(self, text: str, parent: QWidget):
        super().__init__(parent)
        self.full_text = text
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tip(text + "\n\nClick to highlight this quote in the article"))
        self.setContentsMargins(8, 0, 0, 0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        room = max(10, self.contentsRect().width())
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, room))
        super().resizeEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
        else:
            super().keyPressEvent(event)


def quote_excerpt(text: str, fragment: bool) -> str:
    words = " ".join(text.split())
    if len(words) > QUOTE_CHARS:
        words = words[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return words + ("  (fragment)" if fragment else "")


def label_line(note: StanceNote) -> str:
    """"Opposes toward …"; for a model that abstains because it is too small to judge, that the
    stance is not judged and why."""
    if note.abstained:
        return "Stance not judged: the model in use is too small to tell. In their words:"
    return note.label.capitalize() + (f" toward {note.target}" if note.target else "")


def card_text(name: str, note: StanceNote) -> str:
    """The card as plain text, for the clipboard."""
    lines = [name, label_line(note), note.note]
    if note.flag:
        lines.append(f"Not established: {note.flag}")
    return "\n".join(line for line in lines if line)


class StanceCard(QFrame):
    def __init__(self, panel: StancePanel, note: StanceNote):
        super().__init__(panel)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        analysis = panel.analysis
        entity = analysis.entity(note.entity)
        name = entity.name if entity else note.entity
        self.text = card_text(name, note)
        self.setAccessibleName(f"Stance of {name}")
        self.setAccessibleDescription(self.text)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction("Copy Stance Note", self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.text))
        self.addAction(copy)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(name, self, bold=True))
        layout.addWidget(plain_label(label_line(note), self))
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
            button.setToolTip(tip(" ".join(analysis.article.text[span[0]:span[1]].split())[:300]))
            button.setAccessibleName(f"Evidence at {position(analysis, span[0])}")
            button.clicked.connect(lambda _=False, s=span: panel.evidence_selected.emit([s], 0))
            links.addWidget(button)
        links.addStretch(1)
        layout.addLayout(links)
        quotes = [q for q in analysis.quotes if q.speaker == note.entity]
        full = [q for q in quotes if not q.fragment]
        for quote in (full + [q for q in quotes if q.fragment])[:QUOTES_PER_CARD]:
            link = QuoteLink(quote_excerpt(analysis.article.text[quote.span[0]:quote.span[1]], quote.fragment),
                             self)
            link.setAccessibleName(f"Quote of {name} at {position(analysis, quote.span[0])}")
            link.activated.connect(lambda s=quote.span: panel.quote_selected.emit([tuple(s)], 0))
            layout.addWidget(link)
        if not quotes:
            layout.addWidget(plain_label("No direct quotes.", self))
        more = QToolButton(self, text="Everything they said ▸", autoRaise=True)
        more.setAccessibleName(f"Show the page of {name}: every statement, quoted and reported")
        more.clicked.connect(lambda: panel.speaker_selected.emit(note.entity))
        layout.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)


class StancePanel(QScrollArea):
    evidence_selected = Signal(list, int)
    quote_selected = Signal(list, int)
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
