"""Analysis dicts (the JSON contract) built directly, without the NLP pipeline: for the library's
benchmark and tests, which need thousands of articles with known people, quotes, dates and sites."""
from __future__ import annotations

import re

from ..article import hash_text


def make_analysis(title: str, paragraphs: list[str], *, entities: list[tuple[str, str]] = (),
                  quotes: list[tuple[str, str]] = (), date: str | None = None, url: str | None = None,
                  byline: str | None = None) -> dict:
    """An analysis of an article with ``paragraphs`` plus one paragraph per quote, written as
    ``“text,” said Name.``; ``entities`` are (name, type) and get every mention of the name (or,
    for people, of their surname) in the text; a quote's speaker is the entity of that name."""
    blocks = [title] + list(paragraphs) + [f"“{text},” said {name}." for name, text in quotes]
    text = "\n\n".join(blocks)
    spans, offset = [], 0
    for block in blocks:
        spans.append((offset, offset + len(block)))
        offset += len(block) + 2
    ents, ids = [], {}
    for index, (name, kind) in enumerate(entities):
        words = [re.escape(name)] + ([re.escape(name.split()[-1])] if kind == "person" and " " in name else [])
        mentions = sorted({(m.start(), m.end()) for m in re.finditer(r"\b(?:" + "|".join(words) + r")\b", text)})
        mentions = [m for m in mentions if not any(o != m and o[0] <= m[0] and m[1] <= o[1] for o in mentions)]
        ids[name] = f"e{index + 1}"
        ents.append({"id": ids[name], "name": name, "type": kind, "mentions": [list(m) for m in mentions],
                     "salience": round(1.0 / (index + 1), 4)})
    quote_rows = []
    for (name, quoted), (start, _) in zip(quotes, spans[1 + len(paragraphs):], strict=True):
        end = start + len(quoted) + 3    # “ … ,”
        cue = text.index("said", end)
        quote_rows.append({"span": [start, end], "speaker": ids.get(name), "cue": [cue, cue + 4],
                           "fragment": False, "confidence": 0.9})
    return {"version": 1, "title": title, "byline": byline, "date": date, "source": "", "url": url,
            "format": "text", "hash": hash_text(text), "text": text, "title_span": [0, len(title)],
            "sections": [{"heading": None, "paragraphs": [list(s) for s in spans[1:]]}],
            "sentences": [list(s) for s in spans[1:]], "entities": ents, "quotes": quote_rows}
