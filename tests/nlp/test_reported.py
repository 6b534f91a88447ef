"""Reported speech, one construction at a time, on made-up sentences (reader.nlp.reported)."""
from __future__ import annotations

import json
import math

import pytest

from reader.article import ArticleBuilder
from reader.nlp import reported
from reader.nlp.entities import find_entities
from reader.nlp.pipeline import analyze_article
from reader.nlp.sentences import split_sentences
from reader.nlp.speakers import Registry


def found(sentence: str, quotes: list[tuple[int, int]] | None = None) -> list[reported.Reported]:
    return reported.find_reported(sentence, [(0, len(sentence))], quotes or [])


def pieces(sentence: str, item: reported.Reported) -> list[str]:
    return [sentence[s:e] for s, e in item.content]


def only(sentence: str, cue: str | None = None) -> reported.Reported:
    """The one statement found (with ``cue``: the one of that cue; a clause may hold others)."""
    items = [x for x in found(sentence) if cue is None or sentence[slice(*x.cue)] == cue]
    assert len(items) == 1, items
    return items[0]


def check(sentence: str, cue: str, rule: str, source: str, content: str) -> None:
    """The one statement of ``cue`` has this rule (a prefix ending in "-" matches any kind of
    complement), source phrase and single content piece."""
    item = only(sentence, cue)
    assert item.rule.startswith(rule) if rule.endswith("-") else item.rule == rule, item.rule
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence, source, cue, content", [
    ("The mayor warned that the bridge would close in March.", "The mayor", "warned",
     "the bridge would close in March"),
    ("Ms. Okafor told reporters that the budget was balanced.", "Ms. Okafor", "told", "the budget was balanced"),
    ("Officials on Tuesday said that the talks had stalled.", "Officials", "said", "the talks had stalled"),
    ("She has repeatedly denied that the company broke any rules.", "She", "denied",
     "the company broke any rules"),
])
def test_subject_cue_that_clause(sentence, source, cue, content):
    item = only(sentence, cue)
    assert item.rule == "subject-that"
    assert sentence[slice(*item.source)] == source and sentence[slice(*item.cue)] == cue
    assert pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence, content", [
    ("The governor said the plan would cost too much.", "the plan would cost too much"),
    ("He argued voters were tired of the fight.", "voters were tired of the fight"),
])
def test_subject_cue_bare_clause_needs_a_clause_taking_verb(sentence, content):
    item = next(x for x in found(sentence) if x.rule.startswith("subject"))
    assert item.rule == "subject-bare" and pieces(sentence, item) == [content]


def test_a_verb_without_a_clause_frame_takes_no_bare_clause():
    # "praise" takes an object, not a clause (WordNet gives it no frame "Somebody ----s that CLAUSE")
    item = only("The senator praised the workers who rebuilt the levee.")
    assert item.rule == "subject-object" and item.lemma == "praise"


def test_object_content_stops_before_an_adjunct():
    sentence = "The union criticized the new contract on Monday."
    item = only(sentence)
    assert pieces(sentence, item) == ["the new contract"]


def test_infinitive_and_question_complements():
    promise = "The minister promised to resign if the vote failed."
    item = only(promise, "promised")
    assert item.rule == "subject-to" and pieces(promise, item) == ["to resign if the vote failed"]
    ask = "Reporters asked whether the minister would resign."
    assert only(ask).rule == "subject-wh"


def test_inverted_cue_ends_the_sentence():
    sentence = "The bridge will close in March, officials said."
    item = only(sentence)
    assert item.rule == "inverted" and pieces(sentence, item) == ["The bridge will close in March"]
    assert sentence[slice(*item.source)] == "officials"
    later = "The bridge will close in March, said the mayor of Dover."
    assert only(later).rule == "inverted" and later[slice(*only(later).source)] == "the mayor of Dover"


def test_parenthetical_cue_splits_the_content():
    sentence = "The bridge, she said, will close in March."
    item = only(sentence)
    assert item.rule == "parenthetical"
    assert pieces(sentence, item) == ["The bridge", "will close in March"]


@pytest.mark.parametrize("sentence, source, content", [
    ("According to the report, the river rose two metres overnight.", "the report",
     "the river rose two metres overnight"),
    ("The river rose two metres overnight, according to the weather service.", "the weather service",
     "The river rose two metres overnight"),
])
def test_according_to(sentence, source, content):
    item = next(x for x in found(sentence) if x.rule == "according-to")
    assert item.rule == "according-to" and item.lemma == "according to"
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_coordinated_verb_takes_the_sentence_subject():
    sentence = "Ann Lee posted a photo of the flood and said the town had been abandoned."
    items = [i for i in found(sentence) if i.lemma == "say"]
    assert items and items[0].rule == "coordinated-bare"
    assert sentence[slice(*items[0].source)] == "Ann Lee"


def test_nested_statements_are_each_found():
    sentence = "The mayor said that the engineer believes the bridge is unsafe."
    lemmas = sorted(i.lemma for i in found(sentence))
    assert lemmas == ["believe", "say"]


@pytest.mark.parametrize("sentence", [
    "The report was published on Monday.",              # a cue word used as a noun
    "Saying goodbye is hard.",                          # a participle opens the sentence
    "They walked to the station in the rain.",
])
def test_no_statement(sentence):
    # nothing the app shows: a verb seldom a cue may be tried, and its counted precision leaves it out
    assert [x for x in found(sentence)
            if reported.statement_confidence(x, sentence) >= reported.MIN_CONFIDENCE] == []


def test_a_sentence_that_is_a_direct_quote_is_left_to_the_quote_finder():
    sentence = "\u201cThe bridge will close,\u201d"
    assert found(sentence, [(0, len(sentence))]) == []


def test_rules_confidence_comes_from_the_shipped_counts():
    table = json.loads(reported.resource_path(*reported.RULES_FILE).read_text(encoding="utf-8"))
    rules = table["rules"]
    assert {"subject-that", "inverted", "according-to"} <= set(rules)
    assert reported.confidence("subject-that", "no-such-verb") == rules["subject-that"]["precision"]
    assert all(0.0 <= v["precision"] <= 1.0 for v in rules.values())
    assert all(v["n"] >= table["min_count"] for k, v in rules.items() if ":" not in k and "@" not in k)
    assert all(v["n"] >= table["min_verb_count"] for v in rules.values())
    # a rule never counted is not trusted at all
    assert reported.confidence("no-such-rule", "say") == reported.DEFAULT_CONFIDENCE < reported.MIN_CONFIDENCE


def test_a_statements_confidence_is_the_learnt_models_probability(monkeypatch):
    sentence = "The mayor warned that the bridge would close in March."
    item = only(sentence, "warned")
    features = reported.statement_features(item, sentence)
    assert {"bias", "r=subject-that", "f=*-that", "l=warn", "rl=subject-that:warn", "sk=descriptor",
            "len=6-10", "fw=the"} <= set(features)
    monkeypatch.setattr(reported, "statement_weights", lambda: {"bias": -1.0, "l=warn": 3.0})
    assert reported.statement_confidence(item, sentence) == pytest.approx(1 / (1 + math.exp(-2.0)))
    # without weights the counted precision of the construction with its verb is the confidence
    monkeypatch.setattr(reported, "statement_weights", lambda: {})
    assert reported.statement_confidence(item, sentence) == reported.confidence(item.rule, item.lemma)


def test_a_source_takes_the_type_of_the_named_mention_it_overlaps():
    sentence = "Officials at Acme Corp said the deal was off. Ann Lee warned that prices would rise."
    second = sentence.index("Ann")
    items = reported.find_reported(sentence, [(0, second - 1), (second, len(sentence))], [])
    acme = sentence.index("Acme Corp")
    mentions = [((acme, acme + len("Acme Corp")), "organization"), ((second, second + len("Ann Lee")), "person")]
    assert [sentence[slice(*x.cue)] for x in items] == ["said", "warned"]
    assert reported.source_types(items, mentions) == ["organization", "person"]
    assert reported.source_types(items, []) == ["no", "no"]


@pytest.mark.parametrize("sentence", [
    "Lynch: No outside influence on the inquiry into the emails.",
    "Breaking: Talks collapse after a night of argument.",
])
def test_what_stands_before_a_colon_lead_is_a_feature_of_its_confidence(sentence, monkeypatch):
    item = only(sentence)
    assert item.rule == "colon-lead"
    assert reported.statement_features(item, sentence, None, "person")[-1] == "lead=person"
    monkeypatch.setattr(reported, "statement_weights", lambda: {"bias": 1.0, "lead=no": -3.0})
    assert reported.statement_confidence(item, sentence, None, "no") < 0.5 < \
        reported.statement_confidence(item, sentence, None, "person")
    lead = (0, sentence.index(":"))
    assert [x for x, _ in reported.confident([item], sentence, None, [(lead, "person")])] == [item]
    assert reported.confident([item], sentence, None, []) == []


def test_a_statement_with_a_verb_does_not_read_its_sources_type():
    sentence = "The mayor warned that the bridge would close."
    item = only(sentence)
    assert reported.statement_features(item, sentence, None, "person") == reported.statement_features(item, sentence)


def test_the_shipped_model_was_learnt_from_the_counted_statements():
    table = json.loads(reported.resource_path(*reported.RULES_FILE).read_text(encoding="utf-8"))
    assert table["model"]["statements"] >= 1000 and len(table["weights"]) > 100
    assert reported.statement_weights() == table["weights"]


def test_the_statement_tagger_s_agreement_is_a_feature_of_the_confidence(monkeypatch):
    sentence = "The mayor warned that the bridge would close."
    item = only(sentence)
    plain = reported.statement_features(item, sentence)
    assert not any(f.startswith("tg") for f in plain)
    agreed = reported.statement_features(item, sentence, "same:3")
    family = reported.complement_family(item.rule)
    assert agreed == plain + ["tg=same", f"tgf={family}|same", "tgc=same:3"]
    monkeypatch.setattr(reported, "statement_weights", lambda: {"bias": -1.0, "tg=same": 3.0, "tg=none": -1.0})
    assert reported.statement_confidence(item, sentence, "same:3") > 0.85 > 0.15 > \
        reported.statement_confidence(item, sentence, "none")
    resolved = reported.resolve([item], Registry(sentence, []), lambda content: "same:4")
    assert [(r, round(conf, 3)) for r, _, conf in resolved] == [(item, round(1 / (1 + math.exp(-2.0)), 3))]


