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
    from reader.training.entities import GumDoc, example

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


def test_next_word_name_list_features():
    lexicon = {"male": frozenset({"mark"}), "female": frozenset(), "surname": frozenset({"quell"}),
               "place": frozenset(), "org": frozenset(), "common": frozenset()}
    doc = DocTokens(["Judge", "Mark", "Quell", "spoke"], [True, False, False, False], lexicon)
    assert "+1fn" in features(doc, 0, "O", "O")
    assert "+1sn" in features(doc, 1, "O", "O") and "+1fn" not in features(doc, 1, "O", "O")


def _tiny_examples():
    sentences = [
        (["Mark", "Quell", "visited", "Tarrow", "."], ["B-PER", "I-PER", "O", "B-LOC", "O"]),
        (["The", "Tarrow", "Council", "met", "."], ["O", "B-ORG", "I-ORG", "O", "O"]),
        (["Quell", "left", "Tarrow", "."], ["B-PER", "O", "B-LOC", "O"]),
    ]
    out = []
    for words, tags in sentences:
        out.append((DocTokens(words, [True] + [False] * (len(words) - 1)), tags))
    return out


def test_averaged_training_is_the_mean_of_the_runs():
    from reader.training.entities import TAGS
    from reader.training.perceptron import train, train_averaged

    examples = _tiny_examples()
    runs = [train(examples, TAGS, {}, epochs=2, seed=s, min_weight=0.0).weights for s in (1, 2)]
    mean = train_averaged(examples, TAGS, {}, epochs=2, seeds=[1, 2], min_weight=0.0).weights
    for f in set(runs[0]) | set(runs[1]):
        for k in range(len(TAGS)):
            expected = (runs[0].get(f, {}).get(k, 0.0) + runs[1].get(f, {}).get(k, 0.0)) / 2
            assert abs(mean.get(f, {}).get(k, 0.0) - expected) < 1e-3


def test_two_pass_training_with_a_repeated_document():
    from reader.training.entities import TAGS
    from reader.training.perceptron import train_two_pass

    examples = _tiny_examples()
    model = train_two_pass(examples + examples[:1], TAGS, {}, epochs=2, runs=2)
    assert model.second is not None
    tagged = model.tag(DocTokens(["Mark", "Quell", "visited", "Tarrow", "."], [True, False, False, False, False]))
    assert len(tagged) == 5


def test_sentence_initial_shape_and_next_word_feature():
    doc = DocTokens(["Tarrow", "said", "so", "."], [True, False, False, False])
    assert "fs=Xxsaid" in features(doc, 0, "O", "O")
    assert not any(f.startswith("fs=") for f in features(doc, 1, "O", "O"))


def test_a_capital_letter_and_a_hyphen_is_not_a_name_and_suffixes_reach_four_letters():
    from reader.nlp.ner_features import has_upper

    assert not has_upper("T-shirt") and not has_upper("X-ray")
    assert has_upper("El-Hassan") and has_upper("X-Men") and has_upper("IE6")
    doc = DocTokens(["a", "NASA", "T-shirt", "."], [True, False, False, False])
    assert not doc.upper[2] and doc.run_last[1] == "nasa"
    assert "x4=ogan" in features(DocTokens(["Skogan", "spoke"], [True, False]), 0, "O", "O")


def test_international_first_names_fill_in_what_the_census_lacks():
    import pytest

    pytest.importorskip("faker")
    from reader.training.entities import international_first_names

    male, female = international_first_names()
    assert {"helmut", "enver"} <= male and "yvette" in female and not male & female
    assert all(n.isascii() and n.isalpha() and n == n.lower() for n in male | female)


def _reference_pass(model, doc: DocTokens) -> list[tuple[str, float]]:
    """The tagger's pass written the plain way: every feature of every scored token, one by one."""
    from reader.nlp.ner_features import scored

    out, prev, prev2 = [], "O", "O"
    for i in range(len(doc.words)):
        if doc.first[i]:
            prev = prev2 = "<s>"
        if not scored(doc, i, prev if prev != "<s>" else "O"):
            tag, margin = "O", 1.0
        else:
            scores = [0.0] * len(model.tags)
            for f in features(doc, i, prev, prev2):
                for k, v in model.weights.get(f, {}).items():
                    scores[k] += v
            ranked = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
            tag, margin = model.tags[ranked[0]], scores[ranked[0]] - scores[ranked[1]]
        out.append((tag, margin))
        prev2, prev = prev, tag
    return out


