"""Two processes writing to one library at once (two app windows, or the app and a batch run)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from reader.library import Library

WRITER = textwrap.dedent("""
    import sys
    from reader.library import Library
    from reader.library.synthetic import make_analysis
    db, who = sys.argv[1], sys.argv[2]
    with Library(db) as lib:
        for i in range(50):
            # every 5th article is the same text in both processes: one article, two paths
            tag = f"shared {i}" if i % 5 == 0 else f"{who} {i}"
            data = make_analysis(f"Article {tag}", [f"Body of {tag} about harbor cranes."],
                                 entities=[("Elena Varga", "person")], quotes=[("Elena Varga", f"Quote {tag}")],
                                 date=f"2026-01-{1 + i % 28:02d}")
            lib.add(data, f"/{who}/{i}.txt")
            if i % 10 == 0:
                lib.search("harbor", person="Varga")
    print("ok")
""")


def test_two_processes_insert_without_corruption(tmp_path):
    db = tmp_path / "lib.sqlite3"
    Library(db).close()     # created first so that both writers only add rows
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), who], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for who in ("left", "right")]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with Library(db) as lib:
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert lib.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')") is not None
        assert lib.count() == 10 + 2 * 40
        assert lib.db.execute("SELECT count(*) FROM paths").fetchone()[0] == 100
        shared = lib.search('"shared 5"')
        assert len(shared) == 1 and set(shared[0].article.paths) == {"/left/5.txt", "/right/5.txt"}
        assert len(lib.search("harbor", limit=1000)) == 90
        assert len(lib.person("Varga").quotes) == 90


def test_two_processes_create_the_file_at_once(tmp_path):
    db = tmp_path / "new.sqlite3"
    code = "import sys; from reader.library import Library; Library(sys.argv[1]).close(); print('ok')"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with Library(db) as lib:
        assert lib.count() == 0
