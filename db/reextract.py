"""Re-extraction: stored documents whose statements came from another extractor version.

Owns bringing a database's statements up to date after the extractor, its lexicons or its
model changed (``positions.version``). Documents are read back from the database in
chunks, dated again (a date given as metadata is kept; an inferred one is inferred anew)
and extracted on the same engines as ingest; each chunk's statements replace the old ones
in one transaction, together with the daily rollup, the speaker counts and the search
index. Must not touch any other table: analysts' corrections survive, keyed by document
content and sentence span. Stopping early (``stop``, asked between chunks and while waiting
for the workers, as in ``db.ingest``) keeps every chunk re-extracted so far.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from db.engines import Stop, StopRequested, check_stop, engine
from db.extraction import process
from db.ingest import CHUNK, IngestStopped, store_extracted
from db.store import METADATA_BASES, StoreError, open_database, stale_count
from positions.readers import Rejection, printable
from positions.records import Document
from positions.version import extractor_version


@dataclass
class ReextractReport:
    """What a re-extraction did."""

    database: str
    version: str
    stale_before: int = 0
    documents: int = 0
    statements_before: int = 0
    statements: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    stopped: str | None = None
    seconds: float = 0.0

    def render(self) -> str:
        lines = [f"database: {printable(self.database)}", f"extractor version: {self.version}",
                 f"stale documents: {self.stale_before}", f"documents re-extracted: {self.documents}",
                 f"statements: {self.statements_before} before, {self.statements} after",
                 f"rejected: {len(self.rejected)}"]
        lines += [f"  rejected {printable(r.origin)}: {printable(r.reason)}" for r in self.rejected]
        if self.stopped:
            lines.append("stopped early; every chunk re-extracted before is complete. Run reextract again to finish.")
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)


def stored_document(row: tuple) -> Document:
    """A stored document as the readers would give it: a metadata date is kept, an inferred
    one dropped so that it is inferred again by the current extractor."""
    doc_id, name, text, title, url, source, origin, day, basis = row
    given = basis in METADATA_BASES
    return Document(name=name, text=text, date=day if given else None, title=title, url=url, source=source,
                    origin=origin, date_basis=basis if given else None)


def reextract(db_path: Path, workers: int | None = None, engine_name: str = "local", scheduler: str | None = None,
              everything: bool = False, on_progress: Callable[[ReextractReport], None] | None = None,
              stop: Stop | None = None) -> ReextractReport:
    """Re-extract the stale documents (``everything``: all documents) of the database at
    ``db_path``. Raises IngestStopped with the partial report when stopped early (``stop``
    answered, KeyboardInterrupt, or the database cannot be written)."""
    started = time.perf_counter()
    version = extractor_version()
    db = open_database(db_path, sync=True)
    report = ReextractReport(database=str(db_path), version=version)
    wanted = "1" if everything else "(extractor is null or extractor != :version)"
    try:
        report.stale_before = stale_count(db, version)
        report.statements_before = db.execute(
            f"select coalesce(sum(n_statements), 0) from documents where {wanted}", {"version": version}).fetchone()[0]
        last = ""
        with engine(engine_name, workers or os.cpu_count() or 1, scheduler, stop) as extraction:
            while True:
                check_stop(stop)
                rows = db.execute(f"select id, name, text, title, url, source, origin, date, date_basis from documents"
                                  f" where id > :last and {wanted} order by id limit {CHUNK}",
                                  {"last": last, "version": version}).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                documents = []
                for row in rows:
                    document = stored_document(row)
                    if document.id == row[0]:
                        documents.append(document)
                    else:  # replacing would store it a second time under the new id
                        report.rejected.append(Rejection(document.origin or document.name, "stored id is not the"
                                                         " content hash of its text; not re-extracted"))
                results = extraction(process, documents)
                stored, rejected = store_extracted(db, documents, results, replace={document.id for document in documents})
                report.documents += stored.updated
                report.statements += stored.statements
                report.rejected.extend(rejected)
                if on_progress is not None:
                    on_progress(report)
    except (StopRequested, KeyboardInterrupt, StoreError) as ended:
        report.stopped = str(ended) or "interrupted"
        report.seconds = time.perf_counter() - started
        raise IngestStopped(report, report.stopped, not isinstance(ended, StoreError)) from None
    finally:
        db.conn.close()
    report.seconds = time.perf_counter() - started
    return report