def test_training_the_model_gives_weight_to_what_marks_right_statements():
    from reader.training.logistic import train_weights
    examples = [(["bias", "good"], True)] * 30 + [(["bias", "bad"], False)] * 30 + [(["bias"], True)] * 5
    weights = train_weights(examples)
    assert weights["good"] > 1.0 > -1.0 > weights["bad"]
    assert train_weights(examples) == weights                    # the same examples, the same weights


def test_a_rare_verb_takes_the_precision_of_its_class_of_verbs(monkeypatch):
    table = {"subject-object": 0.5, "subject-object@communication": 0.7, "subject-object:say": 0.9}
    monkeypatch.setattr(reported, "rule_confidence", lambda: table)
    assert reported.verb_class("reveal") == "communication"
    assert reported.confidence("subject-object", "say") == 0.9          # its own count
    assert reported.confidence("subject-object", "reveal") == 0.7       # its class's
    assert reported.verb_class("ponder") != "communication"
    assert reported.confidence("subject-object", "ponder") == 0.5       # the rule's
    assert reported.verb_class("no-such-verb") == "other"


def test_reporting_verbs_come_from_wordnet_with_their_inflections():
    forms, verbs = reported.lexicon()
    assert forms["said"] == "say" and forms["denied"] == "deny" and forms["told"] == "tell"
    assert verbs["say"]["that"] and not verbs["praise"]["that"]
    assert "communication" in verbs["warn"]["files"] and "cognition" in verbs["believe"]["files"]
    assert forms["showed"] == "show"                  # a regular past beside the participle "shown"


def article(*paragraphs: str):
    builder = ArticleBuilder()
    builder.set_title("Flood")
    for paragraph in paragraphs:
        builder.paragraph(paragraph)
    return builder.build(source="made-up.txt")


def test_attributions_in_the_analysis_resolve_speakers_and_mark_kinds():
    art = article("Mayor Ann Lee said that the bridge would close in March.",
                  "She said the repairs were \u201cbadly overdue\u201d and would take a year.",
                  "\u201cWe have no choice,\u201d Lee said.")
    analysis = analyze_article(art)
    text = analysis.article.text
    by_kind = {}
    for a in analysis.attributions:
        by_kind.setdefault(a.kind, []).append(a)
    assert set(by_kind) == {"indirect", "mixed", "direct"}
    speakers = {a.speaker for a in analysis.attributions}
    assert len(speakers) == 1 and analysis.entity(speakers.pop()).type == "person"
    assert [a.id for a in analysis.attributions] == [f"a{n}" for n in range(1, len(analysis.attributions) + 1)]
    indirect = by_kind["indirect"][0]
    assert text[slice(*indirect.content[0])] == "the bridge would close in March"
    assert text[slice(*indirect.cue)] == "said" and 0 < indirect.confidence <= 1
    spoken = next(a for a in by_kind["direct"] if "no choice" in text[slice(*a.content[0])])
    assert text[slice(*spoken.source)] == "Lee" and text[slice(*spoken.cue)] == "said"
    data = analysis.to_dict()["attributions"][0]
    assert set(data) == {"id", "kind", "content", "cue", "source", "speaker", "confidence"}


def test_sentences_and_entities_are_unchanged_by_reported_speech():
    art = article("The council said that the ferry would stop running.")
    sentences = split_sentences(art)
    given = find_entities(art, sentences)
    analysis = analyze_article(art)
    assert list(analysis.sentences) == list(sentences)
    assert {e.name for e in given} <= {e.name for e in analysis.entities}


def test_participle_clause_takes_the_sentence_subject():
    sentence = "The governor signed the bill, saying that the state could not wait."
    item = next(i for i in found(sentence) if i.lemma == "say")
    assert item.rule == "participle-that" and sentence[slice(*item.source)] == "The governor"
    assert pieces(sentence, item) == ["the state could not wait"]


def test_colon_after_the_cue_introduces_the_content():
    sentence = "The mayor said: the bridge will close in March."
    item = only(sentence)
    assert item.rule == "subject-colon" and pieces(sentence, item) == ["the bridge will close in March"]


def test_relative_pronoun_speaks_for_its_antecedent():
    sentence = "The plan was drafted by Ann Lee, who argued that the town could not wait."
    item = next(i for i in found(sentence) if i.lemma == "argue")
    assert item.rule == "relative-that" and sentence[slice(*item.source)] == "Ann Lee"


@pytest.mark.parametrize("sentence, source", [
    ("Companies say that the rule would cost jobs.", "Companies"),            # a plural subject
    ("The senator is arguing that the rule would cost jobs.", "The senator"),  # progressive
])
def test_present_and_progressive_forms(sentence, source):
    item = next(x for x in found(sentence) if x.rule == "subject-that")
    assert item.rule == "subject-that" and sentence[slice(*item.source)] == source


def test_quotes_in_paired_apostrophes_are_direct_statements_with_their_marks():
    art = article("''We will rebuild the bridge,'' Mayor Ann Lee said on Monday.")
    analysis = analyze_article(art)
    text = analysis.article.text
    direct = [a for a in analysis.attributions if a.kind == "direct"]
    assert [text[slice(*a.content[0])] for a in direct] == ["''We will rebuild the bridge,''"]
    assert direct[0].speaker is not None and text[slice(*direct[0].cue)] == "said"
    assert analysis.quotes == ()        # ``quotes`` keeps to double quotation marks


def test_typewriter_marks_keep_every_offset():
    from reader.nlp.quotes import typewriter_marks
    text = "He said ''no,'' to rock''n''roll."
    marked = typewriter_marks(text)
    assert len(marked) == len(text)
    assert marked[8:10] == ' "' and marked[13:15] == '" '
    assert marked.endswith("rock''n''roll.")      # between two letters: no quotation mark


@pytest.mark.parametrize("sentence, source, rule", [
    ("Twenty-four percent said they were more likely to vote for him.", "Twenty-four percent", "long-bare"),
    ("The deputy head of the delegation to the forum said the talks had failed.",
     "The deputy head of the delegation to the forum", "long-bare"),
    # "advocates" after a quantifier is a noun, not the verb "advocate"; a speaker's noun with the phrase
    # of what they speak for is the subject itself (cues._speaker_before_relation)
    ("Some advocates for stem cell research said the ban would slow new cures.",
     "Some advocates for stem cell research", "subject-bare"),
])
def test_a_long_subject_from_the_sentence_start(sentence, source, rule):
    item = only(sentence, "said")
    assert item.rule == rule and sentence[slice(*item.source)] == source


@pytest.mark.parametrize("sentence, cue", [
    ("Mayor Ann Lee said the city would review its leases with the developer.", "review"),
    ("The governor criticized the plan and the council later approved funding for it.", "approved"),
])
def test_a_phrase_holding_a_reporting_verb_in_the_past_is_no_long_subject(sentence, cue):
    # "Mayor Ann Lee said the city" is a clause of its own: it speaks for no later cue
    assert [x.rule for x in found(sentence) if sentence[slice(*x.cue)] == cue and x.rule.startswith("long-")] == []


def test_a_clause_before_the_cue_is_no_subject():
    assert found("When the vote came, many in the hall said nothing.") == []


@pytest.mark.parametrize("sentence, content", [
    ("The mayor said that the bridge would close, while the council wanted it open.", "the bridge would close"),
    ("The mayor said that the bridge would close, which surprised the town.", "the bridge would close"),
])
def test_content_stops_at_a_contrasting_or_relative_clause(sentence, content):
    item = next(i for i in found(sentence) if i.lemma == "say")
    assert pieces(sentence, item) == [content]


def test_content_stops_before_another_speakers_attribution():
    sentence = "Comey said he makes recommendations on cases, Lewandowski said on Monday."
    item = next(i for i in found(sentence) if sentence[slice(*i.source)] == "Comey")
    assert pieces(sentence, item) == ["he makes recommendations on cases"]


def test_a_time_word_alone_is_no_content():
    sentence = "The bridge will close in March, a spokesman said Thursday."
    items = found(sentence)
    assert "inverted" in [i.rule for i in items]
    assert all(pieces(sentence, i) != ["Thursday"] for i in items)


def test_a_prepositional_object_is_the_content():
    sentence = "The attorney general argued for a new review of the case on Monday."
    item = only(sentence)
    assert item.rule.endswith("-prep") and pieces(sentence, item) == ["a new review of the case"]


def test_progressive_with_an_adverb_between():
    sentence = "His campaign was still hoping to win the state."
    item = only(sentence, "hoping")
    assert item.rule.endswith("-to") and sentence[slice(*item.cue)] == "hoping"


@pytest.mark.parametrize("sentence, cue, content", [
    ("The governor proposed raising the gas tax.", "proposed", "raising the gas tax"),
    ("The candidate insulted women and veterans.", "insulted", "women and veterans"),
    ("The agency ignored clear evidence of fraud.", "ignored", "clear evidence of fraud"),
])
def test_an_object_opens_with_any_noun_phrase_word_the_tagger_finds(sentence, cue, content):
    # a gerund, a bare plural, an adjective: not only a determiner or a capital
    item = only(sentence)
    assert sentence[slice(*item.cue)] == cue and item.rule == "subject-object"
    assert pieces(sentence, item) == [content]


def test_a_cue_after_a_comma_with_a_clause_of_its_own_is_not_inverted():
    # "Later in the day" is not what the FBI said: the verb after "said" opens its clause
    sentence = "Later in the day, the FBI said it would cooperate."
    item = only(sentence)
    assert item.rule == "subject-bare" and pieces(sentence, item) == ["it would cooperate"]


def test_an_inverted_cue_keeps_an_adverbial_clause_or_a_relative_clause_after_it():
    sentence = "Prices will rise, Smith told reporters after the meeting was over."
    item = only(sentence)
    assert item.rule == "inverted" and pieces(sentence, item) == ["Prices will rise"]
    sentence = "The bridge will close, said the mayor, who was elected last year."
    item = only(sentence)
    assert item.rule == "inverted" and pieces(sentence, item) == ["The bridge will close"]
    assert sentence[slice(*item.source)] == "the mayor"


