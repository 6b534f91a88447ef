"""Entities and aliases on the project's own small fixtures (never evaluation text)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.annotations import Entity
from reader.article import ArticleBuilder
from reader.nlp.aliases import Mention, split_title
from reader.nlp.entities import doc_tokens, find_entities, mark_groups, named_after_role, role_phrases
from reader.nlp.ner_tagger import default_model
from reader.nlp.sentences import split_sentences

pytestmark = pytest.mark.skipif(default_model() is None, reason="resources/nlp/entities.json.gz is missing")

STORY = """Senate votes on new trade deal

President Donald Trump met French President Emmanuel Macron in Paris on Tuesday. Trump said the talks \
with Macron had gone well, and he thanked the French people.

Mr. Trump later flew to Berlin. Macron told reporters that France would keep working with Germany and \
the European Union.

Angela Merkel did not attend. Merkel said she had spoken with Macron by telephone."""


def article(text: str):
    builder = ArticleBuilder()
    blocks = text.split("\n\n")
    builder.set_title(blocks[0])
    for block in blocks[1:]:
        builder.paragraph(block)
    return builder.build()


def entities_of(text: str):
    a = article(text)
    return a, find_entities(a, split_sentences(a))


def by_name(entities, name):
    return next((e for e in entities if e.name == name), None)


def people_of(a, entities) -> dict[str, list[str]]:
    """Each person's name -> the surfaces of their mentions, sorted."""
    return {e.name: sorted(a.text[s:t] for s, t in e.mentions) for e in entities if e.type == "person"}


def test_aliases_merge_and_titles_are_not_in_the_name():
    a, ents = entities_of(STORY)
    trump = by_name(ents, "Donald Trump")
    assert trump is not None and trump.type == "person"
    surfaces = [a.text[s:e] for s, e in trump.mentions]
    assert "Trump" in surfaces and any(x.endswith("Donald Trump") for x in surfaces)
    assert any(x.startswith("Mr.") or x == "Trump" for x in surfaces)
    macron = by_name(ents, "Emmanuel Macron")
    assert macron is not None and macron.type == "person"
    assert sum(a.text[s:e] == "Macron" for s, e in macron.mentions) >= 2
    assert not any(e.name.startswith(("President", "Mr.")) for e in ents)
    assert ents[0].id == "e1" and all(e.id == f"e{i}" for i, e in enumerate(ents, 1))


def test_types_of_clear_cases():
    _, ents = entities_of(STORY)
    types = {e.name: e.type for e in ents}
    assert types.get("Paris") == "place"
    assert types.get("Berlin") == "place"
    assert types.get("Germany") == "place"
    assert types.get("European Union") == "organization"
    assert types.get("Angela Merkel") == "person"


def test_pronoun_resolved_to_the_plain_antecedent():
    a, ents = entities_of(STORY)
    merkel = by_name(ents, "Angela Merkel")
    assert merkel is not None
    assert "she" in [a.text[s:e] for s, e in merkel.mentions]
    # "he thanked" follows two men in one sentence: left unresolved, not guessed
    trump = by_name(ents, "Donald Trump")
    assert "he" not in [a.text[s:e] for s, e in trump.mentions]


def test_spans_inside_text_and_sorted():
    a, ents = entities_of(STORY)
    for e in ents:
        assert list(e.mentions) == sorted(e.mentions)
        assert all(0 <= s < t <= len(a.text) for s, t in e.mentions)
        assert 0.0 <= e.salience <= 1.0
    saliences = [e.salience for e in ents]
    assert saliences == sorted(saliences, reverse=True)


def test_split_title():
    assert split_title(("President", "Donald", "Trump")) == (("President",), ("Donald", "Trump"))
    assert split_title(("Sen.", "Smith")) == (("Sen.",), ("Smith",))
    assert split_title(("Pres.", "Smith")) == (("Pres.",), ("Smith",))
    assert split_title(("National", "Security", "Adviser", "Mark", "Quell"))[1] == ("Mark", "Quell")
    assert split_title(("President",)) == ((), ("President",))
    # a title "of" something runs on to the name
    assert split_title(("Secretary", "of", "State", "Mark", "Quell")) == (("Secretary", "of", "State"), ("Mark", "Quell"))
    assert split_title(("Minister", "of", "Foreign", "Affairs", "Mark", "J.", "Quell")) == (
        ("Minister", "of", "Foreign", "Affairs"), ("Mark", "J.", "Quell"))
    assert split_title(("Secretary", "of", "State")) == ((), ("Secretary", "of", "State"))
    # a possessive straight after the titles is no part of the name: "Mr. King's Russia"
    assert split_title(("Mr.", "King", "'s", "Tarrow")) == (("Mr.", "King", "'s"), ("Tarrow",))
    # not without a person's name at the end: "Emperor of the United States"
    assert split_title(("Emperor", "of", "the", "Tarrow", "Isles")) == ((), ("Emperor", "of", "the", "Tarrow", "Isles"))
    # a known first name from the model's lists counts too
    lexicon = {"male": frozenset({"quill"}), "female": frozenset()}
    assert split_title(("Secretary", "of", "State", "Quill", "J", ".", "Tarrow"), lexicon)[1] == ("Quill", "J", ".", "Tarrow")
    lexicon = {"male": frozenset({"quill"}), "female": frozenset(), "common": frozenset({"hotel"})}
    assert split_title(("Director", "of", "the", "Quill", "Hotel"), lexicon) == ((), ("Director", "of", "the", "Quill", "Hotel"))
    # a party's member before a person's name: "Democrat Hillary Clinton", "Republicans Cory Gardner"
    assert split_title(("Democrat", "Mark", "Quell")) == (("Democrat",), ("Mark", "Quell"))
    assert split_title(("Republicans", "Mark", "Quell")) == (("Republicans",), ("Mark", "Quell"))
    assert split_title(("Republican", "National", "Committee")) == ((), ("Republican", "National", "Committee"))
    assert split_title(("Democrat", "Quell")) == ((), ("Democrat", "Quell"))
    # the people of a place before a person's name: "Floridians Jeb Bush and Marco Rubio"
    assert split_title(("Floridians", "Mark", "Quell")) == (("Floridians",), ("Mark", "Quell"))
    assert split_title(("New", "Yorkers", "Mark", "Quell")) == ((), ("New", "Yorkers", "Mark", "Quell"))
    assert split_title(("Williams", "Mark", "Quell")) == ((), ("Williams", "Mark", "Quell"))   # a surname


def test_letters_after_a_name_are_no_part_of_it():
    assert split_title(("Martin", "Luther", "King", "Jr", ".")) == ((), ("Martin", "Luther", "King"))
    assert split_title(("Dame", "Ada", "Quell", "DBE", "RA"))[1] == ("Ada", "Quell")
    assert split_title(("Ivo", "Tarrow", "PhD")) == ((), ("Ivo", "Tarrow"))
    assert split_title(("Tarrow", "Jr", ".")) == ((), ("Tarrow", "Jr", "."))       # no name left before it
    assert split_title(("Tarrow", "City", "AG"))[1] == ("Tarrow", "City")
    assert split_title(("Joseph", "R", ".", "Quell", "Jr."))[1] == ("Joseph", "R", ".", "Quell")   # initials inside
    assert split_title(("R", ".", "Quell", "Jr."))[1] == ("R", ".", "Quell", "Jr.")              # no first name
    assert split_title(("U.S.", "Judge", "Ivo", "Tarrow", "III"))[1] == ("Ivo", "Tarrow")
    assert split_title(("Club", "for", "Growth", "PAC"))[1] == ("Club", "for", "Growth", "PAC")  # no name's words


def test_an_owner_in_the_possessive_before_a_first_name_is_no_part_of_the_name():
    from reader.nlp.ner_tagger import default_lexicon
    lexicon = default_lexicon()
    assert split_title(("Post's", "Greg", "Tarrow"), lexicon)[1] == ("Greg", "Tarrow")
    assert split_title(("Iowa", "State", "University's", "Dianne", "Quell"), lexicon)[1] == ("Dianne", "Quell")
    assert split_title(("Martha's", "Vineyard"), lexicon)[1] == ("Martha's", "Vineyard")     # no first name after it


def test_a_title_in_the_plural_before_names_is_a_title_and_a_place_keeps_its_words():
    assert split_title(("Senators", "Ivo", "Tarrow")) == (("Senators",), ("Ivo", "Tarrow"))
    assert split_title(("Justices", "Ada", "Quell")) == (("Justices",), ("Ada", "Quell"))
    assert split_title(("Mrs", "Quell")) == (("Mrs",), ("Quell",))
    a, ents = entities_of("Rail\n\nTrains left Kings Cross on Monday. Senators Ivo Tarrow and Ada Quell spoke. "
                          "Tarrow said no.")
    assert sorted(a.text[s:e] for s, e in by_name(ents, "Ivo Tarrow").mentions) == ["Senators Ivo Tarrow", "Tarrow"]
    assert by_name(ents, "Kings Cross") is not None and by_name(ents, "Cross") is None


def test_a_name_with_initials_and_a_suffix_is_one_person_with_its_surname_alone():
    a, ents = entities_of("Navy\n\nAdm. Harold B. Tarrow Jr. said the fleet would stay. Tarrow added that the "
                          "talks had failed, and Justice Samuel A. Quell Jr. agreed. Mr. Quell wrote the opinion.")
    people = people_of(a, ents)
    assert people["Harold B. Tarrow"] == ["Adm. Harold B. Tarrow Jr.", "Tarrow"]
    assert people["Samuel A. Quell"] == ["Justice Samuel A. Quell Jr.", "Mr. Quell"]


def test_a_name_with_letters_after_it_is_one_person_with_its_short_forms():
    a, ents = entities_of("Scientists\n\nIvo Tarrow FRS was a mathematician in Basel. Tarrow worked there for "
                          "years. Later Tarrow moved to Bern.\n\nMartin Luther Quell Jr. spoke in Dover. Quell said "
                          "the march would go on.")
    tarrow = by_name(ents, "Ivo Tarrow")
    assert tarrow is not None and [a.text[s:e] for s, e in tarrow.mentions if a.text[s] == "I"] == ["Ivo Tarrow FRS"]
    assert sum(a.text[s:e] == "Tarrow" for s, e in tarrow.mentions) == 2
    quell = by_name(ents, "Martin Luther Quell")
    assert quell is not None and any(a.text[s:e] == "Quell" for s, e in quell.mentions)
    assert not any(e.name in ("Jr.", "Jr") for e in ents)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Ünïcödé — “quotes” ‘and’ 🙂 emoji\u200b\u00a0İstanbul ﬁ.",
                                  "A.\n\nB. C. D.", "’s 's - . , Mr. Mrs."])
def test_no_crash_on_empty_or_weird_text(text):
    builder = ArticleBuilder()
    builder.paragraph(text)
    a = builder.build()
    ents = find_entities(a, split_sentences(a))
    for e in ents:
        assert all(0 <= s < t <= len(a.text) for s, t in e.mentions)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
       | st.lists(st.sampled_from(["Trump", "Mr.", "he", "she", "of", "the", "Paris", "United", "States",
                                   "Macron", ".", ",", "\n\n", "’s", "NATO", "said", "Emmanuel"]), max_size=60
                  ).map(" ".join))
def test_property_arbitrary_text(text):
    builder = ArticleBuilder()
    builder.paragraph(text)
    a = builder.build()
    for e in find_entities(a, split_sentences(a)):
        assert e.mentions and all(0 <= s < t <= len(a.text) for s, t in e.mentions)
        for (_, e1), (s2, _) in zip(e.mentions, e.mentions[1:], strict=False):
            assert e1 <= s2, (e.name, e.mentions)


SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "hot-mic-trump-putin.txt"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="shared sample article not present")
def test_sample_article_people():
    from reader.importers import load_article

    a = load_article(SAMPLE)
    ents = find_entities(a, split_sentences(a))
    people = {e.name for e in ents if e.type == "person"}
    assert {"Donald Trump", "Vladimir Putin"} <= people
    assert len(people) >= 12


def test_demonym_adjectives_are_not_entities():
    _, ents = entities_of("Talks end\n\nThe European leaders met Mr. Karl Brenning in Vienna. "
                          "Brenning said the Afghan family would stay.")
    names = {e.name for e in ents}
    assert "European" not in names and "Afghan" not in names


