"""Opening a database only to read it: the dashboard's browsing and the ``stats`` command.

Owns the checks made before a reader touches a file — it exists, it is SQLite, it holds
the positions tables — so a mistyped path or another application's file is refused with a
reason instead of being turned into a positions database. Must not create, migrate or
write anything; building the project's default database is ``dashboard.bootstrap``'s job
and goes through ``db.ingest``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from db.store import BUSY_TIMEOUT_MS, StoreError

# What the dashboard's queries read; a file without them is not a positions database.
READ_TABLES = ("documents", "statements", "daily", "events", "countries", "stances", "speakers")


class DatabaseUnavailable(StoreError):
    """The database cannot be read; the message says which file, why, and what to do."""


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """``mode=ro``; on read-only storage (no -shm can be made) fall back to ``immutable``."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        if "unable to open" not in str(error) and "readonly" not in str(error):
            raise
        # immutable: SQLite takes no locks and makes no sidecar files; an ingest writing
        # to read-only storage cannot happen, so nothing can change under the reader
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def open_readonly(path: Path | str) -> sqlite_utils.Database:
    """The positions database at ``path``, read-only, or DatabaseUnavailable saying why not."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseUnavailable(
            f"No database at {path}. Build one with `python -m positions ingest FILES --db {path}`, "
            "or unset POSITIONS_DB to use the project's default database.")
    try:
        conn = _connect_readonly(path)
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise DatabaseUnavailable(f"{path} is not a positions database (SQLite says: {error}); "
                                  "nothing was written to it.") from error
    missing = [t for t in READ_TABLES if t not in tables]
    if missing:
        conn.close()
        raise DatabaseUnavailable(f"{path} is not a positions database (it has no {', '.join(missing)} "
                                  "table); nothing was written to it.")
    return sqlite_utils.Database(conn)
