"""Token patterns written as data (``resources/nlp/patterns.json``), and the small matcher that
finds them in a sentence's tokens (:func:`reader.nlp.cues.tokens`), in the spirit of spaCy's
Matcher and Stanford's TokensRegex: a construction of the reported-speech rules is a pattern and a
test with made-up sentences, not index arithmetic.

A pattern is either a list of ``elements`` matched left to right from a token, or **anchored at a
cue**: an ``at`` element for the cue word itself, ``before`` (elements read from the cue outwards,
right to left: the nearest first) and ``after`` (left to right from the token after the cue). An
element matches one token, or a run of tokens with ``op``:

    {"text": ":"}                        the token's text
    {"text_in": [".", "!", "?"]}         one of these texts
    {"low": "according"}                 its lower-case form (``Tok.low``)
    {"low_in": ["to", "from"]}           one of these lower-case forms
    {"low_in": "cues/name-joiners"}      a word list of ``resources/nlp/word-lists.json`` (rules/name)
    {"cap": true}                        capitalised (``Tok.cap``)
    {"lower": true}                      written in lower case
    {"tag_in": ["NN", "NNS"]}            its part-of-speech tag (the tagger is asked only when reached)
    {"is": "auxiliary"}                  a named test the rules module registers (what a list cannot say)
    {"any": [ELEMENT, ...]}              one of these
    {"not": ELEMENT}                     any token but that
    {}                                   any token
    {"extent": "content_end"}            a phrase whose extent a function of the rules gives (below)
    {"ahead": [ELEMENT, ...]}            (after the cue) what follows here matches these; takes no token
    {"not_ahead": [ELEMENT, ...]}        (after the cue) what follows here does not match these

    "op": "?", "*", "+", "{m,n}" or "{m,}" (default: exactly once); "lazy": true tries as few
    tokens as it can first; "atomic": true takes as many as it can and never gives any back (as a
    loop of the old rules did); "or_end": true also matches no token where the sentence ends (after
    the cue) or begins (before it); "capture": NAME names what it matched (elements with one name
    make one range, from the first token any of them took to the last, across the cue too).

An extent after the cue (or in ``elements``) is a function ``(toks, i, context) -> j``: the run is
tokens ``i`` to ``j`` (none when ``j <= i``). Before the cue it is ``(toks, end, context) -> (a, b)``
or None: the phrase takes tokens ``a`` to ``end`` and captures ``a`` to ``b`` (``b <= end``: what
the phrase steps over before the cue, such as an adverb, is not the speaker's). Named tests are ``(toks, i,
context) -> bool``. ``context`` is whatever the caller passes to :meth:`Pattern.match` (e.g. the
sentence's subject, found once).

Anchors: ``"start": true`` (the pattern, or the side before the cue, reaches the sentence's first
token; with ``"start_after"``, a list of texts, it may also stop just after one of those as the
first token, e.g. an opening bracket) and ``"end": true`` (it reaches the last token).
``"find": {"source": "modified_subject"}``: a capture the match does not take but a function of the
rules finds from it, ``(toks, captures, context) -> (a, b)`` or None (no match): "the subject of the
clause this phrase modifies". ``"min_chars": {"content": 8}`` and ``"min_tokens": {"content": 2}``: a capture must cover at least
that many characters, or tokens. The side
after the cue is matched first, then the cue, then the side before it. Matching backtracks without remembering failed positions: a sentence is
a few dozen tokens, and a pattern with two open-ended repeats in a row can take time that grows fast
with its length, so keep such runs bounded, atomic or anchored.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

from ..resources import resource_path
from .cues import Tok
from .pos import tag_of
from .wordlists import word_list

PATTERNS_FILE = ("nlp", "patterns.json")
Test = Callable[[Sequence[Tok], int, Any], bool]
Extent = Callable[..., Any]
Groups = dict[str, tuple[int, int]]
Finder = Callable[[Sequence[Tok], Groups, Any], "tuple[int, int] | None"]
_COUNT = re.compile(r"\{(\d+),(\d*)\}")
_TOKEN_KEYS = {"text", "text_in", "low", "low_in", "cap", "lower", "tag_in", "is", "any", "not", "about"}   # one token's test
_RUN_KEYS = {"op", "lazy", "atomic", "or_end", "extent", "ahead", "not_ahead"}                           # how many tokens
_ELEMENT_KEYS = _TOKEN_KEYS | _RUN_KEYS | {"capture"}


@dataclass(frozen=True)
class Element:
    test: Test | None              # None: an extent or a look ahead
    low: int                       # fewest tokens
    high: int | None               # most tokens (None: no limit)
    lazy: bool
    capture: str | None
    extent: str | None = None
    atomic: bool = False
    or_end: bool = False
    ahead: tuple[Element, ...] | None = None
    negated: bool = False          # with ``ahead``: what follows must not match


def _words(value: str | list[str]) -> frozenset[str]:
    if isinstance(value, str):
        rules, _, name = value.partition("/")
        return word_list(rules, name)
    return frozenset(value)


def _equals(field: str, value: object) -> Test:
    get = attrgetter(field)
    return lambda toks, i, context: get(toks[i]) == value


def _among(field: str, values: frozenset[str]) -> Test:
    get = attrgetter(field)
    return lambda toks, i, context: get(toks[i]) in values


def compile_test(spec: dict, tests: dict[str, Test] | None = None) -> Test:
    """The token test an element's keys describe (all of them must hold)."""
    unknown = set(spec) - _ELEMENT_KEYS
    if unknown:
        raise ValueError(f"unknown keys in a pattern element: {sorted(unknown)}")
    parts: list[Test] = []
    for field in ("text", "low", "cap"):
        if field in spec:
            parts.append(_equals(field, spec[field]))
        if field + "_in" in spec:
            parts.append(_among(field, _words(spec[field + "_in"])))
    if "lower" in spec:
        lower = bool(spec["lower"])
        parts.append(lambda toks, i, context: toks[i].text.islower() == lower)
    if "tag_in" in spec:
        tags = frozenset(spec["tag_in"])
        parts.append(lambda toks, i, context: tag_of(toks, i) in tags)
    if "is" in spec:
        if spec["is"] not in (tests or {}):
            raise ValueError(f"no named test {spec['is']!r}")
        parts.append(tests[spec["is"]])
    for nested in (*spec.get("any", ()), *([spec["not"]] if "not" in spec else ())):
        if set(nested) & (_RUN_KEYS | {"capture"}):
            raise ValueError(f"an element inside 'any' or 'not' tests one token: {sorted(nested)}")
    if "any" in spec:
        options = [compile_test(option, tests) for option in spec["any"]]
        parts.append(lambda toks, i, context: any(test(toks, i, context) for test in options))
    if "not" in spec:
        negated = compile_test(spec["not"], tests)
        parts.append(lambda toks, i, context: not negated(toks, i, context))
    if len(parts) == 1:
        return parts[0]
    return lambda toks, i, context: all(test(toks, i, context) for test in parts)