def test_name_heads_decide_the_type():
    from reader.nlp.aliases import Group, type_priors

    g = Group(("Harlow", "Brenning", "Foundation"))
    g.votes["person"] += 2.0
    s = Group(("Quill", "Station"))
    s.votes["organization"] += 2.0
    # "Org" is short for organisation ("the Sea Org"); "Weekly" and "Daily" end newspapers' names
    o = Group(("Harbour", "Org"))
    o.votes["other"] += 2.0
    w = Group(("Tarrow", "Weekly"))
    w.votes["place"] += 2.0
    type_priors([g, s, o, w], {})
    assert g.type == "organization" and s.type == "place" and o.type == w.type == "organization"


def test_acronym_of_an_organisation_joins_it():
    a, ents = entities_of("Report out\n\nThe Northern Fishery Council met on Monday. "
                          "Officials of the NFC said the NFC would publish its figures.")
    council = next((e for e in ents if e.name.endswith("Northern Fishery Council")), None)
    assert council is not None
    assert [a.text[s:e] for s, e in council.mentions].count("NFC") == 2


def test_run_features_and_hints():
    from reader.nlp.ner_features import DocTokens, doc_hints, features

    doc = DocTokens(["The", "Quill", "Harbour", "Trust", "for", "the", "Arts", "said", "."],
                    [True] + [False] * 8)
    f = features(doc, 1, "O", "O")
    assert "rl=trust" in f and "rlc=org" in f and "xl=arts" in f and "rp=I" in f and "rf=the" in f
    hints = doc_hints(doc, [("O", 1.0), ("B-ORG", 1.0), ("I-ORG", 1.0), ("I-ORG", 1.0)] + [("O", 1.0)] * 5)
    assert "hl=ORG" in hints[2] and hints[7] == []


def test_model_json_round_trip_keeps_the_second_pass():
    from reader.nlp.ner_tagger import TaggerModel

    model = default_model()
    assert model.second is not None
    again = TaggerModel.from_json(model.to_json())
    assert again.second is not None and again.second.weights == model.second.weights


def test_title_case_headlines_name_only_what_the_body_names():
    a, ents = entities_of("Harbor Council Splits Over Plan to Automate the Eastport Docks\n\n"
                          "Councillor Tomás Reyes said the Harbor Council had not studied the plan. "
                          "Nobody in this room knows, Reyes said.")
    names = {e.name for e in ents}
    assert "Tomás Reyes" in names
    assert not any("Splits" in n or n in ("Automate", "Nobody") for n in names), names
    title_end = a.title_span[1]
    council = next(e for e in ents if "Harbor Council" in e.name)
    assert any(s < title_end for s, _ in council.mentions)   # named in the body, so kept in the title


def _mention(words, start, tok_start, etype="person", margin=5.0):
    from reader.nlp.aliases import Mention

    end = start + len(" ".join(words))
    return Mention(start, end, etype, tuple(words), tok_start, tok_start + len(words), margin)


def test_a_surname_joins_the_full_name_it_ends_not_a_name_it_starts():
    from reader.nlp.aliases import Group, _best_fit

    full = Group(("Bram", "Tollis"))
    full.votes["person"] = 3.0
    full.mentions.append(_mention(["Bram", "Tollis"], 50, 10))
    starts = Group(("Tollis", "Prints"))
    starts.votes["person"] = 1.0
    starts.mentions.append(_mention(["Tollis", "Prints"], 80, 20))
    # "Tollis" in the headline, before either is named
    assert _best_fit([full, starts], ("Tollis",), _mention(["Tollis"], 0, 0)) is full


def test_a_name_inside_a_persons_name_is_not_another_person():
    from reader.nlp.aliases import Group, add_nested
    from reader.nlp.ner_features import DocTokens

    words = ["Bram", "Tollis", "spoke", ".", "Tollis", "left", "."]
    doc = DocTokens(words, [True, False, False, False, True, False, False])
    spans, pos = [], 0
    for w in words:
        spans.append((pos, pos + len(w)))
        pos += len(w) + 1
    full = Group(("Bram", "Tollis"))
    full.votes["person"] = 3.0
    full.mentions.append(_mention(["Bram", "Tollis"], 0, 0))
    short = Group(("Tollis",))                  # a surname the grouping left on its own
    short.votes["person"] = 1.0
    short.mentions.append(_mention(["Tollis"], spans[4][0], 4))
    add_nested(doc, spans, [full, short])
    assert len(short.mentions) == 1 and len(full.mentions) == 1


def test_name_prefixes_and_offices_decide_the_type():
    from reader.nlp.aliases import Group, type_priors

    fort = Group(("Fort", "Quell"))
    fort.votes["person"] += 2.0                   # "Quell" looks like a surname to the tagger
    office = Group(("Home", "Secretary"))
    office.votes["organization"] += 2.0
    of_state = Group(("Secretary", "of", "State"))
    of_state.votes["place"] += 2.0
    ministry = Group(("Ministry", "of", "Justice"))
    ministry.votes["organization"] += 2.0
    type_priors([fort, office, of_state, ministry], {})
    assert fort.type == "place"
    assert office.type == "person" and of_state.type == "person"
    assert ministry.type == "organization"


def _doc_and_spans(words, lexicon=None):
    from reader.nlp.ner_features import DocTokens

    doc = DocTokens(words, [True] + [False] * (len(words) - 1), lexicon)
    spans, pos = [], 0
    for w in words:
        spans.append((pos, pos + len(w)))
        pos += len(w) + 1
    return doc, spans


def test_a_person_of_an_organisation_is_two_mentions():
    from reader.nlp.entities import split_person_of

    doc, _ = _doc_and_spans(["Mark", "Quell", "of", "Tarrow", "Records", "said", "."])
    parts = split_person_of(doc, [0, 1, 2, 3, 4], "PER")
    assert [([doc.words[k] for k in idx], code) for idx, code in parts] == [
        (["Mark", "Quell"], "PER"), (["Tarrow", "Records"], "ORG")]
    # an initial's full stop is no word of the name: "Mark J. Quell of Tarrow Records"
    doc, _ = _doc_and_spans(["Mark", "J", ".", "Quell", "of", "Tarrow", "Records", "said", "."])
    parts = split_person_of(doc, [0, 1, 2, 3, 4, 5, 6], "LOC")
    assert [([doc.words[k] for k in idx], code) for idx, code in parts] == [
        (["Mark", "J", ".", "Quell"], "PER"), (["Tarrow", "Records"], "ORG")]
    # "Patrick Gordon of Auchleuchries": a single place word after "of" is part of the name
    doc, _ = _doc_and_spans(["Mark", "Quell", "of", "Tarrowby", "."])
    assert split_person_of(doc, [0, 1, 2, 3], "PER") == [([0, 1, 2, 3], "PER")]
    # an organisation "of" something is not a person
    doc, _ = _doc_and_spans(["Royal", "Academy", "of", "Painting", "Studies", "."])
    assert len(split_person_of(doc, [0, 1, 2, 3, 4], "ORG")) == 1


@pytest.mark.parametrize("words", [
    ["Senator", "Mark", "Quell", "of", "Tarrowland"],          # the style of the New York Times
    ["Gov.", "Mark", "Quell", "of", "Tarrowland"],
    ["Mark", "J", ".", "Quell", "of", "Tarrowland"],
    ["House", "Speaker", "Mark", "Quell", "of", "Tarrowland"],    # words before the last title pass too
])
def test_a_person_of_a_known_place_is_two_mentions(words):
    """A single word after "of" that the place list knows is where the person is from ("Senator Ted
    Cruz of Texas"), not part of the name, as an unknown one is ("Patrick Gordon of Auchleuchries")."""
    from reader.nlp.entities import split_person_of

    lexicon = {"place": frozenset({"tarrowland"}), "male": frozenset({"mark"})}
    doc, _ = _doc_and_spans(words + ["said", "."], lexicon)
    parts = split_person_of(doc, list(range(len(words))), "PER")
    assert [([doc.words[k] for k in idx], code) for idx, code in parts] == [(words[:-2], "PER"), (["Tarrowland"], "LOC")]
    assert split_person_of(_doc_and_spans(words[:-1] + ["Tarrowby", "said", "."], lexicon)[0],
                           list(range(len(words))), "PER") == [(list(range(len(words))), "PER")]


def test_senators_of_their_states_are_found_under_their_names():
    a, ents = entities_of("Report\n\nThe race narrowed as Senator Mark Quell of Texas and Senator Ann Berry of "
                          "Vermont gained. Mr. Quell said he was ready, and Ms. Berry agreed.")
    quell, berry = by_name(ents, "Mark Quell"), by_name(ents, "Ann Berry")
    assert quell is not None and berry is not None
    assert [a.text[s:e] for s, e in quell.mentions][:2] == ["Senator Mark Quell", "Mr. Quell"]
    assert [a.text[s:e] for s, e in berry.mentions][:2] == ["Senator Ann Berry", "Ms. Berry"]
    assert {e.name for e in ents if e.type == "place"} >= {"Texas", "Vermont"}


def test_a_person_named_straight_after_an_organisation_or_a_role_of_one_is_a_mention_of_their_own():
    from reader.nlp.entities import split_trailing_name

    def split(words, code="PER", lexicon=None):
        doc, _ = _doc_and_spans(words + ["said", "."], lexicon)
        return [([doc.words[k] for k in idx], c) for idx, c in split_trailing_name(doc, list(range(len(words))), code)]

    assert split(["Tarrow", "University", "Mark", "Quell"], "ORG") == [
        (["Tarrow", "University"], "ORG"), (["Mark", "Quell"], "PER")]
    assert split(["Director", "of", "the", "Tarrow", "Council", "Mark", "Quell"]) == [
        (["Tarrow", "Council"], "ORG"), (["Mark", "Quell"], "PER")]
    assert split(["Tarrow", "'s", "Shadow", "Home", "Secretary", "Mark", "Quell"]) == [(["Mark", "Quell"], "PER")]
    # titles alone stay with the name; so does a name that is not a known first name's
    assert split(["Former", "President", "Mark", "Quell"]) == [(["Former", "President", "Mark", "Quell"], "PER")]
    assert split(["Tarrow", "University", "Quell", "Mark"], "ORG") == [
        (["Tarrow", "University", "Quell", "Mark"], "ORG")]
    # a head word alone is no name: "(Secretary of) State Mark Quell"
    assert split(["State", "Mark", "Quell"]) == [(["State", "Mark", "Quell"], "PER")]
    # a name does not end in a plain word: "Tarrow Hall Mark Hotel"
    plain = {"male": frozenset(), "female": frozenset(), "surname": frozenset(), "common": frozenset({"hotel"})}
    assert split(["Tarrow", "University", "Mark", "Hotel"], "ORG", plain) == [
        (["Tarrow", "University", "Mark", "Hotel"], "ORG")]
    # "Church of Mark Quell": the name is the organisation's own
    assert split(["Church", "of", "Mark", "Quell"], "ORG") == [(["Church", "of", "Mark", "Quell"], "ORG")]


def test_nested_names_in_places_and_titles():
    from reader.nlp.aliases import Group, add_nested

    words = ["US", "President", "Mark", "Quell", "visited", "Fort", "Quell", "."]
    doc, spans = _doc_and_spans(words)
    person = Group(("Mark", "Quell"))
    person.votes["person"] = 3.0
    person.mentions.append(_mention(["US", "President", "Mark", "Quell"], 0, 0))
    fort = Group(("Fort", "Quell"))
    fort.votes["place"] = 3.0
    fort.mentions.append(_mention(["Fort", "Quell"], spans[5][0], 5, "place"))
    quell = Group(("Quell",))
    quell.votes["person"] = 1.0
    quell.mentions.append(_mention(["Quell"], 100, 20))
    groups = [person, fort, quell]
    add_nested(doc, spans, groups)
    assert len(quell.mentions) == 1                 # the fort is named after him, not a mention of him
    us = next(g for g in groups if g.name_words == ("US",))
    assert us.type == "place" and [(m.start, m.end) for m in us.mentions] == [spans[0]]


