from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reader.errors import ModelError
from reader.resources import SAMPLE_ARTICLE, resource_path


def wait_report(qtbot, window, timeout=20000):
    qtbot.waitUntil(lambda: window.controller.report is not None, timeout=timeout)
    return window.controller.report


def test_opens_sample_off_the_ui_thread(sample_window):
    window = sample_window
    assert window.windowTitle().startswith("Harbor Council Splits")
    assert "Mayor Elena Varga" in window.view.toPlainText()
    start, end = window.analysis.article.sections[1].heading
    assert window.view.cursor_for((start, end)).selectedText() == "A Narrow Vote"


def person_item(window, name):
    tree = window.entities.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            if group.child(j).text(0) == name:
                return group.child(j)
    raise AssertionError(f"{name} not listed")


def test_click_a_person_highlights_mentions_and_shows_their_quotes(sample_window, qtbot):
    window = sample_window
    item = person_item(window, "Grace Okafor")
    window.entities.tree.setCurrentItem(item)
    entity = window.analysis.entity(window.entities.current)
    assert entity.name == "Grace Okafor"
    selections = window.view.extraSelections()
    assert len(selections) == len(entity.mentions) >= 2
    assert selections[0].cursor.selectedText() in window.analysis.article.text
    # the quotes panel now shows her quotes only
    texts = [window.quotes.list.item(i).text() for i in range(window.quotes.list.count())]
    assert texts and all(t.endswith("Grace Okafor") or "Grace Okafor  · fragment" in t for t in texts)
    # step through mentions
    window.entities.next_button.click()
    assert window.entities.index == 1
    assert "2 of" in window.entities.position.text()


def test_filter_entities(sample_window):
    window = sample_window
    window.entities.filter.setText("okaf")
    visible = []
    tree = window.entities.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        visible += [group.child(j).text(0) for j in range(group.childCount()) if not group.child(j).isHidden()]
    assert visible == ["Grace Okafor"]


def test_quote_click_highlights_it_and_fragments_look_different(sample_window):
    window = sample_window
    window.quotes.list.setCurrentRow(0)
    selections = window.view.extraSelections()
    assert len(selections) == 1
    quote = window.analysis.quotes[0]
    assert selections[0].cursor.selectedText() == window.analysis.article.span_text(quote.span)
    items = [window.quotes.list.item(i) for i in range(window.quotes.list.count())]
    fragments = [i for i in items if "fragment" in i.text()]
    full = [i for i in items if "fragment" not in i.text()]
    assert fragments and full and fragments[0].font().italic() and not full[0].font().italic()


def test_summaries_stream_and_link_to_evidence(sample_window, qtbot):
    window = sample_window
    report = wait_report(qtbot, window)
    assert not report.cancelled and len(report.summaries) == len(window.analysis.article.sections)
    lst = window.summary.list
    linked = [lst.item(i) for i in range(lst.count()) if lst.item(i).data(256)]
    assert linked
    lst.setCurrentItem(linked[0])
    assert window.view.extraSelections()
    assert "ready" in window.status_label.text()
    assert window.stance.cards.count() > 1


def test_cancel_takes_effect_and_keeps_finished_sections(make_window, qtbot, fake_backend):
    window = make_window(lambda: fake_backend(delay=0.2))
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.summary.list.count() > 0, timeout=15000)
    window.cancel_button.click()
    report = wait_report(qtbot, window, timeout=2000)
    assert report.cancelled
    assert "Cancelled" in window.status_label.text()
    assert not window.cancel_button.isVisible()


def test_model_failure_is_a_message_and_panels_still_work(make_window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))

    def broken():
        raise ModelError("The model file “x.gguf” is truncated.")
    window = make_window(broken)
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert "truncated" in shown[0] and "Entities and quotes still work" in shown[0]
    window.entities.tree.setCurrentItem(person_item(window, "Grace Okafor"))
    assert window.view.extraSelections()


def test_open_failure_is_a_message_and_the_app_stays_usable(make_window, qtbot, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window = make_window()
    window.controller.open_path(Path(tmp_path / "missing.html"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "does not exist" in shown[0]
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=10000)


def test_save_markdown_and_read_it_back(sample_window, qtbot, tmp_path):
    window = sample_window
    wait_report(qtbot, window)
    out = tmp_path / "summary.md"
    window.controller.write_markdown(out)
    qtbot.waitUntil(out.exists, timeout=5000)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: \"Harbor Council Splits")
    assert "model: \"fake.gguf\"" in text and "## What each actor said" in text and "### Grace Okafor" in text
    assert "## Stances" in text


def test_hostile_page_stays_text_and_fetches_nothing(make_window, qtbot, write, monkeypatch):
    from reader.ui.article_view import ArticleView
    requested = []
    monkeypatch.setattr(ArticleView, "loadResource", lambda self, kind, url: requested.append(url) or None)
    page = ("<html><head><title>Hostile</title><link rel=stylesheet href='http://example.com/s.css'>"
            "<style>body{background:url(http://example.com/bg.png)}</style></head><body><article>"
            "<h1>Hostile</h1><img src='http://example.com/x.png'><iframe src='http://example.com/'></iframe>"
            "<script>document.write('pwned')</script>"
            + "".join(f"<p>Paragraph {i} mentions &lt;b&gt;not bold&lt;/b&gt; and a <a href='javascript:alert(1)'>link</a>"
                      " that must stay plain text in the reading view, however long it runs.</p>" for i in range(5))
            + "</article></body></html>")
    window = make_window()
    window.controller.open_path(write("hostile.html", page))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=15000)
    text = window.view.toPlainText()
    assert "<b>not bold</b>" in text and "pwned" not in text
    assert requested == []
    assert not window.view.document().toHtml().count("<img")


