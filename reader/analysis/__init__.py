"""The analysis of one article: one plain data object that panels, export and ``--json`` share."""
from __future__ import annotations

from .model import Analysis, Entity, Quote, analyze_article

__all__ = ["Analysis", "Entity", "Quote", "analyze_article"]
