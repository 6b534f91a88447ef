"""Direct quotes and speakers on the project's own short fixtures (invented text)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.annotations import Entity
from reader.article import ArticleBuilder
from reader.nlp.attribution import find_quotes
from reader.nlp.sentences import split_sentences

SAMPLE = Path("/work/shared/samples/hot-mic-trump-putin.txt")


def article(*paragraphs: str):
    b = ArticleBuilder()
    for p in paragraphs:
        b.paragraph(p)
    return b.build()


def run(*paragraphs: str, entities=()):
    art = article(*paragraphs)
    quotes, ents = find_quotes(art, split_sentences(art), list(entities))
    names = {e.id: e.name for e in ents}
    return art, [(art.span_text(q.span), names.get(q.speaker), q) for q in quotes], ents


def test_curly_quote_with_named_speaker_after():
    art, qs, _ = run("“We will build the bridge by spring,” Mayor Ana Ortiz said on Tuesday.")
    assert [(t, s) for t, s, _ in qs] == [("“We will build the bridge by spring,”", "Ana Ortiz")]
    q = qs[0][2]
    assert art.span_text(q.cue) == "said" and not q.fragment and q.confidence >= 0.5


def test_straight_quotes_and_cue_first():
    _, qs, _ = run('"The budget is balanced," said Senator Paul Wexley, a Democrat.')
    assert qs[0][0] == '"The budget is balanced,"' and qs[0][1] == "Paul Wexley"


def test_split_quote_second_part_inherits_speaker():
    _, qs, _ = run("“I think the vote is close,” Wexley whispered to an aide. “Closer than anyone knows.”")
    assert [s for _, s, _ in qs] == ["Wexley", "Wexley"]


def test_pronoun_resolves_to_earlier_named_speaker():
    _, qs, ents = run(
        "Council member Rita Lowe opposed the plan.",
        "“It is a waste of public money,” she said.",
    )
    assert qs[0][1] == "Rita Lowe"
    lowe = next(e for e in ents if e.name == "Rita Lowe")
    assert any(s for s, e in lowe.mentions if e - s == 3)   # "she" became a mention


def test_title_resolves_to_named_person():
    _, qs, _ = run(
        "President Mara Lindqvist arrived in Oslo on Monday.",
        "“We came to listen,” the president told reporters.",
    )
    assert qs[0][1] == "Mara Lindqvist"


def test_according_to():
    _, qs, _ = run("According to a campaign spokesman, “the numbers speak for themselves.”")
    assert qs[0][1] == "a campaign spokesman"


def test_multi_paragraph_quote_keeps_one_speaker():
    art, qs, _ = run(
        "“The first thing we did was count the ballots again,” the clerk, Joe Brandt, said.",
        "“Then we counted them a third time.",
        "“Nobody wanted any doubt left.”",
    )
    assert len(qs) == 3
    assert [s for _, s, _ in qs] == ["Joe Brandt"] * 3
    assert qs[1][0].startswith("“Then") and qs[2][0].endswith("left.”")


def test_fragment_and_scare_quotes_are_marked():
    _, qs, _ = run("Critics called the deal a “giveaway” to the so-called “experts.”")
    assert qs and all(q.fragment for _, _, q in qs)


def test_a_short_quoted_sentence_is_a_quote_and_a_short_phrase_a_fragment():
    _, qs, _ = run("The mayor left early. “I loved the room,” Ann Weller said. She called it “a bit dark” "
                   "and said “No.”")
    by_text = {t: q for t, _, q in qs}
    assert not by_text["“I loved the room,”"].fragment
    assert by_text["“a bit dark”"].fragment and by_text["“No.”"].fragment


def test_no_attributable_speaker_gives_none():
    _, qs, _ = run("“The river has risen three feet since dawn, and more rain is coming tonight.”")
    assert len(qs) == 1 and qs[0][1] is None


def test_uses_given_entities_and_extends_them():
    text = "“We will win this,” Ortiz said. A spokesman added: “Count on it.”"
    art = article(text)
    start = text.index("Ortiz")
    given = [Entity("e1", "Ana Ortiz", "person", ((start, start + 5),))]
    quotes, ents = find_quotes(art, split_sentences(art), given)
    assert quotes[0].speaker == "e1"
    new = [e for e in ents if e.id not in {"e1"}]
    assert new and new[0].id == "e2" and quotes[1].speaker == "e2"


def test_unpaired_marks_do_not_raise():
    art, qs, _ = run('He said "this never ends', "“ odd ” marks ” here “", '""', '"')
    for _, _, q in qs:
        assert 0 <= q.span[0] < q.span[1] <= len(art.text)


def test_quote_marks_before_commas_that_end_the_text_are_safe():
    """Found by the property test below: a cue looked for past the last token."""
    art = article("«C«C,,")
    quotes, _ = find_quotes(art, split_sentences(art), [])
    assert all(0 <= q.span[0] <= q.span[1] <= len(art.text) for q in quotes)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list('ab C.,"“”\u201e«» said he\n')),
                        max_size=60), min_size=1, max_size=5))
def test_quote_mark_soup_is_safe(paragraphs):
    art = article(*paragraphs)
    quotes, ents = find_quotes(art, split_sentences(art), [])
    spans = sorted(q.span for q in quotes)
    for s, e in spans:
        assert 0 <= s < e <= len(art.text)
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2
    ids = {e.id for e in ents}
    assert all(q.speaker is None or q.speaker in ids for q in quotes)


def test_large_text_finds_every_quote():
    """About 1 MB of text: every quote is found, in order, and attributed (how fast is
    tests/benchmarks/bench_nlp.py's business: its 1 MB article)."""
    para = "“We will see,” Ana Ortiz said. She added that the “plan” was sound, according to aides."
    art = article(*([para] * 12000))          # about 1 MB
    quotes, ents = find_quotes(art, [], [])
    assert len(quotes) == 24000
    texts = [art.span_text(q.span) for q in quotes]
    assert texts == ["“We will see,”", "“plan”"] * 12000
    spans = [q.span for q in quotes]
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    names = {e.id: e.name for e in ents}
    assert {names.get(q.speaker) for q, text in zip(quotes, texts, strict=True) if "see" in text} == {"Ana Ortiz"}


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample article not available")
def test_sample_article_speakers():
    from reader.importers import load_article
    from reader.nlp.pipeline import analyze_article as analyze

    analysis = analyze(load_article(SAMPLE))
    text = analysis.article.text
    names = {e.id: e.name for e in analysis.entities}
    said = {text[q.span[0]:q.span[1]]: names.get(q.speaker) for q in analysis.quotes}
    assert "Trump" in said["“I think he wants to make a deal,”"]
    assert "Macron" in next(v for k, v in said.items() if k.startswith("“I think this is great"))
    assert "Putin" in said["“torpedo the nascent progress.”"]
    assert "Obama" in said["“more flexibility”"]
    for speaker in said.values():
        assert speaker is None or any(n in speaker for n in ("Trump", "Macron", "Putin", "Obama"))


def test_colon_introduced_quote_takes_sentence_subject():
    _, qs, _ = run("Councillor Ivo Pranic interjected: “Then who pays for the cranes?”")
    assert qs[0][1].endswith("Ivo Pranic")


def test_cue_closing_the_sentence_after_more_words():
    _, qs, _ = run("Auditor Lena Marsh reviewed the ledgers.",
                   "“The figures do not add up” for the third year running, Marsh said.")
    assert qs[0][1].endswith("Marsh")


def test_relative_pronoun_becomes_a_mention_of_the_speaker():
    art, qs, ents = run("Residents cheered for Omar Lidell, who said, “The ferry stays open.”")
    assert qs[0][1] == "Omar Lidell"
    lidell = next(e for e in ents if e.name == "Omar Lidell")
    assert any(art.text[s:e] == "who" for s, e in lidell.mentions)


def test_inverted_cue_with_lowercase_role_words_before_name():
    _, qs, _ = run("“We will appeal,” said former state treasurer Nadia Brook.")
    assert qs[0][1] == "Nadia Brook"


def test_pronoun_prefers_subject_of_the_sentence_just_before():
    _, qs, _ = run("“The bridge is unsafe,” engineer Paul Dorn said.",
                   "Judge Mira Kessel dismissed that claim. “The bridge passed inspection,” she said.")
    assert [s for _, s, _ in qs] == ["Paul Dorn", "Mira Kessel"]


def test_descriptor_subject_stops_at_its_noun():
    _, qs, _ = run("The harbor council treasurer sent out a memo on Friday urging members to "
                   "“hold the line on spending.”")
    assert qs[0][1] is not None and "treasurer" in qs[0][1].lower()


def test_dash_credit_line_names_the_speaker():
    _, qs, _ = run("“The ferry must keep running.” \u2015 Tomas R. Vidal\n"
                   "“Nobody asked the islanders.” \u2015 Ines Aramburu.")
    names = [s for _, s, _ in qs]
    assert names[0].startswith("Tomas") and names[0].endswith("Vidal") and names[1] == "Ines Aramburu"


def test_paragraphs_on_single_lines_pair_marks_line_by_line():
    art, qs, _ = run("Mayor Ana Ortiz spoke first. “The port will reopen in May.\n"
                     "“We will not wait for the state,” added council member Joe Brandt.")
    texts = [t for t, _, _ in qs]
    assert texts[0].endswith("May.") and texts[1].startswith("“We will")
    assert qs[1][1] == "Joe Brandt"


def test_transcript_lines_are_fragments_spoken_by_their_label():
    _, qs, _ = run("Governor Ana Ortiz spoke to host Joe Brandt on Sunday. A partial transcript:",
                   '"BRANDT: Will the bridge open this year?',
                   '"ORTIZ: It will open in May, and we will not wait for the state to pay.')
    assert len(qs) == 2 and all(q.fragment for _, _, q in qs)
    assert qs[0][1].lower().endswith("brandt") and qs[1][1].lower().endswith("ortiz")


def test_excerpt_of_someones_writing_is_a_fragment():
    _, qs, _ = run("From Lena Marsh writing at The Harbor Gazette:",
                   '"The council met for six hours and decided nothing at all about the ferry.',
                   '"Read the rest of the story at The Harbor Gazette."')
    assert qs and all(q.fragment for _, _, q in qs)


def test_speaker_with_affiliation_and_inverted_cue():
    _, qs, _ = run("“It was the least bad outcome,” Mr. Dorn of the Harbor Trust said.",
                   "Said Lena Marsh: “The trust got what it wanted.”",
                   "“We will not appeal,” retired navy captain Ivo Pranic said.")
    assert [s for _, s, _ in qs] == ["Dorn", "Lena Marsh", "Ivo Pranic"]


def test_modifier_participle_is_no_cue_and_colon_subject_wins_the_pronoun():
    _, qs, _ = run("Mayor Ana Ortiz says the mailers attacking Joe Brandt are “plain lies.”",
                   "Judge Mira Kessel scolded him: “The filing was late,” she said.")
    assert [s for _, s, _ in qs] == ["Ana Ortiz", "Mira Kessel"]


@pytest.mark.parametrize("opening, closing", [("\u201c", "\u201d"), ("''", "''")])
def test_a_quote_whose_cue_names_no_one_has_no_source_phrase(opening, closing):
    """A second quote after a cue with a long description keeps the speaker of the first, and its
    source is null, never a span outside the text."""
    from reader.nlp.pipeline import analyze_article
    para = (f"{opening}Some courses are adapting, others are just not,{closing} said Ann Lee, a lawyer in "
            f"Orlando who works on land use. {opening}It costs $100,000 a month to run a course.{closing}")
    builder = ArticleBuilder()
    builder.set_title("Golf")
    builder.paragraph(para)
    analysis = analyze_article(builder.build())
    direct = [a for a in analysis.attributions if a.kind == "direct"]
    assert len(direct) == 2 and direct[0].speaker == direct[1].speaker is not None
    assert analysis.article.text[slice(*direct[0].source)] == "Ann Lee" and direct[1].source is None
    for a in analysis.attributions:
        assert a.source is None or 0 <= a.source[0] < a.source[1] <= len(analysis.article.text)


@pytest.mark.parametrize("paragraph, speaker", [
    ("The port found no “ties of any consequence,” said the agency’s director, Mara Quill, on Monday.", "Mara Quill"),
    ("“We will build it,” said a spokesman, Tom Reed.", "Tom Reed"),
    ("“We will build it,” said the mayor, who spoke on Monday.", None),
    ("“We will build it,” said the mayor, Jan. 5.", None)])
def test_an_inverted_description_with_a_name_after_it_is_that_person(paragraph, speaker):
    _, qs, _ = run(paragraph)
    assert qs[0][1] == speaker or speaker is None and qs[0][1] == "the mayor"


@pytest.mark.parametrize("paragraph", [
    "Ann Lee, speaking at a rally in Dayton, Ohio, said the ferry was “a lifeline.”",
    "Ann Lee, during a town hall meeting in Columbus, Ohio, said she was “going to close the mines.”",
    # a name after the comma is an apposition, not a state
    "On Monday, the mayor’s aide from Chicago, Ann Lee, said the talks were “a failure.”"])
def test_a_city_and_state_inside_an_aside_is_not_the_speaker(paragraph):
    _, qs, _ = run(paragraph)
    assert qs[0][1] == "Ann Lee"


def test_a_quote_ending_its_sentence_keeps_a_cue_followed_by_a_description_of_it():
    _, qs, _ = run("“And I am not being paid!” Ann Lee declared, a point she likes to make after a show during "
                   "which callers asked how much she earned.")
    assert qs[0][1] == "Ann Lee"


@pytest.mark.parametrize("text, inner", [
    ("“I admit, he’s taller than me; he’s like 6’2”,” Rubio said.", "“I admit, he’s taller than me; he’s like 6’2”,”"),
    ('"He is 5\'11" and quick on his feet," the coach said.', '"He is 5\'11" and quick on his feet,"'),
])
def test_a_height_in_feet_and_inches_does_not_close_a_quote(text, inner):
    from reader.nlp.quotes import pair_marks

    spans, still_open = pair_marks(text, 0, len(text))
    assert [text[a:b] for a, b, _ in spans] == [inner] and still_open is None


def test_a_height_is_read_on_its_own_line_only():
    from reader.nlp.quotes import _inch_mark

    text = "He is 6'2\n\"Yes,\" she said."
    assert not _inch_mark(text, text.index('"'), 0)


@pytest.mark.parametrize("paragraphs, speaker", [
    (("\u201cThey are not terminable,\u201d Dover spokesperson Ron Baker told the Gazette.",), "Ron Baker"),
    (("Senator Ann Lee spoke first.", "\u201cWe are going to win,\u201d added her campaign manager Jeff Weaver."),
     "Jeff Weaver"),
    (("\u201cThe port is ready,\u201d said Ohio Governor Mara Quist.",), "Mara Quist"),
])
def test_a_person_named_at_the_end_of_the_speaker_phrase_is_the_speaker(paragraphs, speaker):
    """"Dover spokesperson Ron Baker told …": the phrase's other names (a place, the person the role
    serves) are not the speaker."""
    from reader.nlp.pipeline import analyze_article

    analysis = analyze_article(article(*paragraphs))
    names = {e.id: e.name for e in analysis.entities}
    assert [names.get(q.speaker) for q in analysis.quotes] == [speaker]


@pytest.mark.parametrize("credit, speaker", [
    ("officials in the capital said", "officials"),
    ("residents of the town said on Monday", "residents"),
    ("aides to the mayor said", "aides"),
    ("a spokesman for the ministry said", "a spokesman"),
    ("said officials in the capital", "officials"),
])
def test_a_speaker_with_a_phrase_of_plain_words_after_it_is_credited(credit, speaker):
    _, qs, _ = run(f"The talks failed. “It is over,” {credit}.")
    assert [(t, s) for t, s, _ in qs] == [("“It is over,”", speaker)]


@pytest.mark.parametrize("credit, speaker", [
    ("said former secretary of state Hillary Clinton", "Hillary Clinton"),
    ("said master of ceremonies Asab Al-Tabchi", "Asab Al-Tabchi"),
])
def test_a_phrase_after_a_role_that_runs_on_to_a_name_is_the_names(credit, speaker):
    _, qs, _ = run(f"The talks failed. “It is over,” {credit}.")
    assert [(t, s) for t, s, _ in qs] == [("“It is over,”", speaker)]


def analyzed_quotes(text: str) -> list[tuple[str, str | None]]:
    from reader.nlp.pipeline import analyze_article
    result = analyze_article(article(text)).to_dict()
    names = {e["id"]: e["name"] for e in result["entities"]}
    return [(result["text"][slice(*q["span"])], names.get(q.get("speaker"))) for q in result["quotes"]]


@pytest.mark.parametrize("before", ["Many Muslims in the city were angry.", "Democrats met on Monday in Ohio."])
def test_she_or_he_never_stands_for_a_group_named_in_the_plural(before):
    assert analyzed_quotes(f"{before} “We are here too,” she said.") == [("“We are here too,”", None)]


def test_she_after_a_group_still_finds_the_woman_named_before_it():
    text = "Many Muslims in the city were angry. Ann Lee runs a bakery there. “We are here too,” she said."
    assert analyzed_quotes(text) == [("“We are here too,”", "Ann Lee")]


def test_a_surname_in_s_is_no_group():
    assert analyzed_quotes("Bernie Sanders spoke in Ohio. “We will win,” he said.") == [("“We will win,”", "Bernie Sanders")]
