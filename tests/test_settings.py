import pytest

from reader.errors import ModelError
from reader.models.discovery import resolve_model
from reader.settings import Settings, load_settings, settings_path


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("STANCE_READER_MODEL", raising=False)


def test_missing_file_means_defaults():
    settings = load_settings()
    assert settings == Settings() and not settings.problem


def test_round_trip_is_human_readable():
    Settings(model='/m/a "b".gguf', threads=3, temperature=0.2, max_actors=4).save()
    text = settings_path().read_text()
    assert 'threads = 3' in text and 'max_actors = 4' in text
    loaded = load_settings()
    assert (loaded.model, loaded.threads, loaded.temperature, loaded.max_actors) == ('/m/a "b".gguf', 3, 0.2, 4)
    assert not loaded.problem and loaded.small_model_writes is False and "small_model_writes = false" in text
    Settings(small_model_writes=True).save()
    assert load_settings().small_model_writes is True and not load_settings().problem


def test_malformed_file_gives_defaults_and_says_why():
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text("threads = [unclosed\n")
    settings = load_settings()
    assert settings.threads == 0 and "could not be read" in settings.problem


def test_wrong_type_is_ignored_with_a_reason():
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text('threads = "many"\nmax_actors = 2\n')
    settings = load_settings()
    assert settings.threads == 0 and settings.max_actors == 2 and "threads" in settings.problem


def test_model_from_settings(tmp_path):
    Settings(model=str(tmp_path / "missing.gguf")).save()
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model()
