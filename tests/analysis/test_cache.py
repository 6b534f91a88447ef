from reader.analysis.cache import AnswerCache


def test_round_trip_and_key_sensitivity(tmp_path):
    cache = AnswerCache(tmp_path)
    key = cache.key(kind="summaries", article="a", model="m", prompt="1")
    assert key != cache.key(kind="summaries", article="a", model="m", prompt="2")
    assert cache.get(key) is None
    cache.put(key, {"text": "hello"})
    assert cache.get(key) == {"text": "hello"}


def test_corrupt_entry_is_discarded(tmp_path):
    cache = AnswerCache(tmp_path)
    key = cache.key(x=1)
    cache.put(key, {"text": "ok"})
    path = next(tmp_path.rglob("*.json"))
    path.write_text('{"key": "trunc')
    assert cache.get(key) is None and not path.exists()


def test_disabled_cache(tmp_path):
    cache = AnswerCache(tmp_path, enabled=False)
    cache.put("k", {"text": "x"})
    assert cache.get("k") is None and not any(tmp_path.iterdir())
