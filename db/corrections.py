"""Analysts' corrections of extracted statements: the table and the one write path to it.

Owns the ``corrections`` table: an analyst confirms, rejects or re-codes a statement, or
adds one the extractor missed, with an optional note. A correction is keyed by what
survives re-ingest and re-extraction — the document's content id, the raw character span
of the statement's sentence and the country and topic it was coded with — never by the
statement's autoincrement id, which re-extraction replaces. Re-extraction rewrites the
``statements`` table and never touches this one; ``db.queries`` lets the active
corrections win over the extractor when it reads.

Every correction but a rejection carries the whole statement as the analyst accepts it
(country, topic, stance, speaker, date, reported), so it stands even if a later extractor
no longer finds the statement. History is kept: a newer correction of the same statement
deactivates the older one; withdrawing one deactivates it and the extractor's coding
shows again.

Writes are short transactions on their own connection (WAL, busy timeout), safe beside a
running ingest. Nothing here creates a database: the file must exist.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from db.schema import CORRECTIONS_SCHEMA
from db.store import StoreError, connect
from positions.events import phase_of

ACTIONS = ("confirm", "reject", "recode", "add")
COUNTRY_CODE = re.compile(r"[A-Z][A-Z-]{1,9}")
MAX_NOTE = 2000


class CorrectionError(ValueError):
    """A correction that cannot be stored as given; the message says which field and why."""


@dataclass(frozen=True)
class Correction:
    """One analyst decision about the statement keyed by (doc_id, span, country, topic).

    ``country``/``topic`` are the statement's coding as the analyst found it (for an added
    statement: as added); ``new_*`` are what it is (unused for a rejection).
    """

    doc_id: str
    char_start: int
    char_end: int
    country: str
    topic: str
    action: str
    new_country: str | None = None
    new_topic: str | None = None
    new_stance: str | None = None
    speaker: str | None = None
    speaker_ar: str | None = None
    date: str | None = None
    reported: bool = False
    note: str = ""


def ensure_corrections_table(db: sqlite_utils.Database) -> None:
    """Create the corrections table and its indexes if missing (idempotent): the schema's
    migration 3, for a database opened here before it was migrated."""
    for sql in CORRECTIONS_SCHEMA:
        db.execute(sql)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())


def _write_connection(path: Path | str) -> sqlite3.Connection:
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no database at {path}")
    try:
        conn = connect(path)
        ensure_corrections_table(sqlite_utils.Database(conn))
    except sqlite3.OperationalError as error:
        raise StoreError(f"cannot save corrections in {path}: {error}") from error
    return conn


def _validated(conn: sqlite3.Connection, correction: Correction) -> dict:
    """The row to insert, after checking the correction against the document and codebook."""
    if correction.action not in ACTIONS:
        raise CorrectionError(f"action must be one of {', '.join(ACTIONS)}, not {correction.action!r}")
    found = conn.execute("select text, date from documents where id = ?", (correction.doc_id,)).fetchone()
    if found is None:
        raise CorrectionError(f"no document {correction.doc_id!r} in the database")
    text, doc_date = found
    if not 0 <= correction.char_start < correction.char_end <= len(text):
        raise CorrectionError(f"span {correction.char_start}-{correction.char_end} is outside the document")
    if len(correction.note) > MAX_NOTE:
        raise CorrectionError(f"the note is longer than {MAX_NOTE} characters")
    row = {
        "doc_id": correction.doc_id, "char_start": correction.char_start, "char_end": correction.char_end,
        "country": correction.country, "topic": correction.topic, "action": correction.action,
        "sentence": text[correction.char_start:correction.char_end], "note": correction.note.strip(),
        "created_at": _now(), "active": 1,
    }
    if correction.action == "reject":
        return row
    stances = {code: (topic, score) for code, topic, score in conn.execute("select code, topic, score from stances")}
    new_topic = correction.new_topic or correction.topic
    if correction.new_stance not in stances:
        raise CorrectionError(f"unknown stance code {correction.new_stance!r}")
    if stances[correction.new_stance][0] != new_topic:
        raise CorrectionError(f"stance {correction.new_stance} belongs to {stances[correction.new_stance][0]}, "
                              f"not to {new_topic}")
    new_country = correction.new_country or correction.country
    if not COUNTRY_CODE.fullmatch(new_country):
        raise CorrectionError(f"country must be a code such as RUS or SYR-OPP, not {new_country!r}")
    day = correction.date or doc_date
    try:
        phase = phase_of(date.fromisoformat(day)) if day else None
    except ValueError as error:
        raise CorrectionError(f"date must be YYYY-MM-DD, not {day!r}") from error
    speaker = (correction.speaker or "").strip()
    if not speaker:
        raise CorrectionError("a statement needs a speaker")
    return row | {
        "new_country": new_country, "new_topic": new_topic, "new_stance": correction.new_stance,
        "new_score": stances[correction.new_stance][1], "speaker": speaker,
        "speaker_ar": (correction.speaker_ar or "").strip() or None, "date": day, "phase": phase,
        "reported": int(correction.reported),
    }


@contextmanager
def _writing(path: Path | str, what: str) -> Iterator[sqlite3.Connection]:
    """A write connection for one short transaction; SQLite's refusals become a StoreError."""
    conn = _write_connection(path)
    try:
        with conn:
            yield conn
    except sqlite3.OperationalError as error:
        raise StoreError(f"cannot {what} in {path}: {error}") from error
    finally:
        conn.close()


def record_correction(path: Path | str, correction: Correction) -> int:
    """Store a correction (superseding an active one of the same statement); returns its id."""
    with _writing(path, "save the correction") as conn:
        row = _validated(conn, correction)
        conn.execute("update corrections set active = 0 where active = 1 and doc_id = ? and char_start = ?"
                     " and char_end = ? and country = ? and topic = ?",
                     (row["doc_id"], row["char_start"], row["char_end"], row["country"], row["topic"]))
        cursor = conn.execute(f"insert into corrections ({', '.join(row)}) values ({', '.join('?' for _ in row)})",
                              list(row.values()))
        return int(cursor.lastrowid)


def withdraw_correction(path: Path | str, correction_id: int) -> None:
    """Deactivate a correction: the extractor's coding of that statement shows again."""
    with _writing(path, "withdraw the correction") as conn:
        conn.execute("update corrections set active = 0, withdrawn_at = ? where id = ? and active = 1",
                     (_now(), correction_id))
