"""The page's counts in one pass (``queries.filter_counts``) and every topic's means in one
query are exactly what the separate queries give: the total, the undated and out-of-range
statements, each topic's drawable statements, and each topic's weekly and per-phase means;
under a text search, on the rollups, with odd dates and with analysts' corrections."""

from __future__ import annotations

from pathlib import Path

from dashboard.drawing import of_topic
from db import queries
from db.queries import Filters
from db.store import open_database
from positions.records import Document
from tests.builders import add_documents, correct_rows, sample_copy, statement_in
from tests.test_rollups import filter_sets

TOPICS = ("assad_future", "transition", "negotiations")


def all_filters(path: Path) -> list[Filters]:
    sets = [Filters(), Filters(include_reported=False), Filters(countries=("RUS",)),
            Filters(date_from="2015-07-25", date_to="2016-03-01"), Filters(stances=("assad_must_go", "talks_support"))]
    sets += [Filters(search=word) for word in ("الأسد", "سوريا", "المفاوضات", "لافروف")]
    sets += [Filters(search="الأسد", countries=("RUS", "USA", "FRA", "IRN", "SAU"), include_reported=False),
             Filters(search="سوريا", min_confidence=0.7, date_from="2015-08-01")]
    sets += filter_sets(path)
    return [f if f.topics else Filters(**{**f.__dict__, "topics": TOPICS}) for f in sets] + sets


def assert_counts_match(path: Path) -> None:
    db = open_database(path, readonly=True)
    checked = 0
    for filters in all_filters(path):
        counts = queries.filter_counts(db, filters)
        undrawn = queries.undrawn(db, filters)
        assert counts["total"] == queries.count_statements(db, filters), filters
        assert (counts["undated"], counts["out_of_range"]) == (undrawn["undated"], undrawn["out_of_range"]), filters
        for topic in filters.topics or TOPICS:
            one = Filters(**{**filters.__dict__, "topics": (topic,)})
            assert counts["drawable"].get(topic, 0) == queries.count_statements(db, one, drawable=True), (filters, topic)
            for period in queries.PERIODS:
                assert of_topic(queries.period_means(db, filters, period), topic) == \
                    queries.period_means(db, one, period), (filters, topic, period)
        checked += counts["total"]
    assert checked > 1000  # not vacuous


def odd_dates(path: Path) -> None:
    sentence = "وقال لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."
    batch = []
    for name, day in (("far-future.txt", "9999-12-31"), ("year-one.txt", "0001-01-01"), ("garbled.txt", "2015-13-45"),
                      ("empty.txt", "")):
        doc = Document(name, f"{name}\n{sentence}", date=day or None, date_basis="metadata")
        batch.append((doc, [statement_in(doc, sentence, "RUS", "assad_future", "assad_syrians_decide", date=day)]))
    undated = Document("undated.txt", f"undated\n{sentence}")
    batch.append((undated, [statement_in(undated, sentence, "RUS", "transition", "transition_support", date=None)]))
    add_documents(path, batch)


def test_filter_counts_are_the_separate_counts(sample_db: Path, tmp_path: Path) -> None:
    path = sample_copy(sample_db, tmp_path / "dates.db")
    odd_dates(path)
    db = open_database(path, readonly=True)
    counts = queries.filter_counts(db, Filters(countries=("RUS",)))
    assert counts["undated"] >= 2 and counts["out_of_range"] >= 3  # the odd dates are in
    assert_counts_match(path)


def test_filter_counts_with_corrections(sample_db: Path, tmp_path: Path) -> None:
    path = sample_copy(sample_db, tmp_path / "corrected.db")
    odd_dates(path)
    rows = queries.statements_page(open_database(path, readonly=True), Filters(search="الأسد"), 200)
    correct_rows(path, rows[::3], ("reject", "recode", "confirm", "add", "recode", "reject"))
    assert queries.has_corrections(open_database(path, readonly=True))
    assert_counts_match(path)
