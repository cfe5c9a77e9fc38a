"""Under a text search the Changes view finds each cell's evidence in one query per phase;
it must be the very statement the cell-by-cell lookup finds (or none where it finds none),
with and without analysts' corrections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db import queries
from db.queries import Filters
from db.store import open_database
from tests.builders import correct_rows

SEARCHES = ("الأسد", "سوريا", "جنيف", "المفاوضات")


def all_changes(path: Path) -> list:
    db = open_database(path, readonly=True)
    phases = [e["phase"] for e in queries.events(db)]
    out = []
    for word in SEARCHES:
        for filters in (Filters(search=word), Filters(search=word, countries=("RUS", "USA", "FRA", "IRN", "SAU"),
                                                      include_reported=False, date_from="2015-10-01")):
            for before, after in zip(phases, phases[1:], strict=False):
                out.append(queries.changes(db, filters, before, after))
    return out


def assert_batched_equals_cell_by_cell(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batched = all_changes(path)
    with monkeypatch.context() as patch:
        patch.setattr(queries, "BATCHED_SEARCH_EVIDENCE", False)
        one_by_one = all_changes(path)
    assert batched == one_by_one
    evidence = [c[side] for changes in batched for c in changes for side in ("from_evidence", "to_evidence")]
    assert any(e is not None for e in evidence) and any(e is None for e in evidence)  # not vacuous


def test_changes_search_evidence_batched_like_cell_by_cell(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_batched_equals_cell_by_cell(sample_db, monkeypatch)


def test_changes_search_evidence_batched_with_corrections(sample_db: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "corrected.db"
    shutil.copy(sample_db, path)
    rows = queries.statements_page(open_database(path, readonly=True), Filters(search="الأسد"), 200)
    correct_rows(path, rows[::3], ("reject", "recode", "confirm", "add", "recode", "reject"))
    assert queries.has_corrections(open_database(path, readonly=True))
    assert_batched_equals_cell_by_cell(path, monkeypatch)
