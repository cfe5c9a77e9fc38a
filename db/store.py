"""SQLite storage through sqlite-utils: schema, indexes, full-text search, atomic writes.

Owns every write. A batch of documents and their statements is stored in one transaction,
so a crash leaves either the whole batch or none of it; documents are keyed by a content
hash, so a document is never stored twice. WAL mode lets the dashboard read while an
ingest writes.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from positions.events import calendar
from positions.lexicon import load_lexicon
from positions.normalise import normalise_plain
from positions.records import Document, Statement

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


def connect(path: Path | str, readonly: bool = False) -> sqlite3.Connection:
    """A connection with WAL, a generous busy timeout and foreign keys on."""
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def open_database(path: Path | str, readonly: bool = False, sync: bool = False) -> sqlite_utils.Database:
    """The project database, created with its schema when new.

    ``sync`` refreshes the events, countries and stances tables from the data files (ingest
    does); otherwise an existing database is opened without any write, so opening it never
    waits on an ingest running beside.
    """
    try:
        db = sqlite_utils.Database(connect(path, readonly=readonly))
        if not readonly and (sync or "daily" not in db.table_names()):
            ensure_schema(db)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: {error}") from error
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create tables, indexes and the search index if missing (idempotent)."""
    if "documents" not in db.table_names():
        db["documents"].create({
            "id": str, "name": str, "origin": str, "title": str, "url": str, "source": str,
            "date": str, "date_basis": str, "text": str, "n_statements": int, "ingested_at": float,
        }, pk="id")
    if "statements" not in db.table_names():
        db["statements"].create({
            "id": int, "doc_id": str, "doc": str, "char_start": int, "char_end": int, "sentence": str,
            "sentence_norm": str, "speaker": str, "speaker_ar": str, "country": str, "role": str,
            "topic": str, "stance": str, "score": int, "date": str, "date_basis": str, "phase": str,
            "cue": str, "cue_text": str, "attribution": str, "confidence": float, "reported": int,
            "reported_by": str,
        }, pk="id", foreign_keys=[("doc_id", "documents", "id")])
        db["statements"].enable_fts(["sentence_norm"], create_triggers=True, tokenize="unicode61")
    if "daily" not in db.table_names():
        # Rollup of statements per day: the timeline, phase matrix, convergence and counts
        # read this instead of a million rows whenever no speaker or text filter applies.
        db.execute("""create table daily (topic text not null, country text not null, date text not null,
                       stance text not null, reported integer not null, phase text not null,
                       n integer not null, total integer not null,
                       primary key (topic, country, date, stance, reported, phase)) without rowid""")
        db.execute("create index daily_date on daily (date)")
    if "files" not in db.table_names():
        db["files"].create({"fingerprint": str, "path": str, "documents": int, "ingested_at": float}, pk="fingerprint")
    if "speakers" not in db.table_names():
        db["speakers"].create({"speaker": str, "country": str, "role": str, "speaker_ar": str, "n_statements": int},
                              pk=("speaker", "country"))
    for columns in (["topic", "country", "date"], ["topic", "date"], ["phase", "topic", "country", "score"],
                    ["doc_id"], ["speaker", "date"], ["country", "date"], ["stance", "date"], ["date"],
                    ["topic", "stance", "country", "date"]):
        db["statements"].create_index(columns, if_not_exists=True)
    db["documents"].create_index(["date"], if_not_exists=True)
    from db.corrections import ensure_corrections_table  # here: db.corrections imports this module

    ensure_corrections_table(db)
    _sync_reference_tables(db)


def _sync_reference_tables(db: sqlite_utils.Database) -> None:
    """Events and the codebook's countries, for the dashboard's labels and markers."""
    db["events"].insert_all(
        ({"phase": r["phase"], "start": r["start"], "end": r["end"] or None, "label": r["label"],
          "label_ar": r["label_ar"], "marker": r["marker"] == "yes"} for r in calendar()),
        pk="phase", replace=True)
    codebook = load_lexicon().codebook
    db["countries"].insert_all(
        ({"code": code, **info} for code, info in codebook["countries"].items()), pk="code", replace=True)
    db["stances"].insert_all(
        ({"code": code, **info} for code, info in codebook["stances"].items()), pk="code", replace=True)


def existing_ids(db: sqlite_utils.Database) -> set[str]:
    """Ids of documents already stored (for skipping duplicates before extraction)."""
    return {row[0] for row in db.execute("select id from documents")}


def ingested_files(db: sqlite_utils.Database) -> dict[str, int]:
    """Fingerprints of input files fully ingested before, with their document counts."""
    return {row[0]: row[1] for row in db.execute("select fingerprint, documents from files")}


def store_batch(db: sqlite_utils.Database, batch: Iterable[tuple[Document, list[Statement]]],
                finished_files: Iterable[tuple[str, str, int]] = ()) -> tuple[int, int]:
    """Store documents with their statements in one transaction; returns (documents, statements) added.

    A document already present (same content hash) is skipped with its statements.
    ``finished_files`` (fingerprint, path, documents) are files all of whose documents are
    now stored; they are recorded in the same transaction, so a crash never marks a file
    done whose documents are missing.
    """
    added_docs = added_statements = 0
    conn = db.conn
    now = time.time()
    with conn:  # one transaction: all of the batch or nothing
        for doc, statements in batch:
            cursor = conn.execute(
                "insert or ignore into documents (id, name, origin, title, url, source, date, date_basis, text,"
                " n_statements, ingested_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.id, doc.name, doc.origin, doc.title, doc.url, doc.source, doc.date,
                 doc.date_basis, doc.text, len(statements), now))
            if cursor.rowcount == 0:
                continue
            added_docs += 1
            conn.executemany(
                "insert into statements (doc_id, doc, char_start, char_end, sentence, sentence_norm, speaker,"
                " speaker_ar, country, role, topic, stance, score, date, date_basis, phase, cue, cue_text,"
                " attribution, confidence, reported, reported_by) values"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(doc.id, s.doc, s.char_start, s.char_end, s.sentence, normalise_plain(s.sentence), s.speaker,
                  s.speaker_ar, s.country, s.role, s.topic, s.stance, s.score, s.date, s.date_basis, s.phase,
                  s.cue, s.cue_text, s.attribution, s.confidence, int(s.reported), s.reported_by)
                 for s in statements])
            conn.executemany(
                "insert into daily (topic, country, date, stance, reported, phase, n, total) values (?, ?, ?, ?, ?, ?, 1, ?)"
                " on conflict do update set n = n + 1, total = total + excluded.total",
                [(s.topic, s.country, s.date or "", s.stance, int(s.reported), s.phase or "", s.score) for s in statements])
            conn.executemany(
                "insert into speakers (speaker, country, role, speaker_ar, n_statements) values (?, ?, ?, ?, 1)"
                " on conflict (speaker, country) do update set n_statements = n_statements + 1",
                [(s.speaker, s.country, s.role, s.speaker_ar) for s in statements])
            added_statements += len(statements)
        conn.executemany("insert or replace into files (fingerprint, path, documents, ingested_at) values (?, ?, ?, ?)",
                         [(fingerprint, path, count, now) for fingerprint, path, count in finished_files])
    return added_docs, added_statements
