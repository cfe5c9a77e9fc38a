"""First start: which database the dashboard shows, and building the default one.

Only the project's default database (``data/positions.db``, git-ignored) is ever built
from the bundled sample corpus, when it is missing or holds no document. Any other path
(``POSITIONS_DB``) belongs to the user: it is never created, filled or migrated here; the
dashboard opens it read-only (``db.access``) or says why it cannot.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db.ingest import IngestReport, ingest_paths
from positions import cli

SAMPLE_CORPUS = cli.PROJECT_DIR / "sample_corpus"


def is_default(path: Path) -> bool:
    return path.resolve() == Path(cli.DEFAULT_DB).resolve()


def _has_documents(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("select exists (select 1 from documents)").fetchone()[0] == 1
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def ensure_database(path: Path | None = None) -> tuple[Path, IngestReport | None]:
    """The database to show; the default one is built from the sample corpus when empty."""
    path = path or cli.database_path(None)
    if is_default(path) and not _has_documents(path):
        return path, ingest_paths([str(SAMPLE_CORPUS)], path, workers=1)
    return path, None
