"""Section summaries and the overview, each a step of the model stage that yields events.

Token budget: each section is read once. A section longer than the context is split at paragraph
boundaries, each part summarised, and the part summaries reduced to one. The overview reads the
opening paragraphs and the section summaries, so the article is prefilled once in all. Every
generated sentence is grounded against its section (or, for the overview, the article).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..llm import prompts
from .grounding import Grounded, split_generated
from .pipeline import ModelCalls, OverviewDone, SectionDone, Token
from .results import SectionSummary

SUMMARY_TOKENS = 120
OVERVIEW_TOKENS = 90
PROMPT_OVERHEAD = 220


def section_chunks(calls: ModelCalls, index: int) -> list[str]:
    """The section's paragraphs in parts that each fit the context with the prompt and answer."""
    budget = max(256, calls.backend.info.n_ctx - SUMMARY_TOKENS - PROMPT_OVERHEAD)
    article = calls.article
    chunks, current, used = [], [], 0
    for start, end in article.sections[index].paragraphs:
        para = article.text[start:end]
        cost = calls.backend.count_tokens(para) + 2
        if cost > budget:  # one enormous paragraph: cut it by characters
            para = para[: budget * 3]
            cost = budget
        if current and used + cost > budget:
            chunks.append("\n\n".join(current))
            current, used = [], 0
        current.append(para)
        used += cost
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def summarize_section(calls: ModelCalls, index: int) -> Iterator:
    """The model's summary of section ``index``, grounded; from a model too small to write
    (:attr:`ModelCalls.writes`), the section's key sentence instead, and the model is not asked."""
    if not calls.writes:
        # measured on development GUM documents (docs/EVALUATION.md): the embedded model's section
        # sentences mostly assert what the section does not say, and the sections' first sentences
        # score higher against the human summaries than its unflagged ones
        key = calls.sources.section_key_sentence(index)
        yield SectionDone(SectionSummary(index, (_extract(calls, key),) if key else ()))
        return
    key = calls.key("summaries", f"section-{index}", SUMMARY_TOKENS)
    text = calls.cached("summaries", key)
    if text is not None:
        yield Token("summary", index, text)
    else:
        text = yield from _write_section(calls, index)
        if text:
            calls.cache.put(key, {"text": text})
    grounder = calls.sources.section_grounder(index)
    sentences = tuple(grounder.ground(s) for s in split_generated(text or "")[:3])
    yield SectionDone(SectionSummary(index, sentences))


def _write_section(calls: ModelCalls, index: int) -> Iterator:
    """Summarise a section; one longer than the context is summarised in parts, then reduced."""
    heading = calls.article.heading_text(index)
    texts = []
    for chunk in section_chunks(calls, index):
        messages = prompts.summary_messages(calls.article.title, heading, chunk)
        texts.append((yield from calls.generate("summaries", "summary", index, messages, SUMMARY_TOKENS)))
    if len(texts) == 1:
        return texts[0]
    messages = prompts.reduce_messages(calls.article.title, heading, texts)
    return (yield from calls.generate("summaries", "summary", index, messages, SUMMARY_TOKENS))


def overview(calls: ModelCalls, summaries: list[SectionSummary]) -> Iterator:
    """The article in a few sentences: the model's, grounded against the article, when the model
    is big enough to write them (:attr:`ModelCalls.writes`); otherwise, and whenever the model
    adds nothing new and supported, the article's key sentence, marked as such."""
    if not calls.writes:
        # measured side by side on GUM news (docs/EVALUATION.md): a small model's overview scores
        # below the article's own first sentence, so it is not asked at all
        yield OverviewDone(_key_sentences(calls))
        return
    points = [s.text for summary in summaries for s in summary.sentences if not s.flag][:12]
    key = calls.key("overview", "overview", OVERVIEW_TOKENS, points=points)
    text = calls.cached("overview", key)
    if text is not None:
        yield Token("overview", 0, text)
    else:
        lead = calls.sources.lead_text(max_tokens=300, count=calls.backend.count_tokens)
        messages = prompts.overview_messages(calls.article.title, lead, points)
        text = yield from calls.generate("overview", "overview", 0, messages, OVERVIEW_TOKENS, key=key)
    grounder = calls.sources.article_grounder()
    said = {_words(s.text) for summary in summaries for s in summary.sentences}
    fresh = []
    for sentence in split_generated(text)[:3]:
        if _words(sentence) not in said:     # a section summary's sentence, word for word: not again
            said.add(_words(sentence))
            fresh.append(sentence)
    sentences = tuple(grounder.ground(s) for s in fresh)
    if not any(not s.flag for s in sentences):     # nothing new and supported: the article's own lead
        sentences = (*_key_sentences(calls), *sentences)
    yield OverviewDone(sentences)


def _key_sentences(calls: ModelCalls) -> tuple[Grounded, ...]:
    """The article's key sentence (its first of eight words or more after the title), as an
    extract: its evidence is itself. Of the extractive choices compared on the development GUM news
    (first sentence, first two, the most central of the first six, compressions of the first),
    none beat the first sentence alone."""
    lead = calls.sources.lead_sentence()
    return (_extract(calls, lead),) if lead else ()


def _extract(calls: ModelCalls, span: tuple[int, int]) -> Grounded:
    """The article's own sentence at ``span``: its evidence is itself."""
    return Grounded(" ".join(calls.sources.text[span[0]:span[1]].split()), (span,), extract=True)


def _words(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def partial_summary(calls: ModelCalls, index: int) -> SectionSummary:
    """What the model had written for section ``index`` when it failed, grounded, marked partial."""
    grounder = calls.sources.section_grounder(index)
    sentences = tuple(grounder.ground(s) for s in split_generated("".join(calls.streamed))[:3])
    return SectionSummary(index, sentences, partial=True)
