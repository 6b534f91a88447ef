import json
import subprocess
import sys

from reader import __version__
from reader.cli import main
from reader.models.discovery import embedded_model
from reader.resources import SAMPLE_ARTICLE, resource_path


def test_analyze_json_contract(capsys):
    assert main(["analyze", str(resource_path(*SAMPLE_ARTICLE)), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    for key in ("title", "byline", "date", "source", "text", "sections", "sentences", "entities", "quotes"):
        assert key in data
    text = data["text"]
    for section in data["sections"]:
        if section["heading"]:
            s, e = section["heading"]
            assert 0 <= s < e <= len(text)
        for s, e in section["paragraphs"]:
            assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]
    assert data["title"] not in [text[s:e] for sec in data["sections"] for s, e in sec["paragraphs"]]


def test_analyze_markdown(capsys):
    assert main(["analyze", str(resource_path(*SAMPLE_ARTICLE))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\ntitle: ") and "# Harbor Council" in out


def test_error_goes_to_stderr_with_status(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing.html"), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "does not exist" in captured.err and "Traceback" not in captured.err


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_headless_run_prints_markdown(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "reader"], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "no display found" in proc.stderr
    assert "# Harbor Council Splits" in proc.stdout
    assert "## Sections" in proc.stdout and "## What each actor said" in proc.stdout
    if embedded_model() is not None:
        assert "## Overview" in proc.stdout and "## Stances" in proc.stdout


def test_python_m_reader_sends_every_subcommand_to_the_cli():
    """``python -m reader`` picks the front end without importing the CLI, from its own list."""
    import argparse

    from reader.__main__ import CLI_COMMANDS
    from reader.cli import build_parser

    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(CLI_COMMANDS) == set(subparsers.choices)
