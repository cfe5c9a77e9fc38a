"""Databases of earlier releases are migrated on open, or refused with a clear message
(issue 11, item 4). The released databases are generated here with the released code's own
schema calls (frozen below), then opened by today's code."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from db import schema
from db.ingest import ingest_paths
from db.queries import Filters, corpus_stats, timeline
from db.schema import MIGRATIONS, SCHEMA_VERSION
from db.store import StoreError, open_database
from positions.records import content_id
from tests.conftest import PROJECT

ARTICLE = "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."


# --- the released schemas, as the released code created them ---------------------------------

def _release_tables(db: sqlite_utils.Database, with_files: bool, with_daily: bool, new_indexes: bool) -> None:
    """ensure_schema of the releases 6d3af6c (no files, no daily), f989720 (no daily) and
    befaf8b … f8aa59b (schema 1), without their reference tables."""
    db["documents"].create({"id": str, "name": str, "origin": str, "title": str, "url": str, "source": str,
                            "date": str, "date_basis": str, "text": str, "n_statements": int, "ingested_at": float},
                           pk="id")
    db["statements"].create({
        "id": int, "doc_id": str, "doc": str, "char_start": int, "char_end": int, "sentence": str,
        "sentence_norm": str, "speaker": str, "speaker_ar": str, "country": str, "role": str, "topic": str,
        "stance": str, "score": int, "date": str, "date_basis": str, "phase": str, "cue": str, "cue_text": str,
        "attribution": str, "confidence": float, "reported": int, "reported_by": str,
    }, pk="id", foreign_keys=[("doc_id", "documents", "id")])
    db["statements"].enable_fts(["sentence_norm"], create_triggers=True, tokenize="unicode61")
    if with_daily:
        db.execute("""create table daily (topic text not null, country text not null, date text not null,
                       stance text not null, reported integer not null, phase text not null,
                       n integer not null, total integer not null,
                       primary key (topic, country, date, stance, reported, phase)) without rowid""")
        db.execute("create index daily_date on daily (date)")
    if with_files:
        db["files"].create({"fingerprint": str, "path": str, "documents": int, "ingested_at": float}, pk="fingerprint")
    db["speakers"].create({"speaker": str, "country": str, "role": str, "speaker_ar": str, "n_statements": int},
                          pk=("speaker", "country"))
    old = (["topic", "country", "date"], ["topic", "date"], ["phase", "topic", "country", "score"], ["doc_id"],
           ["speaker"], ["country", "date"], ["stance"], ["date"])
    new = (["topic", "country", "date"], ["topic", "date"], ["phase", "topic", "country", "score"], ["doc_id"],
           ["speaker", "date"], ["country", "date"], ["stance", "date"], ["date"], ["topic", "stance", "country", "date"])
    for columns in new if new_indexes else old:
        db["statements"].create_index(columns, if_not_exists=True)
    db["documents"].create_index(["date"], if_not_exists=True)
    db["events"].insert_all([{"phase": "vienna", "start": "2015-10-30", "end": None, "label": "Vienna",
                              "label_ar": "فيينا", "marker": True}], pk="phase")


STATEMENTS = [  # (doc, country, topic, stance, score, date, phase)
    ("d1", "RUS", "assad_future", "assad_syrians_decide", 1, "2015-11-04", "vienna"),
    ("d1", "USA", "assad_future", "assad_must_go", -2, "2015-11-04", "vienna"),
    ("d2", "RUS", "negotiations", "negotiations_support", 1, None, None),
]


def make_release_database(path: Path, release: str) -> Path:
    """A database as the release wrote it: its schema, two documents and their statements
    (and, where the release had one, the daily rollup it maintained)."""
    db = sqlite_utils.Database(path)
    ids = {doc: content_id(ARTICLE + doc) for doc in ("d1", "d2")}
    _release_tables(db, with_files=release != "6d3af6c", with_daily=release in ("befaf8b", "f8aa59b"),
                    new_indexes=release in ("befaf8b", "f8aa59b"))
    for doc in ("d1", "d2"):
        db["documents"].insert({"id": ids[doc], "name": f"{doc}.txt", "origin": f"/x/{doc}.txt", "title": None, "url": None,
                                "source": "src", "date": "2015-11-04", "date_basis": "metadata", "text": ARTICLE + doc,
                                "n_statements": sum(s[0] == doc for s in STATEMENTS), "ingested_at": 0.0})
    for doc, country, topic, stance, score, day, phase in STATEMENTS:
        db["statements"].insert({"doc_id": ids[doc], "doc": f"{doc}.txt", "char_start": 0, "char_end": 10,
                                 "sentence": ARTICLE, "sentence_norm": ARTICLE, "speaker": "Sergey Lavrov",
                                 "speaker_ar": "لافروف", "country": country, "role": "foreign minister", "topic": topic,
                                 "stance": stance, "score": score, "date": day, "date_basis": "document",
                                 "phase": phase, "cue": "c", "cue_text": "c", "attribution": "verb-subject",
                                 "confidence": 0.9, "reported": 0, "reported_by": None})
        if "daily" in db.table_names():
            db.execute("insert into daily values (?, ?, ?, ?, 0, ?, 1, ?) on conflict do update set n = n + 1,"
                       " total = total + excluded.total", [topic, country, day or "", stance, phase or "", score])
    db.conn.commit()
    db.conn.close()
    return path


RELEASES = ["6d3af6c", "f989720", "befaf8b", "f8aa59b"]


def _layout(path: Path) -> dict[str, object]:
    """Tables with their columns, indexes with theirs, triggers and the version."""
    conn = sqlite3.connect(path)
    tables = {name: [row[1:3] for row in conn.execute(f'pragma table_info("{name}")')]
              for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    indexes = {name: [row[2] for row in conn.execute(f'pragma index_info("{name}")')]
               for (name,) in conn.execute("select name from sqlite_master where type = 'index' and sql is not null")}
    triggers = sorted(row[0] for row in conn.execute("select name from sqlite_master where type = 'trigger'"))
    return {"tables": tables, "indexes": indexes, "triggers": triggers,
            "version": conn.execute("pragma user_version").fetchone()[0]}


# --- migrations -------------------------------------------------------------------------------

def test_schema_migrations_are_numbered_one_to_current() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("release", RELEASES)
def test_schema_release_database_is_migrated_and_shows_its_statements(tmp_path: Path, release: str) -> None:
    path = make_release_database(tmp_path / f"{release}.db", release)
    db = open_database(path)
    assert db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    stats = corpus_stats(db)
    assert (stats["documents"], stats["statements"]) == (2, 3)  # not the empty rollup of the bug
    assert stats["by_country"] == {"RUS": 2, "USA": 1}
    assert len(timeline(db, Filters(topics=("assad_future",)))) == 2
    assert db.execute("select count(*) from documents where extractor is null").fetchone()[0] == 2  # stale
    assert db.execute("select count(*) from statements_fts where statements_fts match 'لافروف'").fetchone()[0] == 3
    db.conn.close()
    # every migrated database has the layout of a new one (extra indexes of old releases aside)
    fresh = open_database(tmp_path / "fresh.db")
    fresh.conn.close()
    migrated, new = _layout(path), _layout(tmp_path / "fresh.db")
    assert migrated["tables"] == new["tables"] and migrated["triggers"] == new["triggers"]
    assert migrated["version"] == new["version"] == SCHEMA_VERSION
    assert {k: v for k, v in migrated["indexes"].items() if k in new["indexes"]} == new["indexes"]


def test_schema_release_database_then_ingest_and_reextract(tmp_path: Path) -> None:
    path = make_release_database(tmp_path / "old.db", "f8aa59b")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "new.txt").write_text(ARTICLE, encoding="utf-8")
    report = ingest_paths([str(tmp_path / "corpus")], path, workers=1)
    assert report.stored == 1 and report.stale == 2
    result = subprocess.run([sys.executable, "-m", "positions", "reextract", "--db", str(path), "--workers", "1"],
                            cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "documents re-extracted: 2" in result.stdout
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from documents where extractor is null").fetchone()[0] == 0
    assert conn.execute("select sum(n) from daily").fetchone()[0] == conn.execute("select count(*) from statements").fetchone()[0]


def test_schema_migration_that_fails_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_release_database(tmp_path / "old.db", "f8aa59b")
    before = _layout(path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("create table half_done (x)")
        raise sqlite3.OperationalError("simulated failure in migration 2")

    monkeypatch.setattr(schema, "MIGRATIONS", [MIGRATIONS[0], schema.Migration(2, "broken", broken)])
    with pytest.raises(StoreError, match="simulated failure"):
        open_database(path)
    assert _layout(path) == before


# --- refusals ---------------------------------------------------------------------------------

def test_schema_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_database(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"pragma user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match=f"schema {SCHEMA_VERSION + 5} was written by a newer version"):
            open_database(path, readonly=readonly)


def test_schema_other_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("create table invoices (id integer primary key, total real)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a positions database .*invoices"):
        open_database(path)
    assert path.read_bytes() == before and _layout(path)["tables"].keys() == {"invoices"}


def test_schema_read_only_open_of_an_older_schema_says_how_to_migrate(tmp_path: Path) -> None:
    path = make_release_database(tmp_path / "old.db", "f8aa59b")
    with pytest.raises(StoreError, match="schema 0 is older .* open it once for writing"):
        open_database(path, readonly=True)
    open_database(path).conn.close()
    assert open_database(path, readonly=True).execute("select count(*) from documents").fetchone()[0] == 2
