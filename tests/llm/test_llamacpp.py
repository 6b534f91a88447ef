"""The in-process backend, with real llama.cpp and the embedded SmolLM2-135M model."""
import json
import threading

import pytest

from reader.cancel import CancelToken
from reader.errors import Cancelled, ModelError
from reader.llm.backend import complete
from reader.llm.llamacpp import LlamaCppBackend
from reader.models.discovery import check_gguf, resolve_model
from reader.models.gguf_header import context_length, read_metadata

ASK = [{"role": "system", "content": "You answer briefly."},
       {"role": "user", "content": "Name one colour of the sky."}]


def test_metadata_without_loading(model_path):
    meta = read_metadata(model_path)
    assert context_length(meta) == 8192
    assert "{%" in meta["tokenizer.chat_template"]


def test_context_and_template_come_from_the_model(model_path):
    b = LlamaCppBackend(str(model_path))
    try:
        assert b.info.n_ctx == 8192 and b.info.context_length == 8192
        assert "im_start" in b.info.chat_template
    finally:
        b.close()


def test_streams_text_with_usage(backend):
    chunks = list(backend.chat(ASK, max_tokens=12))
    assert chunks[-1].done and not chunks[-1].text
    text = "".join(c.text for c in chunks)
    assert text.strip()
    usage = chunks[-1].usage
    assert usage.prompt_tokens > 10 and 0 < usage.completion_tokens <= 12


def test_schema_constrains_output(backend):
    schema = {"type": "object", "properties": {"colour": {"type": "string", "enum": ["blue", "grey"]}},
              "required": ["colour"]}
    text, _ = complete(backend, ASK, max_tokens=30, schema=schema)
    assert json.loads(text)["colour"] in ("blue", "grey")


def test_shared_prefix_is_not_prefilled_again(backend):
    system = {"role": "system", "content": "You answer briefly. " + "Context sentence. " * 60}
    complete(backend, [system, {"role": "user", "content": "First question?"}], max_tokens=4)
    _, usage = complete(backend, [system, {"role": "user", "content": "Second question?"}], max_tokens=4)
    assert usage.prefilled_tokens < usage.prompt_tokens / 3


def test_cancel_between_tokens_keeps_model_usable(backend):
    cancel = CancelToken()
    produced = 0
    with pytest.raises(Cancelled):
        for _chunk in backend.chat(ASK, max_tokens=200, cancel=cancel):
            produced += 1
            cancel.cancel()
    assert produced <= 2
    assert complete(backend, ASK, max_tokens=5)[0].strip()


def test_cancel_during_prefill(backend):
    long_prompt = [{"role": "user", "content": "Summarise: " + "The harbour council met again today. " * 350}]
    cancel = CancelToken()
    timer = threading.Timer(0.05, cancel.cancel)
    timer.start()
    with pytest.raises(Cancelled):
        for _ in backend.chat(long_prompt, max_tokens=50, cancel=cancel):
            pass
    timer.cancel()
    assert complete(backend, ASK, max_tokens=5)[0].strip()


def test_prompt_larger_than_context(backend):
    with pytest.raises(ModelError, match="does not fit"):
        complete(backend, [{"role": "user", "content": "word " * 6000}], max_tokens=5)


def test_bad_model_files(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model(tmp_path / "missing.gguf")
    not_gguf = tmp_path / "x.gguf"
    not_gguf.write_bytes(b"<html>not a model</html>" * 10)
    with pytest.raises(ModelError, match="not a GGUF"):
        check_gguf(not_gguf)


def test_truncated_model(tmp_path, model_path):
    cut = tmp_path / "cut.gguf"
    with open(model_path, "rb") as src:
        cut.write_bytes(src.read(3_000_000))
    with pytest.raises(ModelError):
        LlamaCppBackend(str(cut)).count_tokens("weights load on first use")
    head_only = tmp_path / "head.gguf"
    head_only.write_bytes(model_path.read_bytes()[:1000])
    with pytest.raises(ModelError, match="truncated|damaged"):
        read_metadata(head_only)


def test_local_models_lists_the_embedded_default_first(model_path):
    from reader.models.discovery import local_models
    assert local_models()[0] == model_path


def test_threads_follow_how_busy_the_machine_is(model_path):
    import llama_cpp

    b = LlamaCppBackend(str(model_path), n_ctx=2048)
    busy = {"others": 1000.0}
    b.meter = type("Meter", (), {"others": lambda self: busy["others"]})()
    try:
        usage = list(b.chat(ASK, max_tokens=4))[-1].usage
        assert usage.threads == b.threads_now == 1 == llama_cpp.llama_n_threads(b.llm._ctx.ctx)
        busy["others"] = 0.0                               # the other program stopped
        usage = list(b.chat(ASK, max_tokens=4))[-1].usage
        assert usage.threads == b.threads == llama_cpp.llama_n_threads(b.llm._ctx.ctx)
    finally:
        b.close()


def test_threads_the_user_chose_stay_put(model_path):
    b = LlamaCppBackend(str(model_path), n_ctx=2048, n_threads=1)
    try:
        assert b.meter is None
        assert list(b.chat(ASK, max_tokens=4))[-1].usage.threads == 1
    finally:
        b.close()
