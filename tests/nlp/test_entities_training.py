"""The entity tagger's features and training examples, on the project's own small fixtures."""
from __future__ import annotations

from reader.nlp.ner_features import DocTokens, features


def test_common_lower_case_word_feature():
    lexicon = {"male": frozenset(), "female": frozenset(), "surname": frozenset(), "place": frozenset(),
               "org": frozenset(), "common": frozenset({"image", "later"})}
    doc = DocTokens(["Image", ":", "Nora", "Vell", "."], [True, False, False, False, False], lexicon)
    assert "cw1" in features(doc, 0, "O", "O")
    assert not any(f.startswith("cw") for f in features(doc, 2, "O", "O"))
    # a model trained before the list existed has none: no feature, no error
    old = DocTokens(["Image", ":"], [True, False], {k: v for k, v in lexicon.items() if k != "common"})
    assert not any(f.startswith("cw") for f in features(old, 0, "O", "O"))


def test_training_examples_use_the_apps_sentences():
    from reader.nlp.train_entities import GumDoc, example

    # GUM would cut before "Image" (a caption after a heading); the app's sentence splitter does not,
    # and training sees what the app sees
    text = "Harbour fair opens\n\nThe fair opened in Tarnby on Monday. Stalls Image: Nora Vell."
    start = text.index("The")
    cut = text.index("Image")
    doc = GumDoc("fixture", text, [(0, 18), (start, cut - 1), (cut, len(text))],
                 [(text.index("Tarnby"), text.index("Tarnby") + 6, "LOC"),
                  (text.index("Nora"), text.index("Vell") + 4, "PER")])
    tokens, tags = example(doc, None)
    i = tokens.words.index("Image")
    assert not tokens.first[i]
    assert tags[tokens.words.index("Tarnby")] == "B-LOC"
    assert tags[tokens.words.index("Nora")] == "B-PER" and tags[tokens.words.index("Vell")] == "I-PER"