def test_a_place_named_by_direction_does_not_nest_the_larger_place():
    from reader.nlp.aliases import Group, add_nested

    words = ["Western", "Tarrowland", "and", "Tarrowland", "voted", "."]
    doc, spans = _doc_and_spans(words)
    west = Group(("Western", "Tarrowland"))
    west.votes["place"] = 3.0
    west.mentions.append(_mention(["Western", "Tarrowland"], 0, 0, "place"))
    whole = Group(("Tarrowland",))
    whole.votes["place"] = 3.0
    whole.mentions.append(_mention(["Tarrowland"], spans[3][0], 3, "place"))
    add_nested(doc, spans, [west, whole])
    assert len(whole.mentions) == 1


def test_listed_organisations_inside_names_and_left_out_by_the_tagger():
    from reader.nlp.aliases import Group, add_nested, known_organizations

    lexicon = {"org": frozenset({"tarrow records", "quellco"}), "place": frozenset(), "common": frozenset()}
    words = ["Tarrow", "Records", "Chief", "spoke", ";", "QUELLCO", "and", "Quellco", "agreed", "."]
    doc, spans = _doc_and_spans(words, lexicon)
    role = Group(("Tarrow", "Records", "Chief"))
    role.votes["person"] = 3.0
    role.mentions.append(_mention(["Tarrow", "Records", "Chief"], 0, 0))
    groups = [role]
    known_organizations(doc, spans, groups)
    add_nested(doc, spans, groups)
    names = {g.name_words: g for g in groups}
    assert names[("Tarrow", "Records")].type == "organization"
    quellco = next(g for g in groups if g.name_words[0].lower() == "quellco")
    assert quellco.type == "organization" and len(quellco.mentions) == 2


def test_a_place_and_a_plural_is_a_team():
    from reader.nlp.aliases import Group, type_priors

    lexicon = {"place": frozenset({"tarrow", "tarrow bay", "quell"})}
    team = Group(("Tarrow", "Bay", "Herons"))
    team.votes["place"] += 2.0
    falls = Group(("Quell", "Falls"))
    falls.votes["place"] += 2.0
    type_priors([team, falls], lexicon)
    assert team.type == "organization" and falls.type == "place"


def test_an_everyday_word_is_not_a_place_inside_a_name():
    from reader.nlp.aliases import Group, add_nested

    lexicon = {"place": frozenset(), "org": frozenset(), "common": frozenset({"home"})}
    words = ["The", "Home", "Office", "and", "Home", "agreed", "."]
    doc, spans = _doc_and_spans(words, lexicon)
    office = Group(("Home", "Office"))
    office.votes["organization"] = 3.0
    office.mentions.append(_mention(["Home", "Office"], spans[1][0], 1, "organization"))
    home = Group(("Home",))                        # a stray one-word "place" from the tagger
    home.votes["place"] = 1.0
    home.mentions.append(_mention(["Home"], spans[4][0], 4, "place"))
    add_nested(doc, spans, [office, home])
    assert len(home.mentions) == 1


def test_a_one_word_person_named_three_times_repeats_where_the_tagger_missed_it():
    from reader.nlp.aliases import Group, propagate

    words = ["Nerys", "left", ".", "Nerys", "came", ".", "Nerys", "sang", ".", "They", "saw", "Nerys", "."]
    lexicon = {"place": frozenset(), "org": frozenset(), "common": frozenset()}
    doc, spans = _doc_and_spans(words, lexicon)
    doc.first[:] = [w in ("Nerys", "They") and (i == 0 or words[i - 1] == ".") for i, w in enumerate(words)]
    g = Group(("Nerys",))
    g.votes["person"] = 3.0
    for i in (0, 3, 6):
        g.mentions.append(_mention(["Nerys"], spans[i][0], i))
    propagate(" ".join(words), doc, spans, [g])
    assert [m.tok_start for m in g.mentions] == [0, 3, 6, 11]
    # named only twice: not copied
    g2 = Group(("Nerys",))
    g2.votes["person"] = 2.0
    for i in (0, 3):
        g2.mentions.append(_mention(["Nerys"], spans[i][0], i))
    propagate(" ".join(words), doc, spans, [g2])
    assert len(g2.mentions) == 2


ROLES = """Gallery opens new wing

The exhibit includes portraits of the author Truman Capote, of the actor Dennis Hopper and of the \
singer Carly Simon. Truman Capote sat for Andy Warhol in 1979, the curator Elaine Gustafson said.

Capote's portrait hangs beside the door. After the opening, Simon said she was delighted. Hopper did not come."""


def test_a_role_noun_before_a_name_is_part_of_the_mention_not_of_the_name():
    a, ents = entities_of(ROLES)
    surfaces = {e.name: [a.text[s:t] for s, t in e.mentions] for e in ents if e.type == "person"}
    assert surfaces["Truman Capote"][:2] == ["author Truman Capote", "Truman Capote"]
    assert "Capote" in surfaces["Truman Capote"]
    # names the tagger passes over after a role noun are found, and their short forms join them
    assert surfaces["Dennis Hopper"] == ["actor Dennis Hopper", "Hopper"]
    assert surfaces["Elaine Gustafson"] == ["curator Elaine Gustafson"]
    # "After" ends like a role noun but is not one; "Simon" keeps its own span
    assert "singer Carly Simon" in surfaces["Carly Simon"] and "Simon" in surfaces["Carly Simon"]
    assert "Andy Warhol" in surfaces


def test_a_name_after_a_capitalised_title_is_a_person_even_where_the_tagger_left_it_out():
    # the rule alone, on tokens no mention covers: what the tagger found is not asked
    text = ("Talks were joined by Foreign Minister Maria Lindqvist and by Sen. Peter Okafor on Monday. "
            "The President Hotel and the Minister Street office stayed closed, said Premier Brandt.")
    model = default_model()
    toks, spans = doc_tokens(text, split_sentences(article(text)), model.lexicon if model else None)
    covered = bytearray(len(spans))
    found = [text[m.start:m.end] for m in named_after_role(toks, spans, covered)]
    # a title needs a known first name and a surname after it: a hotel, a street, a bare surname are not names
    assert found == ["Maria Lindqvist", "Peter Okafor"]
    assert sum(covered) == 4                      # the names' tokens are marked as taken


def test_a_role_someone_owns_is_a_mention_of_its_own_not_part_of_the_name():
    text = "The author Truman Capote came with his wife Manju Sam and the mayor's aide Okon Bassey."
    model = default_model()
    toks, spans = doc_tokens(text, split_sentences(article(text)), model.lexicon if model else None)
    names = ["Truman Capote", "Manju Sam", "Okon Bassey"]
    entities = [Entity(f"e{k}", name, "person", ((text.index(name), text.index(name) + len(name)),))
                for k, name in enumerate(names)]
    surfaces = [text[s:e] for ent in role_phrases(text, toks, spans, entities) for s, e in ent.mentions]
    # GUM: "author Truman Capote" is one phrase; "his wife" and "Manju Sam" are two, in apposition
    assert surfaces == ["author Truman Capote", "Manju Sam", "Okon Bassey"]


def tagged_mentions(text: str, lexicon: bool = False):
    """The text's tokens and spans (with the shipped model's word lists when ``lexicon``), and a maker
    of a mention of one of its phrases (as a tagger gives it)."""
    from reader.nlp.aliases import Mention
    from reader.nlp.ner_tagger import default_lexicon
    toks, spans = doc_tokens(text, split_sentences(article(text)), default_lexicon() if lexicon else None)

    def mention(surface: str, kind: str = "person") -> Mention:
        start = text.index(surface)
        a = next(k for k, (s, _) in enumerate(spans) if s == start)
        b = next(k for k, (_, e) in enumerate(spans) if e == start + len(surface)) + 1
        return Mention(start, start + len(surface), kind, tuple(toks.words[a:b]), a, b)
    return toks, spans, mention


def test_initials_belong_to_the_name_they_stand_in():
    from reader.nlp.entities import with_initials
    text = "The method of K. Michael Stevens was tested by Eugene A. Nida and N S Andres."
    toks, spans, mention = tagged_mentions(text)
    # what a tagger stopping at initials gives: the surname alone, the first name apart
    found = with_initials(toks, spans, [mention("Michael Stevens"), mention("Eugene"), mention("Nida"),
                                        mention("Andres")])
    assert [text[m.start:m.end] for m in found] == ["K. Michael Stevens", "Eugene A. Nida", "N S Andres"]


def test_the_article_or_i_opening_a_sentence_is_no_initial():
    from reader.nlp.entities import with_initials
    text = "News\n\nHe left. A Tarrow rally is loud. “A Vellacott win is near,” he said. Then N S Quell spoke."
    toks, spans, mention = tagged_mentions(text)
    found = with_initials(toks, spans, [mention("Tarrow"), mention("Vellacott"), mention("Quell")])
    assert [text[m.start:m.end] for m in found] == ["Tarrow", "Vellacott", "N S Quell"]


def test_a_name_the_tagger_began_at_an_initial_takes_the_first_name_before_it():
    from reader.nlp.entities import with_initials
    text = "The plan failed, Vann R. Newkirk II wrote on Sunday."
    toks, spans, mention = tagged_mentions(text)
    # the tagger's split: "Vann R" (other) and "R. Newkirk II" (person)
    found = with_initials(toks, spans, [mention("Vann R", "other"), mention("R. Newkirk II")])
    assert [(text[m.start:m.end], m.type) for m in found] == [("Vann R. Newkirk II", "person")]
    # where the tagger stopped before the initial, the initial joins, and another mention's word before
    # it only when it is a known first name (as before)
    found = with_initials(toks, spans, [mention("Vann", "other"), mention("Newkirk II")])
    assert [text[m.start:m.end] for m in found] == ["Vann", "R. Newkirk II"]
    # a name of another type that ends before the initial is not swallowed ("Donald Trump E. Jean Carroll")
    text = "The verdict named Acme Corp J. Smith as the buyer."
    toks, spans, mention = tagged_mentions(text)
    found = with_initials(toks, spans, [mention("Acme Corp", "organization"), mention("J. Smith")])
    assert [(text[m.start:m.end], m.type) for m in found] == [("Acme Corp", "organization"), ("J. Smith", "person")]


GROUP_TEXT = ("The Velorans met on Monday. A Veloran minister, Anna Weber, said the plan would pass. "
              "Officials declined to comment, and the officials' aides left. Greeks were divided. "
              "Bernie Sanders spoke first; Sanders said the vote was close. Sens. Ann Lee and Tom Roe "
              "agreed, Sen. Lee said.")


def test_a_plural_name_for_people_is_a_group_and_a_surname_in_s_is_one_person():
    names = ["Velorans", "Officials", "Greeks", "Sanders", "Sens", "Anna Weber", "Vikings"]
    entities = [Entity(f"e{k}", name, "person", ((0, 1),)) for k, name in enumerate(names)]
    entities.append(Entity("e9", "Greens", "organization", ((0, 1),)))
    marked = mark_groups(GROUP_TEXT, entities, {"surname": frozenset({"sanders"})})
    groups = sorted(e.name for e in marked if e.group)
    # a singular in the text ("a Veloran minister"), a lower-case use ("the officials"), a demonym;
    # not a surname, a title's plural, a two-word name, an organisation, nor a plural with no evidence
    assert groups == ["Greeks", "Officials", "Velorans"]
    assert [e.name for e in marked] == [e.name for e in entities]


def test_only_a_group_carries_the_group_key_in_json():
    group = Entity("e1", "Velorans", "person", ((4, 12),), 0.5, group=True)
    one = Entity("e2", "Anna Weber", "person", ((30, 40),), 0.4)
    assert group.to_dict()["group"] is True and "group" not in one.to_dict()
    assert Entity.from_dict(group.to_dict()) == group and Entity.from_dict(one.to_dict()) == one


NESTED = """Museum news

Duke University lent two paintings. The University of Southern Indiana showed them in March, and \
the University of Southern Indiana will keep one."""


