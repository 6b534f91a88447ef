"""Model faults: missing, truncated or wrong GGUF files, a model that writes nothing or invalid JSON,
a prompt over the context, and an OpenAI-compatible server that refuses, stalls, drops the stream or
sends garbage. Each ends in a clear ModelError (a ReaderError), and what was done is kept, marked."""
from __future__ import annotations

import json
import os
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_checks import delta, send_json, serve_models, sse_head

from reader.analysis.cache import AnswerCache
from reader.analysis.pipeline import Finished, SectionDone
from reader.analysis.runner import run_report
from reader.cancel import CancelToken
from reader.errors import Cancelled, ModelError, ReaderError
from reader.export.markdown import escape, render_markdown
from reader.importers.markdown import import_markdown
from reader.llm.backend import Chunk, ModelInfo, Usage, complete
from reader.llm.openai_http import OpenAIHTTPBackend
from reader.models.gguf_header import read_metadata
from reader.nlp.pipeline import analyze_article

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))   # the long run: see docs/RELIABILITY.md
ARTICLE = """# Ferry Service to Resume

The city will restart the North Shore ferry in May after a two-year pause, officials said on Monday.

"This ferry is a lifeline for the island," Mayor Ann Lee said. "We will run it every hour."

## Critics Push Back

Bob Stone, a council member, said the plan was too expensive. "We cannot afford a boat that runs empty,"
Stone said. He added that buses would serve the island better.
"""


@pytest.fixture(scope="module")
def analysis():
    return analyze_article(import_markdown(ARTICLE, source="ferry.md"))


