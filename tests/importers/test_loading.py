"""Format choice, encodings and every user-caused failure give a clear ArticleError."""
import codecs
import os

import pytest

from reader.errors import ArticleError
from reader.importers import MAX_BYTES, load_article, sniff_format
from reader.importers.decoding import decode

TEXT = "Title Line\n\n“Curly” quotes, café and a\u00a0non-breaking space.\n"
PAGE = ("<html><head><title>Page Title</title></head><body><article><h1>Page Title</h1>"
        + "".join(f"<p>Paragraph number {i} of a story about the harbour and its cranes, "
                  "long enough to count as article text for the extractor.</p>" for i in range(8))
        + "</article></body></html>")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings(write, encoding):
    a = load_article(write("a.txt", TEXT, encoding))
    assert "“Curly” quotes, café and a\u00a0non-breaking space." in a.text


def test_cp1252_undeclared(write):
    a = load_article(write("a.txt", "Title\n\n\u201cSmart\u201d quotes \u2014 and caf\u00e9.\n", "cp1252"))
    assert "\u201cSmart\u201d quotes \u2014 and caf\u00e9." in a.text


def test_latin1_declared_in_html(write):
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace("harbour", "harbour caf\u00e9")
    a = load_article(write("p.html", page, "latin-1"))
    assert "caf\u00e9" in a.text


def test_truncated_utf8_keeps_the_text(write):
    data = ("Title\n\nA story with caf\u00e9 and more words. " * 3).encode() + "é".encode()[:1]
    a = load_article(write("t.txt", data))
    assert "caf\u00e9" in a.text


def test_crlf_is_normalised():
    assert decode(b"a\r\nb\rc") == "a\nb\nc"


def test_format_sniffing(tmp_path):
    assert sniff_format(tmp_path / "x.txt", b"  <!DOCTYPE html><html>") == "html"
    assert sniff_format(tmp_path / "x", b"From: <Saved by Blink>\nMIME-Version: 1.0\nContent-Type: multipart/related;") == "mhtml"
    assert sniff_format(tmp_path / "x.md", b"# Title") == "markdown"
    assert sniff_format(tmp_path / "x.dat", b"Plain words") == "text"
    assert sniff_format(tmp_path / "x.txt", codecs.BOM_UTF16_LE + "<html>".encode("utf-16-le")) == "html"


def test_html_by_content_despite_extension(write):
    a = load_article(write("saved.txt", PAGE))
    assert a.format == "html" and a.title == "Page Title"


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="does not exist"):
        load_article(tmp_path / "nope.txt")


def test_empty_file(write):
    with pytest.raises(ArticleError, match="empty"):
        load_article(write("e.txt", b"  \n\n "))


def test_binary_file(write):
    with pytest.raises(ArticleError, match="binary"):
        load_article(write("b.txt", bytes(range(256)) * 40))


def test_directory(tmp_path):
    (tmp_path / "a.html").write_text(PAGE)
    (tmp_path / "b.html").write_text(PAGE)
    with pytest.raises(ArticleError, match="folder"):
        load_article(tmp_path)


def test_web_page_complete_folder(tmp_path):
    (tmp_path / "story.html").write_text(PAGE)
    (tmp_path / "story_files").mkdir()
    assert load_article(tmp_path).title == "Page Title"


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ArticleError, match="MB"):
        load_article(path)


def test_permission_denied(write, monkeypatch):
    path = write("secret.txt", TEXT)
    if os.geteuid() == 0:  # root reads any file: make the open fail as it would for a user

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr("builtins.open", refuse)
    else:
        path.chmod(0)
    with pytest.raises(ArticleError, match="permission"):
        load_article(path)


def test_broken_html_raises_article_error_or_reads(write):
    for page in ["<html><body><p>Unclosed <b>tags <div>", "<html", "<<<>>>", PAGE[: len(PAGE) // 2]]:
        try:
            load_article(write("broken.html", page))
        except ArticleError as error:
            assert str(error)
