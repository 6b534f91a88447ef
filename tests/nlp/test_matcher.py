"""The token-pattern matcher (reader.nlp.matcher) and the constructions written as patterns
(resources/nlp/patterns.json), each with made-up sentences of its construction."""
from __future__ import annotations

import json

import pytest

from reader.nlp import reported
from reader.nlp.cues import tokens
from reader.nlp.matcher import PATTERNS_FILE, Pattern, load_pattern
from reader.resources import resource_path


def toks_of(text: str):
    return tokens(text, 0, len(text))


def words(text: str, found: dict, name: str) -> str:
    toks = toks_of(text)
    a, b = found[name]
    return text[toks[a].start:toks[b - 1].end]


# --- the matcher ----------------------------------------------------------------------------------

def test_ops_captures_and_laziness():
    text = "Ann Lee and Bo Ray said no ."
    greedy = Pattern("t", {"elements": [{"cap": True, "op": "+", "capture": "a"}, {}, {"op": "*", "capture": "rest"}]})
    found = greedy.match(toks_of(text), 0)
    assert words(text, found, "a") == "Ann Lee" and words(text, found, "rest") == "Bo Ray said no ."
    lazy = Pattern("t", {"elements": [{"op": "+", "lazy": True, "capture": "a"}, {"low": "said"}]})
    assert words(text, lazy.match(toks_of(text), 0), "a") == "Ann Lee and Bo Ray"
    counted = Pattern("t", {"elements": [{"cap": True, "op": "{1,1}", "capture": "a"}, {"low_in": ["lee", "and"]}]})
    assert words(text, counted.match(toks_of(text), 0), "a") == "Ann"
    assert Pattern("t", {"elements": [{"cap": True, "op": "{3,}"}]}).match(toks_of(text), 0) is None


def test_one_capture_over_consecutive_elements_and_backtracking():
    text = "Ann Lee : We will win ."
    spec = {"end": True, "elements": [{"cap": True, "capture": "name"}, {"cap": True, "op": "*", "capture": "name"},
                                      {"text": ":"}, {"op": "*", "capture": "said"}, {"text": "."}]}
    found = Pattern("t", spec).match(toks_of(text), 0)
    assert words(text, found, "name") == "Ann Lee" and words(text, found, "said") == "We will win"


def test_anchors_search_and_negation():
    text = "( According to aides , it ended . )"
    spec = {"start": True, "start_after": ["("], "elements": [{"low": "according"}, {"low": "to"},
                                                            {"not": {"text": ","}, "op": "+", "capture": "who"}]}
    assert words(text, Pattern("t", spec).search(toks_of(text)), "who") == "aides"
    assert Pattern("t", {**spec, "start_after": []}).search(toks_of(text)) is None
    anywhere = Pattern("t", {"elements": [{"low": "it"}, {"tag_in": ["VBD", "VBN"], "capture": "verb"}]})
    assert words(text, anywhere.search(toks_of(text)), "verb") == "ended"
    assert Pattern("t", {"end": True, "elements": [{"low": "ended"}]}).search(toks_of(text)) is None


def test_an_extent_is_a_run_a_named_function_gives():
    text = "So it ends here , or not ."
    spec = {"elements": [{"low": "so"}, {"extent": "to_comma", "capture": "clause"}]}
    pattern = Pattern("t", spec, {"to_comma": lambda toks, i, context: next(k for k in range(i, len(toks)) if toks[k].text == ",")})
    assert words(text, pattern.match(toks_of(text), 0), "clause") == "it ends here"
    with pytest.raises(ValueError):
        Pattern("t", spec)                          # the function is not given
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [{"lowe": "so"}]})
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [{"op": "{x}"}]})
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [], "start_after": ["("]})            # without "start"
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [], "anchor": True})
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [{"extent": "to_comma", "op": "+"}]}, {"to_comma": lambda toks, i, context: i + 1})


