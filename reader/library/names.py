"""Name normalisation and the merge of people across articles.

"Emmanuel Macron" in one article and "Macron" in another are one person when the single word is
the surname of exactly one full name known in the library; otherwise the single word stays a
person of its own (ambiguous surnames are never guessed).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_NON_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"['’]s\b")


def normalise(name: str) -> str:
    """Casefolded, accents and punctuation removed, single-spaced: "Tomás  O’Neill's" → "tomas o neill"."""
    name = _POSSESSIVE.sub("", name or "")
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())


@dataclass
class PersonKeys:
    """Which normalised names belong to which person (keyed by the canonical normalised name)."""
    canonical: dict[str, str] = field(default_factory=dict)   # any known norm → canonical norm
    members: dict[str, list[str]] = field(default_factory=dict)  # canonical norm → its norms
    surnames: dict[str, set[str]] = field(default_factory=dict)  # last word → full names ending with it

    def resolve(self, name: str) -> str | None:
        """The canonical key of the person ``name`` refers to, or None when unknown."""
        norm = normalise(name)
        if norm in self.canonical:
            return self.canonical[norm]
        owners = self.surnames.get(norm, ())   # a surname typed for a person known by full name
        return next(iter(owners)) if len(owners) == 1 else None

    def norms(self, key: str) -> list[str]:
        return self.members.get(key, [key])


def merge_people(norms) -> PersonKeys:
    """Group normalised person names: a one-word name joins the only full name ending with it."""
    norms = {n for n in norms if n}
    full = [n for n in norms if " " in n]
    by_surname: dict[str, set[str]] = {}
    for name in full:
        by_surname.setdefault(name.rsplit(" ", 1)[1], set()).add(name)
    keys = PersonKeys(surnames=by_surname)
    for name in sorted(norms):
        target = name
        if " " not in name:
            owners = by_surname.get(name, set())
            if len(owners) == 1:
                target = next(iter(owners))
        keys.canonical[name] = target
        keys.members.setdefault(target, []).append(name)
    for members in keys.members.values():
        members.sort(key=lambda n: (-len(n.split()), n))
    return keys
