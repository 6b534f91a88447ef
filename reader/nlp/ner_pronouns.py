"""Plain he/she pronouns resolved to a person, conservatively.

A pronoun (he, him, his, himself / she, her, hers, herself) joins a person only when exactly one
person of a matching gender is named in its own sentence before it or in the sentence before —
a person of unknown gender counts only when no other person is named there at all. Anything less
clear is left unresolved: a wrong link costs more than a missing one.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..article import Span
from .gazetteer import FEMALE_PRONOUNS, MALE_PRONOUNS
from .ner_features import DocTokens

G = TypeVar("G")


def resolve_pronouns(tokens: DocTokens, spans: list[Span], people: Iterable[G],
                     gender_of: Callable[[G], str | None]) -> list[tuple[G, Span]]:
    people = list(people)
    sentence_of: list[int] = []
    k = -1
    for f in tokens.first:
        k += f
        sentence_of.append(max(k, 0))
    # every named mention of a person, as (token index, person)
    named: list[tuple[int, int]] = []
    for p, g in enumerate(people):
        for m in g.mentions:
            named.append((m.tok_start, p))
    named.sort()
    genders = [gender_of(g) for g in people]
    found: list[tuple[int, Span, str]] = []
    lo = 0
    for i, lw in enumerate(tokens.lowers):
        if lw in MALE_PRONOUNS:
            want = "male"
        elif lw in FEMALE_PRONOUNS:
            want = "female"
        else:
            continue
        window_start = sentence_of[i] - 1
        while lo < len(named) and sentence_of[named[lo][0]] < window_start:
            lo += 1
        present = set()
        j = lo
        while j < len(named) and named[j][0] < i:      # sorted: the mentions before the pronoun come first
            present.add(named[j][1])
            j += 1
        if not present:
            continue
        matching = [p for p in present if genders[p] == want]
        if not matching and len(present) == 1 and genders[next(iter(present))] is None:
            matching = list(present)
        if len(matching) == 1:
            found.append((matching[0], spans[i], want))
    # a person of unknown sex keeps only the pronouns of the sex most of theirs have: "Kristen
    # Wilkins … She …" then "He …" a paragraph on is another man's, not hers (a tie keeps none)
    tally = Counter((p, want) for p, _, want in found if genders[p] is None)
    other = {"male": "female", "female": "male"}
    return [(people[p], span) for p, span, want in found
            if genders[p] is not None or tally[p, want] > tally[p, other[want]]]
