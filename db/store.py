"""SQLite storage through sqlite-utils: opening (and migrating), atomic writes, re-extraction.

Owns every write. A batch of documents and their statements is stored in one transaction,
so a crash leaves either the whole batch or none of it; a batch that does not go in at once
is stored document by document, each its own savepoint, so one document that cannot be
stored is rejected alone and the others are kept.
Documents are keyed by a content hash, so a document is never stored twice; a document
whose metadata was corrected, or whose statements came from an older extractor, has its
statements replaced — together with the daily rollup, the speaker counts and the search
index — and no other table is touched. WAL mode lets the dashboard read while an ingest
writes. The schema and its migrations live in ``db.schema``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from db import search
from db.schema import (
    BAND_COLUMNS,
    CONFIDENCE_BANDS,
    ROLLUP_KEYS,
    SCHEMA_VERSION,
    SchemaError,
    migrate,
    pending,
    sentence_sql,
)
from positions.events import calendar
from positions.lexicon import load_codebook
from positions.readers import Rejection
from positions.records import Document, Statement

BUSY_TIMEOUT_MS = 30_000
METADATA_BASES = ("metadata", "metadata-hijri")  # a date given with the document, not inferred from its text
# A document that cannot be stored for its own sake (a value SQLite or UTF-8 refuses);
# anything else (disk full, I/O error) is the database's problem and ends the batch.
_DOCUMENT_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, UnicodeEncodeError,
                    OverflowError, ValueError, TypeError)


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


@dataclass
class StoreResult:
    """What storing one batch did."""

    added: int = 0
    statements: int = 0
    duplicates: int = 0
    updated: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    incomplete_files: set[str] = field(default_factory=set)  # fingerprints of files with a rejected document


@dataclass(frozen=True)
class FinishedFile:
    """An input file all of whose documents are now stored, with what its reading reported."""

    fingerprint: str
    path: str
    documents: int
    notes: tuple[tuple[str, str, str], ...] = ()  # (kind: rejected | warning, origin, message)


def connect(path: Path | str, readonly: bool = False, wal: bool = True) -> sqlite3.Connection:
    """A connection with a generous busy timeout, and (writable, ``wal``) in WAL mode."""
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        if wal:
            _writable_mode(conn)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _writable_mode(conn: sqlite3.Connection) -> None:
    _wal(conn)
    conn.execute("PRAGMA synchronous=NORMAL")


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. Two processes doing so on a new file at once can be told "locked" at
    once, without the busy handler; one of them has switched it by then, so retry briefly."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def open_database(path: Path | str, readonly: bool = False, sync: bool = False) -> sqlite_utils.Database:
    """The project database, created or migrated to the current schema when opened for writing.

    ``sync`` refreshes the events, countries and stances tables from the data files (ingest
    does); otherwise a database already at the current schema is opened without any write,
    so opening it never waits on an ingest running beside. Read-only, a database of an older
    schema is refused with the command that migrates it.
    """
    conn = None
    try:
        conn = connect(path, readonly=readonly, wal=False)
        todo = pending(conn, str(path))  # refuses another application's file before anything is written to it
        if readonly and todo:
            raise StoreError(f"{path}: schema {todo[0].version - 1} is older than this version's {SCHEMA_VERSION};"
                             f" open it once for writing to migrate it (python -m positions stats --db {path})")
        if not readonly:
            _writable_mode(conn)
            if sync or todo:
                migrate(conn, str(path), then=_sync_reference_tables)
    except (sqlite3.DatabaseError, SchemaError) as error:
        if conn is not None:
            conn.close()
        raise StoreError(str(error) if isinstance(error, SchemaError) else f"{path}: {error}") from error
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return sqlite_utils.Database(conn)


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Bring the schema up to date and refresh the reference tables (idempotent)."""
    migrate(db.conn, "database", then=_sync_reference_tables)


