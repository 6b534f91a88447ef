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


BIO = ("In August 1799 Ada Stone entered a school at Dulwich. In 1801 she was sent to Harrow, where she "
       "studied for nine years. She spent ten years at the Ohio State University. In 1971 she joined the "
       "University of Michigan. Bob Stone, the union leader, called her a careful scholar.")


def bio(narrated=True):
    people = [Person(("Ada Stone", "Stone"), "person"), Person(("Bob Stone", "Stone"), "person"),
              Person(("Ohio State University",), "organization"), Person(("University of Michigan",), "organization")]
    return Grounder(BIO, spans(BIO), people=people, article=BIO, scope_name="this section", narrated=narrated)


def test_a_number_in_words_the_section_does_not_give_is_flagged():
    assert bio().ground("At Harrow she studied for three years.").flag == "the number three is not in this section"
    assert bio().ground("At Harrow she studied for nine years.").flag is None
    assert bio().ground("At Harrow she studied for 9 years.").flag is None


def test_a_number_put_with_a_name_the_section_never_gives_it_with_is_flagged():
    assert bio().ground("Ada Stone entered Harrow in August 1799.").flag == \
        "this section gives 1799, but not with “Harrow”"
    assert bio().ground("Ada Stone was sent to Harrow in 1801.").flag is None
    assert bio().ground("Ada Stone entered a school at Dulwich in 1799.").flag is None
    # a name's distinctive word: "University of Michigan" is Michigan's, "Ohio State University" Ohio's
    assert bio().ground("She spent ten years at the University of Michigan.").flag == \
        "this section gives ten, but not with “Michigan”"
    assert bio().ground("She spent ten years at the Ohio State University.").flag is None
    # a person's name is no anchor: the section may call her "she" where it gives the number
    assert bio().ground("In 1801 Ada Stone was sent to Harrow.").flag is None


def test_an_apposition_describing_someone_with_words_the_article_never_uses_is_flagged():
    assert bio().ground("Bob Stone, a renowned microbiologist, called her a careful scholar.").flag == \
        "“renowned”, “microbiologist” are not in the article"
    assert bio().ground("Bob Stone, the union leader, called her a careful scholar.").flag is None
    # not an apposition to a name: a sentence adverb before a comma
    assert bio().ground("However, a careful scholar studied at Harrow for nine years.").flag is None


def test_a_summary_in_the_model_s_own_voice_is_flagged_but_copied_words_are_not():
    assert bio().ground("I'm not sure what you mean about Harrow.").flag == \
        "the model's own words, not what the article says"
    text = "“I think that a free library is very important,” Ada Stone said. She founded one in 1990."
    scope = Grounder(text, spans(text), article=text, narrated=True)
    assert scope.ground("I think that a free library is very important.").flag is None
    assert bio(narrated=False).ground("I'm not sure what you mean about Harrow.").flag != \
        "the model's own words, not what the article says"       # a stance note may give "I" words


def test_the_words_a_summary_frames_the_article_with_need_no_support():
    assert bio().ground("The author argues that Ada Stone studied at Harrow for nine years.").flag is None
    assert bio().ground("The article discusses how Ada Stone was sent to Harrow in 1801.").flag is None


def test_a_sentence_opening_with_a_function_word_is_no_absent_name():
    assert bio().ground("Despite the distance, Ada Stone was sent to Harrow in 1801.").flag is None
    assert bio().ground("Meanwhile Ada Stone was sent to Harrow in 1801.").flag is None


def test_reference_marks_the_model_copies_are_dropped():
    assert split_generated("[5] She was sent to Harrow. [6] [7]") == ["She was sent to Harrow."]
    assert split_generated("Stone studied there [12] for nine years.") == ["Stone studied there for nine years."]


def test_the_number_checks_do_not_flag_what_the_section_says_another_way():
    text = "Acme Corp opened a plant in Ohio. It hired 300 workers there. Biden and Xi met in Bali."
    sentences = spans(text)
    people = [Person(("Acme Corp",), "organization"), Person(("Joe Biden", "Biden"), "person"),
              Person(("Xi Jinping", "Xi"), "person")]
    linked = [("Acme Corp",), ("Acme Corp",), ("Joe Biden", "Biden", "Xi")]
    g = Grounder(text, sentences, people=people, article=text, scope_name="this section", narrated=True,
                 linked_by_sentence=linked)
    assert g.ground("Acme Corp hired 300 workers in Ohio.").flag is None      # "It hired 300 …"
    assert g.ground("The two leaders met in Bali.").flag is None
    alone = Grounder(text, sentences, people=people, article=text, scope_name="this section", narrated=True)
    assert alone.ground("Acme Corp hired 300 workers in Ohio.").flag == "this section gives 300, but not with “Acme”"


def test_names_that_look_like_pronouns_are_not_the_model_s_voice():
    text = "The US Army gave the letters to the archive in 1990, after World War I had ended long before."
    g = Grounder(text, [(0, len(text))], article=text, scope_name="this section", narrated=True)
    assert g.ground("The US Army kept the letters until 1990.").flag != "the model's own words, not what the article says"
    assert g.ground("The letters came long after World War I had ended.").flag is None
    assert g.ground("We think the US Army gave the letters away.").flag == \
        "the model's own words, not what the article says"


def test_an_introductory_clause_before_a_comma_is_no_apposition():
    flag = bio().ground("After meeting Bob Stone, the archivist wandered to Harrow for nine years.").flag or ""
    assert "archivist" not in flag and "wandered" not in flag


def test_a_quote_is_checked_against_the_quote_it_shares_most_words_with():
    text = ("“I think the mayor wants a deal,” Ann Lee whispered. "
            "“I think this is great news, and the mayor is confident about this deal for the docks,” Bob Stone said.")
    lee = QuoteFact(frozenset(content_words("I think the mayor wants a deal")), ("Ann Lee", "Lee"))
    stone = QuoteFact(frozenset(content_words("I think this is great news, and the mayor is confident about "
                                              "this deal for the docks")), ("Bob Stone", "Stone"))
    g = Grounder(text, spans(text), [lee, stone], [Person(("Ann Lee", "Lee")), Person(("Bob Stone", "Stone"))])
    note = "Bob Stone said: “I think this is great news, and the mayor is confident about this deal for the docks.”"
    assert g.ground(note, subject=("Bob Stone", "Stone")).flag is None
    # the same words given to the other speaker are still flagged
    wrong = "Ann Lee said: “I think this is great news, and the mayor is confident about this deal for the docks.”"
    assert g.ground(wrong, subject=("Ann Lee", "Lee")).flag.startswith("quote given to the wrong person")