# -- GGUF files -----------------------------------------------------------------------------------
def _s(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def _v(value) -> bytes:
    if isinstance(value, bool):
        return struct.pack("<I?", 7, value)
    if isinstance(value, int):
        return struct.pack("<II", 4, value)
    if isinstance(value, str):
        return struct.pack("<I", 8) + _s(value)
    return struct.pack("<IIQ", 9, 8, len(value)) + b"".join(_s(v) for v in value)


def gguf(meta: dict, tensors: int = 1) -> bytes:
    """A small valid GGUF v3 file: ``meta`` and ``tensors`` F32 tensors of four zeros."""
    out = b"GGUF" + struct.pack("<IQQ", 3, tensors, len(meta))
    out += b"".join(_s(k) + _v(v) for k, v in meta.items())
    out += b"".join(_s(f"t{i}.weight") + struct.pack("<IQIQ", 1, 4, 0, 32 * i) for i in range(tensors))
    out += b"\0" * (-len(out) % 32)
    return out + b"\0" * (32 * (tensors - 1) + 16 if tensors else 0)   # exactly as long as the header says


LLAMA = {"general.architecture": "llama", "general.type": "model", "general.name": "Tiny",
         "llama.context_length": 2048, "tokenizer.chat_template": "{{ messages }}"}
BERT = {"general.architecture": "bert", "general.name": "MiniLM embedder", "bert.context_length": 512,
        "bert.pooling_type": 1, "tokenizer.ggml.model": "bert", "tokenizer.ggml.tokens": ["[PAD]", "a"]}


def test_missing_model_file(tmp_path, capsys):
    from reader.cli import main
    from reader.llm.llamacpp import LlamaCppBackend
    from reader.llm.loader import open_backend

    missing = tmp_path / "gone.gguf"
    with pytest.raises(ModelError, match="does not exist"):
        open_backend(str(missing))
    with pytest.raises(ModelError, match="cannot be read"):
        LlamaCppBackend(str(missing))
    article = tmp_path / "a.md"
    article.write_text(ARTICLE)
    assert main(["summarize", str(article), "--model", str(missing), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


def test_truncated_header_at_every_length(tmp_path):
    from reader.llm.llamacpp import LlamaCppBackend

    data = gguf({**LLAMA, "tokenizer.ggml.tokens": ["a", "b", "c"]}, tensors=2)
    path = tmp_path / "cut.gguf"
    for length in range(0, len(data)):
        path.write_bytes(data[:length])
        with pytest.raises(ModelError) as info:
            LlamaCppBackend(str(path))
        assert str(info.value).endswith(".")


def test_a_valid_tiny_header_reads(tmp_path):
    path = tmp_path / "ok.gguf"
    path.write_bytes(gguf(LLAMA, tensors=2))
    meta = read_metadata(path)
    assert meta["general.architecture"] == "llama" and meta["gguf.tensor_count"] == 2


@pytest.mark.parametrize("meta, tensors, message", [
    (BERT, 1, r"embedding model \(bert\)"),
    ({**LLAMA, "llama.pooling_type": 2}, 1, "embedding model"),
    ({**LLAMA, "general.type": "adapter"}, 1, "adapter file"),
    ({**LLAMA, "general.architecture": "clip", "general.type": "mmproj"}, 1, "mmproj file"),
    (LLAMA, 0, "holds no weights"),
])
def test_a_gguf_of_the_wrong_kind_is_refused_before_llama_cpp(tmp_path, meta, tensors, message):
    from reader.llm.llamacpp import LlamaCppBackend

    path = tmp_path / "wrong.gguf"
    path.write_bytes(gguf(meta, tensors))
    with pytest.raises(ModelError, match=message):
        LlamaCppBackend(str(path))


def test_odd_metadata_types_do_not_crash(tmp_path):
    from reader.llm.llamacpp import CHATML, LlamaCppBackend

    path = tmp_path / "odd.gguf"
    path.write_bytes(gguf({**LLAMA, "tokenizer.chat_template": 7, "general.name": 5, "llama.context_length": "x"}))
    backend = LlamaCppBackend(str(path), n_ctx=512)
    assert backend.info.chat_template == CHATML and backend.info.name == "5"


@settings(max_examples=FUZZ_EXAMPLES or 300, deadline=None, derandomize=not FUZZ_EXAMPLES,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([2, 3, 4]), st.integers(0, 3), st.integers(0, 2**64 - 1))
def test_gguf_header_fuzz(tmp_path_factory, tail, version, tensors, count):
    path = tmp_path_factory.mktemp("gguf") / "fuzz.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", version, tensors, count % 40) + tail)
    try:
        meta = read_metadata(path)
    except ModelError as error:
        assert str(error).endswith(".")
    else:
        assert isinstance(meta, dict)


def test_deeply_nested_arrays_in_a_header(tmp_path):
    path = tmp_path / "nested.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + _s("k") + struct.pack("<I", 9)
                     + struct.pack("<IQ", 9, 1) * 5000 + struct.pack("<IQ", 4, 0))
    with pytest.raises(ModelError, match="nested too deep"):
        read_metadata(path)


# -- fake backends --------------------------------------------------------------------------------
class FakeBackend:
    """The backend contract with scripted answers: ``answer(call_number, messages, schema)`` returns
    the text pieces to stream, or raises."""

    def __init__(self, answer, n_ctx: int = 2048, parameters: int = 0):
        self.answer = answer
        self.calls = 0
        self.info = ModelInfo(file="fake.gguf", sha256="f" * 64, name="fake", context_length=n_ctx, n_ctx=n_ctx,
                              parameters=parameters)

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def chat(self, messages, *, max_tokens=256, temperature=0.0, schema=None, cancel=None) -> Iterator[Chunk]:
        self.calls += 1
        for piece in self.answer(self.calls, messages, schema):
            if cancel is not None:
                cancel.check()
            yield Chunk(piece)
        yield Chunk("", done=True, usage=Usage(prompt_tokens=10, completion_tokens=3))

    def close(self) -> None:
        pass


