"""Stance Reader: a desktop reader for saved news articles that shows who said what.

The package is layered: ``article`` and ``importers`` turn a file into one canonical text;
``nlp`` finds sentences, entities and quotes in it; ``analysis`` gathers them into one plain data
object; ``export`` writes Markdown; ``cli`` and ``ui`` (the only Qt code) present it.
"""

__version__ = "0.1.0"
APP_NAME = "Stance Reader"
APP_ID = "stance-reader"
