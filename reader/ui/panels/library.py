"""The library panel: every article opened or added, searchable (words, person, dates, site), and the
people across articles, each with every statement (quoted or reported) and stance note, linked back
to the article.

All library work (SQLite) runs on pool threads through :class:`~reader.ui.tasks.TaskRunner`; each
task opens its own connection (:class:`~reader.library.Library` is one connection per thread).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...export.markdown import write_markdown
from ...library import Library, render_person_markdown
from ...nlp.statements import kind_name
from ..safe import tip, warn
from ..tasks import TaskRunner

ROLE = Qt.ItemDataRole.UserRole


class LibraryPanel(QTabWidget):
    article_requested = Signal(object, object)     # ArticleRecord, span to highlight (or None)

    def __init__(self, library_path: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.library_path = library_path
        self.tasks = TaskRunner(self)
        self.page = None

        # -- articles tab
        articles = QWidget(self)
        self.query = QLineEdit(articles, placeholderText="Search titles, text and quotes…", clearButtonEnabled=True)
        self.query.setAccessibleName("Search the library")
        self.person_filter = QLineEdit(articles, placeholderText="Person", clearButtonEnabled=True)
        self.person_filter.setAccessibleName("Only articles naming this person")
        self.source_filter = QLineEdit(articles, placeholderText="Site", clearButtonEnabled=True)
        self.source_filter.setAccessibleName("Only articles from this site")
        self.use_dates = QCheckBox("From", articles)
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1), articles, calendarPopup=True,
                                   displayFormat="yyyy-MM-dd", accessibleName="From date")
        self.date_to = QDateEdit(QDate.currentDate(), articles, calendarPopup=True, displayFormat="yyyy-MM-dd",
                                 accessibleName="To date")
        self.results = QListWidget(articles)
        self.results.setWordWrap(True)
        self.results.setAccessibleName("Library articles")
        self.results.setAlternatingRowColors(True)
        self.status = QLabel(articles)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        filters = QHBoxLayout()
        filters.addWidget(self.person_filter)
        filters.addWidget(self.source_filter)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("to", articles))
        dates.addWidget(self.date_to)
        layout = QVBoxLayout(articles)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.addTab(articles, "Articles")

        # -- people tab
        people = QWidget(self)
        self.people_filter = QLineEdit(people, placeholderText="Filter people…", clearButtonEnabled=True)
        self.people_filter.setAccessibleName("Filter people")
        self.people = QListWidget(people)
        self.people.setAccessibleName("People across articles")
        self.person_title = QLabel(people)
        self.person_title.setTextFormat(Qt.TextFormat.PlainText)
        self.person_title.setWordWrap(True)
        self.person_quotes = QListWidget(people)
        self.person_quotes.setWordWrap(True)
        self.person_quotes.setAlternatingRowColors(True)
        self.person_quotes.setAccessibleName("Statements and stance notes of the person")
        self.export_button = QPushButton("Save Person as Markdown…", people,
                                         accessibleName="Save this person's statements and stances as Markdown")
        self.export_button.setEnabled(False)
        layout = QVBoxLayout(people)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.people_filter)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.person_title)
        layout.addWidget(self.person_quotes, 2)
        layout.addWidget(self.export_button)
        self.addTab(people, "People")

        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.search)
        for field in (self.query, self.person_filter, self.source_filter):
            field.textChanged.connect(lambda _=None: self._search_timer.start())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _=None: self._search_timer.start())
        self.use_dates.toggled.connect(lambda _=None: self._search_timer.start())
        self.results.itemActivated.connect(self._open_result)
        self.people_filter.textChanged.connect(self._filter_people)
        self.people.currentItemChanged.connect(self._person_changed)
        self.person_quotes.itemActivated.connect(self._open_quote)
        self.export_button.clicked.connect(self.export_person)

    # -- articles -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.search()
        self.load_people()

    def search(self) -> None:
        query, person, source = self.query.text().strip(), self.person_filter.text().strip() or None, \
            self.source_filter.text().strip() or None
        dates = (self.date_from.date().toString("yyyy-MM-dd"), self.date_to.date().toString("yyyy-MM-dd")) \
            if self.use_dates.isChecked() else (None, None)

        def run():
            with Library(self.library_path) as library:
                if query or person or source or dates[0]:
                    return [(h.article, h.snippet) for h in library.search(
                        query, person=person, source=source, date_from=dates[0], date_to=dates[1])], \
                        library.count()
                return [(a, "") for a in library.articles(order="opened", limit=200)], library.count()
        self.tasks.run("search", run, self._show_results,
                       lambda error: self.status.setText(f"The library could not be searched: {error}"))

    def _show_results(self, result) -> None:
        hits, total = result
        self.results.clear()
        for record, snippet in hits:
            when = f" · {record.date}" if record.date else ""
            gone = "  · file gone (kept in the library)" if record.missing else ""
            text = f"{record.title or Path(record.source).name}{when}{gone}"
            if snippet:
                text += "\n" + " ".join(snippet.split())
            item = QListWidgetItem(text, self.results)
            item.setData(ROLE, record)
            item.setToolTip(tip("\n".join(record.paths) or record.source))
            if record.missing:
                item.setForeground(self.palette().placeholderText())
        self.status.setText(f"{len(hits)} shown of {total} articles in the library" if total else
                            "The library is empty: open articles, or add files and folders (File › Add to Library).")

    def _open_result(self, item: QListWidgetItem) -> None:
        self.article_requested.emit(item.data(ROLE), None)

    # -- people ---------------------------------------------------------------------------------
    def load_people(self) -> None:
        def run():
            with Library(self.library_path) as library:
                return library.people(limit=2000)
        self.tasks.run("people", run, self._show_people,
                       lambda error: self.person_title.setText(f"People could not be listed: {error}"))

    def _show_people(self, people) -> None:
        current = self.people.currentItem().data(ROLE).key if self.people.currentItem() else None
        self.people.clear()
        for person in people:
            item = QListWidgetItem(f"{person.name} — {_count(person.articles, 'article')}, "
                                   f"{_count(person.statements, 'statement')}", self.people)
            item.setData(ROLE, person)
            item.setToolTip(tip("Also named: " + ", ".join(person.aliases) if len(person.aliases) > 1 else person.name))
            if person.key == current:
                self.people.setCurrentItem(item)
        self._filter_people(self.people_filter.text())

    def _filter_people(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _person_changed(self, item, _previous) -> None:
        person = item.data(ROLE) if item else None
        if person is None:
            return

        def run():
            with Library(self.library_path) as library:
                return library.person(person.key)
        self.tasks.run("person", run, self._show_person,
                       lambda error: self.person_title.setText(f"The person could not be read: {error}"))

    def show_person(self, name: str) -> None:
        """The People tab at ``name`` (matched by the library's name rules: "Trump" finds Donald
        Trump), or a line saying the library has no one of that name."""
        self.setCurrentIndex(self.indexOf(self.people.parentWidget()))
        self.people_filter.clear()

        def run():
            with Library(self.library_path) as library:
                return library.person(name)

        def shown(page) -> None:
            self._show_person(page)
            if page is None:
                self.person_title.setText(f"The library has no person named {name} yet: articles are added "
                                          "when opened, or with File › Add Files to Library.")
                return
            for row in range(self.people.count()):
                item = self.people.item(row)
                if item.data(ROLE).key == page.key:
                    self.people.blockSignals(True)
                    self.people.setCurrentItem(item)
                    self.people.blockSignals(False)
                    self.people.scrollToItem(item)
        self.tasks.run("person", run, shown,
                       lambda error: self.person_title.setText(f"The person could not be read: {error}"))

    def _show_person(self, page) -> None:
        self.page = page
        self.person_quotes.clear()
        self.export_button.setEnabled(page is not None)
        if page is None:
            self.person_title.setText("")
            return
        self.person_title.setText(f"{page.name}: {_count(len(page.statements), 'statement')} and "
                                  f"{_count(len(page.stances), 'stance note')} in "
                                  f"{_count(len(page.articles), 'article')}")
        records = {a.id: a for a in page.articles}
        # the article is named as a source ("in “…”"), so its title never reads as the speaker
        for stance in page.stances:
            item = QListWidgetItem(f"Stance: {stance.label}{' toward ' + stance.target if stance.target else ''} — "
                                   f"{stance.note}\nin “{stance.title}”{' · ' + stance.date if stance.date else ''}",
                                   self.person_quotes)
            item.setData(ROLE, (records.get(stance.article_id), stance.evidence[0] if stance.evidence else None))
        for statement in page.statements:
            kind = kind_name(statement.kind, statement.fragment)
            cue = f" · “{statement.cue}”" if statement.cue else ""
            item = QListWidgetItem(f"{kind}{cue}: {' '.join(statement.text.split())}\nin “{statement.title}”"
                                   f"{' · ' + statement.date if statement.date else ''}", self.person_quotes)
            item.setData(ROLE, (records.get(statement.article_id), statement.span))
            item.setToolTip("Activate to open the article at this statement")

    def _open_quote(self, item: QListWidgetItem) -> None:
        record, span = item.data(ROLE)
        if record is not None:
            self.article_requested.emit(record, tuple(span) if span else None)

    def export_person(self) -> None:
        if self.page is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save person as Markdown", f"{self.page.name}.md",
                                              "Markdown (*.md)")
        if not path:
            return
        text = render_person_markdown(self.page)
        self.tasks.run("export", lambda: write_markdown(Path(path), text),
                       lambda _: self.status.setText(f"Saved {Path(path).name}"),
                       lambda error: warn(self, "Could not save", f"“{path}” could not be written: "
                                                         f"{error}. Any previous file there is unchanged."))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"
