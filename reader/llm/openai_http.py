"""Any OpenAI-compatible server (llama.cpp's server, ``python -m llama_cpp.server``, vLLM, Ollama,
LM Studio), over plain HTTP with the standard library.

- Only the URL the user gave is contacted: no proxies from the environment, no redirects.
- Chat streams with Server-Sent Events. The socket is read with a short timeout so that a
  :class:`CancelToken` stops a call within about a quarter of a second (the connection is closed,
  which tells the server to stop generating), and a server that sends nothing for ``stall_timeout``
  seconds is given up on.
- JSON-schema constrained output is asked for the OpenAI way
  (``{"type": "json_schema", "json_schema": {...}}``); servers that reject it (llama-cpp-python's
  server answers HTTP 500 to that type) get ``{"type": "json_object", "schema": ...}`` instead, and
  the choice is remembered.
- Token counts come from the server's tokenize endpoint when it has one (``/extras/tokenize`` for
  llama-cpp-python, ``/tokenize`` for llama.cpp and vLLM), else an estimate of four characters a token.
"""
from __future__ import annotations

import http.client
import json
import math
import os
import socket
import ssl
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..cancel import CancelToken
from ..errors import Cancelled, ModelError
from .backend import Chunk, ModelInfo, Usage

DEFAULT_N_CTX = 4096
READ_TICK = 0.25            # seconds between cancel checks while waiting for the server
REQUEST_TIMEOUT = 15.0      # for the small non-streaming requests (models, tokenize)
MAX_HEADER_BYTES = 64 * 1024
MAX_ERROR_BYTES = 64 * 1024

# (path, body) candidates for counting tokens, tried in order; the first that answers is kept.
_TOKENIZERS = (
    ("/extras/tokenize", lambda text, model: {"input": text}),                  # llama-cpp-python
    ("/tokenize", lambda text, model: {"content": text}),                        # llama.cpp server
    ("/tokenize", lambda text, model: {"model": model or "", "prompt": text}),   # vLLM
)
_ESTIMATE = -1


class _Dropped(Exception):
    """The connection ended in the middle of a response."""


