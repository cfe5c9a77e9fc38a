"""Misuse and failure say so (issue 11, item 14): a missing path, ``--workers 0`` or ``-3``,
``--scheduler`` without ``--engine dask`` exit 2 before anything is read; a full disk ends
with one clear message, exit 1, and what was stored before is kept; a re-run that skips a
file still reports that file's rejections and warnings. (Concurrent ingests adding up is in
test_new_database_race.py.)"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import ingest as ingest_module
from db import store
from db.ingest import ingest_paths
from positions.cli import main
from tests.conftest import PROJECT
from tests.test_crash_and_concurrency import make_corpus

ARTICLE = "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "positions", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_cli_misuse_missing_path_exits_2_and_reads_nothing(tmp_path: Path, command: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    extra = ["--db", str(tmp_path / "x.db")] if command == "ingest" else []
    result = run(command, str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), *extra)
    assert result.returncode == 2
    assert f"no such file or folder: {tmp_path / 'missing.txt'}" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.db").exists()


def test_cli_misuse_missing_meta_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("ingest", str(tmp_path), "--meta", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "nope.jsonl" in result.stderr and not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("workers", ["0", "-3", "two"])
@pytest.mark.parametrize("command", ["ingest", "reextract"])
def test_cli_misuse_workers_must_be_positive(tmp_path: Path, capsys: pytest.CaptureFixture, command: str,
                                             workers: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    paths = [str(tmp_path / "a.txt")] if command == "ingest" else []
    with pytest.raises(SystemExit) as exit_:
        main([command, *paths, "--db", str(tmp_path / "x.db"), "--workers", workers])
    assert exit_.value.code == 2 and "--workers" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_cli_misuse_scheduler_needs_the_dask_engine(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:8786"])
    assert exit_.value.code == 2 and "--scheduler needs --engine dask" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_cli_misuse_disk_full_is_one_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The database may not grow past a few hundred pages here: SQLite then fails exactly as
    on a full disk (SQLITE_FULL, "database or disk is full")."""
    corpus = make_corpus(tmp_path / "corpus", 150)
    database = tmp_path / "full.db"
    monkeypatch.setattr(ingest_module, "CHUNK", 32)
    connect = store.connect

    def small_disk(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.execute("pragma max_page_count = 250")  # 1 MB of 4 KB pages: a chunk or two fit
        return conn

    monkeypatch.setattr(store, "connect", small_disk)
    status = main(["ingest", str(corpus), "--db", str(database), "--workers", "1", "--no-progress"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    message = captured.err.strip().splitlines()
    assert len(message) == 1 and message[0].startswith("error: ") and "the disk is full" in message[0]
    assert "free some space and ingest again" in message[0]
    stored = int(next(line for line in captured.out.splitlines() if line.startswith("documents stored:")).split(":")[1])
    conn = sqlite3.connect(database)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert 0 < stored == conn.execute("select count(*) from documents").fetchone()[0] < 150
    assert conn.execute("select count(*) from documents d where n_statements !="
                        " (select count(*) from statements s where s.doc_id = d.id)").fetchone()[0] == 0


def test_cli_misuse_rejections_of_skipped_files_are_reported_again(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("\n".join([
        json.dumps({"text": ARTICLE, "date": "9999-12-31"}, ensure_ascii=False), "{broken",
        json.dumps({"title": "no text"})]), encoding="utf-8")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not a zip")
    first = ingest_paths([str(tmp_path)], tmp_path / "r.db", workers=1)
    second = ingest_paths([str(tmp_path)], tmp_path / "r.db", workers=1)
    assert second.stored == 0 and second.duplicates == 1  # a.jsonl skipped unread this time
    assert [(r.origin, r.reason) for r in second.rejected] == [(r.origin, r.reason) for r in first.rejected]
    assert len(first.rejected) == 3
    assert [(w.origin, w.message) for w in second.warnings] == [(w.origin, w.message) for w in first.warnings] != []
