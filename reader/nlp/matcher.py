"""Token patterns written as data (``resources/nlp/patterns.json``), and the small matcher that
finds them in a sentence's tokens (:func:`reader.nlp.cues.tokens`), in the spirit of spaCy's
Matcher and Stanford's TokensRegex: a construction of the reported-speech rules is a pattern and a
test with made-up sentences, not index arithmetic.

A pattern is a list of elements. An element matches one token, or a run of tokens with ``op``:

    {"text": ":"}                        the token's text
    {"text_in": [".", "!", "?"]}         one of these texts
    {"low": "according"}                 its lower-case form (``Tok.low``)
    {"low_in": ["to", "from"]}           one of these lower-case forms
    {"low_in": "cues/name-joiners"}      a word list of ``resources/nlp/word-lists.json`` (rules/name)
    {"cap": true}                        capitalised (``Tok.cap``)
    {"tag_in": ["NN", "NNS"]}            its part-of-speech tag (the tagger is asked only when reached)
    {"any": [ELEMENT, ...]}              one of these
    {"not": ELEMENT}                     any token but that
    {}                                   any token
    {"extent": "content_end"}            from here to where a function the rules name says (a run)

    "op": "?", "*", "+", "{m,n}" or "{m,}" (default: exactly once); "lazy": true tries as few
    tokens as it can first; "capture": NAME names what it matched (consecutive elements with one
    name make one range of tokens).

A pattern may be anchored: ``"start": true`` (its first element at the sentence's first token; with
``"start_after"``, a list of texts, after one of those tokens too, e.g. an opening bracket) and
``"end": true`` (its last element at the last token). Matching backtracks, leftmost first, without
remembering failed positions: a sentence is a few dozen tokens, and a pattern with two open-ended
repeats in a row can take time that grows fast with its length, so keep such runs bounded or
anchored.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from ..resources import resource_path
from .cues import Tok
from .pos import tag_of
from .wordlists import word_list

PATTERNS_FILE = ("nlp", "patterns.json")
Test = Callable[[Sequence[Tok], int], bool]
Extent = Callable[[Sequence[Tok], int], int]
_COUNT = re.compile(r"\{(\d+),(\d*)\}")


@dataclass(frozen=True)
class Element:
    test: Test | None              # None: an extent
    low: int                       # fewest tokens
    high: int | None               # most tokens (None: no limit)
    lazy: bool
    capture: str | None
    extent: str | None = None


def _words(value: str | list[str]) -> frozenset[str]:
    if isinstance(value, str):
        rules, _, name = value.partition("/")
        return word_list(rules, name)
    return frozenset(value)


def _equals(field: str, value: object) -> Test:
    get = attrgetter(field)
    return lambda toks, i: get(toks[i]) == value


def _among(field: str, values: frozenset[str]) -> Test:
    get = attrgetter(field)
    return lambda toks, i: get(toks[i]) in values


def compile_test(spec: dict) -> Test:
    """The token test an element's keys describe (all of them must hold)."""
    tests: list[Test] = []
    for field in ("text", "low", "cap"):
        if field in spec:
            tests.append(_equals(field, spec[field]))
        if field + "_in" in spec:
            tests.append(_among(field, _words(spec[field + "_in"])))
    if "tag_in" in spec:
        tags = frozenset(spec["tag_in"])
        tests.append(lambda toks, i: tag_of(toks, i) in tags)
    if "any" in spec:
        options = [compile_test(option) for option in spec["any"]]
        tests.append(lambda toks, i: any(test(toks, i) for test in options))
    if "not" in spec:
        negated = compile_test(spec["not"])
        tests.append(lambda toks, i: not negated(toks, i))
    unknown = set(spec) - {"text", "text_in", "low", "low_in", "cap", "tag_in", "any", "not", "op", "lazy",
                           "capture", "extent", "about"}
    if unknown:
        raise ValueError(f"unknown keys in a pattern element: {sorted(unknown)}")
    return lambda toks, i: all(test(toks, i) for test in tests)


def _counts(op: str) -> tuple[int, int | None]:
    fixed = {"": (1, 1), "?": (0, 1), "*": (0, None), "+": (1, None)}
    if op in fixed:
        return fixed[op]
    m = _COUNT.fullmatch(op)
    if m is None:
        raise ValueError(f"unknown op {op!r}")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


class Pattern:
    """One construction's pattern; :meth:`match` at a token, :meth:`search` for the leftmost match.
    A match is {capture name: (first token, end token)}."""

    def __init__(self, name: str, spec: dict, extents: dict[str, Extent] | None = None):
        unknown = set(spec) - {"elements", "start", "start_after", "end", "about"}
        if unknown:
            raise ValueError(f"pattern {name}: unknown keys {sorted(unknown)}")
        if "start_after" in spec and not spec.get("start"):
            raise ValueError(f"pattern {name}: start_after without start")
        self.name = name
        self.start = bool(spec.get("start"))
        self.start_after = frozenset(spec.get("start_after", ()))
        self.end = bool(spec.get("end"))
        self.extents = extents or {}
        self.elements: list[Element] = []
        for element in spec["elements"]:
            low, high = _counts(element.get("op", ""))
            extent = element.get("extent")
            if extent is not None and extent not in self.extents:
                raise ValueError(f"pattern {name}: no extent function {extent!r}")
            if extent is not None and set(element) - {"extent", "capture", "about"}:
                raise ValueError(f"pattern {name}: an extent takes only a capture")
            self.elements.append(Element(None if extent else compile_test(element), low, high,
                                         bool(element.get("lazy")), element.get("capture"), extent))

    def search(self, toks: Sequence[Tok]) -> dict[str, tuple[int, int]] | None:
        starts = range(len(toks) + 1)
        if self.start:
            starts = [0] + ([1] if toks and toks[0].text in self.start_after else [])
        for i in starts:
            found = self.match(toks, i)
            if found is not None:
                return found
        return None

    def match(self, toks: Sequence[Tok], i: int) -> dict[str, tuple[int, int]] | None:
        return self._from(toks, 0, i, {})

    def _from(self, toks: Sequence[Tok], k: int, i: int,
              groups: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]] | None:
        if k == len(self.elements):
            return groups if not self.end or i == len(toks) else None
        element = self.elements[k]
        if element.extent is not None:
            j = self.extents[element.extent](toks, i) if i < len(toks) else i
            counts = [j - i] if j > i else []
        else:
            most = i
            while most < len(toks) and (element.high is None or most - i < element.high) \
                    and element.test(toks, most):
                most += 1
            counts = list(range(element.low, most - i + 1))
            if not element.lazy:
                counts.reverse()
        for count in counts:
            found = self._from(toks, k + 1, i + count, _captured(groups, element.capture, i, i + count))
            if found is not None:
                return found
        return None


def _captured(groups: dict[str, tuple[int, int]], name: str | None, a: int, b: int) -> dict[str, tuple[int, int]]:
    if name is None or a == b:
        return groups
    out = dict(groups)
    before = groups.get(name)
    out[name] = (before[0], b) if before is not None and before[1] == a else (a, b)
    return out


@lru_cache(maxsize=1)
def _pattern_specs() -> dict[str, dict]:
    return json.loads(resource_path(*PATTERNS_FILE).read_text(encoding="utf-8"))["patterns"]


def load_pattern(name: str, extents: dict[str, Extent] | None = None) -> Pattern:
    """The pattern ``name`` of the shipped file, compiled (``extents``: the functions it may name)."""
    return Pattern(name, _pattern_specs()[name], extents)
