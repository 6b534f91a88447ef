"""The deterministic analysis of an article (no model): sentences, entities, then attributed
statements (quotes and reported speech) and their speakers, gathered into one
:class:`~reader.annotations.Analysis`."""
from __future__ import annotations

from ..annotations import Analysis
from ..article import Article
from .attribution import find_attributions
from .entities import find_entities, mark_groups, with_possessives
from .ner_tagger import default_lexicon
from .sentences import split_sentences


def analyze_article(article: Article) -> Analysis:
    sentences = split_sentences(article)
    entities = find_entities(article, sentences)
    quotes, attributions, entities = find_attributions(article, sentences, list(entities))
    entities = mark_groups(article.text, entities, default_lexicon())
    entities = with_possessives(article.text, entities)
    return Analysis(article=article, sentences=tuple(sentences), entities=tuple(entities),
                    quotes=tuple(quotes), attributions=tuple(attributions))
