"""Deterministic, offline language processing: sentences, entities, aliases, quotes, speakers."""