def test_the_head_of_a_long_name_is_not_a_mention_of_another_entity():
    a, ents = entities_of(NESTED)
    usi = by_name(ents, "University of Southern Indiana")
    assert usi is not None and usi.type == "organization"
    duke = by_name(ents, "Duke University")
    spans = {m for e in ents for m in e.mentions}
    for s, e in usi.mentions:
        inside = [m for m in spans if s <= m[0] and m[1] <= e and m != (s, e)]
        assert all(a.text[x:y] != "University" for x, y in inside)
    if duke is not None:
        assert all(a.text[s:e] != "University" for s, e in duke.mentions)


def test_a_name_headed_by_an_event_word_is_not_an_organisation():
    a, ents = entities_of("""Night of lights

The Taipei City Lantern Festival opened on Friday. Mayor Ma Ying-jeou said the Lantern Festival \
drew more visitors than last year, and the Taipei City Government paid for the lanterns.""")
    festival = next(e for e in ents if e.name.endswith("Lantern Festival"))
    assert festival.type == "other"
    assert all(e.type != "organization" for e in ents if "Festival" in e.name)


def test_peoples_named_by_a_plural_are_groups_of_people_and_known_organisations_keep_their_type():
    a, ents = entities_of("""Boat people rescued

Fishermen rescued 700 Bangladeshis off the coast on Friday. About 100,000 Greeks follow the old faith. \
NASA invited the boy, and NASA said he was welcome.""")
    bangladeshis = by_name(ents, "Bangladeshis")
    assert bangladeshis is not None and bangladeshis.type == "person"
    assert by_name(ents, "Greeks") is not None and by_name(ents, "Greeks").type == "person"
    nasa = by_name(ents, "NASA")
    assert nasa is not None and nasa.type == "organization"


def test_a_head_word_left_outside_inside_a_name_joins_it():
    from reader.nlp.entities import decode

    doc, spans = _doc_and_spans(["Planes", "flew", "from", "Tarrow", "Base", "Quell-Mark", "today", "."])
    tagged = [("O", 1.0)] * 3 + [("B-LOC", 0.3), ("O", 9.0), ("I-PER", 1.5)] + [("O", 1.0)] * 2
    mentions = decode(doc, spans, tagged)
    assert [(m.words, m.type) for m in mentions] == [(("Tarrow", "Base", "Quell-Mark"), "place")]
    # a word that heads no names stays outside: two mentions
    doc, spans = _doc_and_spans(["Planes", "flew", "from", "Tarrow", "Blue", "Quell-Mark", "today", "."])
    assert len(decode(doc, spans, tagged)) == 2


def test_a_possessive_ending_joins_the_name_s_mention_and_not_its_name():
    from reader.nlp.entities import with_possessives, without_possessive
    from reader.nlp.pipeline import analyze_article

    text = ("Council backs ferry plan\n\nAda Stone’s plan won the vote. Stone's allies cheered, and Bob Hale's "
            "staff agreed. He's pleased, Hale said. It's early, said Stone.")
    a = article(text)
    ents = analyze_article(a).entities
    stone, hale = by_name(ents, "Ada Stone"), by_name(ents, "Bob Hale")
    assert stone is not None and hale is not None             # the names themselves carry no ending
    surfaces = {a.text[s:e] for s, e in stone.mentions} | {a.text[s:e] for s, e in hale.mentions}
    assert {"Ada Stone’s", "Stone's", "Bob Hale's", "Hale", "Stone"} <= surfaces
    assert not any(x.lower().startswith(("he'", "it'")) for x in surfaces)   # "he is", "it is"
    assert without_possessive("Ada Stone’s") == "Ada Stone" and without_possessive("Stones") == "Stones"
    assert without_possessive("Chris Jones’") == "Chris Jones"
    plain = Entity("e1", "Chris Jones", "person", ((0, 11),))
    assert with_possessives("Chris Jones’ car", [plain])[0].mentions == ((0, 12),)
    assert with_possessives("Chris Jones' car", [plain])[0].mentions == ((0, 12),)
    # a bare apostrophe closing a single quotation is left alone, as is one ending the text
    assert with_possessives("Chris Jones’", [plain])[0].mentions == ((0, 11),)
    for text, joined in (("‘We all love Paris’ he said.", False), ("'We all love Paris' he said.", False),
                         ("We all love Paris’ museums.", True)):
        start = text.index("Paris")
        place = Entity("e1", "Paris", "place", ((start, start + 5),))
        assert with_possessives(text, [place])[0].mentions == ((start, start + 5 + joined),), text
    assert with_possessives("Chris Jones’s car", [plain])[0].mentions == ((0, 13),)
    assert with_possessives("Chris Jones’sake", [plain])[0].mentions == ((0, 11),)
    he = Entity("e2", "he", "person", ((0, 2),))
    assert with_possessives("He's here", [he])[0].mentions == ((0, 2),)


@pytest.mark.parametrize("opening", ["While", "When", "After", "Although", "But", "Because"])
def test_a_conjunction_opening_the_sentence_is_not_part_of_the_name(opening):
    from reader.nlp.entities import decode
    text = f"{opening} Stone spoke, the vote was close."
    tokens, spans = doc_tokens(text, [(0, len(text))])
    # the tagger took the opening word into the name, as it does now and then before a lone surname
    tagged = [("B-PER", 0.9), ("I-PER", 0.9)] + [("O", 0.9)] * (len(spans) - 2)
    [mention] = decode(tokens, spans, tagged)
    assert text[mention.start:mention.end] == "Stone"
    inside = f"The talks went on. Ada {opening} Stone spoke."     # not at a sentence's start: kept
    tokens, spans = doc_tokens(inside, [(0, 18), (19, len(inside))])
    tagged = [("O", 0.9)] * 5 + [("B-PER", 0.9), ("I-PER", 0.9), ("I-PER", 0.9)] + [("O", 0.9)] * (len(spans) - 8)
    [mention] = decode(tokens, spans, tagged)
    assert inside[mention.start:mention.end] == f"Ada {opening} Stone"


@pytest.mark.parametrize(("text", "names"), [
    ("Carrano and Biewener measured the bones.", ["Carrano", "Biewener"]),
    ("Forbes, Eaton, and Krueger wrote the study.", ["Forbes", "Eaton", "Krueger"]),
    ("Thomas and Manju Sam went to court.", ["Thomas", "Manju Sam"]),
    ("Smith & Jones agreed.", ["Smith", "Jones"]),
    ("John Smith, Jr. agreed.", ["John Smith, Jr."]),         # no "and": one name
])
def test_people_named_together_are_each_a_person(text, names):
    from reader.nlp.entities import decode
    tokens, spans = doc_tokens(text, [(0, len(text))])
    end = next(k for k, w in enumerate(tokens.words) if w[:1].islower() and w not in ("and", "&"))
    tagged = [("B-PER", 0.9)] + [("I-PER", 0.9)] * (end - 1) + [("O", 0.9)] * (len(spans) - end)
    assert [text[m.start:m.end] for m in decode(tokens, spans, tagged)] == names


def _decoded_run(text: str, run: str) -> list[str]:
    """The names :func:`decode` makes of ``text`` where a tagger tagged ``run`` (and nothing else) a person."""
    from reader.nlp.entities import decode
    tokens, spans = doc_tokens(text, [(0, len(text))])
    first = next(k for k, (s, _) in enumerate(spans) if s == text.index(run))
    size = len(doc_tokens(run, [(0, len(run))])[1])
    tagged = [("O", 0.9)] * len(spans)
    tagged[first:first + size] = [("B-PER", 0.9)] + [("I-PER", 0.9)] * (size - 1)
    return [text[m.start:m.end] for m in decode(tokens, spans, tagged)]


@pytest.mark.parametrize(("text", "run", "names"), [
    ("She said, “Unlike Ada Stone, I know the way.”", "Unlike Ada Stone", ["Ada Stone"]),
    ("“If Quell had won, the race was over,” he said.", "If Quell", ["Quell"]),
    ("Neither Quell nor Berry spoke.", "Neither Quell", ["Quell"]),
    ("At Tuesday’s rally the crowd cheered.", "At Tuesday", ["Tuesday"]),
    ("Many Quell voters stayed home.", "Many Quell", ["Quell"]),
    ("Hence Quell lost.", "Hence Quell", ["Quell"]),
    ("Maybe Quell will win.", "Maybe Quell", ["Quell"]),
    ("More Ada Stone emails were released.", "More Ada Stone", ["Ada Stone"]),
    ("Outside Quell’s plant the workers waited.", "Outside Quell", ["Quell"]),
    ("During Quell’s speech the crowd cheered.", "During Quell", ["Quell"]),
    ("“If the vote holds, we win,” he said.", "If", []),          # the word alone is no name
    ("He said the Unlike Ada Stone fund grew.", "Unlike Ada Stone", ["Unlike Ada Stone"]),  # not opening
])
def test_a_function_word_opening_a_sentence_or_quotation_is_no_part_of_a_name(text, run, names):
    assert _decoded_run(text, run) == names


@pytest.mark.parametrize(("text", "run", "names"), [
    ("PARTY GOES ON The party went on.", "PARTY GOES", []),
    ("HARBOR FOUNDER GETS BACKING Anna Stone said she won.", "GETS BACKING Anna Stone", ["Anna Stone"]),
    ("He met DONALD QUELL there.", "DONALD QUELL", ["DONALD QUELL"]),       # a first name: a name
    ("He met JD Quell there.", "JD Quell", ["JD Quell"]),                   # one word in capitals
    ("They met at ACE Cash Depot.", "ACE Cash Depot", ["ACE Cash Depot"]),
])
def test_words_in_capitals_that_name_no_one_are_a_heading(text, run, names):
    from reader.nlp.entities import without_capital_headings
    toks, spans, mention = tagged_mentions(text)
    assert [text[m.start:m.end] for m in without_capital_headings(toks, spans, [mention(run)])] == names


@pytest.mark.parametrize(("text", "run", "town", "state"), [
    ("Robyn Quell, 26, of Hoboken, N.J., said no.", "Hoboken", "Hoboken", "N.J."),
    ("He lives in Fresno, Calif., where it is hot.", "Fresno", "Fresno", "Calif."),
    ("She grew up in Lexington, Ky. Then she left.", "Lexington", "Lexington", "Ky."),
    ("It was sent from EASTHAMPTON, MASS. It came.", "EASTHAMPTON", "EASTHAMPTON", "MASS"),
])
def test_a_town_and_its_state_as_ap_style_abbreviates_it_are_places(text, run, town, state):
    from reader.nlp.entities import towns_and_states
    toks, spans, mention = tagged_mentions(text)
    got = towns_and_states(toks, spans, [mention(run), mention(state)])
    assert [(text[m.start:m.end], m.type) for m in got] == [(town, "place"), (state, "place")]


def test_a_person_of_a_town_stays_a_person_and_an_organisation_stays_one():
    from reader.nlp.entities import towns_and_states
    text = "Voters like Tom Quell of Laconia, N.H., and Rutgers University, N.J., agreed."
    toks, spans, mention = tagged_mentions(text)
    got = towns_and_states(toks, spans, [mention("Tom Quell of Laconia"), mention("Rutgers University", "organization")])
    assert [(text[m.start:m.end], m.type) for m in got] == [
        ("Tom Quell", "person"), ("Laconia", "place"), ("N.H.", "place"),
        ("Rutgers University", "organization"), ("N.J.", "place")]


@pytest.mark.parametrize(("text", "run"), [("Sen. Anna Quell (D-N.J.) agreed.", "D-N"),
                                           ("Rep. Anna Quell (R-Texas) said no.", "R-Texas")])
def test_a_member_s_party_and_state_are_no_name(text, run):
    assert _decoded_run(text, run) == ["Sen. Anna Quell" if text.startswith("Sen.") else "Rep. Anna Quell"]


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("When used as intended, Quellio, the mobile dating application, helps.", "Quellio", "other"),
    ("Tarrowmax, the Canadian mining company, said no.", "Tarrowmax", "organization"),
    ("Quellio, a start-up that tracks donations, grew.", "Quellio", "organization"),
    ("Tarrowmax, the online lender, grew.", "Tarrowmax", "organization"),          # -er: a firm's noun
    ("Ann Quell, the publisher, spoke.", "Ann Quell", "person"),
    ("Ann Quell, the company's founder, spoke.", "Ann Quell", "person"),                # a person's role
    ("Ann Quell, a Minnesota radio and television station owner, spoke.", "Ann Quell", "person"),
    ("Quellios, the government has denied it, said no.", "Quellios", "person"),        # a plural: a clause
])
def test_a_name_set_off_by_what_it_is_takes_that_type(text, name, kind):
    from reader.nlp.entities import typed_by_apposition
    start = text.index(name)
    given = [Entity("e1", name, "person", ((start, start + len(name)),))]
    assert [e.type for e in typed_by_apposition(text, given)] == [kind]


