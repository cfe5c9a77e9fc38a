"""What a worker runs: one document in, its date and statements out (``process``).

Kept apart from ``db.ingest`` so a worker that unpickles ``process`` imports the extractor
alone: ``db.ingest`` brings the storage layer (sqlite-utils, which loads pandas), 0.8 s
that a Dask worker would spend before its first document for nothing it uses.

Most documents need no worker: ``settled`` answers for those in the caller's process
(dated by their metadata and naming nothing Syrian), so the workers, which are what an
ingest waits for, get only the others (``process``, which asks again: 15% of the articles,
and ``extract_dated`` stays the one entry point).
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.extract import extract_dated, unread
from positions.readers import printable
from positions.records import Document, Statement


@dataclass(frozen=True)
class Extracted:
    """A worker's answer for one document: its date and basis with its statements, or why
    extraction failed. The document stays with the caller: its text never travels back."""

    date: str | None
    date_basis: str | None
    statements: list[Statement] | None
    error: str | None = None


def process(doc: Document) -> Extracted:
    """Date the document (metadata or inferred) and extract its statements (runs in a worker).
    An exception in the extractor fails this document alone."""
    try:
        dated, statements = extract_dated(doc)
    except Exception as error:  # noqa: BLE001 - one document must never stop the batch
        return Extracted(doc.date, doc.date_basis, None,
                         f"extraction failed: {type(error).__name__}: {printable(str(error))[:200]}")
    return Extracted(dated.date, dated.date_basis, statements)


def settled(doc: Document) -> Extracted | None:
    """What ``process`` gives a document that certainly holds no statement, found without
    reading it (``positions.extract.unread``); None when it must be extracted (or when
    asking failed: ``process`` then reports why)."""
    try:
        dated = unread(doc)
    except Exception:  # noqa: BLE001 - process() reports the failure for this document
        return None
    return None if dated is None else Extracted(dated.date, dated.date_basis, [])
