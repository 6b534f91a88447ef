"""Property tests over every importer and the NLP pipeline: whatever the bytes, the result is an
article whose spans index its text (then analysed, exported) or an ArticleError with a sentence.

``FUZZ_EXAMPLES=N`` runs N cases per test instead of the CI-sized defaults (see docs/RELIABILITY.md
for the long run). tests/nlp already fuzzes the entity tagger and quote-mark soup on built
articles; these go through the importers and the whole pipeline.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_checks import check_analysis, check_article

from reader.article import ArticleBuilder
from reader.errors import ArticleError
from reader.importers import load_article
from reader.importers.decoding import decode
from reader.importers.html import import_html
from reader.importers.markdown import import_markdown
from reader.importers.mhtml import import_mhtml
from reader.importers.text import import_text
from reader.nlp.pipeline import analyze_article

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def fuzz(default: int):
    return settings(max_examples=FUZZ_EXAMPLES or default, deadline=None, derandomize=not FUZZ_EXAMPLES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


CHARS = st.characters(blacklist_categories=("Cs",))
WORDS = ["Ann", "Lee", "said", "the", "council", "Mr.", "U.S.", "Paris", "NATO", "he", "she", "told",
         "harbour", "2024", "3.5", "May", "Trump", "Macron", "de", "von", "O'Neil", "café", "Zoë", "İstanbul",
         "ﬁnal", "x" * 60]
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "「", "」", "—", "–", "-", "…", ".", ",", ":",
         ";", "!", "?", "(", ")", "[", "]"]
ODD = ["\u00a0", "\u200b", "\u200f", "\u202e", "\ufeff", "\u0301", "\t", "\r", "\x0c", "\x1b[31m", "\x07",
       "\U0001f600", "\u2028", "\u00ad", "&amp;", "&#0;", "&nbsp;", "\\"]
PROSE = st.lists(st.sampled_from(WORDS + MARKS + ODD + [" ", " ", "\n", "\n\n"]) | st.text(CHARS, max_size=8),
                 max_size=120).map(" ".join)
MD_TOKENS = ["# ", "## ", "### ", "#", "\n", "\n\n", "---\n", "title: ", "author: ", "date: 2024-05-01\n", "...\n",
             "* ", "- ", "1. ", "> ", "```\n", "    ", "*", "**", "_", "`", "[", "](", ")", "![", "<", ">",
             "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "<b>", "</b>", "<img src=x>",
             "<a href='javascript:x'>", "</a>", "|", "---|---\n", "\\", "&amp;", "&#x1F600;", "===\n", "[x]: http://e\n"]
HTML_TOKENS = ["<p>", "</p>", "<div>", "</div>", "<h1>", "</h1>", "<h2>", "</h2>", "<article>", "</article>",
               "<br>", "<hr>", "<ul>", "<li>", "</ul>", "<table>", "<tr>", "<td>", "</td>", "</table>",
               "<blockquote>", "</blockquote>", "<script>", "</script>", "<style>", "</style>", "<embed src=x>",
               "<source src=y>", "<a href='http://e/x'>", "<a href=javascript:x>", "</a>", "<title>", "</title>",
               "<meta charset=utf-16>", "<meta name=author content='Ann Lee'>", "<!--", "-->", "<![CDATA[", "]]>",
               "&amp;", "&#0;", "&#xD800;", "&bogus;", "<", ">", "</", "<?xml?>", "<!DOCTYPE html>", "<nav>",
               "</nav>", "<footer>", "<time datetime='2024-05-01'>", "<iframe src=x>", "<svg>", "<math>", "\x00"]


def markup(tokens: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens) | PROSE, max_size=60).map("".join)


def check_imported(article) -> None:
    check_article(article)
    check_analysis(analyze_article(article))


@fuzz(600)
@given(st.binary(max_size=3000) | PROSE.map(lambda t: t.encode("utf-8"))
       | PROSE.map(lambda t: t.encode("utf-16-le", "replace")) | PROSE.map(lambda t: t.encode("cp1252", "replace")),
       st.sampled_from(["utf-8", "latin-1", "utf-16", "shift_jis", None]))
def test_decode_gives_text_or_a_sentence(data, declared):
    try:
        text = decode(data, declared=declared)
    except ArticleError as error:
        assert str(error).endswith(".")
    else:
        assert "\r" not in text and isinstance(text, str)


@fuzz(500)
@given(PROSE | st.text(CHARS, max_size=400))
def test_text_importer(text):
    check_imported(import_text(text))


@fuzz(500)
@given(markup(MD_TOKENS))
def test_markdown_importer(text):
    check_imported(import_markdown(text))


@fuzz(300)
@given(markup(HTML_TOKENS))
def test_html_importer(text):
    try:
        article = import_html(text)
    except ArticleError as error:
        assert str(error).endswith(".")
        return
    check_imported(article)


def mhtml_message(draw) -> bytes:
    html = draw(markup(HTML_TOKENS)).encode(draw(st.sampled_from(["utf-8", "cp1252", "utf-16-le"])), "replace")
    charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "utf-16", "x-bogus", "", "utf-8\"; x=\""]))
    cte = draw(st.sampled_from(["binary", "8bit", "base64", "quoted-printable", "x-unknown", ""]))
    boundary = draw(st.sampled_from(["BB", "", "-", "a b", "=="]))
    ctype = draw(st.sampled_from(["text/html", "application/xhtml+xml", "text/plain", "image/png", "text/HTML"]))
    parts = [b"--" + boundary.encode() + b"\r\nContent-Type: " + ctype.encode() + b"; charset=\"" + charset.encode()
             + b"\"\r\nContent-Transfer-Encoding: " + cte.encode() + b"\r\nContent-Location: http://e/a\r\n\r\n"
             + html + b"\r\n"]
    if draw(st.booleans()):
        parts.append(b"--" + boundary.encode() + b"\r\nContent-Type: text/html\r\n\r\n" + draw(st.binary(max_size=200))
                     + b"\r\n")
    tail = b"--" + boundary.encode() + b"--\r\n" if draw(st.booleans()) else b""
    head = (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: http://e/a\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/related; type=\"text/html\"; boundary=\"" + boundary.encode() + b"\"\r\n\r\n")
    data = head + b"".join(parts) + tail
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return data[:cut] if draw(st.booleans()) else data


@fuzz(300)
@given(st.composite(mhtml_message)() | st.binary(max_size=1000).map(
    lambda b: b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n" + b))
def test_mhtml_importer(data):
    try:
        article = import_mhtml(data)
    except ArticleError as error:
        assert str(error).endswith(".")
        return
    check_imported(article)


@fuzz(300)
@given(st.binary(max_size=2000) | markup(HTML_TOKENS + MD_TOKENS).map(str.encode),
       st.sampled_from([".txt", ".md", ".html", ".mhtml", ".htm", "", ".xhtml"]))
def test_load_article_on_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            article = load_article(path)
        except ArticleError as error:
            assert str(error).endswith(".")
            return
    check_imported(article)


@fuzz(400)
@given(st.lists(st.tuples(st.sampled_from(["title", "heading", "para"]), PROSE), max_size=8))
def test_nlp_pipeline_on_any_article(blocks):
    builder = ArticleBuilder()
    for kind, text in blocks:
        if kind == "title" and builder.empty and not builder.title:
            try:
                builder.set_title(text)
            except ValueError:
                pass
        elif kind == "heading":
            builder.heading(text)
        else:
            builder.paragraph(text)
    article = builder.build()
    check_imported(article)
