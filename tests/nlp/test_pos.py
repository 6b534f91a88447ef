"""The part-of-speech tagger (reader.nlp.pos), trained by reader.training.pos on GUM."""
from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from reader.nlp import pos
from reader.nlp.cues import tokens
from reader.resources import resource_path


def tagged(sentence: str) -> list[tuple[str, str]]:
    words = [t.text for t in tokens(sentence, 0, len(sentence))]
    return list(zip(words, pos.pos_tags(words), strict=True))


def test_the_shipped_model_names_its_source_and_licence():
    data = json.loads(gzip.decompress(resource_path(*pos.MODEL_FILE).read_bytes()))
    assert "GUM" in data["source"] and "CC BY" in data["source"]
    assert {"NN", "VBD", "DT", "JJ", "IN"} <= set(data["tags"])


def test_nouns_verbs_and_determiners_of_a_plain_sentence():
    tags = dict(tagged("The senator criticized the new contract."))
    assert tags["The"] == "DT" and tags["senator"] == "NN" and tags["criticized"] in pos.VERB_TAGS
    assert tags["new"] == "JJ" and tags["contract"] == "NN"


def test_the_same_word_is_a_noun_or_a_verb_by_its_neighbours():
    assert dict(tagged("Her support for the bill was clear."))["support"] == "NN"
    assert dict(tagged("They support the bill."))["support"] == "VBP"


def test_one_token_at_a_time_gives_the_sentence_tags():
    sentence = "Officials said on Tuesday that the talks, which began in May, had stalled."
    toks = tokens(sentence, 0, len(sentence))
    lazy = pos.TaggedTokens(toks)
    assert [lazy.tag(i) for i in reversed(range(len(toks)))][::-1] == pos.pos_tags([t.text for t in toks])
    assert pos.tag_of(toks, 1) == lazy.tag(1) == "VBD"


def test_empty_and_one_word_sentences():
    assert pos.pos_tags([]) == []
    assert len(pos.pos_tags(["Hello"])) == 1


def test_shape_squeezes_character_classes():
    assert pos.shape("McCain") == "XxXx" and pos.shape("2016") == "d" and pos.shape("U.S.") == "XpXp"


@pytest.mark.parametrize("words", [
    ["Hello"], ["Yes", "."], ["The", "senator", "said", "it", "."],
    ["“", "We", "will", "win", ",", "”", "McCain", "told", "CNN", "on", "Tuesday", "."],
    ["zzqx", "Flarb", "2016", "U.S.", "e-mail", "—", "'s", "<s>", "</s>", "x"],
])
def test_the_batch_rows_sum_to_the_rows_of_every_feature(words):
    tagger = pos.tagger()
    expected = [tagger.matrix[[tagger.row.get(f, tagger.unknown) for f in pos.features(words, i, None, tagger.lexicon)]]
                .sum(0, dtype=np.float64) for i in range(len(words))]
    for _ in range(2):                           # again, from the remembered rows and sums
        rows = tagger.rows([words])
        assert rows.shape == (len(words), pos.ROWS_PER_TOKEN)
        assert np.allclose(tagger.matrix[rows].sum(1, dtype=np.float64), expected, atol=1e-4)
        every = [tagger.row.get(f, tagger.unknown) for i in range(len(words)) for f in pos.features(words, i, None, tagger.lexicon)]
        one_by_one = tagger.matrix.take(every, 0).reshape(len(words), pos.FEATURE_COUNT, -1).sum(axis=1)
        assert np.array_equal(tagger.matrix.take(rows, 0).sum(axis=1), one_by_one)     # the same float32 sums
    assert pos.pos_tags(words) == [tagger.tag_one(words, i) for i in range(len(words))]
    assert tagger.tag_sentences([words, [], words[::-1]]) == [pos.pos_tags(words), [], pos.pos_tags(words[::-1])]


def test_a_fresh_tagger_with_small_memos_and_chunks_and_two_threads(monkeypatch, in_two_threads):
    import random
    data = json.loads(gzip.decompress(resource_path(*pos.MODEL_FILE).read_bytes()).decode("utf-8"))
    monkeypatch.setattr(pos, "OWN_MEMO", 30)
    monkeypatch.setattr(pos, "_CHUNK_TOKENS", 25)
    tagger = pos.PosTagger(data["tags"], data["weights"], data.get("lexicon"))
    rng = random.Random(3)
    vocabulary = "The senator said that taxes would rise , and critics warned of costs in Ohio .".split()
    batch = [rng.sample(vocabulary, rng.randint(1, 12)) for _ in range(60)]
    expected = [[tagger.tag_one(words, i) for i in range(len(words))] for words in batch]
    assert tagger.tag_sentences(batch) == expected
    results = in_two_threads(lambda: tagger.tag_sentences(batch))
    assert len(results) == 10 and all(run == expected for run in results)
