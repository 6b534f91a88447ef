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
    pattern = Pattern("t", spec, {"to_comma": lambda toks, i: next(k for k in range(i, len(toks)) if toks[k].text == ",")})
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
        Pattern("t", {"elements": [{"extent": "to_comma", "op": "+"}]}, {"to_comma": lambda toks, i: i + 1})


def test_every_shipped_pattern_compiles_and_says_what_it_is_for():
    specs = json.loads(resource_path(*PATTERNS_FILE).read_text(encoding="utf-8"))["patterns"]
    for name, spec in specs.items():
        assert spec.get("about"), name
        load_pattern(name, {"content_end": reported._content_end})


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
