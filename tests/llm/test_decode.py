"""Our token loop (reader/llm/decode.py): the same answers as llama-cpp-python's own sampler chain,
with the grammar consulted lazily; stop strings; sampling within top-k."""
import json

import numpy as np
import pytest

from reader.llm import prompts
from reader.llm.backend import complete
from reader.llm.decode import Sampling, StopFilter, choose, penalise

EVIDENCE = [("Q1", "“This is a gamble with people’s lives,” Reyes said."),
            ("Q2", "“We will fight it,” he said."),
            ("S3", "Reyes led the opposition to the harbour plan.")]
TARGETS = ["the harbour plan", "Elena Varga"]


def reference(backend, messages, schema, max_tokens):
    """llama-cpp-python's create_completion: penalties and grammar over the whole vocabulary."""
    from llama_cpp.llama_grammar import LlamaGrammar
    prompt, stops = backend.format(messages)
    grammar = LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False) if schema else None
    backend.llm.reset()
    out = backend.llm.create_completion(prompt, max_tokens=max_tokens, temperature=0.0, repeat_penalty=1.1,
                                        grammar=grammar, stop=stops or None)
    return out["choices"][0]["text"]


@pytest.mark.parametrize("constrained", [True, False], ids=["json-schema", "free-text"])
def test_same_answer_as_llama_cpp_python(backend, constrained):
    messages = prompts.stance_messages(TARGETS[0], "Tomás Reyes", EVIDENCE, TARGETS)
    schema = prompts.stance_schema([eid for eid, _ in EVIDENCE], TARGETS) if constrained else None
    ours, usage = complete(backend, messages, max_tokens=80, schema=schema)
    theirs = reference(backend, messages, schema, 80)
    assert ours.strip() == theirs.strip()
    assert usage.completion_tokens > 5
    if constrained:
        answer = json.loads(ours)
        assert set(answer["evidence"]) <= {"Q1", "Q2", "S3"} and answer["target"] in TARGETS


def test_stop_filter_holds_back_a_possible_stop_and_cuts_at_it():
    stop = StopFilter(["<|im_end|>"])
    assert stop.feed("Hello <|im") == "Hello "       # "<|im" might begin the stop string
    assert stop.feed("_en") == ""
    assert stop.feed("d|> ignored") == "" and stop.stopped
    other = StopFilter(["<|im_end|>"])
    assert other.feed("a <|i") == "a " and other.feed("s fine") == "<|is fine" and not other.stopped
    assert other.flush() == ""


def test_greedy_is_the_argmax_and_sampling_stays_in_the_top_k():
    rng = np.random.default_rng(1)
    logits = np.linspace(-5, 5, 1000).astype(np.float32)
    assert choose(logits, Sampling(temperature=0.0), rng) == 999
    picks = {choose(logits, Sampling(temperature=5.0), rng) for _ in range(300)}
    assert picks <= set(range(960, 1000)) and len(picks) > 5


def test_repeat_penalty_lowers_recent_tokens_only():
    logits = np.array([2.0, -2.0, 1.0, 3.0], dtype=np.float32)
    out = penalise(logits, [0, 1, 1], 2.0)
    assert out.tolist() == [1.0, -4.0, 1.0, 3.0]
    assert logits.tolist() == [2.0, -2.0, 1.0, 3.0]          # the model's own buffer is untouched
    assert penalise(logits, [0], 1.0) is logits
