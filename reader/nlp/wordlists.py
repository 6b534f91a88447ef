"""The word lists of the quote, speaker and reported-speech rules (:mod:`.cues`, :mod:`.reported`):
data in ``resources/nlp/word-lists.json``, one named list per job a group of words does in the rules
(what each is for is written beside it there), loaded once. A list is changed there, with a test of
the construction it serves (``tests/nlp/``), never for one example.
"""
from __future__ import annotations

import json
from functools import lru_cache

from ..resources import resource_path

LISTS_FILE = ("nlp", "word-lists.json")
ASKED: set[tuple[str, str]] = set()       # the lists the rules have loaded (a test checks none is left unused)


@lru_cache(maxsize=1)
def _lists() -> dict[str, dict[str, dict]]:
    data = json.loads(resource_path(*LISTS_FILE).read_text(encoding="utf-8"))
    return data["lists"]


def word_list(rules: str, name: str) -> frozenset[str]:
    """The words of list ``name`` of the rules module ``rules`` ("cues" or "reported")."""
    ASKED.add((rules, name))
    return frozenset(_lists()[rules][name]["words"])
