"""Resumable, verified model downloads (standard library only).

A download of ``dest`` is always in one of three states on disk:

* **absent**: neither ``dest`` nor ``<dest>.part`` exists;
* **partial (resumable)**: ``<dest>.part`` holds a prefix of the file and the sidecar
  ``<dest>.part.json`` says where it comes from (url, expected size, expected SHA-256, and the
  server's validator). Neither name ends in ``.gguf``, so model discovery never sees a partial file;
* **verified**: ``dest`` exists, and it had the expected size and SHA-256 before it was renamed into
  place. Only :func:`download` moves a file into this state, with one atomic ``os.replace``.

:func:`download` resumes a partial download of the same url with ``Range: bytes=N-`` (and
``If-Range`` when the server gave a strong ETag or a Last-Modified date, so a file that changed on
the server is fetched again instead of being spliced). Connection drops, stalls (no data for
``timeout`` seconds), 408, 429 and 5xx answers are retried with a short exponential backoff from
what is already on disk; an attempt that added data does not count against ``retries``. When the
retries are spent the part is kept and :class:`DownloadError` says so (``resumable=True``). Errors
that retrying cannot fix (404, 403, other 4xx, a corrupt or different file) delete the part: a
non-resumable error always leaves the download absent.

The file is hashed while it is written (a resumed part is hashed first), so verification costs no
second pass. One download of a given ``dest`` runs at a time: an in-process registry plus an
exclusive lock on ``<dest>.part.lock`` (``flock`` on POSIX, ``msvcrt.locking`` on Windows).

Cancellation is checked between chunks; a read that is blocked on a silent server is interrupted
by a watcher thread that shuts the connection's socket down when the token is cancelled (a socket
file cannot be read again after a timed-out read, so short read timeouts cannot be used for
this). Connecting and the TLS handshake are bounded by ``timeout`` but not interruptible.
"""
from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..cancel import CancelToken
from ..errors import Cancelled, ModelError
from ..storage import atomic_write_text

USER_AGENT = f"StanceReader/{__version__}"
PROGRESS_INTERVAL = 0.1      # seconds between progress callbacks
RATE_WINDOW = 5.0            # seconds of history behind DownloadProgress.rate
MAX_BACKOFF = 30.0
_RETRY_STATUSES = {408, 429}
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)", re.IGNORECASE)


class DownloadError(ModelError):
    """A download failed; ``str(error)`` is one sentence for the user.

    ``resumable`` is True when the partial download was kept and a later :func:`download` of the
    same url continues it; False when nothing of it is left on disk (or it was never ours).
    """

    def __init__(self, message: str, *, resumable: bool = False):
        super().__init__(message)
        self.resumable = resumable


@dataclass(frozen=True)
class DownloadProgress:
    done: int              # bytes on disk so far (including resumed bytes)
    total: int | None      # expected size if known
    rate: float            # bytes/s over the last few seconds of this session
    eta: float | None      # seconds left, None if unknown

    def describe(self) -> str:
        """E.g. ``412.0 MB of 1.9 GB · 8.4 MB/s · 3 min left``."""
        parts = [format_size(self.done) + (f" of {format_size(self.total)}" if self.total is not None else "")]
        if self.rate > 0:
            parts.append(f"{format_size(self.rate)}/s")
        if self.eta is not None:
            parts.append(f"{format_duration(self.eta)} left")
        return " · ".join(parts)


def format_size(n: float) -> str:
    """Decimal units, one decimal from kB up: ``512 B``, ``412.0 MB``, ``1.9 GB``."""
    if n < 1000:
        return f"{int(n)} B"
    for unit in ("kB", "MB", "GB", "TB"):
        n /= 1000
        if n < 999.95 or unit == "TB":
            return f"{n:.1f} {unit}"
    raise AssertionError("unreachable")


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def part_path(dest: Path) -> Path:
    dest = Path(dest)
    return dest.with_name(dest.name + ".part")


def _sidecar_path(dest: Path) -> Path:
    return part_path(dest).with_name(part_path(dest).name + ".json")


