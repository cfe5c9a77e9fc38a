"""Sample corpus → database → the dashboard's queries, as the app calls them."""

from pathlib import Path

from dashboard import figures, tables
from db import queries
from db.queries import Filters
from db.store import open_database
from tests.conftest import SAMPLE


def test_end_to_end_sample_corpus_to_dashboard(sample_db: Path) -> None:
    db = open_database(sample_db)
    stats = queries.corpus_stats(db)
    assert stats["documents"] == len(list(SAMPLE.rglob("*.txt"))) and stats["statements"] > 200
    assert {"RUS", "IRN", "USA", "FRA", "SAU"} <= set(stats["by_country"])
    countries = {r["code"]: r for r in queries.countries(db)}
    stances = queries.stance_labels(db)
    events = queries.events(db)
    for topic in ("assad_future", "transition", "negotiations"):
        rows = queries.timeline(db, Filters(topics=(topic,), countries=("RUS", "IRN", "USA", "FRA", "SAU")))
        assert rows, topic
        figure = figures.timeline_figure(rows, topic, countries, stances, events)
        assert figure.data and len(figure.layout.shapes) >= len(events)
    matrix = queries.phase_matrix(db, Filters())
    assert figures.phase_matrix_figure(matrix, "negotiations", countries, stances, events).data
    # documents are dated by metadata, statements by the sentence where it says so
    bases = {r["date_basis"] for r in queries.all_statements(db, Filters())}
    assert "metadata" in bases and bases & {"weekday", "yesterday", "explicit"}


def test_end_to_end_evidence_is_escaped() -> None:
    html = tables.evidence_html("<script>alert(1)</script> قال <img src=x onerror=alert(1)>", 26, 29)
    assert "<script>" not in html and "<img" not in html and "<mark>قال</mark>" in html
