"""What each actor said (reader.nlp.statements), on made-up articles whose attributions are written
out by hand: text order, echoes folded into the statement they repeat, quoted words inside reported
speech kept as one statement, positions by paragraph."""
from __future__ import annotations

from reader.annotations import Analysis, Attribution, Entity, Quote
from reader.article import ArticleBuilder
from reader.nlp.statements import Places, actors, by_speaker, statements_of, words


def article(*paragraphs, title="A Made-up Story"):
    builder = ArticleBuilder()
    builder.set_title(title)
    for paragraph in paragraphs:
        builder.paragraph(paragraph)
    return builder.build()


def span(text, phrase, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


class Made:
    """An analysis built phrase by phrase: ``say(kind, speaker, content phrase, cue phrase)``."""

    def __init__(self, *paragraphs):
        self.article = article(*paragraphs)
        self.attributions, self.quotes = [], []
        self.entities = {}

    def entity(self, name, type_="person", salience=0.0):
        self.entities[name] = Entity(f"e{len(self.entities) + 1}", name, type_, (span(self.article.text, name),),
                                     salience)
        return self.entities[name].id

    def say(self, kind, speaker, content, cue=None, nth=0, fragment=False):
        text = self.article.text
        piece = span(text, content, nth)
        cue_span = span(text, cue) if cue else None
        self.attributions.append(Attribution(f"a{len(self.attributions) + 1}", kind, (piece,), cue_span, None,
                                             self.entities[speaker].id, 0.9))
        if kind == "direct":
            self.quotes.append(Quote(piece, self.entities[speaker].id, cue_span, fragment, 0.9))
        return piece

    def analysis(self):
        return Analysis(self.article, entities=tuple(self.entities.values()), quotes=tuple(self.quotes),
                        attributions=tuple(sorted(self.attributions, key=lambda a: a.span)))


def test_statements_come_in_text_order_with_their_kind():
    m = Made('Ada Stone said the bridge would close. "It is unsafe," Stone added.',
             "According to Ada Stone, repairs will take a year.")
    m.entity("Ada Stone")
    late = m.say("indirect", "Ada Stone", "repairs will take a year", "According to")
    first = m.say("indirect", "Ada Stone", "the bridge would close", "said")
    quoted = m.say("direct", "Ada Stone", '"It is unsafe,"', "added")
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [first, quoted, late]
    assert [s.kind for s in found] == ["indirect", "direct", "indirect"]


def test_an_echo_of_quoted_words_is_folded_into_the_quote_it_repeats():
    m = Made('"We will build a new bridge by spring," Ada Stone said.',
             'Critics doubt that the city can "build a new bridge" so fast.',
             'Her promise to "build a new bridge" was repeated at every stop.')
    m.entity("Ada Stone")
    quote = m.say("direct", "Ada Stone", '"We will build a new bridge by spring,"', "said")
    echo1 = m.say("direct", "Ada Stone", '"build a new bridge"', fragment=True)
    echo2 = m.say("direct", "Ada Stone", '"build a new bridge"', nth=1, fragment=True)
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [quote]
    assert found[0].echoes == [echo1, echo2]


def test_an_echo_before_the_full_quote_still_joins_it():
    m = Made('Ada Stone promised to "fix the roads" in her speech.',
             '"I will fix the roads before winter," she told the crowd.')
    m.entity("Ada Stone")
    echo = m.say("direct", "Ada Stone", '"fix the roads"', fragment=True)
    quote = m.say("direct", "Ada Stone", '"I will fix the roads before winter,"', "told")
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [quote] and found[0].echoes == [echo]


def test_a_fragment_that_repeats_nothing_is_a_statement_of_its_own():
    m = Made('Ada Stone called the plan "reckless" and left.', 'She later said she had no regrets.')
    m.entity("Ada Stone")
    fragment = m.say("direct", "Ada Stone", '"reckless"', fragment=True)
    reported = m.say("indirect", "Ada Stone", "she had no regrets", "said")
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [fragment, reported]
    assert found[0].fragment and not found[1].fragment


def test_repeats_of_one_unmatched_fragment_fold_into_its_first_use():
    m = Made('Ada Stone called the plan "reckless" on Monday.', 'By Friday, "reckless" was on every poster.')
    m.entity("Ada Stone")
    first = m.say("direct", "Ada Stone", '"reckless"', fragment=True)
    again = m.say("direct", "Ada Stone", '"reckless"', nth=1, fragment=True)
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [first] and found[0].echoes == [again]


def test_a_quote_with_its_own_cue_is_never_an_echo():
    m = Made('"We will win," Ada Stone said.', 'Later she repeated: "We will win," she told supporters.')
    m.entity("Ada Stone")
    first = m.say("direct", "Ada Stone", '"We will win,"', "said")
    second = m.say("direct", "Ada Stone", '"We will win,"', "told", nth=1)
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [first, second]


def test_quoted_words_inside_reported_speech_are_one_statement():
    m = Made('Ada Stone warned that the deal was "a trap for the city" and walked out.')
    m.entity("Ada Stone")
    mixed = m.say("mixed", "Ada Stone", 'the deal was "a trap for the city"', "warned")
    m.say("direct", "Ada Stone", '"a trap for the city"', "warned")
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [mixed] and found[0].echoes == []


def test_a_reported_statement_inside_another_of_the_same_speaker_is_part_of_it():
    m = Made("Ada Stone said the outcome would depend on retraining, and Ben Hale agreed.")
    m.entity("Ada Stone")
    outer = m.say("indirect", "Ada Stone", "the outcome would depend on retraining", "said")
    m.say("indirect", "Ada Stone", "retraining", "depend on")
    found = statements_of(m.analysis(), m.entities["Ada Stone"].id)
    assert [s.span for s in found] == [outer] and found[0].echoes == []


def test_echoes_belong_to_their_own_speaker():
    m = Made('"The plan is sound," Ada Stone said. "The plan is a disaster," Ben Hale said.',
             'Whether "the plan is sound" remains to be seen.')
    m.entity("Ada Stone")
    m.entity("Ben Hale")
    ada = m.say("direct", "Ada Stone", '"The plan is sound,"', "said")
    ben = m.say("direct", "Ben Hale", '"The plan is a disaster,"', "said", nth=0)
    echo = m.say("direct", "Ada Stone", '"the plan is sound"', fragment=True)
    grouped = by_speaker(m.analysis())
    assert [s.span for s in grouped[m.entities["Ada Stone"].id]] == [ada]
    assert grouped[m.entities["Ada Stone"].id][0].echoes == [echo]
    assert [s.span for s in grouped[m.entities["Ben Hale"].id]] == [ben]


def test_words_ignore_case_punctuation_and_quote_marks():
    assert words("“Build a NEW bridge,”") == words('"build a new bridge"') == " build a new bridge "
    assert words("don’t stop") == " don’t stop "


def test_places_are_paragraph_numbers_found_by_bisection():
    a = article("First paragraph.", "Second paragraph.", "Third paragraph.")
    places = Places(a)
    assert places(a.text.index("Second")) == "¶ 2"
    assert places(a.text.index("Third") + 3) == "¶ 3"
    assert places(0) == "title"


def test_actors_are_those_with_statements_or_a_stance_most_salient_first():
    m = Made("Ada Stone said it was fine. Ben Hale said it was not. Cy Dunn stayed silent.")
    m.entity("Ada Stone", salience=0.2)
    m.entity("Ben Hale", salience=0.9)
    m.entity("Cy Dunn", salience=0.5)
    m.say("indirect", "Ada Stone", "it was fine", "said")
    m.say("indirect", "Ben Hale", "it was not", "said")
    names = [e.name for e, _ in actors(m.analysis())]
    assert names == ["Ben Hale", "Ada Stone"]
    with_stance = [e.name for e, _ in actors(m.analysis(), stance_entities={m.entities["Cy Dunn"].id})]
    assert with_stance == ["Ben Hale", "Cy Dunn", "Ada Stone"]