def _lock_path(dest: Path) -> Path:
    return part_path(dest).with_name(part_path(dest).name + ".lock")


def _read_sidecar(dest: Path) -> dict | None:
    try:
        data = json.loads(_sidecar_path(dest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None
    size, sha = data.get("size"), data.get("sha256")
    data["size"] = size if isinstance(size, int) and not isinstance(size, bool) else None
    data["sha256"] = sha.lower() if isinstance(sha, str) and _SHA256.fullmatch(sha) else None
    data["validator"] = data.get("validator") if isinstance(data.get("validator"), str) else None
    return data


def partial_state(dest: Path) -> dict | None:
    """``{"bytes", "url", "size", "sha256"}`` of a resumable partial download of ``dest``, or None
    when there is none (no ``.part``, or no readable sidecar saying where it comes from)."""
    dest = Path(dest)
    try:
        size = part_path(dest).stat().st_size
    except OSError:
        return None
    meta = _read_sidecar(dest)
    if meta is None:
        return None
    return {"bytes": size, "url": meta["url"], "size": meta["size"], "sha256": meta["sha256"]}


# --- one download at a time per destination ---------------------------------------------------------

_active: set[str] = set()
_active_guard = threading.Lock()


def _busy(dest: Path) -> DownloadError:
    return DownloadError(f"“{dest.name}” is already being downloaded.")


def _lock_file(path: Path, dest: Path) -> int | None:
    """Open and lock ``path``; return its descriptor (None where the file system has no locks)."""
    for _ in range(20):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        try:
            if os.name == "nt":
                import msvcrt
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if os.name == "nt" or isinstance(error, BlockingIOError | PermissionError):
                raise _busy(dest) from None  # msvcrt reports a held lock as EACCES or EDEADLOCK
            return None  # no locking on this file system (some network mounts): the registry still holds
        # the previous holder removes the file as it finishes: make sure we locked the file that is there
        try:
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except OSError:
            pass
        os.close(fd)
    raise _busy(dest)


def _unlock_file(fd: int | None, path: Path) -> None:
    if fd is None:
        return
    if os.name == "nt":
        import msvcrt
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)  # fails while another process has it open, which is harmless
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)  # while still locked, so nobody can lock the old file after us unnoticed
        os.close(fd)


@contextlib.contextmanager
def _exclusive(dest: Path) -> Iterator[None]:
    key = os.path.normcase(os.path.abspath(dest))
    with _active_guard:
        if key in _active:
            raise _busy(dest)
        _active.add(key)
    try:
        lock = _lock_path(dest)
        try:
            fd = _lock_file(lock, dest)
        except OSError as error:
            raise DownloadError(f"Cannot write to “{dest.parent}”: {error.strerror or error}.") from None
        try:
            yield
        finally:
            _unlock_file(fd, lock)
    finally:
        with _active_guard:
            _active.discard(key)


# --- HTTP plumbing ----------------------------------------------------------------------------------

