"""The packaging files, checked without building anything: the .desktop entry, the AppStream
metainfo, the icons, the PyInstaller spec and the bundle's entry point."""
from __future__ import annotations

import ast
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import reader
from reader.models import discovery

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
LINUX = PACKAGING / "linux"
ICONS = REPO / "resources" / "icons"
SPEC = PACKAGING / "stance-reader.spec"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPES = {"text/html", "application/x-mimearchive", "multipart/related", "text/markdown", "text/plain"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def parse_desktop_entry(text: str) -> dict[str, dict[str, str]]:
    """A strict little reader for the Desktop Entry format: groups of unique ``Key=value`` lines."""
    groups: dict[str, dict[str, str]] = {}
    current = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            assert current not in groups, f"line {number}: group {current} twice"
            groups[current] = {}
            continue
        assert current is not None, f"line {number}: a key before the first group"
        key, sep, value = line.partition("=")
        assert sep, f"line {number}: not a Key=value line: {raw!r}"
        key = key.strip()
        assert key not in groups[current], f"line {number}: {key} twice"
        groups[current][key] = value.strip()
    return groups


@pytest.fixture(scope="module")
def desktop() -> dict[str, str]:
    path = LINUX / f"{reader.APP_ID}.desktop"
    assert path.is_file(), "the desktop file is named after reader.APP_ID"
    return parse_desktop_entry(path.read_text(encoding="utf-8"))["Desktop Entry"]


def metainfo_path() -> Path:
    found = sorted(LINUX.glob("*.metainfo.xml"))
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def metainfo() -> ET.Element:
    return ET.parse(metainfo_path()).getroot()


def test_desktop_entry_keys(desktop):
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == reader.APP_NAME
    assert desktop["Exec"].split()[0] == reader.APP_ID
    assert any(code in desktop["Exec"].split() for code in ("%f", "%F", "%u", "%U")), "Exec takes the opened file"
    assert desktop["Icon"] == reader.APP_ID
    assert desktop["Terminal"] == "false"
    for key in ("MimeType", "Categories", "Keywords"):
        assert desktop[key].endswith(";"), f"{key} is a ;-terminated list"
    assert MIME_TYPES <= set(desktop["MimeType"].rstrip(";").split(";"))
    assert "Office" in desktop["Categories"].split(";")


def test_metainfo_names_the_app(metainfo, desktop):
    assert metainfo.tag == "component" and metainfo.get("type") == "desktop-application"
    component_id = metainfo.findtext("id")
    assert metainfo_path().name == f"{component_id}.metainfo.xml"
    assert component_id.count(".") >= 2, "AppStream wants a reverse-DNS component id"
    assert metainfo.find("launchable[@type='desktop-id']").text == f"{reader.APP_ID}.desktop"
    binaries = {b.text for b in metainfo.iterfind("provides/binary")}
    assert binaries == {reader.APP_ID, f"{reader.APP_ID}-cli"}
    media = {m.text for m in metainfo.iterfind("provides/mediatype")}
    assert MIME_TYPES <= media <= set(desktop["MimeType"].rstrip(";").split(";"))
    assert metainfo.findtext("name") == reader.APP_NAME
    assert component_id in SPEC.read_text(encoding="utf-8"), "the macOS bundle identifier is the component id"


def test_metainfo_newest_release_is_the_package_version(metainfo):
    releases = metainfo.findall("releases/release")
    assert releases and releases[0].get("version") == reader.__version__


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_passes_appstreamcli():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo_path())],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_desktop_entry_passes_desktop_file_validate():
    result = subprocess.run(["desktop-file-validate", str(LINUX / f"{reader.APP_ID}.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout + result.stderr


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR", f"{path.name}: no IHDR chunk first"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_at_each_size(size):
    assert png_size(ICONS / f"{reader.APP_ID}-{size}.png") == (size, size)


def test_icon_svg_is_square_svg():
    root = ET.parse(ICONS / f"{reader.APP_ID}.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == height


def test_spec_bundles_resources_model_and_llama():
    text = SPEC.read_text(encoding="utf-8")
    compile(text, str(SPEC), "exec")
    for needle in ('ROOT / "resources"', '"resources"', 'ROOT / "models" / "catalogue.toml"', 'collect_dynamic_libs("llama_cpp")', "copy_metadata(MODEL_DIST)",
                   'ROOT / "packaging" / "entry.py"', "COLLECT(", 'f"{APP_ID}-cli"', "BUNDLE("):
        assert needle in text, needle
    # the model is found in the bundle exactly as discovery finds it in a virtual environment
    assert f'MODEL_DIST = "{discovery.EMBEDDED_DIST}"' in text
    assert f'MODEL_FILE = "{discovery.EMBEDDED_FILE}"' in text
    for path in ("resources/nlp/entities.json.gz", "resources/sample-article.md", f"resources/icons/{reader.APP_ID}.svg"):
        assert (REPO / path).is_file(), path


def test_entry_point_hands_spawned_workers_to_multiprocessing_first():
    tree = ast.parse((PACKAGING / "entry.py").read_text(encoding="utf-8"))
    main = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main")
    first = main.body[0]
    assert isinstance(first, ast.Expr) and ast.unparse(first) == "multiprocessing.freeze_support()"


def test_entry_point_dispatches_like_python_m_reader():
    result = subprocess.run([sys.executable, str(PACKAGING / "entry.py"), "--version"],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0 and result.stdout.strip().endswith(reader.__version__)


def test_one_version_and_a_packaging_extra():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "reader.__version__"}
    extras = project["project"]["optional-dependencies"]
    assert any(req.startswith("pyinstaller") for req in extras["packaging"])
    assert not any(req.startswith("pyinstaller") for req in extras["dev"])
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\nbundle:" in makefile and "packaging/build.py" in makefile
