"""Grounding: tie each generated sentence to the source sentences that support it, or flag it.

A generated sentence is *supported* when most of its content words (stemmed, stop words removed)
occur in at most three source sentences of its scope (a section, or the statements a stance note
cites); those sentences are its evidence. It is *flagged* (kept, shown as not established) with a
reason in a reader's terms when

- too little of it is covered by its scope ("not supported by this section");
- it names a person, organisation or place that neither its scope nor an entity mentioned there
  (by name, pronoun or role: "he", "the president") is called ("“Putin” is not in this section",
  or "… not in the article" when the article never names it); an inflection or demonym of a word
  of the scope is no absence ("Alaskan" for "Alaska", "Republicans" for "Republican");
- it gives a number or a date the scope does not ("date not in the article", "the number 450 is
  not in this section");
- it gives a number in words ("three operas") that the scope gives neither in words nor in digits;
- it ties a number or date to a place, organisation or thing the scope never gives it with: the
  distinctive word of the name nearest the number (not a person's, who is often "he" there) must
  stand in a sentence of the scope that gives the number ("this section gives 1799, but not with
  “Harrow”");
- it describes a named person or thing in an apposition ("Nick Bos, a renowned microbiologist, …")
  with words the article never uses ("“renowned”, “microbiologist” are not in the article");
- a summary (``narrated``) speaks in the first or second person outside quotation marks ("I'm not
  sure what you mean"): the model's own voice, not the article's;
- it gives the words of a quote to someone other than the quote's speaker ("quote given to the
  wrong person: these are … words, not …'s") — the tiny default model does this.

The words a summary frames the article with ("the author argues", "the article discusses") are
not content: they need no support.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..article import Span
from ..nlp.gazetteer import MONTHS as MONTH_NAMES
from ..nlp.gazetteer import NUMBER_WORDS
from ..nlp.pos import pos_tags
from ..nlp.sentences import sentence_spans

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself yourselves
said says say told tell according article section also would could may might must shall one two new
mr mrs ms dr
author authors writer text passage discusses discuss discussed argues argue argued concludes conclude
concluded highlights highlight highlighted describes describe described explains explain explained
mentions mention mentioned emphasizes emphasises emphasized emphasised
""".split())    # the last three lines: how a summary frames the article, not what it says
WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*|\d[\d,.]*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
QUOTED = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")
_PROMPT_TAGS = re.compile(r"</?(?:section|opening|section-summaries|evidence)>")
MIN_COVERAGE = 0.5
MAX_EVIDENCE = 3


@lru_cache(maxsize=1)
def _stemmer():
    # nltk is imported when first needed: importing the nltk package costs about 0.45 s
    from nltk.stem.porter import PorterStemmer
    return PorterStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stem(word.lower().strip("'’-"))


def content_words(text: str) -> set[str]:
    words = set()
    for match in WORD.finditer(text):
        word = match.group().lower().strip("'’-")
        if word in STOP_WORDS or (len(word) < 3 and not word[0].isdigit()):
            continue
        words.add(stem(word) if not word[0].isdigit() else word.rstrip(".,"))
    return words


@dataclass(frozen=True)
class Grounded:
    text: str
    evidence: tuple[Span, ...]
    flag: str | None = None
    extract: bool = False          # the article's own sentence (its evidence), not the model's words

    def to_dict(self) -> dict:
        data = {"text": self.text, "evidence": [list(e) for e in self.evidence], "flag": self.flag}
        if self.extract:
            data["extract"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Grounded:
        return cls(data["text"], tuple(tuple(e) for e in data.get("evidence", [])), data.get("flag"),
                   bool(data.get("extract")))


@dataclass(frozen=True)
class QuoteFact:
    """A quote's words and who said them, for the misattribution check."""
    words: frozenset[str]
    speaker_names: tuple[str, ...]      # every surface form of the speaker (aliases)


@dataclass(frozen=True)
class Person:
    names: tuple[str, ...]              # surface forms that name this actor
    kind: str = "person"                # or "organization"


MONTHS = frozenset(MONTH_NAMES)
TITLE_WORDS = frozenset("""president prime minister chancellor secretary senator governor mayor king queen
general ambassador leader chairman chief speaker vice premier director spokesman spokeswoman judge
representative rep sen gov""".split())   # role words a title before a name is made of
_MONTH = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
DATE = re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\b\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?"
                  rf"|\b{_MONTH},?\s+\d{{4}}")