@pytest.mark.parametrize(("text", "run", "kind"), [
    ("The word comes from Old English.", "Old English", "other"),
    ("It is found in Middle Low German texts.", "Middle Low German", "other"),
    ("The root is Proto-Germanic.", "Proto-Germanic", "other"),
    ("African American voters spoke.", "African American", "person"),        # a people, as GUM types it
    ("Bill English said no.", "Bill English", "person"),
])
def test_a_language_a_period_word_dates_is_no_person(text, run, kind):
    from reader.nlp.entities import languages
    toks, _, mention = tagged_mentions(text)
    assert [m.type for m in languages(toks, [mention(run)])] == [kind]


def test_a_temperature_s_scale_is_no_name():
    a, ents = entities_of("Report\n\nWarming is held to 2 degrees Celsius (3.6 degrees Fahrenheit). "
                          "Gabriel Fahrenheit built a thermometer.")
    assert [e.name for e in ents if e.type != "other"] == ["Gabriel Fahrenheit"]


@pytest.mark.parametrize(("text", "run", "kept"), [
    ("Ada Stone, a Democrat, said no.", "Democrat", False),
    ("Quell is gaining ground with Republican voters.", "Republican", False),
    ("The paper endorsed the Democratic candidate.", "Democratic", False),
    ("Each Tory in the room stood.", "Tory", False),
    ("Democrats cheered.", "Democrats", True),                     # a group
    ("Democrat Ada Stone won.", "Democrat Ada Stone", True),       # a name after the word
])
def test_one_member_of_a_party_alone_is_no_one_s_name(text, run, kept):
    from reader.nlp.entities import without_party_words
    toks, spans, mention = tagged_mentions(text)
    found = [mention(run)]
    assert without_party_words(toks, found) == (found if kept else [])


@pytest.mark.parametrize(("text", "run", "names"), [
    ("Lee leads the field, and Sen. Ada Quell the Democratic one.", "Ada Quell the Democratic", ["Ada Quell"]),
    ("He read of Alexander the Great.", "Alexander the Great", ["Alexander the Great"]),      # an epithet
])
def test_a_party_word_after_the_is_no_epithet_of_a_name(text, run, names):
    assert _decoded_run(text, run) == names


@pytest.mark.parametrize(("text", "run", "names"), [
    ("The anti-Quell forces met.", "anti-Quell", []),
    ("They backed an anti-Ada Stone group.", "anti-Ada Stone", []),
    ("Virginia anti-Quell delegates left.", "Virginia anti-Quell", []),
    ("A pro-New Harbor group formed.", "pro-New Harbor", []),
    ("He tried to out-Quell Quell.", "out-Quell", []),
    ("He met then-Sen. Quell there.", "then-Sen", []),                       # a title alone
    ("The Post-Dispatch reported it.", "Post-Dispatch", ["Post-Dispatch"]),      # a capital: a name
])
def test_a_word_made_an_adjective_by_a_prefix_is_no_name(text, run, names):
    assert _decoded_run(text, run) == names


@pytest.mark.parametrize(("text", "run", "names"), [
    ("It was former secretary of State Anna Stone who spoke.", "State Anna Stone", ["Anna Stone"]),
    ("Then-Secretary of Defense Anna Stone agreed.", "Defense Anna Stone", ["Anna Stone"]),
    ("He met the crew of Harbor Anna Stone.", "Harbor Anna Stone", ["Harbor Anna Stone"]),     # no title
])
def test_a_person_s_run_from_the_object_of_a_title_s_of_is_the_name(text, run, names):
    assert _decoded_run(text, run) == names


@pytest.mark.parametrize(("text", "run", "names"), [
    ("He had accused Mr. Quell of anti-Semitism.", "Mr. Quell of anti-Semitism", ["Mr. Quell"]),
    ("They accused Ada Stone of treachery.", "Ada Stone of treachery", ["Ada Stone"]),
    ("They honoured Joan of Arc.", "Joan of Arc", ["Joan of Arc"]),               # a name after "of"
    ("He met Louis XV of France.", "Louis XV of France", ["Louis XV of France"]),
])
def test_a_person_s_name_does_not_end_in_of_and_words_in_lower_case(text, run, names):
    assert _decoded_run(text, run) == names


@pytest.mark.parametrize(("text", "run", "names"), [
    ("Le Pen said no.", "Le Pen", ["Le Pen"]),
    ("Voters in El Paso cheered.", "El Paso", ["El Paso"]),
    ("Al Quell spoke first.", "Al Quell", ["Al Quell"]),
    ("Van Quell agreed.", "Van Quell", ["Van Quell"]),
    ("The Senate met.", "The Senate", ["Senate"]),                 # not a particle
    ("He met Quell and de Tarrow there.", "de Tarrow", ["Tarrow"]),  # a particle in lower case
])
def test_a_capitalised_particle_opening_a_name_is_part_of_it(text, run, names):
    assert _decoded_run(text, run) == names


def test_an_organisation_named_with_and_stays_one():
    from reader.nlp.entities import decode
    text = "Procter & Gamble raised prices."
    tokens, spans = doc_tokens(text, [(0, len(text))])
    tagged = [("B-ORG", 0.9), ("I-ORG", 0.9), ("I-ORG", 0.9)] + [("O", 0.9)] * (len(spans) - 3)
    assert [text[m.start:m.end] for m in decode(tokens, spans, tagged)] == ["Procter & Gamble"]


def test_a_person_of_unknown_sex_keeps_the_pronouns_of_one_sex():
    from reader.nlp.gazetteer import name_gender
    assert name_gender("Xyla Quell", default_model().lexicon) is None        # a first name no list knows
    a, ents = entities_of("Gallery news\n\nXyla Quell opened the exhibit. She chose forty prints. "
                          "Quell thanked the donors. She was pleased. Quell left early. He was tired.")
    quell = next(e for e in ents if e.name == "Xyla Quell")
    pronouns = [a.text[s:e] for s, e in quell.mentions if a.text[s:e].lower() in ("she", "he")]
    assert pronouns == ["She", "She"]


def test_a_name_spelled_another_way_by_one_letter_is_the_same_person():
    a, ents = entities_of("Museum\n\nKristen Tarrow runs the museum. Tarrow said the show would open. Kristin "
                          "Tarrow added that tickets were cheap. Michael Quell and Micheal Quell met Tom Quell.")
    tarrow = by_name(ents, "Kristen Tarrow")
    assert tarrow is not None and "Kristin Tarrow" in [a.text[s:e] for s, e in tarrow.mentions]
    assert by_name(ents, "Kristin Tarrow") is None
    quell = by_name(ents, "Michael Quell")
    assert quell is not None and "Micheal Quell" in [a.text[s:e] for s, e in quell.mentions]
    assert by_name(ents, "Tom Quell") is not None            # another first name: another person


def test_names_one_letter_apart_of_another_sex_are_two_people():
    _, ents = entities_of("Family\n\nMaria Tarrow met Mario Tarrow at the harbour on Sunday.")
    assert by_name(ents, "Maria Tarrow") is not None and by_name(ents, "Mario Tarrow") is not None


def test_a_name_written_into_an_adjective_is_the_name_alone():
    a, ents = entities_of("Policy\n\nThe Tarrow-era rules were dropped by critics of Ivo Tarrow. A Dover-based firm "
                          "sold Quell-like prints. Tarrow spoke in Dover.")
    tarrow = by_name(ents, "Ivo Tarrow")
    assert tarrow is not None and tarrow.type == "person"
    surfaces = [a.text[s:e] for s, e in tarrow.mentions]
    assert surfaces.count("Tarrow") >= 2 and "Tarrow-era" not in surfaces
    assert not any("-" in e.name for e in ents)


def mentions_of(a, entity) -> list[str]:
    return [a.text[s:e] for s, e in entity.mentions]


@pytest.mark.parametrize("text,holder,role_mention", [
    ("President Mara Quillon opened the session on Monday. The senators rose when she entered. "
     "\"Thank you, Madam President,\" the clerk said as the vote began.", "Mara Quillon", "Madam President"),
    ("Vice President Tomas Ardent and President Mara Quillon met the press. Reporters asked about the budget. "
     "Later the Vice President said the talks would go on.", "Tomas Ardent", "Vice President"),
    ("Speaker Dana Ruwe called the chamber to order. The debate ran late into the night. "
     "\"Madam Speaker, I yield back,\" said one member.", "Dana Ruwe", "Madam Speaker"),
    ("President Mara Quillon spoke to the nation on Sunday. Crowds gathered outside. Those who met the "
     "President in the square said little.", "Mara Quillon", "President"),
    ("Committee Chairman Ivo Tenbrook opened the hearing. Witnesses were sworn in. "
     "\"Thank you, Mr. Chair,\" the first witness said.", "Ivo Tenbrook", "Mr. Chair"),
])
def test_a_mention_that_names_only_a_role_joins_the_one_person_who_holds_it(text, holder, role_mention):
    a, ents = entities_of(text)
    person = by_name(ents, holder)
    assert person is not None and person.type == "person"
    assert any(m.endswith(role_mention) for m in mentions_of(a, person))
    assert not any(e.name in ("President", "Speaker") for e in ents)


def test_a_role_that_two_people_hold_joins_neither():
    text = ("President Karl Amsel and President Ivo Tenbrook signed the treaty in Geneva. "
            "Both spoke to reporters afterwards. \"Thank you, Mr. President,\" said the host.")
    a, ents = entities_of(text)
    for name in ("Karl Amsel", "Ivo Tenbrook"):
        person = by_name(ents, name)
        assert person is not None and not any("Mr. President" in m for m in mentions_of(a, person))


def test_a_courtesy_title_of_the_other_sex_joins_no_one():
    text = ("President Mara Quillon opened the session. The senators rose when she entered. "
            "\"Thank you, Mr. President,\" the clerk said.")
    a, ents = entities_of(text)
    person = by_name(ents, "Mara Quillon")
    assert person is not None and not any("Mr. President" in m for m in mentions_of(a, person))


def test_a_bare_role_no_one_holds_is_no_person():
    a, ents = entities_of("Crowds gathered outside the palace on Sunday. Those who met the President in the "
                          "square said little about the visit.")
    assert not any(e.name == "President" for e in ents)


@pytest.mark.parametrize("text,name", [
    ("When Tyler was very young, the family moved twice. Tyler’s parents were away most summers, and "
     "Tyler stayed on the farm.", "Tyler"),
    ("The letters went to Florence. Florence's late husband kept them in a box, and Florence never "
     "opened it.", "Florence"),
])
def test_a_name_with_a_relative_after_its_possessive_is_a_person(text, name):
    _, ents = entities_of(text)
    found = by_name(ents, name)
    assert found is not None and found.type == "person"


def test_a_place_with_a_sister_city_or_a_parent_company_stays_what_it_was():
    text = ("Boston signed the pact on Monday. Boston's sister city in Japan sent a delegation, and "
            "Boston hosted them downtown.")
    _, ents = entities_of(text)
    boston = by_name(ents, "Boston")
    assert boston is not None and boston.type != "person"


def test_a_title_chooses_between_people_of_one_surname():
    text = ("Our host tonight is Senator Bill Tarrow, and beside him the acting director, Dr. Alondra "
            "Tarrow. Bill Tarrow thanked the crew. \"And, Dr. Tarrow, you are doing great work,\" he said.")
    a, ents = entities_of(text)
    alondra = by_name(ents, "Alondra Tarrow")
    assert alondra is not None
    assert sum(m.endswith("Tarrow") and "Alondra" not in m for m in mentions_of(a, alondra)) == 1
    bill = by_name(ents, "Bill Tarrow")
    assert bill is not None and not any(m.startswith("Dr.") for m in mentions_of(a, bill))


