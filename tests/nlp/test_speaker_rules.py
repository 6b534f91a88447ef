"""Speaker rules for quotes inside the writer's own sentences (invented fixtures)."""
from __future__ import annotations

import pytest

from reader.article import ArticleBuilder
from reader.nlp.attribution import find_quotes
from reader.nlp.sentences import split_sentences


def speakers(*paragraphs: str) -> list[str | None]:
    b = ArticleBuilder()
    for p in paragraphs:
        b.paragraph(p)
    art = b.build()
    quotes, ents = find_quotes(art, split_sentences(art), [])
    names = {e.id: e.name for e in ents}
    return [names.get(q.speaker) for q in quotes]


def test_outer_reporting_verb_governs_a_quote_in_its_complement():
    assert speakers("Senator Paul Wexley told reporters that his rival had called the plan "
                    "“a reckless gamble.”") == ["Paul Wexley"]
    assert speakers("Mayor Ana Ortiz noted that critics described the levy as “a burden on "
                    "families” for years.") == ["Ana Ortiz"]


def test_outer_verb_governs_a_cue_word_without_subject():
    assert speakers("In an interview, Judge Mira Kessel said the backlog of cases demands "
                    "“more judges, not more rules.”") == ["Mira Kessel"]


def test_clause_set_off_by_comma_or_dash_keeps_its_own_speaker():
    assert speakers("When Lena Marsh said the vote was close, Ivo Pranic called it "
                    "“a landslide.”") == ["Ivo Pranic"]
    assert speakers("Lena Marsh said the vote was close \u2015 Ivo Pranic called it "
                    "“a landslide.”") == ["Ivo Pranic"]


def test_participle_clause_is_no_complement():
    assert speakers("The film closes with footage of Ivo Pranic saying, “We will build it "
                    "again.”") == ["Ivo Pranic"]


def test_role_phrase_tagged_as_an_entity_still_names_the_titled_person():
    from reader.annotations import Entity

    text = ("Harbor Mayor Ana Ortiz opened the port on Monday. The Harbor Mayor warned rivals "
            "not to “sink the deal.”")
    b = ArticleBuilder()
    b.paragraph(text)
    art = b.build()
    name = text.index("Ana Ortiz")
    role = text.index("The Harbor Mayor")
    given = [Entity("e1", "Ana Ortiz", "person", ((name, name + 9),)),
             Entity("e2", "The Harbor Mayor", "person", ((role, role + 16),))]
    quotes, _ = find_quotes(art, split_sentences(art), given)
    assert [q.speaker for q in quotes] == ["e1"]


def test_middle_initial_does_not_end_the_sentence():
    [name] = speakers("Harbor Mayor Lena M. Marsh likened the levy to “a tax on breathing” "
                      "on Monday.")
    assert name is not None and name.startswith("Lena") and name.endswith("Marsh")


def test_cue_word_used_as_a_noun_is_no_cue():
    assert speakers("Mayor Lena Marsh called Ivo Pranic's remarks “pure fiction.”") \
        == ["Lena Marsh"]
    assert speakers("Harbor Watch rated 40% of Labour claims as “misleading” last year.") \
        == ["Harbor Watch"]


def test_possessor_of_a_claim_with_its_content_is_the_speaker():
    assert speakers("Auditors checked Ivo Pranic's claim that the port made “a record "
                    "profit” last year.") == ["Ivo Pranic"]


def test_party_and_state_in_parentheses_after_the_subject():
    assert speakers("Sen. Ann Lee (D-Mo.) on Monday dismissed the bill as “a gift to "
                    "insurers.”") == ["Ann Lee"]
    assert speakers("Speaking later, Sen. Ann Lee (D-Mo.), who backs the bill, said it was "
                    "“long overdue” and “fair.”") == ["Ann Lee", "Ann Lee"]


def test_possessive_role_with_a_name_in_apposition():
    assert speakers("In a statement, her senior adviser, Jake Moreno, said: “The mayor "
                    "stands by every word of the plan she gave the council.”") == ["Jake Moreno"]


def test_possessive_role_is_a_speaker():
    assert speakers("“We will appeal the ruling,” his lawyer said on Friday.") == ["his lawyer"]
    assert speakers("As the crowd cheered, his wife whispered to him: “They are still with "
                    "you.”") == ["his wife"]