def _counts(op: str) -> tuple[int, int | None]:
    fixed = {"": (1, 1), "?": (0, 1), "*": (0, None), "+": (1, None)}
    if op in fixed:
        return fixed[op]
    m = _COUNT.fullmatch(op)
    if m is None:
        raise ValueError(f"unknown op {op!r}")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


class Pattern:
    """One construction's pattern. :meth:`match` at a token (the cue, for a pattern anchored at
    one), :meth:`search` for the leftmost match of a pattern of ``elements``. A match is {capture
    name: (first token, end token)}."""

    def __init__(self, name: str, spec: dict, extents: dict[str, Extent] | None = None,
                 tests: dict[str, Test] | None = None, finders: dict[str, Finder] | None = None):
        unknown = set(spec) - {"elements", "at", "before", "after", "start", "start_after", "end", "min_chars",
                               "min_tokens", "find", "rule", "about"}
        if unknown:
            raise ValueError(f"pattern {name}: unknown keys {sorted(unknown)}")
        if "start_after" in spec and not spec.get("start"):
            raise ValueError(f"pattern {name}: start_after without start")
        if ("elements" in spec) == ("at" in spec) or "elements" in spec and ("before" in spec or "after" in spec):
            raise ValueError(f"pattern {name}: either elements, or at with before and after")
        self.name = name
        self.rule = spec.get("rule", name)
        self.start = bool(spec.get("start"))
        self.start_after = frozenset(spec.get("start_after", ()))
        self.end = bool(spec.get("end"))
        self.min_chars = dict(spec.get("min_chars", {}))
        self.min_tokens = dict(spec.get("min_tokens", {}))
        self.extents = extents or {}
        self.tests = tests or {}
        self.find = {}
        for capture, finder in spec.get("find", {}).items():
            if finder not in (finders or {}):
                raise ValueError(f"pattern {name}: no finder {finder!r}")
            self.find[capture] = finders[finder]
        self.anchored = "at" in spec
        if self.anchored:
            at = spec["at"]
            if set(at) - _TOKEN_KEYS - {"capture"}:
                raise ValueError(f"pattern {name}: the cue element is one token")
            self.at = compile_test(at, self.tests)
            self.at_capture = at.get("capture")
            self.before = self._compile(spec.get("before", []), backward=True)
            self.after = self._compile(spec.get("after", []))
        else:
            self.elements = self._compile(spec["elements"])

    def _compile(self, specs: list[dict], backward: bool = False) -> tuple[Element, ...]:
        out = []
        for element in specs:
            low, high = _counts(element.get("op", ""))
            extent = element.get("extent")
            capture = element.get("capture")
            if extent is not None:
                if extent not in self.extents:
                    raise ValueError(f"pattern {self.name}: no extent function {extent!r}")
                if set(element) - {"extent", "capture", "about"}:
                    raise ValueError(f"pattern {self.name}: an extent takes only a capture")
                out.append(Element(None, 1, 1, False, capture, extent))
            elif "ahead" in element or "not_ahead" in element:
                if backward:
                    raise ValueError(f"pattern {self.name}: a look ahead is only after the cue")
                if set(element) - {"ahead", "not_ahead", "about"} or len(element) - ("about" in element) != 1:
                    raise ValueError(f"pattern {self.name}: a look ahead takes only its elements")
                negated = "not_ahead" in element
                out.append(Element(None, 0, 0, False, None, ahead=self._compile(element["not_ahead" if negated
                                                                                        else "ahead"]),
                                   negated=negated))
            else:
                out.append(Element(compile_test(element, self.tests), low, high, bool(element.get("lazy")),
                                   capture, atomic=bool(element.get("atomic")), or_end=bool(element.get("or_end"))))
        return tuple(out)

    # --- matching -------------------------------------------------------------------------------

    def search(self, toks: Sequence[Tok], context: Any = None) -> Groups | None:
        if self.anchored:
            raise ValueError(f"pattern {self.name} is anchored at a cue: match it at one")
        starts = range(len(toks) + 1)
        if self.start:
            starts = [0] + ([1] if toks and toks[0].text in self.start_after else [])
        for i in starts:
            found = self.match(toks, i, context)
            if found is not None:
                return found
        return None

    def match(self, toks: Sequence[Tok], i: int, context: Any = None) -> Groups | None:
        if not self.anchored:
            for groups in _forward(self, toks, self.elements, 0, i, {}, context):
                last = groups.pop("")[1]
                if (not self.end or last == len(toks)) and self._found(toks, groups, context):
                    return groups
            return None
        if i >= len(toks):
            return None
        # the side after the cue first, then the cue, then the side before it: the cheaper tests first
        # for most constructions ("by X" before the subject of "be" is looked for)
        at = None
        for groups in _forward(self, toks, self.after, 0, i + 1, _captured({}, self.at_capture, i, i + 1), context):
            last = groups.pop("", (i + 1, i + 1))[1]
            if self.end and last != len(toks):
                continue
            if at is None:
                at = self.at(toks, i, context)
            if not at:
                return None
            for found in _backward(self, toks, self.before, 0, i, groups, context):
                first = found.pop("", (i, i))[0]
                if (not self.start or first == 0 or first == 1 and toks[0].text in self.start_after) \
                        and self._found(toks, found, context):
                    return found
        return None

    def _found(self, toks: Sequence[Tok], groups: Groups, context: Any) -> bool:
        """The match's captures are long enough, and its finders find theirs (added to ``groups``)."""
        for name, least in self.min_chars.items():
            a, b = groups.get(name, (0, 0))
            if b <= a or toks[b - 1].end - toks[a].start < least:
                return False
        if not all(groups.get(name, (0, 0))[1] - groups.get(name, (0, 0))[0] >= least
                   for name, least in self.min_tokens.items()):
            return False
        for name, finder in self.find.items():
            span = finder(toks, groups, context)
            if span is None:
                return False
            groups[name] = span
        return True


