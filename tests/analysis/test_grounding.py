from reader.analysis.grounding import Grounder, Person, QuoteFact, content_words, same_word, split_generated

TEXT = ("The council voted 5–4 on Thursday to automate the docks. "
        "“This is extremely productive,” Mayor Ann Lee said. "
        "Bob Stone, the union leader, called the plan a disaster for 300 workers.")


def spans(text):
    out, start = [], 0
    for piece in text.split(". "):
        end = start + len(piece) + (1 if not piece.endswith(".") else 0)
        out.append((start, min(end, len(text))))
        start = end + 1
    return out


def grounder():
    quote = QuoteFact(frozenset(content_words("This is extremely productive")), ("Ann Lee", "Lee"))
    return Grounder(TEXT, spans(TEXT), [quote], [Person(("Ann Lee", "Lee")), Person(("Bob Stone", "Stone"))])


def test_supported_sentence_gets_evidence():
    g = grounder().ground("The council voted to automate the docks on Thursday.")
    assert g.flag is None
    assert g.evidence and TEXT[g.evidence[0][0]:g.evidence[0][1]].startswith("The council voted")


def test_unsupported_sentence_is_flagged():
    assert grounder().ground("Engineers expect the bridge to open next spring in glorious weather.").flag


def test_absent_name_and_number_are_flagged():
    assert "Putin" in grounder().ground("Putin said the council voted to automate the docks.").flag
    assert "450" in grounder().ground("Bob Stone called the plan a disaster for 450 workers.").flag
    assert grounder().ground("Bob Stone called the plan a disaster for 300 workers.").flag is None


def test_misattributed_quote_is_flagged():
    g = grounder().ground("Bob Stone said the talks were extremely productive.")
    assert g.flag and g.flag.startswith("quote given to the wrong person") and "Ann Lee" in g.flag
    assert grounder().ground("Ann Lee said the talks were extremely productive.").flag is None


def test_split_generated():
    assert split_generated("First one. Second\none here.  ") == ["First one.", "Second one here."]
    assert split_generated("Said so. </section>") == ["Said so."]


def test_a_sentence_cut_off_by_the_token_limit_is_not_shown_as_finished():
    assert split_generated("The vote was close. It also exposes a critical examination of the") == [
        "The vote was close."]
    assert split_generated("The council voted to automate the docks, and") == [
        "The council voted to automate the docks, and …"]
    assert split_generated("“We will fight it,” she said. Reyes asked “why?”") == [
        "“We will fight it,” she said.", "Reyes asked “why?”"]


def test_a_stance_note_may_give_its_actor_s_words_without_naming_them():
    note = "Stone's union heard the talks were extremely productive."
    assert grounder().ground(note).flag.startswith("quote given to the wrong person")
    assert not (grounder().ground(note, subject=("Ann Lee", "Lee")).flag or "").startswith("quote given")


def test_possessives_match_their_names():
    text = "Trump’s aides met the council. The council listened."
    g = Grounder(text, [(0, 30), (31, len(text))]).ground("Trump met the council.")
    assert g.flag is None


def test_a_stance_note_may_name_its_actor_where_the_statement_says_he():
    text = "He warned that the old bridge would close in May."
    g = Grounder(text, [(0, len(text))])
    assert g.ground("Ada Stone warned the old bridge would close in May.").flag == "“Ada”, “Stone” are not in the source"
    assert g.ground("Ada Stone warned the old bridge would close in May.", subject=("Ada Stone", "Stone")).flag is None
    assert g.ground("Ben Hale warned the old bridge would close in May.",
                    subject=("Ada Stone", "Stone")).flag == "“Ben”, “Hale” are not in the source"   # the actor's only


ARTICLE = ("Putin met Trump in Alaska on Friday. "
           "Republican supporters praised the talks, and Democratic critics called them a mistake. "
           "He said the talks with Ukraine were productive.")


def section(sentence_start, name="this section", linked=()):
    start = ARTICLE.index(sentence_start)
    return Grounder(ARTICLE, [(start, len(ARTICLE))], linked=linked, article=ARTICLE, scope_name=name)


def test_inflections_and_demonyms_of_a_word_in_the_section_are_no_absence():
    g = section("Republican")
    assert g.ground("Republicans praised the talks and Democrats called them a mistake.").flag is None
    assert g.ground("Ukrainian talks were productive, Republican supporters said.").flag is None
    assert section("Putin").ground("Putin met Trump at the Alaskan summit on Friday.").flag is None


def test_unrelated_names_that_share_a_beginning_are_still_absent():
    for name, near in (("Australia", "Austria"), ("Iraq", "Iran"), ("Trumpet", "Trump")):
        assert not same_word(name, near)
    assert same_word("Chinese", "China") and same_word("Israeli", "Israel") and same_word("European", "Europe")


def test_a_flag_says_whether_a_name_is_missing_from_the_section_or_from_the_article():
    g = section("Republican")
    assert g.ground("Putin praised the talks with Ukraine.").flag == "“Putin” is not in this section"
    assert g.ground("Macron praised the talks with Ukraine.").flag == "“Macron” is not in the article"


def test_an_actor_the_section_calls_he_may_be_named():
    he = section("He said", linked=("Donald Trump", "Trump"))
    assert he.ground("Trump said the talks with Ukraine were productive.").flag is None
    assert section("He said").ground("Trump said the talks with Ukraine were productive.").flag == \
        "“Trump” is not in this section"


def test_a_date_or_number_that_is_not_there_is_named_as_such():
    g = section("Putin", name="the article")
    assert g.ground("Putin met Trump in Alaska on February 14.").flag == "date not in the article"
    assert g.ground("Republican supporters praised 40 talks.").flag == "the number 40 is not in the article"


def test_an_invented_date_is_named_beside_an_invented_name():
    g = section("Putin", name="this section")
    assert g.ground("Putin met Trump in Alaska on February 14, 2023, to discuss Crimea.").flag == \
        "date not in the article; “Crimea” is not in the article"


def test_a_title_the_article_never_gives_that_person_is_flagged():
    text = ("President Donald Trump met French President Emmanuel Macron. "
            "Trump said the talks went well, and Macron agreed.")
    people = [Person(("Donald Trump", "Trump")), Person(("Emmanuel Macron", "Macron"))]
    g = Grounder(text, [(0, len(text))], people=people, article=text)
    assert g.ground("French President Donald Trump said the talks went well.").flag == \
        "“French President Donald Trump” is not in the article"
    assert g.ground("President Donald Trump said the talks went well.").flag is None
    assert g.ground("French President Emmanuel Macron agreed the talks went well.").flag is None
    assert g.ground("Trump said the talks went well.").flag is None
    assert g.ground("President Trump said the talks went well.").flag is None     # a shorter form of his title


def test_the_opening_section_may_repeat_the_headline():
    from reader.analysis.sources import SourceIndex
    from reader.article import ArticleBuilder
    from reader.nlp.pipeline import analyze_article
    builder = ArticleBuilder()
    builder.set_title("Harbour Council Approves Crane Trial")
    builder.paragraph("The vote on Thursday was close, and the union walked out.")
    builder.heading("Reactions")
    builder.paragraph("The union called the vote a betrayal of dock workers.")
    sources = SourceIndex(analyze_article(builder.build()))
    assert sources.section_grounder(0).ground("The Harbour Council approves a crane trial.").flag is None
    assert sources.section_grounder(1).ground("The Harbour Council approves a crane trial.").flag
