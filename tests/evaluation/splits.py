"""The one split of ``../shared/eval/SPLITS.md``: which files are development and which the lock-box.

    .venv/bin/python tests/evaluation/splits.py [--shared ../shared] [--out build/eval]

writes, for each set and part, a folder of links the shared scorers read with ``--data``:
``build/eval/polnear-dev``, ``polnear-lockbox``, ``polnear-stance`` (the 8 articles of
``stance/dev.json``), ``gum-dev``, ``gum-lockbox``, ``aeb-dev``, ``aeb-lockbox``.
See docs/EVALUATION.md for how the project uses them. Nothing here reads a document's text.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "build" / "eval"

PUBLISHER_DEV = 100                       # PolNeAR train/: the first 100 files of each publisher
GUM_DEV_GENRES = ("academic", "bio", "court", "essay", "fiction", "letter", "podcast", "speech", "textbook",
                  "vlog", "whow", "conversation")
GUM_ALTERNATING = ("news", "interview")   # odd positions development, even positions lock-box
GUM_LOCKBOX_EVEN = ("voyage",)            # even positions lock-box; the odd ones are not used


def polnear_parts(polnear: Path, stance_files: set[str]) -> dict[str, list[Path]]:
    """Text files of each part: ``dev``, ``lockbox`` and ``stance``."""
    by_publisher: dict[str, list[Path]] = {}
    for path in sorted((polnear / "train" / "text").glob("*.txt")):
        by_publisher.setdefault(path.name.split("_")[0], []).append(path)
    parts: dict[str, list[Path]] = {"dev": [], "lockbox": [], "stance": []}
    for files in by_publisher.values():
        parts["dev"] += files[:PUBLISHER_DEV]
        parts["lockbox"] += files[PUBLISHER_DEV:]
    for path in sorted((polnear / "dev" / "text").glob("*.txt")):
        parts["stance" if path.name in stance_files else "lockbox"].append(path)
    return parts


def gum_parts(gum: Path) -> dict[str, list[Path]]:
    """CoNLL-U files of each part: ``dev`` and ``lockbox``."""
    parts: dict[str, list[Path]] = {"dev": [], "lockbox": []}
    files = sorted((gum / "dep").glob("*.conllu"))
    for path in files:
        if path.name.startswith("GENTLE_"):
            parts["dev"].append(path)
    for genre in GUM_DEV_GENRES:
        parts["dev"] += [p for p in files if p.name.startswith(f"GUM_{genre}_")]
    for genre in GUM_ALTERNATING + GUM_LOCKBOX_EVEN:
        ordered = [p for p in files if p.name.startswith(f"GUM_{genre}_")]
        for position, path in enumerate(ordered, start=1):
            if position % 2 == 0:
                parts["lockbox"].append(path)
            elif genre in GUM_ALTERNATING:
                parts["dev"].append(path)
    return parts


def aeb_parts(ids: list[str]) -> dict[str, list[str]]:
    """Page ids of each part: the first half in sorted order is development."""
    ordered = sorted(ids)
    half = len(ordered) // 2
    return {"dev": ordered[:half], "lockbox": ordered[half:]}


def _link(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.is_symlink() or dest.exists():
        dest.unlink()
    os.symlink(src.resolve(), dest)


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def materialise(shared: Path, out: Path) -> dict[str, Path]:
    """Write every part's folder of links under ``out``; return them by name. A folder that already
    holds exactly the right links is left as it is, so a scorer started while a trainer reads a
    part does not pull the files from under it."""
    evaluation = shared / "eval"
    made: dict[str, Path] = {}
    stance = json.loads((evaluation / "stance" / "dev.json").read_text(encoding="utf-8"))
    stance_files = {article["file"] for article in stance["articles"]}
    for part, texts in polnear_parts(evaluation / "polnear", stance_files).items():
        links = {}
        for text in texts:
            links[Path("text") / text.name] = text
            for ann in sorted((text.parent.parent / "attributions").glob(text.stem + "_*.ann")):
                links[Path("attributions") / ann.name] = ann
        made[f"polnear-{part}"] = _sync(out / f"polnear-{part}", links)
    for part, docs in gum_parts(evaluation / "gum").items():
        links = {Path("LICENSE.txt"): evaluation / "gum" / "LICENSE.txt"}
        for doc in docs:
            links[Path("dep") / doc.name] = doc
            xml = evaluation / "gum" / "xml" / (doc.stem + ".xml")
            if xml.exists():
                links[Path("xml") / xml.name] = xml
        made[f"gum-{part}"] = _sync(out / f"gum-{part}", links)
    truth = json.loads((evaluation / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for part, ids in aeb_parts(list(truth)).items():
        links = {Path("html") / f"{page}.html.gz": evaluation / "aeb" / "html" / f"{page}.html.gz" for page in ids}
        files = {Path("ground-truth.json"): json.dumps({page: truth[page] for page in ids})}
        made[f"aeb-{part}"] = _sync(out / f"aeb-{part}", links, files)
    return made


def _sync(folder: Path, links: dict[Path, Path], files: dict[Path, str] | None = None) -> Path:
    """``folder`` with exactly ``links`` (relative path -> what it points to) and ``files`` (relative
    path -> text): left alone when it already is so, else written afresh."""
    files = files or {}
    wanted = {rel: str(src.resolve()) for rel, src in links.items()}
    if folder.is_dir():
        found = {p.relative_to(folder): p for p in folder.rglob("*") if p.is_symlink() or p.is_file()}
        if set(found) == set(wanted) | set(files) \
                and all(found[rel].is_symlink() and os.readlink(found[rel]) == target for rel, target in wanted.items()) \
                and all(found[rel].read_text(encoding="utf-8") == text for rel, text in files.items()):
            return folder
    _fresh(folder)
    for rel, src in links.items():
        _link(src, folder / rel)
    for rel, text in files.items():
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not (args.shared / "eval").is_dir():
        print(f"no evaluation data at {args.shared / 'eval'}; nothing to split")
        return 0
    for name, folder in materialise(args.shared, args.out).items():
        count = sum(1 for p in folder.rglob("*") if p.is_symlink() and p.suffix in (".txt", ".conllu", ".gz") and p.name != "LICENSE.txt")
        print(f"{name:16} {count:4} documents  {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
