"""The person view: one actor's page — who they are in the article, their stance line, and every
statement the article attributes to them (quoted and reported), in text order.

Each statement is one row of a list view painted by :class:`StatementDelegate`: a caption line (the
kind at a glance — "Quoted", "Partly quoted", "Reported", "Fragment" — the cue, the paragraph, how
often the article repeats it) over the statement's words, with a stripe in the highlight colour for
quoted words. Activating a row (click, Enter) asks the reading view to select the statement and mark
its cue; activating it again steps through the places where the article repeats it (the context
menu lists them too); Ctrl+C copies it with the article's title and date as a citation. Rows are laid out in batches, so a person with a thousand
statements in a 1 MB article appears at once.

Everything shown is plain text: the delegate paints with ``QPainter.drawText``, labels are
``PlainText``, tooltips go through :func:`~reader.ui.safe.tip`.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...analysis.results import StanceNote
from ...annotations import Analysis, Entity
from ...nlp.cues import POSSESSIVES, PRONOUNS
from ...nlp.entities import without_possessive
from ...nlp.statements import KIND_NAMES, Places, Statement, by_speaker, kind_name
from ..safe import tip
from .summary import warning_color

ROLE_CAPTION = Qt.ItemDataRole.UserRole + 1
ROLE_WORDS = Qt.ItemDataRole.UserRole + 2
ROLE_QUOTED = Qt.ItemDataRole.UserRole + 3
TYPE_WORDS = {"person": "Person", "organization": "Organisation", "place": "Place", "source": "Source"}
PAD, STRIPE, GAP = 6, 3, 2
STANCE_LINES = {   # what the stance line says of someone with statements but no note, by model stage
    "idle": "Stance: not analysed yet. Analysis › Summarise with the Model (Ctrl+R) writes a stance note.",
    "running": "Stance: the model is reading the article…",
    "done": "Stance: the model stage gave no note for them.",
    "cancelled": "Stance: the model stage stopped before a note for them.",
}


def flat(text: str) -> str:
    return " ".join(text.split())


class StatementModel(QAbstractListModel):
    """The rows of one actor's page: each a :class:`Statement`, its caption and words made when a
    row is first asked for (a page of a thousand statements shows before most are measured)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Statement] = []
        self.text = ""
        self.places: Places | None = None
        self._captions: list[str | None] = []
        self._words: list[str | None] = []

    def reset(self, analysis: Analysis | None, statements: list[Statement], places: Places | None) -> None:
        self.beginResetModel()
        self.rows = statements
        self.text = analysis.article.text if analysis else ""
        self.places = places
        self._captions = [None] * len(statements)
        self._words = [None] * len(statements)
        self.endResetModel()

    def caption(self, row: int) -> str:
        if self._captions[row] is None:
            self._captions[row] = caption_of(self.text, self.rows[row], self.places)
        return self._captions[row]

    def words(self, row: int) -> str:
        if self._words[row] is None:
            self._words[row] = flat(" … ".join(self.text[s:e] for s, e in self.rows[row].content))
        return self._words[row]

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.caption(row)}: {self.words(row)}"
        if role == ROLE_CAPTION:
            return self.caption(row)
        if role == ROLE_WORDS:
            return self.words(row)
        if role == ROLE_QUOTED:
            return self.rows[row].kind != "indirect"
        if role == Qt.ItemDataRole.ToolTipRole:
            again = "\nAgain: the places where the article repeats it." if self.rows[row].echoes else ""
            return tip(f"{self.caption(row)}\n\n{self.words(row)}\n\nEnter or click: select it in the article."
                       f"{again}\nCtrl+C: copy it with a citation.")
        return None


def caption_of(text: str, statement: Statement, places: Places) -> str:
    """ "Quoted · whispered · ¶ 5 · repeated at ¶ 6, ¶ 11" """
    parts = [kind_name(statement.kind, statement.fragment)]
    if statement.cue:
        parts.append(f"“{flat(text[statement.cue[0]:statement.cue[1]])}”")
    parts.append(places(statement.span[0]))
    if statement.echoes:
        where = []
        for span in statement.echoes:
            place = places(span[0])
            if place not in where:
                where.append(place)
        parts.append("repeated at " + ", ".join(where[:6]) + (" …" if len(where) > 6 else ""))
    return " · ".join(parts)


