"""Runs the NLP steps over an article and returns an :class:`~reader.analysis.Analysis`."""
from __future__ import annotations

from ..analysis.model import Analysis
from ..article import Article
from .sentences import split_sentences


def run(article: Article) -> Analysis:
    return Analysis(article=article, sentences=tuple(split_sentences(article)))
