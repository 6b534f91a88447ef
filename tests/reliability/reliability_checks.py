"""Helpers shared by the reliability tests: a network guard, memory peaks, structural checks."""
from __future__ import annotations

import ipaddress
import json
import socket
import sys
import threading
from pathlib import Path

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def is_loopback(host) -> bool:
    if host is None:
        return True     # getaddrinfo(None, port): the local host
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in _LOOPBACK_NAMES or host == "":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    """Refuses and records connections and name lookups for anything but loopback."""

    _active: NetworkGuard | None = None
    _hook_installed = False

    def __init__(self) -> None:
        self.attempts: list[str] = []

    # the audit hook sees every socket connect and lookup made through Python, however reached
    @staticmethod
    def _audit(event: str, args) -> None:
        guard = NetworkGuard._active
        if guard is None:
            return
        if event == "socket.connect":
            sock, address = args[0], args[1]
            if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
                guard._refuse(f"connect {address!r}")
        elif event == "socket.getaddrinfo" and not is_loopback(args[0]):
            guard._refuse(f"getaddrinfo {args[0]!r}")
        elif event == "socket.gethostbyname" and not is_loopback(args[0]):
            guard._refuse(f"gethostbyname {args[0]!r}")

    def _refuse(self, what: str) -> None:
        self.attempts.append(what)
        raise OSError(f"network access is blocked in this test ({what})")

    def install(self, monkeypatch) -> None:
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
        real_create, real_getaddrinfo = socket.create_connection, socket.getaddrinfo

        def connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
                self._refuse(f"connect {address!r}")
            return real_connect(sock, address)

        def connect_ex(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
                self._refuse(f"connect_ex {address!r}")
            return real_connect_ex(sock, address)

        def create_connection(address, *args, **kwargs):
            if not is_loopback(address[0]):
                self._refuse(f"create_connection {address!r}")
            return real_create(address, *args, **kwargs)

        def getaddrinfo(host, *args, **kwargs):
            if not is_loopback(host):
                self._refuse(f"getaddrinfo {host!r}")
            return real_getaddrinfo(host, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        if not NetworkGuard._hook_installed:
            sys.addaudithook(NetworkGuard._audit)   # hooks cannot be removed; it idles when no guard is active
            NetworkGuard._hook_installed = True
        NetworkGuard._active = self

    def uninstall(self) -> None:
        NetworkGuard._active = None


# -- memory -------------------------------------------------------------------------------------
def reset_peak_rss() -> bool:
    """Reset the process's peak RSS (VmHWM); False where Linux does not allow it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _status_kib(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_mb() -> float:
    return _status_kib("VmHWM") / 1024


def rss_mb() -> float:
    return _status_kib("VmRSS") / 1024


def open_fds() -> int:
    try:
        return len(list(Path("/proc/self/fd").iterdir()))
    except OSError:
        return -1


# -- structure ----------------------------------------------------------------------------------
def check_article(article) -> None:
    """Every span indexes the text, in order, without overlap, and holds non-blank text."""
    text = article.text
    spans = ([article.title_span] if article.title_span else [])
    for section in article.sections:
        assert section.paragraphs or section.heading
        if section.heading:
            spans.append(section.heading)
        spans.extend(section.paragraphs)
    for start, end in spans:
        assert 0 <= start < end <= len(text), (start, end, len(text))
        assert text[start:end].strip(), (start, end)
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2
    if article.title_span:
        assert " ".join(article.span_text(article.title_span).split()) == article.title
    json.dumps(article.to_dict())   # the contract is serialisable


def check_analysis(analysis) -> None:
    """Sentences, mentions and quotes index the text; quotes don't overlap; speakers exist; the
    contract and the Markdown export are produced."""
    from reader.export.markdown import render_markdown

    text = analysis.article.text
    for start, end in analysis.sentences:
        assert 0 <= start < end <= len(text)
    ids = set()
    for entity in analysis.entities:
        ids.add(entity.id)
        assert entity.mentions
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(text)
    quotes = sorted(q.span for q in analysis.quotes)
    for start, end in quotes:
        assert 0 <= start < end <= len(text)
    for (_, e1), (s2, _) in zip(quotes, quotes[1:], strict=False):
        assert e1 <= s2
    assert all(q.speaker is None or q.speaker in ids for q in analysis.quotes)
    data = json.loads(json.dumps(analysis.to_dict()))
    assert data["text"] == text
    markdown = render_markdown(analysis)
    assert markdown.startswith("---\n")


# -- a misbehaving OpenAI-compatible server ------------------------------------------------------
class RawServer:
    """A loopback TCP server whose handler gets each connection and the request it read."""

    def __init__(self, handler):
        self.handler = handler
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.release = threading.Event()
        self.requests: list[str] = []
        self.threads: list[threading.Thread] = []
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _serve(self, conn):
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                piece = conn.recv(65536)
                if not piece:
                    return
                data += piece
            head, _, body = data.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            while len(body) < length:
                body += conn.recv(65536)
            path = head.split(b" ")[1].decode()
            self.requests.append(path)
            try:
                self.handler(self, conn, path, json.loads(body) if body else None)
            except OSError:
                pass

    def close(self):
        self.release.set()
        self.sock.close()
        for thread in self.threads:
            thread.join(5)


def send_json(conn, obj, status=200):
    body = json.dumps(obj).encode()
    conn.sendall(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                 % (status, len(body)) + body)


def sse_head(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")


def delta(text, finish=None):
    return b"data: " + json.dumps({"choices": [{"delta": {"content": text}, "finish_reason": finish}]}).encode() + b"\n\n"


def serve_models(server, conn, path, body) -> bool:
    """Answer the model list (and 404 to /props and tokenizers); False for anything else."""
    if path.endswith("/v1/models"):
        send_json(conn, {"data": [{"id": "fake", "max_model_len": 2048}]})
        return True
    if path.endswith("/props") or "tokenize" in path:
        send_json(conn, {"detail": "Not Found"}, 404)
        return True
    return False


# -- many distinct articles, in every format --------------------------------------------------------
_FIRST = ["Ann", "Bob", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luis"]
_LAST = ["Lee", "Stone", "Okafor", "Petrov", "Rossi", "Haddad", "Kim", "Tanaka", "Silva", "Berg", "Adeyemi", "Ortiz"]
_PLACES = ["Lisbon", "Oslo", "Nairobi", "Toronto", "Osaka", "Lyon", "Austin", "Porto"]
_TOPICS = ["ferry", "bridge", "library", "harbour", "tram line", "school", "clinic", "market"]


def article_source(i: int) -> tuple[str, str]:
    """(file name, content) of a distinct ~4 KB article: text, Markdown, HTML or MHTML by ``i``."""
    import random
    rng = random.Random(i)
    people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(3)]
    place, topic = rng.choice(_PLACES), rng.choice(_TOPICS)
    title = f"{place} council votes on the {topic} plan ({i})"
    paras = []
    for n in range(rng.randint(6, 10)):
        who = rng.choice(people)
        paras.append(f"“The {topic} will {rng.choice(['open', 'close', 'wait'])} in {rng.choice(['May', 'June'])},” "
                     f"{who} said on {rng.choice(['Monday', 'Tuesday'])}. {who.split()[1]} added that {n + 2} "
                     f"residents of {place} had written to the council about the {topic}, and that the vote "
                     f"would come after a public meeting in the old hall near the river.")
    heading = f"What {people[1]} wants"
    kind = ("txt", "md", "html", "mhtml")[i % 4]
    if kind == "txt":
        body = f"{title}\n\nBy {people[2]}\n\n" + "\n\n".join(paras[:3]) + f"\n\n{heading}\n\n" + "\n\n".join(paras[3:])
    elif kind == "md":
        body = (f"---\ntitle: {title}\nauthor: {people[2]}\ndate: 2024-05-0{1 + i % 9}\n---\n\n# {title}\n\n"
                + "\n\n".join(paras[:3]) + f"\n\n## {heading}\n\n" + "\n\n".join(paras[3:]) + "\n")
    else:
        html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
                f"<meta name='author' content='{people[2]}'></head><body><nav><a href='/'>Home</a></nav><article>"
                f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paras[:3]) + f"<h2>{heading}</h2>"
                + "".join(f"<p>{p}</p>" for p in paras[3:]) + "</article><footer>© News</footer></body></html>")
        body = html
        if kind == "mhtml":
            body = ("From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/a\r\n"
                    "MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\r\n\r\n"
                    "--B\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n"
                    f"Content-Location: https://news.example/a\r\n\r\n{html}\r\n--B--\r\n")
    return f"article-{i:03d}.{kind}", body


def write_articles(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        name, content = article_source(i)
        path = Path(folder) / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


class FastBackend:
    """The backend contract, answering at once: a summary built from the prompt, a valid stance."""

    def __init__(self) -> None:
        from reader.llm.backend import ModelInfo
        self.info = ModelInfo(file="fast.gguf", sha256="0" * 64, name="fast", context_length=4096, n_ctx=4096)

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def chat(self, messages, *, max_tokens=256, temperature=0.0, schema=None, cancel=None):
        from reader.llm.backend import Chunk, Usage
        prompt = messages[-1]["content"]
        if schema is not None:
            props = schema["properties"]
            text = json.dumps({"label": "supports", "target": props["target"]["enum"][0],
                               "evidence": props["evidence"]["items"]["enum"][:1], "note": "They said so."})
        else:
            text = " ".join(prompt.split()[-40:-8]) + "."
        for i in range(0, len(text), 12):
            if cancel is not None:
                cancel.check()
            yield Chunk(text[i:i + 12])
        yield Chunk("", done=True, usage=Usage(prompt_tokens=len(prompt) // 4 + 1, completion_tokens=len(text) // 4))

    def close(self) -> None:
        pass
