"""One entity per real-world actor: group name mentions, type them by vote, find repeats the
tagger missed, resolve plain he/she pronouns, and rank by salience.

"President Donald Trump", "Donald Trump", "Mr. Trump" and "Trump" are one person named "Donald
Trump": titles stay inside a mention's span but never in the name, and a shorter name joins the
entity whose full name ends with it (or starts with it, for a lone first name) when exactly one
entity fits — otherwise the one its title names ("Dr.", or by sex "Mr." / "Mrs."), else the nearest
earlier one, else (a person named in a headline before anyone of that name is named in full) the
first named in full after it; a bare name stands for the same entity all through the article.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..annotations import Entity
from ..article import Span
from ..resources import resource_path
from .gazetteer import (
    DEMONYMS,
    EVENT_HEADS,
    FEMALE_TITLES,
    FIRST_NAME_GENDER,
    KIN_NOUNS,
    MALE_TITLES,
    PARTY_MEMBERS,
    PLACE_ABBREVIATIONS,
    PLACE_PREFIXES,
    POSSESSIVE_DETERMINERS,
    ROLE_HEADS,
    SITE_HEADS,
    TITLES,
    is_first_name,
    is_plain_word,
    name_gender,
    plural_name_word,
)
from .ner_features import DocTokens, head_class
from .ner_pronouns import resolve_pronouns
from .ner_tagger import default_lexicon


@dataclass
class Mention:
    start: int
    end: int
    type: str                         # person | organization | place | other
    words: tuple[str, ...]
    tok_start: int
    tok_end: int
    margin: float = 1.0


@dataclass
class Group:
    name_words: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    titles: set[str] = field(default_factory=set)
    pronouns: list[Span] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.votes.most_common(1)[0][0] if self.votes else "other"

    def gender(self, lexicon: dict | None = None) -> str | None:
        if self.titles & MALE_TITLES and not self.titles & FEMALE_TITLES:
            return "male"
        if self.titles & FEMALE_TITLES and not self.titles & MALE_TITLES:
            return "female"
        if len(self.name_words) > 1:
            first = self.name_words[0].lower()
            if first in FIRST_NAME_GENDER:
                return FIRST_NAME_GENDER[first]
            if lexicon and first in lexicon.get("male", ()):
                return "male"
            if lexicon and first in lexicon.get("female", ()):
                return "female"
        return None


@lru_cache(maxsize=1 << 16)
def _norm(word: str) -> str:
    return word.lower().replace("’", "'").replace(".", "")


def split_title(words: tuple[str, ...], lexicon: dict | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(titles, name): everything up to the last title ("President", "Mr.", "Sen.") comes off while
    a name follows — "French President Emmanuel Macron" is named "Emmanuel Macron", and "Mr. King's
    Russia" "Russia". A title "of" something runs on to a person's name that opens with a known
    first name (``lexicon``'s or the built-in list): "Secretary of Homeland Security Jeh Johnson" is
    named "Jeh Johnson"; with no such name the title is the whole name ("Tsar of Russia"). Letters
    after a person's name are no part of it ("Martin Luther King Jr.", "Daniel Bernoulli FRS", "Zaha
    Hadid DBE RA" are named "… King", "… Bernoulli", "… Hadid"). A party's member before a person's
    name comes off as a title does: "Democrat Hillary Clinton" is named "Hillary Clinton", and so do the
    people of a place ("Floridians Jeb Bush and Marco Rubio"), an owner in the possessive before a
    first name ("The Post's Greg Sargent" is named "Greg Sargent"), and a title in the plural before the
    first of several names ("Senators Ted Cruz and Marco Rubio", "Presidents Obama and Bush"). A name
    written surname first ("Austen, Jane": :func:`.entities.inverted_names`) is named in the usual
    order ("Jane Austen")."""
    if len(words) >= 3 and words[1] == ",":
        return (), (*words[2:], words[0])
    words = words[:_before_postnominals(words)]
    k = 0
    for i in range(len(words) - 1):
        if _norm(words[i]) in TITLES or i == 0 and _plural_title(words[0]):
            k = i + 1
    while k < len(words) - 1 and (_norm(words[k]) in TITLES or (k and words[k] in ("'s", "’s"))):
        k += 1                  # "Mr. King's Russia" is named Russia
    for i in range(k, len(words) - 2):
        if words[i].endswith(("'s", "’s")) and is_first_name(words[i + 1].lower(), lexicon):
            k = i + 1           # "The Post's Greg Sargent", "Iowa State University's Dianne Bystrom"
    if k and len(words) - k >= 4 and words[k] == "of":
        # the name is the last word with the initials before it and one word more: "John F. Kerry"
        j = len(words) - 1
        while j - 1 > k + 1 and (_is_initial(words[j - 1]) or words[j - 1] == "."):
            j -= 1
        last = _norm(words[-1])
        if j - 1 > k + 1 and is_first_name(words[j - 1].lower(), lexicon) and not head_class(last) \
                and not is_plain_word(last, lexicon):
            k = j - 1                   # a name word last: not "Director of the Grace Hotel"
    if k < len(words) and words[k] == "of":
        k = 0                           # "Tsar of Russia", "Secretary of State": a title is the whole name
    if k == 0 and len(words) >= 3 and (_norm(words[0]) in PARTY_MEMBERS or _residents(words[0])) \
            and is_first_name(words[1].lower(), lexicon):
        k = 1                           # "Democrat Hillary Clinton", "Floridians Jeb Bush and …"
    return words[:k], words[k:]


