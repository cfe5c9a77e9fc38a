"""The rollups answer every filter but a text search exactly as the statements do.

Outlets, a minimum confidence and speakers are answered by the per-outlet and per-speaker
rollups (schema 4); each aggregate the dashboard draws must come out the same as when it is
computed from the statements themselves, with and without analysts' corrections, and the
rollups must stay equal to their definition after ingest, re-ingest with a corrected outlet,
and re-extraction.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db import queries
from db.ingest import ingest_paths
from db.queries import Filters
from db.schema import CONFIDENCE_BANDS, ROLLUP_KEYS, rollup_rows_sql
from db.store import open_database
from tests.builders import correct_rows


def outlets_and_speakers(path: Path) -> tuple[list[str], list[str]]:
    conn = sqlite3.connect(path)
    outlets = [r[0] for r in conn.execute("select d.source from statements s join documents d on d.id = s.doc_id"
                                          " where d.source is not null group by 1 order by count(*) desc")]
    speakers = [r[0] for r in conn.execute("select speaker from statements group by 1 order by count(*) desc")]
    return outlets, speakers


def filter_sets(path: Path) -> list[Filters]:
    outlets, speakers = outlets_and_speakers(path)
    assert len(outlets) >= 2 and len(speakers) >= 3
    sets = [Filters(sources=(outlets[0],)), Filters(sources=tuple(outlets[:2]), countries=("RUS", "USA")),
            Filters(speakers=(speakers[0],)), Filters(speakers=tuple(speakers[:3]), sources=(outlets[0],)),
            Filters(speakers=(speakers[1],), min_confidence=0.7), Filters(sources=(outlets[1],), include_reported=False,
                                                                          date_from="2015-07-25")]
    sets += [Filters(min_confidence=band) for band in CONFIDENCE_BANDS]
    return sets


def answers(db, filters: Filters) -> dict:
    return {
        "count": queries.count_statements(db, filters),
        "drawable": queries.count_statements(db, filters, drawable=True),
        "undrawn": queries.undrawn(db, filters),
        "matrix": queries.phase_matrix(db, filters),
        "weeks": queries.period_means(db, filters, "week"),
        "phases": queries.period_means(db, filters, "phase"),
        "volume": queries.weekly_volume(db, filters),
        "convergence": queries.convergence(db, "USA", "RUS", filters),
        "changes": queries.changes(db, filters, "vienna_1", "geneva_3"),
    }


def assert_rollups_answer_like_statements(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(path, readonly=True)
    for filters in filter_sets(path):
        assert queries.uses_rollup(filters)
        from_rollups = answers(db, filters)
        with monkeypatch.context() as patch:
            patch.setattr(queries, "rollup_for", lambda _filters: None)
            from_statements = answers(db, filters)
        assert from_rollups == from_statements, filters
        assert from_rollups["count"] > 0, filters  # every set selects statements: the comparison is not vacuous


def test_rollups_answer_outlets_confidence_and_speakers_like_the_statements(sample_db: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert_rollups_answer_like_statements(sample_db, monkeypatch)


def test_rollups_answer_like_the_statements_with_corrections(sample_db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "corrected.db"
    shutil.copy(sample_db, path)
    db = open_database(path, readonly=True)
    rows = queries.statements_page(db, Filters(include_reported=False), 200)
    outlets, _ = outlets_and_speakers(path)
    correct_rows(path, rows[::40], ("reject", "recode", "confirm", "add", "recode"))
    assert queries.has_corrections(open_database(path, readonly=True))
    assert_rollups_answer_like_statements(path, monkeypatch)


def rollups_match_definition(path: Path) -> None:
    """Rollups equal their definition, and each statement carries its document's outlet."""
    conn = sqlite3.connect(path)
    for name in ROLLUP_KEYS:
        assert sorted(conn.execute(f"select * from {name}")) == sorted(conn.execute(rollup_rows_sql(name))), name
    assert conn.execute("select count(*) from statements s join documents d on d.id = s.doc_id"
                        " where s.source is not d.source").fetchone()[0] == 0


def test_rollups_follow_a_corrected_outlet_and_reextraction(tmp_path: Path) -> None:
    from db.reextract import reextract
    from tests.test_reextract import corpus

    folder = corpus(tmp_path / "c", documents=6)
    path = tmp_path / "r.db"
    ingest_paths([str(folder)], path, workers=1)
    rollups_match_definition(path)
    meta = (folder / "meta.jsonl").read_text(encoding="utf-8").replace('"date"', '"source": "outlet-b", "date"', 2)
    (folder / "meta.jsonl").write_text(meta, encoding="utf-8")
    report = ingest_paths([str(folder)], path, workers=1)
    assert report.updated == 2
    rollups_match_definition(path)
    assert {r[0] for r in sqlite3.connect(path).execute("select source from daily_source")} == {"", "outlet-b"}
    reextract(path, workers=1, everything=True)
    rollups_match_definition(path)
