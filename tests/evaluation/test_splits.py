"""The split of ../shared/eval/SPLITS.md, on made-up folders (no shared data needed)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from splits import _sync, aeb_parts, gum_parts, polnear_parts  # noqa: E402


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("", encoding="utf-8")
    return path


def test_polnear_first_hundred_of_each_publisher_are_development(tmp_path):
    for publisher in ("alpha", "beta"):
        for n in range(120):
            touch(tmp_path / "train" / "text" / f"{publisher}_2016-01-{n:03d}_x.txt")
    for name in ("alpha_2017_a.txt", "beta_2017_b.txt", "beta_2017_judged.txt"):
        touch(tmp_path / "dev" / "text" / name)
    parts = polnear_parts(tmp_path, {"beta_2017_judged.txt"})
    assert len(parts["dev"]) == 200 and all(int(p.name.split("-")[2][:3]) < 100 for p in parts["dev"])
    assert len(parts["lockbox"]) == 40 + 2
    assert [p.name for p in parts["stance"]] == ["beta_2017_judged.txt"]
    assert not set(parts["dev"]) & set(parts["lockbox"])


def test_gum_alternates_news_and_interviews_and_keeps_even_voyages_back(tmp_path):
    names = [f"GUM_news_{w}" for w in "abcd"] + [f"GUM_interview_{w}" for w in "abc"] + \
        [f"GUM_voyage_{w}" for w in "abcd"] + ["GUM_fiction_a", "GUM_reddit_a", "GENTLE_poetry_a"]
    for name in names:
        touch(tmp_path / "dep" / f"{name}.conllu")
    parts = gum_parts(tmp_path)
    dev = {p.stem for p in parts["dev"]}
    lockbox = {p.stem for p in parts["lockbox"]}
    assert dev == {"GUM_news_a", "GUM_news_c", "GUM_interview_a", "GUM_interview_c", "GUM_fiction_a",
                   "GENTLE_poetry_a"}
    assert lockbox == {"GUM_news_b", "GUM_news_d", "GUM_interview_b", "GUM_voyage_b", "GUM_voyage_d"}


def test_aeb_first_half_of_the_sorted_ids_is_development():
    parts = aeb_parts(["d", "b", "a", "c", "e"])
    assert parts == {"dev": ["a", "b"], "lockbox": ["c", "d", "e"]}


def test_a_folder_with_the_right_links_is_left_alone_and_a_wrong_one_rewritten(tmp_path):
    a, b = touch(tmp_path / "src" / "a.txt"), touch(tmp_path / "src" / "b.txt")
    folder = tmp_path / "part"
    _sync(folder, {Path("text") / "a.txt": a}, {Path("truth.json"): "{}"})
    link = folder / "text" / "a.txt"
    before = link.lstat().st_ino
    _sync(folder, {Path("text") / "a.txt": a}, {Path("truth.json"): "{}"})
    assert link.lstat().st_ino == before                           # untouched: a reader keeps its files
    _sync(folder, {Path("text") / "b.txt": b}, {Path("truth.json"): "{}"})
    assert sorted(p.name for p in (folder / "text").iterdir()) == ["b.txt"]
    assert (folder / "text" / "b.txt").resolve() == b.resolve()
    _sync(folder, {Path("text") / "b.txt": b}, {Path("truth.json"): "[1]"})
    assert (folder / "truth.json").read_text(encoding="utf-8") == "[1]"
