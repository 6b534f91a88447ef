"""The nickname list written from the nicknames package's CSV (reader.training.nicknames)."""
import json

import pytest

from reader.training.nicknames import main, read_pairs


def test_rows_become_sorted_nicknames_by_given_name_and_other_relations_are_left_out():
    text = ("name1,relationship,name2\n"
            "Kenneth,has_nickname,Kenny\nkenneth,has_nickname,ken\nabel,has_nickname,abe\n"
            "abel,has_nickname,abel\nmary-ann,has_nickname,mae\nanna,is_variant_of,ann\n")
    assert read_pairs(text) == {"abel": ["abe"], "kenneth": ["ken", "kenny"]}


def test_the_written_file_is_the_same_each_run(tmp_path):
    pytest.importorskip("nicknames")
    out = tmp_path / "nicknames.json"
    assert main(["--out", str(out)]) == 0
    first = out.read_bytes()
    assert main(["--out", str(out)]) == 0
    assert out.read_bytes() == first
    assert "ken" in json.loads(first)["nicknames"]["kenneth"]