def test_a_pattern_anchored_at_a_cue_reads_both_ways_from_it():
    text = "And , as Ann Lee often said on Monday , it rains ."
    spec = {"at": {"low": "said", "capture": "cue"},
            "before": [{"low_in": ["often", "has"], "op": "*", "atomic": True},
                       {"cap": True, "op": "+", "capture": "who"}, {"low": "as"}, {"text": ","},
                       {"low": "and", "op": "?"}],
            "start": True,
            "after": [{"low_in": ["on", "monday"], "op": "*", "atomic": True}, {"text": ","},
                      {"op": "+", "lazy": True, "capture": "what"}, {"text": "."}],
            "end": True}
    pattern = Pattern("t", spec)
    toks = toks_of(text)
    found = pattern.match(toks, 6)
    assert words(text, found, "who") == "Ann Lee" and words(text, found, "what") == "it rains"
    assert words(text, found, "cue") == "said"
    assert pattern.match(toks, 5) is None                        # not at its cue word
    assert pattern.match(toks_of("So , as Ann Lee said , it rains ."), 5) is None    # "So" is no "and": no start
    longer = toks_of("And , as Ann Lee said , it rains . Yes")
    assert pattern.match(longer, 5) is None and Pattern("t", {**spec, "end": False}).match(longer, 5) is not None


def test_atomic_runs_give_nothing_back_and_or_end_matches_at_the_edges():
    text = "no no no ."
    greedy = Pattern("t", {"elements": [{"low": "no", "op": "*"}, {"low": "no"}, {"text": "."}]})
    atomic = Pattern("t", {"elements": [{"low": "no", "op": "*", "atomic": True}, {"low": "no"}, {"text": "."}]})
    assert greedy.match(toks_of(text), 0) is not None and atomic.match(toks_of(text), 0) is None
    closing = {"at": {"low": "said"}, "after": [{"low": "today", "op": "?"}, {"text": ".", "or_end": True}]}
    assert Pattern("t", closing).match(toks_of("Lee said today ."), 1) is not None
    assert Pattern("t", closing).match(toks_of("Lee said today"), 1) is not None           # the sentence ends
    assert Pattern("t", closing).match(toks_of("Lee said today that"), 1) is None
    opening = {"at": {"low": "said"}, "before": [{"cap": True}, {"text": "(", "or_end": True}]}
    assert Pattern("t", opening).match(toks_of("Lee said"), 1) is not None                  # the sentence begins
    assert Pattern("t", opening).match(toks_of("( Lee said"), 2) is not None
    assert Pattern("t", opening).match(toks_of("so Lee said"), 2) is None


def test_look_ahead_takes_no_token():
    spec = {"at": {"low": "told"}, "after": [{"low": "by"}, {"cap": True, "capture": "who"},
                                              {"not_ahead": [{"low": "that"}]}, {"op": "*", "capture": "rest"}]}
    text = "was told by Lee about it"
    found = Pattern("t", spec).match(toks_of(text), 1)
    assert words(text, found, "who") == "Lee" and words(text, found, "rest") == "about it"
    assert Pattern("t", spec).match(toks_of("was told by Lee that it rains"), 1) is None
    ahead = {"at": {"low": "told"}, "after": [{"ahead": [{"low": "by"}, {"cap": True}]}, {"op": "+", "capture": "rest"}]}
    assert words("told by Lee", Pattern("t", ahead).match(toks_of("told by Lee"), 0), "rest") == "by Lee"
    assert Pattern("t", ahead).match(toks_of("told by them"), 0) is None


def test_a_phrase_before_the_cue_captures_what_its_function_says_and_captures_must_be_long_enough():
    text = "as her adviser , Jake Sullivan , said , the talks failed"
    spec = {"at": {"low": "said"}, "before": [{"extent": "person", "capture": "who"}, {"low": "as"}],
            "after": [{"text": ","}, {"op": "+", "capture": "what"}], "min_chars": {"what": 10}}
    # the phrase takes tokens 1 to 7 and captures 1 to 6: the comma before the cue is not the speaker's
    pattern = Pattern("t", spec, {"person": lambda toks, end, context: (1, 6) if end == 7 else None})
    found = pattern.match(toks_of(text), 7)
    assert words(text, found, "who") == "her adviser , Jake Sullivan" and words(text, found, "what") == "the talks failed"
    assert pattern.match(toks_of("as her adviser , Jake Sullivan , said , no"), 7) is None    # "no": too short
    elsewhere = Pattern("t", spec, {"person": lambda toks, end, context: (4, 6)})             # "as" is not before it
    assert elsewhere.match(toks_of(text), 7) is None
    tested = Pattern("t", {"at": {"is": "said-word"}}, tests={"said-word": lambda toks, i, context: toks[i].low == context})
    assert tested.match(toks_of(text), 7, "said") is not None and tested.match(toks_of(text), 7, "told") is None