@pytest.mark.parametrize("text", [
    "Later, the Vice President, Karl Amsel, told reporters that talks would continue through the week.",
    "Later, Karl Amsel, the Vice President, told reporters that talks would continue through the week.",
])
def test_a_role_set_off_by_commas_beside_a_name_is_that_person(text):
    a, ents = entities_of("The Senate met on Monday. " + text)
    karl = by_name(ents, "Karl Amsel")
    assert karl is not None and karl.type == "person"
    assert "Vice President" in mentions_of(a, karl)
    assert not any(e.name in ("President", "Vice President") for e in ents)


def test_a_role_no_one_holds_keeps_its_whole_name():
    a, ents = entities_of("The Senate met on Monday. The Vice President told reporters that talks would "
                          "continue, and Madam President thanked the members.")
    assert not any(e.name == "President" and "Vice President" in mentions_of(a, e) for e in ents)


def test_a_role_of_somewhere_is_not_the_titled_holder_of_another_office():
    a, ents = entities_of("President Mara Quillon flew to Paris on Monday. The hall was full. She met the "
                          "President of the Republic of Tarrow, who spoke of trade.")
    mara = by_name(ents, "Mara Quillon")
    assert mara is not None and not any("Tarrow" in m for m in mentions_of(a, mara))


def test_a_role_no_one_holds_does_not_join_another_role():
    a, ents = entities_of("The Senate met on Monday. The Vice President spoke first. Later, \"Thank you, "
                          "Mr. President,\" a senator said to the chair.")
    assert not any("Vice President" in mentions_of(a, e) and "Mr. President" in mentions_of(a, e) for e in ents)


def test_a_country_before_a_title_names_no_role():
    a, ents = entities_of("U.S. President Joe Tarrant arrived on Monday. The hall was full. \"Thank you, "
                          "Mr. President,\" the host said.")
    joe = by_name(ents, "Joe Tarrant")
    assert joe is not None and "Mr. President" in mentions_of(a, joe)


def test_a_name_inside_a_nested_name_is_found_too():
    # "Ada Lind Foundation" is named on its own, so it is nested in the longer name; "Ada Lind"
    # inside it is then a mention of the person, as it is in the short name
    a, ents = entities_of("Gallery Opens\n\nThe prints were donated by the Ada Lind Foundation for the Visual "
                          "Arts on Monday.\n\nKarl Moss, treasurer at the Ada Lind Foundation, said 500 museums "
                          "were asked. Ada Lind died in 1987.")
    text = a.text
    person = by_name(ents, "Ada Lind")
    assert person is not None and person.type == "person"
    host = text.index("Ada Lind Foundation for the Visual Arts")
    assert (host, host + len("Ada Lind")) in person.mentions


def test_a_name_that_runs_on_into_a_title_is_the_person_named_before_it():
    from reader.nlp.aliases import Mention
    from reader.nlp.entities import without_trailing_title
    words = ("the", "Ada", "Lind", "Justice", "Act", "and", "Ada", "Lind", "and", "Jim", "Justice")
    spans, at = [], 0
    for w in words:
        spans.append((at, at + len(w)))
        at += len(w) + 1
    run_on = Mention(spans[1][0], spans[3][1], "person", ("Ada", "Lind", "Justice"), 1, 4)
    alone = Mention(spans[6][0], spans[7][1], "person", ("Ada", "Lind"), 6, 8)
    governor = Mention(spans[9][0], spans[10][1], "person", ("Jim", "Justice"), 9, 11)
    cut, same, kept = without_trailing_title(spans, [run_on, alone, governor], {})
    assert cut.words == ("Ada", "Lind") and (cut.start, cut.end) == (spans[1][0], spans[2][1]) and cut.tok_end == 3
    assert same == alone and kept == governor              # a two-word name is never cut to one word
    # a name nobody else in the article gives on its own is left as it is
    assert without_trailing_title(spans, [run_on], {}) == [run_on]
    # with the document's words: cut only where the capitals go on ("Ada Lind Justice Act"), not
    # before a verb ("Ada Lind Justice said")
    assert without_trailing_title(spans, [run_on, alone], {}, list(words))[0].words == ("Ada", "Lind")
    said = list(words)
    said[4] = "said"
    assert without_trailing_title(spans, [run_on, alone], {}, said)[0] == run_on


def test_the_place_in_a_name_of_that_place_is_no_other_name_of_the_person():
    from reader.nlp.aliases import _fits
    assert not _fits(("Louis", "XV", "of", "France"), ("France",))
    assert not _fits(("Theodorus", "of", "Tabennese"), ("Tabennese",))
    assert _fits(("Louis", "XV", "of", "France"), ("Louis",)) and _fits(("Louis", "XV", "of", "France"), ("Louis", "XV"))
    assert _fits(("Patrick", "Gordon", "of", "Auchleuchries"), ("Gordon",))
    a, ents = entities_of("The Engineer\n\nHe served King Louis XV of France before the war. Louis XV paid him well. "
                          "In 1776 he sailed from France to America.")
    king = by_name(ents, "Louis XV of France")
    assert king is not None and king.type == "person"
    sailed_from = a.text.index("France to America")
    assert all(s != sailed_from for s, _ in king.mentions)


def test_a_plural_role_and_a_directional_demonym_name_no_one():
    from reader.nlp.aliases import _not_a_name
    assert _not_a_name(("Senators",)) and _not_a_name(("Governors",), "person", "the")
    assert not _not_a_name(("Lords",), "person", "my")          # "My Lords": the bench addressed
    assert not _not_a_name(("Cardinals",), "organization")      # a team
    assert not _not_a_name(("Jones",)) and not _not_a_name(("Misses",))
    assert _not_a_name(("South-Eastern", "European")) and _not_a_name(("North", "American"))
    assert not _not_a_name(("Latin", "American")) and not _not_a_name(("South", "Africa"))
    a, ents = entities_of("The Trial\n\nSenators, the evidence is clear. Senators will vote on Friday, "
                          "Senator Ada Lind said. Western European leaders agreed.")
    names = {e.name for e in ents if e.type == "person"}
    assert "Ada Lind" in names and "Senators" not in names and "Western European" not in names


def test_an_interjection_opening_a_sentence_is_no_name():
    from reader.nlp.entities import without_interjections
    a = article("Ferry\n\nOh man, the ferry was late again. Oh, I remember it. Oh said the deal was fair. Ask Lee.")
    text = a.text
    toks, spans = doc_tokens(text, split_sentences(a), None)

    def mention(start: int) -> Mention:       # a one-word mention, as a tagger that takes a surname anywhere gives
        k = next(k for k, (s, _) in enumerate(spans) if s == start)
        return Mention(start, spans[k][1], "person", (toks.words[k],), k, k + 1)

    found = [mention(m) for m in (text.index("Oh man"), text.index("Oh, I"), text.index("Oh said"), text.index("Lee"))]
    kept = without_interjections(toks, found, spans)
    assert [m.start for m in kept] == [text.index("Oh said"), text.index("Lee")]
    # a subject with an adverb or an apposition before its verb stays a name
    a = article("Trade\n\nOh also said the deal was fair. Oh, a former trade minister, agreed.")
    text = a.text
    toks, spans = doc_tokens(text, split_sentences(a), None)
    starts = [k for k, w in enumerate(toks.words) if w == "Oh"]
    found = [Mention(spans[k][0], spans[k][1], "person", ("Oh",), k, k + 1) for k in starts]
    assert len(without_interjections(toks, found, spans)) == 2


def test_a_surname_opening_a_sentence_as_its_subject_stays_a_name():
    _, ents = entities_of("Trade talks\n\nLee Oh, the trade minister, met the delegates. "
                          "Oh said the deal was fair to both sides.")
    oh = by_name(ents, "Lee Oh")
    assert oh is not None and len(oh.mentions) == 2


def test_a_place_word_that_is_also_used_alone_is_a_surname():
    _, ents = entities_of("Moral facts\n\nSharon Street argues that values are made, not found. "
                          "Street says that evolution shaped them. Street’s argument has critics.")
    street = by_name(ents, "Sharon Street")
    assert street is not None and street.type == "person"
    _, ents = entities_of("Ferry stops\n\nThe ferry stops at Harbor Street on weekdays. "
                          "Harbor Street was closed on Monday for repairs.")
    assert by_name(ents, "Harbor Street").type == "place"


@pytest.mark.parametrize("text, full, other", [
    ("Jenna Mourey\n\nJenna Nicole Mourey (born September 15, 1986), better known by her pseudonym Jenna Marbles, "
     "is a comedian. Jenna Marbles posts a video every week.", "Jenna Nicole Mourey", "Jenna Marbles"),
    ("Abba Theodore\n\nTheodorus of Tabennese, also known as Theodore the Sanctified, was a monk. "
     "Theodore the Sanctified founded a school.", "Theodorus of Tabennese", "Theodore the Sanctified")])
def test_a_name_given_as_known_as_is_the_same_person(text, full, other):
    a, ents = entities_of(text)
    person = by_name(ents, full)
    assert person is not None and other in [a.text[s:e] for s, e in person.mentions]
    assert by_name(ents, other) is None


def test_known_by_a_person_is_no_other_name():
    a, ents = entities_of("Harbour\n\nAnn Lee, known by Bob Stone since college, said the ferry would return. "
                          "Bob Stone said the plan was good.")
    assert by_name(ents, "Bob Stone") is not None and "Bob Stone" not in [a.text[s:e] for s, e in by_name(ents, "Ann Lee").mentions]


def test_an_entity_never_holds_a_mention_inside_another_of_its_mentions():
    # found by the property test above: "LAAE" and "LAAE LARIs 0A" at the same place, both kept
    builder = ArticleBuilder()
    builder.paragraph("LAAE:LAAE LARIs 0A:the LAAE LARIs")
    a = builder.build()
    for e in find_entities(a, split_sentences(a)):
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(e.mentions, e.mentions[1:], strict=False)), e.mentions


@pytest.mark.parametrize(("text", "name"), [
    ("Mayor Elena Varga, who cast the deciding vote, said the trial was a careful first step.", "Elena Varga"),
    ("Senator Ada Stone opened the pier on Monday. Stone said the ferry would run daily.", "Ada Stone"),
    ("Councillor Tomas Reyes argued that the port had been rushed.", "Tomas Reyes"),
])
def test_a_title_a_first_name_and_a_capitalised_word_are_a_person(text, name):
    person = by_name(entities_of(text)[1], name)
    assert person is not None and person.type == "person"


def test_a_title_before_a_word_that_is_no_first_name_is_left_to_the_tagger():
    _, ents = entities_of("General Motors said the plant in Tarrow would close.")
    assert not any(e.type == "person" for e in ents)


def test_titled_names_mend_a_tagging_that_left_the_title_or_first_name_outside():
    from reader.nlp.entities import _titled_names
    from reader.nlp.ner_features import DocTokens

    lexicon = {**default_model().lexicon}
    words = ["Mayor", "Elena", "Varga", "said", "General", "Motors", "Tarrow", "would", "close", "."]
    doc = DocTokens(words, [True] + [False] * (len(words) - 1), lexicon)
    tagged = [("O", 6.0), ("O", 13.0), ("I-PER", 0.6), ("O", 1.0), ("O", 1.0), ("B-ORG", 2.0), ("O", 1.0),
              ("O", 1.0), ("O", 1.0), ("O", 1.0)]
    out = _titled_names(doc, tagged)
    assert [t for t, _ in out[:3]] == ["B-PER", "I-PER", "I-PER"] and out[0][1] == 0.6
    assert out[3:] == tagged[3:]                   # "General Motors": no first name after the title
    # a place that is also a first name stays outside: "Georgia Gov. Brian Kemp", "Former India Captain …"
    words = ["Georgia", "Gov.", "Brian", "Kemp", "said", ",", "and", "Captain", "India", "Rao", "agreed"]
    doc = DocTokens(words, [True] + [False] * (len(words) - 1), lexicon)
    tagged = [("B-LOC", 3.0), ("B-PER", 5.0), ("I-PER", 6.0), ("I-PER", 7.0), ("O", 1.0), ("O", 1.0), ("O", 1.0),
              ("O", 2.0), ("B-LOC", 4.0), ("B-PER", 2.0), ("O", 1.0)]
    assert _titled_names(doc, tagged) == tagged
    # a title the tagger put in the name, the first name left out: one name still
    words = ["Mayor", "Elena", "Varga", "said", "no", "."]
    doc = DocTokens(words, [True] + [False] * (len(words) - 1), lexicon)
    tagged = [("B-PER", 4.0), ("O", 2.0), ("B-PER", 3.0), ("O", 1.0), ("O", 1.0), ("O", 1.0)]
    assert [t for t, _ in _titled_names(doc, tagged)[:3]] == ["B-PER", "I-PER", "I-PER"]


