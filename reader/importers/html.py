"""Saved web pages: the article body, title, byline, date and section headings.

Extraction is trafilatura's (the strongest open extractor on the Article Extraction Benchmark);
this module turns its XML body (``head``, ``p``, ``list``/``item``, ``quote``, ``table``) into
sections. The page is parsed, never rendered: scripts, styles and remote resources are ignored and
nothing is fetched.
"""
from __future__ import annotations

import logging

import trafilatura
from lxml import etree

from ..article import Article, ArticleBuilder
from ..errors import ArticleError

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

def _blocks(body: etree._Element):
    """Yield ("heading"|"para", text) for the extracted body, in order."""
    for element in body:
        tag = element.tag
        if tag == "head":
            yield "heading", " ".join("".join(element.itertext()).split())
        elif tag in ("list", "quote", "table", "div"):
            children = list(element)
            if not children:
                yield "para", "".join(element.itertext()).strip()
            else:
                lead = (element.text or "").strip()
                if lead:
                    yield "para", lead
                yield from _blocks(element)
        elif tag == "row":
            cells = [" ".join("".join(c.itertext()).split()) for c in element]
            yield "para", " | ".join(c for c in cells if c)
        else:
            yield "para", "".join(element.itertext()).strip()


def import_html(markup: str, source: str = "", format: str = "html") -> Article:
    try:
        doc = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, output_format="python",
        )
    except Exception as error:  # trafilatura raises a variety of lxml/parser errors
        raise ArticleError(f"This web page could not be read ({error.__class__.__name__}).") from error
    builder = ArticleBuilder()
    if doc is None or doc.body is None or not len(doc.body):
        raise ArticleError("No article text was found in this web page.")
    title = (doc.title or "").strip()
    builder.set_title(title)
    blocks = list(_blocks(doc.body))
    if blocks and blocks[0][0] == "heading" and " ".join(blocks[0][1].split()) == " ".join(title.split()):
        blocks = blocks[1:]
    for kind, content in blocks:
        if kind == "heading":
            builder.heading(content)
        else:
            builder.paragraph(content)
    if builder.empty:
        raise ArticleError("No article text was found in this web page.")
    return builder.build(byline=(doc.author or None), date=doc.date or None,
                         source=source, url=doc.url or None, format=format)