def test_a_finder_adds_a_capture_the_match_does_not_take_or_rejects_it():
    text = "when asked , Lee left"
    spec = {"at": {"low": "asked"}, "before": [{"low": "when", "capture": "opener"}],
            "after": [{"text": ",", "capture": "comma"}], "find": {"who": "after_comma"}}
    def after_comma(toks, groups, context):                     # the word after the comma, when capitalised
        k = groups["comma"][1]
        return (k, k + 1) if k < len(toks) and toks[k].cap else None
    pattern = Pattern("t", spec, finders={"after_comma": after_comma})
    assert words(text, pattern.match(toks_of(text), 1), "who") == "Lee"
    assert pattern.match(toks_of("when asked , she left"), 1) is None
    with pytest.raises(ValueError):
        Pattern("t", spec)                                       # the finder is not given


def test_a_pattern_is_refused_when_it_mixes_its_forms():
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [], "at": {}})
    with pytest.raises(ValueError):
        Pattern("t", {"at": {"op": "+"}})                           # the cue is one token
    with pytest.raises(ValueError):
        Pattern("t", {"at": {}, "before": [{"ahead": [{}]}]})      # a look ahead only after the cue
    with pytest.raises(ValueError):
        Pattern("t", {"at": {"is": "nothing"}})                     # no such named test
    with pytest.raises(ValueError):
        Pattern("t", {"at": {}}).search(toks_of("a b"))
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [{"any": [{"extent": "nope"}]}]})    # an option tests one token
    with pytest.raises(ValueError):
        Pattern("t", {"elements": [{"not": {"low": "a", "op": "+"}}]})
    found = Pattern("t", {"elements": [{"low": "a", "capture": "x"}]}).search(toks_of("b a"))
    assert found == {"x": (1, 2)}                                     # captures only


def test_every_shipped_pattern_compiles_and_says_what_it_is_for():
    specs = json.loads(resource_path(*PATTERNS_FILE).read_text(encoding="utf-8"))["patterns"]
    for name, spec in specs.items():
        assert spec.get("about"), name
        load_pattern(name, reported.PATTERN_EXTENTS, reported.PATTERN_TESTS, reported.PATTERN_FINDERS)


# --- the constructions ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, source, content", [
    ("Mark Okafor: We will appeal.", "Mark Okafor", "We will appeal"),
    ("Former Gov. Ann Lee: The budget is balanced!", "Former Gov. Ann Lee", "The budget is balanced"),
    ("Friends of the Earth: Nobody asked us.", "Friends of the Earth", "Nobody asked us"),
    ("Governor Lee: Budget Is Balanced", "Governor Lee", "Budget Is Balanced"),
])
def test_a_colon_lead_is_a_name_then_what_was_said(text, source, content):
    found = reported._colon_lead(toks_of(text))
    assert found is not None and found.rule == "colon-lead"
    assert text[slice(*found.source)] == source and text[slice(*found.content[0])] == content


@pytest.mark.parametrize("text", ["the update: the vote moved to Friday.", "Mark Okafor: No.",
                                  "A very long list of Many Capitalised Words Here: no lead.", "Note the time: noon."])
def test_no_colon_lead_without_a_short_name_and_a_clause(text):
    assert reported._colon_lead(toks_of(text)) is None


@pytest.mark.parametrize("text, source, content", [
    ("According to the report, the bridge will close in May.", "the report", "the bridge will close in May"),
    ("(According to aides, the talks failed.)", "aides", "the talks failed"),
    ("The bridge will close in May, according to the city's engineers.", "the city's engineers",
     "The bridge will close in May"),
    ("The talks failed, according to two officials, who asked not to be named.", "two officials", "The talks failed"),
    ("It went according to plan, officials said, according to aides.", "aides",
     "It went according to plan, officials said"),
])
def test_according_to_opens_or_closes_what_was_said(text, source, content):
    found = reported._according_to(toks_of(text))
    assert found is not None and found.rule == "according-to" and found.lemma == "according to"
    assert text[slice(*found.source)] == source and text[slice(*found.content[0])] == content
    assert text[slice(*found.cue)] == ("According to" if text.lstrip("(").startswith("According") else "according to")


@pytest.mark.parametrize("text", ["The vote went according to plan.", "According to, the plan.", "It was, according to"])
def test_no_according_to_without_a_source_and_a_place_for_what_was_said(text):
    assert reported._according_to(toks_of(text)) is None