class StatementDelegate(QStyledItemDelegate):
    """Paints a statement: a small caption line over its words, word-wrapped, with a stripe."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sizes: dict[tuple[int, int], QSize] = {}

    def forget(self) -> None:
        self._sizes.clear()

    def _fonts(self, option) -> tuple[QFont, QFont]:
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.88))
        return small, option.font

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        width = max(80, option.rect.width() or (self.parent().viewport().width() if self.parent() else 300))
        key = (index.row(), width)
        if key not in self._sizes:
            small, body = self._fonts(option)
            inner = width - 2 * PAD - STRIPE - PAD
            flags = int(Qt.TextFlag.TextWordWrap)
            cap = QFontMetrics(small).boundingRect(QRect(0, 0, inner, 10_000), flags, index.data(ROLE_CAPTION))
            words = QFontMetrics(body).boundingRect(QRect(0, 0, inner, 100_000), flags, index.data(ROLE_WORDS))
            self._sizes[key] = QSize(width, cap.height() + GAP + words.height() + 2 * PAD)
        return self._sizes[key]

    def paint(self, painter, option, index) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, palette.highlight())
        elif index.row() % 2:
            painter.fillRect(option.rect, palette.alternateBase())
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        stripe = QColor(palette.highlightedText().color() if selected else palette.highlight().color())
        if not index.data(ROLE_QUOTED):
            stripe = QColor(palette.placeholderText().color())
        painter.fillRect(QRect(rect.left(), rect.top(), STRIPE, rect.height()), stripe)
        rect.setLeft(rect.left() + STRIPE + PAD)
        small, body = self._fonts(option)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.setFont(small)
        painter.setPen(palette.highlightedText().color() if selected else palette.placeholderText().color())
        cap = painter.boundingRect(rect, flags, index.data(ROLE_CAPTION))
        painter.drawText(rect, flags, index.data(ROLE_CAPTION))
        painter.setFont(body)
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        painter.drawText(rect.adjusted(0, cap.height() + GAP, 0, 0), flags, index.data(ROLE_WORDS))
        if option.state & QStyle.StateFlag.State_HasFocus and style is not None:
            focus = QRect(option.rect.adjusted(1, 1, -1, -1))
            painter.setPen(palette.text().color())
            painter.drawRect(focus.adjusted(0, 0, -1, -1))
        painter.restore()


class StatementList(QListView):
    """The statements; re-measures rows when its width changes. ``chosen`` is a click or Enter (not
    ``activated``, which some styles also send on a single click: one click would count twice)."""

    chosen = Signal(QModelIndex)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.delegate = StatementDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setLayoutMode(QListView.LayoutMode.Batched)   # the first rows paint before the rest are measured
        self.setBatchSize(40)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        if event.oldSize().width() != event.size().width():
            self.delegate.forget()
            self.scheduleDelayedItemsLayout()
        super().resizeEvent(event)


class PersonPanel(QWidget):
    """One actor's page. Emits ``statement_selected(content spans, cue span or None, echo spans)``
    when a statement is activated, ``evidence_selected(spans, focus)`` for a stance note's evidence,
    and ``library_requested(name)`` for the same person in the library's other articles."""

    statement_selected = Signal(list, object, list)
    evidence_selected = Signal(list, int)
    library_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("personPanel")
        self.analysis: Analysis | None = None
        self.places: Places | None = None
        self.grouped: dict[str, list[Statement]] = {}
        self.notes: dict[str, StanceNote] = {}
        self.stage = "idle"                  # of the model: idle | running | done | cancelled
        self.entity: Entity | None = None

        self.name = QLabel(self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setWordWrap(True)
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.name.setFont(font)
        self.facts = self._label()
        self.aliases = self._label()
        self.stance = self._label()
        self.stance.setAccessibleName("Stance")
        self.flag = self._label()
        self.evidence = QHBoxLayout()
        self.evidence.setContentsMargins(0, 0, 0, 0)
        self.library_button = QToolButton(self, text="In other articles of the library ▸", autoRaise=True)
        self.library_button.setAccessibleName("Show what this person said in the other articles of the library")
        self.heading = self._label()
        self.list = StatementList(self)
        self.list.setAccessibleName("Statements")
        self.model = StatementModel(self)
        self.list.setModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        for widget in (self.name, self.facts, self.aliases, self.stance, self.flag):
            layout.addWidget(widget)
        layout.addLayout(self.evidence)
        layout.addWidget(self.library_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

        copy = QAction("Copy with Citation", self.list)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_current)
        self.list.addAction(copy)
        self.copy_action = copy
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.chosen.connect(self._activated)
        self.list.clicked.connect(self._activated)
        self.library_button.clicked.connect(lambda: self.entity and self.library_requested.emit(self.entity.name))
        self.show_entity(None)

    def _label(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)   # article and model text are never rich text
        label.setWordWrap(True)
        return label

    # -- what the window tells it ---------------------------------------------------------------
    def set_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.places = Places(analysis.article)
        self.grouped = by_speaker(analysis)
        self.notes.clear()
        self.stage = "idle"
        self.show_entity(None)

    def clear_stances(self) -> None:
        """The model stage starts: notes to come."""
        self.notes.clear()
        self.stage = "running"
        self._show_stance()

    def stances_finished(self, cancelled: bool) -> None:
        self.stage = "cancelled" if cancelled else "done"
        self._show_stance()

    def add_stance(self, note: StanceNote) -> None:
        self.notes[note.entity] = note
        if self.entity is not None and note.entity == self.entity.id:
            self._show_stance()

    def statements(self) -> list[Statement]:
        return list(self.model.rows)

    def show_entity(self, entity_id: str | None) -> None:
        entity = self.analysis.entity(entity_id) if (self.analysis and entity_id) else None
        self.entity = entity
        statements = self.grouped.get(entity.id, []) if entity else []
        self.list.delegate.forget()
        self._place = (-1, 0)                # the row last activated and which of its places is shown
        self.model.reset(self.analysis, statements, self.places)
        if entity is None:
            self.name.setText("No one selected")
            self.facts.setText("Select a person or organisation under People and places to see everything "
                               "the article reports they said.")
            for label in (self.aliases, self.stance, self.flag, self.heading):
                label.hide()
            self.library_button.hide()
            self.list.hide()
            self._set_evidence(())
            return
        text = self.analysis.article.text
        self.name.setText(entity.name)
        kinds = {k: sum(1 for s in statements if s.kind == k) for k in KIND_NAMES}
        counts = ", ".join(f"{n} {KIND_NAMES[k].lower()}" for k, n in kinds.items() if n)
        self.facts.setText(f"{TYPE_WORDS.get(entity.type, entity.type.capitalize())} · "
                           f"{len(entity.mentions)} mention{'s' * (len(entity.mentions) != 1)}")
        self.facts.show()
        others = other_names(text, entity)
        self.aliases.setText("Also named: " + ", ".join(others) if others else "")
        self.aliases.setVisible(bool(others))
        self.heading.setText(f"{len(statements)} statement{'s' * (len(statements) != 1)} ({counts})"
                             if statements else "No statement reported in this article.")
        self.heading.show()
        self.list.setVisible(bool(statements))
        self.library_button.setVisible(entity.type == "person")
        self._show_stance()
        if statements:
            self.list.setCurrentIndex(self.model.index(0))
            self.list.scrollToTop()

    def _show_stance(self) -> None:
        entity = self.entity
        if entity is None:
            return
        note = self.notes.get(entity.id)
        self.flag.hide()
        if note is not None:
            target = f" toward {note.target}" if note.target else ""
            if note.abstained:     # the model in use abstains: too small to judge a stance
                self.stance.setText(f"Stance: not judged — the model in use is too small to tell. "
                                    f"In their words: {note.note}")
            else:
                self.stance.setText(f"Stance: {note.label}{target}. {note.note}".strip())
            if note.flag:
                self.flag.setText(f"⚠ Not established: {note.flag}")
                palette = self.flag.palette()
                palette.setColor(self.flag.foregroundRole(), warning_color(self))
                self.flag.setPalette(palette)
                self.flag.show()
            self._set_evidence(note.evidence)
        else:
            self._set_evidence(())
            if not self.grouped.get(entity.id):
                self.stance.setText("Stance: none — the article reports no statement of theirs.")
            else:
                self.stance.setText(STANCE_LINES[self.stage])
        self.stance.show()

    def _set_evidence(self, spans) -> None:
        while self.evidence.count():
            item = self.evidence.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not spans or self.analysis is None:
            return
        self.evidence.addWidget(QLabel("Evidence:", self))
        for span in spans:
            place = self.places(span[0])
            button = QToolButton(self, text=place, autoRaise=True)
            button.setToolTip(tip(flat(self.analysis.article.text[span[0]:span[1]])[:300]))
            button.setAccessibleName(f"Evidence at {place}")
            button.clicked.connect(lambda _=False, s=span: self.evidence_selected.emit([tuple(s)], 0))
            self.evidence.addWidget(button)
        self.evidence.addStretch(1)

    # -- what the person does -------------------------------------------------------------------
    def _activated(self, index) -> None:
        """Select the statement in the article; activated again, the places where the article
        repeats it, one after another, then the statement again."""
        if not index.isValid():
            return
        statement = self.model.rows[index.row()]
        place = (self._place[1] + 1) % (len(statement.echoes) + 1) if self._place[0] == index.row() else 0
        self._place = (index.row(), place)
        if place == 0:
            self.statement_selected.emit([tuple(c) for c in statement.content], statement.cue, list(statement.echoes))
        else:
            repeat = statement.echoes[place - 1]
            others = [tuple(c) for c in statement.content] + [e for e in statement.echoes if e != repeat]
            self.statement_selected.emit([tuple(repeat)], None, others)

    def citation(self, statement: Statement) -> str:
        """The statement as a reader would cite it: words, who, how, and where."""
        article = self.analysis.article
        text = article.text
        words = flat(" … ".join(text[s:e] for s, e in statement.content))
        how = KIND_NAMES.get(statement.kind, statement.kind).lower()
        cue = f", “{flat(text[statement.cue[0]:statement.cue[1]])}”" if statement.cue else ""
        title = f"“{flat(article.title)}”" if article.title else "Untitled article"
        date = f", {article.date}" if article.date else ""
        return f"{words} — {self.entity.name} ({how}{cue}). {title}{date}, {self.places(statement.span[0])}."

    def copy_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid() and self.entity is not None:
            QGuiApplication.clipboard().setText(self.citation(self.model.rows[index.row()]))

    def statement_menu(self, row: int) -> QMenu:
        """The context menu of a statement: copy it, or go to a place where the article repeats it."""
        statement = self.model.rows[row]
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        for span in statement.echoes:
            act = menu.addAction(f"Go to the Repeat at {self.places(span[0])}")
            act.triggered.connect(lambda _=False, s=span: self.statement_selected.emit([tuple(s)], None, []))
        return menu

    def _context_menu(self, point) -> None:
        index = self.list.indexAt(point)
        if index.isValid():
            menu = self.statement_menu(index.row())
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.list.viewport().mapToGlobal(point))


def other_names(text: str, entity: Entity, limit: int = 8) -> list[str]:
    """The other ways the article names ``entity`` (capitalised forms, not pronouns: "He" opens
    sentences), most used first."""
    raw: dict[str, int] = {}
    for start, end in entity.mentions:          # count the raw forms first: a 1 MB article has
        form = text[start:end]                  # thousands of mentions and a handful of forms
        raw[form] = raw.get(form, 0) + 1
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    name = entity.name.casefold()
    for form, n in sorted(raw.items(), key=lambda kv: -kv[1]):
        form = without_possessive(flat(form))
        key = form.casefold()
        if key and key != name and any(c.isupper() for c in form) and key not in PRONOUNS | POSSESSIVES:
            counts[key] = counts.get(key, 0) + n
            first.setdefault(key, form)
    return [first[k] for k in sorted(counts, key=lambda k: -counts[k])][:limit]
