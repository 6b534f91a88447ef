"""A corpus of bad inputs, opened through ``load_article`` (the loader the app's worker process and
the CLI both use), then analysed: each gives a clear ArticleError or a correct article, in bounded
memory, and nothing tries to reach the network (the ``no_network`` fixture). How long each takes is
printed here and measured by tests/benchmarks/bench_big_inputs.py."""
from __future__ import annotations

import gzip
import os
import random
import re
import time
from pathlib import Path

import pytest
from reliability_checks import check_analysis, check_article, peak_rss_mb, reset_peak_rss, rss_mb

from reader.errors import ArticleError, ReaderError
from reader.importers import MAX_TEXT_CHARS, load_article
from reader.nlp.pipeline import analyze_article

LONG = bool(os.environ.get("RELIABILITY_LONG"))

PARAS = [f"The harbour council met on Monday {n} and said the cranes would stay, according to officials "
         f"who spoke to reporters after meeting number {n}." for n in range(12)]
SPOKEN = "“The cranes stay,” said Ann Lee, the council's chair. Critics disagreed."
EVIL = "http://evil.example"


def page(body: str, head: str = "", title: str = "Harbour News") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            f"<article><h1>{title}</h1><p>{SPOKEN}</p>{paras}{body}</article></body></html>")


def mhtml(html_bytes: bytes, charset: str = "utf-8", encoding: str = "binary", extra: bytes = b"") -> bytes:
    return (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/a\r\nSubject: x\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"BB\"\r\n\r\n"
            b"--BB\r\nContent-Type: text/html; charset=\"" + charset.encode() + b"\"\r\n"
            b"Content-Transfer-Encoding: " + encoding.encode() + b"\r\nContent-Location: https://news.example/a\r\n\r\n"
            + html_bytes + b"\r\n" + extra +
            b"--BB\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Location: " + EVIL.encode() + b"/i.png\r\n\r\niVBORw0KGgo=\r\n--BB--\r\n")


def hostile_markup() -> str:
    """Everything a page can use to make a renderer fetch or run something."""
    head = (f'<link rel="stylesheet" href="{EVIL}/a.css"><link rel="preload" href="{EVIL}/f.woff">'
            f'<style>@import url({EVIL}/b.css); body {{ background: url("{EVIL}/c.png") }}</style>'
            f'<script src="{EVIL}/x.js"></script><script>fetch("{EVIL}/beacon"); document.write("INJECTED")</script>'
            f'<meta http-equiv="refresh" content="0; url={EVIL}/r"><base href="{EVIL}/">')
    body = (f'<iframe src="{EVIL}/frame">IFRAME TEXT</iframe><img src="{EVIL}/i.png" alt="x">'
            f'<img srcset="{EVIL}/1.png 1x"><object data="{EVIL}/o.swf"></object><embed src="{EVIL}/e">'
            f'<video src="{EVIL}/v.mp4" poster="{EVIL}/p.png"></video><svg><image href="{EVIL}/s.png"/></svg>'
            f'<p style="background:url({EVIL}/d.png)">A styled paragraph about the pier, with a '
            f'<a href="javascript:alert(1)">script link</a>, a <a href="file:///etc/passwd">file link</a> '
            f'and an <a href="{EVIL}/page">ordinary link</a> in its words.</p>'
            f'<form action="{EVIL}/post"><input name=q></form><noscript><img src="{EVIL}/n.png"></noscript>')
    return page(body, head)


XXE = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
       f'<!ENTITY remote SYSTEM "{EVIL}/dtd"><!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
       '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
       '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>'
       '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Harbour News</title></head><body><article>'
       '<h1>Harbour News</h1><p>&xxe; &remote; &lol5;</p>'
       + "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>")


def big_page_with_assets() -> bytes:
    """About 50 MB, as a saved page gets with inline images and bundled scripts, around a short article."""
    image = '<img src="data:image/png;base64,' + "iVBORw0KGgo" * 95_000 + '">'
    script = "<script>var bundle = '" + "x" * (1 << 20) + "';</script>"
    return page(image * 24, head=script * 25).encode()


