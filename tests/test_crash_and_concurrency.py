"""A hard kill mid-ingest loses nothing and corrupts nothing; the dashboard reads while an
ingest writes without ever seeing "database is locked"."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import queries
from db.ingest import ingest_paths
from db.queries import Filters
from db.store import open_database
from tests.conftest import PROJECT

SENTENCES = [
    "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد.",
    "ودعا كيري إلى استئناف المفاوضات بين الحكومة السورية والمعارضة في جنيف.",
    "وأكد ظريف أن مستقبل سوريا يقرره السوريون عبر صناديق الاقتراع.",
    "وقال فابيوس إن على الأسد أن يرحل عن السلطة في سوريا.",
]


def make_corpus(folder: Path, documents: int, tag: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(documents):
        body = "\n".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(8))
        (folder / f"{index:05d}.txt").write_text(f"خبر {tag} رقم {index}\n{body}\n" + "نص إضافي " * 100, encoding="utf-8")
    return folder


def ingest_process(corpus: Path, database: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "positions", "ingest", str(corpus), "--db", str(database),
                             "--workers", "1", "--no-progress"], cwd=PROJECT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def documents_in(database: Path) -> int:
    try:
        return sqlite3.connect(f"file:{database}?mode=ro", uri=True).execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_crash_kill_mid_batch_then_resume(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 2000)
    database = tmp_path / "crash.db"
    process = ingest_process(corpus, database)
    deadline = time.time() + 120
    while documents_in(database) < 256 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    conn = sqlite3.connect(database)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("select count(*) from documents").fetchone()[0]
    assert 0 < stored < 2000
    half_written = conn.execute(
        "select count(*) from documents d where d.n_statements != (select count(*) from statements s where s.doc_id = d.id)"
    ).fetchone()[0]
    assert half_written == 0
    conn.close()
    report = ingest_paths([str(corpus)], database, workers=1)
    conn = sqlite3.connect(database)
    assert conn.execute("select count(*) from documents").fetchone()[0] == 2000
    assert conn.execute("select count(distinct id) from documents").fetchone()[0] == 2000
    assert report.duplicates == stored and report.stored == 2000 - stored
    rollup = conn.execute("select sum(n) from daily").fetchone()[0]
    assert rollup == conn.execute("select count(*) from statements").fetchone()[0]


def test_concurrent_dashboard_reads_while_ingest_writes(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 1200)
    database = tmp_path / "shared.db"
    ingest_paths([str(make_corpus(tmp_path / "seed", 5, tag="seed"))], database, workers=1)
    process = ingest_process(corpus, database)
    errors: list[str] = []
    reads = 0
    try:
        while process.poll() is None:
            try:
                db = open_database(database, readonly=True)
                queries.count_statements(db, Filters())
                queries.timeline(db, Filters(topics=("assad_future",)))
                queries.phase_matrix(db, Filters())
                queries.statements_page(db, Filters(search="الأسد"))
                db.conn.close()
                reads += 1
            except sqlite3.OperationalError as error:
                errors.append(str(error))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0
    assert errors == [] and reads > 5
    assert documents_in(database) == 1205


@pytest.mark.parametrize("readonly", [True, False])
def test_concurrent_open_never_blocks_on_a_writer(tmp_path: Path, readonly: bool) -> None:
    database = tmp_path / "busy.db"
    ingest_paths([str(make_corpus(tmp_path / "seed", 3))], database, workers=1)
    writer = sqlite3.connect(database)
    writer.execute("begin immediate")
    writer.execute("insert into files (fingerprint, path, documents, ingested_at) values ('x', 'x', 0, 0)")
    started = time.time()
    db = open_database(database, readonly=readonly)
    assert queries.count_statements(db, Filters()) > 0
    assert time.time() - started < 2
    writer.rollback()
