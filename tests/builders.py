"""Databases with hand-made documents and statements, for dashboard tests that must not
depend on what the extractor happens to find (odd dates, planted markup, reported positions)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from db.store import open_database, store_batch
from positions.events import phase_of
from positions.records import Document, Statement

STANCE_SCORES = {"assad_support": 2, "assad_must_go": -2, "assad_syrians_decide": 1, "talks_support": 1,
                 "talks_reject": -2, "transition_support": 1, "transition_rejected": -2}


def statement_in(doc: Document, sentence: str, country: str, topic: str, stance: str, **fields) -> Statement:
    """A statement on ``sentence`` (which must occur in the document), with sensible defaults."""
    start = doc.text.index(sentence)
    day = fields.pop("date", doc.date)
    try:
        phase = phase_of(date.fromisoformat(day)) if day else None
    except ValueError:
        phase = None
    values = {"speaker": "Test Speaker", "speaker_ar": "متحدث", "role": "", "date_basis": "metadata", "cue": "test",
              "cue_text": sentence[:10], "attribution": "verb-subject", "confidence": 0.9, "phase": phase} | fields
    return Statement(doc=doc.name, char_start=start, char_end=start + len(sentence), sentence=sentence,
                     country=country, topic=topic, stance=stance, score=STANCE_SCORES[stance], date=day,
                     doc_id=doc.id, **values)


def add_documents(path: Path, batch: list[tuple[Document, list[Statement]]]) -> None:
    db = open_database(path, sync=True)
    try:
        store_batch(db, batch)
    finally:
        db.conn.close()


def sample_copy(sample_db: Path, target: Path) -> Path:
    shutil.copy(sample_db, target)
    return target


_RECODED = {"assad_future": "assad_fate_open", "transition": "transition_process", "negotiations": "talks_procedural"}


def correct_rows(path: Path, rows: list[dict], actions: tuple[str, ...]) -> None:
    """Record one correction per row, cycling through ``actions`` (reject, recode, confirm,
    add): a re-code moves the stance to another code of its topic, an add puts Britain's
    position on the same sentence."""
    from db.corrections import Correction, record_correction

    for row, action in zip(rows, actions, strict=False):
        stance = _RECODED[row["topic"]] if action == "recode" else row["stance"]
        country, topic = ("GBR", "transition") if action == "add" else (row["country"], row["topic"])
        record_correction(path, Correction(row["doc_id"], row["char_start"], row["char_end"], country, topic, action,
                                           new_stance="transition_support" if action == "add" else stance,
                                           speaker="Philip Hammond" if action == "add" else row["speaker"],
                                           date=row["date"]))
