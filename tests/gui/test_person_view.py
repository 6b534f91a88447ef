"""The person view, driven as a person uses it: click (or arrow to) someone in the People panel, read
their page, click a statement, copy it, follow them into the library."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from reader.nlp.statements import statements_of


def select(window, name):
    entity = next(e for e in window.analysis.entities if e.name == name)
    window.entities.select(entity.id)
    return entity


def test_clicking_a_person_shows_their_page_with_every_statement_in_text_order(sample_window):
    window = sample_window
    entity = select(window, "Tomás Reyes")
    page = window.person
    assert window.docks["person"].isVisible()
    assert page.name.text() == "Tomás Reyes"
    assert "Person" in page.facts.text() and str(len(entity.mentions)) in page.facts.text()
    shown = page.statements()
    expected = statements_of(window.analysis, entity.id)
    assert [s.span for s in shown] == [s.span for s in expected]
    assert [s.span for s in shown] == sorted(s.span for s in shown)
    assert {s.kind for s in shown} >= {"direct", "indirect"}           # quoted and reported speech both
    captions = [page.model.index(i).data(Qt.ItemDataRole.DisplayRole) for i in range(page.model.rowCount())]
    for statement, text in zip(shown, captions, strict=True):
        assert text.startswith({"direct": "Quoted", "mixed": "Partly quoted",
                                "indirect": "Reported"}[statement.kind]) or text.startswith("Fragment")
    assert page.heading.text().startswith(f"{len(shown)} statements")


def test_clicking_a_statement_selects_its_span_and_marks_its_cue(sample_window, qtbot):
    window = sample_window
    select(window, "Grace Okafor")
    page = window.person
    row = next(i for i, s in enumerate(page.statements()) if s.cue is not None)
    statement = page.statements()[row]
    rect = page.list.visualRect(page.model.index(row))
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_span() == statement.span
    marked = {(window.view.offsets.from_qt(s.cursor.selectionStart()),
               window.view.offsets.from_qt(s.cursor.selectionEnd())) for s in window.view.extraSelections()}
    assert statement.cue in marked
    assert set(statement.content) <= marked


def test_keyboard_alone_reaches_every_statement(sample_window, qtbot):
    window = sample_window
    tree = window.entities.tree
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    qtbot.keyClick(tree, Qt.Key.Key_Down)                             # arrow keys pick a person
    entity = window.analysis.entity(window.entities.current)
    assert window.person.name.text() == entity.name
    if not window.person.statements():                                # find someone who said something
        while not window.person.statements():
            qtbot.keyClick(tree, Qt.Key.Key_Down)
    page = window.person
    for _ in range(40):                                               # Tab reaches the statements
        if QApplication.focusWidget() is page.list:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.list
    reached = []
    for row in range(page.model.rowCount()):
        if row:
            qtbot.keyClick(page.list, Qt.Key.Key_Down)
        qtbot.keyClick(page.list, Qt.Key.Key_Return)
        reached.append(window.view.selected_span())
    assert reached == [s.span for s in page.statements()]


def test_ctrl_c_copies_the_statement_with_a_citation(sample_window, qtbot):
    window = sample_window
    select(window, "Grace Okafor")
    page = window.person
    page.list.setFocus()
    page.list.setCurrentIndex(page.model.index(0))
    qtbot.keyClick(page.list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    statement = page.statements()[0]
    article = window.analysis.article
    words = " ".join(article.text[statement.content[0][0]:statement.content[0][1]].split())
    assert copied.startswith(words)
    assert "Grace Okafor" in copied and article.title in copied and article.date in copied and "¶" in copied


def test_someone_who_said_nothing_gets_a_plain_line(sample_window):
    window = sample_window
    silent = next(e for e in window.analysis.entities
                  if e.type == "person" and not statements_of(window.analysis, e.id))
    window.entities.select(silent.id)
    page = window.person
    assert page.heading.text() == "No statement reported in this article."
    assert not page.list.isVisible()
    assert "no statement" in page.stance.text()


def test_the_stance_line_appears_once_the_model_stage_ran(sample_window, qtbot):
    window = sample_window
    select(window, "Tomás Reyes")
    assert "not analysed yet" in window.person.stance.text()
    window.controller.start_summary()
    qtbot.waitUntil(lambda: window.controller.report is not None, timeout=20000)
    notes = {n.entity: n for n in window.controller.report.stances}
    assert notes, "the fake backend writes a note per actor"
    entity = window.analysis.entity(next(iter(notes)))
    window.entities.select(entity.id)
    note = notes[entity.id]
    assert window.person.stance.text().startswith(f"Stance: {note.label}")
    assert note.note in window.person.stance.text()


def test_the_page_continues_in_the_library(sample_window, qtbot):
    window = sample_window
    select(window, "Grace Okafor")
    qtbot.waitUntil(lambda: window.library.people.count() > 0, timeout=10000)   # opening adds the article
    window.person.library_button.click()
    assert window.docks["library"].isVisible()
    qtbot.waitUntil(lambda: window.library.person_title.text().startswith("Grace Okafor"), timeout=10000)
    assert window.library.people.currentItem().data(Qt.ItemDataRole.UserRole).name == "Grace Okafor"


def test_organisations_have_pages_but_no_library_people_link(sample_window):
    window = sample_window
    org = next(e for e in window.analysis.entities if e.type == "organization" and statements_of(window.analysis, e.id))
    window.entities.select(org.id)
    assert window.person.name.text() == org.name
    assert window.person.facts.text().startswith("Organisation")
    assert window.person.statements()
    assert not window.person.library_button.isVisible()


def test_thousands_of_marks_are_painted_where_the_reader_looks(qtbot):
    from reader.article import ArticleBuilder
    from reader.ui.article_view import WINDOWED, ArticleView
    builder = ArticleBuilder()
    builder.set_title("Long")
    for n in range(600):
        builder.paragraph(f"Paragraph {n}: Ada Stone spoke again, and the council listened to Ada Stone.")
    article = builder.build()
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.show_article(article)
    spans, start = [], 0
    while (start := article.text.find("Ada Stone", start + 1)) >= 0:
        spans.append((start, start + 9))
    assert len(spans) > WINDOWED
    view.highlight(spans, 0)
    painted = [view.offsets.from_qt(s.cursor.selectionStart()) for s in view.extraSelections()]
    assert 0 < len(painted) < len(spans) and spans[0][0] in painted
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())      # the reader scrolls down
    painted = [view.offsets.from_qt(s.cursor.selectionStart()) for s in view.extraSelections()]
    assert spans[-1][0] in painted and spans[0][0] not in painted


def test_a_stance_card_opens_the_actors_page(sample_window, qtbot):
    from PySide6.QtWidgets import QToolButton
    window = sample_window
    window.controller.start_summary()
    qtbot.waitUntil(lambda: window.controller.report is not None, timeout=20000)
    card = window.stance.cards.itemAt(0).widget()
    note = window.controller.report.stances[0]
    button = next(b for b in card.findChildren(QToolButton) if b.text() == "Everything they said ▸")
    button.click()
    assert window.person.entity.id == note.entity
    assert window.entities.current == note.entity
    assert window.person.stance.text().startswith(f"Stance: {note.label}")


def test_the_quotes_panel_never_shows_everyones_quotes_as_a_silent_persons(sample_window):
    window = sample_window
    grouped = {q.speaker for q in window.analysis.quotes}
    silent = next(e for e in window.analysis.entities if e.type == "person" and e.id not in grouped)
    window.entities.select(silent.id)
    assert window.quotes.speaker.currentText() == f"{silent.name} (0)"
    assert window.quotes.list.count() == 0


def test_an_echo_is_one_line_whose_other_places_are_one_more_click_away(sample_window, qtbot):
    from reader.article import ArticleBuilder
    from reader.nlp.pipeline import analyze_article
    builder = ArticleBuilder()
    builder.set_title("Bridge promises")
    builder.paragraph("“We will build a new bridge by the spring,” Mayor Ada Stone said on Monday.")
    builder.paragraph("Engineers doubt that the city can “build a new bridge” in a few months.")
    builder.paragraph("The promise to “build a new bridge” was printed on every poster.")
    window = sample_window
    window.controller.show(None, analyze_article(builder.build()))
    select(window, "Ada Stone")
    page = window.person
    [statement] = [s for s in page.statements() if s.kind == "direct"]
    assert len(statement.echoes) == 2                                 # two repeats, no extra lines
    rect = page.list.visualRect(page.model.index(page.statements().index(statement)))
    seen = []
    for _ in range(4):
        qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        seen.append(window.view.selected_span())
    assert seen == [statement.span, statement.echoes[0], statement.echoes[1], statement.span]
    texts = [a.text() for a in page.statement_menu(page.statements().index(statement)).actions()]
    assert texts == ["Copy with Citation", "Go to the Repeat at ¶ 2", "Go to the Repeat at ¶ 3"]


def test_the_stance_line_says_where_the_model_stage_is(make_window, qtbot, fake_backend):
    from reader.resources import SAMPLE_ARTICLE, resource_path
    window = make_window(lambda: fake_backend(delay=0.05))
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=15000)
    qtbot.waitUntil(lambda: window.cancel_action.isEnabled(), timeout=15000)          # the stage has started
    reyes = select(window, "Tomás Reyes")
    if reyes.id not in window.person.notes:
        assert window.person.stance.text() == "Stance: the model is reading the article…"
    window.controller.cancel_summary()
    qtbot.waitUntil(lambda: not window.cancel_action.isEnabled(), timeout=5000)
    if reyes.id not in window.person.notes:
        assert window.person.stance.text() == "Stance: the model stage stopped before a note for them."
    else:
        assert window.person.stance.text().startswith(f"Stance: {window.person.notes[reyes.id].label}")


def test_a_model_too_small_to_judge_says_so_and_gives_their_words(sample_window):
    from reader.analysis.results import StanceNote
    window = sample_window
    entity = select(window, "Grace Okafor")
    statement = window.person.statements()[0]
    window.person.add_stance(StanceNote(entity.id, "unclear", "", "Grace Okafor said: “It will work.”",
                                        (statement.span,), draft="She loves it.", draft_flag="too small",
                                        draft_label="supports", abstained=True))
    text = window.person.stance.text()
    assert text.startswith("Stance: not judged") and "In their words: Grace Okafor said" in text
    assert "supports" not in text                     # the small model's guess is not shown