def big_page_of_text() -> bytes:
    """About 50 MB of article paragraphs: more text than any article."""
    para = "<p>The harbour council met on Monday and said the cranes would stay, according to officials {}.</p>"
    return page("".join(para.format(i) for i in range(50 * 2**20 // len(para)))).encode()


def mhtml_many_parts(count: int = 200_000) -> bytes:
    """A web archive of ~23 MB in 200 000 tiny parts: the MIME parser's worst case (linear, slow)."""
    parts = b"".join(b"--BB\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
                     b"Content-Location: http://x/%d.png\r\n\r\niVBORw0KGgo=\r\n" % i for i in range(count))
    return mhtml(page("").encode(), extra=parts)


def mhtml_big_images() -> bytes:
    """A ~50 MB web archive: the page and 18 images of 2 MB."""
    blob = b"iVBORw0KGgo" * 260_000 + b"\r\n"
    parts = b"".join(b"--BB\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
                     b"Content-Location: http://x/%d.png\r\n\r\n" % i + blob for i in range(18))
    return mhtml(page("").encode(), extra=parts)


def nested(depth: int, closed: bool = True) -> bytes:
    inner = "<p>" + " ".join(PARAS[:3]) + "</p>"
    return ("<html><head><title>Deep</title></head><body>" + "<div>" * depth + inner
            + ("</div>" * depth if closed else "") + "</body></html>").encode()


def rng_bytes(n: int) -> bytes:
    return random.Random(7).randbytes(n)


# name -> (bytes, expectation): "ok" (a correct article), an error pattern, or "either" (a clear
# ArticleError, or an article)
CASES: dict[str, tuple] = {
    "empty.txt": (lambda: b"", r"is empty"),
    "blank.md": (lambda: b" \n\t\r\n  \n", r"is empty"),
    "binary.html": (lambda: rng_bytes(200_000), r"binary data"),
    "nul-bytes.txt": (lambda: ("Title\n\n" + PARAS[0]).encode() + b"\x00" * 300, r"binary data"),
    "gzipped.html": (lambda: gzip.compress(page("").encode() * 20), r"binary data"),
    "png-named.md": (lambda: b"\x89PNG\r\n\x1a\n" + rng_bytes(50_000), r"binary data"),
    "truncated-utf8.txt": (lambda: ("Harbour\n\n" + SPOKEN + " Café closes.").encode()[:-2], "ok"),
    "utf16le-nobom.txt": (lambda: ("Harbour\n\n" + SPOKEN + "\n\n" + PARAS[0]).encode("utf-16-le"), "ok"),
    "utf16be-nobom.txt": (lambda: ("Harbour\n\n" + SPOKEN + "\n\n" + PARAS[0]).encode("utf-16-be"), "ok"),
    "utf16le-nobom.html": (lambda: page("").encode("utf-16-le"), "ok"),
    "odd-length-utf16.txt": (lambda: ("Harbour\n\n" + SPOKEN).encode("utf-16-le") + b"\x41", "ok"),
    "lying-meta-charset.html": (lambda: page("").replace("charset='utf-8'", "charset='utf-16'").encode(), "ok"),
    "unknown-charset.html": (lambda: page("").replace("utf-8", "x-no-such-charset").encode("cp1252"), "ok"),
    "hostile.html": (lambda: hostile_markup().encode(), "ok"),
    "xxe-billion-laughs.xhtml": (lambda: XXE.encode(), "either"),
    "nested-100k.html": (lambda: nested(100_000), "either"),
    "nested-unclosed-100k.html": (lambda: nested(100_000, closed=False), "either"),
    "tags-only.html": (lambda: ("<div>" * 5000 + "<br>" * 5000).encode(), r"No article text|holds no HTML"),
    "big-50mb-assets.html": (big_page_with_assets, "ok"),
    "markdown-with-html.md": (lambda: (
        "---\ntitle: Harbour News\nauthor: Ann Lee\n---\n\n"
        f"<script>fetch('{EVIL}')</script>\n\n<style>p {{ background: url({EVIL}/x.png) }}</style>\n\n"
        f"{SPOKEN} <img src={EVIL}/i.png> <iframe src={EVIL}/f></iframe> <!-- hidden comment -->\n\n"
        f"[a link](javascript:alert(1)) and ![an image]({EVIL}/i.png) and <a href='file:///etc/passwd'>file</a>\n\n"
        f"<div>\nBlock <b>html</b> <script>alert(2)</script> text\n</div>\n\n" + "\n\n".join(PARAS)).encode(), "ok"),
    "quote-soup-straight.txt": (lambda: ("Harbour\n\n" + " ".join(f'"word{i}' for i in range(10_000))).encode(), "ok"),
    "quote-soup-curly.txt": (lambda: ("Harbour\n\n" + "“" * 10_000 + "\n\n" + SPOKEN).encode(), "ok"),
    "quote-soup-mixed.txt": (lambda: ("Harbour\n\n" + "\n\n".join(
        " ".join(random.Random(i).choice(['"', "“", "”", "«", "»", "‘", "’", "said", "Lee", "."]) for _ in range(1000))
        for i in range(10))).encode(), "ok"),
    "one-line-5mb.txt": (lambda: ("word " * (5 * 2**20 // 5)).encode(), r"million characters"),
    "one-line-5mb-sentences.txt": (lambda: ("Lee said so. " * (5 * 2**20 // 13)).encode(), r"million characters"),
    "ansi-and-controls.txt": (lambda: ("Harbour \x1b[31mred\x1b[0m\n\n" + SPOKEN + "\x07\x08 " + PARAS[0]).encode(), "ok"),
    "mhtml-lies-utf8.mhtml": (lambda: mhtml(page("<p>Café and crème brûlée by the pier.</p>").encode("cp1252")), "ok"),
    "mhtml-lies-latin1.mhtml": (lambda: mhtml(page("<p>Café and crème brûlée by the pier.</p>").encode(),
                                              charset="iso-8859-1"), "ok"),
    "mhtml-lies-utf16.mhtml": (lambda: mhtml(page("<p>Café by the pier.</p>").encode(), charset="utf-16"), "ok"),
    "mhtml-bogus-charset.mhtml": (lambda: mhtml(page("").encode(), charset="x-bogus"), "ok"),
    "mhtml-lies-base64.mhtml": (lambda: mhtml(page("").encode(), encoding="base64"), "either"),
    "mhtml-broken-qp.mhtml": (lambda: mhtml(page("<p>Broken =ZZ soft =\r\nbreaks =3D here.</p>").encode(),
                                            encoding="quoted-printable"), "ok"),
    "mhtml-binary-part.mhtml": (lambda: mhtml(rng_bytes(20_000)), r"binary data"),
    "mhtml-no-html.mhtml": (lambda: mhtml(b"")[:300].replace(b"text/html", b"text/plain") + b"\r\n--BB--\r\n",
                            r"no HTML page|empty|No article"),
    "mhtml-truncated.mhtml": (lambda: mhtml(page("").encode())[:900], "either"),
}
LONG_CASES = {"big-50mb-text.html": (big_page_of_text, r"million characters"),
              "mhtml-200k-parts.mhtml": (mhtml_many_parts, "ok"), "big-50mb-images.mhtml": (mhtml_big_images, "ok")}
EXPECTED_TEXT = {   # what a correct result must contain (beyond "some article text")
    "truncated-utf8.txt": ["Ann Lee"], "utf16le-nobom.txt": ["“The cranes stay,”"],
    "utf16be-nobom.txt": ["“The cranes stay,”"], "utf16le-nobom.html": ["harbour council"],
    "mhtml-200k-parts.mhtml": ["harbour council"], "big-50mb-images.mhtml": ["harbour council"],
    "hostile.html": ["styled paragraph", "script link"], "big-50mb-assets.html": ["harbour council"],
    "markdown-with-html.md": ["The cranes stay", "Block html text"],
    "mhtml-lies-utf8.mhtml": ["Café and crème brûlée"], "mhtml-lies-latin1.mhtml": ["Café and crème brûlée"],
    "mhtml-lies-utf16.mhtml": ["Café"], "ansi-and-controls.txt": ["The cranes stay"],
}
NEVER = [EVIL, "fetch(", "alert(2)", "INJECTED", "bundle", "root:x:0", "iVBORw0KGgo", "lollol", "IFRAME TEXT",
         "background", "hidden comment"]
NEVER_IN_PAGES = ["javascript:", "alert(", "file:", "passwd"]   # Markdown keeps a link it refuses as literal text


@pytest.mark.parametrize("name", sorted(CASES) + (sorted(LONG_CASES) if LONG else []))
def test_hostile_input(name, tmp_path):
    make, expected = {**CASES, **LONG_CASES}[name]
    path = tmp_path / name
    path.write_bytes(make())
    big = path.stat().st_size > 10 * 2**20
    measured = reset_peak_rss()
    base = rss_mb()
    started = time.perf_counter()
    try:
        article = load_article(path)
    except ArticleError as error:
        message = str(error)
        assert expected != "ok", f"{name}: {message}"
        if expected != "either":
            assert re.search(expected, message), message
        assert message.endswith(".") and len(message) < 300 and "Traceback" not in message
        article = None
    else:
        assert expected in ("ok", "either"), f"{name} opened, but should give “{expected}”"
    imported = time.perf_counter() - started
    if article is not None:
        check_article(article)
        body = article.body_text()
        assert body.strip()
        for wanted in EXPECTED_TEXT.get(name, []):
            assert wanted in article.text, (name, wanted, article.text[:300])
        if path.suffix in (".html", ".xhtml", ".mhtml", ".md"):
            for bad in NEVER + (NEVER_IN_PAGES if path.suffix != ".md" else []):
                assert bad not in article.text, (name, bad)
        assert len(article.text) <= MAX_TEXT_CHARS
        analysis = analyze_article(article)
        check_analysis(analysis)
    elapsed = time.perf_counter() - started   # printed, not checked: a busy machine is slow for no fault of the code
    growth = peak_rss_mb() - base if measured else 0
    outcome = "article" if article is not None else "error"
    print(f"{name}: {outcome} in {elapsed:.2f} s (import {imported:.2f} s), peak RSS +{growth:.0f} MB")
    if measured:   # bounded: a few times the file's size at most
        assert growth < (2000 if big else 800), f"{name}: peak RSS grew by {growth:.0f} MB"


def test_special_files_do_not_block(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)    # opening a pipe for reading would wait for a writer forever
    for path in (fifo, Path("/dev/zero"), Path("/dev/null")):
        if path.exists():
            with pytest.raises(ArticleError, match="not a regular file"):
                load_article(path)


def test_long_paragraph_is_split_into_sentences_without_nltk_timeout():
    """nltk runs Punkt's patterns under a 5 s limit per call; one paragraph of 2 MB exceeded it and
    raised TimeoutError (not a ReaderError). Pieces of 20 000 characters keep each call short."""
    from reader.nlp.sentences import MAX_PIECE_CHARS, sentence_spans

    text = "Lee said so. " * 40_000 + "word " * 100_000 + "x" * 50_000   # 520 000 + 500 000 + 50 000 chars
    spans = sentence_spans(text)
    assert spans[0] == (0, 12) and len(spans) >= 40_000
    for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert s1 < e1 <= s2
    assert all(e - s <= MAX_PIECE_CHARS for s, e in spans)


def test_nltk_timeout_keeps_the_piece_as_one_sentence(monkeypatch):
    from reader.nlp import sentences

    class Stuck:
        def span_tokenize(self, text):
            raise TimeoutError("regular-expression match exceeded its 5.0s time limit")

    monkeypatch.setattr(sentences, "tokenizer", lambda: Stuck())
    assert sentences.sentence_spans("  One. Two.  ") == [(2, 11)]


def test_cli_gives_one_line_for_a_refused_file(tmp_path, capsys):
    from reader.cli import main

    path = tmp_path / "one-line.txt"
    path.write_bytes(b"word " * (MAX_TEXT_CHARS // 2))
    assert issubclass(ArticleError, ReaderError)
    assert main(["analyze", str(path), "--json"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "million characters" in err and "Traceback" not in err
