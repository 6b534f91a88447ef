"""Runs the NLP steps over an article and returns an :class:`~reader.analysis.Analysis`."""
from __future__ import annotations

from ..analysis.model import Analysis
from ..article import Article
from .entities import find_entities
from .quotes import find_quotes
from .sentences import split_sentences


def run(article: Article) -> Analysis:
    sentences = split_sentences(article)
    entities = find_entities(article, sentences)
    quotes, entities = find_quotes(article, sentences, list(entities))
    return Analysis(article=article, sentences=tuple(sentences), entities=tuple(entities),
                    quotes=tuple(quotes))
