import sqlite3
from pathlib import Path

from db.ingest import ingest_paths, source_file
from db.store import open_database

ARTICLE = "وقال لافروف إن الشعب السوري هو الذي يقرر مصير الأسد."


def test_store_ingest_twice_adds_nothing(sample_dir: Path, db_path: Path) -> None:
    first = ingest_paths([str(sample_dir)], db_path, workers=1)
    second = ingest_paths([str(sample_dir)], db_path, workers=1)
    assert (first.stored, first.duplicates) == (5, 0) and first.statements > 0
    assert (second.stored, second.duplicates, second.statements) == (0, 5, 0)
    db = open_database(db_path)
    assert db.conn.execute("select count(*) from documents").fetchone()[0] == 5
    assert db.conn.execute("select count(*) from statements").fetchone()[0] == first.statements


def test_store_bad_file_does_not_stop_batch(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    report = ingest_paths([str(tmp_path)], db_path, workers=1)
    assert report.stored == 1 and len(report.rejected) == 1
    assert "bad.json" in report.rejected[0].origin and "invalid JSON" in report.rejected[0].reason
    assert "rejected 1" not in report.render() and "rejected: 1" in report.render()


def test_store_parallel_workers_store_same_statements(sample_dir: Path, tmp_path: Path) -> None:
    single = ingest_paths([str(sample_dir)], tmp_path / "one.db", workers=1)
    parallel = ingest_paths([str(sample_dir)], tmp_path / "two.db", workers=2)
    assert single.statements == parallel.statements


def test_store_wal_and_schema(db_path: Path) -> None:
    db = open_database(db_path)
    assert db.conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {"documents", "statements", "speakers", "events", "statements_fts"} <= set(db.table_names())
    assert db.conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_store_undated_document_gets_inferred_date(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "a.txt").write_text("السبت 21/نوفمبر/2015\n" + ARTICLE, encoding="utf-8")
    ingest_paths([str(tmp_path)], db_path, workers=1)
    row = sqlite3.connect(db_path).execute("select date, date_basis from documents").fetchone()
    assert row == ("2015-11-21", "dateline")


def test_store_source_file() -> None:
    assert source_file("/x/a.zip!d/b.json#3") == "/x/a.zip"
    assert source_file("/x/a.jsonl:12") == "/x/a.jsonl"
