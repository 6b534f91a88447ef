"""Side panels: each shows part of an :class:`~reader.analysis.Analysis` and asks the reading view
to highlight spans; none of them talks to the model."""

from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget


def column(parent: QWidget, *items: QWidget | QLayout) -> QVBoxLayout:
    """Stack ``items`` in a panel with the panels' margins; the second item takes the spare room."""
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(4, 4, 4, 4)
    for index, item in enumerate(items):
        stretch = 1 if index == 1 else 0
        if isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)
    return layout
