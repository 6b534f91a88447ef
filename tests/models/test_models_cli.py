"""``models list|add|download|remove|use`` on the command line, in a private data and config folder."""
from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from reader.cli import main
from reader.settings import load_settings


def test_add_use_list_remove(home, tiny_gguf, capsys):
    source = tiny_gguf("tiny-test.gguf")
    assert main(["models", "add", str(source), "--use"]) == 0
    chosen = load_settings().model
    assert chosen.endswith("tiny-test.gguf") and "xdg_data_home" in chosen
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "* tiny-test.gguf  [downloaded]" in listing and "Q4_1" in listing and "4,096 ctx" in listing
    assert "qwen2.5-1.5b" in listing and "checksum unverified" in listing
    assert main(["models", "remove", "tiny-test"]) == 0
    assert load_settings().model == ""          # removing the model in use falls back to the default
    assert "embedded default" in capsys.readouterr().out


def test_errors_are_one_sentence_and_status_1(home, tmp_path, capsys):
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    assert main(["models", "add", str(bad)]) == 1
    assert "not a GGUF model file" in capsys.readouterr().err
    assert main(["models", "use", "no-such-model"]) == 1
    assert "No installed model" in capsys.readouterr().err
    assert main(["models", "download", "ftp-or-what"]) == 1
    assert "neither a catalogue id nor" in capsys.readouterr().err
    assert main(["models", "download", "smollm2-135m"]) == 1
    assert "ships with the app" in capsys.readouterr().err


def test_download_a_url_verifies_and_installs(home, tiny_gguf, capsys):
    payload = tiny_gguf("served.gguf").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/files/served.gguf"
    try:
        assert main(["models", "download", url, "--sha256", "0" * 64, "-q"]) == 1
        assert "corrupt or not the expected file" in capsys.readouterr().err
        digest = hashlib.sha256(payload).hexdigest()
        assert main(["models", "download", url, "--sha256", digest, "--use", "-q"]) == 0
    finally:
        server.shutdown()
        server.server_close()
    out = capsys.readouterr().out
    assert "size and SHA-256 verified" in out
    assert load_settings().model.endswith("served.gguf")