@pytest.mark.parametrize("sentence, source, content", [
    ("Both unions issued a statement expressing doubt about the merger.", "a statement",
     "doubt about the merger"),
    ("The poll shows most farmers saying they will plant less corn.", "most farmers",
     "they will plant less corn"),
])
def test_a_participle_right_after_a_noun_phrase_is_said_by_it(sentence, source, content):
    item = next(x for x in found(sentence) if x.rule.startswith("reduced-"))
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_a_participle_of_a_verb_outside_the_lexicon_is_no_cue():
    assert found("The building housing the office was closed.") == []


@pytest.mark.parametrize("sentence, cue, source, content", [
    ("She refused to endorse the plan.", "endorse", "She", "the plan"),
    ("The mayor declined to say whether the bridge would close.", "say", "The mayor",
     "whether the bridge would close"),
    ("Some voters want to know if the plan works.", "know", "Some voters", "if the plan works"),
])
def test_a_cue_after_to_is_said_by_the_governing_verbs_subject(sentence, cue, source, content):
    item = only(sentence, cue)
    assert item.rule.startswith("infinitive-")
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_a_noun_before_to_governs_no_cue():
    assert [x.rule for x in found("They have the right to vote for the plan.") if x.rule.startswith("infinitive")] == []


@pytest.mark.parametrize("sentence, cue, source", [
    ("The unions may well endorse Clinton in the coming weeks.", "endorse", "The unions"),
    ("He can now say that the plan has worked.", "say", "He"),
])
def test_an_adverb_between_the_auxiliary_and_the_cue(sentence, cue, source):
    item = only(sentence, cue)
    assert item.rule.startswith("subject-") and sentence[slice(*item.source)] == source


def test_a_name_and_a_colon_before_what_they_said():
    sentence = "Mark Okafor: We will appeal the ruling."
    item = only(sentence, ":")
    assert item.rule == "colon-lead" and sentence[slice(*item.source)] == "Mark Okafor"
    assert pieces(sentence, item) == ["We will appeal the ruling"]
    assert [x for x in found("The rules are simple: nobody leaves early.") if x.rule.endswith("colon-lead")] == []


def test_a_title_case_headline_has_its_verbs_found_and_its_rules_counted_apart():
    sentence = "Conservative Icon Ann Lee Endorses Tom Cruz."
    item = only(sentence, "Endorses")
    assert item.rule == "title-subject-object" and item.lemma == "endorse"
    assert sentence[slice(*item.source)] == "Conservative Icon Ann Lee" and pieces(sentence, item) == ["Tom Cruz"]
    head = "Governor Lee: Budget Talks Have Stalled"
    assert only(head, ":").rule == "title-colon-lead"


@pytest.mark.parametrize("sentence, source, kind", [
    ("Allied nations have sought to stress the value of the talks.", "Allied nations", "descriptor"),
    ("Danish officials were careful, seeking to keep their ties with the mayor.", "Danish officials", "descriptor"),
    ("Mayor Ann Lee has sought to stress the value of the talks.", "Mayor Ann Lee", "name"),
])
def test_a_capitalised_modifier_before_a_lower_case_head_is_a_description(sentence, source, kind):
    item = next(x for x in found(sentence) if x.rule.startswith(("infinitive-", "participle-")))
    assert sentence[slice(*item.source)] == source and item.source_kind == kind


@pytest.mark.parametrize("sentence, source, kind, content", [
    ("The vote followed Ann Lee's controversial proposal to close the bridge.", "Ann Lee", "name",
     "to close the bridge"),
    ("Her support for the bill was clear.", "Her", "pronoun", "the bill"),
    ("His view is that the war must end.", "His", "pronoun", "the war must end"),
    ("The union's criticism of the plan was sharp.", "The union", "descriptor", "the plan"),
    ("While Ann Lee’s sharp criticism of the deal was noted, others agreed.", "Ann Lee", "name", "the deal"),
    ("Their view was that the bridge must close soon.", "Their", "pronoun", "the bridge must close soon"),
])
def test_a_possessor_and_a_noun_of_speech_or_thought(sentence, source, kind, content):
    item = next(x for x in found(sentence) if x.rule.startswith("noun-"))
    assert sentence[slice(*item.source)] == source and item.source_kind == kind
    assert pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence, rule", [
    ("The mayor's assertion that the bridge would close was disputed.", "noun-that"),
    ("The mayor's plan to close the bridge was dropped.", "noun-to"),
    ("The mayor's support for the bridge was clear.", "noun-prep"),
])
def test_each_noun_construction_is_its_own_pattern(sentence, rule):
    assert [x.rule for x in found(sentence) if x.rule.startswith("noun-")] == [rule]


@pytest.mark.parametrize("sentence", [
    "His view is to wait and see what happens.",          # "is" then no that-clause
    "Her reply to the letter came late.",                  # "to" and no verb: no infinitive
    "The mayor's plan to.",                               # nothing after "to"
])
def test_a_noun_of_speech_without_its_content_opener_is_left_alone(sentence):
    assert [x for x in found(sentence) if x.rule.startswith("noun-")] == []


def test_a_noun_of_speech_without_a_possessor_names_no_speaker():
    assert [x for x in found("The proposal to close the bridge was dropped.") if x.rule.startswith("noun-")] == []


def test_nouns_of_speech_come_from_wordnet_derivations_of_the_verbs():
    nouns = reported.cue_nouns()
    assert nouns["proposal"] == "propose" and nouns["proposals"] == "propose"
    assert nouns["criticism"] in reported.lexicon()[1] and "rally" not in nouns


@pytest.mark.parametrize("sentence, source, content, rule", [
    ("Reporters were told by the spokesman that the talks had stalled.", "the spokesman",
     "the talks had stalled", "passive-that"),
    ("It was announced by the ministry that prices would rise.", "the ministry", "prices would rise",
     "passive-that"),
    ("The plan was criticized by several senators.", "several senators", "The plan", "passive-subject"),
    ("The new tax plan has been widely praised by economists on the left.", "economists on the left",
     "The new tax plan", "passive-subject"),
    ("The mayor was urged by residents to close the bridge.", "residents", "to close the bridge", "passive-to"),
    ("The council was also asked by the state auditor to publish its accounts.", "the state auditor",
     "to publish its accounts", "passive-to"),
])
def test_a_passive_cue_with_its_speaker_after_by(sentence, source, content, rule):
    item = only(sentence)
    assert item.rule == rule and sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_a_passive_without_by_names_no_one():
    assert found("It was announced that prices would rise.") == []
    assert found("The claims were rejected in court.") == []


def test_a_passive_with_a_clause_too_short_to_say_anything_is_no_statement():
    # a that-clause after "by X" takes the statement, and one word says nothing: no fall back to the subject
    assert not [x for x in found("The plan was criticized by the senator that day.") if x.rule == "passive-subject"]


def test_a_rare_construction_takes_the_precision_of_its_kind_of_content(monkeypatch):
    monkeypatch.setattr(reported, "rule_confidence", lambda: {"*-that": 0.85, "subject-that": 0.88})
    assert reported.complement_family("passive-that") == "*-that"
    assert reported.confidence("passive-that", "tell") == 0.85
    assert reported.confidence("subject-that", "tell") == 0.88
    # a rule that names no kind of content is its own family
    assert reported.complement_family("according-to") == "according-to"
    assert reported.complement_family("inverted") == "inverted"
    assert reported.complement_family("title-reduced-wh") == "title-*"


@pytest.mark.parametrize("sentence, cue, content", [
    ("She didn't mention the plan.", "mention", "the plan"),
    ("I don’t trust anyone on the committee.", "trust", "anyone"),
])
def test_a_negated_auxiliary_before_the_cue(sentence, cue, content):
    item = only(sentence, cue)
    assert item.rule == "subject-object" and pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence, source, content", [
    ("When liberal groups argued for a public option, the plan changed.", "liberal groups", "a public option"),
    ("As doctors and nurses warned of the risk of an outbreak, lawmakers met.", "doctors and nurses",
     "the risk of an outbreak"),
])
def test_a_noun_phrase_found_by_its_tags_after_a_clause_word(sentence, source, content):
    item = next(x for x in found(sentence) if x.rule.startswith("np-"))
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_a_relative_who_without_a_comma_speaks_for_its_noun():
    sentence = "Some voters who criticized the plan stayed home."
    item = next(x for x in found(sentence) if x.rule.startswith("relative-"))
    assert sentence[slice(*item.source)] == "Some voters" and pieces(sentence, item) == ["the plan"]


def test_an_object_ends_before_the_verb_of_the_clause_it_sits_in():
    sentence = "Her support for the bill was clear."
    item = next(x for x in found(sentence) if x.rule.startswith("noun-"))
    assert pieces(sentence, item) == ["the bill"]


@pytest.mark.parametrize("sentence, cue, content", [
    # a lone dash: what follows is the writer's aside, not the statement
    ("The mayor has called for the records to be made public — even the ones her staff kept.", "called",
     "the records to be made public"),
    # a pair of dashes encloses an aside inside the statement
    ("The mayor said the bridge — closed since May — would open in March.", "said",
     "the bridge — closed since May — would open in March"),
    # ", saying …": the same speaker's next statement
    ("Ms. Okafor rejected the idea that the budget was short, saying the city had money to spare.", "rejected",
     "the idea that the budget was short"),
    # ", even though …": a concessive clause of the writer's
    ("The governor said the plan would pass, even though the vote was close.", "said", "the plan would pass"),
])
def test_a_statement_ends_where_an_aside_or_the_next_statement_begins(sentence, cue, content):
    assert pieces(sentence, only(sentence, cue)) == [content]


@pytest.mark.parametrize("sentence, content", [
    ("The minister predicted that the economy would soon rebound and praised the central bank.",
     "the economy would soon rebound"),
    ("The senator argued that the law will fail and warned of its cost.", "the law will fail"),
])
def test_a_second_verb_in_the_cues_form_is_the_speakers_not_the_statements(sentence, content):
    item = next(x for x in found(sentence) if sentence[slice(*x.cue)] in {"predicted", "argued"})
    assert pieces(sentence, item) == [content]