def good_answer(call, messages, schema):
    if schema is not None:
        evidence = schema["properties"]["evidence"]["items"]["enum"][0]
        target = schema["properties"]["target"]["enum"][0]
        return [json.dumps({"label": "supports", "target": target, "evidence": [evidence],
                            "note": "Ann Lee said the ferry is a lifeline for the island."})]
    if "overview" in messages[0]["content"]:
        return ["The North Shore ferry ", "returns to the island in May."]
    return ["The city will restart ", "the North Shore ferry in May."]


def run(analysis, backend, **kwargs):
    events = list(run_report(analysis, backend, **kwargs))
    assert isinstance(events[-1], Finished)
    return events, events[-1].report


def test_invalid_json_gives_unclear_stances_in_the_actors_own_words(analysis, tmp_path):
    def answer(call, messages, schema):
        return ['{"label": "supports", "evid', "ence\": [oops"] if schema is not None else good_answer(call, messages, None)

    _, report = run(analysis, FakeBackend(answer), cache=AnswerCache(tmp_path), max_actors=2)
    assert not report.errors and report.stances
    text = analysis.article.text
    for note in report.stances:
        assert note.label == "unclear" and note.flag is None and note.draft_flag == "invalid model output"
        name = analysis.entity(note.entity).name
        assert 1 <= len(note.evidence) <= 2 and note.note.startswith(name)
        for span in note.evidence:          # each cited statement's words are in the note
            assert " ".join(text[span[0]:span[1]].split()).rstrip(",”\"") in note.note
    assert "invalid model output" not in render_markdown(analysis, report)     # the reader sees words, not errors


def test_the_overview_never_repeats_a_section_summary_word_for_word(analysis, tmp_path):
    def answer(call, messages, schema):          # every section and the overview: the same sentence
        if schema is None and "overview" in messages[0]["content"]:
            return ["The city will restart the North Shore ferry in May. ", "The island welcomed the news."]
        return good_answer(call, messages, schema)

    _, report = run(analysis, FakeBackend(answer), cache=AnswerCache(tmp_path), max_actors=1)
    assert [s.text for s in report.summaries[0].sentences] == ["The city will restart the North Shore ferry in May."]
    texts = [s.text for s in report.overview]
    assert "The island welcomed the news." in texts
    assert "The city will restart the North Shore ferry in May." not in texts


def test_an_overview_with_nothing_new_falls_back_on_the_article_s_key_sentence(analysis, tmp_path):
    def answer(call, messages, schema):          # the overview only repeats a section summary
        if schema is None and "overview" in messages[0]["content"]:
            return ["The city will restart the North Shore ferry in May."]
        return good_answer(call, messages, schema)

    _, report = run(analysis, FakeBackend(answer), cache=AnswerCache(tmp_path), max_actors=1)
    [key] = report.overview
    [lead] = key.evidence
    assert key.extract and key.flag is None
    assert key.text == " ".join(analysis.article.text[lead[0]:lead[1]].split())
    assert lead[0] >= analysis.article.paragraphs[0][0] and len(key.text.split()) >= 8
    assert f"- *Key sentence:* {escape(key.text)}" in render_markdown(analysis, report)


@pytest.mark.parametrize("parameters", [135_000_000, 7_000_000_000, 0])
def test_a_small_model_is_not_asked_for_the_overview(analysis, tmp_path, parameters):
    asked = []

    def answer(call, messages, schema):
        asked.append("overview" in messages[0]["content"] and schema is None)
        return good_answer(call, messages, schema)

    _, report = run(analysis, FakeBackend(answer, parameters=parameters), cache=AnswerCache(tmp_path), max_actors=1)
    if parameters == 135_000_000:       # under a billion weights: the key sentence, the model not asked
        [key] = report.overview
        assert key.extract and key.text.startswith("The city will restart") and not any(asked)
        assert report.timings["overview"]["calls"] == 0
    else:                               # a big model, or one of unknown size (a server), writes it
        assert [s.text for s in report.overview] == ["The North Shore ferry returns to the island in May."]
        assert sum(asked) == 1 and not report.overview[0].extract