def test_an_interjection_before_a_name_is_no_part_of_it():
    text = ("When people meet me they say, 'Hey Frank, my name is John,' and I say, 'Hey John, my name is "
            "Frank.' The old law, No Child Left Behind, expired.")
    _, ents = entities_of(text)
    names = {e.name for e in ents}
    assert {"Frank", "John"} <= names and not any(n.startswith("Hey") for n in names)
    assert any(n.startswith("No Child") for n in names)        # "No" is no interjection of a name
    _, ents = entities_of("The city would act, said Oh Se-hoon, the mayor. Fans of Hey Violet met in Leeds.")
    names = {e.name for e in ents}
    assert "Se-hoon" not in names and "Violet" not in names    # a surname; a name not called out


@pytest.mark.parametrize("text, name", [
    ("Author J.K. Rowling wrote the book in a café. Rowling said it took years.", "J.K. Rowling"),
    ("The letters of W.E.B. Du Bois were sold at auction on Friday.", "W.E.B. Du Bois"),
    ("O.J. Simpson was acquitted in 1995. Simpson later went to prison.", "O.J. Simpson"),
    ("The photographs were lent by K.C. Maurer, a collector. Maurer said he was pleased.", "K.C. Maurer"),
])
def test_initials_written_together_open_the_persons_name(text, name):
    a, ents = entities_of("Report\n\n" + text)
    person = by_name(ents, name)
    assert person is not None and person.type == "person"
    assert not any(e.name in (name.split()[0], name.split()[-1]) for e in ents)      # no half of the name apart


def test_initials_that_name_a_place_or_an_everyday_word_open_no_persons_name():
    from reader.nlp.entities import initialled_names
    text = "Troops of the U.S. Army met the L.A. Times staff. P.S. Love you"
    toks, spans, mention = tagged_mentions(text)
    toks.lexicon = default_model().lexicon
    found = initialled_names(toks, spans, [mention("U.S.", "place"), mention("L.A.", "place")])
    assert [(text[m.start:m.end], m.type) for m in found] == [("U.S.", "place"), ("L.A.", "place")]


@pytest.mark.parametrize("text, storm", [
    ("Hurricane Sandy hit New Jersey in 2012. Sandy killed dozens of people.", "Sandy"),
    ("Typhoon Haiyan struck the Philippines. Haiyan left thousands homeless.", "Haiyan"),
    ("Cyclone Phailin hit India. Phailin weakened by Sunday.", "Phailin"),
])
def test_a_name_after_a_storm_word_is_a_storm_not_a_person(text, storm):
    a, ents = entities_of("Report\n\n" + text)
    named = [e for e in ents if storm in e.name]
    assert named and all(e.type == "other" for e in named)


def test_a_persons_first_name_that_a_storm_also_has_stays_a_person():
    a, ents = entities_of("Report\n\nMayor Sandy Lee said the storm had passed. Lee thanked the crews.")
    assert by_name(ents, "Sandy Lee").type == "person"


@pytest.mark.parametrize("title", ["Spokesperson", "spokesman", "Spokeswoman"])
def test_a_spokesperson_before_a_name_is_a_title(title):
    a, ents = entities_of(f"Report\n\nState Department {title} Jeff Rathke said the talks were over. "
                          "Rathke added that no date was set.")
    person = by_name(ents, "Jeff Rathke")
    assert person is not None and len(person.mentions) == 2


def test_an_office_and_its_title_name_the_one_person_holding_it():
    a, ents = entities_of("Report\n\nState Department Spokesperson Jeff Rathke said the talks were over. Later, "
                          "the State Department Spokesperson added that no deal was near.\n\nForeign Minister "
                          "Ann Lee flew to Rome. The Foreign Minister said no.")
    rathke, lee = by_name(ents, "Jeff Rathke"), by_name(ents, "Ann Lee")
    assert [a.text[s:e] for s, e in rathke.mentions] == ["State Department Spokesperson Jeff Rathke",
                                                           "State Department Spokesperson"]
    assert [a.text[s:e] for s, e in lee.mentions] == ["Foreign Minister Ann Lee", "Foreign Minister"]
    assert not any(e.name.endswith(("Spokesperson", "Minister")) for e in ents)


@pytest.mark.parametrize("dateline, place", [("CHICAGO —", "CHICAGO"), ("BERLIN -", "BERLIN"),
                                             ("DES MOINES, Iowa –", None)])
def test_a_dateline_is_no_part_of_the_name_after_it(dateline, place):
    from reader.nlp.entities import without_dateline
    text = f"{dateline} Rahm Emanuel said he would stay."
    toks, spans, mention = tagged_mentions(text)
    # the tagger's run over the dash: one mention from the dateline to the name's end
    found = without_dateline(toks, spans, [mention(f"{dateline} Rahm Emanuel")])
    assert [text[m.start:m.end] for m in found if m.type == "person"] == ["Rahm Emanuel"]
    if place:
        assert [(text[m.start:m.end], m.type) for m in found if m.type != "person"] == [(place, "place")]


@pytest.mark.parametrize("dateline, given, place", [
    # a place the tagger found among the dateline's capitals takes all of them
    ("DES MOINES, Iowa —", [("MOINES", "place"), ("Rahm Emanuel", "person")], "DES MOINES"),
    ("SAN JUAN, Puerto Rico -", [("JUAN", "place"), ("Rahm Emanuel", "person")], "SAN JUAN"),
    ("NEW YORK —", [("NEW", "place"), ("Rahm Emanuel", "person")], "NEW YORK"),
    ("SALT LAKE CITY —", [("LAKE CITY", "place"), ("Rahm Emanuel", "person")], "SALT LAKE CITY"),
    # a run over the dash that starts inside the dateline's capitals is cut at the dash
    ("DES MOINES -", [("MOINES - Rahm Emanuel", "person")], "DES MOINES"),
    ("SAN JUAN, Puerto Rico —", [("JUAN, Puerto Rico — Rahm Emanuel", "person")], "SAN JUAN, Puerto Rico"),
    ("SALT LAKE CITY –", [("LAKE CITY – Rahm Emanuel", "person")], "SALT LAKE CITY"),
])
def test_a_place_found_in_a_dateline_takes_all_its_capitals(dateline, given, place):
    from reader.nlp.entities import without_dateline
    text = f"{dateline} Rahm Emanuel said he would stay."
    toks, spans, mention = tagged_mentions(text)
    got = without_dateline(toks, spans, [mention(surface, kind) for surface, kind in given])
    assert [(text[m.start:m.end], m.type) for m in got] == [(place, "place"), ("Rahm Emanuel", "person")]


@pytest.mark.parametrize("text, found, kind", [
    ("BREAKING NEWS — Rahm Emanuel said he would stay.", "NEWS", "organization"),   # no place in it
    ("Rahm Emanuel flew to DES MOINES — and stayed.", "MOINES", "place"),           # not opening a sentence
    ("DES MOINES police said the road was closed.", "MOINES", "place"),             # no dash after it
])
def test_capitals_that_are_no_dateline_are_left_as_found(text, found, kind):
    from reader.nlp.entities import without_dateline
    toks, spans, mention = tagged_mentions(text)
    kept = [mention(found, kind)]
    assert without_dateline(toks, spans, kept) == kept


def test_a_dash_inside_a_name_or_after_a_word_in_title_case_is_kept():
    from reader.nlp.entities import without_dateline
    text = "Coca - Cola said sales rose. He met Anne - Marie Lee there."
    toks, spans, mention = tagged_mentions(text)
    kept = [mention("Coca - Cola", "organization"), mention("Anne - Marie Lee")]
    assert without_dateline(toks, spans, kept) == kept


def test_a_name_in_capitals_is_shown_as_the_article_writes_it_elsewhere():
    a, ents = entities_of("Report\n\nBERLIN — Donald Trump was criticised in Berlin on Monday. NATO met, "
                          "and NATO said no.")
    assert {e.name for e in ents if e.type in ("place", "organization")} >= {"Berlin", "NATO"}
    berlin = by_name(ents, "Berlin")
    assert [a.text[s:e] for s, e in berlin.mentions] == ["BERLIN", "Berlin"]


@pytest.mark.parametrize("name", ["Halden Lighthouse", "Avery Gardens", "Saint Brendan Abbey", "Alexander Springs"])
def test_a_name_ending_in_a_site_a_visitor_goes_to_is_a_place(name):
    a, ents = entities_of(f"Port Halden\n\nMost visitors come for {name}, which is open daily. The bus stops nearby.")
    assert not [e for e in ents if e.type == "person"], [(e.name, e.type) for e in ents]


@pytest.mark.parametrize("text, person", [
    ("Bill Gates spoke in Seattle on Monday.", "Bill Gates"),                 # a census surname
    ("Henry Cabot Lodge spoke in Boston on Monday.", "Henry Cabot Lodge"),    # a full name
])
def test_a_persons_name_ending_in_such_a_word_stays_a_person(text, person):
    a, ents = entities_of("Report\n\n" + text)
    assert by_name(ents, person).type == "person"


@pytest.mark.parametrize("name", ["Rua Direita", "Calle Mayor", "Ponte Velha", "Museu Casa de Cora", "Via Veneto"])
def test_a_name_opened_by_a_street_or_building_word_of_another_language_is_a_place(name):
    a, ents = entities_of(f"Vila Serena\n\nMost visitors walk along {name} in the evening. Buses stop nearby.")
    assert not [e for e in ents if e.type == "person"], [(e.name, e.type) for e in ents]


def test_such_a_word_left_alone_by_the_tagger_is_a_place():
    a, ents = entities_of("Vila Serena\n\nCasa Lola, Calle Ancha 3. Tapas from 3 euros.")
    calle = by_name(ents, "Calle")
    assert calle is not None and calle.type == "place"


def test_a_first_name_and_a_surname_stay_a_person_whatever_the_first_name_opens_elsewhere():
    a, ents = entities_of("Report\n\nMonte Shaw said the plan had failed. Shaw left on Monday.")
    assert by_name(ents, "Monte Shaw").type == "person"


def test_a_surname_two_people_share_goes_to_the_one_it_stands_for():
    """A headline's bare surname, before the article names two people of that name in full, is the one
    named in full first after it, and so is every later bare surname; "Mr." and "Mrs." choose by sex."""
    a, ents = entities_of("Quell hopes for a late surge\n\nThe race between Nora Quell and Sam Berry "
                          "tightened on Tuesday. Quell led Berry by a point. Quell claimed victory. Her "
                          "husband, Walter Quell, campaigned beside her. Mr. Quell spoke in Dover. Mrs. Quell "
                          "thanked the crowd, and Quell flew home.")
    nora, walter = by_name(ents, "Nora Quell"), by_name(ents, "Walter Quell")
    assert nora is not None and walter is not None
    assert [a.text[s:e] for s, e in nora.mentions if "Quell" in a.text[s:e]] == [
        "Quell", "Nora Quell", "Quell", "Quell", "Mrs. Quell", "Quell"]
    assert [a.text[s:e] for s, e in walter.mentions if "Quell" in a.text[s:e]] == ["Walter Quell", "Mr. Quell"]
    assert by_name(ents, "Quell") is None


def test_a_place_named_like_two_people_stays_a_place():
    from reader.nlp.aliases import Mention, group_mentions
    # "Dover" the town, before Ann Dover and Max Dover are named
    words = ["Dover", "Ann", "Dover", "Max", "Dover"]
    mentions = [Mention(0, 5, "place", ("Dover",), 0, 1), Mention(6, 15, "person", ("Ann", "Dover"), 1, 3),
                Mention(16, 25, "person", ("Max", "Dover"), 3, 5)]
    groups = group_mentions(mentions, None, words)
    assert sorted(" ".join(g.name_words) for g in groups) == ["Ann Dover", "Dover", "Max Dover"]


