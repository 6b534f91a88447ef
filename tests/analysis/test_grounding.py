from reader.analysis.grounding import Grounder, Person, QuoteFact, content_words, split_generated

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
    assert g.flag and g.flag.startswith("misattributed") and "Ann Lee" in g.flag
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
    assert grounder().ground(note).flag.startswith("misattributed")
    assert not (grounder().ground(note, subject=("Ann Lee", "Lee")).flag or "").startswith("misattributed")


def test_possessives_match_their_names():
    text = "Trump’s aides met the council. The council listened."
    g = Grounder(text, [(0, 30), (31, len(text))]).ground("Trump met the council.")
    assert g.flag is None


def test_a_stance_note_may_name_its_actor_where_the_statement_says_he():
    text = "He warned that the old bridge would close in May."
    g = Grounder(text, [(0, len(text))])
    assert g.ground("Ada Stone warned the old bridge would close in May.").flag.startswith("names")
    assert g.ground("Ada Stone warned the old bridge would close in May.", subject=("Ada Stone", "Stone")).flag is None
    assert g.ground("Ben Hale warned the old bridge would close in May.",
                    subject=("Ada Stone", "Stone")).flag.startswith("names")     # only the actor's own names
