"""First start: the database path, and building it from the bundled sample corpus if empty."""

from __future__ import annotations

from pathlib import Path

from db.ingest import IngestReport, ingest_paths
from db.store import open_database
from positions.cli import PROJECT_DIR, database_path

SAMPLE_CORPUS = PROJECT_DIR / "sample_corpus"


def ensure_database(path: Path | None = None) -> tuple[Path, IngestReport | None]:
    """The database to show; built from the sample corpus when it holds no document yet."""
    path = path or database_path(None)
    db = open_database(path)
    try:
        empty = db.conn.execute("select count(*) from documents").fetchone()[0] == 0
    finally:
        db.conn.close()
    report = ingest_paths([str(SAMPLE_CORPUS)], path, workers=1) if empty else None
    return path, report
