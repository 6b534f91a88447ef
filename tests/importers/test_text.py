from reader.importers import load_article
from reader.importers.text import import_text

ARTICLE = """Council Votes on the New Bridge

By Jane Roe

March 3, 2024

The council met on Tuesday. “We need this bridge,” Mayor Ann Lee said.

Opponents were not convinced. "It costs too much," said Bob Stone.

The Cost Question

Engineers put the price at $40 million.

Categories: Local
Written by:Jane Roe All posts by the author

Leave a reply

Your email address will not be published. Required fields are marked *
"""


def test_title_byline_date_headings_and_footer():
    a = import_text(ARTICLE, source="bridge.txt")
    assert a.title == "Council Votes on the New Bridge"
    assert a.byline == "Jane Roe"
    assert a.date == "2024-03-03"
    assert [a.heading_text(i) for i in range(len(a.sections))] == [None, "The Cost Question"]
    body = a.body_text()
    assert "Categories" not in body and "Leave a reply" not in body and "email address" not in body
    assert body.endswith("Engineers put the price at $40 million.")
    assert "“We need this bridge,”" in body  # curly quotes preserved


def test_heading_needs_a_paragraph_after_it():
    a = import_text("Title\n\nOne paragraph here.\n\nShort line\n\nAnother short line")
    assert all(s.heading is None for s in a.sections)


def test_sentences_ending_without_punctuation_are_not_headings_when_long():
    text = "T\n\nIntro text.\n\n" + "word " * 30 + "\n\nMore text."
    a = import_text(text)
    assert len(a.sections) == 1


def test_shared_sample(shared_sample):
    a = load_article(shared_sample)
    assert a.title.startswith("Donald Trump Just Got Exposed")
    assert a.byline == "Adrian Hawthorne"
    headings = [a.heading_text(i) for i in range(len(a.sections))]
    assert "The Unguarded Exchange" in headings
    assert headings[-1].startswith("Conclusion")
    body = a.body_text()
    assert "Leave a reply" not in body and "Written by" not in body and "Categories" not in body
    assert body.endswith("one of the most consequential diplomatic initiatives of our time.")