def test_possessive_organisation_phrase_is_not_a_speaker():
    assert speakers("Mayor Ana Ortiz toured the docks. His campaign promises to cut fares "
                    "“within a year” had raised hopes.") != ["His campaign"]


def test_as_someone_put_it():
    assert speakers("The levy is, as the Harbor Gazette put it, “a tax on breathing.”") \
        == ["Harbor Gazette"]
    assert speakers("The main test is a “steady source of income,” as a council memo put it.") \
        == ["a council memo"]


def test_sentence_opening_inverted_past_tense_cue():
    assert speakers("Continued Marsh: “We will not wait for the state to pay for the bridge.”") \
        == ["Marsh"]


def test_relative_pronoun_with_a_time_phrase_before_its_cue():
    assert speakers("Voters remember Ivo Pranic, who in 2010 said the goal was to make the "
                    "mayor a “one-term mayor.”") == ["Ivo Pranic"]


def test_age_descriptor_and_expressive_cue_after_a_quote():
    assert speakers("“What if the mayor took elocution lessons?” the 43-year-old asked.") \
        == ["the 43-year-old"]
    assert speakers("“This is fantastic!” beamed Lena Marsh of Dover, who came early.") \
        == ["Lena Marsh"]


def test_inserted_reporting_clause_does_not_govern():
    assert speakers("As the crowd cheered, The Harbor Gazette reported, his wife whispered to "
                    "him: “They are still with you.”") == ["his wife"]


def test_pronoun_after_what_is_the_sentence_subject():
    assert speakers("Mayor Ana Ortiz spoke first. The Harbor Council on Friday condemned the "
                    "vote and denounced what it called “a reckless gamble.”") == ["Harbor Council"]
    assert speakers("Ivo Pranic spoke first. Judge Mira Kessel later condemned what she called "
                    "“a reckless gamble.”") == ["Mira Kessel"]


def test_contracted_pronoun_is_a_subject():
    assert speakers("Ivo Pranic spoke at the rally. He’s claiming that the port is “a total "
                    "disaster” for the town.") == ["Ivo Pranic"]


def test_quote_sentence_after_a_writer_sentence_takes_its_subject():
    names = speakers("“The port will reopen,” Ivo Pranic said on “Harbor Hour.” Judge Mira "
                     "Kessel (Ind.), who lost the primary to him, identified young voters as the "
                     "key. “The younger people are sick and tired of waiting for the ferry.”")
    assert names[-1] == "Mira Kessel"


def test_name_in_apposition_after_an_affiliation():
    assert speakers("His former partner at Lenox, Paul B. Dorn, called him a master of deals. "
                    "“He showed again and again an ability to close deals.”")[-1] == "Paul B Dorn"


def test_determiner_and_name_then_a_modifier_is_a_speaker():
    assert speakers("“It was not a convincing argument,” said one Democrat familiar with the "
                    "talks.") == ["Democrat"]


def test_sentence_opening_adverb_or_time_phrase_before_the_subject():
    assert speakers("Hours later, Ivo Pranic returned the favor, telling reporters, “Lena and I "
                    "have been friends for a long time.”") == ["Ivo Pranic"]
    assert speakers("Ivo Pranic spoke first. Then he turned on Marsh, calling her a “quitter.”") \
        == ["Ivo Pranic"]


def test_participle_clause_after_an_inverted_attribution_sentence():
    names = speakers("“Are we sure the ferry is ready, right?” Lena Marsh remarked, alluding to "
                     "the film “Ferry Tale.”")
    assert names[0] == "Lena Marsh"


def test_attribution_sentence_with_its_own_statement_is_not_the_quotes_cue():
    names = speakers("“We have elected mayors from the islands for years.” Political analyst Paul "
                     "Dorn agreed that the shift was a matter of geography.")
    assert names != ["Paul Dorn"]


def test_descriptor_subject_stops_before_its_verb():
    assert speakers("In three interviews, the judge sounded off on Ivo Pranic, saying she did "
                    "not “want to contemplate” a second term.") == ["the judge"]


def test_bare_cue_word_after_a_determiner_phrase_is_a_noun():
    names = speakers("Lena Marsh is describing as “unhinged” a Paul Dorn tweet attacking the "
                     "harbor board.")
    assert names == ["Lena Marsh"]


def test_trailing_attribution_when_the_cue_before_has_no_subject():
    assert speakers("The mood turned at the dock, where the mayor was greeted with chants of "
                    "“Ferry now!” last month, according to union leader Lena Marsh.") \
        == ["Lena Marsh"]