def test_a_small_model_asked_to_write_writes_but_still_does_not_judge(analysis, tmp_path):
    from reader.analysis.pipeline import output_version
    from reader.llm.prompts import PROMPT_VERSION
    small = FakeBackend(good_answer, parameters=135_000_000)
    _, report = run(analysis, small, cache=AnswerCache(tmp_path), max_actors=1, small_model_writes=True)
    assert report.summaries and not any(s.extract for summary in report.summaries for s in summary.sentences)
    assert report.stances and all(n.label == "unclear" and n.draft_label == "supports" for n in report.stances)
    assert report.model["prompt_version"] == PROMPT_VERSION
    _, report = run(analysis, FakeBackend(good_answer, parameters=135_000_000), max_actors=1)
    assert report.model["prompt_version"] == output_version(135_000_000) != PROMPT_VERSION   # key sentences
    assert output_version(7_000_000_000) == output_version(0) == PROMPT_VERSION


def test_an_empty_answer_is_marked_and_not_cached(analysis, tmp_path):
    backend = FakeBackend(lambda call, messages, schema: [])
    _, report = run(analysis, backend, cache=AnswerCache(tmp_path), max_actors=2)
    assert not report.errors
    assert [s.sentences for s in report.summaries] == [(), ()]
    assert report.stances and all(note.label == "unclear" for note in report.stances)
    assert all(note.draft_flag == "invalid model output" and note.flag is None and note.note
               for note in report.stances)
    markdown = render_markdown(analysis, report)
    assert markdown.count("*(the model wrote no summary)*") == 2
    assert not list(tmp_path.rglob("*.json"))     # nothing cached: the next run asks again
    _, again = run(analysis, FakeBackend(good_answer), cache=AnswerCache(tmp_path), max_actors=2)
    assert all(s.sentences for s in again.summaries)


def test_failure_mid_answer_keeps_finished_work_and_the_partial_section(analysis, tmp_path):
    def answer(call, messages, schema):
        if call == 1:
            return good_answer(call, messages, schema)
        return _fail_after(["Bob Stone said the plan ", "was too expensive. He added"])

    events, report = run(analysis, FakeBackend(answer), cache=AnswerCache(tmp_path), max_actors=2)
    assert report.errors == ["The model stopped: connection lost."]
    assert [(s.section, s.partial) for s in report.summaries] == [(0, False), (1, True)]
    assert report.summaries[1].sentences[0].text == "Bob Stone said the plan was too expensive."
    assert any(isinstance(e, SectionDone) and e.summary.partial for e in events)   # the UI hears of it
    markdown = render_markdown(analysis, report)
    assert "stopped early (The model stopped: connection lost.)" in markdown
    assert "Cut short" in markdown
    # the partial answer was not cached; the finished one was
    backend = FakeBackend(good_answer)
    _, again = run(analysis, backend, cache=AnswerCache(tmp_path), max_actors=2)
    assert not again.errors and not any(s.partial for s in again.summaries)
    assert again.timings["summaries"]["cached"] == 1 and again.timings["summaries"]["calls"] == 1


def _fail_after(pieces):
    yield from pieces
    raise ModelError("The model stopped: connection lost.")


def test_context_overflow_is_a_clear_error_and_keeps_summaries(analysis):
    def answer(call, messages, schema):
        if schema is not None:
            raise ModelError("The prompt (5000 tokens) does not fit the model's context (2048 tokens).")
        return good_answer(call, messages, schema)

    _, report = run(analysis, FakeBackend(answer), max_actors=2)
    assert len(report.errors) == 1 and "does not fit" in report.errors[0]
    assert len(report.summaries) == 2 and not any(s.partial for s in report.summaries)
    assert report.overview and not report.stances