def test_a_second_verb_in_the_statements_own_form_stays_in_it():
    sentence = "The witness said the driver had stopped and turned back."
    assert pieces(sentence, only(sentence, "said")) == ["the driver had stopped and turned back"]


@pytest.mark.parametrize("sentence, content, second", [
    # in the statement's own form too, a verb of speech or thought with a clause or an infinitive
    # of its own after "and" is the speaker's next statement
    ("The mayor said the bridge was unsafe, and urged them to use the ferry.", "the bridge was unsafe", "urged"),
    ("The coach said the team had played badly and warned that changes would come.", "the team had played badly",
     "warned"),
    ("Ms. Okafor said the budget was balanced, and added that taxes would not rise.", "the budget was balanced",
     "added"),
])
def test_a_second_cue_of_the_speaker_ends_the_first_statement(sentence, content, second):
    assert pieces(sentence, only(sentence, "said")) == [content]
    assert sentence[slice(*only(sentence, second).source)] == sentence.split(" said")[0]


@pytest.mark.parametrize("sentence, content", [
    ("The senator said the plan was weak — “We need details,” she said — and warned that it "
     "would fail.", "the plan was weak"),
    ("The mayor argued that the tax was unfair — “It hurts families,” said Ann Lee — and "
     "promised a vote.", "the tax was unfair"),
])
def test_a_quotation_with_its_own_cue_between_dashes_ends_the_statement(sentence, content):
    item = next(x for x in found(sentence) if sentence[slice(*x.cue)] in {"said", "argued"}
                and sentence[slice(*x.source)] != "she")
    assert pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence, content", [
    # an aside between dashes that credits no one stays inside what was said
    ("The senator said the plan — a costly one — would fail.", "the plan — a costly one — would fail"),
    ("The senator said the plan — “a disaster” — would fail.", "the plan — “a disaster” — would fail"),
])
def test_an_aside_between_dashes_without_a_cue_stays_in_the_statement(sentence, content):
    item = next(x for x in found(sentence) if sentence[slice(*x.cue)] == "said")
    assert pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence, source, content", [
    # the person spoken to, before the that-clause: a person noun or a name, with or without "to"
    ("The mayor told voters in the valley that taxes would fall.", "The mayor", "taxes would fall"),
    ("Ms. Okafor repeated to the Harbor Times that the budget was balanced.", "Ms. Okafor",
     "the budget was balanced"),
    # a day after the cue, then the clause
    ("The spokesman said Thursday night that the talks had failed.", "The spokesman", "the talks had failed"),
    ("Jane Roe said Monday the plan was dead.", "Jane Roe", "the plan was dead"),
    # a refusal is a statement too
    ("The lawyer also declined to comment.", "The lawyer", "to comment"),
])
def test_an_addressee_or_a_day_between_cue_and_content(sentence, source, content):
    item = only(sentence)
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_a_that_after_a_thing_opens_a_relative_clause_not_the_content():
    sentence = "He said the plan that he wrote would pass."
    assert pieces(sentence, only(sentence, "said")) == ["the plan that he wrote would pass"]
    assert found("A spokesman said Thursday.") == []


@pytest.mark.parametrize("sentence, source, cue, content, rule", [
    ("The mayor was confident that the bridge would open in March.", "The mayor", "confident",
     "the bridge would open in March", "adjective-that"),
    ("Democrats are increasingly worried that turnout will fall.", "Democrats", "worried", "turnout will fall",
     "adjective-that"),
    ("The senator was critical of the harbor deal.", "The senator", "critical", "the harbor deal", "adjective-prep"),
    ("Officials were quietly confident that talks would resume soon.", "Officials", "confident",
     "talks would resume soon", "adjective-that"),
    ("The mayor has been critical of the council's plan.", "The mayor", "critical", "the council's plan",
     "adjective-prep"),
])
def test_an_adjective_of_attitude_after_be(sentence, source, cue, content, rule):
    item = only(sentence, cue)
    assert item.rule == rule and sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence", ["They are worried about.", "They were worried about, frankly, everything.",
                                      "Voters were skeptical of (and angry about) the plan."])
def test_a_statement_says_something(sentence):
    # what an adjective of attitude is about opens with a word, not a mark
    assert [x for x in found(sentence) if x.rule == "adjective-prep" and not sentence[slice(*x.content[0])][:1].isalnum()] == []


def test_an_adjective_after_an_expletive_names_no_one():
    assert [x for x in found("It is likely that the bridge will open.") if x.rule.startswith("adjective")] == []


def test_a_question_inside_an_object_keeps_its_own_verb():
    sentence = "The minister voiced doubt about whether the council was ready to vote."
    item = only(sentence, "voiced")
    assert pieces(sentence, item) == ["doubt about whether the council was ready to vote"]
    # without a question word the object still ends before the sentence's own verb
    sentence = "Her support for the bridge plan was clear."
    assert all("was" not in " ".join(pieces(sentence, x)) for x in found(sentence))


def _speakers(*paragraphs: str) -> dict[str, str | None]:
    """Source phrase -> the name of the entity it resolves to, for each attribution."""
    builder = ArticleBuilder()
    builder.set_title("Ferry vote")
    for paragraph in paragraphs:
        builder.paragraph(paragraph)
    analysis = analyze_article(builder.build())
    names = {e.id: e.name for e in analysis.entities}
    text = analysis.article.text
    return {text[a.source[0]:a.source[1]]: names.get(a.speaker) for a in analysis.attributions if a.source}


def test_a_group_named_after_a_person_is_not_that_person():
    found = _speakers("Mayor Ada Stone opened the pier on Monday. Stone said the ferry would run daily.",
                      "Stone’s team said the ferry would run at night too. The Stone administration’s press "
                      "office said that tickets would be cheap.")
    assert found["Stone"] == "Ada Stone"
    assert found["Stone’s team"] != "Ada Stone"
    assert found["The Stone administration’s press office"] != "Ada Stone"


def test_a_sentence_opening_conjunction_is_not_part_of_a_possessor():
    text = "While Stone’s confidence that the ferry would run daily grew, the council hesitated."
    item = only(text, "confidence")
    assert text[item.source[0]:item.source[1]] == "Stone"


@pytest.mark.parametrize(("sentence", "cue", "content"), [
    ("Macron expressed doubt about whether the leader was ready to end the conflict he had started.",
     "expressed", "doubt about whether the leader was ready to end the conflict he had started"),
    ("Lee voiced support for the bill they wrote.", "voiced", "support for the bill they wrote"),
    ("Lee voiced support for the bill it had passed.", "voiced", "support for the bill it had passed"),
])
def test_a_relative_clause_without_that_stays_in_the_object(sentence, cue, content):
    assert pieces(sentence, only(sentence, cue)) == [content]


def test_the_verb_after_an_object_with_no_pronoun_subject_still_ends_it():
    sentence = "Voters who had doubts about the plan stayed home, Lee said."
    assert not any(sentence[r.content[0][0]:r.content[-1][1]].endswith("stayed home")
                   for r in found(sentence) if r.lemma == "doubt")


@pytest.mark.parametrize(("sentence", "source", "cue", "content"), [
    ("The council passed the budget, which the mayor has repeatedly said was a mistake.", "the mayor", "said",
     "which the mayor has repeatedly said was a mistake"),
    ("Crews cleared the road after a crash that two witnesses said involved a bus.", "two witnesses", "said",
     "that two witnesses said involved a bus"),
    ("The firm sold what several analysts say is its best factory.", "several analysts", "say",
     "what several analysts say is its best factory"),
    ("Divers found a wreck the historians believe was a trading ship.", "the historians", "believe",
     "the historians believe was a trading ship"),
])
def test_a_relative_clause_whose_antecedent_is_what_was_said(sentence, source, cue, content):
    check(sentence, cue, "gapped", source, content)


def test_a_cue_followed_by_its_own_clause_is_not_gapped():
    sentence = "The mayor said the bridge was closed."
    assert only(sentence).rule == "subject-bare"


@pytest.mark.parametrize(("sentence", "source", "cue"), [
    ("Most said they would vote again in the spring.", "Most", "said"),
    ("The plan is popular, but few believe it will pass the senate.", "few", "believe"),
    ("Only a few argue that the tax should be raised.", "Only a few", "argue"),
])
def test_a_quantifier_standing_alone_is_a_subject(sentence, source, cue):
    item = only(sentence, cue)
    assert sentence[slice(*item.source)] == source and item.rule.startswith("subject")


def test_a_quantifier_before_a_noun_or_after_a_verb_is_no_subject():
    assert reported._quantifier_subject(reported.tokens("Voters had some say in it.", 0, 25), 2) is None
    assert not [x for x in found("Most claims were false.") if x.lemma == "claim" and x.rule.startswith("subject")]


def test_a_long_appositive_between_the_name_and_the_cue():
    sentence = ("Anna Berg, director of the Center for Coastal Studies at the Institute of Marine Science at "
                "Northfield University, said the storm would be the worst in years.")
    item = only(sentence)
    assert sentence[slice(*item.source)] == "Anna Berg" and pieces(sentence, item) == [
        "the storm would be the worst in years"]


def test_a_noun_after_a_comma_and_a_cue_with_a_verb_after_it_is_no_inverted_speaker():
    sentence = ("Carl Dunn, who manages apartment buildings for the property firm Dunn & Sons in the north, "
                "said rents had risen sharply.")
    item = only(sentence)
    assert item.rule != "inverted" and sentence[slice(*item.source)] == "Carl Dunn"
    assert pieces(sentence, item) == ["rents had risen sharply"]


@pytest.mark.parametrize("sentence", [
    "Take note of how the committee votes.",
    "Ask around to see what the neighbours have been told.",
])
def test_an_imperative_opening_the_sentence_is_no_speaker(sentence):
    assert not [x for x in found(sentence) if sentence[slice(*x.source)].split()[0] in {"Take", "Ask"}]


