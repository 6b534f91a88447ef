"""The model catalogue: ``models/catalogue.toml`` (its header documents every field).

:func:`load_catalogue` reads it into :class:`CatalogueEntry` objects; a missing or malformed file
gives an empty catalogue and a reason, never a crash. Entries whose size and SHA-256 could not be
checked where the catalogue was written carry ``verified = false``; :func:`fill_catalogue` (run as
``python -m reader.models.catalogue --fill models/catalogue.toml`` on a machine with internet
access) asks Hugging Face's API for each file's size and LFS SHA-256 and writes them in.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..storage import atomic_write_text
from .discovery import repo_models_dir

CATALOGUE_FILE = "catalogue.toml"
HF_API = "https://huggingface.co/api/models"


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    name: str
    file: str
    url: str = ""
    size: int = 0
    size_mb: int = 0
    sha256: str = ""
    verified: bool = False
    licence: str = ""
    context: int = 0
    params: str = ""
    quant: str = ""
    note: str = ""

    @property
    def approx_bytes(self) -> int:
        return self.size or self.size_mb * 1_000_000

    @property
    def downloadable(self) -> bool:
        return self.url.startswith("https://")


def catalogue_path() -> Path:
    return repo_models_dir() / CATALOGUE_FILE


def load_catalogue(path: Path | None = None) -> tuple[list[CatalogueEntry], str]:
    """The catalogue's entries and, when it could not be read, why (else "")."""
    path = path or catalogue_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], f"The model catalogue “{path}” is missing."
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return [], f"The model catalogue “{path}” could not be read ({error})."
    entries, problems = [], []
    known = CatalogueEntry.__dataclass_fields__
    for raw in data.get("model", []):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) and raw[k] for k in ("id", "name", "file")):
            problems.append("an entry without id, name or file was skipped")
            continue
        values = {k: v for k, v in raw.items()
                  if k in ("id", "name", "file") or (k in known and isinstance(v, type(known[k].default)))}
        if "/" in values["file"] or "\\" in values["file"] or not values["file"].endswith(".gguf"):
            problems.append(f"“{values['id']}” has an unsafe file name and was skipped")
            continue
        entries.append(CatalogueEntry(**values))
    return entries, "; ".join(problems)


def find_entry(name: str, entries: list[CatalogueEntry] | None = None) -> CatalogueEntry | None:
    entries = load_catalogue()[0] if entries is None else entries
    lowered = name.lower()
    return next((e for e in entries if lowered in (e.id.lower(), e.file.lower(), e.name.lower())), None)


# -- maintainer tool: fill in sizes and hashes from Hugging Face ------------------------------------
def _hf_file(url: str) -> tuple[str, str] | None:
    """("owner/repo", "path/in/repo") for a huggingface.co …/resolve/main/… URL."""
    parts = urlsplit(url)
    match = re.fullmatch(r"/([^/]+/[^/]+)/resolve/main/(.+)", parts.path)
    return (match.group(1), match.group(2)) if parts.hostname == "huggingface.co" and match else None


def fill_catalogue(path: Path, api: str = HF_API, timeout: float = 30.0) -> list[str]:
    """Write size, sha256 and ``verified = true`` into each unverified entry of the catalogue file
    at ``path`` from the Hugging Face API (``{api}/{repo}/tree/main``); returns what it did."""
    text = path.read_text(encoding="utf-8")
    entries, _ = load_catalogue(path)
    done = []
    for entry in entries:
        where = _hf_file(entry.url)
        if entry.verified or where is None:
            continue
        repo, file = where
        with urllib.request.urlopen(f"{api}/{repo}/tree/main", timeout=timeout) as response:
            listing = json.loads(response.read().decode("utf-8"))
        info = next((f for f in listing if f.get("path") == file), None)
        lfs = (info or {}).get("lfs") or {}
        if not lfs.get("oid") or not lfs.get("size"):
            done.append(f"{entry.id}: not found in {repo}")
            continue
        block = re.compile(r'(id = "' + re.escape(entry.id) + r'"\n(?:(?!\[\[model\]\]).*\n)*?)'
                           r'size = \d+\n((?:.*\n)*?)sha256 = ""\nverified = false')
        size, oid = int(lfs["size"]), str(lfs["oid"])
        text, count = block.subn(lambda m, size=size, oid=oid: f'{m.group(1)}size = {size}\n{m.group(2)}'
                                 f'sha256 = "{oid}"\nverified = true', text, count=1)
        done.append(f"{entry.id}: {lfs['size']} bytes, sha256 {lfs['oid'][:12]}…" if count else
                    f"{entry.id}: entry layout not recognised, left alone")
    atomic_write_text(path, text)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.models.catalogue")
    parser.add_argument("--fill", type=Path, metavar="CATALOGUE", help="fill sizes and hashes from Hugging Face")
    args = parser.parse_args(argv)
    if args.fill:
        for line in fill_catalogue(args.fill):
            print(line)
        return 0
    entries, problem = load_catalogue()
    for entry in entries:
        print(f"{entry.id:16} {entry.params:>5} {entry.quant:7} {'verified' if entry.verified else 'unverified'}")
    if problem:
        print(problem, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