def test_cancel_keeps_finished_items_only(analysis):
    cancel = CancelToken()

    def answer(call, messages, schema):
        if call == 2:
            cancel.cancel()
        return good_answer(call, messages, schema)

    _, report = run(analysis, FakeBackend(answer), cancel=cancel, max_actors=2)
    assert report.cancelled and not report.errors
    assert [s.section for s in report.summaries] == [0]


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                           st.sampled_from(["label", "target", "evidence", "note", "x"]) | st.text(max_size=5),
                           inner, max_size=5), max_leaves=20)


@settings(max_examples=FUZZ_EXAMPLES or 300, deadline=None, derandomize=not FUZZ_EXAMPLES,
          suppress_health_check=[HealthCheck.too_slow])
@given(JSONISH.map(json.dumps) | st.text(max_size=200)
       | st.builds(lambda d, cut: json.dumps(d)[:cut], JSONISH, st.integers(0, 200)))
def test_any_model_output_gives_a_valid_stance_note(analysis, answer):
    from reader.analysis.pipeline import ModelCalls
    from reader.analysis.stance import parse_stance
    from reader.llm.prompts import LABELS

    calls = ModelCalls(analysis, FakeBackend(good_answer))
    entity = calls.sources.main_actors(1)[0]
    items = calls.sources.evidence_for(entity)
    note = parse_stance(calls, entity, answer, items)
    assert note.label in LABELS
    assert note.evidence and set(note.evidence) <= {span for _, span, _, _ in items}
    assert isinstance(note.note, str) and isinstance(note.target, str)
    assert note.note and note.flag is None          # whatever the model wrote, the shown note is grounded


# -- an OpenAI-compatible server that misbehaves ----------------------------------------------------
def test_server_refuses_connections():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]     # closed once the block ends: nothing listens there
    with pytest.raises(ModelError, match="connection refused"):
        OpenAIHTTPBackend(f"http://127.0.0.1:{port}")


def test_server_that_never_answers_times_out(server):
    """Accepts the connection and reads the request, then says nothing at all."""
    spoke = threading.Event()

    def handler(srv, conn, path, body):
        srv.release.wait(120)
        spoke.set()
    silent = server(handler)
    with pytest.raises(ModelError, match="timed out"):
        OpenAIHTTPBackend(silent.url, stall_timeout=0.5)
    assert not spoke.is_set()      # given up while the server still said nothing


def test_server_that_stalls_on_chat_is_given_up_or_cancelled(server):
    spoke = threading.Event()

    def handler(srv, conn, path, body):
        if not serve_models(srv, conn, path, body):
            srv.release.wait(120)      # never answers the chat request (until the test ends)
            spoke.set()
    stalled = server(handler)
    backend = OpenAIHTTPBackend(stalled.url, stall_timeout=0.5)
    with pytest.raises(ModelError, match="sent nothing for 0.5 seconds"):
        complete(backend, [{"role": "user", "content": "hi"}])
    patient = OpenAIHTTPBackend(stalled.url, stall_timeout=60)
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    with pytest.raises(Cancelled):
        complete(patient, [{"role": "user", "content": "hi"}], cancel=cancel)
    assert not spoke.is_set()     # given up, then cancelled, while the server still said nothing


def test_a_tokenizer_that_stops_answering_is_asked_once(server):
    state = {"tokenize": 0}

    def handler(srv, conn, path, body):
        if path.endswith("/v1/models"):
            send_json(conn, {"data": [{"id": "fake", "max_model_len": 2048}]})
        elif path.endswith("/extras/tokenize"):
            state["tokenize"] += 1
            if state["tokenize"] == 1:
                send_json(conn, {"tokens": [1, 2, 3]})
            else:
                srv.release.wait(30)     # stalls from the second request on
        else:
            send_json(conn, {"detail": "Not Found"}, 404)
    backend = OpenAIHTTPBackend(server(handler).url, stall_timeout=0.3)
    assert backend.count_tokens("one two three") == 3
    counts = [backend.count_tokens("word " * 40) for _ in range(5)]
    assert counts == [50] * 5               # estimates once the server stopped answering
    for _ in range(200):                    # the server thread may count the request late on a busy machine
        if state["tokenize"] >= 2:
            break
        time.sleep(0.05)
    assert state["tokenize"] == 2           # it was waited for once, not once per paragraph