def test_a_party_member_of_a_place_set_beside_a_name_is_that_person():
    """"Representative Mark Quell, Democrat of Tarrowland, said …": the role is Quell's; alone it
    stays apart."""
    from reader.nlp.aliases import Mention, group_mentions
    words = ["Mark", "Quell", ",", "Democrat", "of", "Tarrowland", ",", "said", "it", ".", "Democrat", "of",
             "Tarrowby", "won", "."]
    mentions = [Mention(0, 10, "person", ("Mark", "Quell"), 0, 2),
                Mention(13, 35, "person", ("Democrat", "of", "Tarrowland"), 3, 6),
                Mention(50, 70, "person", ("Democrat", "of", "Tarrowby"), 10, 13)]
    groups = group_mentions(mentions, None, words)
    quell = next(g for g in groups if g.name_words == ("Mark", "Quell"))
    assert [m.words for m in quell.mentions] == [("Mark", "Quell"), ("Democrat", "of", "Tarrowland")]
    assert any(g.name_words == ("Democrat", "of", "Tarrowby") for g in groups)


def test_a_name_written_surname_first_in_a_list_is_one_person_named_given_names_first():
    text = ("Further reading\n\nOlsenby, Marta. Harbour Lights. Rasmund, Karl and Tovey, Friedrich. "
            "Letters from the Coast.\n\nBrannigan, A. L. (2016). A Short Study.\n\nThe sea was the subject of "
            "Olsenby, of Rasmund and of Tovey, and Brannigan studied grit.")
    a, ents = entities_of(text)
    people = people_of(a, ents)
    assert people["Marta Olsenby"] == ["Olsenby", "Olsenby, Marta"]
    assert people["Karl Rasmund"] == ["Rasmund", "Rasmund, Karl"]
    assert people["Friedrich Tovey"] == ["Tovey", "Tovey, Friedrich"]
    assert people["A. L. Brannigan"] == ["Brannigan", "Brannigan, A. L."]
    assert not {"Marta", "Karl", "Friedrich"} & set(people)


@pytest.mark.parametrize("text", [
    "Notes\n\nThanks, John. Sincerely, Mary. Listen, Jane. Goodbye, Peter.",
    "Notes\n\nGeorgia, Virginia. Yesterday, Maria went home. In Paris, Tom said no.",
    "Notes\n\nOlsenby, Marta said the boats were late.",
    "Notes\n\nSCRANTON, Pa. Voters came out. Jackson, Miss. The judge ruled. Jackson said no.",
    "Dear Hannah:\n\nWe miss you, Hannah. Hannah, Martha and I send you love.",
])
def test_a_greeting_a_place_or_a_clause_before_a_comma_and_a_first_name_is_no_inverted_name(text):
    a, ents = entities_of(text)
    assert not any("," in a.text[s:t] for e in ents for s, t in e.mentions)


@pytest.mark.parametrize(("text", "run", "name"), [
    ("Oduya told Harbour Radio Saturday that the port would close.", "Harbour Radio Saturday", "Harbour Radio"),
    ("On that point, Vellacott Sunday night recounted the meeting.", "Vellacott Sunday", "Vellacott"),
    ("The rally in North Carolina Tuesday drew a crowd.", "North Carolina Tuesday", "North Carolina"),
])
def test_a_day_of_the_week_after_a_name_is_no_part_of_it(text, run, name):
    from reader.nlp.entities import without_weekday
    _, spans, mention = tagged_mentions(text)
    assert [text[m.start:m.end] for m in without_weekday(spans, [mention(run)], None)] == [name]


def test_a_place_left_when_the_day_goes_is_a_place_and_a_surname_stays_a_person():
    from reader.nlp.entities import without_weekday
    from reader.nlp.ner_tagger import default_lexicon
    text = "At the rally in North Carolina Tuesday, Ms. Harte attacked Clinton Friday."
    _, spans, mention = tagged_mentions(text)
    found = without_weekday(spans, [mention("North Carolina Tuesday"), mention("Clinton Friday")], default_lexicon())
    assert [(text[m.start:m.end], m.type) for m in found] == [("North Carolina", "place"), ("Clinton", "person")]


@pytest.mark.parametrize("run", ["Super Tuesday", "Black Friday", "Bloody Sunday"])
def test_a_day_named_by_the_word_before_it_stays_whole(run):
    from reader.nlp.entities import without_weekday
    text = f"Turnout on {run} was high."
    _, spans, mention = tagged_mentions(text)
    assert [text[m.start:m.end] for m in without_weekday(spans, [mention(run, "other")], None)] == [run]


def test_a_person_of_a_place_or_a_firm_is_the_person_and_the_place_or_firm_is_named_apart():
    a, ents = entities_of("Markets\n\nSen. Harold Quell of Nevada said no, and Brian Tarrow of Vendlow agreed. "
                          "Quell added more. Later Tarrow spoke again.")
    named = {e.name: (e.type, sorted(a.text[s:t] for s, t in e.mentions)) for e in ents}
    assert named["Harold Quell"] == ("person", ["Quell", "Sen. Harold Quell"])
    assert named["Brian Tarrow"] == ("person", ["Brian Tarrow", "Tarrow"])
    assert named["Nevada"][0] == "place" and named["Vendlow"][0] != "person"


@pytest.mark.parametrize(("text", "run"), [
    ("They met Joan of Arc in the play.", "Joan of Arc"),
    ("King Abdullah II of Jordan arrived.", "Abdullah II of Jordan"),
    ("Palm Beach County Supervisor of Elections Susan Quell spoke.", "Palm Beach County Supervisor of Elections Susan Quell"),
    ("The Progressive Democrats of America met.", "Progressive Democrats of America"),
    ("It went into the Rock and Roll Hall of Fame.", "Roll Hall of Fame"),
])
def test_a_name_of_a_title_a_role_a_group_a_monarch_or_a_first_name_stays_whole(text, run):
    from reader.nlp.entities import without_affiliation
    toks, spans, mention = tagged_mentions(text, lexicon=True)
    assert [text[m.start:m.end] for m in without_affiliation(toks, spans, [mention(run)])] == [run]


def test_the_first_of_two_surnames_alone_is_the_person_and_a_middle_first_name_is_not():
    a, ents = entities_of("Bank\n\nMelba Quesada Febo, the president of the bank, said the debt was large. "
                          "Ms. Quesada added that the island would pay.\n\nMartin Luther Tarrow spoke. Luther said no.")
    people = people_of(a, ents)
    assert people["Melba Quesada Febo"] == ["Melba Quesada Febo", "Ms. Quesada"]
    assert "Luther" not in people["Martin Luther Tarrow"]


@pytest.mark.parametrize(("text", "run", "name"), [
    ("Interestingly Quell, a wealthy industrialist, became its voice. Harold Quell said so.", "Interestingly Quell", "Quell"),
    ("Now Tarrow says he will win. Harold Tarrow said so.", "Now Tarrow", "Tarrow"),
    ("Absent Tarrow, the race was dull. Harold Tarrow said so.", "Absent Tarrow", "Tarrow"),
    ("Crooked Hillary Clinton lost. Harold Tarrow said so.", "Crooked Hillary Clinton", "Hillary Clinton"),
])
def test_an_everyday_word_opening_a_sentence_is_no_part_of_the_name_after_it(text, run, name):
    from reader.nlp.entities import without_opening_word
    toks, spans, mention = tagged_mentions(text, lexicon=True)
    other = "Harold Quell" if "Quell" in text else "Harold Tarrow"
    got = without_opening_word(toks, spans, [mention(run), mention(other)])
    assert text[got[0].start:got[0].end] == name


@pytest.mark.parametrize(("text", "run"), [
    ("Will Sanders speak tonight?", "Will Sanders"),                     # a first name
    ("Young Tarrow won the race.", "Young Tarrow"),                      # a surname
    ("Judicial Watch sued the agency.", "Judicial Watch"),               # no person's name after it
    ("Asian Americans voted early.", "Asian Americans"),                 # a people's word
    ("Senator Quell spoke.", "Senator Quell"),                           # a title
])
def test_a_first_name_a_surname_a_title_or_a_name_that_is_no_persons_keeps_its_first_word(text, run):
    from reader.nlp.entities import without_opening_word
    toks, spans, mention = tagged_mentions(text, lexicon=True)
    got = without_opening_word(toks, spans, [mention(run)])
    assert text[got[0].start:got[0].end] == run


@pytest.mark.parametrize(("text", "run", "kept"), [
    ("(Unfortunately, there are no exit polls.)", "Unfortunately", []),
    ("He said: “Frankly, this is the plan we need.”", "Frankly", []),
    ("Disconsolate, the crowd went home.", "Disconsolate", []),
    ("Faith said the vote was close.", "Faith", ["Faith"]),            # a noun may be a name
    ("(Tarrow said the vote was close.)", "Tarrow", ["Tarrow"]),       # no everyday word
])
def test_an_everyday_word_alone_opening_a_sentence_quotation_or_bracket_is_no_name(text, run, kept):
    from reader.nlp.entities import without_opening_word
    toks, spans, mention = tagged_mentions(text, lexicon=True)
    assert [text[m.start:m.end] for m in without_opening_word(toks, spans, [mention(run)])] == kept


def test_a_given_name_and_its_nickname_with_one_surname_are_one_person():
    a, ents = entities_of("Senate\n\nSen. Charles Tarrow said the hearing would wait. Chuck Tarrow later added "
                          "more.\n\nKenneth Quell spoke, and Ken Quell agreed. Henry Vellacott and Hannah Vellacott met.")
    people = people_of(a, ents)
    assert people["Charles Tarrow"] == ["Chuck Tarrow", "Sen. Charles Tarrow"]
    assert people["Kenneth Quell"] == ["Ken Quell", "Kenneth Quell"]
    assert "Henry Vellacott" in people and "Hannah Vellacott" in people      # two names, no nickname of one another


def test_the_nickname_list_pairs_given_names_with_their_nicknames():
    from reader.nlp.aliases import nicknames
    pairs = nicknames()
    assert frozenset(("charles", "chuck")) in pairs and frozenset(("kenneth", "ken")) in pairs
    assert frozenset(("henry", "hannah")) not in pairs


def test_a_name_the_tagger_ended_at_a_middle_initial_runs_on_to_the_surname():
    from reader.nlp.entities import through_initial
    text = "It was fine, said Edward G. Tarrow, a former governor, and Ada B. Quell agreed."
    _, spans, mention = tagged_mentions(text, lexicon=True)
    got = through_initial(_, spans, [mention("Edward G"), mention("Ada B"), mention("Quell")])
    assert [text[m.start:m.end] for m in got] == ["Edward G. Tarrow", "Ada B. Quell"]


@pytest.mark.parametrize(("text", "run"), [
    ("The brothers Charles G. and David H. Tarrow gave money.", "Charles G"),     # no surname after the stop
    ("He met Edward G. President Obama spoke next.", "Edward G"),                   # a title after it
])
def test_a_name_ended_at_an_initial_stays_where_no_surname_follows(text, run):
    from reader.nlp.entities import through_initial
    toks, spans, mention = tagged_mentions(text, lexicon=True)
    assert [text[m.start:m.end] for m in through_initial(toks, spans, [mention(run)])] == [run]


def test_a_suffixed_name_after_the_same_name_without_it_is_another_person():
    a, ents = entities_of("Campaign\n\nHarold Tarrow spoke in Ohio. Later Harold Tarrow Jr. told reporters the "
                          "campaign was strong. Tarrow said he agreed.\n\nSamuel A. Quell Jr. wrote the opinion. "
                          "Samuel Quell joined the court in 2006.")
    people = people_of(a, ents)
    assert people["Harold Tarrow"] == ["Harold Tarrow", "Tarrow"]
    assert people["Harold Tarrow Jr."] == ["Harold Tarrow Jr."]
    assert people["Samuel A. Quell"] == ["Samuel A. Quell Jr.", "Samuel Quell"]     # the suffix first: one person