def _plural_title(word: str) -> bool:
    """A title in the plural, capitalised: "Senators", "Presidents", "Justices" (not a courtesy title:
    "Mrs" is no plural of "Mr")."""
    low = _norm(word)
    return word[:1].isupper() and len(low) > 3 and low.endswith("s") and low not in TITLES \
        and (low[:-1] in TITLES or low.endswith("es") and low[:-2] in TITLES) and low[:-1] not in _COURTESY


def _residents(word: str) -> bool:
    """A capitalised plural naming the people of a place: "Floridians", "Texans", "New Yorkers"'
    last word, "Muscovites"."""
    return plural_name_word(word) and word.lower().endswith(("ans", "ers", "ites"))


_PLACE_TITLES = frozenset({"st", "saint", "mt", "ft", "fort", "mount"})
# generational suffixes and degrees written after a name, lower case without stops
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "esq"})


def _before_postnominals(words: tuple[str, ...]) -> int:
    """Where the letters after a name begin: a generational suffix ("Jr.", "III"), a degree ("PhD")
    or an honour in capitals of two to four letters ("FRS", "DBE"), after two or more words of a
    name in title case, initials between them ("Joseph R. Biden Jr.", "Harry B. Harris Jr."); ``len(words)``
    when there are none."""
    end = len(words)
    while end > 1 and (_norm(words[end - 1]) in _SUFFIXES or words[end - 1] == "."
                       or 2 <= len(words[end - 1]) <= 4 and words[end - 1].isupper() and words[end - 1].isalpha()):
        end -= 1
    def title_case(w: str) -> bool:
        return w[:1].isupper() and w[1:2].islower() and _norm(w) not in _SUFFIXES

    if end == len(words) or end < 2 or not title_case(words[end - 1]):
        return len(words)
    named, k = 0, end - 1           # the name's words in title case, back to the first word that is none
    while k >= 0 and (title_case(words[k]) or _is_initial(words[k]) or words[k] == "."):
        named += title_case(words[k])
        k -= 1
    return end if named >= 2 else len(words)


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def _fits(full: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Whether a person named ``short`` can be the person named ``full``."""
    f = [_norm(w) for w in full if not _is_initial(w)]
    s = [_norm(w) for w in short if not _is_initial(w)]
    if "of" in f[1:] and "of" not in s:
        f = f[:f.index("of", 1)]        # "Louis XV of France" is Louis or Louis XV, never France
    if not s or len(s) >= len(f) and s != f:
        return False
    if s == f:
        return True
    if s[-1] == f[-1]:
        it = iter(f)
        return all(w in it for w in s)
    return len(s) == 1 and (s[0] == f[0] or frozenset(s[:1] + f[:1]) in nicknames()    # "Pete" for Peter Santilli
                            and is_first_name(s[0], default_lexicon()))                # not "Day" for David


def _variant(full: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """The same person's name written another way: the same surname, and first names that differ by
    one letter ("Kristen Wilkins" and "Kristin Wilkins", "Michael" and "Micheal"), each of five
    letters or more, or a given name and its nickname ("Charles Grassley" and "Chuck Grassley",
    :func:`nicknames`)."""
    f, o = [_norm(w) for w in full], [_norm(w) for w in other]
    if len(f) != len(o) or len(f) < 2 or f[-1] != o[-1] or f == o:
        return False
    return all(a == b or len(a) >= 5 and len(b) >= 5 and _one_edit(a, b) or k == 0 and frozenset((a, b)) in nicknames()
               for k, (a, b) in enumerate(zip(f[:-1], o[:-1], strict=True)))


NICKNAMES_FILE = ("nlp", "nicknames.json")


@lru_cache(maxsize=1)
def nicknames() -> frozenset[frozenset[str]]:
    """Each given name with each of its nicknames, as pairs in lower case ("charles" and "chuck"), from
    ``resources/nlp/nicknames.json`` (:mod:`reader.training.nicknames`); none when the file is missing."""
    path = resource_path(*NICKNAMES_FILE)
    if not path.is_file():
        return frozenset()
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(frozenset((name, nick)) for name, nicks in data["nicknames"].items() for nick in nicks)


@lru_cache(maxsize=1)
def _nicknames_of() -> dict[str, frozenset[str]]:
    """Each name of :func:`nicknames`' pairs -> the names it is paired with."""
    out: dict[str, set[str]] = {}
    for pair in nicknames():
        a, b = tuple(pair)
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {name: frozenset(others) for name, others in out.items()}


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter changed, added or dropped, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
            and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _acronym(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


class _GroupIndex:
    """The groups so far, found by the words :func:`_fits` and :func:`_acronym` compare, so that a new
    name is compared with the few groups that can fit it, not with every group of the article
    (which made grouping quadratic in the number of names)."""

    def __init__(self) -> None:
        self.order: dict[int, int] = {}                 # id(group) -> creation order
        self.by_word: dict[tuple[str, str], list[Group]] = {}

    def add(self, group: Group) -> None:
        self.order[id(group)] = len(self.order)
        words = [_norm(w) for w in group.name_words if not _is_initial(w)]
        keys = {("acronym", _acronym(group.name_words))}
        if words:
            keys |= {("last", words[-1]), ("first", words[0]), ("all", " ".join(words))}
            if len(words) > 1:
                keys |= {("first", nick) for nick in _nicknames_of().get(words[0], ())}
        if len(words) >= 3:
            keys.add(("paternal", words[-2]))          # "Acosta" of "Melba Acosta Febo"
        for key in keys:
            self.by_word.setdefault(key, []).append(group)

    def candidates(self, name: tuple[str, ...]) -> list[Group]:
        """Every group that :func:`_best_fit` could choose for ``name``, in creation order."""
        words = [_norm(w) for w in name if not _is_initial(w)]
        found: dict[int, Group] = {}
        keys = [("acronym", name[0])] if len(name) == 1 else []
        if words:
            keys += [("last", words[-1]), ("all", " ".join(words))]
            keys += [("first", words[0]), ("paternal", words[0])] if len(words) == 1 else []
        for key in keys:
            for g in self.by_word.get(key, ()):
                found[id(g)] = g
        return sorted(found.values(), key=lambda g: self.order[id(g)])


def group_mentions(mentions: list[Mention], lexicon: dict | None = None, words: list[str] | None = None) -> list[Group]:
    """One group per actor (``words``: the document's tokens, for a role set off by commas beside a
    name: "the Vice President, Karl Amsel,")."""
    groups: list[Group] = []
    index = _GroupIndex()
    by_key: dict[tuple[str, ...], Group] = {}
    roles: list[tuple[Mention, tuple[str, ...], tuple[str, ...], frozenset[str]]] = []
    split = _juniors([(m, *split_title(m.words, lexicon)) for m in mentions])
    for m, titles, name in sorted(split, key=lambda x: (-len(x[2]), x[0].start)):
        if titles and m.type != "person":
            if m.type in ("other", "place") and not {_norm(t) for t in titles} & _PLACE_TITLES and len(name) <= 3 \
                    and not _plural_title(titles[0]):       # "Kings Cross" stays a place
                m.type = "person"                   # "French President Emmanuel Macron"
            else:
                titles, name = (), m.words
        if len(m.words) == 1 and (_norm(m.words[0]) in TITLES or _norm(m.words[0]) in DEMONYMS):
            role = _roles({_norm(m.words[0])}) if m.type == "person" else frozenset()
            if role:
                roles.append((m, titles, name, role))   # a bare "President": whose, if anyone's, later
            continue                                   # "European" leaders: an adjective, not a name
        before = _norm(words[m.tok_start - 1]) if words and m.tok_start else ""
        if _not_a_name(m.words, m.type, before):
            continue
        role = _role(titles, name, m.type) if m.type == "person" or not titles else None
        if not role and not titles and len(name) >= 3 and name[1] == "of" and _norm(name[0]) in PARTY_MEMBERS:
            role = frozenset({"member"})        # "Steve Cohen, Democrat of Tennessee,": Cohen's, beside him
        if role:
            roles.append((m, titles, name, role))      # "Mr. President": whose role, once every name is known
            continue
        _add(m, titles, name, groups, index, by_key, lexicon)
    holders: dict[frozenset[str], list[Group]] = {}
    for g in groups if roles else ():
        if g.type == "person" and g.titles:
            holders.setdefault(_roles(g.titles), []).append(g)
    before, after = _apposed(groups, words) if roles and words else ({}, {})
    for m, titles, name, role in roles:
        # a role "of" something is the titled holder's only beside the name: "the President of France"
        # is not "President Joe Biden"
        of = not titles and "of" in name[1:]
        holder = before.get(m.tok_end) or after.get(m.tok_start) \
            or (None if of else _holder(holders.get(role, []), titles, lexicon))
        if holder is not None:
            m.type = "person"                          # "the President of the United States" is no place
            holder.mentions.append(m)
            holder.votes[m.type] += 0.25
        elif of:
            _add(m, titles, name, groups, index, by_key, lexicon)
        elif len(m.words) > 1:
            # named by the role itself ("Vice President", not "President"), and only the same role joins it
            k = 0
            while k < len(m.words) - 1 and _norm(m.words[k]) in _COURTESY | {"the"}:
                k += 1
            _add(m, (), m.words[k:], groups, index, by_key, lexicon, fit=False)
        # a bare "President" no one holds names nobody in particular
    return groups


_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _juniors(split: list[tuple[Mention, tuple[str, ...], tuple[str, ...]]]) -> list:
    """A generational suffix names another person than the same name without it written earlier in
    the article (initials aside): "Donald J. Trump" then "Donald Trump Jr." are father and son, and so are "Robert F.
    Kennedy" and "Robert F. Kennedy Jr." — the suffix stays in the son's name, and "Trump" alone
    stays the father's. Written first, the suffixed name is the person's full name ("Martin Luther
    King Jr." … "King", "Joseph R. Biden Jr." … "Joseph Biden"), the suffix off as before."""
    def key(name: tuple[str, ...]) -> tuple[str, ...]:     # "Donald J. Trump" is "Donald Trump" here
        return tuple(_norm(w) for w in name if w != "." and not _is_initial(w))

    first_seen: dict[tuple[str, ...], int] = {}
    for m, _, name in split:
        if len(name) >= 2 and _before_postnominals(m.words) == len(m.words):
            first_seen[key(name)] = min(first_seen.get(key(name), m.start), m.start)
    if not first_seen:
        return split
    out = []
    for m, titles, name in split:
        suffix = [w for w in m.words[_before_postnominals(m.words):] if _norm(w) in _GENERATIONS]
        if suffix and len(name) >= 2 and first_seen.get(key(name), m.start) < m.start:
            name = (*name, suffix[0])
        out.append((m, titles, name))
    return out


def _apposed(groups: list[Group], words: list[str]) -> tuple[dict[int, Group], dict[int, Group]]:
    """The people a role set off by a comma can stand beside: by the token a role would end at before
    ", Karl Amsel" ("the Vice President, Karl Amsel, said"), and by the token it would start at after
    "Karl Amsel, (the)" ("Karl Amsel, the Vice President, said")."""
    before: dict[int, Group] = {}
    after: dict[int, Group] = {}
    for g in groups:
        if g.type != "person":
            continue
        for n in g.mentions:
            a, b = n.tok_start, n.tok_end
            if a >= 1 and words[a - 1] == ",":
                before.setdefault(a - 1, g)
            if b + 1 < len(words) and words[b] == ",":
                after.setdefault(b + 1 + (words[b + 1].lower() == "the"), g)
    return before, after


# courtesy titles: they address a person but name no role ("Dame" does: "she was made a Dame")
_COURTESY = frozenset({"mr", "mrs", "ms", "miss", "madam", "madame", "mme", "mlle", "sir", "messrs"})
_NOT_ROLES = frozenset({_norm(a) for a in PLACE_ABBREVIATIONS} | {"hon", "honorable"})
_ROLE_VARIANTS = {"chairman": "chair", "chairwoman": "chair", "vp": "vice", "gov": "governor", "sen": "senator"}
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth")


def _role(titles: tuple[str, ...], name: tuple[str, ...], kind: str = "person") -> frozenset[str] | None:
    """The role a mention names when it names nothing else ("Mr. President", "the Vice President",
    "Madam Speaker", "the 46th President of the United States", a person's "State Department
    Spokesperson": {"president"}, {"vice", "president"}, {"speaker"}, {"president"},
    {"spokesperson"}), else None."""
    if titles and len(name) == 1 and _norm(name[0]) in TITLES:
        words = [*titles, *name]
    elif not titles and kind == "person" and len(name) > 1 and _norm(name[-1]) in TITLES \
            and all(w[:1].isupper() for w in name):
        words = list(name)                     # the office's words before the title name no role
    elif not titles and "of" in name[1:]:
        words = [w for w in name[:name.index("of")] if _norm(w) != "the" and not _ORDINAL.fullmatch(_norm(w))]
        if not words or not all(_norm(w) in TITLES for w in words):
            return None                        # "the Bank of England", "Director of the Grace Hotel"
    else:
        return None
    return _roles({_norm(w) for w in words}) or None


def _not_a_name(words: tuple[str, ...], kind: str = "person", before: str = "") -> bool:
    """Words that name no one in particular: a plural role taken for people ("Senators",
    "Governors", spoken of as a body; not "My Lords", a form of address to a particular bench, nor
    a team such as the "Cardinals"), and a demonym after directions ("South-Eastern European",
    "North American": an adjective, as a bare "European" is). ``before``: the word before them."""
    last = _norm(words[-1])
    if len(words) == 1:
        return kind == "person" and before not in POSSESSIVE_DETERMINERS and last.endswith("s") \
            and last[:-1] in TITLES and last[:-1] not in _COURTESY
    parts = [p for w in words[:-1] for p in _norm(w).split("-")]
    return last in DEMONYMS and all(p in _DIRECTIONS for p in parts)


def _roles(words: set[str]) -> frozenset[str]:
    """The role words among title words, one word for a role's variants ("chairman", "chair"); a
    country ("U.S. President") and an honorific ("Hon.") name no role."""
    return frozenset(_ROLE_VARIANTS.get(w, w) for w in words & TITLES - _COURTESY - _NOT_ROLES)


def _holder(people: list[Group], titles: tuple[str, ...], lexicon: dict | None) -> Group | None:
    """Of the people named with exactly a mention's role as a title (``people``: "President Joe
    Biden" for "Mr. President", not "Vice President Kamala Harris"), the one of the sex the
    mention's courtesy title gives; None when none or several are."""
    courtesy = {_norm(t) for t in titles}
    sex = "male" if courtesy & MALE_TITLES else "female" if courtesy & FEMALE_TITLES else None
    found = [g for g in people if sex is None or g.gender(lexicon) in (None, sex)]
    return found[0] if len(found) == 1 else None


def _add(m: Mention, titles: tuple[str, ...], name: tuple[str, ...], groups: list[Group], index: _GroupIndex,
         by_key: dict[tuple[str, ...], Group], lexicon: dict | None, fit: bool = True) -> None:
    """Adds a mention to the group of its name, to the group its name is another name of (unless not
    ``fit``), or to a new group."""
    key = tuple(_norm(w) for w in name)
    # "Mr. Clinton" where Hillary and Bill Clinton are both named: fitted by the title's sex, apart
    # from what the bare "Clinton" stands for in the article
    candidates = index.candidates(name) if fit and _title_sex(titles) is not None else None
    sexed = candidates is not None and _several_fit(candidates, name)
    group = None if sexed else by_key.get(key)
    alias = False
    if group is None and fit:
        group = _best_fit(index.candidates(name) if candidates is None else candidates, name, m, lexicon, titles)
        alias = group is not None
    if group is None:
        group = Group(name)
        groups.append(group)
        index.add(group)
    if not sexed:
        by_key.setdefault(key, group)
    group.mentions.append(m)
    weight = 1.0 + 0.5 * (len(name) > 1) + min(m.margin, 20.0) / 40.0
    group.votes[m.type] += weight * (0.25 if alias or key != by_key_name(group) else 1.0)
    group.titles.update(_norm(t) for t in titles)


def type_priors(groups: list[Group], lexicon: dict | None) -> None:
    """One type per entity, helped by the shape of its name: a name ending in "Foundation",
    "Ministry", "Inc." is an organisation, one ending in "Station", "Street", "Base" a place (unless
    that last word alone is also a mention of it: a surname), one ending in a site a visitor goes
    to ("Halden Lighthouse", "Avery Gardens") a place, and "Bruce Wayne" (a known first name and one
    more capitalised word) a person."""
    lexicon = lexicon or {}
    places = lexicon.get("place", frozenset())
    orgs = lexicon.get("org", frozenset())
    for g in groups:
        total = sum(g.votes.values())
        if not total:
            continue
        words = [_norm(w) for w in g.name_words]
        cls = head_class(_role_head(words)) if len(words) > 1 else ""
        if cls == "loc" and any(len(m.words) == 1 and _norm(m.words[0]) == words[-1] for m in g.mentions):
            cls = ""         # "Sharon Street … Street argues": a surname alone, which a street never is
        if len(words) > 1 and words[-1] in EVENT_HEADS and g.name_words[-1][:1].isupper():
            g.votes["other"] += 1.05 * total                 # "Lantern Festival", "Booker Prize"
        elif cls:
            g.votes["organization" if cls == "org" else "place"] += 1.05 * total
        elif len(words) > 1 and words[-1] in SITE_HEADS and words[-1] not in lexicon.get("surname", ()) \
                and g.name_words[-1][:1].isupper() and not g.titles - _PLACE_TITLES \
                and not (len(words) > 2 and is_first_name(words[0], lexicon)):
            g.votes["place"] += 1.05 * total                 # "Halden Lighthouse", "Avery Gardens"
        elif len(words) > 1 and words[0] in PLACE_PREFIXES and g.name_words[1][:1].isupper() \
                and not (is_first_name(words[0], lexicon) and words[-1] in lexicon.get("surname", ())):
            g.votes["place"] += 1.05 * total                 # "Fort Lee", "Rua Direita"; not "Monte Shaw"
        elif len(words) == 1 and words[0] in PLACE_PREFIXES and not is_first_name(words[0], lexicon):
            g.votes["place"] += 1.05 * total                 # "Calle" of "Calle Ancha 3", the number left out
        elif len(words) > 1 and _role_head(words) in ROLE_HEADS:
            g.votes["person"] += 1.05 * total                # "Home Secretary", "Secretary of State"
        elif " ".join(words) in orgs and g.type != "organization" and not g.titles:
            g.votes["organization"] += 1.05 * total          # "NASA", "Human Rights Watch": a known organisation
        elif " ".join(words) in places and g.type != "place" and not g.titles:
            g.votes["place"] += 1.05 * total                 # "Alaska", "Washington": a known place
        elif _team(words, places):
            g.votes["organization"] += 1.05 * total          # "Pittsburgh Pirates", "Tampa Bay Rays"
        elif (2 <= len(words) <= 3 and is_first_name(words[0], lexicon)
              and all(w[:1].isupper() for w in g.name_words)):
            g.votes["person"] += 0.5 * total


def _team(words: list[str], places) -> bool:
    """A known place and then a plural: a sports team ("Boston Red Sox"), not a place ("Niagara Falls"
    ends in a word that heads place names, "Cayman Islands" too)."""
    last = words[-1]
    if len(words) < 2 or not last.endswith("s") or last.endswith("'s") or head_class(last) \
            or last in _PLACE_PLURALS or " ".join(words) in places:
        return False
    return any(" ".join(words[:k]) in places for k in range(1, len(words)))


_PLACE_PLURALS = frozenset("falls springs heights woods lakes highlands lowlands plains keys sands rapids "
                           "narrows antilles isles".split())


def _role_head(words: list[str]) -> str:
    """The head of a name: its last word, or the word before "of" ("Secretary of State")."""
    return words[head_index(words)]


def head_index(words: list[str]) -> int:
    """Where :func:`_role_head` finds the head of lower-cased ``words``."""
    return words.index("of", 1) - 1 if "of" in words[1:] else len(words) - 1


def by_key_name(group: Group) -> tuple[str, ...]:
    return tuple(_norm(w) for w in group.name_words)


def _best_fit(groups: list[Group], name: tuple[str, ...], m: Mention, lexicon: dict | None = None,
              titles: tuple[str, ...] = ()) -> Group | None:
    """The group a new name is another name of (``groups``: those that can fit, in creation order;
    ``lexicon``: the model's word lists, for the sex a first name gives; ``titles``: the mention's,
    which choose between people of one surname: "Dr. Nelson" is "Dr. Alondra Nelson", not "Bill
    Nelson")."""
    fits = _person_fits(groups, name)
    if not fits and len(name) == 1 and name[0].isupper() and len(name[0]) > 1:
        fits = [g for g in groups if g.type != "person" and len(g.name_words) > 1
                and _acronym(g.name_words) == name[0]]
    if not fits and len(name) > 1:
        variants = [g for g in groups if g.votes["person"] >= max(g.votes.values()) and _variant(g.name_words, name)
                    and name_gender(" ".join(g.name_words), lexicon) == name_gender(" ".join(name), lexicon)]
        return variants[0] if len(variants) == 1 else None
    if not fits and len(name) == 1:
        paternal = [g for g in groups if g.votes["person"] >= max(g.votes.values())
                    and _first_of_two_surnames(g.name_words, name[0], lexicon)]
        return paternal[0] if len(paternal) == 1 else None
    if not fits:
        return None
    surname = [g for g in fits if _norm(g.name_words[-1]) == _norm(name[-1])]
    fits = surname or fits                 # "Warhol" is Andy Warhol before it is a "Warhol Polaroid"
    if len(fits) == 1:
        return fits[0]
    titled = [g for g in fits if g.titles & {_norm(t) for t in titles}]
    if len(titled) == 1:
        return titled[0]
    sex = _title_sex(titles)
    if sex is not None:                    # "Mrs. Clinton" is Hillary Clinton, "Mr. Clinton" Bill Clinton
        fits = [g for g in fits if name_gender(" ".join(g.name_words), lexicon) == sex] or fits
        if len(fits) == 1:
            return fits[0]
    before = [(max(x.start for x in g.mentions if x.start < m.start), i) for i, g in enumerate(fits)
              if any(x.start < m.start for x in g.mentions)]
    if before:
        return fits[max(before)[1]]
    # a person named before either is named in full (a headline's "Clinton"): the one named in full
    # first after it (a place or a thing, "Washington" before George and Booker T. Washington, stays apart)
    after = [(min(x.start for x in g.mentions), i) for i, g in enumerate(fits) if g.mentions]
    return fits[min(after)[1]] if after and m.type == "person" else None


def _first_of_two_surnames(full: tuple[str, ...], word: str, lexicon: dict | None) -> bool:
    """Whether ``word`` alone is the first of the two surnames that end ``full``, as Spanish and
    Portuguese names have them: "Acosta" of "Melba Acosta Febo", "Sada" of "Carlos Manuel Sada
    Solana" ("Ms. Acosta said"). Three words of a name at least, and the word no known first name:
    "Luther" is no surname of "Martin Luther King". Only where no other person fits the word."""
    words = [_norm(w) for w in full if not _is_initial(w) and w != "."]
    return len(words) >= 3 and words[-2] == _norm(word) and "of" not in words \
        and not is_first_name(words[-2], lexicon)


def _title_sex(titles: tuple[str, ...]) -> str | None:
    """The sex a courtesy title of the mention says ("Mr." male, "Mrs.", "Ms." female), if any."""
    words = {_norm(t) for t in titles}
    if words & MALE_TITLES:
        return "male"
    return "female" if words & FEMALE_TITLES else None


def _person_fits(groups: list[Group], name: tuple[str, ...]) -> list[Group]:
    """The people (groups voted person) with a longer name this shorter one fits."""
    return [g for g in groups if len(g.name_words) > len(name)
            and g.votes["person"] >= max(g.votes.values()) and _fits(g.name_words, name)]


def _several_fit(groups: list[Group], name: tuple[str, ...]) -> bool:
    """Whether more than one person named in full ends with this shorter name ("Clinton" when the
    article names Hillary Clinton and Bill Clinton)."""
    return sum(_norm(g.name_words[-1]) == _norm(name[-1]) for g in _person_fits(groups, name)) > 1


def kin_of(tokens: DocTokens, groups: list[Group]) -> None:
    """A name whose possessive is followed by a relative ("Tyler's grandmother", "Isabelle’s late
    husband") is a person's, whatever type its votes gave it."""
    words = tokens.lowers
    for g in groups:
        if g.type == "person":
            continue
        for m in g.mentions:
            k = m.tok_end
            possessive = m.words[-1].lower().endswith(("'s", "’s")) or k < len(words) and words[k] in ("'s", "’s")
            k += k < len(words) and words[k] in ("'s", "’s")
            k += k < len(words) and words[k] in _KIN_ADJECTIVES
            if possessive and k < len(words) and words[k] in KIN_NOUNS:
                g.votes["person"] += 1.05 * sum(g.votes.values())
                break


_KIN_ADJECTIVES = frozenset({"late", "older", "younger", "elder", "eldest", "youngest", "oldest", "own"})


def known_as(tokens: DocTokens, groups: list[Group]) -> None:
    """A person's other name given as such is theirs: "Jenna Nicole Mourey (born 1986), better known
    by her pseudonym Jenna Marbles", "Joshua Norton, known as Emperor Norton", "Frank Messina,
    nicknamed the Mets Poet". The group of the name after the phrase joins the person's."""
    words = tokens.lowers
    starting = {m.tok_start: g for g in groups for m in g.mentions}
    merged: set[int] = set()
    for g in groups:
        if g.type != "person" or id(g) in merged:
            continue
        for m in list(g.mentions):
            k = _after_aside(words, m.tok_end)
            k = _known_as_phrase(words, k)
            other = starting.get(k) if k is not None else None
            if other is None or other is g or id(other) in merged or other.type not in ("person", "other"):
                continue
            g.mentions += other.mentions
            g.pronouns += other.pronouns
            g.votes["person"] += sum(other.votes.values())
            merged.add(id(other))
    groups[:] = [g for g in groups if id(g) not in merged]


def _after_aside(words: list[str], k: int) -> int:
    """Past a parenthesis ("(born September 15, 1986)") and a comma after a name."""
    if k < len(words) and words[k] == "(":
        close = next((j for j in range(k + 1, min(len(words), k + 40)) if words[j] == ")"), None)
        k = close + 1 if close is not None else k
    return k + 1 if k < len(words) and words[k] == "," else k


_KNOWN_ADVERBS = frozenset({"also", "better", "commonly", "more", "widely", "popularly", "simply"})
_OTHER_NAMES = frozenset({"pseudonym", "nickname", "name", "pen", "stage", "moniker", "title"})


def _known_as_phrase(words: list[str], k: int) -> int | None:
    """Where the name starts after "(also|better …) known (by her pseudonym) as (the)" or
    "nicknamed (the)" at token ``k``; None when no such phrase is there."""
    while k < len(words) and words[k] in _KNOWN_ADVERBS:
        k += 1
    if k < len(words) and words[k] == "nicknamed":
        k += 1
    elif k + 1 < len(words) and words[k] == "known":
        k += 1
        if words[k] == "by":                       # "known by her pseudonym / stage name (of)"
            k += 1
            start = k
            while k < len(words) and (words[k] in POSSESSIVE_DETERMINERS or words[k] in _OTHER_NAMES):
                k += 1
            if not any(w in _OTHER_NAMES for w in words[start:k]):
                return None                        # "known by Bob Stone since college": no other name
            k += k < len(words) and words[k] in ("as", "of")
        elif words[k] == "as":
            k += 1
        else:
            return None
    else:
        return None
    while k < len(words) and words[k] in ("the", "“", '"', "'", "‘"):
        k += 1
    return k


def propagate(text: str, tokens: DocTokens, spans: list[Span], groups: list[Group]) -> None:
    """Add untagged repeats of a known name (a name of two or more words, or a person's surname)."""
    aliases: dict[tuple[str, ...], Group | None] = {}
    acronyms: set[str] = set()
    common = tokens.lexicon.get("common", frozenset()) if tokens.lexicon else frozenset()
    for g in groups:
        # one-word names repeat only as a known person's surname, or as a person named so three
        # times: a lone "European" tagged once is too weak to copy over the whole article
        forms = {f for f in {tuple(m.words) for m in g.mentions} | {g.name_words} if len(f) > 1}
        if g.type == "person" and len(g.name_words) > 1 and not _is_initial(g.name_words[-1]):
            forms.add(g.name_words[-1:])
        elif g.type == "person" and len(g.name_words) == 1 and len(g.mentions) >= 3 \
                and _norm(g.name_words[0]) not in common and g.name_words[0].lower() not in tokens.lower_seen:
            forms.add(g.name_words)            # "Gloria", named so three times or more
        elif g.type in ("organization", "place"):
            acronym = _acronym(g.name_words)
            if len(acronym) >= 2 and sum(w[:1].isupper() for w in g.name_words) >= 2:
                forms.add((acronym,))             # "World Health Organization" -> "WHO"
                acronyms.add(acronym.lower())
        for form in forms:
            key = tuple(_norm(w) for w in form)
            if key in aliases and aliases[key] is not g:
                aliases[key] = None                     # two entities share it: leave it alone
            else:
                aliases[key] = g
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in aliases:
        by_first.setdefault(key[0], []).append(key)
    for keys in by_first.values():
        keys.sort(key=len, reverse=True)
    covered = bytearray(len(spans))
    for g in groups:
        for m in g.mentions:
            covered[m.tok_start:m.tok_end] = b"\x01" * (m.tok_end - m.tok_start)
    norm = [_norm(w) for w in tokens.words]
    n = len(spans)
    i = 0
    while i < n:
        if covered[i] or not tokens.upper[i] or norm[i] not in by_first:
            i += 1
            continue
        for key in by_first[norm[i]]:
            k = len(key)
            if tuple(norm[i:i + k]) != key or any(covered[i:i + k]) or any(tokens.first[i + 1:i + k]):
                continue
            if not all(tokens.upper[j] or norm[j] in ("of", "the", "and", "&", "de") for j in range(i, i + k)):
                continue
            if k == 1 and tokens.first[i] and tokens.lowers[i] in tokens.lower_seen:
                continue
            if k == 1 and key[0] in acronyms and not tokens.words[i].replace(".", "").isupper():
                continue
            g = aliases[key]
            if g is None:
                break
            g.mentions.append(Mention(spans[i][0], spans[i + k - 1][1], g.type, tuple(tokens.words[i:i + k]),
                                      i, i + k, 0.0))
            i += k - 1
            break
        i += 1


def add_nested(tokens: DocTokens, spans: list[Span], groups: list[Group]) -> None:
    """A name inside a longer name ("North Carolina" in "University of North Carolina", "Andy
    Warhol" in "Andy Warhol Foundation") is a mention of its own entity when that entity is named
    elsewhere in the article, or of a place when the place list knows it."""
    known: dict[tuple[str, ...], Group | None] = {}
    for g in groups:
        for m in g.mentions:
            key = tuple(_norm(w) for w in split_title(m.words, tokens.lexicon)[1])
            known[key] = g if known.get(key, g) is g else None
    places = tokens.lexicon.get("place", frozenset()) if tokens.lexicon else frozenset()
    orgs = tokens.lexicon.get("org", frozenset()) if tokens.lexicon else frozenset()
    common = tokens.lexicon.get("common", frozenset()) if tokens.lexicon else frozenset()
    new_places: dict[tuple[str, ...], Group] = {}
    # every mention, and every nested one found on the way (itself a host: "Andy Warhol" in the
    # "Andy Warhol Foundation" inside "Andy Warhol Foundation for the Visual Arts")
    queue = [(g, m) for g in groups for m in g.mentions]
    for g, m in queue:          # read in order while it grows
        n = m.tok_end - m.tok_start
        if n < 2 or m.margin <= 0.0:
            continue
        norm = [_norm(w) for w in m.words]
        taken = bytearray(n)
        # the host's head word is the host's own: "University" in "University of Southern
        # Indiana", "Foundation" in "Andy Warhol Foundation"; not "Canada" in "Fan Expo Canada"
        if g.type != "person":
            head = head_index(norm)
            taken[head] = head < n - 1 or not any(" ".join(norm[k:]) in places for k in range(1, n))
        for size in range(n - 1, 0, -1):
            for a in range(0, n - size + 1):
                b = a + size
                if any(taken[a:b]) or not m.words[a][:1].isupper() or not m.words[b - 1][:1].isupper():
                    continue
                key = tuple(norm[a:b])
                other = known.get(key)
                if other is g or (other is None and key in known):
                    continue
                if g.type == "person" and other is not None and other.type == "person":
                    continue                # a name inside a person's name is that person
                if g.type == "place" and other is not None and (
                        other.type == "organization" or other.type == "person" and b == n):
                    continue                # "Fort Lee" is named after Lee, not a mention of him
                if g.type == "place" and b == n and all(w in _DIRECTIONS for w in norm[:a]):
                    continue                # "Western Australia" is not Australia
                if size == 1 and norm[a] in common and norm[a] not in places:
                    continue                # "Home" in "Home Office": an everyday word, not a name
                if other is None or other.type == "other":
                    if _new_place(m.words, a, b, g.type, places):
                        kind = "place"
                    elif g.type != "organization" and " ".join(norm[a:b]) in orgs \
                            and (size > 1 or m.words[a].isupper()):
                        kind = "organization"       # "NASA T-shirt", "United Nations High Commissioner"
                    else:
                        continue
                    other = new_places.get(key)
                    if other is None:
                        other = new_places[key] = Group(tuple(m.words[a:b]))
                        other.votes[kind] += 1.0
                        groups.append(other)
                i = m.tok_start + a
                nested = Mention(spans[i][0], spans[i + size - 1][1], other.type, tuple(m.words[a:b]),
                                 i, i + size, m.margin if size > 1 else 0.0)
                other.mentions.append(nested)
                queue.append((other, nested))
                taken[a:b] = b"\x01" * size


_DIRECTIONS = frozenset("north south east west northern southern eastern western northeast northwest southeast "
                        "southwest central upper lower greater inner outer".split())


def _new_place(words: tuple[str, ...], a: int, b: int, host: str, places) -> bool:
    """Whether ``words[a:b]``, inside a name of type ``host``, is a place of its own: a known place
    inside an organisation ("University of North Carolina"), or a country written in capitals
    among a person's titles ("US President Barack Obama")."""
    sub = " ".join(w.lower() for w in words[a:b])
    if host == "person":
        return b - a == 1 and words[a].isupper() and sub in PLACE_ABBREVIATIONS \
            and b <= len(split_title(words)[0])
    if host == "place":
        return False
    return sub in places or (b - a == 1 and words[a].isupper() and sub in PLACE_ABBREVIATIONS)


def known_organizations(tokens: DocTokens, spans: list[Span], groups: list[Group]) -> None:
    """Organisations of the name list ("Disney", "Human Rights Watch") that the tagger left out;
    a one-word name only when it is not also an everyday word ("who", "times", "apple")."""
    common = tokens.lexicon.get("common", frozenset()) if tokens.lexicon else frozenset()
    covered = bytearray(len(spans))
    by_key: dict[tuple[str, ...], Group] = {}
    for g in groups:
        by_key.setdefault(tuple(_norm(w) for w in g.name_words), g)
        for m in g.mentions:
            covered[m.tok_start:m.tok_end] = b"\x01" * (m.tok_end - m.tok_start)
    n = len(spans)
    i = 0
    while i < n:
        if tokens.org[i] != "B":
            i += 1
            continue
        j = i + 1
        while j < n and tokens.org[j] == "I":
            j += 1
        words = tuple(tokens.words[i:j])
        lw = tokens.lowers[i]
        if any(covered[i:j]) or (j - i == 1 and (lw in common or lw in tokens.lower_seen or len(lw) < 3)):
            i = j
            continue
        key = tuple(_norm(w) for w in words)
        g = by_key.get(key)
        if g is None:
            g = by_key[key] = Group(words)
            g.votes["organization"] += 1.0
            groups.append(g)
        g.mentions.append(Mention(spans[i][0], spans[j - 1][1], g.type, words, i, j, 0.0))
        i = j


def build_entities(text: str, tokens: DocTokens, spans: list[Span], mentions: list[Mention],
                   title: Span | None = None, lead: Span | None = None) -> list[Entity]:
    groups = group_mentions(mentions, tokens.lexicon, tokens.words)
    type_priors(groups, tokens.lexicon)
    kin_of(tokens, groups)
    known_as(tokens, groups)
    propagate(text, tokens, spans, groups)
    known_organizations(tokens, spans, groups)
    add_nested(tokens, spans, groups)
    people = [g for g in groups if g.type == "person"]
    for g, span in resolve_pronouns(tokens, spans, people, lambda g: g.gender(tokens.lexicon)):
        g.pronouns.append(span)
    return rank(text, groups, title, lead)


def display_name(g: Group) -> str:
    words = list(g.name_words)
    if all(w.isupper() or not w.isalpha() for w in words) and any(len(w) > 1 and w.isalpha() for w in words):
        # a name in capitals ("BERLIN" of a dateline, "SALLY BROWNING" signing a letter) is shown as
        # the article writes it elsewhere ("Berlin"); an acronym written only so ("NATO") stays
        lower = [w.lower() for w in words]
        other = next((m.words for m in g.mentions if [w.lower() for w in m.words] == lower
                      and not all(w.isupper() or not w.isalpha() for w in m.words)), None)
        if other is not None:
            words = list(other)
    if g.type != "person" and words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    out = ""
    for w in words:
        if out and not (w in ("'s", "’s", "-", ".") or out.endswith("-")):
            out += " "
        out += w
    return out


def _outermost(spans: list[Span]) -> list[Span]:
    """Sorted spans less those that overlap one kept before them: a mention inside another mention
    of the same entity ("LAAE" inside "LAAE LARIs") is that mention already."""
    out: list[Span] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            if e > out[-1][1] and s == out[-1][0]:
                out[-1] = (s, e)               # the longer of two starting together
            continue
        out.append((s, e))
    return out


def rank(text: str, groups: list[Group], title: Span | None, lead: Span | None) -> list[Entity]:
    if not groups:
        return []
    top = max(len(g.mentions) for g in groups)
    size = max(1, len(text))
    scored = []
    for g in groups:
        named = _outermost(sorted({(m.start, m.end) for m in g.mentions}))
        first = named[0][0]
        in_title = bool(title) and any(title[0] <= s < title[1] for s, _ in named)
        in_lead = bool(lead) and any(lead[0] <= s < lead[1] for s, _ in named)
        salience = (0.5 * len(named) / top + 0.2 * (1 - first / size)
                    + 0.15 * in_title + 0.15 * in_lead)
        all_spans = tuple(sorted(set(named) | set(g.pronouns)))
        scored.append((-salience, first, g, all_spans, min(1.0, salience)))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [Entity(f"e{k}", display_name(g), g.type, spans, round(sal, 4))
            for k, (_, _, g, spans, sal) in enumerate(scored, 1)]
