"""Sentence spans: Punkt with the project's abbreviations, and initials written together."""
from __future__ import annotations

import pytest

from reader.nlp.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize("text", [
    "O.J. Simpson was acquitted in 1995.",
    "The letters of W.E.B. Du Bois were sold at auction.",
    "A photograph was lent by K.C. Maurer, a collector from Ohio.",
    "J.K. Rowling wrote the first book in a café.",
])
def test_initials_written_together_before_a_name_end_no_sentence(text):
    assert sentences(text) == [text]


def test_initials_before_a_word_that_opens_sentences_still_end_one():
    # a postscript's "P.S." and a pronoun or determiner after initials
    assert sentences("Love, Ann. P.S. What a day it was.") == ["Love, Ann.", "P.S.", "What a day it was."]
    assert sentences("He was known as J.D. He never said why.") == ["He was known as J.D.", "He never said why."]


def test_a_plain_sentence_end_and_a_known_abbreviation_are_as_before():
    assert sentences("The vote failed. Lee said so.") == ["The vote failed.", "Lee said so."]
    assert sentences("Troops left the U.S. Army base on Monday.") == ["Troops left the U.S. Army base on Monday."]
