"""A stance note in the actor's own words (reader.analysis.stance.in_their_words), for each kind of
statement, on made-up sentences: the article's words, the speaker's name, the cue as written."""
from __future__ import annotations

from reader.analysis.stance import in_their_words
from reader.annotations import Attribution
from reader.nlp.statements import Statement


def statement(text, kind, content, cue):
    def at(phrase):
        start = text.index(phrase)
        return start, start + len(phrase)
    return Statement(Attribution("a1", kind, (at(content),), at(cue) if cue else None, None, "e1", 0.9))


def note_of(text, kind, content, cue, name="Ada Stone"):
    """The note in their words of a made-up statement of ``text`` by ``name``."""
    return in_their_words(text, name, statement(text, kind, content, cue))


def test_reported_speech_keeps_its_verb():
    text = "The mayor, Ada Stone, warned that the old bridge would close in May."
    note = note_of(text, "indirect", "the old bridge would close in May", "warned")
    assert note == "Ada Stone warned that the old bridge would close in May."


def test_an_infinitive_reads_on_from_its_verb():
    text = "Ada Stone refused to endorse the plan."
    assert note_of(text, "indirect", "to endorse the plan", "refused") == \
        "Ada Stone refused to endorse the plan."


def test_a_quote_is_given_whole_with_its_closing_comma_made_a_full_stop():
    text = "“We need the money now,” Stone said on Tuesday."
    assert note_of(text, "direct", "“We need the money now,”", "said") == \
        "Ada Stone said: “We need the money now.”"


def test_according_to_leads_the_sentence():
    text = "According to Ada Stone, repairs will take a full year."
    assert note_of(text, "indirect", "repairs will take a full year", "According to") == \
        "According to Ada Stone, repairs will take a full year."


def test_a_noun_cue_is_the_speaker_s():
    text = "Stone's view is that taxes must rise next year."
    assert note_of(text, "indirect", "taxes must rise next year", "view") == \
        "Ada Stone's view is that taxes must rise next year."


def test_a_mixed_statement_keeps_its_quoted_words():
    text = "Ada Stone called the deal “a trap for the city” and left."
    note = note_of(text, "mixed", "the deal “a trap for the city”", "called")
    assert note == "Ada Stone called the deal “a trap for the city”."


def test_an_infinitive_cue_reads_on_from_the_verb_that_governs_it():
    text = "Ada Stone chose to focus on the positive implications of the vote."
    assert note_of(text, "indirect", "the positive implications of the vote", "focus") == \
        "Ada Stone chose to focus on the positive implications of the vote."
    text = "Ada Stone, refusing to endorse the plan, left."          # no finite verb governs it
    assert note_of(text, "indirect", "the plan", "endorse") == \
        "Ada Stone: endorse the plan."


def test_a_cue_that_is_no_finite_verb_follows_a_colon():
    text = "Ben Hale left the room, with Ada Stone suggesting he was not grateful."
    assert note_of(text, "indirect", "he was not grateful", "suggesting") == \
        "Ada Stone: suggesting he was not grateful."


def test_a_cue_after_its_content_comes_first_in_the_note():
    text = "The bridge will close in May, Stone said on Monday."
    assert note_of(text, "indirect", "The bridge will close in May", "said") == \
        "Ada Stone said: The bridge will close in May."


def test_a_quote_whose_cue_is_no_finite_verb_is_given_after_a_colon():
    text = "Obama was overheard telling Medvedev he would have “more flexibility” after the vote."
    assert note_of(text, "direct", "“more flexibility”", "telling", name="Barack Obama") == \
        "Barack Obama: telling Medvedev he would have “more flexibility”."


def test_a_quote_keeps_the_words_that_lead_to_it_from_its_cue():
    text = "Ada Stone called the decision “deeply disappointing” on Monday."
    assert note_of(text, "direct", "“deeply disappointing”", "called") == \
        "Ada Stone called the decision “deeply disappointing”."
    text = "Mayor Ada Stone, who cast the deciding vote, said the trial was “a careful first step.”"
    assert note_of(text, "direct", "“a careful first step.”", "said") == \
        "Ada Stone said the trial was “a careful first step.”"
    # too far from its cue, or past the end of the cue's sentence: the quote alone after the cue
    text = "Ada Stone said in a long interview with the paper's editors on Friday night that it was “over”."
    assert note_of(text, "direct", "“over”", "said") == "Ada Stone said: “over”."


def test_a_cue_after_the_quote_whose_object_the_note_drops_reads_said():
    text = "“The council heard us, but it did not listen,” Stone told reporters outside City Hall."
    assert note_of(text, "direct", "“The council heard us, but it did not listen,”", "told") == \
        "Ada Stone said: “The council heard us, but it did not listen.”"
    text = "“We will fight it,” Stone warned on Monday."
    assert note_of(text, "direct", "“We will fight it,”", "warned") == \
        "Ada Stone warned: “We will fight it.”"


