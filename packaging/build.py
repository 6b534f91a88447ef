"""Build the one-folder bundle with PyInstaller, then smoke-test the frozen executables.

    python packaging/build.py                 # build dist/stance-reader/ and smoke-test it
    python packaging/build.py --skip-build    # smoke-test an existing bundle
    python packaging/build.py --quick         # smoke-test without the model (no summarize)

The smoke test runs what a user would, headless, with fresh config/cache/data folders: both
executables' ``--version``; ``stance-reader-cli analyze SAMPLE --json`` on the bundled sample (the
JSON must parse, name people and hold attributed quotes, and equal what the build environment's
``python -m reader`` prints); ``stance-reader-cli summarize SAMPLE`` with the embedded model (the
Markdown must hold the overview, every section, stances and quotes); and the desktop app's
``--self-test`` on Qt's offscreen platform, and on xcb under Xvfb where ``xvfb-run`` exists (the
real main window, the spawned analysis process, the icon). Any failure exits 1. It ends with the bundle's size and the start-up times.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "stance-reader.spec"
sys.path.insert(0, str(ROOT))

from reader import APP_ID, __version__  # noqa: E402

SUMMARY_HEADINGS = ("## Overview", "## Sections", "### 1. ", "## Stances", "## People, organisations and places",
                    "## What each actor said")


class SmokeTestFailure(Exception):
    pass


def build(dist: Path, work: Path) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("+", " ".join(command), flush=True)
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    print(f"built {dist / APP_ID} in {time.perf_counter() - started:.0f} s", flush=True)


def executable(bundle: Path, name: str) -> Path:
    return bundle / (name + ".exe" if sys.platform == "win32" else name)


def bundle_size(bundle: Path) -> int:
    """Bytes on disk, links counted once (what ``du`` reports, near enough)."""
    return sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() or p.is_symlink())


class Runner:
    def __init__(self, bundle: Path, scratch: Path):
        self.bundle = bundle
        self.env = dict(os.environ)
        self.env.pop("STANCE_READER_MODEL", None)
        for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "APPDATA", "LOCALAPPDATA"):
            self.env[variable] = str(scratch / variable.lower())
        self.env["QT_QPA_PLATFORM"] = "offscreen"
        self.timings: dict[str, float] = {}

    def run(self, label: str, name: str, *args: str, timeout: float = 300, wrapper: tuple[str, ...] = (),
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        command = [*wrapper, str(executable(self.bundle, name)), *args]
        print(f"+ {' '.join(command)}", flush=True)
        started = time.perf_counter()
        try:
            result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env or self.env,
                                    timeout=timeout, cwd=self.bundle)
        except subprocess.TimeoutExpired:
            raise SmokeTestFailure(f"{label}: no answer within {timeout:.0f} s") from None
        self.timings[label] = time.perf_counter() - started
        if result.returncode != 0:
            raise SmokeTestFailure(f"{label}: exit status {result.returncode}\n{result.stderr[-3000:]}")
        return result


def check_analysis(data: dict) -> str:
    if data.get("version") != 1:
        raise SmokeTestFailure(f"analyze --json: contract version {data.get('version')!r}, expected 1")
    people = [e for e in data.get("entities", []) if e.get("type") == "person"]
    attributed = [q for q in data.get("quotes", []) if q.get("speaker")]
    if not data.get("sentences") or not data.get("sections"):
        raise SmokeTestFailure("analyze --json: no sentences or sections")
    if not people:
        raise SmokeTestFailure("analyze --json: no people found (are resources/nlp bundled?)")
    if not attributed:
        raise SmokeTestFailure("analyze --json: no attributed quotes")
    return (f"{len(data['sections'])} sections, {len(data['sentences'])} sentences, "
            f"{len(data['entities'])} entities ({len(people)} people), "
            f"{len(data['quotes'])} quotes ({len(attributed)} attributed)")


def reference_analysis(sample: Path) -> dict | None:
    """The same analysis from the build environment, unfrozen (None where reader cannot run)."""
    result = subprocess.run([sys.executable, "-m", "reader", "analyze", str(sample), "--json"], capture_output=True,
                            text=True, encoding="utf-8", cwd=ROOT)
    return json.loads(result.stdout) if result.returncode == 0 else None


def smoke_test(bundle: Path, summarize: bool = True) -> dict[str, float]:
    sample = bundle / "_internal" / "resources" / "sample-article.md"
    if not sample.is_file():
        raise SmokeTestFailure(f"the sample article is not in the bundle: {sample}")
    if (ROOT / "models" / "catalogue.toml").is_file() and not (bundle / "_internal" / "models" / "catalogue.toml").is_file():
        raise SmokeTestFailure("the model catalogue (models/catalogue.toml) is not in the bundle")
    with tempfile.TemporaryDirectory(prefix="stance-reader-smoke-") as scratch:
        runner = Runner(bundle, Path(scratch))

        for name in (f"{APP_ID}-cli", APP_ID):
            out = runner.run(f"{name} --version", name, "--version").stdout.strip()
            if not out.endswith(f" {__version__}"):
                raise SmokeTestFailure(f"{name} --version printed {out!r}, expected version {__version__}")
            print(f"  {out}")
        runner.run("cli --version (warm)", f"{APP_ID}-cli", "--version")

        out = runner.run("analyze --json", f"{APP_ID}-cli", "analyze", str(sample), "--json").stdout
        try:
            data = json.loads(out)
        except ValueError as error:
            raise SmokeTestFailure(f"analyze --json printed no JSON: {error}: {out[:300]!r}") from None
        print(f"  {check_analysis(data)}")
        reference = reference_analysis(sample)
        if reference is not None and reference != data:
            differing = sorted(k for k in set(reference) | set(data) if reference.get(k) != data.get(k))
            raise SmokeTestFailure(f"analyze --json differs from the unfrozen app in {differing}")
        print("  identical to the unfrozen app's JSON" if reference is not None else "  (no unfrozen reference)")

        out = runner.run("analyze via the app executable", APP_ID, "analyze", str(sample)).stdout
        if not out.lstrip().startswith("---") or "## What each actor said" not in out:
            raise SmokeTestFailure("stance-reader analyze printed no Markdown export")

        if summarize:
            result = runner.run("summarize (embedded model)", f"{APP_ID}-cli", "summarize", str(sample), "--no-cache",
                                "--max-actors", "1", "-q", timeout=1800)
            missing = [h for h in SUMMARY_HEADINGS if h not in result.stdout]
            if missing:
                raise SmokeTestFailure(f"summarize output lacks {missing}:\n{result.stdout[:2000]}")
            if 'model: "SmolLM2-135M-Instruct.Q4_1.gguf"' not in result.stdout:
                raise SmokeTestFailure("summarize did not use the embedded SmolLM2 model")
            overview = result.stdout.split("## Overview", 1)[1].split("## Sections", 1)[0].strip()
            print(f"  summary sections present; overview begins: {overview[:120]!r}")

        result = runner.run("app --self-test (offscreen)", APP_ID, "--self-test", timeout=300)
        print(f"  {result.stdout.strip()}")
        if sys.platform.startswith("linux") and shutil.which("xvfb-run"):
            x11 = {k: v for k, v in runner.env.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
            result = runner.run("app --self-test (xcb, Xvfb)", APP_ID, "--self-test", timeout=300,
                                wrapper=("xvfb-run", "-a"), env=x11)
            print(f"  {result.stdout.strip()}")
        return runner.timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-build", action="store_true", help="smoke-test the existing bundle only")
    parser.add_argument("--quick", action="store_true", help="skip the summarize test (no model run)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller work folder")
    args = parser.parse_args(argv)

    bundle = args.dist / APP_ID
    if not args.skip_build:
        build(args.dist, args.work)
    if not executable(bundle, APP_ID).is_file():
        print(f"build.py: no bundle at {bundle}", file=sys.stderr)
        return 1
    try:
        timings = smoke_test(bundle, summarize=not args.quick)
    except SmokeTestFailure as failure:
        print(f"SMOKE TEST FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"\nsmoke test passed: {bundle}")
    print(f"  bundle size       {bundle_size(bundle) / 2**20:8.1f} MiB")
    for label, seconds in timings.items():
        print(f"  {label:<32} {seconds:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