def test_plural_speaker_noun_opening_a_sentence():
    assert speakers("The protesters waited. Protesters marching through the streets chanted "
                    "“What curfew?” until dawn.") == ["Protesters"]


def test_subject_with_an_abbreviated_state_and_a_despite_participle():
    assert speakers("Council Speaker Paul Dorn, R-Wis., despite admitting that he had concerns "
                    "about “lawyers getting rich,” backs the bill.") == ["Paul Dorn"]


def test_document_modified_by_a_participle_speaks_for_the_subject():
    assert speakers("Ivo Pranic spoke first. At the time, she released a statement saying, "
                    "“The harbor board has been a trusted partner for years.”") != [None]
    assert speakers("The Harbor Council issued a statement calling the vote “a clear "
                    "violation” of the rules.") == ["Harbor Council"]


def test_any_determiner_phrase_right_before_a_cue_after_a_quote():
    assert speakers("“It was very nice,” the shipping tycoon told reporters in a rare interview.") \
        == ["the shipping tycoon"]
    assert speakers("“From day one, I made the ferry my priority,” the bespectacled, 71-year-old "
                    "mayor said.") == ["the bespectacled, 71-year-old mayor"]


def test_subject_with_age_and_hometown_in_apposition():
    assert speakers("Cory Lane, 22, of Dover, Del., said the mayor could still pull a "
                    "“surprise” at the meeting.") == ["Cory Lane"]


def test_quote_framed_by_a_possessive_and_a_speech_noun():
    assert speakers("Fares rose again. It is the pull of Ana Ortiz's “if you like your ferry, you "
                    "can keep it” promise that worries the board.") == ["Ana Ortiz"]
    assert speakers("Ivo Pranic called Ana Ortiz's assertion of a “right to dock” plainly "
                    "wrong.") == ["Ana Ortiz"]


def test_fragment_in_a_subjectless_sentence_after_a_reporting_sentence():
    assert speakers("Mayor Lena Marsh has argued that the port was doomed from the start. As a "
                    "result, there is still “a harbor that nobody can afford.”")[-1] \
        == "Lena Marsh"


def test_reporting_verb_does_not_govern_past_a_relative_or_a_sentence_end():
    assert speakers("Lena Marsh said the plan was sound, to which Ivo Pranic interjected: “It is "
                    "just not true.”") == ["Ivo Pranic"]
    assert speakers("Fourteen groups called for the ban.\u00a0[Wire]\nTEAM REFUSES TO STAY The "
                    "team cited “blocked toilets” and dirty floors.") == ["The team"]


def test_possessive_name_with_a_speaker_noun_is_one_speaker():
    assert speakers("(Dorn's spokeswoman disputed the idea that Dorn had ever “attacked” the "
                    "mayor.)") == ["Dorn's spokeswoman"]


def test_time_clause_opening_a_sentence_is_no_subject():
    assert speakers("Shortly after Dorn’s call ended, Ortiz’s campaign sent out a press release "
                    "saying Dorn owes “the island an explanation.”") == ["Ortiz’s campaign"]


def test_weekday_number_and_possessive_pronoun_speakers():
    assert speakers("“There are jellyfish with more spine than the mayor,” reads a Wednesday "
                    "editorial in the Harbor Gazette.") == ["a Wednesday editorial"]
    assert speakers("“The port plan does not hold water,” said 9/11 widow Terry Strada.") \
        == ["Terry Strada"]
    names = speakers("Mayor Ana Ortiz spoke at the dock. The union is unlikely to back her after "
                     "her March comment that, “We will close half the docks.”")
    assert names == ["Ana Ortiz"]


def test_name_before_a_colon_introduces_a_quote():
    names = speakers("Ana Ortiz and Ivo Pranic reject the plan.",
                     "Ortiz: “Our goal is to fix the ferry, not to sell it.” Pranic: “The ferry "
                     "must stay public.”")
    assert [n.split()[-1] for n in names] == ["Ortiz", "Pranic"]
    assert speakers("What the audit means - Harbor Watch: “All the samples we saw were "
                    "flawed in the same way.”") == ["Harbor Watch"]


def test_attribution_sentence_going_on_after_a_comma_and_appositive_tail():
    names = speakers("“You know, it happens, right?” Pranic went on, as if he had not heard. "
                     "“But you get over it.”")
    assert names[0] == "Pranic"
    assert speakers("“Many would call that a defeat” if she lost, said Paul Dorn, an analyst at "
                    "the Harbor Institute.") == ["Paul Dorn"]