# a word and its inflection or demonym: the shorter, less a final vowel or "s", then one of these
# ("Alaska" → "Alaskan", "Ukraine" → "Ukrainian", "Republican" → "Republicans", "China" → "Chinese",
# "Democrat" → "Democratic", "Israel" → "Israeli", "Europe" → "European")
_INFLECTIONS = ("s", "es", "n", "an", "ian", "ean", "ese", "i", "ic", "ans", "ians", "ns", "ics")
# numbers a summary may write in words; "one" and "two" are left out ("one of the", "the two leaders")
_COUNT_WORDS = {word: value for word, value in NUMBER_WORDS.items() if word not in ("one", "two")}
# an apposition describing a name: "Nick Bos, a renowned microbiologist from …" (the description
# ends at a preposition, a relative, a conjunction or punctuation)
_APPOSED = re.compile(r"\b[A-Z][\w’'.-]*,\s+(?:an?|the)\s+((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)"
                      r"(?=\s+(?:from|at|of|in|on|for|with|who|whose|which|and|or|to)\b|\s*[,.;:)]|$)")
_NEAR = 5
_FUNCTION_TAGS = frozenset({"IN", "RB", "CC", "DT", "WRB", "WDT", "WP", "PRP", "PRP$", "TO", "MD", "EX", "PDT", "UH"})
_CITATION = re.compile(r"\s*\[\d+\]")       # a Wikipedia reference mark the model copies ("[5]")
# the first and second person, as written: lower case but for "I" ("US" and "Our Lady" are names)
_FIRST_PERSON = frozenset({"I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "me", "my", "My", "we", "We", "we're",
                           "We're", "we’re", "We’re", "us", "our", "Our", "you", "You", "you're", "You're", "you’re",
                           "You’re", "your", "Your"})