def test_a_named_speaker_opening_the_sentence_stays_a_speaker():
    sentence = "Mark said the plan had failed."
    assert sentence[slice(*only(sentence).source)] == "Mark"


def test_a_capitalised_plural_common_noun_is_a_description_not_a_name():
    text = "Birds\n\nBiologists think that fear causes the freeze. Ornithologists argue that the birds sleep."
    builder = ArticleBuilder()
    builder.set_title("Birds")
    for paragraph in text.split("\n\n")[1:]:
        builder.paragraph(paragraph)
    analysis = analyze_article(builder.build())
    assert not [e for e in analysis.entities if e.type == "person"]
    described = [a for a in analysis.attributions if a.source and
                 analysis.article.text[slice(*a.source)] in {"Biologists", "Ornithologists"}]
    assert [a.kind for a in described] == ["indirect", "indirect"]


@pytest.mark.parametrize(("sentence", "source", "cue", "content"), [
    ("Lee, who on Tuesday endorsed the mayor, voted early.", "Lee", "endorsed", "the mayor"),
    ("Officials last week warned that the dam could fail.", "Officials", "warned", "the dam could fail"),
    ("She earlier this month said the plan was dead.", "She", "said", "the plan was dead"),
])
def test_a_time_phrase_between_the_subject_and_its_cue(sentence, source, cue, content):
    item = only(sentence, cue)
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_a_cue_after_then_shares_the_subject_of_the_first_verb():
    sentence = "Lee paused, then revealed why the vote had failed."
    item = only(sentence, "revealed")
    assert item.rule == "coordinated-wh" and sentence[slice(*item.source)] == "Lee"


def test_a_noun_phrase_after_a_dash_is_a_subject():
    sentence = "With the campaign nearly broke — new filings show it has little cash left — allies stepped in."
    item = only(sentence, "show")
    assert sentence[slice(*item.source)] == "new filings"
    assert pieces(sentence, item) == ["it has little cash left"]


def test_the_sentence_subject_speaks_when_no_phrase_stands_before_the_cue():
    sentence = "The mayor later hinted that she would run, called the plan a failure and left."
    item = only(sentence, "called")
    assert item.rule == "far-object" and sentence[slice(*item.source)] == "The mayor"
    assert pieces(sentence, item) == ["the plan a failure"]


def test_a_plural_noun_after_a_noun_takes_no_far_subject():
    sentence = "The mayor said the numbers were worse, showing rival groups outspending hers."
    assert not [x for x in found(sentence) if x.rule.startswith("far")]


@pytest.mark.parametrize(("sentence", "cue", "content"), [
    ("Lee called out his rival for ignoring the port.", "called", "his rival for ignoring the port"),
    ("He pointed out that the plan had failed twice.", "pointed", "the plan had failed twice"),
    ("She is pointing out the progress the council has made.", "pointing", "the progress the council has made"),
])
def test_the_particle_of_a_phrasal_verb_is_not_part_of_what_was_said(sentence, cue, content):
    assert pieces(sentence, only(sentence, cue)) == [content]


def _pronoun_speakers(sentence: str, pronouns: tuple[str, ...] = ("he", "she")) -> list[str | None]:
    """The entity names of the statements whose source is one of ``pronouns``, every confidence kept."""
    builder = ArticleBuilder()
    builder.set_title("Strike")
    builder.paragraph(sentence)
    analysis = analyze_article(builder.build())
    names = {e.id: e.name for e in analysis.entities}
    text = analysis.article.text
    return [names.get(a.speaker) for a in analysis.attributions
            if a.source and text[a.source[0]:a.source[1]] in pronouns]


@pytest.fixture
def every_statement(monkeypatch):
    monkeypatch.setattr(reported, "MIN_CONFIDENCE", 0.0)


@pytest.mark.usefixtures("every_statement")
@pytest.mark.parametrize(("sentence", "speaker"), [
    # a person named inside what the outer speaker said is who the pronoun is
    ("Ada Stone voiced doubt about whether Tom Berg was ready to end the strike he had called for in March.",
     "Tom Berg"),
    # a person described by a role: not the outer speaker, and no one named
    ("Ada Stone voiced doubt about whether the union leader was ready to end the strike he had called for in "
     "March.", None),
    # nobody else in the content: the outer speaker
    ("Tom Berg said the strike he had called for in March would end soon.", "Tom Berg"),
    # a second clause of the outer cue goes on with its speaker
    ("Tom Berg argued that if Ada Stone wins the vote the strike will end and that he fears the worst.", "Tom Berg"),
])
def test_a_pronoun_inside_another_speakers_statement(sentence, speaker):
    assert _pronoun_speakers(sentence)[-1] == speaker


def test_a_surname_that_is_also_a_verb_opening_the_sentence_is_a_speaker():
    sentence = "Lynch announced on Monday that the lawsuit would go ahead."
    assert sentence[slice(*only(sentence).source)] == "Lynch"


@pytest.mark.parametrize(("sentence", "cue", "source"), [
    ("The plan will fail, say analysts.", "say", "analysts"),
    ("Prices will rise, warn economists at the bank.", "warn", "economists"),
    ("The plan will fail, said officials in the capital.", "said", "officials"),
])
def test_an_inverted_cue_before_a_plural_speaker_or_one_a_place_follows(sentence, cue, source):
    item = only(sentence, cue)
    assert item.rule == "inverted" and sentence[slice(*item.source)] == source
    assert pieces(sentence, item) == [sentence.split(",")[0]]


def test_a_that_clause_after_a_noun_of_the_object_keeps_its_verb():
    sentence = "Lee promised to resolve conflicts that other governments failed to end."
    assert pieces(sentence, only(sentence, "resolve")) == ["conflicts that other governments failed to end"]
    sentence = "Voters who had doubts about the plan stayed home, Lee said."
    assert pieces(sentence, only(sentence, "said")) == ["Voters who had doubts about the plan stayed home"]


def test_a_surname_the_tagger_reads_as_an_adverb_is_still_a_speaker():
    # the tagger may tag a name opening a sentence RBR or IN ("Lee"); the census lists know it is a name
    sentence = "Lee said the plan would fail in March."
    assert sentence[slice(*only(sentence).source)] == "Lee"
    sentence = "Furthermore, the mayor said the plan would fail in March."
    assert sentence[slice(*only(sentence).source)] == "the mayor"


@pytest.mark.parametrize(("sentence", "cue", "content"), [
    ('The senator mocked Smith for calling himself the "king of debt," noting that the cuts would raise the debt.',
     "noting", "the cuts would raise the debt"),
    ("The mayor praised the crews, saying the roads were clear.", "saying", "the roads were clear"),
])
def test_a_participle_after_a_comma_and_a_closing_quotation_mark(sentence, cue, content):
    item = only(sentence, cue)
    assert item.rule.startswith("participle") and pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence", [
    "The senator said the tax cuts would raise the debt.",
    "Aides said the party reports will show a loss.",
])
def test_a_plural_noun_before_a_modal_is_no_cue(sentence):
    assert not [x for x in found(sentence) if sentence[slice(*x.cue)] in {"cuts", "reports"}]


@pytest.mark.parametrize(("sentence", "cue", "content"), [
    ("The mayor said the report shows strong growth.", "said", "the report shows strong growth"),
    ("Lee said the plan worked.", "said", "the plan worked"),
    ("The coach argued the new rules hurt smaller teams.", "argued", "the new rules hurt smaller teams"),
])
def test_a_bare_clause_whose_verb_the_tagger_reads_as_finite(sentence, cue, content):
    item = only(sentence, cue)
    assert item.rule.endswith("-bare") and pieces(sentence, item) == [content]


def test_a_noun_after_a_preposition_opens_no_bare_clause():
    sentence = "Voters with doubts about the plan stayed home, Lee said."
    assert not any(r.rule.endswith("-bare") for r in found(sentence) if r.lemma == "doubt")


def test_an_object_followed_by_no_verb_stays_an_object():
    sentence = "She criticized the plan for the city."
    item = only(sentence, "criticized")
    assert item.rule == "subject-object" and pieces(sentence, item) == ["the plan for the city"]


@pytest.mark.parametrize(("sentence", "content"), [
    ("The plan, the mayor said, would work.", ["The plan", "would work"]),
    ("Now, she said, the two churches rarely meet.", ["Now", "the two churches rarely meet"]),
    ("Sorry, Jones said.", ["Sorry"]),
])
def test_a_short_statement_around_a_parenthetical_or_inverted_cue(sentence, content):
    item = only(sentence, "said")
    assert pieces(sentence, item) == content


@pytest.mark.parametrize(("sentence", "source", "cue"), [
    ("One in three said the party does not care.", "One in three", "said"),
    ("About four in 10 say the economy is the top issue.", "About four in 10", "say"),
    ("Again, those surveyed said the mayor was best able to handle the issue.", "those surveyed", "said"),
    ("Those polled believe the plan will fail.", "Those polled", "believe"),
])
def test_a_share_of_people_or_those_described_by_a_participle_as_subject(sentence, source, cue):
    item = only(sentence, cue)
    assert sentence[slice(*item.source)] == source


def test_a_number_before_a_noun_is_still_a_determiner():
    sentence = "He said three officials resigned."
    assert sentence[slice(*only(sentence, "said").source)] == "He"


@pytest.mark.parametrize(("sentence", "source", "cue", "content"), [
    ("The economists, like their rivals, say the tax encourages savings.", "The economists", "say",
     "the tax encourages savings"),
    ("Local farmers, many of them older, believe the dam will fail.", "Local farmers", "believe",
     "the dam will fail"),
])
def test_a_bare_verb_after_an_aside_takes_a_plural_subject(sentence, source, cue, content):
    item = only(sentence, cue)
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


@pytest.mark.parametrize("sentence", [
    "The voters had a say in the matter.",
    "The mayor, like her rival, say nothing.",
])
def test_a_bare_verb_needs_a_plural_subject(sentence):
    assert not [x for x in found(sentence) if x.lemma == "say"]


def test_a_dash_ends_the_search_for_an_addressee():
    sentence = "Jones downplayed the attack on the judge — something that has split the party — and left."
    item = only(sentence, "downplayed")
    assert pieces(sentence, item)[0].startswith("the attack") and "split" not in pieces(sentence, item)[0]