def test_guards_on_abbreviations_possessives_and_inserted_subjects():
    names = speakers("Most recently, Dorn called to close the U.S. While Ortiz has condemned the "
                     "plan, the groups who wrote to her on Thursday say they are “concerned.”")
    assert names != ["Dorn"]
    names = speakers("Lena Marsh has accused her of making racist remarks by using the term "
                     "“superpredator” in the 1990s.")
    assert names != ["her of making racist"]
    names = speakers("On Monday, Ann Lee tweeted, “The bill passed.” This sort of opining, the "
                     "network claimed, violates its code.")
    assert names == ["Ann Lee"]


def test_passive_reporting_verb_and_dash_apposition():
    assert speakers("Pranic was asked by harbor moderator Lena Marsh whether the plan, which "
                    "auditors call “a fantasy,” would pass.")[0] != "Pranic"
    assert speakers("Jason Sims — a teacher from Dover — says the endorsement was “a big "
                    "deal.”") == ["Jason Sims"]


def test_quote_inside_an_opening_subordinate_clause_keeps_that_clause_speaker():
    assert speakers("When someone in the audience shouted, “Dorn,” Ortiz joked about it.") \
        == ["the audience"]


def test_restrictive_relative_clause_speaks_unless_a_colon_introduces_the_quote():
    assert speakers("Analysts turned to the Harbor Police Department which reported “2,521 "
                    "incidents” last year.") == ["Harbor Police Department"]
    assert speakers("Lena Marsh mocked the irony of it coming from a candidate who promised a "
                    "new ferry: “Your plan is the one tearing families apart.”") == ["Lena Marsh"]


def test_report_by_a_source_with_its_content():
    assert speakers("On Friday, it was a report by the Harbor Gazette that he “invented” the "
                    "story.") == ["Harbor Gazette"]


def test_relative_pronoun_after_a_phrase_refers_to_the_person_before_it():
    names = speakers("“Go to the dock,” Dorn says to Lena Marsh on camera, who responds "
                     "warmly: “Okay!”")
    assert names == ["Dorn", "Lena Marsh"]
    names = speakers("“It was not convincing,” said one official familiar with the talks, who "
                     "added that the mayor seemed “rattled.”")
    assert names[1] == names[0]


def test_poll_share_as_a_subject():
    assert speakers("Only 52 percent of registered voters agreed that the mayor is “fit to "
                    "serve,” while 63 percent said the council was “justified.”") \
        == ["Only 52 percent of registered voters", "63 percent"]


def test_shot_back_partitive_and_telling_after_a_quote():
    assert speakers("“Look at all these fans,” Marsh said. “They are here for the free ferry,” "
                    "Dorn shot back with a laugh.")[-1] == "Dorn"
    assert speakers("“There will be no path for him,” said one of those advisers, who asked not "
                    "to be named.") == ["one of those advisers"]
    assert speakers("The Harbor Foundation did not want to address “that person,” telling "
                    "Channel 5 that it is focused on “safer docks.”") \
        == ["Harbor Foundation", "Harbor Foundation"]


def test_role_of_something_and_a_time_phrase_before_the_verb():
    assert speakers("At a rally with the mayor, where the secretary of state said she was “not "
                    "here to campaign,” the crowd cheered.") == ["the secretary of state"]
    assert speakers("The group is so visible that Ortiz during a Sunday thanked its members "
                    "“for their support.”") == ["Ortiz"]


def test_plural_speakers_after_what_and_a_participle_clause_before_the_subject():
    assert speakers("The ferry company is what former employees have called a “fraudulent "
                    "scheme.”") == ["former employees"]
    assert speakers("Horrified at the prospect of a toll, Lena Marsh believes in journalism that "
                    "“takes sides.”") == ["Lena Marsh"]


def test_possessive_pronoun_claim_under_a_reporting_verb_and_main_clause_after_if():
    assert speakers("Ivo Pranic spoke first. Lena Marsh also repeated her claim that “greed” "
                    "drives the ferry company.") == ["Lena Marsh"]
    names = speakers("If the board is indeed stalling — as many believe, but the board denies — "
                     "“why would you not ask?” asked Paul Dorn, a partner at a law firm.")
    assert names == ["Paul Dorn"]