class _Watcher:
    """Shuts down the current connection's socket as soon as the token is cancelled, so that a read
    blocked on a silent server returns at once."""

    def __init__(self, cancel: CancelToken | None):
        self._cancel = cancel
        self._sockets: list[socket.socket] = []
        self._guard = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        if cancel is not None:
            self._thread = threading.Thread(target=self._run, name="download-cancel-watcher", daemon=True)
            self._thread.start()

    def add(self, sock: socket.socket) -> None:
        with self._guard:
            self._sockets.append(sock)
        if self._cancel is not None and self._cancel.cancelled:
            self._shutdown_all()

    def forget(self) -> None:
        """Called before the connection is closed, so a closed socket is never shut down."""
        with self._guard:
            self._sockets.clear()

    def _shutdown_all(self) -> None:
        with self._guard:
            for sock in self._sockets:
                with contextlib.suppress(OSError, ValueError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            if self._cancel.cancelled:
                self._shutdown_all()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def _tracked(base: type[http.client.HTTPConnection], watcher: _Watcher) -> Callable:
    class Connection(base):
        def connect(self) -> None:
            super().connect()
            watcher.add(self.sock)
    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watcher: _Watcher):
        super().__init__()
        self._connection = _tracked(http.client.HTTPConnection, watcher)

    def http_open(self, req):
        return self.do_open(self._connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watcher: _Watcher):
        super().__init__()
        self._connection = _tracked(http.client.HTTPSConnection, watcher)
        self._ssl = ssl.create_default_context()

    def https_open(self, req):
        return self.do_open(self._connection, req, context=self._ssl)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https addresses only."""

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urljoin(req.full_url, location)
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                fp.close()
                raise DownloadError(f"The server redirected the download to “{target}”, which is not an "
                                    "http or https address, so it was not followed.")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(watcher: _Watcher) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), _HTTPHandler(watcher),
                    _HTTPSHandler(watcher), _RedirectHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


class _Transient(Exception):
    """A failure worth retrying (5xx, a short read, a range the server got wrong)."""


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, TimeoutError):
        return "the server stopped sending data"
    if isinstance(error, socket.gaierror):
        return "the server’s name could not be resolved"
    if isinstance(error, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(error, ConnectionError | http.client.IncompleteRead | http.client.RemoteDisconnected):
        return "the connection was lost"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"the server’s certificate could not be verified ({error.verify_message})"
    if isinstance(error, _Transient):
        return str(error)
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text[0].lower() + text[1:] if text else "an unknown error"


def _http_status(code: int, reason: str) -> str:
    return f"{code} {reason}".strip()


# --- the download -----------------------------------------------------------------------------------

class _Download:
    def __init__(self, url: str, dest: Path, sha256: str | None, size: int | None,
                 progress: Callable[[DownloadProgress], None] | None, cancel: CancelToken | None,
                 timeout: float, chunk: int):
        self.url, self.dest, self.sha256, self.size = url, dest, sha256, size
        self.progress, self.cancel, self.timeout, self.chunk = progress, cancel, timeout, chunk
        self.part, self.sidecar = part_path(dest), _sidecar_path(dest)
        self.file = None
        self.hasher = None
        self.done = 0
        self.total = size
        self.validator: str | None = None
        self.samples: deque[tuple[float, int]] = deque()
        self.last_sample = 0.0

    # -- the part file

    def open_part(self) -> None:
        meta = _read_sidecar(self.dest)
        same = (meta is not None and meta["url"] == self.url and self.part.is_file()
                and not (meta["sha256"] and self.sha256 and meta["sha256"] != self.sha256)
                and not (meta["size"] is not None and self.size is not None and meta["size"] != self.size))
        self.validator = meta["validator"] if same else None
        if not same:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.part)
        self.write_sidecar()
        fd = os.open(self.part, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        self.file = os.fdopen(fd, "r+b")
        self.hasher = hashlib.sha256() if self.sha256 else None
        if self.hasher is not None:
            for block in iter(lambda: self.file.read(1 << 20), b""):
                self.check_cancel()
                self.hasher.update(block)
        self.done = self.file.seek(0, os.SEEK_END)
        if self.size is not None and self.done > self.size:
            self.restart()
        self.mark()
        self.report(force=True)

    def write_sidecar(self) -> None:
        atomic_write_text(self.sidecar, json.dumps({"url": self.url, "size": self.size, "sha256": self.sha256,
                                                    "validator": self.validator}, indent=1))

    def restart(self) -> None:
        """Throw away what is on disk and start again from the first byte."""
        self.file.seek(0)
        self.file.truncate()
        self.done = 0
        self.hasher = hashlib.sha256() if self.sha256 else None
        self.mark()

    def discard(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        for path in (self.part, self.sidecar):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def close(self) -> None:
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.close()
            self.file = None

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as error:
            raise DownloadError(f"Cannot write “{self.part.name}”: {error.strerror or error}; the partial "
                                "download is kept and will resume.", resumable=True) from None
        if self.hasher is not None:
            self.hasher.update(data)
        self.done += len(data)
        if self.size is not None and self.done > self.size:
            self.different(f"it is larger than the expected {self.size:,} bytes")

    def different(self, why: str):
        self.discard()
        raise DownloadError(f"The downloaded file “{self.dest.name}” is corrupt or not the expected file ({why}), "
                            "so nothing was installed.")

    # -- progress and cancel

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled()

    def mark(self) -> None:
        self.samples.clear()
        self.samples.append((time.monotonic(), self.done))

    def report(self, force: bool = False) -> None:
        """Record a rate sample and call ``progress``, at most every PROGRESS_INTERVAL unless forced."""
        now = time.monotonic()
        if not force and now - self.last_sample < PROGRESS_INTERVAL:
            return
        self.last_sample = now
        self.samples.append((now, self.done))
        while len(self.samples) > 2 and now - self.samples[1][0] >= RATE_WINDOW:
            self.samples.popleft()
        if self.progress is None:
            return
        then, before = self.samples[0]
        rate = (self.done - before) / (now - then) if now - then > 0.05 else 0.0
        rate = max(rate, 0.0)
        eta = None
        if self.total is not None and rate > 0:
            eta = max(self.total - self.done, 0) / rate
        elif self.total is not None and self.done >= self.total:
            eta = 0.0
        self.progress(DownloadProgress(self.done, self.total, rate, eta))

    # -- one HTTP request

    def attempt(self, opener: urllib.request.OpenerDirector, watcher: _Watcher) -> None:
        """One request; returns when the part holds the whole file as far as the server knows."""
        start = self.done
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if start > 0:
            headers["Range"] = f"bytes={start}-"
            if self.validator:
                headers["If-Range"] = self.validator
        request = urllib.request.Request(self.url, headers=headers)
        try:
            response = opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            with contextlib.suppress(Exception):
                error.close()
            self.refused(error.code, error.reason or "", error.headers, start)
            return
        try:
            self.receive(response, start)
        finally:
            watcher.forget()
            with contextlib.suppress(Exception):
                response.close()

    def refused(self, code: int, reason: str, headers, start: int) -> None:
        status = _http_status(code, reason)
        if code == 416 and start > 0:
            total = self.announced_total(headers.get("Content-Range") if headers else None)
            total = total if total is not None else self.size
            if total is None or total == start:
                return  # the part is complete: verification decides
            self.restart()
            raise _Transient(f"the server answered {status} for a partial file of {start:,} bytes")
        if code >= 500 or code in _RETRY_STATUSES:
            raise _Transient(f"the server answered {status}")
        self.discard()
        raise DownloadError(f"The download of “{self.dest.name}” failed: the server answered {status}.")

    @staticmethod
    def announced_total(content_range: str | None) -> int | None:
        match = _CONTENT_RANGE.fullmatch((content_range or "").strip())
        return int(match.group(3)) if match and match.group(3) != "*" else None

    def receive(self, response, start: int) -> None:
        headers = response.headers
        if response.status == 206:
            match = _CONTENT_RANGE.fullmatch((headers.get("Content-Range") or "").strip())
            if not match or match.group(1) is None or int(match.group(1)) != start:
                self.restart()
                raise _Transient("the server sent the wrong part of the file")
            end = int(match.group(3)) if match.group(3) != "*" else None
        elif response.status == 200:
            if start > 0:
                self.restart()  # the server ignored the range (or the file changed): start over
            length = headers.get("Content-Length")
            end = int(length) if length and length.strip().isdigit() else None
        else:
            self.discard()
            raise DownloadError(f"The download of “{self.dest.name}” failed: the server answered "
                                f"{_http_status(response.status, response.reason)}.")
        if end is not None and self.size is not None and end != self.size:
            self.different(f"the server offers {end:,} bytes instead of {self.size:,}")
        if end is not None:
            self.total = end
        validator = headers.get("ETag")
        if not validator or validator.startswith("W/"):
            validator = headers.get("Last-Modified")
        if validator != self.validator:
            self.validator = validator
            self.write_sidecar()
        while True:
            self.check_cancel()
            want = self.chunk if end is None else min(self.chunk, end - self.done)
            if want <= 0:
                break
            data = response.read1(want)
            if not data:
                break
            self.write(data)
            self.report()
        self.check_cancel()
        if end is not None and self.done < end:
            raise _Transient("the connection was closed early")

    # -- the end

    def install(self) -> Path:
        self.file.flush()
        os.fsync(self.file.fileno())
        on_disk = os.fstat(self.file.fileno()).st_size
        if self.size is not None and on_disk != self.size:
            self.different(f"it has {on_disk:,} bytes instead of {self.size:,}")
        if self.hasher is not None and self.hasher.hexdigest() != self.sha256:
            self.different("its SHA-256 checksum does not match")
        self.file.close()
        self.file = None
        os.replace(self.part, self.dest)
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.dest.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.sidecar)
        return self.dest


def _matches(path: Path, sha256: str | None, size: int | None) -> bool:
    try:
        if size is not None and path.stat().st_size != size:
            return False
        if sha256 is None:
            return True
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == sha256


def _sleep(seconds: float, cancel: CancelToken | None) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        time.sleep(min(left, 0.1))


def download(url: str, dest: Path, *, sha256: str | None = None, size: int | None = None,
             progress: Callable[[DownloadProgress], None] | None = None, cancel: CancelToken | None = None,
             timeout: float = 30.0, retries: int = 3, chunk: int = 1 << 20, backoff: float = 1.0) -> Path:
    """Download ``url`` to ``dest``, resuming a partial download of the same url, and return ``dest``.

    ``dest`` appears only once complete and verified (``size`` and ``sha256`` when given). Raises
    :class:`DownloadError` (see its ``resumable``), or :class:`Cancelled` with the part kept.
    ``timeout`` bounds connecting and each wait for data; failed attempts are retried ``retries``
    times, waiting ``backoff``, then twice as long each time (at most 30 s).
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise DownloadError(f"Only http and https addresses can be downloaded, not “{url}”.")
    if sha256 is not None and not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    sha256 = sha256.lower() if sha256 else None
    dest = Path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DownloadError(f"Cannot create the folder “{dest.parent}”: {error.strerror or error}.") from None
    if cancel is not None:
        cancel.check()
    with _exclusive(dest):
        if dest.is_file() and _matches(dest, sha256, size):
            return dest
        job = _Download(url, dest, sha256, size, progress, cancel, timeout, chunk)
        watcher = _Watcher(cancel)
        try:
            job.open_part()
            if not (job.size is not None and job.done == job.size):
                _fetch(job, _opener(watcher), watcher, retries, backoff)
            job.report(force=True)
            return job.install()
        except DownloadError as error:
            if not error.resumable:
                job.discard()  # a non-resumable error leaves nothing behind
            raise
        except OSError as error:
            raise DownloadError(f"Cannot write “{job.part.name}”: {error.strerror or error}; the partial download "
                                "is kept and will resume.", resumable=True) from None
        finally:
            watcher.close()
            job.close()


def _fetch(job: _Download, opener, watcher: _Watcher, retries: int, backoff: float) -> None:
    failures = 0
    while True:
        job.check_cancel()
        before = job.done
        try:
            job.attempt(opener, watcher)
            return
        except (OSError, http.client.HTTPException, _Transient) as error:
            job.check_cancel()  # a cancel that shut the socket down is not a network failure
            reason = _reason(error)
        if job.done > before:
            failures = 0  # progress: only consecutive fruitless attempts count
        failures += 1
        if failures > retries:
            kept = f" ({format_size(job.done)})" if job.done else ""
            raise DownloadError(f"The download of “{job.dest.name}” was interrupted: {reason}; the partial "
                                f"download{kept} is kept and will resume next time.", resumable=True)
        _sleep(min(backoff * 2 ** (failures - 1), MAX_BACKOFF), job.cancel)