@pytest.mark.parametrize(("sentence", "cue", "source", "content"), [
    ("When asked about the merger, she defended her decision.", "asked", "she", "about the merger"),
    ("When asked whether he would run, Smith smiled.", "asked", "Smith", "whether he would run"),
    ("If pressed on the budget, the governor will blame the legislature.", "pressed", "the governor",
     "on the budget"),
    ("He stood by the plan when asked by a reporter whether it would pass.", "asked", "He",
     "whether it would pass"),
])
def test_a_passive_cue_after_when_is_the_main_subjects(sentence, cue, source, content):
    check(sentence, cue, "when-passive", source, content)


@pytest.mark.parametrize("sentence", ["He declined to elaborate when asked why.",
                                      "The spokeswoman would not comment when asked how."])
def test_a_passive_after_when_needs_two_words_of_what_was_asked(sentence):
    assert not [x for x in found(sentence) if x.rule == "when-passive"]


def test_when_with_its_own_subject_is_no_passive():
    sentence = "When he asked about the plan, she left."
    assert only(sentence, "asked").rule != "when-passive"


def test_a_gapped_relative_clause_ends_at_its_comma():
    sentence = "The remarks, made in what the mayor clearly believed was a private moment, have raised questions."
    item = only(sentence, "believed")
    assert item.rule == "gapped" and pieces(sentence, item) == ["what the mayor clearly believed was a private moment"]


@pytest.mark.usefixtures("every_statement")
def test_a_possessive_is_the_person_named_before_it_in_its_sentence_not_an_earlier_speaker():
    text = ("The candid remarks, delivered in what the speaker clearly believed was a private moment, have raised "
            "questions. During a meeting on Monday, President Tom Berg was captured on a hot microphone sharing his "
            "candid assessment of Ada Stone's motives with Ann Lee.")
    assert _pronoun_speakers(text, ("his",)) == ["Tom Berg"]


@pytest.mark.parametrize(("sentence", "cue", "source", "content"), [
    ("After savaging the donors as insiders, Smith is finding them reluctant.", "savaging", "Smith", "the donors"),
    ("In declaring the plan a failure, the mayor surprised his allies.", "declaring", "the mayor",
     "the plan a failure"),
    ("The senator talked for an hour before warning that the plan would fail.", "warning", "The senator",
     "the plan would fail"),
])
def test_a_cue_in_ing_after_a_preposition_is_the_modified_clauses_subjects(sentence, cue, source, content):
    check(sentence, cue, "gerund-", source, content)


def test_a_noun_in_ing_after_a_preposition_is_no_gerund_cue():
    sentence = "The meeting ended in a warning to the press."
    assert not [x for x in found(sentence) if x.rule.startswith("gerund-")]


@pytest.mark.parametrize(("sentence", "cue", "content"), [
    ("She said repeatedly that the vote was rigged.", "said", "the vote was rigged"),
    ("He ended the speech, talking proudly of his two daughters.", "talking", "his two daughters"),
])
def test_an_adverb_in_ly_after_the_cue_is_passed_over(sentence, cue, content):
    assert pieces(sentence, only(sentence, cue)) == [content]


@pytest.mark.parametrize(("sentence", "cue", "content"), [
    ("The new tax is widely seen as a mistake.", "seen", "The new tax is widely seen as a mistake"),
    ("He is expected to endorse the governor on Monday.", "expected",
     "He is expected to endorse the governor on Monday"),
    ("The case turns on what is known as the Purcell doctrine.", "known", "what is known as the Purcell doctrine"),
])
def test_a_passive_cue_that_names_no_one_is_a_statement_without_a_source(sentence, cue, content):
    item = only(sentence, cue)
    assert item.rule.startswith("agentless-") and item.source is None
    assert pieces(sentence, item) == [content]


def test_a_passive_with_its_agent_keeps_the_agent():
    sentence = "The plan was criticized by several senators as a giveaway."
    assert only(sentence, "criticized").rule.startswith("passive")


def test_a_phrase_modifies_only_a_subject_that_can_speak():
    sentence = ("Lee’s positive framing of Ward’s confidence while expressing reservations about Cole demonstrated "
                "the careful balance required to keep unity.")
    assert not [x for x in found(sentence) if x.rule.startswith("gerund-")]


@pytest.mark.parametrize("sentence", [
    "The remark became a focal point for broader debates about the plan.",
    "Critics say the new claims about the plan are false.",
])
def test_a_cue_word_in_s_after_an_adjective_is_a_plural_noun(sentence):
    assert not [x for x in found(sentence) if sentence[slice(*x.cue)] in {"debates", "claims"}]


def test_a_bare_cue_after_a_function_word_in_s_is_a_noun():
    sentence = "His supporters see it as evidence of his skill."
    assert not [x for x in found(sentence) if sentence[slice(*x.cue)] == "evidence"]


@pytest.mark.parametrize(("sentence", "source", "content"), [
    ("As the mayor noted, the bridge will close in May.", "the mayor", "the bridge will close in May"),
    ("The bridge will close in May, as the mayor noted.", "the mayor", "The bridge will close in May"),
    ("And as Lee pointed out, the rulings matter to many families.", "Lee", "the rulings matter to many families"),
    ("As the mayor has often noted, the bridge is older than the city.", "the mayor",
     "the bridge is older than the city"),
    ("As the mayor noted Monday, the bridge is older than the city.", "the mayor", "the bridge is older than the city"),
    ("The bridge is older than the city, as the mayor has noted.", "the mayor", "The bridge is older than the city"),
])
def test_an_as_clause_with_its_cue_attributes_the_main_clause(sentence, source, content):
    check(sentence, "pointed" if "pointed" in sentence else "noted", "as-clause", source, content)


@pytest.mark.parametrize("sentence", [
    "A vote, as the mayor noted.",                                     # too little before the clause
    "But then, as the mayor noted.",                                   # a coordinator and one word
    "And prices, as the mayor noted.",
    "We left, and as the mayor noted, the bridge is older than the city.",   # the clause does not open the sentence
    "The bridge is older than the city, as the mayor noted, but no one listens.",   # the sentence goes on
])
def test_no_as_clause_where_it_neither_opens_nor_closes_the_sentence(sentence):
    assert not [x for x in found(sentence) if x.rule == "as-clause"]


def test_an_as_clause_without_a_speaker_is_none():
    assert not found("As expected, the bridge closed in May.")


def test_an_indefinite_pronoun_is_a_subject():
    sentence = "While almost everyone agrees the law was flawed, critics want more."
    assert sentence[slice(*only(sentence, "agrees").source)] == "almost everyone"


@pytest.mark.parametrize(("sentence", "source", "content"), [
    ("The permit had been hard to get, his campaign said.", "his campaign", ["The permit had been hard to get"]),
    ("He had a rally planned, and the permit, her office said, was hard to get.", "her office",
     ["the permit", "was hard to get"]),
])
def test_a_possessive_and_an_organisation_noun_speak_after_a_comma(sentence, source, content):
    item = only(sentence, "said")
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == content


@pytest.mark.parametrize(("sentence", "cue", "source", "content"), [
    ("The mayor wrote to supporters, saying the struggle continues and vowing to compete in May.", "vowing",
     "The mayor", "to compete in May"),
    ("But as Smith denounced the tests and pledged to confront the attackers, many in the crowd cheered.",
     "pledged", "Smith", "to confront the attackers"),
])
def test_a_cue_after_and_shares_the_speaker_of_the_cue_it_is_coordinated_with(sentence, cue, source, content):
    item = only(sentence, cue)
    assert sentence[slice(*item.source)] == source and pieces(sentence, item) == [content]


def test_a_statement_in_a_clause_opening_the_sentence_ends_at_its_comma():
    sentence = "When the mayor said the bridge would close, residents were furious."
    assert pieces(sentence, only(sentence, "said")) == ["the bridge would close"]


@pytest.mark.parametrize(("sentence", "cue", "source"), [
    ("While most liked Smith, 43 said the same of Jones.", "said", "43"),
    ("Six in 10 voters trust the mayor, and three-quarters said the same of Jones.", "said", "three-quarters"),
    ("Nearly nine out of 10 say they will need new skills.", "say", "Nearly nine out of 10"),
])
def test_a_number_or_a_fraction_opening_a_clause_is_a_share_of_people(sentence, cue, source):
    assert sentence[slice(*only(sentence, cue).source)] == source


def test_a_statement_ends_where_another_speakers_clause_begins_after_and():
    sentence = "Six in 10 voters said the mayor is honest, and three-quarters said the same of Jones."
    first = min(found(sentence), key=lambda x: x.cue)
    assert pieces(sentence, first) == ["the mayor is honest"]


def test_a_second_that_clause_of_the_same_cue_goes_on():
    sentence = "She said the plan would fail, and that the costs would rise."
    assert pieces(sentence, only(sentence, "said")) == ["the plan would fail, and that the costs would rise"]


@pytest.mark.parametrize("sentence", [
    "WASHINGTON — Sen. Ann Lee defended her plan, saying the gains would outweigh the losses.",
    "DES MOINES, Iowa — Sen. Ann Lee defended her plan, saying the gains would outweigh the losses.",
])
def test_a_dateline_is_passed_over_to_the_sentence_subject(sentence):
    assert sentence[slice(*only(sentence, "saying").source)] == "Sen. Ann Lee"


def test_a_phrase_of_place_or_time_between_the_cue_and_its_bare_clause():
    sentence = "The company said in a statement Thursday night they pulled the listing from the site."
    assert pieces(sentence, only(sentence, "said")) == ["they pulled the listing from the site"]


def test_a_list_ending_in_and_before_a_cue_word_goes_on():
    sentence = "The mayor said how budgets, rules, and local politics continue to shape the city."
    assert pieces(sentence, only(sentence, "said")) == ["how budgets, rules, and local politics continue to shape the city"]


@pytest.mark.usefixtures("every_statement")
def test_an_initial_does_not_end_the_sentence_of_a_possessive():
    text = ("Tom Berg said the talks had failed. Later, President George W. Ward was caught on a microphone making comments "
            "that revealed his informal assessment of the talks.")
    assert _pronoun_speakers(text, ("his",)) == ["George W. Ward"]