def _forward(p: Pattern, toks: Sequence[Tok], elements: tuple[Element, ...], k: int, i: int, groups: Groups,
             context: Any) -> Iterator[Groups]:
    """Every way ``elements[k:]`` match from token ``i``, in order of preference; each yields its
    captures with "" holding where it stopped."""
    if k == len(elements):
        yield {**groups, "": (i, i)}
        return
    element = elements[k]
    if element.ahead is not None:
        seen = next(_forward(p, toks, element.ahead, 0, i, {}, context), None) is not None
        if seen != element.negated:
            yield from _forward(p, toks, elements, k + 1, i, groups, context)
        return
    if element.extent is not None:
        j = p.extents[element.extent](toks, i, context) if i < len(toks) else i
        counts = [j - i] if j > i else []
    else:
        most = i
        while most < len(toks) and (element.high is None or most - i < element.high) \
                and element.test(toks, most, context):
            most += 1
        counts = _choices(element, most - i)
        if element.or_end and i == len(toks):
            counts = [0]
    for count in counts:
        yield from _forward(p, toks, elements, k + 1, i + count, _captured(groups, element.capture, i, i + count),
                            context)


def _backward(p: Pattern, toks: Sequence[Tok], elements: tuple[Element, ...], k: int, end: int, groups: Groups,
              context: Any) -> Iterator[Groups]:
    """Every way ``elements[k:]`` match right to left, the first ending just before token ``end``;
    each yields its captures with "" holding the first token reached."""
    if k == len(elements):
        yield {**groups, "": (end, end)}
        return
    element = elements[k]
    if element.extent is not None:
        phrase = p.extents[element.extent](toks, end, context) if end > 0 else None
        if phrase is not None and phrase[0] < end:
            a, b = phrase
            yield from _backward(p, toks, elements, k + 1, a, _captured(groups, element.capture, a, b), context)
        return
    least = end
    while least > 0 and (element.high is None or end - least < element.high) \
            and element.test(toks, least - 1, context):
        least -= 1
    counts = _choices(element, end - least)
    if element.or_end and end == 0:
        counts = [0]
    for count in counts:
        yield from _backward(p, toks, elements, k + 1, end - count, _captured(groups, element.capture, end - count, end),
                             context)


