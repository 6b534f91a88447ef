"""Write ``resources/nlp/reporting-verbs.json`` from WordNet 3.0: the verbs of speech, thought and feeling.

    apt-get install wordnet-base          # Debian's WordNet 3.0 database (/usr/share/wordnet)
    python -m reader.training.reporting_verbs [--wordnet /usr/share/wordnet] [--out PATH]

Source: WordNet 3.0 (Princeton University; the WordNet 3.0 licence, ``resources/nlp/WORDNET-LICENSE``),
read from ``data.verb`` and ``verb.exc``. A verb counts when one of its senses is in the
lexicographer files verb.communication (32: "verbs of telling, asking, ordering, singing") or
verb.cognition (31: "verbs of thinking, judging, analyzing, doubting") or verb.emotion (37: "verbs of
feeling"; news attributes feelings as it does words: "the party fears that …"), as numbered in
WordNet's ``lexnames(5WN)``. For each such verb the file keeps which of the two files it is in and whether one
of those senses has generic frame 26, "Somebody ----s that CLAUSE": the verbs that take a reported
clause. Its inflected forms (``says``, ``said``, ``saying``) come from ``verb.exc`` (irregular and
doubled forms) and the regular rules of English spelling. Single words only.

The nouns derived from those verbs (WordNet's pointer "+", derivationally related form, into
noun.act, noun.cognition, noun.communication or noun.feeling: "proposal", "criticism", "support"),
with their regular plurals, are kept as ``nouns`` (form -> verb): cues of the construction "Lee's
proposal to …" (``data.noun`` is read too).

The output depends only on the input files, so running this again writes the same bytes.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..resources import resource_path

LEX_FILES = {31: "cognition", 32: "communication", 37: "emotion"}
THAT_CLAUSE = 26
OUT = ("nlp", "reporting-verbs.json")
SOURCE = ("WordNet 3.0, Princeton University (wordnet.princeton.edu), lexicographer files verb.communication, "
          "verb.cognition and verb.emotion; WordNet 3.0 licence (see WORDNET-LICENSE beside this file)")


def read_verbs(data_verb: Path) -> dict[str, dict]:
    """lemma -> {"files": [...], "that": bool} for single-word verbs of speech or thought."""
    verbs: dict[str, dict] = {}
    for line in data_verb.read_text(encoding="latin-1").splitlines():
        if line.startswith("  ") or not line.strip():
            continue                                        # the licence header
        fields = line.split("|", 1)[0].split()
        lex = int(fields[1])
        if lex not in LEX_FILES:
            continue
        count = int(fields[3], 16)
        words = [fields[4 + 2 * k] for k in range(count)]
        rest = fields[4 + 2 * count:]
        pointers = int(rest[0])
        rest = rest[1 + 4 * pointers:]
        frames: list[tuple[int, int]] = []
        if rest:
            for k in range(int(rest[0])):
                frames.append((int(rest[2 + 3 * k]), int(rest[3 + 3 * k], 16)))
        for number, word in enumerate(words, start=1):
            lemma = word.lower()
            if "_" in lemma or not lemma.isalpha():
                continue
            entry = verbs.setdefault(lemma, {"files": set(), "that": False})
            entry["files"].add(LEX_FILES[lex])
            entry["that"] |= any(f == THAT_CLAUSE and w in (0, number) for f, w in frames)
    return {lemma: {"files": sorted(e["files"]), "that": e["that"]} for lemma, e in sorted(verbs.items())}


NOUN_FILES = {4: "act", 9: "cognition", 10: "communication", 12: "feeling"}


def read_nouns(data_verb: Path, data_noun: Path) -> dict[str, str]:
    """noun -> verb: the nouns WordNet derives from the verbs of speech, thought and feeling (pointer
    "+", derivationally related form) that name an act, a thought, a message or a feeling
    ("proposal" <- "propose", "refusal" <- "refuse", "criticism" <- "criticize")."""
    raw = data_noun.read_bytes()
    nouns: dict[str, str] = {}
    for line in data_verb.read_text(encoding="latin-1").splitlines():
        if line.startswith("  ") or not line.strip():
            continue
        fields = line.split("|", 1)[0].split()
        if int(fields[1]) not in LEX_FILES:
            continue
        count = int(fields[3], 16)
        words = [fields[4 + 2 * k].lower() for k in range(count)]
        rest = fields[4 + 2 * count:]
        for k in range(int(rest[0])):
            symbol, offset, pos, st = rest[1 + 4 * k: 5 + 4 * k]
            if symbol != "+" or pos != "n":
                continue
            source, target = int(st[:2], 16), int(st[2:], 16)
            end = raw.index(b"\n", int(offset))
            noun_fields = raw[int(offset):end].decode("latin-1").split()
            if int(noun_fields[1]) not in NOUN_FILES or not source or not target:
                continue
            verb, noun = words[source - 1], noun_fields[4 + 2 * (target - 1)].lower()
            if noun.isalpha() and verb.isalpha():
                nouns.setdefault(noun, verb)
    return dict(sorted(nouns.items()))


def plural(noun: str) -> str:
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def read_exceptions(verb_exc: Path) -> dict[str, list[str]]:
    """lemma -> its irregular or doubled forms (``said``, ``abetted``)."""
    forms: dict[str, list[str]] = {}
    for line in verb_exc.read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isalpha():
            for lemma in parts[1:]:
                forms.setdefault(lemma, []).append(parts[0])
    return forms


def regular_forms(lemma: str) -> list[str]:
    """Third person singular, past, and -ing by the regular spelling rules."""
    vowels = "aeiou"
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        third = lemma + "es"
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in vowels:
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in vowels:
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) and len(lemma) > 2:
        ing = lemma[:-1] + "ing"
    else:
        ing = lemma + "ing"
    return [third, past, ing]


def build(wordnet: Path) -> dict:
    verbs = read_verbs(wordnet / "data.verb")
    exceptions = read_exceptions(wordnet / "verb.exc")
    forms: dict[str, str] = {}
    for lemma in verbs:
        irregular = exceptions.get(lemma, [])
        # "abeted" is dropped where verb.exc gives "abetted"; a participle or variant in -n or -t
        # stands beside the regular past ("shown": "showed", "learnt": "learned")
        regular = [form for form in regular_forms(lemma) if form in irregular or not any(
            x.endswith("ing") == form.endswith("ing") and not x.endswith(("s", "n", "t")) for x in irregular)
            or form.endswith("s")]
        for form in [lemma, *irregular, *regular]:
            forms.setdefault(form, lemma)
    nouns = read_nouns(wordnet / "data.verb", wordnet / "data.noun")
    noun_forms: dict[str, str] = {}
    for noun, verb in nouns.items():
        if verb in verbs:
            noun_forms.setdefault(noun, verb)
            noun_forms.setdefault(plural(noun), verb)
    return {"source": SOURCE, "verbs": verbs, "forms": dict(sorted(forms.items())),
            "nouns": dict(sorted(noun_forms.items()))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=resource_path(*OUT))
    args = parser.parse_args()
    data = build(args.wordnet)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    that = sum(v["that"] for v in data["verbs"].values())
    print(f"{len(data['verbs'])} verbs ({that} take a that-clause), {len(data['forms'])} forms -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