def test_a_gerund_after_in_that_a_noun_governs_is_no_clause_modifier():
    sentence = "Professor Lee plays a special role in determining the direction of research."
    assert not [x for x in found(sentence) if x.rule.startswith("gerund-")]


def test_a_gerund_opening_the_sentence_is_no_speaker():
    sentence = "Growing Saguaro can be done at any time of year by planting cuttings and ensuring that they have water."
    assert not [x for x in found(sentence) if x.source and sentence[slice(*x.source)].startswith("Growing")]


@pytest.mark.parametrize("sentence, source", [("Some say the ferry will never return.", "Some"),
                                              ("Most said the fare was too high.", "Most"),
                                              ("Many believe the council acted too late.", "Many")])
def test_a_quantifier_opening_a_sentence_is_a_description_not_a_name(sentence, source):
    item = only(sentence)
    assert sentence[item.source[0]:item.source[1]] == source and item.source_kind == "descriptor"
    b = ArticleBuilder()
    b.set_title("Ferry")
    b.paragraph(sentence)
    analysis = analyze_article(b.build())
    assert [(e.name, e.type) for e in analysis.entities] == [(source, "source")]


def _speakers_of(paragraphs: list[str], title: str = "Ferry", names: dict | None = None) -> list[tuple[str, str | None]]:
    """(content, speaker's name) of every statement of an article of ``paragraphs``; ``names``, when
    given, receives the entities' names by id."""
    b = ArticleBuilder()
    b.set_title(title)
    for p in paragraphs:
        b.paragraph(p)
    analysis = analyze_article(b.build())
    text = analysis.article.text
    named = {e.id: e.name for e in analysis.entities}
    if names is not None:
        names.update(named)
    return [(" ".join(text[s:e] for s, e in a.content), named.get(a.speaker)) for a in analysis.attributions]


@pytest.mark.parametrize("paragraph", [
    "I think the council acted too late. I remember that the old boat ran every hour.",
    # "we" is the writer's side, and "you" the person addressed: never someone named before
    "We think the council acted too late. You mentioned that the old boat ran every hour."])
def test_a_first_or_second_person_outside_quotes_is_not_the_last_person_named(paragraph):
    found = _speakers_of(["Ann Lee, the mayor, said the ferry would return in May.", paragraph])
    assert ("the ferry would return in May", "Ann Lee") in found
    assert [speaker for content, speaker in found if "council" in content or "old boat" in content] == [None, None]


def test_a_first_person_inside_a_quote_is_the_quoted_speaker():
    text = 'Ann Lee spoke to reporters. "When they asked me, I said the boat would be full," she recalled. I doubt it.'
    b = ArticleBuilder()
    b.set_title("Ferry")
    b.paragraph(text)
    article = b.build()
    text = article.text
    entities = find_entities(article, split_sentences(article))
    registry = Registry(text, entities)
    ann = next(e.id for e in entities if e.name == "Ann Lee")
    quote = (text.index('"When'), text.index('," she') + 2)
    registry.set_voices([(quote[0], quote[1], ann)])
    inside, outside = text.index("I said"), text.index("I doubt")
    assert registry.resolve((inside, inside + 1), "pronoun")[0] == ann
    assert registry.resolve((outside, outside + 1), "pronoun")[0] is None
    # a voice around the whole text (an interview's) starting where the quote does: the quote is innermost
    registry.set_voices([(quote[0], len(text), "outer"), (quote[0], quote[1], ann)])
    assert registry.resolve((inside, inside + 1), "pronoun")[0] == ann


def test_a_first_person_in_a_transcript_turn_is_the_labelled_speaker():
    found = _speakers_of(["Governor Sam Okafor spoke to Dana Wells of Channel 4 on Sunday. Partial transcript:",
                          "DANA WELLS: Governor, the harbour master Tom Reed spoke on Monday. He said the boat was unsafe.",
                          "OKAFOR: I think the council has done its part. I believe the boat will run in May.",
                          "UPDATE: I have since learned that the vote was moved."])
    speakers = dict(found)
    assert speakers["the council has done its part"] == speakers["the boat will run in May"] == "Sam Okafor"
    # a label names no one the article does not name ("UPDATE:"), and is no antecedent of "he"
    assert speakers["the boat was unsafe"] == "Tom Reed"
    assert speakers["I have since learned that the vote was moved"] not in ("Sam Okafor", "Dana Wells")


def test_an_interview_s_answers_are_the_person_the_title_names_and_its_questions_no_one_s():
    names: dict = {}
    said = dict(_speakers_of(["Mayor Ann Lee spoke to us on Monday about the ferry.",
                              "Q: Critics say the ferry will run empty. Do you agree?",
                              "A: No. I think the boat will be full every day.",
                              "I believe the council acted at the right time.",
                              "Q: What will the fare be?"], title="Q&A with Mayor Ann Lee", names=names))
    assert not any(name in ("Q", "A") for name in names.values())
    assert said["the boat will be full every day"] == "Ann Lee"
    assert next(v for k, v in said.items() if k.startswith("the council acted")) == "Ann Lee"   # the answer runs on
    # the interviewer's question is no one's; the critics it reports speak for themselves
    assert said["Critics say the ferry will run empty"] is None and said["the ferry will run empty"] == "Critics"


@pytest.mark.parametrize("sentence", ["In a new paper Lee and colleagues describe ferries running empty.",
                                      "In eight years the harbour kept its relative calm.",
                                      "For commuters in the suburbs the ferry means an hour saved."])
def test_a_phrase_opening_with_a_preposition_is_no_subject(sentence):
    assert not any(sentence[r.source[0]:r.source[1]].split()[0] in ("In", "For")
                   for r in found(sentence) if r.source)


def test_an_adverb_before_a_share_keeps_the_subject():
    item = only("Nearly one-third of riders said the fare was too high.")
    assert "one-third of riders" in "Nearly one-third of riders said the fare was too high."[item.source[0]:item.source[1]]


def test_the_first_person_of_an_interview_is_the_person_its_title_names():
    said = dict(_speakers_of(["Ann Lee has run the harbour for ten years.", "How busy is the ferry in winter?",
                              "I think the boat will be full every day. The mayor said the fare would stay low."],
                             title="Harbour master Ann Lee tells Wikinews about the ferry"))
    assert said["the boat will be full every day"] == "Ann Lee"
    assert said["the fare would stay low"] != "Ann Lee"
    # a news article whose title has its one person tell someone something is no interview: its "I"
    # stays the writer's
    plain = _speakers_of(["Ann Lee, the harbour master, said the ferry would return in May.",
                          "I think the council acted too late."], title="Ann Lee tells council to keep the ferry")
    assert [s for c, s in plain if "council" in c] == [None]


def test_a_label_that_names_no_one_the_article_names_is_no_person():
    names: dict = {}
    _speakers_of(["The council met on Monday.", "UPDATE: The council voted to keep the ferry.",
                  "EDITOR'S NOTE: An earlier version misnamed the mayor."], names=names)
    assert not {"UPDATE", "EDITOR'S NOTE"} & set(names.values())


@pytest.mark.parametrize("sentence, cue", [
    ("The comment also raises questions about the cost of the new bridge.", "questions"),
    ("The long delay has raised doubts about the council's plan for the harbor.", "doubts"),
    ("The vote poses questions about the future of the harbor.", "questions"),
    ("The report answers questions about the cost of the new bridge.", "questions"),
])
def test_a_plural_right_after_a_verb_is_its_object_not_a_cue(sentence, cue):
    assert not [x for x in found(sentence) if sentence[slice(*x.cue)] == cue]


@pytest.mark.parametrize("sentence, cue, source", [
    ("The mayor has warned that the bridge will close.", "warned", "The mayor"),
    ("Officials say the bridge will close.", "say", "Officials"),
    ("The mayor says the bridge will close.", "says", "The mayor"),
    ("The official who resigned says the agency ignored the warnings.", "says", "The official"),
    ("A spokesman who declined to be named says the plant will close.", "says", "A spokesman"),
    ("The mayor who won warns that the budget is tight.", "warns", "The mayor"),
    ("The man they arrested claims he was at home.", "claims", "The man they arrested"),
])
def test_a_cue_after_an_auxiliary_or_its_subject_still_speaks(sentence, cue, source):
    item = only(sentence, cue)
    assert sentence[slice(*item.source)].startswith(source)


def test_a_long_subject_still_speaks():
    check("Some advocates for stem cell research said the ban would hurt patients.", "said", "subject-",
          "Some advocates for stem cell research", "the ban would hurt patients")


def test_a_pronoun_finds_the_speaker_the_statement_tagger_found_before_it():
    """The rules' statements and the tagger's are given their speakers in one pass in text order."""
    from reader.nlp.reported import Reported, resolve_kept
    text = "Harbor critics have seized on the vote. They argue that the port will lose jobs."
    registry = Registry(text, [])
    critics = (0, 14)
    learnt = [(Reported(((34, 38),), (21, 35), critics, "descriptor", "tagger", "seized on"), critics, 0.9)]
    they = text.index("They")
    rule = Reported(((text.index("the port"), len(text) - 1),), (they + 5, they + 10), (they, they + 4), "pronoun",
                    "subject-that", "argue")
    resolved = resolve_kept([(rule, 0.9)], registry, learnt)
    names = {e.id: e.name for e in registry.entities()}
    assert [names.get(speaker) for _, speaker, _ in resolved] == ["Harbor critics", "Harbor critics"]


@pytest.mark.parametrize("sentence, cue, found_it", [
    ("Supporters praised his superior negotiating skills and his patience.", "negotiating", False),
    ("They cited her excellent writing skills at the hearing.", "writing", False),
    ("The council issued a statement expressing optimism about the talks.", "expressing", True),
    ("She met a former official accusing lawmakers of lying.", "accusing", True),
    ("The council heard from a local activist predicting riots if the plan passed.", "predicting", True),
])
def test_a_participle_after_an_adjective_and_before_a_noun_modifies_the_noun(sentence, cue, found_it):
    assert bool([x for x in found(sentence) if sentence[slice(*x.cue)] == cue and x.rule.startswith("reduced")]) == found_it



