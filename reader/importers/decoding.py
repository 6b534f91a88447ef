"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, cp1252/latin-1, and binary detection."""
from __future__ import annotations

import codecs
import re

from ..errors import ArticleError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    # cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; latin-1 maps them to C1 controls
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("latin1-fallback", _latin1_fallback)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def sniff_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by where the zero bytes fall in the first kilobytes."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares, when Python knows it."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None, what: str = "file") -> str:
    """Decode ``data`` to text, or raise :class:`ArticleError` for binary content.

    Order: a BOM wins; then BOM-less UTF-16; then strict UTF-8; then a declared charset; then
    cp1252, whose five undefined bytes fall back to latin-1.
    """
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    if text is None:
        utf16 = sniff_utf16(data)
        if utf16:
            text = data.decode(utf16, errors="replace")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            # a file cut off inside its last character is still UTF-8
            text = data.decode("utf-8", errors="replace") if error.start >= len(data) - 3 else None
    if text is None and declared and declared not in ("utf-8", "utf_8"):
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        text = data.decode("cp1252", errors="latin1-fallback")
    if looks_binary(text):
        raise ArticleError(f"This {what} looks like binary data, not text, so it cannot be opened as an article.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > 0.05 * len(sample)
