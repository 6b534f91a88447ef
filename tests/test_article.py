from reader.article import Article, ArticleBuilder, Section


def build():
    b = ArticleBuilder()
    b.set_title("  A   Title ")
    b.paragraph("Lead paragraph.")
    b.heading("Second  part")
    b.paragraph("  Body one. ")
    b.paragraph("")
    b.paragraph("Body two.")
    return b.build(byline="Ann Writer", date="2024-01-02", source="x.txt")


def test_spans_index_the_canonical_text():
    a = build()
    assert a.span_text(a.title_span) == "A Title"
    assert [a.span_text(p) for p in a.paragraphs] == ["Lead paragraph.", "Body one.", "Body two."]
    assert a.heading_text(0) is None and a.heading_text(1) == "Second part"
    assert a.text == "A Title\n\nLead paragraph.\n\nSecond part\n\nBody one.\n\nBody two."
    assert a.body_text() == "Lead paragraph.\n\nSecond part\n\nBody one.\n\nBody two."


def test_round_trip_and_stable_hash():
    a = build()
    b = Article.from_dict(a.to_dict())
    assert b == a
    assert b.content_hash == a.content_hash == build().content_hash
    assert len(a.content_hash) == 64


def test_hash_changes_with_text():
    b = ArticleBuilder()
    b.paragraph("Something else.")
    assert b.build().content_hash != build().content_hash


def test_trailing_heading_without_body_is_not_a_section():
    b = ArticleBuilder()
    b.paragraph("Text.")
    b.heading("Related")
    a = b.build()
    assert a.sections == (Section(None, ((0, 5),)),)
