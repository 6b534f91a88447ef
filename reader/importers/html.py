"""Saved web pages: the article body, title, byline, date and section headings.

Extraction is trafilatura's (the strongest open extractor on the Article Extraction Benchmark);
this module turns its XML body (``head``, ``p``, ``list``/``item``, ``quote``, ``table``) into
blocks, then drops what trafilatura lets through from the page around the article: a repeated
title or standfirst above the first paragraph, runs of links to other articles, and the stock
lines of site furniture ("Read more: …", "Click here to subscribe", copyright notices). An article
body that the site split into look-alike containers (around advertisements) is joined before a
second extraction. The page is parsed, never rendered: scripts, styles and remote resources are
ignored and nothing is fetched. Very large pages are pre-trimmed, and past tens of thousands of
elements read in a single pass, so that import time stays proportional to size.
"""
from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HTMLParser
from trafilatura.metadata import extract_metadata
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html, repair_faulty_html

from ..article import Article, ArticleBuilder
from ..errors import ArticleError

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_BLOCK_TAGS = {"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "lb", "div"}


@dataclass
class Block:
    kind: str            # "heading" or "para"
    text: str
    link: int = 0        # characters of text inside links
    rend: str = ""       # heading level (h1…h6) when known
    tag: str = "p"       # what it came from: p, item, head, row, code, inline (loose text)
    group: int = 0       # list items: which list (by order of appearance)
    lead_link: bool = False  # whether it opens with a link

    @property
    def link_ratio(self) -> float:
        return self.link / max(1, len(self.text))

    @property
    def words(self) -> int:
        return len(self.text.split())


class _Text:
    """Accumulates text and counts how much of it lies inside links."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link = 0
        self.lead_link = False   # whether the first words are a link
        self.edge = False
        self.started = False     # whether any text has come yet

    def boundary(self) -> None:
        """Mark a link edge: trafilatura trims the spaces around links, so words that meet
        there are kept apart."""
        self.edge = True

    def add(self, text: str | None, in_link: bool) -> None:
        if self.edge and text:
            self.edge = False
            if text[0].isalnum() and self.parts and self.parts[-1] and self.parts[-1][-1].isalnum():
                self.parts.append(" ")
        if text and text.strip():
            if not self.started:
                self.lead_link = in_link
                self.started = True
            self.parts.append(text)
            if in_link:
                self.link += len(" ".join(text.split()))
        elif text:
            self.parts.append(text)

    def take(self, kind: str = "para", tag: str = "p", rend: str = "", group: int = 0) -> Block | None:
        text = " ".join("".join(self.parts).split())
        block = Block(kind, text, min(self.link, len(text)), rend, tag, group) if text else None
        if block is not None:
            block.lead_link = self.lead_link
        self.parts, self.link, self.lead_link, self.edge, self.started = [], 0, False, False, False
        return block


def _collect(el: etree._Element, acc: _Text, in_link: bool, lines: list | None, tag: str = "p",
             group: int = 0) -> None:
    """Walk an element's text into ``acc``. Block children become spaces; line breaks close the
    current line (appended to ``lines``) when ``lines`` is given, else become spaces."""
    in_link = in_link or el.tag == "ref"
    if el.tag == "lb":
        if lines is not None:
            block = acc.take(tag=tag, group=group)
            if block:
                lines.append(block)
        else:
            acc.add(" ", False)
        return
    block = el.tag in _BLOCK_TAGS
    if block:
        acc.add(" ", False)
    if el.tag == "ref":
        acc.boundary()
    acc.add(el.text, in_link)
    for child in el:
        _collect(child, acc, in_link, lines, tag, group)
        acc.add(child.tail, in_link)
    if block:
        acc.add(" ", False)
    if el.tag == "ref":
        acc.boundary()


def _lines(element: etree._Element, tag: str = "p", group: int = 0) -> list[Block]:
    """A paragraph-like element, split at its line breaks (``lb``)."""
    acc = _Text()
    lines: list[Block] = []
    in_link = element.tag == "ref"
    acc.add(element.text, in_link)
    for child in element:
        _collect(child, acc, in_link, lines, tag, group)
        acc.add(child.tail, in_link)
    last = acc.take(tag=tag, group=group)
    if last:
        lines.append(last)
    return lines


# children that start a block of their own; anything else (links, emphasis, loose text) is inline
_STRUCTURAL = {"p", "head", "list", "quote", "table", "div", "item", "row", "code", "graphic", "cell"}
_NESTING = {"p", "list", "quote", "table", "div", "item", "row"}


class _Walker:
    def __init__(self) -> None:
        self.lists = 0
        self.out: list[Block] = []

    def emit(self, blocks) -> None:
        self.out.extend(b for b in blocks if b is not None and b.text)

    def container(self, el: etree._Element) -> None:
        """Loose text and inline children are gathered into paragraphs between the block
        children, which are handled by kind."""
        acc = _Text()
        lines: list[Block] = []

        def flush() -> None:
            last = acc.take(tag="inline")
            self.emit(lines + [last])
            lines.clear()

        acc.add(el.text, el.tag == "ref")
        for child in el:
            if child.tag in _STRUCTURAL:
                flush()
                self.child(child)
                acc.add(child.tail, False)
            else:
                _collect(child, acc, False, lines, "inline")
                acc.add(child.tail, False)
        flush()

    def child(self, el: etree._Element) -> None:
        tag = el.tag
        if tag == "head":
            acc = _Text()
            _collect(el, acc, False, None)
            self.emit([acc.take("heading", "head", el.get("rend", ""))])
        elif tag == "p":
            if any(c.tag in _NESTING for c in el.iter() if c is not el):
                self.container(el)
            else:
                self.emit(_lines(el))
        elif tag == "list":
            self.lists += 1
            group = self.lists
            for item in el:
                if item.tag != "item":
                    self.child(item)
                elif any(c.tag in _NESTING for c in item.iter() if c is not item):
                    self.container(item)
                else:
                    self.emit(_lines(item, "item", group))
        elif tag == "table":
            for row in el.iter("row"):
                cells = []
                for cell in row:
                    acc = _Text()
                    _collect(cell, acc, False, None)
                    cells.append(acc.take(tag="cell"))
                cells = [c for c in cells if c]
                if cells:
                    self.emit([Block("para", " | ".join(c.text for c in cells),
                                     sum(c.link for c in cells), tag="row")])
        elif tag == "code":
            text = "".join(el.itertext()).strip("\n")
            self.emit([Block("para", text, tag="code")] if text.strip() else [])
        elif tag == "graphic":
            pass
        else:  # quote, div, item, cell, row outside a table
            self.container(el)


def _blocks(body: etree._Element) -> list[Block]:
    """The extracted body as blocks, in reading order."""
    walker = _Walker()
    walker.container(body)
    return walker.out


# --- boilerplate -----------------------------------------------------------------------------

_LETTER = re.compile(r"[^\W_]")
_TOKENS = re.compile(r"\w+")

# Lines that are site furniture wherever they appear: calls to action, cross-links, notices.
# Each alternative is anchored at the start; _is_furniture only tries lines under 400 characters.
_FURNITURE = re.compile(
    r"""(?:
        (?:read|see|watch|view)\s+(?:more|also|next|full)\b
      | related\b[^:.!?]{0,30}:
      | (?:recommended|more)\s*(?:stories|articles|posts?|reading|coverage|news|links?|content)?\s*:
      | related\s+(?:stories|articles|posts?|reading|coverage|news|links|content)$
      | (?:also\s+read|recommended\s+for\s+you|you\s+may\s+also\s+like|you\s+might\s+also\s+like|trending\s+now)\b
      | don['’]?t\s+miss\b
      | (?:click|tap)\s+here\b[^.!?]{0,80}\b(?:subscribe|newsletter|sign\s+up|app|follow|alerts)\b
      | (?:subscribe|sign\s+up)\b[^.!?]{0,80}\b(?:newsletter|channel|podcast|updates|alerts|inbox)\b
      | follow\s+(?:us|\w+['’]s?\s+(?:full\s+)?coverage)\b
      | (?:share|email|print)\s+(?:this|article|story)\b.{0,40}$
      | (?:order\s+reprints|print\s+article|explore\s+further|advertisement|comments?)$
      | (?:tags?|topics?|categories|category|filed\s+under)\s*:
      | this\s+copy\s+is\s+for\s+your\s+personal
      | an\s+error\s+has\s+occurred\b
      | write\s+to\s[^@]{0,80}@\S+$
      | if\s+you\s+(?:enjoyed|liked)\s+this\s+(?:article|post|story)\b
      | \(?(?:additional\s+)?reporting\s+by\s
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# ... and notices recognised anywhere in a line
_FURNITURE_ANYWHERE = re.compile(
    r"""\bcontributed\s+(?:to\s+)?(?:this\s+)?report(?:ing)?\b
      | \bmay\s+(?:get|earn|receive)\s+(?:a\s+)?(?:small\s+)?(?:share|commission|affiliate)""",
    re.IGNORECASE | re.VERBOSE,
)
# a short copyright line (a long one is usually a syndication notice that belongs to the story)
_COPYRIGHT = re.compile(r"^(?:copyright|\(c\)|©)|\ball\s+rights\s+reserved\b", re.IGNORECASE)


def _is_furniture(block: Block) -> bool:
    text = block.text
    if not _LETTER.search(text):
        return True
    if len(text) >= 400:
        return False
    if _FURNITURE.match(text):
        return True
    lowered = text.lower()
    if ("contributed" in lowered or "may " in lowered) and _FURNITURE_ANYWHERE.search(text):
        return True
    return block.words <= 12 and bool(_COPYRIGHT.search(text))


def _is_link_line(block: Block) -> bool:
    """A short line that is (almost) all link: an entry in a list of other articles."""
    return block.link_ratio >= 0.75 and block.words <= 20


def _runs(blocks: list[Block], wanted, start: int = 0):
    """(i, j) for each maximal run blocks[i:j] of consecutive blocks that satisfy ``wanted``."""
    i = start
    while i < len(blocks):
        if not wanted(blocks[i]):
            i += 1
            continue
        j = i
        while j < len(blocks) and wanted(blocks[j]):
            j += 1
        yield i, j
        i = j


def _is_label(block: Block) -> bool:
    """A short line introducing a list ("More on this", "Explore further")."""
    return block.words <= 4 and not block.text.endswith((".", ":"))


def _without(blocks: list[Block], drop: set[int]) -> list[Block]:
    return [b for k, b in enumerate(blocks) if k not in drop] if drop else blocks


def _drop_link_runs(blocks: list[Block]) -> list[Block]:
    """Drop runs of two or more consecutive link lines, with a short label right above them."""
    drop: set[int] = set()
    for i, j in _runs(blocks, _is_link_line):
        if j - i >= 2:
            drop.update(range(i, j))
            if i > 0 and _is_label(blocks[i - 1]):
                drop.add(i - 1)
    return _without(blocks, drop)


def _teaser_item(b: Block) -> bool:
    return b.tag == "item" and b.words <= 40 and b.link_ratio >= (0.2 if b.lead_link else 0.3)


def _drop_teaser_lists(blocks: list[Block]) -> list[Block]:
    """Drop lists of three or more short items, after the last paragraph of running text, whose
    every item is largely a link: teasers for other articles. Lists that follow one another
    directly count as one."""
    last = max((i for i, b in enumerate(blocks) if b.tag in ("p", "inline") and b.words >= 25
                and b.link_ratio < 0.5), default=-1)
    sizes: dict[int, int] = {}
    for b in blocks:
        if b.tag == "item":
            sizes[b.group] = sizes.get(b.group, 0) + 1
    drop: set[int] = set()
    for i, j in _runs(blocks, _teaser_item, start=last + 1):
        run: dict[int, int] = {}
        for b in blocks[i:j]:
            run[b.group] = run.get(b.group, 0) + 1
        if j - i >= 3 and all(sizes[g] == n for g, n in run.items()):
            drop.update(range(i, j))
            if i > 0 and _is_label(blocks[i - 1]):
                drop.add(i - 1)
    return _without(blocks, drop)


_OPEN = (".", ",", ";", ":", ")", "]", "!", "?")
_CLOSE = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "…")


def _join_fragments(blocks: list[Block]) -> list[Block]:
    """Mend paragraphs that the extractor cut around a link: a piece that continues a sentence
    (opens with punctuation or a lower-case letter, after a piece with no closing punctuation)
    is joined to the one before."""
    out: list[Block] = []
    pieces: list[list[str]] = []       # the texts that make up each block of ``out``
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == b.kind == "para" and prev.tag in ("p", "inline")
                and b.tag in ("p", "inline") and not pieces[-1][-1].endswith(_CLOSE)
                and (b.text.startswith(_OPEN) or b.text[0].islower() or b.tag == "inline"
                     or prev.tag == "inline")):
            if not b.text.startswith(_OPEN):
                pieces[-1].append(" ")
            pieces[-1].append(b.text)
            prev.link += b.link
            continue
        out.append(Block(b.kind, b.text, b.link, b.rend, b.tag, b.group, b.lead_link))
        pieces.append([b.text])
    for block, parts in zip(out, pieces, strict=True):
        if len(parts) > 1:
            block.text = "".join(parts)
    return out


def _similar(a: str, b: str) -> bool:
    ta = [t.lower() for t in _TOKENS.findall(a)]
    tb = {t.lower() for t in _TOKENS.findall(b)}
    if not ta or not tb:
        return False
    return sum(t in tb for t in ta) / len(ta) >= 0.7


def _drop_leading_headings(blocks: list[Block], title: str) -> list[Block]:
    """Headings above the first paragraph are the page's title (h1, or like the title), kicker or
    standfirst (the only heading of its level, or a sentence) unless they open a run of like
    headings (a listicle's first item)."""
    levels: dict[str, int] = {}
    for b in blocks:
        if b.kind == "heading":
            levels[b.rend] = levels.get(b.rend, 0) + 1
    out: list[Block] = []
    leading = True
    for b in blocks:
        if leading and b.kind == "heading":
            standfirst = b.words >= 8 and b.text.endswith(".")
            if b.rend == "h1" or levels.get(b.rend, 0) <= 1 or standfirst or (title and _similar(b.text, title)):
                continue
        elif b.kind == "para":
            leading = False
        out.append(b)
    return out


def _clean(blocks: list[Block], title: str, url: str | None) -> list[Block]:
    blocks = [b for b in blocks if b.text.strip()]
    blocks = [b for b in blocks if not _is_furniture(b) and not (url and b.text.strip() == url)]
    blocks = _drop_link_runs(blocks)
    blocks = _drop_teaser_lists(blocks)
    blocks = _join_fragments(blocks)
    blocks = _drop_leading_headings(blocks, title)
    return blocks


# --- split article bodies ------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split())


_COUSIN_REACH = 4


def _merge_split_body(tree, blocks: list[Block]):
    """Some sites cut the article body into several containers of the same kind (between
    advertisements or "most popular" rails) and extractors keep only one of them. When the
    container of the extracted paragraphs has look-alike cousins (same tag and class, same depth)
    that hold paragraphs of their own, return a copy of the page with them joined, else None."""
    extracted = {_norm(b.text)[:80] for b in blocks if b.kind == "para" and len(b.text) >= 60}
    if not extracted:
        return None
    parents: dict = {}
    for p in tree.iter("p"):
        key = _norm(p.text_content())[:80]
        if len(key) >= 60 and key in extracted:
            parent = p.getparent()
            parents[parent] = parents.get(parent, 0) + 1
    if not parents:
        return None
    home = max(parents, key=parents.get)
    css = home.get("class")
    if parents[home] < 2 or not css or not css.strip():
        return None
    lineage = list(home.iterancestors())
    depth = len(lineage)
    near = set(lineage[:_COUSIN_REACH])  # a cousin shares one of these ancestors
    cousins = []
    for el in tree.iter(home.tag):
        if el is home or el.get("class") != css or el in lineage:
            continue
        up = list(el.iterancestors())
        if len(up) != depth or not near.intersection(up[:_COUSIN_REACH]):
            continue
        fresh = [p for p in el.iter("p") if len(_norm(p.text_content())) >= 100
                 and _norm(p.text_content())[:80] not in extracted]
        if fresh:
            cousins.append(el)
    if not cousins:
        return None
    root = tree.getroottree()
    paths = [root.getpath(el) for el in cousins]
    home_path = root.getpath(home)
    copy = deepcopy(tree)
    new_home = copy.xpath(home_path)[0]
    order = {el: i for i, el in enumerate(tree.iter())}
    home_pos = order[home]
    for el, path in zip(cousins, paths, strict=True):
        found = copy.xpath(path)
        if not found:
            return None
        target = found[0]
        children = list(target)
        if order[el] < home_pos:
            for child in reversed(children):
                new_home.insert(0, child)
        else:
            for child in children:
                new_home.append(child)
        target.getparent().remove(target)
    return copy


# --- extraction ------------------------------------------------------------------------------

_HUGE = 4_000_000
"""Pages larger than this (characters) are parsed without libxml2's size limits and pre-trimmed:
scripts, styles and inline images are most of a very large saved page and never text."""

_MANY_ELEMENTS = 15_000
"""Pages with more elements than this (a long news page has a few thousand) also take
trafilatura's fast path."""

_BULK_ELEMENTS = 50_000
"""A page with more elements than this is read in one pass (:func:`_bulk_blocks`): trafilatura
takes about a second per megabyte there, several on long tables."""

_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                     remove_comments=True, remove_pis=True, huge_tree=True)


_HTML5_VOID = re.compile(r"<(embed|source|track)\b[^<>]{0,4096}>", re.I)
"""Void elements that libxml2's HTML 4 parser does not know as void: it nests everything after an
unclosed ``<embed>`` inside it (and trafilatura drops embeds), so the rest of the article was lost."""


def _parse(markup: str):
    markup = _HTML5_VOID.sub(lambda m: f"{m.group(0)}</{m.group(1)}>", markup)
    if len(markup) <= _HUGE:
        return load_html(markup)
    markup = repair_faulty_html(markup, markup[:50].lower())
    tree = lxml.html.fromstring(markup.encode("utf-8", "surrogatepass"), parser=_PARSER)
    for el in list(tree.iter("script", "style", "noscript", "template", "svg", "canvas")):
        if el.tag == "script" and "ld+json" in (el.get("type") or ""):
            continue  # JSON-LD names the author and date
        if el.getparent() is not None:
            el.drop_tree()
    for el in tree.iter("img", "source"):
        for attr in ("src", "srcset"):
            if (el.get(attr) or "").startswith("data:"):
                del el.attrib[attr]
    return tree


def _extract(tree, metadata: bool = True, fast: bool = False):
    return trafilatura.bare_extraction(
        tree, with_metadata=metadata, include_comments=False, include_tables=True,
        include_images=False, include_links=True, output_format="python", fast=fast,
        date_extraction_params=set_date_params(not fast),
    )


_SKIP = {"script", "style", "noscript", "template", "svg", "canvas", "nav", "header", "footer",
         "aside", "form", "button", "select", "iframe", "head", "title", "menu"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKISH = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dd", "dt", "table",
             "tr", "td", "th", "tbody", "thead", "blockquote", "pre", "figure", "figcaption",
             "br", "hr", *_HEADINGS}


def _bulk_blocks(tree) -> list[Block]:
    """Headings, paragraphs and table rows of a very large page in document order, in one pass:
    no scoring, only page furniture (navigation, header, footer, forms, asides) left out."""
    body = tree.find("body")
    if body is None:
        body = tree
    nested: set = set()       # elements with block-level descendants
    for el in body.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKISH:
            for up in el.iterancestors():
                if up in nested:
                    break
                nested.add(up)
    out: list[Block] = []

    def text_of(el) -> str:
        return " ".join(el.text_content().split())

    def leaf(el) -> None:
        # a block with no block-level children; its <br> line breaks split it
        lines, current = [], [el.text or ""]
        for child in el.iter():
            if child is el:
                continue
            if child.tag == "br":
                lines.append("".join(current))
                current = []
            elif isinstance(child.tag, str) and child.tag not in _SKIP and child.text:
                current.append(child.text)
            if child.tail and child.getparent() is not None:
                current.append(child.tail)
        lines.append("".join(current))
        out.extend(Block("para", " ".join(line.split())) for line in lines if line.strip())

    def loose(text: str | None) -> None:
        if text and text.strip():
            out.append(Block("para", " ".join(text.split()), tag="inline"))

    stack = [(body, iter(body))]
    loose(body.text)
    while stack:
        parent, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                loose(parent.tail)
            continue
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in _SKIP:
            if tag in _HEADINGS:
                out.append(Block("heading", text_of(child), rend=tag, tag="head"))
            elif tag == "tr":
                cells = [text_of(c) for c in child if isinstance(c.tag, str)]
                out.append(Block("para", " | ".join(c for c in cells if c), tag="row"))
            elif child in nested:
                loose(child.text)
                stack.append((child, iter(child)))
                continue  # its tail comes once its children are done
            else:
                leaf(child)
        loose(child.tail)
    return [b for b in out if b.text]


def _light_copy(tree):
    """The page's <head> alone (title, meta tags, JSON-LD) for a quick metadata pass."""
    head = tree.find("head")
    light = lxml.html.fromstring("<html><head></head><body><p>.</p></body></html>")
    if head is not None:
        light.replace(light.find("head"), deepcopy(head))
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and script.getparent() is not None \
                and script.getparent().tag != "head":
            light.find("head").append(deepcopy(script))
    return light


_MIN_WORDS = 8
"""Less body text than this is a menu or an error page, not an article."""


def import_html(markup: str, source: str = "", format: str = "html") -> Article:
    """The article in a saved page: title, byline, ISO date and the body as headings and
    paragraphs. Raises :class:`ArticleError` when the page cannot be read or holds no article."""
    try:
        tree = _parse(markup)
        if tree is None:
            raise ArticleError("This web page could not be read: it holds no HTML.")
        elements = sum(1 for _ in tree.iter())
        huge = len(markup) > _HUGE or elements > _MANY_ELEMENTS
        if elements > _BULK_ELEMENTS:
            doc = extract_metadata(_light_copy(tree), date_config=set_date_params(False), extensive=False)
            blocks = _bulk_blocks(tree)
            merged = None
        else:
            doc = _extract(tree, fast=huge)
            if doc is None or doc.body is None or not len(doc.body):
                raise ArticleError("No article text was found in this web page.")
            blocks = _blocks(doc.body)
            merged = None if huge else _merge_split_body(tree, blocks)
        if merged is not None:
            again = _extract(merged, metadata=False)
            if again is not None and again.body is not None:
                more = _blocks(again.body)
                before = {_norm(b.text) for b in blocks if b.kind == "para"}
                after = {_norm(b.text) for b in more if b.kind == "para"}
                # take the joined body only if it is longer and still holds what was found
                if (sum(len(b.text) for b in more) > sum(len(b.text) for b in blocks)
                        and len(before & after) >= 0.8 * len(before)):
                    blocks = more
        title = " ".join((doc.title or "").split())
        blocks = _clean(blocks, title, doc.url)
    except ArticleError:
        raise
    except (Exception, RecursionError) as error:  # lxml and trafilatura raise many kinds
        raise ArticleError(f"This web page could not be read ({error.__class__.__name__}).") from error
    if sum(b.words for b in blocks) < _MIN_WORDS:
        raise ArticleError("No article text was found in this web page.")
    builder = ArticleBuilder()
    builder.set_title(title)
    for block in blocks:
        if block.kind == "heading":
            builder.heading(block.text)
        else:
            builder.paragraph(block.text)
    if builder.empty:
        raise ArticleError("No article text was found in this web page.")
    return builder.build(byline=_byline(doc.author), date=_iso_date(doc.date),
                         source=source, url=doc.url or None, format=format)


def _byline(author: str | None) -> str | None:
    author = " ".join((author or "").split())
    return author or None


def _iso_date(date: str | None) -> str | None:
    """trafilatura gives YYYY-MM-DD; anything else is dropped rather than passed on."""
    return date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
