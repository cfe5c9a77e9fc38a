"""Ingest: files → documents → statements (in parallel) → database, with a report.

Owns the batch loop. Documents stream from ``positions.readers`` in bounded chunks;
duplicates (same content hash, in the database or earlier in the run) are skipped before
extraction, unless the same record came back with corrected metadata, which updates it;
extraction runs in worker processes; each chunk is stored in one transaction. Bad input —
and a document the extractor or the database chokes on — becomes a line in the report,
never an exception; stopping early (Ctrl-C, SIGTERM, SIGHUP) keeps every chunk stored so
far and hands back the partial report. The caller asks for that stop through ``stop``,
which is asked only where nothing is half done — between files, after a stored chunk and
while waiting for the workers — never inside storing a chunk, so the partial report counts
exactly what the database holds.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from db.engines import Engine, Pending, Stop, StopRequested, check_stop, engine
from db.extraction import Extracted, process, settled
from db.store import (
    FinishedFile,
    StoreError,
    StoreResult,
    existing_ids,
    file_notes,
    ingested_files,
    metadata_changed,
    open_database,
    stale_count,
    store_batch,
    stored_metadata,
)
from positions.budget import Budget
from positions.readers import InputFile, Notice, Rejection, printable, read_files
from positions.records import Document
from positions.version import extractor_version

CHUNK = 256
# chunks handed to the workers before the oldest is stored: with one, a chunk whose articles
# were quick to extract left the workers idle while this process read the next one, and a
# slow one left this process waiting; a few queued keep both busy (a chunk is ~1 MB of text)
AHEAD = 4
BULK_CACHE_KIB = 64 * 1024  # SQLite's page cache while ingesting (its default, 2 MB, rereads index pages)
# WAL pages after which a commit of the ingest copies the log into the database: SQLite's
# default (1,000 pages, 4 MB) checkpoints every fourth chunk, and each checkpoint waits for two
# fsyncs (122 over SaudiNewsNet, 20 with this); 40 MB of log between checkpoints, set on this
# connection only (readers beside keep SQLite's default)
BULK_CHECKPOINT_PAGES = 10_000


@dataclass
class IngestReport:
    """What an ingest did: counts, every rejection with its reason and every warning.

    ``documents_seen`` = ``stored`` + ``updated`` + ``duplicates`` + documents rejected
    after reading (listed in ``rejected``) + documents read but not stored when stopped.
    """

    database: str
    files: set[str] = field(default_factory=set)
    documents_seen: int = 0
    stored: int = 0
    updated: int = 0
    duplicates: int = 0
    statements: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    stale: int = 0
    stopped: str | None = None  # why the ingest ended early (e.g. "SIGTERM")
    unstored: int = 0  # documents read but not stored when it stopped
    seconds: float = 0.0

    def render(self) -> str:
        lines = [
            f"database: {printable(self.database)}",
            f"files read: {len(self.files)}",
            f"documents read: {self.documents_seen}",
            f"documents stored: {self.stored}",
            f"documents updated (metadata corrected): {self.updated}",
            f"skipped as duplicates: {self.duplicates}",
            f"statements stored: {self.statements}",
            f"rejected: {len(self.rejected)}",
        ]
        lines += [f"  rejected {printable(r.origin)}: {printable(r.reason)}" for r in self.rejected]
        if self.warnings:
            lines.append(f"warnings: {len(self.warnings)}")
            lines += [f"  warning {printable(w.origin)}: {printable(w.message)}" for w in self.warnings]
        if self.stale:
            lines.append(f"stale: {self.stale} documents have statements from an older extractor;"
                         f" run: python -m positions reextract --db {printable(self.database)}")
        if self.stopped:
            lines.append(f"stopped early: {self.unstored} documents read were not stored; every chunk stored"
                         " before is complete. Ingest again to finish.")
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)


class IngestStopped(Exception):
    """The ingest ended early — stopped (Ctrl-C, SIGTERM, SIGHUP) or the database could not
    be written (disk full) — after storing part of the batch; ``report`` says what."""

    def __init__(self, report: IngestReport | object, reason: str, signalled: bool) -> None:
        super().__init__(reason)
        self.report = report
        self.reason = reason
        self.signalled = signalled


def source_file(origin: str) -> str:
    """The file an origin came from ("a.zip!x.json#3" → "a.zip")."""
    cut = min((i for i in (origin.find("!"), origin.find("#")) if i >= 0), default=len(origin))
    head = origin[:cut]
    if ":" in head and head.rsplit(":", 1)[1].isdigit():
        head = head.rsplit(":", 1)[0]
    return head


def store_extracted(db: sqlite_utils.Database, documents: list[Document], results: list[Extracted],
                    finished: list[FinishedFile] = (), replace: set[str] | frozenset[str] = frozenset(),
                    files_of: dict[str, str] | None = None,
                    incomplete: set[str] | frozenset[str] = frozenset()) -> tuple[StoreResult, list[Rejection]]:
    """Store what was extracted from ``documents`` (``results`` in the same order), stamped
    with this extractor's version; the documents extraction failed on come back as
    rejections too (and their files stay unfinished)."""
    failed = [doc for doc, result in zip(documents, results, strict=True) if result.error]
    if files_of:
        incomplete = set(incomplete) | {files_of[doc.id] for doc in failed if doc.id in files_of}
    stored = store_batch(db, [(doc.dated(result.date, result.date_basis), result.statements)
                              for doc, result in zip(documents, results, strict=True) if not result.error],
                         finished, extractor=extractor_version(), replace=replace, files_of=files_of,
                         incomplete=incomplete)
    stored.incomplete_files |= set(incomplete)
    return stored, [Rejection(doc.origin or doc.name, result.error)
                    for doc, result in zip(documents, results, strict=True) if result.error] + stored.rejected


def ingest_paths(paths: list[str], db_path: Path, meta_path: str | None = None, workers: int | None = None,
                 progress: bool = False, on_progress: Callable[[IngestReport], None] | None = None,
                 engine_name: str = "local", scheduler: str | None = None,
                 budget: Budget | None = None, stop: Stop | None = None) -> IngestReport:
    """Ingest everything under ``paths`` into the database at ``db_path``.

    A file whose exact bytes (and metadata) were fully ingested before is skipped unread
    (its documents count as duplicates, its rejections and warnings are reported again);
    otherwise each document is checked by content hash. ``on_progress`` is called with the
    running report after each stored chunk (the app's progress bar); ``progress`` draws a
    terminal progress bar. ``stop`` is asked at safe points (``db.engines.Stop``). Raises
    IngestStopped, carrying the partial report, once ``stop`` answers, on KeyboardInterrupt
    (Ctrl-C where the caller left SIGINT alone), and when the database cannot be written
    any more (disk full).
    """
    started = time.perf_counter()
    db = open_database(db_path, sync=True)
    db.conn.execute(f"pragma cache_size = -{BULK_CACHE_KIB}")
    db.conn.execute(f"pragma wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
    report = IngestReport(database=str(db_path))
    batch = _Batch(db, report, on_progress, _progress_bar(progress), stop)
    try:
        with engine(engine_name, workers or os.cpu_count() or 1, scheduler, stop) as extraction:
            batch.engine = extraction
            for entry in read_files(paths, meta_path, budget or Budget()):
                check_stop(stop)
                if isinstance(entry, Rejection):
                    report.files.add(source_file(entry.origin))
                    report.rejected.append(entry)
                else:
                    batch.read(entry)
            batch.drain()
        try:
            db.conn.execute("pragma optimize")  # keep the planner's statistics fresh for the dashboard
        except sqlite3.OperationalError:
            pass  # statistics can wait for the next ingest (a busy or full database)
        report.stale = stale_count(db, extractor_version())
    except (StopRequested, KeyboardInterrupt, StoreError) as ended:
        report.stopped = str(ended) or "interrupted"
        report.unstored = batch.unstored
        report.seconds = time.perf_counter() - started
        raise IngestStopped(report, report.stopped, not isinstance(ended, StoreError)) from None
    finally:
        batch.close()
        db.conn.close()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Chunk:
    """Documents handed to the workers together, with what storing them completes."""

    documents: list[Document]
    finished: list[FinishedFile]
    replace: set[str]
    files_of: dict[str, str]  # document id → fingerprint of its file
    pending: Pending | None  # the workers' results for the documents not settled
    settled: list[Extracted | None]  # per document: its result found here, or None (a worker's)

    def results(self) -> list[Extracted]:
        """Every document's result, in order: settled here or extracted by a worker."""
        extracted = iter(self.pending.result() if self.pending else ())
        return [result if result is not None else next(extracted) for result in self.settled]


class _Batch:
    """The documents waiting for extraction and the files they complete.

    Chunks overlap: a full chunk goes to the workers at once, and the oldest of the chunks
    they have is stored once more than ``AHEAD`` are out, so neither storing nor reading
    leaves the workers idle, nor one slow chunk this process.
    """

    def __init__(self, db: sqlite_utils.Database, report: IngestReport,
                 on_progress: Callable[[IngestReport], None] | None, bar, stop: Stop | None = None) -> None:
        self.db, self.report, self.on_progress, self.bar, self.stop = db, report, on_progress, bar, stop
        self.engine: Engine | None = None
        self.known = existing_ids(db)
        self.known_files = ingested_files(db)
        self.this_run: set[str] = set()
        self.buffer: list[Document] = []
        self.replace: set[str] = set()
        self.finished: list[FinishedFile] = []
        self.buffered_from: dict[str, str] = {}  # document id → fingerprint of its file
        self.incomplete: set[str] = set()  # files with a document that failed: read again next time
        # chunks handed to the workers and not stored yet, oldest first (at most ``AHEAD``,
        # and while the oldest is being stored, the one handed over before it)
        self.in_flight: list[_Chunk] = []

    @property
    def unstored(self) -> int:
        """Documents read but not stored yet (waiting, or with the workers)."""
        return len(self.buffer) + sum(len(chunk.documents) for chunk in self.in_flight)

    def read(self, entry: InputFile) -> None:
        report = self.report
        report.files.add(str(entry.path))
        fingerprint = entry.fingerprint
        if fingerprint in self.known_files:
            report.documents_seen += self.known_files[fingerprint]
            report.duplicates += self.known_files[fingerprint]
            for kind, origin, message in file_notes(self.db, fingerprint):
                if kind == "warning":
                    report.warnings.append(Notice(origin, message))
                else:
                    report.rejected.append(Rejection(origin, message))
            return
        count = 0
        notes: list[tuple[str, str, str]] = []
        for item in entry.documents():
            if isinstance(item, Rejection):
                report.rejected.append(item)
                notes.append(("rejected", item.origin, item.reason))
            elif isinstance(item, Notice):
                report.warnings.append(item)
                notes.append(("warning", item.origin, item.message))
            else:
                count += 1
                self.add(item, fingerprint)
        self.finished.append(FinishedFile(fingerprint, str(entry.path), count, tuple(notes)))

    def add(self, doc: Document, fingerprint: str) -> None:
        self.report.documents_seen += 1
        if doc.id in self.this_run:
            self.report.duplicates += 1
            return
        self.this_run.add(doc.id)
        if doc.id in self.known:
            stored = stored_metadata(self.db, doc.id)
            if stored is None or not metadata_changed(stored, doc):
                self.report.duplicates += 1
                return
            self.replace.add(doc.id)
        self.buffer.append(doc)
        self.buffered_from[doc.id] = fingerprint
        if len(self.buffer) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Hand the buffered documents to the workers, then store the oldest chunk they have
        if more than ``AHEAD`` are out."""
        if not self.buffer and not self.finished:
            return
        documents = list(self.buffer)
        # most documents hold nothing to extract, which is found here: the workers (what an
        # ingest waits for) get only the others, and their text only travels there and back
        answers = [settled(doc) for doc in documents]
        todo = [doc for doc, answer in zip(documents, answers, strict=True) if answer is None]
        chunk = _Chunk(documents, list(self.finished), set(self.replace), dict(self.buffered_from),
                       self.engine.submit(process, todo) if todo else None, answers)
        self.buffer.clear()
        self.buffered_from.clear()
        self.replace.clear()
        self.finished.clear()
        self.in_flight.append(chunk)
        if len(self.in_flight) > AHEAD:
            self._store(self.in_flight[0])
            check_stop(self.stop)

    def drain(self) -> None:
        """Everything read is stored when this returns."""
        self.flush()
        while self.in_flight:
            self._store(self.in_flight[0])

    def _store(self, chunk: _Chunk) -> None:
        stored, rejected = store_extracted(self.db, chunk.documents, chunk.results(), chunk.finished, chunk.replace,
                                           chunk.files_of, self.incomplete)
        self.in_flight.remove(chunk)
        self.incomplete |= stored.incomplete_files
        report = self.report
        report.stored += stored.added
        report.updated += stored.updated
        report.duplicates += stored.duplicates
        report.statements += stored.statements
        report.rejected.extend(rejected)
        if self.bar is not None:
            self.bar.update(len(chunk.documents))
        if self.on_progress is not None:
            self.on_progress(report)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(unit=" items", file=sys.stderr, disable=not sys.stderr.isatty())