class _HTTPStatusError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class OpenAIHTTPBackend:
    def __init__(self, server_url: str, *, model: str | None = None, n_ctx: int | None = None,
                 api_key: str | None = None, stall_timeout: float = 60.0,
                 connect_timeout: float = 10.0):
        self.url = server_url.strip()
        self.scheme, self.host, self.port, self.prefix = _parse_url(self.url)
        self.api_key = api_key
        self.stall_timeout = float(stall_timeout)
        self.connect_timeout = float(connect_timeout)
        self._schema_mode = "json_schema"      # or "json_object" once the server refused the first
        self._stream_options = True            # dropped if the server refuses stream_options
        self._tokenizer: int | None = None     # index into _TOKENIZERS, _ESTIMATE, or None (not probed)

        models = self._models()
        model_id = model or (models[0].get("id") if models and isinstance(models[0], dict) else None)
        entry = next((m for m in models if isinstance(m, dict) and m.get("id") == model_id), {})
        self.model = model_id
        ctx = n_ctx or _ctx_from_model_entry(entry) or self._ctx_from_props() or DEFAULT_N_CTX
        trained = _int((entry.get("meta") or {}).get("n_ctx_train")) if isinstance(entry.get("meta"), dict) else 0
        shown = model_id or f"{self.host}:{self.port}"
        self.info = ModelInfo(file=shown, sha256="", name=os.path.basename(shown.rstrip("/")) or shown,
                              context_length=trained or ctx, n_ctx=ctx)

    # -- contract -------------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        if not text:
            return 0
        if self._tokenizer is None:
            for index in range(len(_TOKENIZERS)):
                count = self._tokenize_with(index, text, probing=True)
                if count is not None:
                    self._tokenizer = index
                    return count
            self._tokenizer = _ESTIMATE
        if self._tokenizer == _ESTIMATE:
            return estimate_tokens(text)
        count = self._tokenize_with(self._tokenizer, text, probing=False)
        return count if count is not None else estimate_tokens(text)

    def chat(self, messages: list[dict], *, max_tokens: int = 256, temperature: float = 0.0,
             schema: dict | None = None, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        usage = Usage()
        started = time.perf_counter()
        first: float | None = None
        pieces = 0
        server_usage: dict | None = None
        for event in self._stream_events(messages, max_tokens, temperature, schema, cancel):
            if isinstance(event.get("usage"), dict):
                server_usage = event["usage"]
            for choice in event.get("choices") or []:
                delta = choice.get("delta") or choice.get("message") or {}
                text = delta.get("content") if isinstance(delta, dict) else None
                if text is None and isinstance(choice.get("text"), str):
                    text = choice["text"]
                if text is not None and not isinstance(text, str):
                    raise _garbage(self.url, json.dumps(event)[:80])
                if not text:
                    continue
                now = time.perf_counter()
                if first is None:
                    first = now
                    usage.prefill_seconds = usage.first_token_seconds = now - started
                pieces += 1
                yield Chunk(text)
            if pieces > 2 * max_tokens + 64:   # a server that ignores max_tokens would never stop
                break
        end = time.perf_counter()
        if first is None:
            usage.prefill_seconds = end - started
        else:
            usage.generate_seconds = end - first
        if server_usage:
            usage.prompt_tokens = _int(server_usage.get("prompt_tokens"))
            usage.completion_tokens = _int(server_usage.get("completion_tokens")) or pieces
        else:
            usage.completion_tokens = pieces
        if not usage.prompt_tokens:
            usage.prompt_tokens = self._prompt_estimate(messages)
        usage.prefilled_tokens = usage.prompt_tokens
        yield Chunk("", done=True, usage=usage)

    def close(self) -> None:
        """Nothing is held between calls: each call opens and closes its own connection."""

    # -- streaming ------------------------------------------------------------------------------
    def _stream_events(self, messages, max_tokens, temperature, schema, cancel) -> Iterator[dict]:
        """The JSON objects of the answer's stream, retrying once per option the server refuses."""
        while True:
            body: dict = {"messages": messages, "max_tokens": int(max_tokens),
                          "temperature": float(temperature), "stream": True}
            if self.model:
                body["model"] = self.model
            if self._stream_options:
                body["stream_options"] = {"include_usage": True}
            if schema is not None:
                if self._schema_mode == "json_schema":
                    body["response_format"] = {"type": "json_schema", "json_schema": {
                        "name": "answer", "schema": schema, "strict": True}}
                else:
                    body["response_format"] = {"type": "json_object", "schema": schema}
            try:
                yield from self._post_stream("/v1/chat/completions", body, cancel)
                return
            except _HTTPStatusError as error:
                lowered = error.message.lower()
                if (schema is not None and self._schema_mode == "json_schema"
                        and ("response_format" in lowered or "json_schema" in lowered)):
                    self._schema_mode = "json_object"
                    continue
                if self._stream_options and "stream_options" in lowered:
                    self._stream_options = False
                    continue
                raise ModelError(f"The model server at {self.url} refused the request "
                                 f"(HTTP {error.status}: {error.message}).") from None

    def _post_stream(self, path: str, body: dict, cancel: CancelToken | None) -> Iterator[dict]:
        payload = json.dumps(body).encode("utf-8")
        sock = self._connect()
        try:
            head = [f"POST {self.prefix}{path} HTTP/1.1", f"Host: {_host_header(self.host, self.port, self.scheme)}",
                    "Content-Type: application/json", "Accept: text/event-stream",
                    f"Content-Length: {len(payload)}", "Connection: close", "User-Agent: stance-reader"]
            if self.api_key:
                head.append(f"Authorization: Bearer {self.api_key}")
            try:
                sock.settimeout(max(self.stall_timeout, READ_TICK))
                sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload)
            except OSError as error:
                raise ModelError(f"Could not send the request to the model server at {self.url} "
                                 f"({_reason(error)}). Check that the server is running.") from None
            sock.settimeout(READ_TICK)
            reader = _Reader(sock, cancel, self.stall_timeout, self.url)
            try:
                status, headers = reader.read_head()
                if status != 200:
                    raise _HTTPStatusError(status, _error_message(b"".join(_body(reader, headers, MAX_ERROR_BYTES))))
                ctype = headers.get("content-type", "")
                if "application/json" in ctype:     # a server that ignored "stream": true
                    data = b"".join(_body(reader, headers, 32 * 1024 * 1024))
                    yield self._check_event(_loads(data, self.url))
                    return
                yield from self._sse(_body(reader, headers, None))
            except _Dropped:
                raise ModelError(f"The connection to the model server at {self.url} closed before the answer "
                                 "was finished: the answer was cut off. Check the server and try again.") from None
        finally:
            _close(sock)

    def _sse(self, pieces: Iterator[bytes]) -> Iterator[dict]:
        buffer = b""
        finished = False
        for piece in pieces:
            buffer += piece
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                line = raw.rstrip(b"\r").decode("utf-8", "replace")
                if not line or line.startswith(":"):
                    continue
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field in ("event", "id", "retry"):
                    continue
                if field != "data":
                    raise _garbage(self.url, line)
                if value.strip() == "[DONE]":
                    return
                event = self._check_event(_loads(value.encode("utf-8"), self.url))
                if any(isinstance(c, dict) and c.get("finish_reason") for c in event.get("choices") or []):
                    finished = True
                yield event
            if len(buffer) > MAX_ERROR_BYTES * 16:
                raise _garbage(self.url, buffer[:80].decode("utf-8", "replace"))
        if buffer.strip():
            raise _Dropped()
        if not finished:   # no [DONE] and no finish_reason: the stream stopped early
            raise _Dropped()

    def _check_event(self, event) -> dict:
        choices = event.get("choices") if isinstance(event, dict) else None
        if not isinstance(event, dict) or not isinstance(choices or [], list) \
                or not all(isinstance(c, dict) for c in choices or []):
            raise _garbage(self.url, json.dumps(event)[:80])
        if event.get("error"):
            raise ModelError(f"The model server at {self.url} reported an error while answering: "
                             f"{_error_text(event['error'])}.")
        return event

    def _connect(self) -> socket.socket:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except OSError as error:
            raise ModelError(f"Could not reach the model server at {self.url} ({_reason(error)}). "
                             "Check that it is running and that the address is right.") from None
        if self.scheme == "https":
            try:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
            except (OSError, ssl.SSLError) as error:
                _close(sock)
                raise ModelError(f"Could not open a secure connection to the model server at {self.url} "
                                 f"({_reason(error)}).") from None
        return sock

    # -- small requests -------------------------------------------------------------------------
    def _request_json(self, method: str, path: str, body: dict | None = None):
        """Returns (status, parsed JSON or None); raises ModelError when the server can't be reached."""
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = cls(self.host, self.port, timeout=min(REQUEST_TIMEOUT, max(self.stall_timeout, 1.0)))
        headers = {"Accept": "application/json", "User-Agent": "stance-reader"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        try:
            conn.request(method, self.prefix + path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read(32 * 1024 * 1024)
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            raise ModelError(f"Could not reach the model server at {self.url} ({_reason(error)}). "
                             "Check that it is running and that the address is right.") from None
        finally:
            conn.close()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, None

    def _models(self) -> list:
        status, data = self._request_json("GET", "/v1/models")
        if status == 200 and isinstance(data, dict) and isinstance(data.get("data"), list):
            return data["data"]
        if status in (401, 403):
            raise ModelError(f"The model server at {self.url} refused access (HTTP {status}): "
                             "it needs an API key.")
        return []

    def _ctx_from_props(self) -> int:
        """llama.cpp's server tells its context in ``/props``; other servers answer 404."""
        try:
            status, data = self._request_json("GET", "/props")
        except ModelError:
            return 0
        if status != 200 or not isinstance(data, dict):
            return 0
        settings = data.get("default_generation_settings")
        return _int(data.get("n_ctx")) or (_int(settings.get("n_ctx")) if isinstance(settings, dict) else 0)

    def _tokenize_with(self, index: int, text: str, *, probing: bool) -> int | None:
        path, make = _TOKENIZERS[index]
        try:
            status, data = self._request_json("POST", path, make(text, self.model))
        except ModelError:
            if probing:
                raise
            self._tokenizer = _ESTIMATE   # the server stopped answering: estimate from now on, don't wait again
            return None
        if status != 200 or not isinstance(data, dict):
            return None
        if isinstance(data.get("tokens"), list):
            return len(data["tokens"])
        if isinstance(data.get("count"), int):
            return data["count"]
        return None

    def _prompt_estimate(self, messages: list[dict]) -> int:
        text = "\n".join(str(m.get("content") or "") for m in messages)
        try:
            return self.count_tokens(text) + 4 * len(messages)   # a few tokens of template per message
        except ModelError:
            return estimate_tokens(text) + 4 * len(messages)


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


class _Reader:
    """Reads an HTTP response from a socket with a short timeout, checking the cancel token and the
    stall limit between reads."""

    def __init__(self, sock: socket.socket, cancel: CancelToken | None, stall_timeout: float, url: str):
        self.sock, self.cancel, self.stall_timeout, self.url = sock, cancel, stall_timeout, url
        self.buffer = bytearray()
        self.eof = False

    def fill(self) -> bool:
        """Read one more piece into the buffer; False at the end of the connection."""
        if self.eof:
            return False
        waited_since = time.monotonic()
        while True:
            if self.cancel is not None and self.cancel.cancelled:
                raise Cancelled()
            try:
                data = self.sock.recv(65536)
            except (TimeoutError, ssl.SSLWantReadError):
                if time.monotonic() - waited_since >= self.stall_timeout:
                    raise ModelError(f"The model server at {self.url} sent nothing for {self.stall_timeout:g} "
                                     "seconds, so the request was given up. The server may be overloaded or "
                                     "stuck; check it and try again.") from None
                continue
            except OSError:
                raise _Dropped() from None
            if not data:
                self.eof = True
                return False
            self.buffer += data
            return True

    def take(self, n: int) -> bytes:
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def read_line(self, limit: int = MAX_HEADER_BYTES) -> bytes:
        while True:
            index = self.buffer.find(b"\n")
            if index >= 0:
                return self.take(index + 1)
            if len(self.buffer) > limit:
                raise _garbage(self.url, bytes(self.buffer[:80]).decode("latin-1"))
            if not self.fill():
                raise _Dropped()

    def read_exact(self, n: int) -> bytes:
        while len(self.buffer) < n:
            if not self.fill():
                raise _Dropped()
        return self.take(n)

    def read_head(self) -> tuple[int, dict[str, str]]:
        while True:
            try:
                status_line = self.read_line().decode("latin-1").strip()
            except _Dropped:
                raise ModelError(f"The model server at {self.url} closed the connection without answering. "
                                 "Check that the address points to an OpenAI-compatible server.") from None
            parts = status_line.split(" ", 2)
            if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
                raise _garbage(self.url, status_line)
            headers: dict[str, str] = {}
            while True:
                line = self.read_line().decode("latin-1").rstrip("\r\n")
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            status = int(parts[1])
            if 100 <= status < 200:    # an interim answer; the real one follows
                continue
            return status, headers


def _body(reader: _Reader, headers: dict[str, str], limit: int | None) -> Iterator[bytes]:
    """The decoded body, piece by piece: chunked, with a length, or up to the end of the connection."""
    total = 0
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            size_line = reader.read_line(1024).split(b";")[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise _garbage(reader.url, size_line.decode("latin-1")) from None
            if size == 0:
                while reader.read_line().strip():   # trailers
                    pass
                return
            while size > 0:       # pass the chunk on as it arrives
                if not reader.buffer and not reader.fill():
                    raise _Dropped()
                piece = reader.take(min(size, len(reader.buffer)))
                size -= len(piece)
                total += len(piece)
                yield piece
            reader.read_exact(2)
            if limit is not None and total > limit:
                return
    elif "content-length" in headers:
        remaining = _int(headers["content-length"])
        if limit is not None:
            remaining = min(remaining, limit)
        while remaining > 0:
            if not reader.buffer and not reader.fill():
                raise _Dropped()
            piece = reader.take(min(remaining, len(reader.buffer)))
            remaining -= len(piece)
            yield piece
    else:
        while True:
            if reader.buffer:
                piece = reader.take(len(reader.buffer))
                total += len(piece)
                yield piece
                if limit is not None and total > limit:
                    return
            if not reader.fill():
                return


def _parse_url(url: str) -> tuple[str, str, int, str]:
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ModelError(f"“{url}” is not a valid server address; write it like http://127.0.0.1:8080.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelError(f"“{url}” is not a valid server address; write it like http://127.0.0.1:8080.")
    prefix = parts.path.rstrip("/")
    if prefix.endswith("/v1"):
        prefix = prefix[:-3]
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), prefix


def _host_header(host: str, port: int, scheme: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if port == (443 if scheme == "https" else 80) else f"{shown}:{port}"


def _ctx_from_model_entry(entry: dict) -> int:
    for key in ("max_model_len", "context_length", "max_context_length", "n_ctx"):   # vLLM, LM Studio, …
        if _int(entry.get(key)):
            return _int(entry.get(key))
    return 0


def _int(value) -> int:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else 0
    except (TypeError, ValueError):
        return 0


def _loads(data: bytes, url: str):
    try:
        return json.loads(data)
    except ValueError:
        raise _garbage(url, data[:80].decode("utf-8", "replace")) from None


def _garbage(url: str, sample: str) -> ModelError:
    sample = " ".join(sample.split())[:80]
    return ModelError(f"The model server at {url} sent an answer that is not an OpenAI-compatible stream "
                      f"(it began “{sample}”). Check that the address points to an OpenAI-compatible server.")


def _error_text(error) -> str:
    if isinstance(error, dict):
        error = error.get("message") or error.get("detail") or error.get("error") or json.dumps(error)
    if isinstance(error, list):   # FastAPI validation details
        error = "; ".join(str(e.get("msg", e)) if isinstance(e, dict) else str(e) for e in error)
    text = str(error).strip()
    # llama-cpp-python appends a traceback to its messages; keep the first meaningful lines
    text = text.split("\n\n")[0].split("  File ")[0]
    text = " ".join(text.split())
    return (text[:197] + "…") if len(text) > 200 else text.rstrip(".")


def _error_message(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        text = body.decode("utf-8", "replace")
        return _error_text(text) or "no details"
    if isinstance(data, dict):
        return _error_text(data.get("error") or data.get("detail") or data.get("message") or data)
    return _error_text(data)


def _reason(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "unknown host"
    if isinstance(error, TimeoutError):
        return "timed out"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
