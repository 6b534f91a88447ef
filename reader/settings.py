"""User settings: a small human-readable TOML file in the platformdirs config folder.

``~/.config/stance-reader/settings.toml`` on Linux, for example::

    model = "/home/me/models/qwen2.5-3b-instruct-q4_k_m.gguf"
    threads = 4
    context = 8192
    max_actors = 10
    server_url = ""

Every key is optional. A missing file means defaults; an unreadable or malformed file also means
defaults (and :func:`load_settings` says why in ``Settings.problem``), never a crash.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

import platformdirs

from . import APP_ID
from .storage import atomic_write_text


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_ID)) / "settings.toml"


@dataclass
class Settings:
    model: str = ""            # GGUF path; empty: the embedded default
    threads: int = 0           # 0: chosen from the CPU count
    context: int = 0           # 0: from the model (capped at 8192)
    temperature: float = 0.0
    max_actors: int = 10       # stance notes for at most this many actors
    server_url: str = ""       # an OpenAI-compatible server instead of a local model
    small_model_writes: bool = False   # let a model under 1B weights write summaries and notes
    problem: str = ""          # why the file could not be used, if it could not

    def save(self, path: Path | None = None) -> None:
        lines = []
        for f in fields(self):
            if f.name == "problem":
                continue
            value = getattr(self, f.name)
            if isinstance(value, str):
                value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            elif isinstance(value, bool):
                value = "true" if value else "false"         # TOML's spelling
            lines.append(f"{f.name} = {value}")
        atomic_write_text(path or settings_path(), "\n".join(lines) + "\n")


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(problem=f"The settings file “{path}” could not be read ({error}); defaults are used.")
    settings = Settings()
    for f in fields(Settings):
        if f.name in data and f.name != "problem":
            value = data[f.name]
            kind = type(getattr(settings, f.name))
            if kind is float and isinstance(value, int):
                value = float(value)
            if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
                setattr(settings, f.name, value)
            else:
                settings.problem = f"“{f.name}” in {path} should be a {kind.__name__}; the default is used."
    return settings
