"""Flags measured against hand judgments (tests/analysis/data/README.md): each judged sentence is
grounded again against its section, as the app grounds it, and compared with the judgment.

    python tests/analysis/test_judged_summaries.py     # prints the figures, per set of judgments

Three sets, all sentences the embedded model (SmolLM2-135M) wrote for development GUM documents:

- ``first`` (60, judged 2026-12-06): at judging, flagged and really unsupported 24 of 30, unflagged
  and really supported 20 of 30. Rules were written after reading them, so they are in-sample.
- ``A`` (48, judged 2026-12-07 from ten other documents): the grounding rules of that day (a
  number in words, a number put with another name, an apposition in words the article never uses,
  the model's own voice, summary framing words, reference marks, an opening function word) were
  written after reading these: in-sample too.
- ``B`` (82, judged 2026-12-07 from twelve more documents, with those rules frozen, before any flag
  was looked at): the measure. Flagged and unsupported 35 of 39 (0.90; 34 of 36 before the rules),
  unflagged and supported 27 of 43 (0.63; 29 of 46 before).

Leaving "two" out of the number words (a false alarm on "the two leaders") cost set ``first`` one
right flag given for a wrong reason (27 of 30 flagged unsupported, 23 of 30 unflagged supported).

The checks hold the figures measured now, so grounding can only get better; the summaries issue's
goal is 0.90 for both. Unflagged sentences of a model this small are supported well under 0.90 of
the time, so the app does not show its summaries unless asked (``small_model_writes``)."""
from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from reader.analysis.sources import SourceIndex
from reader.importers import load_article
from reader.nlp.pipeline import analyze_article

DATA = Path(__file__).parent / "data"
SETS = ("first", "A", "B")
# (flagged and unsupported, flagged), (unflagged and supported, unflagged) measured on 2026-12-07
FLOORS = {"first": ((27, 30), (23, 30)), "A": ((22, 24), (12, 24)), "B": ((35, 39), (27, 43))}


@cache
def sources(doc: str) -> SourceIndex:
    return SourceIndex(analyze_article(load_article(DATA / "gum" / f"{doc}.txt")))


def judged() -> list[tuple[dict, str | None]]:
    """Each judgment with the flag the app gives its sentence now."""
    items = json.loads((DATA / "summary_judgments.json").read_text(encoding="utf-8"))
    return [(item, sources(item["doc"]).section_grounder(item["section"]).ground(item["sentence"]).flag)
            for item in items]


def figures() -> dict[str, dict[str, tuple[int, int]]]:
    out = {}
    rows = judged()
    for name in SETS:
        flagged = [item for item, flag in rows if flag and item["set"] == name]
        unflagged = [item for item, flag in rows if not flag and item["set"] == name]
        out[name] = {"flagged and unsupported": (sum(not i["supported"] for i in flagged), len(flagged)),
                     "unflagged and supported": (sum(i["supported"] for i in unflagged), len(unflagged))}
    return out


def test_flags_agree_with_the_hand_judgments_at_least_as_well_as_measured():
    found = figures()
    for name, (flagged_floor, unflagged_floor) in FLOORS.items():
        right, flagged = found[name]["flagged and unsupported"]
        assert flagged and right / flagged >= flagged_floor[0] / flagged_floor[1], (name, found[name])
        right, unflagged = found[name]["unflagged and supported"]
        assert unflagged and right / unflagged >= unflagged_floor[0] / unflagged_floor[1], (name, found[name])


def test_every_judged_sentence_is_in_its_documents_sections():
    for item, _ in judged():
        analysis = sources(item["doc"]).analysis
        assert 0 <= item["section"] < len(analysis.article.sections)
        assert item["why"] and isinstance(item["supported"], bool) and item["set"] in SETS


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for name, rows in figures().items():
        print(f"set {name}: " + "; ".join(f"{what} {right} of {total} ({right / total:.2f})"
                                           for what, (right, total) in rows.items()))
