"""The timeline's points under a text search are read once (the matches counted on the way)
and collapsed from their keys; they must be exactly the statements the filters select, with
and without analysts' corrections, and a chart of many statements draws means and says so."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from dashboard.drawing import AUTO_POINTS, timeline_drawing
from db import queries
from db.queries import POINT_LIMIT, Filters
from db.store import open_database
from tests.apptest import new_app, shown_text, timelines
from tests.builders import correct_rows

SEARCHES = ("الأسد", "سوريا", "المفاوضات")
SHOWN = ("id", "date", "country", "speaker", "speaker_ar", "role", "topic", "stance", "score", "sentence", "reported",
         "review")


def expected_points(db, filters: Filters, collapse: bool) -> list[dict]:
    """The points worked out in Python from every statement the filters select (the export's rows)."""
    rows = sorted((r for r in queries.all_statements(db, filters)
                   if r["date"] and queries.PLOT_FROM <= r["date"][:10] <= queries.PLOT_TO),
                  key=lambda r: (r["date"], r["id"]))
    if not collapse:
        return [{k: r[k] for k in SHOWN} | {"repeats": 1} for r in rows]
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["speaker"], row["topic"], row["stance"], row["date"])].append(row)
    first = [(min(g, key=lambda r: r["id"]), len(g)) for g in groups.values()]
    return [{k: r[k] for k in SHOWN} | {"repeats": n} for r, n in sorted(first, key=lambda p: (p[0]["date"], p[0]["id"]))]


def assert_points_are_the_selected_statements(path: Path) -> None:
    db = open_database(path, readonly=True)
    checked = 0
    for word in SEARCHES:
        for topic in ("assad_future", "transition", "negotiations"):
            for filters in (Filters(search=word, topics=(topic,)),
                            Filters(search=word, topics=(topic,), countries=("RUS", "USA", "FRA", "IRN", "SAU"),
                                    include_reported=False)):
                for collapse in (False, True):
                    points = [{k: p[k] for k in (*SHOWN, "repeats")} for p in queries.timeline(db, filters, collapse)]
                    assert points == expected_points(db, filters, collapse), (word, topic, collapse)
                    checked += len(points)
    assert checked > 100  # not vacuous


def test_timeline_search_points_are_the_selected_statements(sample_db: Path) -> None:
    assert_points_are_the_selected_statements(sample_db)


def test_timeline_search_points_with_corrections(sample_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "corrected.db"
    shutil.copy(sample_db, path)
    rows = queries.statements_page(open_database(path, readonly=True), Filters(search="الأسد"), 200)
    correct_rows(path, rows[::3], ("reject", "recode", "confirm", "add", "recode", "reject"))
    assert queries.has_corrections(open_database(path, readonly=True))
    assert_points_are_the_selected_statements(path)


def test_timeline_search_above_the_point_limit_gives_weekly_means(sample_db: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(sample_db, readonly=True)
    filters = Filters(search="الأسد", topics=("assad_future",))
    matched = queries.count_statements(db, filters, drawable=True)
    assert matched > 3
    for limit, weekly in ((matched, False), (matched - 1, True)):
        monkeypatch.setattr(queries, "POINT_LIMIT", limit)
        points = queries.timeline(db, filters)
        assert all(p.get("aggregated") == "week" for p in points) if weekly else len(points) == matched
        if weekly:
            assert sum(p["n"] for p in points) == matched


def test_drawing_auto_draws_means_above_its_limit_and_says_so() -> None:
    assert timeline_drawing("auto", AUTO_POINTS, "Transition").mode == "statement"
    above = timeline_drawing("auto", AUTO_POINTS + 1, "Transition")
    assert above.mode == "week" and f"{AUTO_POINTS + 1:,} statements" in above.note and "narrow" in above.note
    assert timeline_drawing("statement", POINT_LIMIT, "Transition") == timeline_drawing("statement", 1, "Transition")
    assert timeline_drawing("statement", POINT_LIMIT + 1, "Transition").mode == "week"
    assert timeline_drawing("phase", 10**6, "Transition").mode == "phase"


def test_app_search_of_many_statements_draws_weekly_means_with_a_note(sample_db: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.drawing

    path = tmp_path / "s.db"
    shutil.copy(sample_db, path)
    monkeypatch.setattr(dashboard.drawing, "AUTO_POINTS", 3)
    at = new_app(monkeypatch, path, q="الأسد").run()
    assert not at.exception
    kinds = {t.get("meta", {}).get("kind") for c in timelines(at) for t in c["data"]}
    assert "period" in kinds and not kinds & {"own", "reported"}
    assert "drawn as weekly means" in shown_text(at)
    # every statement is still listed, and choosing each statement draws them one by one
    core = Filters(search="الأسد", countries=("RUS", "IRN", "USA", "FRA", "SAU"), include_reported=False)
    assert at.metric[0].value == str(queries.count_statements(open_database(path, readonly=True), core))
    at.radio(key="aggregate").set_value("statement").run()
    kinds = {t.get("meta", {}).get("kind") for c in timelines(at) for t in c["data"]}
    assert "own" in kinds and "period" not in kinds
    assert "drawn as weekly means" not in shown_text(at)
