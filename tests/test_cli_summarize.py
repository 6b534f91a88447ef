"""``summarize`` end to end with the embedded model (skipped when it is not installed)."""
import json

import pytest

from reader.cli import main
from reader.models.discovery import embedded_model

pytestmark = pytest.mark.skipif(embedded_model() is None, reason="the embedded model is not installed")

ARTICLE = """Ferry Service Returns

The city will restart the North Shore ferry in May, officials said on Monday.

"This ferry is a lifeline for the island," Mayor Ann Lee said.
"""


def test_summarize_json_and_markdown_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    article = tmp_path / "ferry.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "ferry.md"
    assert main(["summarize", str(article), "--json", "-o", str(out), "--max-actors", "1", "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("overview", "summaries", "stances", "model", "timings", "sentences", "entities", "quotes"):
        assert key in data
    assert data["model"]["file"].endswith(".gguf") and len(data["model"]["sha256"]) == 64
    assert data["model"]["prompt_version"]
    text = data["text"]
    for summary in data["summaries"]:
        for sentence in summary["sentences"]:
            assert sentence["text"]
            for s, e in sentence["evidence"]:
                assert 0 <= s < e <= len(text)
    written = out.read_text(encoding="utf-8")
    assert written.startswith("---\ntitle: \"Ferry Service Returns\"") and "## Sections" in written
    # 135M weights: each section shows its key sentence, and the model writes none
    assert data["timings"]["summaries"]["calls"] == 0
    assert all(s.get("extract") for summary in data["summaries"] for s in summary["sentences"])
    assert "*Key sentence:*" in written

    # asked to, the small model writes the summaries (grounded and flagged like any model's)
    assert main(["summarize", str(article), "--json", "--max-actors", "0", "-q", "--small-model-writes"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["timings"]["summaries"]["calls"] >= 1
    assert not any(s.get("extract") for summary in data["summaries"] for s in summary["sentences"])

    # never overwrite without being asked
    assert main(["summarize", str(article), "-o", str(out), "-q"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == written


def test_summarize_with_a_broken_model_says_so(tmp_path, capsys):
    article = tmp_path / "ferry.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model at all" * 100)
    assert main(["summarize", str(article), "--model", str(bad), "-q"]) == 1
    err = capsys.readouterr().err
    assert "not a GGUF model file" in err and "Traceback" not in err
