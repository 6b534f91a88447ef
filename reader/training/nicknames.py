"""Write ``resources/nlp/nicknames.json``: English given names and their nicknames ("Charles" and
"Chuck", "Kenneth" and "Ken"), so that "Chuck Grassley" and "Charles Grassley" are one person.

    pip install .[train]
    python -m reader.training.nicknames [--out PATH]

Source: the PyPI package ``nicknames`` (Carlton Northern and Nick Crews, "Hand-curated dataset of
English names and nicknames", Apache-2.0), its ``names.csv`` of rows ``name,has_nickname,nickname``.
The file keeps, for each given name in lower case, its nicknames, sorted; the output depends only on
that file, so running this again writes the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import importlib.resources
import io
import json
from pathlib import Path

from ..resources import resource_path

OUT = ("nlp", "nicknames.json")
SOURCE = ("nicknames (PyPI; Carlton Northern and Nick Crews, github.com/carltonnorthern/nicknames), "
          "names.csv; Apache License 2.0")


def read_pairs(text: str) -> dict[str, list[str]]:
    """given name -> its nicknames, from the rows of ``names.csv``."""
    out: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("relationship") != "has_nickname":
            continue
        name, nick = row["name1"].strip().lower(), row["name2"].strip().lower()
        if name.isalpha() and nick.isalpha() and name != nick:
            out.setdefault(name, set()).add(nick)
    return {name: sorted(nicks) for name, nicks in sorted(out.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=resource_path(*OUT))
    args = ap.parse_args(argv)
    try:
        text = (importlib.resources.files("nicknames") / "names.csv").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        print("the nicknames package is missing: pip install .[train]")
        return 1
    pairs = read_pairs(text)
    data = {"about": "Given names (lower case) and their nicknames: one person's name written two ways.",
            "source": SOURCE, "nicknames": pairs}
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(pairs)} names, {sum(len(v) for v in pairs.values())} nicknames")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
