"""The full-text search index: each statement's sentence as normalised words.

Owns writing the index: ``db.store`` adds and removes a statement's entry in the transaction
that stores or removes the statement, and a migration or a change of normalisation rebuilds
it. ``db.queries`` reads it (``statements_fts match``). The index keeps no copy of the
sentences (FTS5 ``content=''``) nor word positions (``detail=none``): search is by words, and
the sentence is in the statements already. Removing an entry therefore needs the words it was
indexed with; they are the sentence normalised again, which holds as long as normalisation
has not changed, so the index is stamped with the normalisation table it was built with and
rebuilt when that table changes. Must not be written by anything but these functions.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable

from db.schema import sentence_sql
from positions.normalise import TABLE_FILE, normalise_plain

BATCH = 10_000


def normalisation_stamp() -> str:
    """A hash of the normalisation table the indexed words come from."""
    return hashlib.sha256(TABLE_FILE.read_bytes()).hexdigest()[:16]


def add(conn: sqlite3.Connection, statements: Iterable[tuple[int, str]]) -> None:
    """Index statements given as (id, sentence)."""
    conn.executemany("insert into statements_fts (rowid, sentence_norm) values (?, ?)",
                     [(statement_id, normalise_plain(sentence or "")) for statement_id, sentence in statements])


def remove(conn: sqlite3.Connection, statements: Iterable[tuple[int, str]]) -> None:
    """Take statements given as (id, sentence) out of the index (the words they were indexed with)."""
    conn.executemany("insert into statements_fts (statements_fts, rowid, sentence_norm) values ('delete', ?, ?)",
                     [(statement_id, normalise_plain(sentence or "")) for statement_id, sentence in statements])


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every statement anew and stamp the index (inside the caller's transaction)."""
    conn.execute("insert into statements_fts (statements_fts) values ('delete-all')")
    last = 0
    while True:
        rows = conn.execute(f"select s.id, {sentence_sql('s')} from statements s where s.id > ? order by s.id limit ?",
                            (last, BATCH)).fetchall()
        if not rows:
            break
        add(conn, rows)
        last = rows[-1][0]
    conn.execute("delete from search_stamp")
    conn.execute("insert into search_stamp (normalisation) values (?)", (normalisation_stamp(),))


def ensure_current(conn: sqlite3.Connection) -> None:
    """Rebuild the index if it was built with another normalisation table (inside the caller's transaction)."""
    stamp = conn.execute("select normalisation from search_stamp").fetchone()
    if stamp is None or stamp[0] != normalisation_stamp():
        rebuild(conn)
