"""Screenshots of the person view, for docs/screenshots/ (see its README for what each shows).

    xvfb-run -a .venv/bin/python tests/screenshots/person_screenshots.py [--dark] [--no-model] OUT_DIR ARTICLE PERSON...

Opens ARTICLE in a window with its own settings and library, waits for the model stage that opening
starts (so the stance lines are filled; ``--no-model`` does not wait, for a quick look), then for each window size
(1366×768 and 1920×1080) and each PERSON (an entity name, e.g. "Emmanuel Macron") selects the
person in the People panel, activates their first quoted statement (else their first) and saves
``person-<size>-<light|dark>-<person>.png``.
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from take_screenshots import dark_palette, settle, wait_for

from reader.ui.app import create_app
from reader.ui.main_window import MainWindow

SIZES = ((1366, 768), (1920, 1080))


def main() -> int:
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) < 3:
        print(__doc__)
        return 2
    out, article, people = Path(args[0]), Path(args[1]), args[2:]
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    palette = "dark" if "--dark" in flags else "light"
    if palette == "dark":
        app.setPalette(dark_palette())
    scratch = Path(tempfile.mkdtemp())
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, library_path=scratch / "library.sqlite3")
    window.resize(*SIZES[0])
    window.show()
    window.controller.open_path(article)
    wait_for(lambda: window.analysis is not None)
    if "--no-model" not in flags:       # the model stage starts by itself once the article is shown
        wait_for(lambda: window.controller.report is not None)
    settle()
    for width, height in SIZES:
        window.resize(width, height)
        settle()
        for name in people:
            entity = next((e for e in window.analysis.entities if e.name == name), None)
            if entity is None:
                raise SystemExit(f"no entity named {name!r} in {article}")
            window.entities.select(entity.id)
            settle()
            statements = window.person.statements()
            if statements:           # a quoted one when there is one: the highlight shows quote and cue
                row = next((i for i, st in enumerate(statements) if st.kind == "direct" and st.cue), 0)
                index = window.person.model.index(row)
                window.person.list.setCurrentIndex(index)
                window.person.list.chosen.emit(index)
            settle(500)
            slug = re.sub(r"[^a-z]+", "-", name.lower()).strip("-")
            path = out / f"person-{width}x{height}-{palette}-{slug}.png"
            window.grab().save(str(path), "PNG", 0)     # 0: the smallest file (PNG is lossless)
            print(path)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