def test_astral_characters_keep_offsets_aligned(make_window, qtbot, write):
    window = make_window()
    window.controller.open_path(write("emoji.txt", "Title 😀\n\nThe 🚢 harbour and the 😀 cranes.\n"))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=10000)
    start = window.analysis.article.text.index("cranes")
    assert window.view.cursor_for((start, start + 6)).selectedText() == "cranes"


def test_layout_is_remembered(make_window, settings):
    window = make_window()
    window.docks["stance"].hide()
    window.close()
    again = make_window()
    assert not again.docks["stance"].isVisible()


def test_streaming_does_not_corrupt_reference_counts(sample_window):
    """PySide6 6.12.0 dropped a reference to None on every QListWidgetItem.setText, which crashed
    the app at exit after a long analysis; the pin in pyproject.toml keeps that version out."""
    import sys
    panel = sample_window.summary
    before = sys.getrefcount(None)
    for _ in range(300):
        panel.stream("summary", 0, "word ")
        panel._paint_stream()
    assert sys.getrefcount(None) > before - 50


def test_stance_cards_list_the_actors_quotes_and_link_them(sample_window, qtbot):
    from reader.ui.panels.stance import QuoteLink, StanceCard
    window = sample_window
    wait_report(qtbot, window)
    cards = [window.stance.cards.itemAt(i).widget() for i in range(window.stance.cards.count() - 1)]
    assert cards and all(isinstance(card, StanceCard) for card in cards)
    analysis = window.analysis
    checked = 0
    for card, note in zip(cards, window.controller.report.stances, strict=True):
        quotes = [q for q in analysis.quotes if q.speaker == note.entity]
        links = card.findChildren(QuoteLink)
        assert len(links) == min(3, len(quotes))
        for link in links:  # every listed quote is the actor's own words
            words = link.full_text.removesuffix("  (fragment)").removesuffix(" …")
            assert any(" ".join(analysis.article.text[q.span[0]:q.span[1]].split()).startswith(words)
                       for q in quotes)
        if links:
            qtbot.mouseClick(links[0], Qt.MouseButton.LeftButton)
            selection = window.view.extraSelections()[0]
            highlighted = selection.cursor.selectedText()
            assert highlighted and highlighted in analysis.article.text
            checked += 1
    assert checked, "no stance card listed a quote"


def test_a_stance_card_copies_its_note(sample_window, qtbot):
    from PySide6.QtGui import QGuiApplication

    from reader.ui.panels.stance import StanceCard
    window = sample_window
    wait_report(qtbot, window)
    card = window.stance.cards.itemAt(0).widget()
    note = window.controller.report.stances[0]
    assert isinstance(card, StanceCard)
    copy = next(a for a in card.actions() if a.text() == "Copy Stance Note")
    copy.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0] == window.analysis.entity(note.entity).name
    assert note.label.capitalize() in copied and note.note in copied
    assert card.accessibleDescription() == copied


def test_screen_readers_are_told_when_summaries_are_ready(sample_window, qtbot, monkeypatch):
    from reader.ui import main_window
    told = []
    monkeypatch.setattr(main_window, "announce", lambda widget, message: told.append(message))
    window = sample_window
    window.controller.start_summary()
    wait_report(qtbot, window)
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "section summaries" in told[-1] and "stance notes" in told[-1]


def test_toolbar_offers_the_main_actions(sample_window):
    from PySide6.QtWidgets import QToolBar
    toolbar = sample_window.findChild(QToolBar, "mainToolBar")
    texts = [a.iconText() for a in toolbar.actions() if not a.isSeparator()]
    assert texts == ["Open", "Summarise", "Cancel", "Save Markdown", "Find"]
    assert sample_window.save_action.isEnabled()


def test_markup_in_messages_and_tooltips_stays_text(make_window, qtbot, monkeypatch):
    from PySide6.QtGui import QTextDocument

    from reader.errors import ModelError as Failure
    from reader.ui.safe import tip
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))

    def broken():
        raise Failure('Server said <img src="file:///etc/passwd"><b>boom</b>')
    window = make_window(broken)
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    doc = QTextDocument()
    doc.setHtml(shown[0])
    assert '<img src="file:///etc/passwd"><b>boom</b>' in doc.toPlainText()   # shown as written
    assert "<img" not in shown[0]
    assert window.status_label.textFormat() == Qt.TextFormat.PlainText
    doc.setHtml(tip("a <b>b</b>\nc"))
    assert doc.toPlainText() == "a <b>b</b>\nc"


