"""Training the part-of-speech tagger (reader.training.pos) on a small made-up CoNLL-U file."""
from __future__ import annotations

from reader.nlp.pos import PosTagger
from reader.training import pos as pos_training

CONLLU = """# text = Officials said the plan would fail.
1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tplan\tplan\tNOUN\tNN\t_\t6\tnsubj\t_\t_
5\twould\twould\tAUX\tMD\t_\t6\taux\t_\t_
6\tfail\tfail\tVERB\tVB\t_\t2\tccomp\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = Trump's aides don't agree.
1-2\tTrump's\t_\t_\t_\t_\t_\t_\t_\t_
1\tTrump\tTrump\tPROPN\tNNP\t_\t3\tnmod:poss\t_\tSpaceAfter=No
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\taides\taide\tNOUN\tNNS\t_\t6\tnsubj\t_\t_
4\tdo\tdo\tAUX\tVBP\t_\t6\taux\t_\tSpaceAfter=No
5\tn't\tnot\tPART\tRB\t_\t6\tadvmod\t_\t_
6\tagree\tagree\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_
"""


def test_sentences_are_read_in_the_apps_tokens(tmp_path):
    path = tmp_path / "GUM_news_test.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    sentences = pos_training.read_sentences(path)
    assert sentences[0] == (["Officials", "said", "the", "plan", "would", "fail", "."],
                            ["NNS", "VBD", "DT", "NN", "MD", "VB", "."])
    # "Trump's" and "don't" stay one token, tagged as the GUM word they start with
    words, tags = sentences[1]
    assert words == ["Trump's", "aides", "don't", "agree", "."]
    assert tags == ["NNP", "NNS", "VBP", "VB", "."]


def test_a_trained_tagger_tags_its_training_sentences(tmp_path):
    path = tmp_path / "GUM_news_test.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    sentences = pos_training.read_sentences(path)
    tags, weights = pos_training.train(sentences, epochs=5, min_weight=0.0)
    tagger = PosTagger(tags, weights)
    accuracy, total = pos_training.accuracy(tagger, sentences)
    assert total == 12 and accuracy == 1.0
    again = pos_training.train(sentences, epochs=5, min_weight=0.0)
    assert again == (tags, weights)                      # seeded: the same model every time


def test_the_wordnet_lexicon_gives_each_word_its_parts_of_speech(tmp_path):
    # a made-up WordNet: index files (a lemma per line) and exception files (form, lemma)
    (tmp_path / "index.verb").write_text("  licence header\nplan v 1\ngrow v 1\nsay v 1\nwarn v 1\n", encoding="latin-1")
    (tmp_path / "index.adj").write_text("loud a 1\n", encoding="latin-1")
    (tmp_path / "index.adv").write_text("loudly r 1\n", encoding="latin-1")
    (tmp_path / "index.noun").write_text("plan n 1\nbudget n 1\n", encoding="latin-1")
    (tmp_path / "verb.exc").write_text("grew grow\nsaid say\n", encoding="latin-1")
    (tmp_path / "adj.exc").write_text("louder loud\n", encoding="latin-1")
    (tmp_path / "adv.exc").write_text("", encoding="latin-1")
    (tmp_path / "noun.exc").write_text("", encoding="latin-1")
    lexicon = pos_training.wordnet_lexicon(tmp_path)
    assert lexicon["plan"] == "nv" and lexicon["plans"] == "nv" and lexicon["warned"] == "v"
    assert lexicon["grew"] == "v" and lexicon["said"] == "v" and lexicon["louder"] == "a"
    assert lexicon["loudly"] == "r" and "budget" not in lexicon      # only a noun: left out


def test_the_lexicon_is_a_feature_of_the_word_and_its_neighbours():
    from reader.nlp.pos import features
    feats = features(["Prices", "grew"], 1, None, {"grew": "v"})
    assert "wn=v" in feats and "wn-1=-" in feats and "wn|w-1=v|prices" in feats