def test_a_passive_cue_after_when_is_what_was_put_to_the_speaker():
    text = "When asked about the merger, Stone defended her decision."
    assert note_of(text, "indirect", "about the merger", "asked") == \
        "Ada Stone was asked about the merger."


def test_only_a_verb_spoken_to_someone_loses_its_verb_and_an_infinitive_keeps_its_governor():
    text = "The bridge will close, Stone warned last week."
    assert note_of(text, "indirect", "The bridge will close", "warned") == \
        "Ada Stone warned: The bridge will close."
    text = "“We need the money,” added the mayor, Ada Stone."
    assert note_of(text, "direct", "“We need the money,”", "added") == \
        "Ada Stone added: “We need the money.”"
    text = "Stone decided to add: “We need the money now.”"
    assert note_of(text, "direct", "“We need the money now.”", "add") == \
        "Ada Stone decided to add: “We need the money now.”"


def test_a_perfect_reads_from_its_auxiliary():
    text = "The port authority, which runs the terminal, has promised to publish the results every quarter."
    assert note_of(text, "indirect", "to publish the results every quarter", "promised",
                   name="Eastport Port Authority") == \
        "Eastport Port Authority has promised to publish the results every quarter."


def test_a_modal_perfect_keeps_its_colon_and_a_perfect_told_reads_has_said():
    text = "Ada Stone may have promised that the bridge would close."
    assert note_of(text, "indirect", "the bridge would close", "promised") == \
        "Ada Stone: promised that the bridge would close."
    text = "“We need the money now,” Ada Stone has told reporters."
    assert note_of(text, "direct", "“We need the money now,”", "told") == \
        "Ada Stone has said: “We need the money now.”"


def test_the_statements_that_say_the_most_come_first_one_per_sentence_first():
    from reader.analysis.stance import carrying_first
    first = "Ada Stone said the plan was bad. She warned that the bridge would close for two years and cost millions."
    second = '"It is a trap for the city and for everyone who crosses it," she said.'
    text = first + " " + second
    short = statement(text, "indirect", "the plan was bad", "said")
    long_ = statement(text, "indirect", "the bridge would close for two years and cost millions", "warned")
    quote = statement(text, "direct", "It is a trap for the city and for everyone who crosses it", "said")
    items = [("S1", short.span, first, short), ("S2", long_.span, first, long_), ("S3", quote.span, second, quote)]
    ranked = [item[0] for item in carrying_first(text, items)]
    # the longest statement, then the longest of another sentence, before the shorter one of a sentence used
    assert ranked == ["S3", "S2", "S1"]
    # a shorter statement of another sentence comes before a longer second one of the same sentence
    trap = statement(text, "direct", "It is a trap", "said")
    items = [("S1", long_.span, first, long_), ("S2", short.span, first, short), ("S3", trap.span, second, trap)]
    assert [item[0] for item in carrying_first(text, items)] == ["S1", "S3", "S2"]


def test_a_stored_note_keeps_whether_the_model_abstained():
    from reader.analysis.results import StanceNote
    note = StanceNote("e1", "unclear", "", "Ada Stone warned that the bridge would close.", ((0, 9),), abstained=True)
    assert StanceNote.from_dict(note.to_dict()) == note
    judged = StanceNote("e1", "opposes", "the bridge", "Ada Stone warned that the bridge would close.", ((0, 9),))
    assert StanceNote.from_dict(judged.to_dict()) == judged and "abstained" not in judged.to_dict()
    # a report stored before the field: a small model's guess was kept exactly when it abstained
    old = {"entity": "e1", "label": "unclear", "target": "", "note": "…", "evidence": [[0, 9]], "flag": None,
           "draft_label": "supports"}
    assert StanceNote.from_dict(old).abstained


def test_a_statement_with_a_noun_cue_comes_after_those_with_a_verb_cue():
    from reader.analysis.stance import carrying_first
    text = ("Ada Stone gave her assessment of the harbour authority's long plan for the northern docks. "
            "She warned that the bridge would close.")
    first, second = text.split(". ")[0] + ".", text.split(". ")[1]
    topic = statement(text, "indirect", "the harbour authority's long plan for the northern docks", "assessment")
    warned = statement(text, "indirect", "the bridge would close", "warned")
    items = [("S1", topic.span, first, topic), ("S2", warned.span, second, warned)]
    # the longer one only names what she spoke about; the verb-cued one says what she said
    assert [item[0] for item in carrying_first(text, items)] == ["S2", "S1"]
