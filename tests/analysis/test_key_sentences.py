"""The key sentence a section shows when the model is too small to write (made-up articles)."""
from reader.analysis.sources import SourceIndex
from reader.article import ArticleBuilder
from reader.nlp.pipeline import analyze_article


def sources(*sections):
    builder = ArticleBuilder()
    builder.set_title("Harbour Council Approves Crane Trial")
    for heading, paragraphs in sections:
        if heading:
            builder.heading(heading)
        for paragraph in paragraphs:
            builder.paragraph(paragraph)
    return SourceIndex(analyze_article(builder.build()))


def key(index, src):
    span = src.section_key_sentence(index)
    return None if span is None else src.text[span[0]:span[1]]


def test_the_first_long_sentence_that_mentions_someone_is_the_key_sentence():
    src = sources((None, ["The harbour council voted on Thursday to begin a two-year crane trial at the docks."]),
                  ("A Narrow Vote", ["The debate in the old hall ran for more than four long hours. "
                                     "Councillor Tomas Reyes, who led the opposition, argued that the city had not "
                                     "studied the cost to the neighbourhoods."]))
    assert key(1, src).startswith("Councillor Tomas Reyes, who led the opposition")


def test_without_a_mention_the_first_long_sentence_and_never_the_overview_s():
    src = sources((None, ["The harbour council voted on Thursday to begin a two-year crane trial at the docks. "
                          "The debate in the old hall ran for more than four long hours."]))
    assert src.text[slice(*src.lead_sentence())].startswith("The harbour council voted")
    assert key(0, src) == "The debate in the old hall ran for more than four long hours."


def test_a_section_of_short_lines_shows_its_longest():
    src = sources((None, ["The harbour council voted on Thursday to begin a two-year crane trial at the docks."]),
                  ("Teams", ["Eastport Dockers (2012)", "Northbay Cranes and Hoists (2013 – present)"]),
                  ("Awards", ["MVP"]))
    assert key(1, src) == "Northbay Cranes and Hoists (2013 – present)"
    assert key(2, src) == "MVP"
