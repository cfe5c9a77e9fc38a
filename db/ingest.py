"""Ingest: files → documents → statements (in parallel) → database, with a report.

Owns the batch loop. Documents stream from ``positions.readers`` in bounded chunks;
duplicates (same content hash, in the database or earlier in the run) are skipped before
extraction; extraction runs in worker processes; each chunk is stored in one transaction.
Bad input becomes a line in the report, never an exception.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from db.engines import engine
from db.store import existing_ids, ingested_files, open_database, store_batch
from positions.extract import extract_dated
from positions.readers import Rejection, read_files
from positions.records import Document, Statement

CHUNK = 256


@dataclass
class IngestReport:
    """What an ingest did: counts and every rejection with its reason."""

    database: str
    files: set[str] = field(default_factory=set)
    documents_seen: int = 0
    stored: int = 0
    duplicates: int = 0
    statements: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0

    def render(self) -> str:
        lines = [
            f"database: {self.database}",
            f"files read: {len(self.files)}",
            f"documents read: {self.documents_seen}",
            f"documents stored: {self.stored}",
            f"skipped as duplicates: {self.duplicates}",
            f"statements stored: {self.statements}",
            f"rejected: {len(self.rejected)}",
        ]
        lines += [f"  rejected {r.origin}: {r.reason}" for r in self.rejected]
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)


def source_file(origin: str) -> str:
    """The file an origin came from ("a.zip!x.json#3" → "a.zip")."""
    cut = min((i for i in (origin.find("!"), origin.find("#")) if i >= 0), default=len(origin))
    head = origin[:cut]
    if ":" in head and head.rsplit(":", 1)[1].isdigit():
        head = head.rsplit(":", 1)[0]
    return head


def process(doc: Document) -> tuple[Document, list[Statement]]:
    """Date the document (metadata or inferred) and extract its statements (runs in a worker)."""
    return extract_dated(doc)


def ingest_paths(paths: list[str], db_path: Path, meta_path: str | None = None, workers: int = 0,
                 progress: bool = False, on_progress: Callable[[IngestReport], None] | None = None,
                 engine_name: str = "local", scheduler: str | None = None) -> IngestReport:
    """Ingest everything under ``paths`` into the database at ``db_path``.

    A file whose exact bytes were fully ingested before is skipped unread (its documents
    count as duplicates); otherwise each document is checked by content hash. ``on_progress``
    is called with the running report after each stored chunk (the app's progress bar);
    ``progress`` draws a terminal progress bar.
    """
    started = time.perf_counter()
    db = open_database(db_path, sync=True)
    report = IngestReport(database=str(db_path))
    known = existing_ids(db)
    known_files = ingested_files(db)
    workers = workers or os.cpu_count() or 1
    bar = _progress_bar(progress)
    run = ExitStack()
    mapper = run.enter_context(engine(engine_name, workers, scheduler))
    buffer: list[Document] = []
    finished: list[tuple[str, str, int]] = []

    def flush() -> None:
        results = mapper(process, list(buffer))
        added, statements = store_batch(db, results, finished)
        report.stored += added
        report.statements += statements
        if bar is not None:
            bar.update(len(buffer))
        buffer.clear()
        finished.clear()
        if on_progress is not None:
            on_progress(report)

    try:
        for entry in read_files(paths, meta_path):
            if isinstance(entry, Rejection):
                report.files.add(source_file(entry.origin))
                report.rejected.append(entry)
                continue
            report.files.add(str(entry.path))
            if entry.fingerprint in known_files:
                report.documents_seen += known_files[entry.fingerprint]
                report.duplicates += known_files[entry.fingerprint]
                continue
            count = 0
            for item in entry.documents():
                if isinstance(item, Rejection):
                    report.rejected.append(item)
                    continue
                count += 1
                report.documents_seen += 1
                if item.id in known:
                    report.duplicates += 1
                    continue
                known.add(item.id)
                buffer.append(item)
                if len(buffer) >= CHUNK:
                    flush()
            finished.append((entry.fingerprint, str(entry.path), count))
        if buffer or finished:
            flush()
        db.conn.execute("pragma optimize")  # keep the planner's statistics fresh for the dashboard
    finally:
        run.close()
        if bar is not None:
            bar.close()
        db.conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(unit=" items", file=sys.stderr, disable=not sys.stderr.isatty())