def _sync_reference_tables(conn: sqlite3.Connection) -> None:
    """Events and the codebook's countries and stances, for the dashboard's labels and
    markers (inside the caller's transaction; a key new to the codebook becomes a column)."""
    events = [{"phase": r["phase"], "start": r["start"], "end": r["end"] or None, "label": r["label"],
               "label_ar": r["label_ar"], "marker": r["marker"] == "yes"} for r in calendar()]
    codebook = load_codebook()
    for table, rows in (("events", events),
                        ("countries", [{"code": c, **info} for c, info in codebook["countries"].items()]),
                        ("stances", [{"code": c, **info} for c, info in codebook["stances"].items()])):
        columns = {row[1] for row in conn.execute(f'pragma table_info("{table}")')}
        for name in sorted({name for row in rows for name in row} - columns):
            conn.execute(f'alter table "{table}" add column "{name}"')
            columns.add(name)
        for row in rows:
            names = list(row)
            values = [json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for v in row.values()]
            conn.execute(f'insert or replace into "{table}" (' + ", ".join(f'"{n}"' for n in names) + ") values ("
                         + ", ".join("?" for _ in names) + ")", values)
    search.ensure_current(conn)


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, its lock taken up front (so it never fails half-way for a
    reader's snapshot); SQLite's own errors — disk full above all — become a StoreError."""
    try:
        conn.execute("begin immediate")
    except sqlite3.OperationalError as error:
        raise StoreError(f"{_file_of(conn)}: cannot write: {error}") from error
    try:
        yield conn
        conn.execute("commit")
    except BaseException as error:
        try:
            conn.execute("rollback")
        except sqlite3.Error:
            pass  # SQLite rolled back by itself (e.g. after a full disk)
        if isinstance(error, sqlite3.OperationalError):
            raise StoreError(_write_failure(conn, error)) from error
        raise


def _file_of(conn: sqlite3.Connection) -> str:
    try:
        return next((row[2] for row in conn.execute("pragma database_list") if row[1] == "main"), "database")
    except sqlite3.Error:
        return "database"


def _write_failure(conn: sqlite3.Connection, error: sqlite3.OperationalError) -> str:
    if "full" in str(error):
        return (f"{_file_of(conn)}: the disk is full ({error}); what was stored before is kept,"
                " the batch being written was rolled back; free some space and ingest again")
    return f"{_file_of(conn)}: cannot write: {error}"


def existing_ids(db: sqlite_utils.Database) -> set[str]:
    """Ids of documents already stored (for skipping duplicates before extraction)."""
    return {row[0] for row in db.execute("select id from documents")}


def ingested_files(db: sqlite_utils.Database) -> dict[str, int]:
    """Fingerprints of input files fully ingested before, with their document counts."""
    return {row[0]: row[1] for row in db.execute("select fingerprint, documents from files")}


def file_notes(db: sqlite_utils.Database, fingerprint: str) -> list[tuple[str, str, str]]:
    """(kind, origin, message) reported when the file was read, for a re-run that skips it."""
    return db.execute("select kind, origin, message from file_notes where fingerprint = ? order by rowid",
                      [fingerprint]).fetchall()


def stored_metadata(db: sqlite_utils.Database, doc_id: str) -> Document | None:
    """The stored document's name and metadata (text left out), or None."""
    row = db.execute("select name, title, url, source, date, date_basis, origin from documents where id = ?",
                     [doc_id]).fetchone()
    if row is None:
        return None
    name, title, url, source, day, basis, origin = row
    return Document(name=name, text="", date=day if basis in METADATA_BASES else None, title=title, url=url,
                    source=source, origin=origin, date_basis=basis if basis in METADATA_BASES else None)


def metadata_changed(stored: Document, incoming: Document) -> bool:
    """The same record (same name) came with other metadata: a correction to apply."""
    return stored.name == incoming.name and (stored.title, stored.url, stored.source, stored.date) != (
        incoming.title, incoming.url, incoming.source, incoming.date)


def stale_count(db: sqlite_utils.Database, version: str) -> int:
    """Documents whose statements came from another extractor version (or an unknown one)."""
    return db.execute("select count(*) from documents where extractor is null or extractor != ?", [version]).fetchone()[0]


def store_batch(db: sqlite_utils.Database, batch: Iterable[tuple[Document, list[Statement]]],
                finished_files: Iterable[FinishedFile | tuple] = (), extractor: str | None = None,
                replace: frozenset[str] | set[str] = frozenset(), files_of: Mapping[str, str] | None = None,
                incomplete: Collection[str] = ()) -> StoreResult:
    """Store documents with their statements in one transaction.

    A document already present (same content hash) is a duplicate and skipped with its
    statements — unless its id is in ``replace``: then its row is updated and its
    statements replaced. ``finished_files`` are files all of whose documents are now
    stored; they are recorded in the same transaction, so a crash never marks a file done
    whose documents are missing. A document that cannot be stored is rolled back alone and
    returned as a rejection, and its file (``files_of``: document id → fingerprint) is not
    marked done, nor are the ``incomplete`` ones, so the next run reads them again.
    """
    result = StoreResult()
    conn = db.conn
    now = time.time()
    batch = list(batch)
    with write_transaction(conn):
        if not replace and _store_all(conn, batch, extractor, now):
            result.added = len(batch)
            result.statements = sum(len(statements) for _, statements in batch)
            batch = []  # stored: only the finished files are left to record
        for doc, statements in batch:
            conn.execute("savepoint document")
            doc_id = None
            try:
                doc_id = doc.id
                if doc_id in replace:
                    _remove_statements(conn, doc.id)
                    _upsert_document(conn, doc, len(statements), extractor, now)
                    outcome = "updated"
                else:
                    # not inserted: stored meanwhile, e.g. by an ingest running beside
                    outcome = "added" if _insert_document(conn, doc, len(statements), extractor, now) else "duplicates"
                if outcome != "duplicates":
                    _insert_statements(conn, doc, statements)
                conn.execute("release document")
            except _DOCUMENT_ERRORS as error:
                conn.execute("rollback to document")
                conn.execute("release document")
                result.rejected.append(Rejection(doc.origin or doc.name, f"cannot store: {type(error).__name__}: {error}"))
                if files_of and doc_id in files_of:
                    result.incomplete_files.add(files_of[doc_id])
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
            if outcome != "duplicates":
                result.statements += len(statements)
        for finished in finished_files:
            finished = finished if isinstance(finished, FinishedFile) else FinishedFile(*finished)
            if finished.fingerprint in result.incomplete_files or finished.fingerprint in incomplete:
                continue
            conn.execute("insert or replace into files (fingerprint, path, documents, ingested_at) values (?, ?, ?, ?)",
                         (finished.fingerprint, finished.path, finished.documents, now))
            conn.execute("delete from file_notes where fingerprint = ?", (finished.fingerprint,))
            conn.executemany("insert into file_notes (fingerprint, kind, origin, message) values (?, ?, ?, ?)",
                             [(finished.fingerprint, *note) for note in finished.notes])
    return result


_INSERT_DOCUMENT = ("insert or ignore into documents (id, name, origin, title, url, source, date, date_basis, text,"
                    " n_statements, ingested_at, extractor) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _document_row(doc: Document, n_statements: int, extractor: str | None, now: float) -> tuple:
    return (doc.id, doc.name, doc.origin, doc.title, doc.url, doc.source, doc.date, doc.date_basis, doc.text,
            n_statements, now, extractor)


def _store_all(conn: sqlite3.Connection, batch: list[tuple[Document, list[Statement]]], extractor: str | None,
               now: float) -> bool:
    """The usual batch (every document new, every one storable) in one go: the documents in
    one ``executemany``, then their statements in the same order, which gives the rows, ids
    and rollups the savepoint per document gives, without its three statements and the
    pages it copies per document (17% of storing). Anything else (a document stored
    meanwhile, one SQLite or UTF-8 refuses) rolls this back: False, and the caller stores
    document by document, which says which one."""
    conn.execute("savepoint batch")
    try:
        added = conn.executemany(_INSERT_DOCUMENT, [_document_row(doc, len(statements), extractor, now)
                                                    for doc, statements in batch]).rowcount
        if added == len(batch):
            for doc, statements in batch:
                _insert_statements(conn, doc, statements)
            conn.execute("release batch")
            return True
    except _DOCUMENT_ERRORS:
        pass
    conn.execute("rollback to batch")
    conn.execute("release batch")
    return False


def _insert_document(conn: sqlite3.Connection, doc: Document, n_statements: int, extractor: str | None,
                     now: float) -> bool:
    return conn.execute(_INSERT_DOCUMENT, _document_row(doc, n_statements, extractor, now)).rowcount > 0


def _upsert_document(conn: sqlite3.Connection, doc: Document, n_statements: int, extractor: str | None,
                     now: float) -> None:
    """The row of a document being re-extracted: its text (whose offsets the new statements
    use) and metadata as given now; ``ingested_at`` stays the first ingest's."""
    conn.execute(
        "insert into documents (id, name, origin, title, url, source, date, date_basis, text, n_statements,"
        " ingested_at, extractor) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do update set"
        " name = excluded.name, origin = excluded.origin, title = excluded.title, url = excluded.url,"
        " source = excluded.source, date = excluded.date, date_basis = excluded.date_basis, text = excluded.text,"
        " n_statements = excluded.n_statements, extractor = excluded.extractor",
        (doc.id, doc.name, doc.origin, doc.title, doc.url, doc.source, doc.date, doc.date_basis, doc.text,
         n_statements, now, extractor))


def _counts(statement_score: int, confidence: float | None) -> tuple[int, ...]:
    """A statement's contribution to a rollup row: n, total, then n and total at each confidence band."""
    bands = [int(confidence is not None and confidence >= band) for band in CONFIDENCE_BANDS]
    return (1, statement_score, *(v for b in bands for v in (b, b * statement_score)))


_ROLLUP_COUNTS = ("n", "total", *BAND_COLUMNS)


def _rollup_upsert(name: str) -> str:
    keys = ROLLUP_KEYS[name]
    columns = (*keys, *_ROLLUP_COUNTS)
    return (f"insert into {name} ({', '.join(columns)}) values ({', '.join('?' for _ in columns)}) on conflict do update"
            " set " + ", ".join(f"{c} = {c} + excluded.{c}" for c in _ROLLUP_COUNTS))


def _rollup_subtract(name: str) -> str:
    keys = ROLLUP_KEYS[name]
    return (f"update {name} set " + ", ".join(f"{c} = {c} - ?" for c in _ROLLUP_COUNTS)
            + " where " + " and ".join(f"{k} = ?" for k in keys))


def _rollup_keys(name: str, statement: dict) -> tuple:
    return tuple(statement[k] for k in ROLLUP_KEYS[name])


def _insert_statements(conn: sqlite3.Connection, doc: Document, statements: list[Statement]) -> None:
    """A document's statements with their rollup rows, speaker counts and search entries.

    Ids are given explicitly, the ones SQLite would give (one past the largest), so the search
    index can be written with them. A sentence that is the document's text at its span (the
    extractor's always are) is not stored again (``schema.sentence_sql`` reads it back)."""
    if not statements:
        return
    first = conn.execute("select coalesce(max(id), 0) + 1 from statements").fetchone()[0]
    ids = range(first, first + len(statements))
    conn.executemany(
        "insert into statements (id, doc_id, doc, char_start, char_end, sentence, speaker,"
        " speaker_ar, country, role, topic, stance, score, date, date_basis, phase, cue, cue_text,"
        " attribution, confidence, reported, reported_by, source) values"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(statement_id, doc.id, s.doc, s.char_start, s.char_end,
          None if doc.text[s.char_start:s.char_end] == s.sentence else s.sentence, s.speaker, s.speaker_ar, s.country,
          s.role, s.topic, s.stance, s.score, s.date, s.date_basis, s.phase, s.cue, s.cue_text, s.attribution,
          s.confidence, int(s.reported), s.reported_by, doc.source)
         for statement_id, s in zip(ids, statements, strict=True)])
    search.add(conn, [(statement_id, s.sentence) for statement_id, s in zip(ids, statements, strict=True)])
    conn.executemany(
        "insert into daily (topic, country, date, stance, reported, phase, n, total) values (?, ?, ?, ?, ?, ?, 1, ?)"
        " on conflict do update set n = n + 1, total = total + excluded.total",
        [(s.topic, s.country, s.date or "", s.stance, int(s.reported), s.phase or "", s.score) for s in statements])
    keyed = [({"topic": s.topic, "country": s.country, "date": s.date or "", "stance": s.stance,
               "reported": int(s.reported), "phase": s.phase or "", "source": doc.source or "", "speaker": s.speaker or ""},
              _counts(s.score, s.confidence)) for s in statements]
    for name in ROLLUP_KEYS:
        conn.executemany(_rollup_upsert(name), [(*_rollup_keys(name, key), *counts) for key, counts in keyed])
    conn.executemany(
        "insert into speakers (speaker, country, role, speaker_ar, n_statements) values (?, ?, ?, ?, 1)"
        " on conflict (speaker, country) do update set n_statements = n_statements + 1",
        [(s.speaker, s.country, s.role, s.speaker_ar) for s in statements])


def _remove_statements(conn: sqlite3.Connection, doc_id: str) -> None:
    """Take a document's statements out of the statements, the rollups, the speaker counts
    and the search index (before its row changes: the rollups are keyed by its outlet)."""
    rows = conn.execute("select s.topic, s.country, coalesce(s.date, ''), s.stance, s.reported, coalesce(s.phase, ''),"
                        f" s.score, s.speaker, s.id, {sentence_sql('s')}, s.confidence, coalesce(d.source, '')"
                        " from statements s left join documents d on d.id = s.doc_id where s.doc_id = ?",
                        (doc_id,)).fetchall()
    if not rows:
        return
    keys = [(topic, country, day, stance, reported, phase) for topic, country, day, stance, reported, phase, *_ in rows]
    conn.executemany("update daily set n = n - 1, total = total - ? where topic = ? and country = ? and date = ?"
                     " and stance = ? and reported = ? and phase = ?", [(row[6], *key) for row, key in zip(rows, keys, strict=True)])
    conn.executemany("delete from daily where topic = ? and country = ? and date = ? and stance = ? and reported = ?"
                     " and phase = ? and n <= 0", sorted(set(keys)))
    keyed = [({"topic": row[0], "country": row[1], "date": row[2], "stance": row[3], "reported": row[4], "phase": row[5],
               "source": row[11], "speaker": row[7] or ""}, _counts(row[6], row[10])) for row in rows]
    for name in ROLLUP_KEYS:
        conn.executemany(_rollup_subtract(name), [(*counts, *_rollup_keys(name, key)) for key, counts in keyed])
        conn.executemany(f"delete from {name} where " + " and ".join(f"{k} = ?" for k in ROLLUP_KEYS[name]) + " and n <= 0",
                         sorted({_rollup_keys(name, key) for key, _ in keyed}))
    speakers = [(row[7], row[1]) for row in rows]
    conn.executemany("update speakers set n_statements = n_statements - 1 where speaker = ? and country = ?", speakers)
    conn.executemany("delete from speakers where speaker = ? and country = ? and n_statements <= 0", sorted(set(speakers)))
    search.remove(conn, [(row[8], row[9]) for row in rows])
    conn.execute("delete from statements where doc_id = ?", (doc_id,))