def test_fast_tagging_gives_what_scoring_every_feature_gives():
    from reader.importers import load_article
    from reader.nlp.entities import doc_tokens
    from reader.nlp.ner_features import doc_hints
    from reader.nlp.ner_tagger import default_model
    from reader.nlp.sentences import split_sentences
    from reader.resources import SAMPLE_ARTICLE, resource_path

    model = default_model()
    article = load_article(resource_path(*SAMPLE_ARTICLE))
    doc, _ = doc_tokens(article.text, split_sentences(article), model.lexicon)
    first = _reference_pass(model, doc)
    doc.hints = doc_hints(doc, first)
    expected = _reference_pass(model.second, doc)
    doc.hints = None
    got = model.tag(doc)
    assert [t for t, _ in got] == [t for t, _ in expected]
    assert sum(t != "O" for t, _ in got) > 20          # the sample article is full of names
    assert all(abs(a - b) < 1e-6 for (_, a), (_, b) in zip(got, expected, strict=True))


def test_a_saved_model_loads_back_and_saves_to_the_same_bytes(tmp_path):
    from reader.nlp.ner_tagger import load_model
    from reader.training.entities import TAGS
    from reader.training.perceptron import train_two_pass

    model = train_two_pass(_tiny_examples(), TAGS, {"place": frozenset({"tarrow"})}, epochs=2)
    model.save(tmp_path / "a.json.gz")
    again = load_model(tmp_path / "a.json.gz")
    again.save(tmp_path / "b.json.gz")
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    doc = DocTokens(["Mark", "Quell", "visited", "Tarrow", "."], [True, False, False, False, False])
    assert again.tag(doc) == model.tag(doc)
    assert again.weights == model.weights and again.second.weights == model.second.weights


def test_wordnet_nouns_are_common_everyday_words_or_capitalised_kinds(tmp_path):
    from reader.training.entities import wordnet_nouns

    # a made-up WordNet: data.noun lines (offset, lexicographer file, type, word count, words with
    # their lex ids …) and cntlist.rev (sense key, sense number, times met in SemCor)
    (tmp_path / "data.noun").write_text(
        "  1 This software and database is being provided\n"
        "00000001 27 n 02 water 0 H2O 0 | a liquid\n"
        "00000002 18 n 01 Einstein 0 | a physicist\n"
        "00000003 15 n 01 Tarrow 0 | a town\n"
        "00000004 06 n 02 macron 0 Polaroid 0 | a mark; a camera\n"
        "00000005 18 n 02 Bush 0 George_Bush 0 | a president\n"
        "00000006 20 n 01 bush 0 | a shrub\n", encoding="latin-1")
    (tmp_path / "cntlist.rev").write_text(
        "water%1:27:00:: 1 12\nbush%1:20:00:: 1 3\nmacron%1:06:00:: 1 0\n", encoding="latin-1")
    nouns = wordnet_nouns(tmp_path)
    assert nouns["wn_common"] == {"water", "bush"}              # "macron": never met in SemCor
    assert nouns["wn_person"] == {"einstein", "bush"} and nouns["wn_location"] == {"tarrow"}
    assert nouns["wn_other"] == {"polaroid"} and not nouns["wn_group"]   # "H2O", "George_Bush": not one word of letters


def test_wordnet_features_read_a_plural_by_its_singular_and_pass_over_first_names_and_titles():
    from reader.nlp.ner_features import wordnet_features

    lexicon = {"male": frozenset({"bruce"}), "female": frozenset(), "surname": frozenset(), "place": frozenset(),
               "org": frozenset(), "common": frozenset(), "wn_common": frozenset({"meteorite", "bush", "city"}),
               "wn_person": frozenset({"einstein", "bush", "bruce"}), "wn_location": frozenset({"tarrow"}),
               "wn_group": frozenset(), "wn_other": frozenset({"polaroid"})}
    assert wordnet_features("meteorites", lexicon, False) == ["wnc0"]
    plural = {**lexicon, "wn_common": frozenset({"movie", "crisis", "reef"})}
    assert [wordnet_features(w, plural, False) for w in ("movies", "crises")] == [["wnc0"]] * 2
    assert wordnet_features("reeves", plural, False) == []          # a surname, not "reef"
    assert wordnet_features("cities", lexicon, True) == ["wnc1"]
    assert wordnet_features("polaroids", lexicon, False) == ["wnp=other"]
    assert wordnet_features("bush", lexicon, False) == ["wnc0", "wnp=person"]
    assert wordnet_features("einstein", lexicon, False) == ["wnp=person"]
    assert wordnet_features("vell", lexicon, False) == []
    doc = DocTokens(["Professor", "Bruce", "Einstein", "spoke"], [True, False, False, False], lexicon)
    assert not any(f.startswith("wn") for f in features(doc, 0, "O", "O"))      # a title
    assert not any(f.startswith("wn") for f in features(doc, 1, "O", "O"))      # a first name
    assert "wnp=person" in features(doc, 2, "O", "O")
    # a model trained before WordNet's nouns were stored with it has none: no feature, no error
    assert wordnet_features("meteorites", {k: v for k, v in lexicon.items() if not k.startswith("wn_")}, False) == []