def test_a_section_cut_short_says_so(sample_window, qtbot):
    from reader.analysis.grounding import Grounded
    window = sample_window
    wait_report(qtbot, window)
    window.summary.stream("summary", 0, "Half a sent")
    window.summary.finish("summary", 0, (Grounded("Half a sentence.", ()),), partial=True)
    texts = [window.summary.list.item(i).text() for i in range(window.summary.list.count())]
    assert any(t.startswith("⚠ Cut short") for t in texts)


def test_key_sentences_say_why_the_model_did_not_write(sample_window, qtbot):
    from reader.analysis.grounding import Grounded
    from reader.ui.panels.summary import IDLE_HINT, KEY_SENTENCES_HINT
    window = sample_window
    wait_report(qtbot, window)
    panel = window.summary
    panel.finish("summary", 0, (Grounded("The council voted on Thursday.", ((0, 10),), extract=True),))
    assert panel.hint.text() == KEY_SENTENCES_HINT and not panel.hint.isHidden()
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert "Key sentence: The council voted on Thursday." in texts
    panel.finish("overview", 0, (Grounded("The vote was close.", ((0, 10),), extract=True),))
    assert not panel.hint.isHidden()                  # later items do not hide it
    panel.clear()
    assert panel.hint.text() == IDLE_HINT


def test_groups_of_people_are_listed_apart_from_individuals(qtbot):
    from reader.annotations import Analysis, Entity
    from reader.article import ArticleBuilder
    from reader.ui.panels.entities import EntitiesPanel

    builder = ArticleBuilder()
    builder.set_title("Velorans vote")
    builder.paragraph("Anna Weber said the Velorans would vote. A Veloran minister agreed.")
    article = builder.build()
    text = article.text
    at = text.index("Velorans", 14)
    analysis = Analysis(article=article, entities=(
        Entity("e1", "Anna Weber", "person", ((text.index("Anna"), text.index("Anna") + 10),), 0.6),
        Entity("e2", "Velorans", "person", ((at, at + 8),), 0.5, group=True)))
    panel = EntitiesPanel()
    qtbot.addWidget(panel)
    panel.set_analysis(analysis)
    tree = panel.tree
    listed = {tree.topLevelItem(i).text(0): [tree.topLevelItem(i).child(j).text(0)
                                             for j in range(tree.topLevelItem(i).childCount())]
              for i in range(tree.topLevelItemCount())}
    assert listed == {"People (1)": ["Anna Weber"], "Groups of people (1)": ["Velorans"]}
    assert "group of people" in tree.topLevelItem(1).child(0).toolTip(0)


def test_the_people_panel_lists_described_speakers_among_the_other_sources(qtbot):
    from reader.annotations import Analysis, Entity
    from reader.article import ArticleBuilder
    from reader.ui.panels.entities import EntitiesPanel, described_only

    builder = ArticleBuilder()
    builder.set_title("Ferry vote")
    builder.paragraph("His campaign said the ferry would run. A senior official agreed. NBC News and "
                      "The Supreme Court said nothing.")
    article = builder.build()
    text = article.text

    def entity(eid, name, kind):
        at = text.index(name)
        return Entity(eid, name, kind, ((at, at + len(name)),), 0.5)

    analysis = Analysis(article=article, entities=(
        entity("e1", "His campaign", "organization"), entity("e2", "A senior official", "person"),
        entity("e3", "NBC News", "organization"), entity("e4", "The Supreme Court", "organization")))
    panel = EntitiesPanel()
    qtbot.addWidget(panel)
    panel.set_analysis(analysis)
    tree = panel.tree
    listed = {tree.topLevelItem(i).text(0): sorted(tree.topLevelItem(i).child(j).text(0)
                                                   for j in range(tree.topLevelItem(i).childCount()))
              for i in range(tree.topLevelItemCount())}
    assert listed == {"Organisations (2)": ["NBC News", "The Supreme Court"],
                      "Other sources (2)": ["A senior official", "His campaign"]}
    assert not described_only("Trump") and not described_only("The Hague") and described_only("the report")


def test_a_stance_card_says_when_the_model_did_not_judge():
    from reader.analysis.results import StanceNote
    from reader.ui.panels.stance import card_text, label_line
    judged = StanceNote("e1", "opposes", "the crane trial", "Ada Stone warned that jobs would go.", ((0, 5),))
    assert label_line(judged) == "Opposes toward the crane trial"
    abstained = StanceNote("e1", "unclear", "", "Ada Stone warned that jobs would go.", ((0, 5),),
                           abstained=True)
    assert label_line(abstained).startswith("Stance not judged: the model in use is too small")
    assert "Unclear" not in card_text("Ada Stone", abstained) and "supports" not in card_text("Ada Stone", abstained)
