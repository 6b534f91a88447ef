"""PolNeAR's annotated articles as the trainers read them: each text file with its first annotator's
brat file (sorted by name, as ``../shared/eval/score_attributions.py`` reads them), skipping an
article whose loaded text differs from the file (its offsets would not line up)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..article import Article
from ..importers import load_article

_ROLES = {"Cue": "Q", "Source": "S", "Content": "C"}


def annotated_articles(data: Path) -> Iterator[tuple[Path, Article, Path]]:
    """(text file, article, brat file) of every annotated article under ``data``, in name order."""
    for path in sorted((data / "text").glob("*.txt")):
        anns = sorted((data / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        article = load_article(path)
        if article.text != path.read_text(encoding="utf-8"):
            continue
        yield path, article, anns[0]


def read_ann(path: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """The attributions of one brat file: role letter (C, S, Q) -> spans."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) > 1:
            ranges = cols[1].partition(" ")[2]
            spans[cols[0]] = [(int(a), int(b)) for a, b in (p.split() for p in ranges.split(";"))]
        elif line.startswith("E") and len(cols) > 1:
            events.append(cols[1].split())
    out = []
    for roles in events:
        parts: dict[str, list[tuple[int, int]]] = {"C": [], "S": [], "Q": []}
        for item in roles[1:]:
            role, _, tid = item.partition(":")
            role = _ROLES.get(role.rstrip("0123456789"))
            if role and tid in spans:
                parts[role] += spans[tid]
        if parts["C"]:
            out.append(parts)
    return out
