"""What a worker runs: one document in, its date and statements out (``process``).

Kept apart from ``db.ingest`` so a worker that unpickles ``process`` imports the extractor
alone: ``db.ingest`` brings the storage layer (sqlite-utils, which loads pandas), 0.8 s
that a Dask worker would spend before its first document for nothing it uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.extract import extract_dated
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