def test_long_apposition_before_a_cue_after_a_quote():
    assert speakers("“This story is told by the media,” Ann Lee, the director of the Harbor "
                    "Center for Fair Media and one of the voices heard in the film, told the "
                    "Gazette.") == ["Ann Lee"]


def test_inverted_cue_after_an_opening_phrase_and_before_a_colon():
    assert speakers("In other words, explained harbor moderator Lena Marsh: “What does that have "
                    "to do with the ferry?”") == ["Lena Marsh"]


def test_a_sentence_opening_adverb_or_conjunction_is_no_subject():
    from reader.nlp.cues import sentence_subject
    for text, subject in [("Furthermore, the bones were measured twice, suggesting caution.", None),
                          ("Nor did she wish to be associated with the group.", None),
                          ("Thus the council voted, noting the costs.", None),
                          ("Moreover, Ada Stone wished to leave.", "Ada Stone"),
                          ("Ada Stone, the mayor, wished to leave.", "Ada Stone")]:
        cue = sentence_subject(text, 0, len(text))
        found = text[cue.speaker[0]:cue.speaker[1]] if cue else None
        assert found == subject, text


def test_a_name_that_is_also_a_verb_opens_a_sentence_before_an_adverb_and_its_verb():
    from reader.nlp.cues import function_word, sentence_subject, tokens
    for text, subject in [("Trump then appears in a clip from a speech, saying, \u201cWe will win.\u201d", "Trump"),
                          ("Cook later said the vote was fair.", "Cook"),
                          ("Trump also tweeted about the vote.", "Trump"),
                          ("And then Ada Stone went on the attack, saying, \u201cResign!\u201d", "Ada Stone"),
                          ("But now Ada Stone says otherwise.", "Ada Stone")]:
        cue = sentence_subject(text, 0, len(text))
        assert cue is not None and text[cue.speaker[0]:cue.speaker[1]] == subject, text
    for text in ("Take note of the date.", "Ask around before you buy.", "Go now and vote."):
        toks = tokens(text, 0, len(text))
        assert function_word(toks, 0) or sentence_subject(text, 0, len(text)) is None, text


def test_an_interjection_is_a_capital_not_a_name():
    from reader.nlp.cues import function_word, tokens
    for word in ("Yeah", "Okay", "Hey", "Uh"):
        text = f"{word}, the council voted against it."
        assert function_word(tokens(text, 0, len(text)), 0), word
    text = "Oh, the council voted against it."      # "Oh" is also a surname of the census lists: a name
    assert not function_word(tokens(text, 0, len(text)), 0)


def test_a_pronoun_speaker_agrees_with_the_sex_a_first_name_or_noun_gives():
    from reader.nlp.gazetteer import name_gender
    from reader.nlp.pipeline import analyze_article

    def said(paragraph):
        b = ArticleBuilder()
        b.set_title("Ferry news")
        b.paragraph(paragraph)
        analysis = analyze_article(b.build())
        names = {e.id: e.name for e in analysis.entities}
        return [names.get(q.speaker) for q in analysis.quotes]

    assert said("Ben Hale met Mayor Ada Stone on Monday. “The ferry will run,” he said.") == ["Ben Hale"]
    assert said("Ada Stone met Ben Hale on Monday. “The ferry will run,” she said.") == ["Ada Stone"]
    assert name_gender("Mother", None) == "female" and name_gender("Queen Elizabeth", None) == "female"
    assert name_gender("Stone", None) is None                # a surname alone says nothing
    assert name_gender("Judge Ada Stone", {"female": {"ada"}, "male": {"judge"}}) == "female"


def test_an_article_s_lower_case_words_are_found_once_per_text():
    from reader.nlp import cues
    text = "Later Zora Vell and the mayor spoke. " * 50
    copy = "".join(list(text))                      # equal, but another string object
    assert copy is not text
    assert cues._lower_vocab(copy) is cues._lower_vocab(text)
    assert cues.common_word(text, cues.Tok("Zora", 0, 4)) is False
    assert cues.common_word(text, cues.Tok("Mayor", 0, 5)) is True