def _choices(element: Element, most: int) -> list[int]:
    """How many tokens to try, in order, when ``most`` in a row pass the element's test."""
    if most < element.low:
        return []
    if element.atomic:
        return [most]
    counts = list(range(element.low, most + 1))
    return counts if element.lazy else counts[::-1]


def _captured(groups: Groups, name: str | None, a: int, b: int) -> Groups:
    if name is None or a == b:
        return groups
    out = dict(groups)
    before = groups.get(name)
    out[name] = (min(a, before[0]), max(b, before[1])) if before is not None else (a, b)
    return out


@lru_cache(maxsize=1)
def _pattern_specs() -> dict[str, dict]:
    return json.loads(resource_path(*PATTERNS_FILE).read_text(encoding="utf-8"))["patterns"]


def load_pattern(name: str, extents: dict[str, Extent] | None = None, tests: dict[str, Test] | None = None,
                 finders: dict[str, Finder] | None = None) -> Pattern:
    """The pattern ``name`` of the shipped file, compiled (``extents``, ``tests`` and ``finders``:
    the functions it may name)."""
    return Pattern(name, _pattern_specs()[name], extents, tests, finders)


def pattern_names() -> list[str]:
    """The names of the shipped patterns, in the file's order."""
    return list(_pattern_specs())