def same_word(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one word, inflected or made a demonym (case-insensitive)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4:
        return False
    for base in {short, short[:-1] if short[-1] in "aeiouys" else short}:
        if long.startswith(base) and long[len(base):] in _INFLECTIONS:
            return True
    return False


class Grounder:
    """Grounds sentences against one scope (a section, or a set of evidence sentences).

    ``linked`` are the names of the entities the scope mentions in any way (a pronoun or a role
    noun included): a sentence may name them. ``article`` is the whole text, so that a flag can say
    whether a name is missing from the scope only or from the article. ``scope_name`` is how a flag
    calls the scope ("this section"). ``narrated``: the sentences are a summary, told in the third
    person. ``linked_by_sentence``: for each scope sentence, the names of the entities it mentions
    in any way."""

    def __init__(self, text: str, sentences: list[Span], quotes: list[QuoteFact] = (),
                 people: list[Person] = (), linked: tuple[str, ...] = (), article: str | None = None,
                 scope_name: str = "the source", narrated: bool = False,
                 linked_by_sentence: list[tuple[str, ...]] | None = None):
        self.text = text
        self.sentences = [s for s in sentences if text[s[0]:s[1]].strip()]
        self.words = [content_words(text[s:e]) for s, e in self.sentences]
        scope = " ".join(text[s:e] for s, e in self.sentences)
        self.scope_tokens = {_bare(m.group()) for m in WORD.finditer(scope)}
        self.linked = {w.lower() for name in linked for w in WORD.findall(name)}
        self.article = article
        self.article_lower = _lowered_words(article) if article is not None else None
        self.scope_name = scope_name
        self.scope_lower = {t.lower() for t in self.scope_tokens}
        self.numbers = {n.replace(",", "") for n in NUMBER.findall(scope)}
        self.quotes = list(quotes)
        self.people = list(people)
        self.narrated = narrated
        # the words of the names of the entities each sentence mentions in any way (by name, pronoun
        # or role noun); given in the order of ``sentences``, before blank ones are dropped
        kept = [k for k, (a, b) in enumerate(sentences) if text[a:b].strip()]
        self.linked_by_sentence = [{w.lower() for n in linked_by_sentence[k] for w in WORD.findall(n)}
                                   if linked_by_sentence else set() for k in kept]

    def ground(self, sentence: str, subject: tuple[str, ...] = ()) -> Grounded:
        """Ground one generated sentence. ``subject`` names the actor a stance note is about: the
        note may give that actor's own words without naming them, and may name them where the cited
        statement says "he" or "the senator" (the article's attribution links the two)."""
        sentence = " ".join(sentence.split())
        words = content_words(sentence)
        evidence, covered = self._evidence(words)
        flag = None
        coverage = len(covered) / len(words) if words else 0.0
        if not words or coverage < MIN_COVERAGE:
            flag = f"not supported by {self.scope_name}: most of it is not there"
        linked = {w.lower() for name in subject for w in WORD.findall(name)} | self.linked
        absent = [a for a in self._absent_names(sentence) if not any(same_word(a, w) for w in linked)]
        numbers = self._absent_numbers(sentence)
        if absent or numbers:
            flag = self._absence_flag(sentence, absent, numbers)
        else:
            flag = (self._detached_number(sentence) or self._undescribed(sentence) or self._wrong_title(sentence)
                    or self._own_voice(sentence) or flag)
        wrong = self._misattribution(sentence, words, subject)
        if wrong:
            flag = wrong
        return Grounded(sentence, tuple(sorted(evidence)), flag)

    def _wrong_title(self, sentence: str) -> str | None:
        """A title the article never gives the person it is put before: "French President Donald
        Trump" where the article writes "President Donald Trump" and "French President Emmanuel
        Macron". The capitalised words right before a person's name must come before one of that
        person's names somewhere in the article."""
        if self.article_lower is None:
            return None
        for person in self.people:
            for name in sorted(person.names, key=len, reverse=True):
                for match in re.finditer(rf"((?:[A-Z][\w.’'-]*\s+){{1,3}}){re.escape(name)}\b", sentence):
                    title = [w for w in match.group(1).split() if w.lower() not in STOP_WORDS]
                    while title and title[0] in person.names:
                        title = title[1:]
                    if not title or not any(t.lower() in TITLE_WORDS for t in title):
                        continue
                    said = " ".join(title)
                    if not any(re.search(rf"{re.escape(said)}\s+(?:[A-Z][\w.’'-]*\s+){{0,2}}{re.escape(n)}\b", self.text)
                               for n in person.names):    # "President Putin" for "President Vladimir Putin"
                        return f"“{said} {name}” is not in the article"
        return None

    def _absence_flag(self, sentence: str, names: list[str], numbers: list[str]) -> str:
        """What is missing, and from where, in a reader's terms: "date not in the article",
        "“Putin” is not in this section", "the number 450 is not in this section" (joined by "; ")."""
        def where(word: str) -> str:
            if self.article_lower is None:
                return self.scope_name
            found = word.lower() in self.article_lower or any(same_word(word, w) for w in self.article_lower)
            return self.scope_name if found else "the article"
        in_dates = {n for match in DATE.finditer(sentence) for n in NUMBER.findall(match.group())}
        dated = {n for n in numbers if n.rstrip(".,") in in_dates}
        parts = []
        if dated or any(n.lower() in MONTHS for n in names):
            missing = [w for w in names if w.lower() in MONTHS] + sorted(dated)
            parts.append(f"date not in {'the article' if 'the article' in map(where, missing) else self.scope_name}")
        names = [n for n in dict.fromkeys(names) if n.lower() not in MONTHS]
        if names:
            place = "the article" if "the article" in map(where, names) else self.scope_name
            parts.append(f"{', '.join(f'“{n}”' for n in names)} {'is' if len(names) == 1 else 'are'} not in {place}")
        numbers = [n for n in dict.fromkeys(numbers) if n not in dated]
        if numbers:
            parts.append(f"the number{'s' * (len(numbers) > 1)} {', '.join(numbers)} "
                         f"{'is' if len(numbers) == 1 else 'are'} not in {self.scope_name}")
        return "; ".join(parts)

    def _evidence(self, words: set[str]) -> tuple[list[Span], set[str]]:
        covered: set[str] = set()
        chosen: list[Span] = []
        remaining = set(words)
        for _ in range(MAX_EVIDENCE):
            best, gain = None, 0
            for span, source_words in zip(self.sentences, self.words, strict=True):
                if span in chosen:
                    continue
                g = len(remaining & source_words)
                if g > gain:
                    best, gain = span, g
            if best is None or (chosen and gain < 2):
                break
            chosen.append(best)
            new = remaining & self.words[self.sentences.index(best)]
            covered |= new
            remaining -= new
        return chosen, covered

    def _absent_names(self, sentence: str) -> list[str]:
        absent = []
        tokens = list(WORD.finditer(sentence))
        for i, match in enumerate(tokens):
            token = _bare(match.group())
            if not token or not token[0].isupper() or token.lower() in STOP_WORDS or token in _FIRST_PERSON \
                    or token.lower() in _COUNT_WORDS:
                continue                # "Three …": the number check says so
            if i == 0 and (token.lower() in self.scope_lower or _opens_as_common_word(sentence)):
                continue  # capitalised only because it starts the sentence
            if token not in self.scope_tokens and token.lower() not in self.scope_lower and \
                    not any(same_word(token, w) for w in self.scope_lower):
                absent.append(token)
        return absent

    def _absent_numbers(self, sentence: str) -> list[str]:
        absent = []
        for number in NUMBER.findall(sentence):
            value = number.rstrip(".,").replace(",", "")
            if value and value not in self.numbers and value not in NUMBER_WORDS.values():
                absent.append(number.rstrip(".,"))
            elif value in NUMBER_WORDS.values() and value not in self.numbers:
                word = next(w for w, v in NUMBER_WORDS.items() if v == value)
                if word not in self.scope_lower:
                    absent.append(number)
        for match in WORD.finditer(_unquoted(sentence)):
            word = match.group().lower()
            value = _COUNT_WORDS.get(word)
            if value and word not in self.scope_lower and value not in self.numbers:
                absent.append(word)
        return absent

    def _detached_number(self, sentence: str) -> str | None:
        """A number the scope gives, put with a name the scope never gives it with: the name (a
        place's, an organisation's, a thing's; not a person's, who is often "he" there) nearest the
        number, at most :data:`_NEAR` words away, must be in a sentence of the scope that gives the
        number, by its distinctive word (:func:`_distinctive`) or as an entity that sentence
        mentions in any way ("it", "the company"): "ten years at the University of Michigan" where
        the section spent them at Ohio State."""
        tokens = [_bare(m.group()) for m in WORD.finditer(_unquoted(sentence))]
        named = [(i > 0 or t in self._actor_words) and t[:1].isupper() and t.lower() not in STOP_WORDS
                 and t.lower() not in MONTHS and t.lower() not in TITLE_WORDS and t.lower() not in self._person_words
                 for i, t in enumerate(tokens)]
        words, numbers = self._sentence_words, self._sentence_numbers
        for i, token in enumerate(tokens):
            value = token.rstrip(".,").replace(",", "") if token[:1].isdigit() else _COUNT_WORDS.get(token.lower())
            if not value:
                continue
            near = sorted((abs(j - i), j) for j in range(max(0, i - _NEAR), min(len(tokens), i + _NEAR + 1)) if named[j])
            if not near:
                continue
            word = _distinctive(tokens, named, near[0][1])
            forms = {value} | {w for w, v in _COUNT_WORDS.items() if v == value}
            holding = [k for k, found in enumerate(numbers) if forms & found]
            if not holding or word.lower() not in self.scope_lower:
                continue                # no such number here, or a name the scope lacks: the absence check's
            low = word.lower()
            if any(low in words[k] or any(same_word(word, x) for x in words[k])
                   or low in self.linked_by_sentence[k] for k in holding):
                continue
            return f"{self.scope_name} gives {token}, but not with “{word}”"
        return None

    def _undescribed(self, sentence: str) -> str | None:
        """An apposition that describes a named person or organisation with words the article
        never uses ("Nick Bos, a renowned microbiologist, …")."""
        if self.article is None:
            return None
        known = _article_stems(self.article)
        for match in _APPOSED.finditer(sentence):
            if match.group().split(",")[0].split()[-1] not in self._actor_words:
                continue
            description = match.group(1).split()
            if not pos_tags(["the", *description])[-1].startswith("NN"):
                continue                # "After meeting Putin, the president returned …": no apposition
            missing = [w for w in description if w not in STOP_WORDS and stem(w) not in known
                       and not any(same_word(w, k) for k in self.article_lower)]
            if missing:
                return (f"{', '.join(f'“{w}”' for w in missing)} {'is' if len(missing) == 1 else 'are'} "
                        f"not in the article")
        return None

    def _own_voice(self, sentence: str) -> str | None:
        """A summary sentence in the first or second person outside quotation marks."""
        if not self.narrated:
            return None
        words = [m.group() for m in WORD.finditer(_unquoted(sentence))]
        for i, word in enumerate(words):
            if word not in _FIRST_PERSON or word == "I" and i and words[i - 1][:1].isupper() and (
                    i > 1 or words[i - 1] in self._actor_words):
                continue                # "World War I", "Elizabeth I": a numeral after a name
            if f" {' '.join(words[i:i + 4]).lower()} " not in self._scope_phrases:
                return "the model's own words, not what the article says"
        return None

    @cached_property
    def _actor_words(self) -> frozenset[str]:
        """The words of every actor's names, as written."""
        return frozenset(w for p in self.people for n in p.names for w in WORD.findall(n))

    @cached_property
    def _person_words(self) -> frozenset[str]:
        """The words of people's names (not organisations'), lower case."""
        return frozenset(w.lower() for p in self.people if p.kind == "person" for n in p.names for w in WORD.findall(n))

    @cached_property
    def _sentence_words(self) -> list[frozenset[str]]:
        """Each scope sentence's words, lower case."""
        return [_lowered_words(self.text[s:e]) for s, e in self.sentences]

    @cached_property
    def _sentence_numbers(self) -> list[set[str]]:
        """Each scope sentence's numbers, in digits (no thousands commas) and in words."""
        return [{n.replace(",", "") for n in NUMBER.findall(self.text[s:e])} | (words & _COUNT_WORDS.keys())
                for (s, e), words in zip(self.sentences, self._sentence_words, strict=True)]

    @cached_property
    def _scope_phrases(self) -> str:
        """The scope's words, lower case, one space apart and around: a first-person phrase copied
        from it (an interviewee's answer) is the article's words."""
        return " " + " ".join(m.group().lower() for s, e in self.sentences for m in WORD.finditer(self.text[s:e])) + " "

    def _misattribution(self, sentence: str, words: set[str], subject: tuple[str, ...] = ()) -> str | None:
        lowered = sentence.lower()
        named = [p for p in self.people if any(_names(lowered, n) for n in p.names)]
        if not named:
            return None
        quoted = set()
        for match in QUOTED.finditer(sentence):
            quoted |= content_words(match.group(1))
        best, best_share = None, 0.0
        for quote in self.quotes:            # the quote the words come from: the one sharing the most of them
            shared = (words & quote.words) if not quoted else (quoted & quote.words)
            if len(shared) < 2 or len(shared) < 0.5 * min(len(quote.words), len(words)):
                continue
            share = len(shared) / max(len(quote.words), len(quoted or words))
            if share > best_share:
                best, best_share = quote, share
        if best is None:
            return None
        if any(_names(lowered, n) for n in best.speaker_names) or set(subject) & set(best.speaker_names):
            return None
        return f"quote given to the wrong person: these are {best.speaker_names[0]}’s words, not {named[0].names[0]}’s"


_FINISHED = re.compile(r"[.!?…][\"'”’)\]]*$")


def _opens_as_common_word(sentence: str) -> bool:
    """The sentence's first word is no name: the part-of-speech tagger reads it as a function word
    or an adverb ("Despite his …", "Meanwhile, …"), never a name ("Trump said …")."""
    words = WORD.findall(sentence)
    return bool(words) and pos_tags(words)[0] in _FUNCTION_TAGS


def _distinctive(tokens: list[str], named: list[bool], i: int) -> str:
    """The word that tells the name around token ``i`` from others of its kind: the first of the
    name ("Ohio State University", "Harrow"), or the first after its "of" ("University of
    Michigan")."""
    a = b = i
    while a >= 1 and (named[a - 1] or a >= 2 and tokens[a - 1] == "of" and named[a - 2]):
        a -= 1
    while b + 1 < len(tokens) and (named[b + 1] or b + 2 < len(tokens) and tokens[b + 1] == "of" and named[b + 2]):
        b += 1
    name = tokens[a:b + 1]
    return name[name.index("of") + 1] if "of" in name else name[0]


def _unquoted(sentence: str) -> str:
    return QUOTED.sub(" ", sentence)


@lru_cache(maxsize=8)
def _article_stems(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


@lru_cache(maxsize=1024)
def _lowered_words(text: str) -> frozenset[str]:
    return frozenset(_bare(m.group()).lower() for m in WORD.finditer(text))


def _bare(token: str) -> str:
    """A word without surrounding punctuation or a possessive ending ("Trump’s" → "Trump")."""
    token = token.strip("'’-.,")
    return token[:-2] if token.endswith(("’s", "'s")) else token


def _names(lowered_sentence: str, name: str) -> bool:
    return bool(name) and _name_pattern(name).search(lowered_sentence) is not None


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern:
    return re.compile(r"(?<![\w])" + re.escape(name.lower()) + r"(?![\w])")


def split_generated(text: str) -> list[str]:
    """Sentences of generated text (the model writes plain prose; Punkt is enough). A last
    sentence cut off by the token limit ("… also exposes a critical examination of the") is
    dropped when a complete one comes before it, and otherwise ends with "…", so that a broken
    sentence is never shown as if the model had finished it."""
    text = _PROMPT_TAGS.sub(" ", text)  # a small model may echo the prompt's delimiters
    text = _CITATION.sub("", text)
    text = " ".join(text.replace("\n", " ").split())
    sentences = [text[s:e].strip() for s, e in sentence_spans(text) if text[s:e].strip()]
    if sentences and not _FINISHED.search(sentences[-1]):
        if len(sentences) > 1:
            sentences.pop()
        else:
            sentences[-1] = sentences[-1].rstrip(",;:–— ") + " …"
    return sentences
