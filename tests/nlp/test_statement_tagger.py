"""The learnt statement tagger (reader.nlp.statement_tagger): how tagged tokens become statements,
how it is trained (on made-up annotated articles, twice, the same bytes), and how its statements
join the rules' (reader.nlp.attribution.learnt_statements)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from reader.nlp import attribution, reported, statement_tagger
from reader.nlp.cues import tokens
from reader.nlp.pos import tagger as pos_tagger
from reader.nlp.speakers import Registry
from reader.nlp.statement_tagger import TAGS, StatementTagger, assemble, sentence_features, tag_features
from reader.resources import resource_path
from reader.training import statement_tagger as training


def tagged(sentence: str, tags: list[str]) -> list:
    toks = tokens(sentence, 0, len(sentence))
    assert len(toks) == len(tags), [t.text for t in toks]
    return assemble(toks, [(tag, 1.0) for tag in tags], pos_tagger().tag([t.text for t in toks]))


def text_of(sentence: str, span) -> str:
    return sentence[span[0]:span[1]] if span else None


def test_content_cue_and_source_become_one_statement():
    s = "The bridge will close , the mayor said ."
    # The bridge will close , the mayor said .
    items = tagged(s, ["B-C", "I-C", "I-C", "I-C", "O", "B-S", "I-S", "B-Q", "O"])
    assert len(items) == 1
    item = items[0]
    assert [text_of(s, p) for p in item.content] == ["The bridge will close"]
    assert text_of(s, item.cue) == "said" and text_of(s, item.source) == "the mayor"
    assert item.source_kind == "descriptor" and item.cue_word == "said"


def test_pieces_around_one_cue_are_one_statement():
    s = "The bridge , she said , will close ."
    items = tagged(s, ["B-C", "I-C", "O", "B-S", "B-Q", "O", "B-C", "I-C", "O"])
    assert len(items) == 1
    assert [text_of(s, p) for p in items[0].content] == ["The bridge", "will close"]
    assert items[0].source_kind == "pronoun"


def test_each_content_goes_to_its_nearest_cue():
    s = "Lee backed the plan and Kim opposed the tax ."
    items = tagged(s, ["B-S", "B-Q", "B-C", "I-C", "O", "B-S", "B-Q", "B-C", "I-C", "O"])
    assert [(text_of(s, i.cue), [text_of(s, p) for p in i.content], text_of(s, i.source)) for i in items] == [
        ("backed", ["the plan"], "Lee"), ("opposed", ["the tax"], "Kim")]


def test_an_i_tag_after_another_role_opens_a_run():
    s = "Lee said taxes rise ."
    items = tagged(s, ["B-S", "I-Q", "I-C", "I-C", "O"])
    assert [text_of(s, p) for p in items[0].content] == ["taxes rise"] and text_of(s, items[0].cue) == "said"


@pytest.mark.parametrize("sentence, tags, source", [
    # a source run cut inside its noun phrase is the whole phrase
    ("The new budget report suggests that taxes rise .", ["B-S", "I-S", "O", "O", "B-Q", "O", "B-C", "I-C", "O"],
     "The new budget report"),
    ("Democratic critics seized on the remark .", ["B-S", "O", "B-Q", "I-Q", "B-C", "I-C", "O"], "Democratic critics"),
    ("Many angry voters said taxes rise .", ["O", "O", "B-S", "B-Q", "B-C", "I-C", "O"], "Many angry voters"),
])
def test_a_source_is_a_whole_noun_phrase(sentence, tags, source):
    items = tagged(sentence, tags)
    assert len(items) == 1 and text_of(sentence, items[0].source) == source and items[0].antecedent is None


@pytest.mark.parametrize("sentence, tags, source, antecedent, kind", [
    ("It was a memo , which argued that taxes rise .",
     ["O", "O", "O", "O", "O", "B-S", "B-Q", "O", "B-C", "I-C", "O"], "which", "a memo", "descriptor"),
    ("Mayor Lee , who said taxes rise , left .", ["O", "O", "O", "B-S", "B-Q", "B-C", "I-C", "O", "O", "O"],
     "who", "Mayor Lee", "name"),
    ("Because , which said taxes rise .", ["O", "O", "B-S", "B-Q", "B-C", "I-C", "O"], "which", None, "none"),
])
def test_a_relative_pronoun_stands_for_the_noun_phrase_before_it(sentence, tags, source, antecedent, kind):
    item, = tagged(sentence, tags)
    assert text_of(sentence, item.source) == source and text_of(sentence, item.antecedent) == antecedent
    assert item.source_kind == kind


def test_no_statement_without_a_cue_or_a_content():
    assert tagged("The bridge will close .", ["B-C", "I-C", "I-C", "I-C", "O"]) == []
    assert tagged("The mayor said so .", ["B-S", "I-S", "B-Q", "O", "O"]) == []


def test_features_mark_reporting_verbs_and_quotation():
    words = ["\u201c", "No", ",", "\u201d", "Lee", "said", "."]
    feats = sentence_features(words, [w.lower() for w in words], ["``", "UH", ",", "''", "NNP", "VBD", "."])
    assert "cue=True" in feats[5] and "cue=False" in feats[4]
    assert "q=in" in feats[1] and "q=out" in feats[4] and "q=m" in feats[0]
    assert "R=1" in feats[4] and "L=1" in feats[6]        # the cue is next to both



def _tagged_one_feature_at_a_time(model, words, lows, tags):
    """The greedy pass done the slow way: every feature of every token looked up and its weights added."""
    out, prev, prev2 = [], "<s>", "<s>"
    for i, feats in enumerate(sentence_features(words, lows, tags)):
        scores = [0.0] * len(TAGS)
        for f in feats + tag_features(prev, prev2, lows[i]):
            k = model._row.get(f)
            if k is not None:
                scores = [a + b for a, b in zip(scores, model._matrix[k].tolist(), strict=True)]
        best = max(scores)
        k = scores.index(best)
        out.append((TAGS[k], (best - sorted(scores)[-2]) / statement_tagger.SCALE))
        prev2, prev = prev, TAGS[k]
    return out


SENTENCES = ["Yes .", "\u201c No , \u201d Lee said .", "The bridge , she said , will close on Friday , according to officials .",
             "Critics argued that the plan , which Smith backed , \u201c would fail \u201d and warned of costs .",
             "<s> said </s> , he told reporters ."]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tagging_gives_what_adding_every_feature_one_by_one_gives(sentence):
    model = statement_tagger.default_tagger()
    words = sentence.split()
    lows, tags = [w.lower() for w in words], pos_tagger().tag(words)
    expected = _tagged_one_feature_at_a_time(model, words, lows, tags)
    for _ in range(2):                         # the second time from the remembered rows and sums
        got = model.tag(words, lows, tags)
        assert [t for t, _ in got] == [t for t, _ in expected]
        assert [m for _, m in got] == pytest.approx([m for _, m in expected], abs=1e-9)


def test_context_codes_stand_for_the_context_keys_of_each_sentence():
    sentences = [s.split() for s in [*SENTENCES, "Said", "", "\u201c Go \u201d , \u201c now \u201d , she said , \u201c or never . \u201d",
                                     "According to the report , officials , who declined to comment , said that taxes , "
                                     "rents and fees would rise , warned critics , believed analysts , and noted others ."]]
    batch = [(words, [w.lower() for w in words], pos_tagger().tag(words)) for words in sentences]
    codes = statement_tagger.ContextCodes()
    got = [codes.key(code) for code in codes.codes(batch).tolist()]
    assert got == [key for b in batch for key in statement_tagger.context_keys(*b)]
    assert codes.codes([]).tolist() == [] and codes.codes([([], [], [])]).tolist() == []


def _made_up_batch():
    """Sentences of the tests, and the same words shuffled into more sentences (unseen pairs)."""
    import random
    rng = random.Random(7)
    words = [w for s in SENTENCES for w in s.split()]
    sentences = [s.split() for s in SENTENCES]
    for _ in range(40):
        sentences.append(rng.sample(words, rng.randint(1, 14)))
    return [(w, [x.lower() for x in w], pos_tagger().tag(w)) for w in sentences]


def test_a_fresh_tagger_with_small_memos_and_chunks_tags_as_adding_every_feature(monkeypatch):
    monkeypatch.setattr(statement_tagger, "_SUM_ROWS", 3)          # the matrix of sums grows
    model = statement_tagger.load(resource_path(*statement_tagger.MODEL_FILE))
    monkeypatch.setattr(statement_tagger, "_MEMO_LIMIT", 50)       # and is forgotten between chunks
    monkeypatch.setattr(statement_tagger, "_CHUNK_TOKENS", 37)
    batch = _made_up_batch()
    for _ in range(2):
        got = model.tag_sentences(batch)
        for b, tagged in zip(batch, got, strict=True):
            expected = _tagged_one_feature_at_a_time(model, *b)
            assert [t for t, _ in tagged] == [t for t, _ in expected]
            assert [m for _, m in tagged] == pytest.approx([m for _, m in expected], abs=1e-9)


def test_two_threads_tagging_at_once_get_what_one_gets(monkeypatch, in_two_threads):
    monkeypatch.setattr(statement_tagger, "_SUM_ROWS", 3)
    model = statement_tagger.load(resource_path(*statement_tagger.MODEL_FILE))
    alone = statement_tagger.load(resource_path(*statement_tagger.MODEL_FILE))
    monkeypatch.setattr(statement_tagger, "_MEMO_LIMIT", 200)
    monkeypatch.setattr(statement_tagger, "_CHUNK_TOKENS", 40)
    batch = _made_up_batch()
    expected = alone.tag_sentences(batch)
    results = in_two_threads(lambda: model.tag_sentences(batch))
    assert len(results) == 10 and all(run == expected for run in results)


def test_the_shipped_file_reads_back_to_the_same_json():
    path = resource_path(*statement_tagger.MODEL_FILE)
    data = json.loads(gzip.decompress(path.read_bytes()))
    model = statement_tagger.StatementTagger.from_json(data)
    model.tag(["Lee", "said", "so", "."], ["lee", "said", "so", "."], ["NNP", "VBD", "RB", "."])   # sums kept
    assert model.to_json() == data


def test_many_sentences_at_once_are_tagged_as_each_alone(monkeypatch):
    model = statement_tagger.default_tagger()
    batch = []
    for sentence in SENTENCES * 3:
        words = sentence.split()
        batch.append((words, [w.lower() for w in words], pos_tagger().tag(words)))
    alone = [model.tag(*b) for b in batch]
    monkeypatch.setattr(statement_tagger, "_CHUNK_TOKENS", 20)     # several numpy calls, sentences whole
    assert model.tag_sentences([*batch, ([], [], [])]) == [*alone, []]

# --- training on made-up annotated articles -------------------------------------------------------

NAMES = ["Ana Ruiz", "Tom Berg", "Mia Chen", "Raj Patel", "Eva Stone", "Leo Grant", "Zoe Hart", "Max Wolf"]
CLAIMS = ["the bridge would close", "taxes must rise", "the plan had failed", "the vote was unfair",
          "schools need money", "the port will reopen", "prices kept falling", "the deal was dead"]


def _article(k: int) -> tuple[str, list[str]]:
    """Made-up paragraphs "NAME said that CLAIM." and a filler sentence, with brat lines."""
    text, lines, t = "", [], 0
    for j in range(4):
        name, claim = NAMES[(k + j) % len(NAMES)], CLAIMS[(k * 3 + j) % len(CLAIMS)]
        start = len(text)
        sentence = f"{name} said that {claim}. The weather was mild on Tuesday.\n\n"
        spans = {"Source": (start, start + len(name)),
                 "Cue": (start + len(name) + 1, start + len(name) + 5),
                 "Content": (start + len(name) + 11, start + len(name) + 11 + len(claim))}
        ids = {}
        for role, (s, e) in spans.items():
            t += 1
            ids[role] = f"T{t}"
            lines.append(f"T{t}\t{role} {s} {e}\t{sentence[s - start:e - start]}")
        lines.append(f"E{j + 1}\tAttribution:{ids['Cue']} Source:{ids['Source']} Cue:{ids['Cue']} "
                     f"Content:{ids['Content']}")
        text += sentence
    return text, lines


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for k in range(8):
        text, lines = _article(k)
        (tmp_path / "text" / f"doc{k}.txt").write_text(text, encoding="utf-8")
        (tmp_path / "attributions" / f"doc{k}_ann1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_labels_put_a_cue_before_a_content_that_holds_it():
    s = "Lee said Kim denied it."
    toks = tokens(s, 0, len(s))
    outer = {"C": [(9, 22)], "S": [(0, 3)], "Q": [(4, 8)]}
    inner = {"C": [(20, 22)], "S": [(9, 12)], "Q": [(13, 19)]}
    assert training.token_labels(toks, [outer, inner]) == ["B-S", "B-Q", "B-S", "B-Q", "B-C", "O"]


def test_training_learns_the_construction_and_writes_the_same_bytes(corpus: Path, tmp_path: Path):
    docs = training.load_documents(corpus)
    assert len(docs) == 8
    model = training.build(docs, epochs=3)
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    model.save(first)
    training.build(training.load_documents(corpus), epochs=3).save(second)
    assert first.read_bytes() == second.read_bytes()
    loaded = statement_tagger.load(first)
    s = "Ida Moss said that the museum would open."          # a name and a claim never seen
    found = loaded.find(s, [(0, len(s))])
    assert [(text_of(s, i.source), text_of(s, i.cue), [text_of(s, p) for p in i.content]) for i, _ in found] == [
        ("Ida Moss", "said", ["the museum would open"])]
    assert 0.0 < found[0][1] < 1.0
    assert loaded.find("The weather was mild on Tuesday.", [(0, 32)]) == []


def test_training_leaves_out_features_seen_on_too_few_tokens(corpus: Path):
    docs = training.load_documents(corpus)
    # each name's words occur on four tokens of the corpus at least, "said" on 32 ("Ana" on 4)
    assert sum(low == "ana" for d in docs for s in d.sentences for low in s.lows) == 4
    kept = training.train(docs, epochs=1, min_count=5)
    assert "w=said" in kept and "t1w=B-Ssaid" in kept
    assert "w=ana" not in kept and not any(f.startswith("t1w=") and f.endswith("ana") for f in kept)
    everything = training.train(docs, epochs=1, min_count=1)
    assert "w=ana" in everything and set(kept) < set(everything)


def test_agreement_of_a_statement_with_the_tagger():
    s = "Lee said taxes would rise . Kim said costs fall ."
    toks = tokens(s, 0, len(s))
    items = assemble(toks, [(t, 1.0) for t in ["B-S", "B-Q", "B-C", "I-C", "I-C", "O",
                                               "B-S", "B-Q", "B-C", "O", "O"]],
                     pos_tagger().tag([t.text for t in toks]))
    index = statement_tagger.TaggedIndex([(items[0], 0.9), (items[1], 0.3)])
    assert index.agreement(((9, 25),)) == "same:4"            # "taxes would rise"
    assert index.agreement(((9, 20),)) == "same:4"            # "taxes would": over half of the tagger's
    assert index.agreement(((9, 14),)) == "part"              # "taxes": under half of the tagger's
    assert index.agreement(((0, 36),)) == "part"              # the tagger's is under half of it
    assert index.agreement(((37, 47),)) == "same:1"           # "costs fall"
    assert index.agreement(((26, 28),)) == "none"
    assert statement_tagger.TaggedIndex([]).agreement(((0, 5),)) == "none"


def test_a_file_with_other_tags_is_refused():
    with pytest.raises(ValueError):
        StatementTagger.from_json({"tags": ["O", "B-X"], "features": [], "rows": [], "cols": [], "values": []})


# --- joining the rules' statements -----------------------------------------------------------------

def test_free_spans_by_bisection():
    free = attribution._Free([(10, 20), (15, 30), (50, 60)])
    assert free.free((0, 10)) and free.free((30, 50)) and free.free((60, 70))
    assert not free.free((29, 31)) and not free.free((0, 11)) and not free.free((55, 56))
    assert not free.free((0, 100))
    assert attribution._Free([]).free((0, 5))


def test_learnt_statements_skip_what_was_found_and_keep_the_rest(corpus: Path, monkeypatch):
    model = training.build(training.load_documents(corpus), epochs=3)
    monkeypatch.setattr(attribution, "LEARNT_MIN_CONFIDENCE", 0.0)
    text = "Ida Moss said that the museum would open. Ben Ford said that the park would close."
    tagged = model.find(text, [(0, 41), (42, len(text))])
    found = attribution.learnt_statements(tagged, [(19, 40)])
    assert [text_of(text, r.content[0]) for r, _, _ in found] == ["the park would close"]
    (item, phrase, conf), = found
    assert item.rule == "tagger" and text_of(text, item.source) == "Ben Ford" and text_of(text, phrase) == "Ben Ford"
    assert 0.0 <= conf <= 1.0
    (_, speaker, _), = reported.resolve_kept([], Registry(text, []), found)
    assert speaker is not None


def test_a_relative_source_speaks_for_its_antecedent():
    text = "Ada Stone, who said that taxes rise, left."
    item, = tagged(text.replace(",", " ,"), ["B-S", "I-S", "O", "B-S", "B-Q", "O", "B-C", "I-C", "O", "O", "O"])
    reg = Registry(text.replace(",", " ,"), [])
    learnt = attribution.learnt_statements([(item, 0.9)], [])
    (found, speaker, _), = reported.resolve_kept([], reg, learnt)
    assert text_of(text.replace(",", " ,"), found.source) == "who"
    assert [e.name for e in reg.entities() if e.id == speaker] == ["Ada Stone"]


def test_the_rules_confidence_model_learns_from_the_agreement_of_taggers_not_trained_on_the_article(corpus: Path):
    from reader.training import attribution_rules
    taggers = attribution_rules.jackknife_taggers(corpus)
    assert sorted(taggers) == [f"doc{k}.txt" for k in range(8)]
    assert taggers["doc0.txt"] is taggers["doc2.txt"] and taggers["doc0.txt"] is not taggers["doc1.txt"]
    examples: list = []
    attribution_rules.count(corpus, examples, taggers)
    assert examples and all(any(f.startswith("tg=") for f in features) for features, _ in examples)
