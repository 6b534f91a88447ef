"""The HTML importer: article body, title, byline, date and headings from saved pages; site
furniture left out; broken or empty pages give a clear ArticleError. Fixtures are hand-written."""
from __future__ import annotations

from pathlib import Path

import pytest

import reader.importers.html as html_importer
from reader.errors import ArticleError
from reader.importers import load_article
from reader.importers.html import import_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def headings(article) -> list[str]:
    return [article.span_text(s.heading) for s in article.sections if s.heading]


def paragraphs(article) -> list[str]:
    return [article.span_text(p) for p in article.paragraphs]


def page(body: str, title: str = "A Page", head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def story(n: int = 6, topic: str = "harbour") -> str:
    return "".join(
        f"<p>Paragraph {i} of the {topic} story goes on about the quay, the cranes and the people "
        f"who work on the northern side of the estuary every single day.</p>" for i in range(n))


# --- metadata and structure ---------------------------------------------------------------------

def test_title_byline_date():
    a = import_html(fixture("news_article.html"), source="news_article.html")
    assert a.title.startswith("Harbour Cranes Return to Port Elmswick")
    assert a.byline == "Maria Quill"
    assert a.date == "2021-03-14"
    assert a.format == "html" and a.source == "news_article.html"


def test_section_headings_in_reading_order():
    a = import_html(fixture("news_article.html"))
    assert headings(a) == ["A divided town", "What happens next"]
    body = a.body_text()
    assert body.index("The first of three gantry cranes") < body.index("A divided town") \
        < body.index("Not everyone is pleased") < body.index("What happens next") \
        < body.index("The harbour board will publish")


def test_title_and_standfirst_are_not_body():
    a = import_html(fixture("news_article.html"))
    body = a.body_text()
    assert "Harbour Cranes Return" not in body      # the h1 repeats the title
    assert "After a decade away" not in body        # the standfirst above the first paragraph
    assert a.text.startswith(a.title)


def test_listicle_keeps_its_first_heading():
    items = "".join(f"<h2>Deal number {i}</h2><p>This deal on item {i} is one of the best we have seen "
                    f"this month, with a price that beats every other shop we checked today.</p>"
                    for i in range(1, 5))
    a = import_html(page(f"<article>{items}</article>", title="Four Deals"))
    assert headings(a) == [f"Deal number {i}" for i in range(1, 5)]


def test_lists_quotes_and_tables_become_paragraphs():
    body = (f"<article>{story(4)}<ul><li>First point about the quay</li><li>Second point about the cranes</li></ul>"
            "<blockquote><p>A quoted line from the harbour master about the night shifts.</p></blockquote>"
            "<table><tr><th>Crane</th><th>Height</th></tr><tr><td>North</td><td>60 m</td></tr></table>"
            f"{story(2, 'second')}</article>")
    paras = paragraphs(import_html(page(body)))
    assert "First point about the quay" in paras and "Second point about the cranes" in paras
    assert "A quoted line from the harbour master about the night shifts." in paras
    assert "North | 60 m" in paras


def test_loose_text_between_headings_is_kept():
    # text that is not wrapped in <p>, after an image link, under a heading
    sections = "".join(
        f'<h2>Offer {i}</h2><a href="/go/{i}"><img src="x{i}.jpg"></a>Offer {i} is described here in '
        f"a sentence long enough to be article text, with a price and a reason to buy it today.<br>"
        for i in range(1, 5))
    a = import_html(page(f'<div class="article-content"><section>{story(3)}{sections}</section></div>'))
    for i in range(1, 5):
        assert f"Offer {i} is described here" in a.body_text()


def test_words_around_links_stay_apart():
    body = ('<article><p>Just months after the last <a href="/mbp">MacBook Pro</a> was released, the '
            'company put out another one, and reviewers were <a href="/r">surprised</a>.</p>'
            f"{story(5)}</article>")
    text = import_html(page(body)).body_text()
    assert "last MacBook Pro was released" in text
    assert "were surprised." in text


# --- what is left out ---------------------------------------------------------------------------

def test_boilerplate_dropped():
    a = import_html(fixture("news_article.html"))
    body = a.body_text()
    for furniture in ["Read more", "Harbour board votes", "Advertisement", "Sign up for our morning newsletter",
                      "More from the coast", "Lifeboat crew rescues", "Fish market reopens", "Most read",
                      "Council tax rise", "Copyright", "All rights reserved", "Privacy", "Home", "Sport"]:
        assert furniture not in body, furniture
    assert "Supporters say the cranes" in body and "Edith Marr" in body


def test_script_and_style_never_in_text():
    a = import_html(fixture("news_article.html"))
    for token in ["SCRIPTSHOULDNOTAPPEAR", "STYLESHOULDNOTAPPEAR", "trackingToken", "secret-style-token"]:
        assert token not in a.text
    inline = page(f"<article>{story(3)}<script>var x = 'INLINESCRIPT';</script>"
                  f"<style>p {{ content: 'INLINESTYLE'; }}</style><noscript>INLINENOSCRIPT</noscript>"
                  f"{story(3)}</article>")
    text = import_html(inline).text
    assert "INLINESCRIPT" not in text and "INLINESTYLE" not in text and "INLINENOSCRIPT" not in text


def test_related_links_after_the_story_dropped():
    related = "".join(f'<li><a href="/other/{i}">Another headline about something else {i}</a> '
                      f"A one-line teaser</li>" for i in range(5))
    a = import_html(page(f"<article>{story(6)}<ul>{related}</ul></article>"))
    assert "Another headline" not in a.body_text()
    assert "Paragraph 5 of the harbour story" in a.body_text()


def test_article_split_around_an_advertisement_is_joined():
    a = import_html(fixture("split_body.html"))
    body = a.body_text()
    first = body.index("For most of the last century")
    second = body.index("The winter of 1947 was the hardest on record")
    assert first < second < body.index("one of them never went back to the rock")
    assert "Advertisement" not in body and "Subscribe" not in body
    assert a.byline == "Tomas Reyne" and a.date == "2020-01-20"


# --- failures -----------------------------------------------------------------------------------

@pytest.mark.parametrize("markup", [
    page(""),
    page("<nav><ul><li><a href='/'>Home</a></li><li><a href='/about'>About</a></li></ul></nav>"),
    page("<script>var onlyScript = 1;</script><style>body { color: red }</style>"),
    "<html></html>",
    "",
    "   \n  ",
])
def test_no_article_raises(markup):
    with pytest.raises(ArticleError) as info:
        import_html(markup)
    message = str(info.value)
    assert message.endswith(".") and "web page" in message


def test_broken_and_truncated_html_raise_only_article_error():
    full = fixture("news_article.html")
    samples = [full[:cut] for cut in range(0, len(full), 173)]
    samples += ["<html><body><p>Unclosed <b>tags <div>", "<html", "<<<>>>", "<p>" * 500,
                "</div></p></body>" * 50, "\x00\x01\x02<html>\x03", "<html><body>" + "<div>" * 3000 + "text",
                full.replace("</p>", "").replace("<p>", "<p><span>")]
    for markup in samples:
        try:
            a = import_html(markup)
        except ArticleError:
            continue
        assert a.sections


def test_load_article_reads_html_files(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(fixture("news_article.html"), encoding="utf-8")
    a = load_article(path)
    assert a.format == "html" and a.byline == "Maria Quill" and "A divided town" in headings(a)


# --- very large pages ---------------------------------------------------------------------------

def big_page(megabytes: float) -> str:
    """A long article (a heading every forty paragraphs) behind a large inline script."""
    paragraph = ("<p>Paragraph {i}: the tide came in over the flats and the birds moved up the shore, "
                 "as they do every evening when the wind drops and the light goes grey.</p>\n")
    body, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        chunk = (f"<h2>Chapter {i // 40}</h2>" if i % 40 == 0 else "") + paragraph.format(i=i)
        body.append(chunk)
        size += len(chunk)
        i += 1
    script = "<script>" + "var filler = 'SCRIPTFILLER';" * 20_000 + "</script>"
    return page(f"{script}<article><h1>A Very Long Page</h1>{''.join(body)}</article>", title="A Very Long Page")


@pytest.mark.slow
def test_huge_page_imports_completely():
    """A 20 MB page imports whole (how fast: tests/benchmarks/bench_big_inputs.py)."""
    markup = big_page(20)
    a = import_html(markup)
    assert len(a.paragraphs) > 100_000 and "Chapter 10" in headings(a)
    assert "SCRIPTFILLER" not in a.text


def test_large_page_paths(monkeypatch):
    """The size guards, exercised on a small page: pre-trimming with trafilatura's fast path, and
    the one-pass reader for pages with very many elements."""
    markup = fixture("news_article.html")
    monkeypatch.setattr(html_importer, "_HUGE", 1000)
    monkeypatch.setattr(html_importer, "_BULK_ELEMENTS", 1_000_000)
    fast = import_html(markup)
    assert "The first of three gantry cranes" in fast.body_text()
    assert "SCRIPTSHOULDNOTAPPEAR" not in fast.text
    monkeypatch.setattr(html_importer, "_BULK_ELEMENTS", 10)
    bulk = import_html(markup)
    body = bulk.body_text()
    assert bulk.title.startswith("Harbour Cranes Return") and bulk.byline == "Maria Quill"
    assert bulk.date == "2021-03-14"
    assert "A divided town" in headings(bulk) and "Edith Marr" in body
    for furniture in ["SCRIPTSHOULDNOTAPPEAR", "STYLESHOULDNOTAPPEAR", "Most read", "Privacy", "Sport"]:
        assert furniture not in bulk.text