def test_a_source_phrase_with_an_apposition_leaves_the_name_as_the_mention():
    from reader.nlp.pipeline import analyze_article
    b = ArticleBuilder()
    b.paragraph("Kathryn Walde, director of the harbour gallery, expressed interest in further donations "
                "from the foundation.")
    b.paragraph("\u201cWe have waited a long time,\u201d Walde said.")
    analysis = analyze_article(b.build())
    text = analysis.article.text
    [person] = [e for e in analysis.entities if e.name == "Kathryn Walde"]
    mentions = [text[s:e] for s, e in person.mentions]
    assert "Kathryn Walde" in mentions and "Walde" in mentions
    assert not any("director" in m for m in mentions)          # the apposition is not her name
    assert {analysis.entity(q.speaker).name for q in analysis.quotes if q.speaker} == {"Kathryn Walde"}


def test_a_name_s_possessive_before_a_noun_is_not_that_person():
    from reader.nlp.pipeline import analyze_article
    from reader.nlp.speakers import _described
    assert _described("Thomas' sister") and _described("Zelensky’s team") and _described("Ivo Petrov's legal team")
    assert not _described("Thomas Sam") and not _described("Petrov's") and not _described("Ann Lee, a teacher")
    b = ArticleBuilder()
    b.paragraph("Thomas Sam, 42, treated the boy himself. Allegedly, Thomas' sister pleaded with him to send "
                "the boy to a conventional medical doctor.")
    analysis = analyze_article(b.build())
    text = analysis.article.text
    for statement in analysis.attributions:
        if statement.source and "sister" in text[statement.source[0]:statement.source[1]]:
            assert statement.speaker is None or analysis.entity(statement.speaker).name != "Thomas Sam"


def test_that_before_a_plural_or_a_quantifier_is_no_determiner_of_the_speaker():
    from reader.nlp.cues import np_backward, tokens
    for text, subject in [("conflicts that previous administrations failed", "previous administrations"),
                          ("insisting that any agreements include", "any agreements"),
                          ("a deal that most senators backed", "most senators"),
                          ("that official said", "that official"), ("that witness said", "that witness"),
                          ("that actress said", "that actress")]:
        toks = tokens(text, 0, len(text))
        found = np_backward(toks, len(toks) - 1, 0)
        assert found is not None and " ".join(t.text for t in toks[found[0]:found[1]]) == subject, text


def test_a_capitalised_function_word_opening_a_sentence_is_no_new_speaker():
    from reader.nlp.speakers import Registry
    text = ("The council met. Neither said the plan would work. Maybe they will vote. Mara Quill said no. "
            "Thirty percent said yes.")
    reg = Registry(text, [])
    for word in ("Neither", "Maybe"):
        at = text.index(word)
        assert reg.resolve((at, at + len(word)), "name")[0] is None, word
    at = text.index("Mara Quill")
    assert reg.resolve((at, at + len("Mara Quill")), "name")[0] is not None
    at = text.index("Thirty")                    # a number of people: a source, not a person named so
    assert reg.resolve((at, at + len("Thirty")), "name")[0] is not None
    for count in ("Sixty said yes.", "Seventy-five said: “We need change.”"):    # whatever the tagger reads
        other = Registry(count, [])
        word = count.split()[0]
        rec = other.resolve((0, len(word)), "name")[0]
        assert rec is not None and [(e.name, e.type) for e in other.entities()] == [(word, "source")], count
    assert [(e.name, e.type) for e in reg.entities()] == [("Mara Quill", "person"), ("Thirty", "source")]


def test_plural_of_a_noun_in_man_or_woman_after_a_quote():
    assert speakers("“The ledger contradicts her account,” the panel chairmen wrote.",
                    "“We have no comment,” two congresswomen said.") \
        == ["the panel chairmen", "two congresswomen"]


def test_noun_in_men_after_a_vowel_is_no_plural_speaker():
    from reader.nlp.cues import speaker_noun
    assert [speaker_noun(w) for w in ("aldermen", "women", "specimen", "regimen", "abdomen")] \
        == [True, True, False, False, False]


def analysed(*paragraphs: str):
    """The whole analysis (entities first, then quotes and speakers) of an article of ``paragraphs``."""
    from reader.nlp.pipeline import analyze_article
    b = ArticleBuilder()
    for p in paragraphs:
        b.paragraph(p)
    return analyze_article(b.build())


def test_its_never_stands_for_a_person():
    analysis = analysed("Mayor Ann Lee said the city would review its leases with the developer. "
                        "The council praised its own record on housing.")
    text = analysis.article.text
    people = [e for e in analysis.entities if e.type == "person"]
    assert people and all(text[s:e].lower() != "its" for p in people for s, e in p.mentions)


