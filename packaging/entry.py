"""The frozen bundle's entry point, shared by both of its executables.

``stance-reader-cli`` (the name ends in ``-cli``) is :func:`reader.cli.main`; ``stance-reader`` is
``python -m reader``: the CLI when a subcommand or ``--version`` is given, otherwise the desktop
app. ``stance-reader --self-test`` opens the bundled sample in the real main window (use
``QT_QPA_PLATFORM=offscreen`` without a display), waits for the analysis from the spawned worker
process, checks it and the application icon, and exits 0 or 1; ``packaging/build.py`` runs it.
"""
from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

SELF_TEST = "--self-test"
SELF_TEST_SECONDS = 120


def gui_self_test() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon

    from reader.resources import SAMPLE_ARTICLE, resource_path
    from reader.ui.app import create_app
    from reader.ui.main_window import MainWindow

    app = create_app()
    problems = []
    icon = QIcon()
    for path in sorted(resource_path("icons").glob("stance-reader*.*")):
        icon.addFile(str(path))
    if icon.isNull() or icon.pixmap(48, 48).isNull():
        problems.append("the application icon does not load")
    svg = QIcon(str(resource_path("icons", "stance-reader.svg")))
    if svg.pixmap(64, 64).isNull():
        problems.append("the SVG icon does not render (no Qt SVG plugin?)")
    window = MainWindow()
    window.show()
    window.open_path(resource_path(*SAMPLE_ARTICLE))
    outcome: dict[str, str] = {}
    ticks = {"left": SELF_TEST_SECONDS * 10}

    def poll() -> None:
        analysis = window.analysis
        ticks["left"] -= 1
        if analysis is not None:
            people = [e for e in analysis.entities if e.type == "person"]
            outcome["result"] = (f"{len(analysis.article.sections)} sections, {len(analysis.entities)} entities "
                                 f"({len(people)} people), {len(analysis.quotes)} quotes")
            if not people or not analysis.quotes:
                problems.append(f"the sample's analysis is incomplete: {outcome['result']}")
        elif ticks["left"] <= 0:
            problems.append(f"no analysis after {SELF_TEST_SECONDS} s; status: {window.status_label.text()!r}")
        else:
            return
        timer.stop()
        window.close()
        app.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(100)
    app.exec()
    for problem in problems:
        print(f"self-test: FAILED: {problem}", file=sys.stderr)
    if not problems:
        print(f"self-test: ok: {outcome['result']}; window title {window.windowTitle()!r}")
    return 1 if problems else 0


def main() -> int:
    # A spawned worker (the app's analysis process) starts this executable again: hand it over
    # to multiprocessing before anything else runs.
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if Path(sys.executable).stem.lower().endswith("-cli"):
        from reader.cli import main as cli_main
        return cli_main(argv)
    if argv == [SELF_TEST]:
        return gui_self_test()
    from reader.__main__ import main as reader_main
    return reader_main(argv)


if __name__ == "__main__":
    sys.exit(main())
