"""Analysts' corrections: they win over the extractor in every query and survive re-extraction."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from db import queries
from db.corrections import Correction, CorrectionError, record_correction, withdraw_correction
from db.ingest import ingest_paths
from db.queries import Filters
from db.store import StoreError, open_database
from tests.conftest import SAMPLE

EVERYTHING = Filters()
NON_ROLLUP = Filters(min_confidence=0.01)  # the same statements, read from the statements table


@pytest.fixture
def copy(sample_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "corrected.db"
    shutil.copy(sample_db, target)
    return target


def pick(path: Path, **where: str) -> dict:
    db = open_database(path, readonly=True)
    rows = [r for r in queries.statements_page(db, Filters(include_reported=False), 1000)
            if all(r[k] == v for k, v in where.items())]
    assert rows, where
    return rows[-1]


def key(row: dict) -> dict:
    return {"doc_id": row["doc_id"], "char_start": row["char_start"], "char_end": row["char_end"],
            "country": row["key_country"], "topic": row["key_topic"]}


def totals(path: Path, filters: Filters = EVERYTHING) -> tuple[int, int, int]:
    db = open_database(path, readonly=True)
    matrix = sum(r["n"] for r in queries.phase_matrix(db, filters))
    return queries.count_statements(db, filters), matrix, queries.corpus_stats(db)["statements"]


def test_corrections_reject_removes_a_statement_everywhere(copy: Path) -> None:
    row = pick(copy, country="RUS", topic="assad_future")
    before, before_plain = totals(copy), totals(copy, NON_ROLLUP)
    record_correction(copy, Correction(**key(row), action="reject", note="not Russia's position"))
    db = open_database(copy, readonly=True)
    assert totals(copy) == tuple(n - 1 for n in before)
    assert totals(copy, NON_ROLLUP)[:2] == tuple(n - 1 for n in before_plain[:2])
    assert row["id"] not in {r["id"] for r in queries.timeline(db, Filters(topics=("assad_future",)))}
    assert row["id"] not in {r["id"] for r in queries.all_statements(db, Filters())}
    shown = queries.statement(db, row["id"])
    assert shown["review"] == "reject" and shown["review_note"] == "not Russia's position"


def test_corrections_recode_confirm_and_add_win_in_every_view(copy: Path) -> None:
    recoded = pick(copy, country="USA", topic="assad_future")
    confirmed = pick(copy, country="IRN", topic="negotiations")
    before = totals(copy)
    record_correction(copy, Correction(**key(recoded), action="recode", new_country="FRA", new_stance="assad_fate_open",
                                       speaker="Laurent Fabius", date=recoded["date"], note="the speaker is Fabius"))
    record_correction(copy, Correction(**key(confirmed), action="confirm", new_stance=confirmed["stance"],
                                       speaker=confirmed["speaker"], speaker_ar=confirmed["speaker_ar"],
                                       date=confirmed["date"]))
    doc = open_database(copy, readonly=True).conn.execute(
        "select id, text, date from documents where name = 'p1-002.txt'").fetchone()
    start = doc[1].index(doc[1].strip().split("\n")[0])
    added = record_correction(copy, Correction(doc[0], start, start + 20, "GBR", "transition", "add",
                                               new_stance="transition_support", speaker="Philip Hammond"))
    db = open_database(copy, readonly=True)
    assert totals(copy) == tuple(n + 1 for n in before)  # one added; a recode and a confirm keep the count
    shown = queries.statement(db, recoded["id"])
    assert (shown["country"], shown["stance"], shown["score"], shown["review"]) == ("FRA", "assad_fate_open", 0, "recode")
    assert (shown["extracted_country"], shown["extracted_stance"]) == ("USA", recoded["stance"])
    assert queries.statement(db, confirmed["id"])["review"] == "confirm"
    assert queries.statement(db, -added)["speaker"] == "Philip Hammond"
    france = {r["id"]: r for r in queries.timeline(db, Filters(countries=("FRA",), topics=("assad_future",)))}
    assert france[recoded["id"]]["stance"] == "assad_fate_open"
    assert recoded["id"] not in {r["id"] for r in queries.timeline(db, Filters(countries=("USA",)))}
    exported = {r["id"]: r for r in queries.all_statements(db, Filters())}
    assert exported[recoded["id"]]["country"] == "FRA" and exported[-added]["country"] == "GBR"
    cells = {(r["country"], r["topic"], r["phase"]): r for r in queries.phase_matrix(db, Filters())}
    assert cells[("GBR", "transition", doc[2] and queries.statement(db, -added)["phase"])]["n"] >= 1
    assert "GBR" in queries.filter_options(db)["countries"]


def test_corrections_newest_wins_and_withdrawal_restores(copy: Path) -> None:
    row = pick(copy, country="RUS", topic="negotiations")
    first = record_correction(copy, Correction(**key(row), action="recode", new_stance="talks_reject", speaker=row["speaker"]))
    second = record_correction(copy, Correction(**key(row), action="recode", new_stance="talks_procedural",
                                                speaker=row["speaker"]))
    db = open_database(copy, readonly=True)
    assert queries.statement(db, row["id"])["stance"] == "talks_procedural"
    assert [c["active"] for c in queries.corrections_log(db)[:2]] == [1, 0]
    withdraw_correction(copy, second)
    assert queries.statement(db, row["id"])["stance"] == row["stance"]
    assert first != second


def test_corrections_survive_reextraction(copy: Path, tmp_path: Path) -> None:
    row = pick(copy, country="RUS", topic="assad_future")
    record_correction(copy, Correction(**key(row), action="recode", new_stance="assad_fate_open", speaker=row["speaker"],
                                       date=row["date"], note="survives"))
    # re-extraction replaces every document's statements (new ids); corrections are untouched
    conn = sqlite3.connect(copy)
    with conn:
        for table in ("statements", "daily", "speakers", "documents", "files"):
            conn.execute(f"delete from {table}")
    conn.close()
    ingest_paths([str(SAMPLE / "seeds"), str(SAMPLE / "news")], copy, workers=1)  # another order: other ids
    db = open_database(copy, readonly=True)
    ids = {r["id"] for r in db.query("select id from statements where doc_id = ? and char_start = ?",
                                     [row["doc_id"], row["char_start"]])}
    assert row["id"] not in ids, "the statement ids should have changed"
    again = [r for r in queries.all_statements(db, Filters(countries=("RUS",)))
             if (r["doc_id"], r["char_start"], r["char_end"]) == (row["doc_id"], row["char_start"], row["char_end"])
             and r["topic"] == "assad_future"]
    assert [(r["stance"], r["review"], r["review_note"]) for r in again] == [("assad_fate_open", "recode", "survives")]


def test_corrections_are_validated(copy: Path, tmp_path: Path) -> None:
    row = pick(copy, country="RUS", topic="assad_future")
    with pytest.raises(CorrectionError, match="belongs to negotiations"):
        record_correction(copy, Correction(**key(row), action="recode", new_stance="talks_support", speaker="x"))
    with pytest.raises(CorrectionError, match="no document"):
        record_correction(copy, Correction("0" * 16, 0, 5, "RUS", "assad_future", "reject"))
    with pytest.raises(CorrectionError, match="outside the document"):
        record_correction(copy, Correction(row["doc_id"], 0, 10**7, "RUS", "assad_future", "reject"))
    with pytest.raises(CorrectionError, match="country must be a code"):
        record_correction(copy, Correction(**key(row), action="recode", new_country="russia",
                                           new_stance="assad_support", speaker="x"))
    with pytest.raises(StoreError, match="no database"):
        record_correction(tmp_path / "missing.db", Correction(**key(row), action="reject"))
    assert not (tmp_path / "missing.db").exists()


def test_corrections_wait_for_a_running_ingest_transaction(copy: Path) -> None:
    row = pick(copy, country="IRN", topic="negotiations")
    writer = sqlite3.connect(copy, isolation_level=None, check_same_thread=False)
    writer.execute("begin immediate")  # an ingest's chunk transaction holds the write lock
    writer.execute("update documents set n_statements = n_statements where 0")

    def release() -> None:
        time.sleep(0.7)
        writer.execute("commit")

    thread = threading.Thread(target=release)
    thread.start()
    record_correction(copy, Correction(**key(row), action="reject"))  # waits (busy timeout), no "locked"
    thread.join()
    writer.close()
    assert queries.statement(open_database(copy, readonly=True), row["id"])["review"] == "reject"


def test_corrections_filtered_reads_match_the_whole_corrected_view(copy: Path) -> None:
    """Filters, order and limits go inside each arm of the corrected union (for speed): the
    rows must be exactly those of filtering the whole corrected view."""
    for country, topic, action in (("RUS", "assad_future", "reject"), ("IRN", "negotiations", "recode"),
                                   ("USA", "assad_future", "confirm")):
        row = pick(copy, country=country, topic=topic)
        stance = "talks_procedural" if action == "recode" else row["stance"]
        record_correction(copy, Correction(**key(row), action=action, new_stance=stance, speaker=row["speaker"],
                                           date=row["date"]))
    db = open_database(copy, readonly=True)
    for filters in (Filters(), Filters(countries=("IRN", "USA")), Filters(search="الأسد"), Filters(min_confidence=0.8),
                    Filters(sources=("aawsat",)), Filters(topics=("negotiations",), include_reported=False)):
        clause, params = queries.where(filters)
        naive = [r[0] for r in db.conn.execute(
            f"select s.id from {queries.EFFECTIVE_STATEMENTS} s{clause} order by s.date desc, s.id desc", params)]
        assert [r["id"] for r in queries.statements_page(db, filters, 10, 5)] == naive[5:15], filters
        assert queries.count_statements(db, filters) == len(naive), filters