def test_summaries_keep_what_came_before_a_dropped_stream(server, analysis):
    state = {"chats": 0}

    def handler(srv, conn, path, body):
        if serve_models(srv, conn, path, body):
            return
        state["chats"] += 1
        sse_head(conn)
        if state["chats"] == 1:
            conn.sendall(delta("The city will restart the ferry in May.", "stop") + b"data: [DONE]\n\n")
        else:
            conn.sendall(delta("Bob Stone said the plan was too expensive. He") + delta(" added"))
            conn.shutdown(socket.SHUT_RDWR)     # the connection drops mid-answer

    backend = OpenAIHTTPBackend(server(handler).url)
    _, report = run(analysis, backend, max_actors=2)
    assert len(report.errors) == 1 and "cut off" in report.errors[0]
    assert [(s.section, s.partial) for s in report.summaries] == [(0, False), (1, True)]
    assert report.summaries[1].sentences[0].text == "Bob Stone said the plan was too expensive."


@pytest.mark.parametrize("garbage", [
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>Welcome to nginx</html>\n",
    b"SSH-2.0-OpenSSH_9.6\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: {\"choices\": \"x\"}\n\ndata: {\n\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
    b"\x00\xff" * 100,
])
def test_garbage_from_the_server_is_a_model_error(server, analysis, garbage):
    def handler(srv, conn, path, body):
        if not serve_models(srv, conn, path, body):
            conn.sendall(garbage)
    backend = OpenAIHTTPBackend(server(handler).url, stall_timeout=2)
    _, report = run(analysis, backend, max_actors=1)
    assert len(report.errors) == 1 and report.errors[0].endswith(".")
    assert not report.summaries


def test_a_server_that_ignores_max_tokens_is_cut_off(server):
    def handler(srv, conn, path, body):
        if serve_models(srv, conn, path, body):
            return
        sse_head(conn)
        while not srv.release.is_set():    # writes forever, until the client hangs up
            conn.sendall(delta("la "))
    backend = OpenAIHTTPBackend(server(handler).url)
    text, usage = complete(backend, [{"role": "user", "content": "sing"}], max_tokens=20)
    assert text.count("la") <= 2 * 20 + 65 and usage.completion_tokens <= 2 * 20 + 65


def test_every_fault_is_a_reader_error():
    assert issubclass(ModelError, ReaderError) and issubclass(Cancelled, ReaderError)


def test_an_actor_whose_every_statement_fails_grounding_gets_a_plain_note_not_a_flagged_one():
    from reader.analysis.pipeline import ModelCalls
    from reader.analysis.stance import parse_stance
    from reader.nlp.pipeline import analyze_article as analyze

    text = ('# Dock Vote\n\nAnn Lee said the plan was "a disaster for the docks" and left.\n\n'
            'Bob Stone told workers that the plan was "a disaster for the docks" too.\n')
    made = analyze(import_markdown(text, source="docks.md"))
    calls = ModelCalls(made, FakeBackend(good_answer))
    bob = next(e.id for e in made.entities if e.name == "Bob Stone")
    items = calls.sources.evidence_for(bob)
    assert items, "the made-up article gives Bob Stone a statement"
    note = parse_stance(calls, bob, json.dumps({"label": "opposes", "target": "the article's issue",
                                                "evidence": [items[0][0]],
                                                "note": "Bob Stone said the plan was a disaster for the docks."}), items)
    assert note.flag is None and note.label == "unclear"
    assert note.note.startswith("The article's statements of Bob Stone could not be checked as theirs (quote given")
    assert note.evidence == (items[0][1],)