@pytest.mark.parametrize("text, subject", [
    ("Mara Quist visited Dover on Monday, saying \u201cthe port is ready.\u201d", "Mara Quist"),
    ("Quist hammered Ellery on Tuesday, saying he \u201cfailed the town.\u201d", "Quist"),
    ("Governor Ivo Pranic toured Lisbon, calling it \u201ca model city.\u201d", "Governor Ivo Pranic"),
    ("Pranic wants Dover to pay, arguing that \u201cthe costs are shared.\u201d", "Pranic"),
])
def test_a_name_phrase_ends_at_the_names_finite_verb(text, subject):
    """A name followed by its verb and an object with capitals ("Quist visited Dover on Monday,
    saying …"): the subject is the name, not the run of words up to the last capital."""
    from reader.nlp.cues import sentence_subject
    cue = sentence_subject(text, 0, len(text))
    assert cue is not None and text[cue.speaker[0]:cue.speaker[1]] == subject
    assert speakers(text) == [subject.removeprefix("Governor ")]


@pytest.mark.parametrize("paragraphs, expected", [
    (("\u201cLeave the square now,\u201d the marchers were told by Dan Ruiz, a police officer.",), ["Dan Ruiz"]),
    (("\u201cThe ferry stays,\u201d the riders have been assured by Ann Lee.",), ["Ann Lee"]),
    (("\u201cLeave the square now,\u201d the marchers were told.",), [None]),
])
def test_a_passive_cue_after_a_quote_names_its_agent_not_its_subject(paragraphs, expected):
    """"…,” X was told by Y": Y speaks; without "by Y" the subject is spoken to, and no one is named."""
    assert speakers(*paragraphs) == expected


def test_a_name_and_its_affiliation_before_a_colon_introduce_a_quote():
    """Lists of reactions: "Name, Affiliation: “…”", one per paragraph."""
    assert speakers("Reactions came quickly.",
                    "Ann Lee, Dover Harbour Council: \u201cWe cannot pay for this.\u201d",
                    "Tom Baker, Ferry Workers Union: \u201cThis is a betrayal.\u201d") == ["Ann Lee", "Tom Baker"]


def test_a_credit_line_in_the_paragraph_after_a_quote_names_its_speaker():
    """A quote alone in its paragraph, credited by the next one: "— Ann Lee, mayor of Dover"."""
    assert speakers("\u201cIt is over. We lost the vote.\u201d", "\u2014 Ann Lee, mayor of Dover") == ["Ann Lee"]
    assert speakers("\u201cIt is over.\u201d", "\u2014 The council met again on Friday to vote on the bill, "
                    "which passed by a wide margin after the mayor left the room early.") == [None]


@pytest.mark.parametrize("text", [
    "\u201cThe talks have stalled,\u201d according to a person familiar with the talks.",
    "\u201cThe talks have stalled,\u201d said a person close to the negotiations.",
    "\u201cThe talks have stalled,\u201d said a spokesperson.",
])
def test_a_person_described_by_what_they_know_is_a_speaker(text):
    """"a person familiar with …", "a spokesperson": nouns in -person can speak, as those in -man do."""
    assert speakers(text) != [None]


@pytest.mark.parametrize("text", [
    "\u201cThe talks have stalled,\u201d a person familiar with the talks said.",
    "\u201cThe talks have stalled,\u201d an official close to the negotiations said on Monday.",
    "\u201cWe will appeal,\u201d a lawyer involved in the case said.",
])
def test_a_described_speaker_and_the_phrase_after_it_before_the_cue(text):
    """"…,” a person familiar with the talks said": the phrase after the speaker is passed over to
    the cue (only when a cue follows it, read as a verb of its own: "…,” a website linked to a group
    called the “…”" names no speaker)."""
    assert speakers(text) != [None]
    assert speakers("One banner read \u201cferryfriends.org,\u201d a website linked to a group called "
                    "the \u201cFerry Friends.\u201d")[0] != "a website"


def test_a_role_after_a_possessive_name_gives_way_to_the_name_beside_it():
    """"Lee's spokesman, Tom Baker, said": the spokesman is named, and he is the speaker."""
    assert speakers("\u201cThe mayor is busy,\u201d Lee\u2019s spokesman, Tom Baker, said.") == ["Tom Baker"]
    assert speakers("Lee\u2019s spokesman, Tom Baker, said the mayor was \u201cvery busy.\u201d") == ["Tom Baker"]


