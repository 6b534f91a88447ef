"""The rules' word lists (resources/nlp/word-lists.json, reader.nlp.wordlists): each list says what
it is for, holds lower-case words once each, and every list is used by the rules."""
from __future__ import annotations

import json

import pytest

from reader.nlp import cues, reported, wordlists
from reader.resources import resource_path


def lists() -> dict:
    return json.loads(resource_path(*wordlists.LISTS_FILE).read_text(encoding="utf-8"))["lists"]


@pytest.mark.parametrize("rules,name", [(r, n) for r, named in lists().items() for n in named])
def test_a_list_says_what_it_is_for_and_holds_sorted_lower_case_words_once(rules, name):
    entry = lists()[rules][name]
    assert len(entry["about"]) > 20
    words = entry["words"]
    assert words and words == sorted(set(words))
    assert all(w == w.lower() and w == w.strip() for w in words)


def test_every_list_is_used_by_the_rules():
    assert cues.CUE_WORDS and reported.CLAUSE_OPENERS          # both modules loaded
    named = {(r, n) for r, entries in lists().items() for n in entries}
    assert named == wordlists.ASKED


def test_the_rules_read_their_words_from_the_lists():
    assert cues.SPEAKER_NOUNS == frozenset(lists()["cues"]["speaker-nouns"]["words"])
    assert "senator" in cues.SPEAKER_NOUNS and "warned" in cues.CUE_WORDS
    assert {"ain't"}.isdisjoint(reported.AUXILIARIES) and "didn’t" in reported.AUXILIARIES   # negations added in code


def test_month_names_are_english_whatever_the_locale():
    # calendar.month_name follows LC_TIME, which the desktop app sets to the user's locale
    from reader.analysis import grounding
    from reader.nlp import cues, gazetteer

    assert gazetteer.MONTHS[0] == "january" and len(gazetteer.MONTHS) == 12
    assert {"january", "jan", "sept", "dec"} <= cues._MONTHS and grounding.MONTHS == frozenset(gazetteer.MONTHS)
