"""People, organisations and places, grouped by type, sorted by salience, filterable."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ...annotations import Analysis
from ...nlp.cues import DETERMINERS
from ..safe import tip
from . import column

GROUPS = (("person", "People"), ("group", "Groups of people"), ("organization", "Organisations"),
          ("place", "Places"),
          ("source", "Other sources"))   # reports, officials, critics: who speaks without a name
ROLE_ID = Qt.ItemDataRole.UserRole


def _kind(entity) -> str:
    """The panel's group of an entity: individuals and groups of people ("Europeans") apart, and
    a speaker the article only describes ("His campaign", "A senior official") among the other
    sources, not among the named people and organisations."""
    if entity.type == "person" and entity.group:
        return "group"
    return "source" if described_only(entity.name) else entity.type


def described_only(name: str) -> bool:
    """A description, not a name: a determiner or possessive, then words in lower case."""
    words = name.split()
    return len(words) > 1 and words[0].lower() in DETERMINERS and all(w.islower() for w in words[1:])


class EntitiesPanel(QWidget):
    """Emits ``entity_selected(id)``; ``step(±1)`` moves through the selected entity's mentions."""

    entity_selected = Signal(str)
    mention_changed = Signal(list, int)      # spans, focus index

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("entitiesPanel")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter names…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter entities")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Name", "Mentions"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAccessibleName("Entities")
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.prev_button = QToolButton(self, text="◀ Previous", accessibleName="Previous mention")
        self.next_button = QToolButton(self, text="Next ▶", accessibleName="Next mention")
        self.position = QLabel(self)
        self.position.setTextFormat(Qt.TextFormat.PlainText)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.position, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_button)
        column(self, self.filter, self.tree, nav)
        self.analysis: Analysis | None = None
        self.current: str | None = None
        self.index = 0
        self.filter.textChanged.connect(self.apply_filter)
        self.tree.currentItemChanged.connect(self._item_changed)
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self._update_nav()

    def set_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.current = None
        self.tree.clear()
        for kind, label in GROUPS + (("other", "Other"),):
            members = [e for e in analysis.entities if _kind(e) == kind or
                       (kind == "other" and _kind(e) not in dict(GROUPS))]
            if not members:
                continue
            group = QTreeWidgetItem(self.tree, [f"{label} ({len(members)})", ""])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setExpanded(kind not in ("other", "source"))
            for entity in sorted(members, key=lambda e: (-e.salience, -len(e.mentions), e.name)):
                item = QTreeWidgetItem(group, [entity.name, str(len(entity.mentions))])
                item.setData(0, ROLE_ID, entity.id)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                kind_name = "group of people" if _kind(entity) == "group" else entity.type
                item.setToolTip(0, tip(f"{entity.name} — {kind_name}, {len(entity.mentions)} mentions"))
        self.apply_filter(self.filter.text())
        self._update_nav()

    def apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                item = group.child(j)
                hidden = bool(needle) and needle not in item.text(0).lower()
                item.setHidden(hidden)
                visible += not hidden
            group.setHidden(visible == 0)

    def select(self, entity_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, ROLE_ID) == entity_id:
                    self.tree.setCurrentItem(group.child(j))
                    return

    def _item_changed(self, item, _previous) -> None:
        entity_id = item.data(0, ROLE_ID) if item else None
        if not entity_id or self.analysis is None:
            return
        self.current, self.index = entity_id, 0
        self.entity_selected.emit(entity_id)
        self._emit_mentions()

    def step(self, delta: int) -> None:
        entity = self.analysis.entity(self.current) if (self.analysis and self.current) else None
        if entity is None or not entity.mentions:
            return
        self.index = (self.index + delta) % len(entity.mentions)
        self._emit_mentions()

    def _emit_mentions(self) -> None:
        entity = self.analysis.entity(self.current)
        self.mention_changed.emit(list(entity.mentions), self.index)
        self._update_nav()

    def _update_nav(self) -> None:
        entity = self.analysis.entity(self.current) if (self.analysis and self.current) else None
        enabled = bool(entity and len(entity.mentions) > 1)
        self.prev_button.setEnabled(enabled)
        self.next_button.setEnabled(enabled)
        self.position.setText(f"{self.index + 1} of {len(entity.mentions)}" if entity else "")