@pytest.mark.parametrize("text, speaker", [
    ("\u201cWe will win,\u201d Ann Lee, 54, of Dover, said.", "Ann Lee"),
    ("\u201cWe will win,\u201d Cory Dunn, 22, of Flint, Mich., said.", "Cory Dunn"),
    ("\u201cWe will win,\u201d Ann Lee \u2014 who was elected in 2019 \u2014 said.", "Ann Lee"),
])
def test_a_speaker_after_a_quote_with_several_short_parts_or_an_aside_before_the_cue(text, speaker):
    """"…,” Ann Lee, 54, of Dover, said": the age and the home town are passed over to the cue, as
    an aside between dashes is; the speaker is the name, not the town."""
    assert speakers(text) == [speaker]


@pytest.mark.parametrize("phrase, place", [
    ("Bank of America", "America"),
    ("The University of Chicago", "Chicago"),
    ("Federal Reserve Bank of New York", "New York"),
    ("Museum of the Moving Image", "Moving Image"),
])
def test_an_organisation_named_after_a_place_speaks_not_the_place(phrase, place):
    """A name heading organisation names, "of" and a name: where only the name after "of" was found
    (a tagger unsure of a sentence's first capital), the organisation speaks, one entity each time."""
    from reader.annotations import Entity
    from reader.nlp.speakers import Registry
    text = f"{phrase} said the fees would stay. Later {phrase} said so again."
    at = [k for k in range(len(text)) if text.startswith(phrase, k)]
    places = tuple((k + phrase.index(place), k + phrase.index(place) + len(place)) for k in at)
    reg = Registry(text, [Entity("e1", place, "place", places)])
    first, _ = reg.resolve((at[0], at[0] + len(phrase)), "name")
    second, _ = reg.resolve((at[1], at[1] + len(phrase)), "name")
    assert first == second != "e1"
    assert (reg.by_id[first].name, reg.by_id[first].type) == (phrase.removeprefix("The "), "organization")


@pytest.mark.parametrize("phrase, named, speaker", [
    ("Secretary of State John Kerry", "John Kerry", "John Kerry"),      # a title, not an organisation
    ("The city of Boston", "Boston", "Boston"),                         # lower case: no name
    ("Department of Justice spokesman Ron Baker", "Ron Baker", "Ron Baker"),
])
def test_other_phrases_with_of_keep_the_name_they_hold(phrase, named, speaker):
    from reader.annotations import Entity
    from reader.nlp.speakers import Registry
    text = f"{phrase} said the fees would stay."
    start = text.index(named)
    reg = Registry(text, [Entity("e1", named, "person", ((start, start + len(named)),))])
    found, _ = reg.resolve((0, len(phrase)), "name")
    assert reg.by_id[found].name == speaker


@pytest.mark.parametrize("word", ["Hence", "Most", "Whenever"])
def test_a_function_word_opening_a_sentence_speaks_for_no_one(word):
    """"Hence the popularity of the term “flash frozen”": the sentence's first word is no speaker, even
    where a name list holds it as a surname."""
    from reader.nlp.speakers import Registry
    text = f"Prices fell. {word} the term “flash frozen” spread."
    at = text.index(word)
    reg = Registry(text, [])
    assert reg.resolve((at, at + len(word)), "name") == (None, 0.3)
    assert reg.entities() == []


@pytest.mark.parametrize("role", ["The Vermont senator", "The billionaire businessman", "A federal judge"])
def test_a_person_known_only_by_a_role_phrase_is_listed_as_a_source(role):
    """No name is found for the role phrase: it is listed among the sources, not the people; inside,
    "he" still stands for that person."""
    analysis = analysed(f"{role} said the plan was “a disaster.” He added: “We will fight it.”")
    by_id = {e.id: e for e in analysis.entities}
    assert [by_id[q.speaker].name for q in analysis.quotes] == [role, role]
    assert {by_id[q.speaker].type for q in analysis.quotes} == {"source"}


def test_a_role_in_apposition_names_the_person_a_later_role_phrase_stands_for():
    analysis = analysed("Anna Quell, the presumptive Republican nominee, spoke on Monday. Later the presumptive "
                        "Republican nominee said the plan was “a disaster.”")
    names = {e.id: e.name for e in analysis.entities}
    assert [names.get(q.speaker) for q in analysis.quotes] == ["Anna Quell"]