@pytest.mark.parametrize("sentence, cue, content", [
    ("(The mayor said the bridge would close.)", "said", "the bridge would close"),
    ("\u201cThe mayor said the bridge would close.\u201d", "said", "the bridge would close"),
    ("The mayor said the bridge (the old one) would close.", "said", "the bridge (the old one) would close"),
    ("The mayor said the bridge would \u201cclose for good.\u201d", "said", "the bridge would \u201cclose for good.\u201d"),
])
def test_a_content_ends_before_a_closing_mark_it_did_not_open(sentence, cue, content):
    assert pieces(sentence, only(sentence, cue)) == [content]


@pytest.mark.parametrize("sentence, source", [
    ("The ferry will close in May, a spokesman for the council said.", "a spokesman for the council"),
    ("The ferry will close in May, a statement from the Dover council said.", "a statement from the Dover council"),
    ("The ferry will close in May, a lawyer for the union told reporters.", "a lawyer for the union"),
])
def test_an_inverted_cue_after_a_speaker_with_a_short_phrase_after_it(sentence, source):
    """"…, a spokesman for the council said": the speaker phrase runs on over "for the council"
    (up to five words) to the cue."""
    item = only(sentence)
    assert item.rule == "inverted" and sentence[slice(*item.source)] == source
    assert pieces(sentence, item) == ["The ferry will close in May"]


def test_a_participle_clause_after_a_parenthetical_cue_is_the_speakers_own():
    """"…, Lee said, noting that …": what follows the cue is a clause of the speaker's, not the
    rest of the first statement."""
    sentence = "The ferry will close in May, Lee said, noting that the costs had doubled."
    first = only(sentence, "said")
    assert first.rule == "inverted" and pieces(sentence, first) == ["The ferry will close in May"]
    assert pieces(sentence, only(sentence, "noting")) == ["the costs had doubled"]
    interrupted = "The ferry, Lee said, will close in May."
    assert pieces(interrupted, only(interrupted)) == ["The ferry", "will close in May"]


@pytest.mark.parametrize("sentence, content", [
    ("Lee, who has long argued that the ferry should close, voted against the bill.", "the ferry should close"),
    ("The mayor, who warned that costs would rise, later signed the budget.", "costs would rise"),
    ("Lee, who argued that the ferry, which is old, should close, voted against the bill.",
     "the ferry, which is old, should close"),
])
def test_a_statement_in_a_relative_clause_ends_with_the_clause(sentence, content):
    """"X, who argued that …, voted …": the content ends at the comma before the main clause's verb
    (a relative clause inside the content, between commas, is passed over)."""
    item = next(x for x in found(sentence) if x.rule.startswith("relative-"))
    assert pieces(sentence, item) == [content]


def test_a_role_after_a_possessive_name_gives_way_to_the_name_beside_it():
    """"Lee's spokesman, Tom Baker, said …": the source is the spokesman's name."""
    sentence = "Lee\u2019s spokesman, Tom Baker, said the mayor was busy."
    assert sentence[slice(*only(sentence).source)] == "Tom Baker"


@pytest.mark.parametrize("sentence", [
    "Lee\u2019s remarks came after Baker said that the plan was dead.",
    "Ryan's comments come two days after Lee delivered a blowout win in Dover.",
    "Cruz's comments are direct responses to attacks that Lee lodged against him.",
])
def test_a_cue_word_after_a_possessive_and_before_a_verb_is_the_verbs_subject(sentence):
    """"Lee's remarks came …": "remarks" is a noun, the subject of "came", not a verb whose
    subject is "Lee's"."""
    assert not [x for x in found(sentence) if sentence[slice(*x.cue)] in ("remarks", "comments")]


@pytest.mark.parametrize("sentence, cue, content", [
    ("Lee argued \u2014 as she has for years \u2014 that the ferry must stay.", "argued", "the ferry must stay"),
    ("Lee promised \u2013 once again \u2013 to keep the ferry running.", "promised", "to keep the ferry running"),
])
def test_an_aside_between_dashes_after_the_cue_is_passed_over(sentence, cue, content):
    assert pieces(sentence, only(sentence, cue)) == [content]


@pytest.mark.parametrize("sentence, content", [
    ("Lee later told reporters the ferry would stay.", "the ferry would stay"),
    ("Lee assured them the ferry would stay.", "the ferry would stay"),
    ("Lee told Ann Baker the vote was close.", "the vote was close"),
])
def test_a_clause_without_that_after_the_person_spoken_to(sentence, content):
    """"told reporters the ferry would stay": the person spoken to is passed over to the clause
    (verbs whose first object is the one addressed, `addressee-verbs`)."""
    assert pieces(sentence, only(sentence)) == [content]


@pytest.mark.parametrize("sentence", [
    "\u201cWe will win,\u201d said Lee, adding that the vote was close.",
    "\u201cWe will win,\u201d Lee said, noting that the vote was close.",
])
def test_a_cue_after_a_quote_that_opens_the_sentence_takes_its_credited_speaker(sentence):
    """"“…,” said Lee, adding that …": the one adding is Lee, not "We" of the quote."""
    item = next(x for x in found(sentence) if sentence[slice(*x.cue)] in ("adding", "noting"))
    assert sentence[slice(*item.source)] == "Lee"


@pytest.mark.parametrize("sentence, source", [
    ("A spokesman for Senator Ann Lee said the bill was dead.", "A spokesman for Senator Ann Lee"),
    ("An aide to Lee said the bill was dead.", "An aide to Lee"),
    ("The lawyer for Lee argued that the bill was dead.", "The lawyer for Lee"),
    ("Voters in Iowa said the deal was over.", "Voters in Iowa"),
    ("Morgan of the Sierra Club said the deal was over.", "Morgan of the Sierra Club"),
    ("Bernie Sanders in South Carolina said the vote was close.", "Bernie Sanders in South Carolina"),
])
def test_a_subject_after_a_preposition_belongs_to_the_speaker_before_it(sentence, source):
    item = only(sentence)
    assert sentence[slice(*item.source)] == source


def test_a_things_phrase_before_a_preposition_does_not_take_the_subject():
    sentence = "The city of Boston said the deal was over."              # a city is no noun that speaks
    assert [sentence[slice(*x.source)] for x in found(sentence)] == ["Boston"]


def speakers_of(text: str) -> list[tuple[str, str | None]]:
    builder = ArticleBuilder()
    builder.set_title("Report")
    builder.paragraph(text)
    result = analyze_article(builder.build()).to_dict()
    names = {e["id"]: e["name"] for e in result["entities"]}
    return [(result["text"][slice(*a["source"])] if a["source"] else None, names.get(a["speaker"]))
            for a in result["attributions"] if a["cue"] and result["text"][slice(*a["cue"])] in ("said", "added")]


@pytest.mark.parametrize("text, source", [
    ("Senator Ann Lee voted no. “The bill is dead,” a spokeswoman for Lee said.", "a spokeswoman for Lee"),
    ("Senator Ann Lee voted no. “The bill is dead,” said an aide to Senator Ann Lee.", "an aide to Senator Ann Lee"),
    ("Senator Ann Lee voted no. A spokesman for Senator Ann Lee said the bill was dead.",
     "A spokesman for Senator Ann Lee"),
])
def test_someone_speaking_for_a_named_person_is_not_that_person(text, source):
    found = speakers_of(text)
    assert (source, source) in found and all(name != "Ann Lee" for _, name in found)


@pytest.mark.parametrize("text, speaker", [
    ("“It is over,” said master of ceremonies Asab Al-Tabchi.", "Asab Al-Tabchi"),
    ("The talks failed. Morgan of the Sierra Club said the deal was over.", "Morgan"),
    ("“It is over,” said Ann Lee of the Sierra Club.", "Ann Lee"),
])
def test_a_name_heading_a_speaker_phrase_still_speaks(text, speaker):
    assert [name for _, name in speakers_of(text)] == [speaker]


@pytest.mark.parametrize("sentence", [
    "“The bill is dead,” said an aide to Senator Ann Lee.",
    "Lee voted no. “The bill is dead,” said a spokesman for the mayor.",
])
def test_a_cue_crediting_a_quote_that_opens_the_sentence_is_no_reported_statement(sentence):
    assert [x for x in found(sentence) if sentence[slice(*x.cue)] == "said"] == []


@pytest.mark.parametrize("sentence, cue, source", [
    ("Trump, who called the plan “a disaster,” said that he would veto it.", "said", "Trump"),
    ("Joe Scarborough, host of MSNBC’s “Morning Joe,” suggested that the plan would fail.", "suggested",
     "Joe Scarborough"),
    ("Marcel Lehel, the hacker known as “Guccifer,” stated that he had read the emails.", "stated", "Marcel Lehel"),
])
def test_an_aside_ending_in_a_short_quotation_still_leads_to_its_subject(sentence, cue, source):
    assert [sentence[slice(*x.source)] for x in found(sentence) if sentence[slice(*x.cue)] == cue] == [source]


def test_a_whole_quotation_before_the_cue_is_no_aside():
    sentence = "“I can’t say that I like him or dislike him,” said Mona Lee, 59, of Dover."
    assert [x for x in found(sentence) if sentence[slice(*x.cue)] == "said"] == []


@pytest.mark.parametrize("sentence, source, cue", [
    ("Critics of the plan say it will cost too much.", "Critics of the plan", "say"),
    ("Opponents of the bill argue that it will cost too much.", "Opponents of the bill", "argue"),
    ("Supporters of abortion rights argued that the ruling would help them.", "Supporters of abortion rights",
     "argued"),
    ("Some advocates for stem cell research said the rule was wrong.", "Some advocates for stem cell research",
     "said"),
])
def test_a_speaker_with_a_phrase_about_what_they_speak_for(sentence, source, cue):
    assert [sentence[slice(*x.source)] for x in found(sentence) if sentence[slice(*x.cue)] == cue] == [source]


def test_a_verbs_object_with_a_preposition_is_no_speaker_phrase():
    sentence = "It also wants to stop state policies that say the rule is fine."
    assert [x for x in found(sentence) if sentence[slice(*x.cue)] == "say"] == []
