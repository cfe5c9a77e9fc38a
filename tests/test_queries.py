from pathlib import Path

from db import queries
from db.queries import Filters, fts_query
from db.store import open_database
from tests.conftest import SAMPLE


def test_queries_filters_and_search(sample_db: Path) -> None:
    db = open_database(sample_db)
    everything = queries.count_statements(db, Filters())
    russia = queries.count_statements(db, Filters(countries=("RUS",)))
    assert 0 < russia < everything
    # search matches across hamza and teh marbuta variants and diacritics
    assert queries.count_statements(db, Filters(search="الأسد")) == queries.count_statements(db, Filters(search="الاسد"))
    assert queries.count_statements(db, Filters(search="الأسَد")) > 0
    assert queries.count_statements(db, Filters(search='"unbalanced ( AND OR')) == 0


def test_queries_fts_query_is_always_quoted() -> None:
    assert fts_query('مصير "الأسد" OR (') == '"مصير" "الاسد" "or"'


def test_queries_timeline_collapse(sample_db: Path) -> None:
    db = open_database(sample_db)
    full = queries.timeline(db, Filters(topics=("negotiations",)))
    collapsed = queries.timeline(db, Filters(topics=("negotiations",)), collapse=True)
    assert 0 < len(collapsed) <= len(full)
    assert len({(r["speaker"], r["stance"], r["date"]) for r in collapsed}) == len(collapsed)


def test_queries_phase_matrix_and_convergence(sample_db: Path) -> None:
    db = open_database(sample_db)
    matrix = queries.phase_matrix(db, Filters())
    assert matrix and all(-2 <= r["mean_score"] <= 2 and r["n"] > 0 and (r["dominant"] or r["tied"]) for r in matrix)
    gaps = queries.convergence(db, "USA", "RUS", Filters())
    assert any(r["gap"] is not None for r in gaps)


def test_queries_pages_and_documents(sample_db: Path) -> None:
    db = open_database(sample_db)
    first = queries.statements_page(db, Filters(), limit=10, offset=0)
    second = queries.statements_page(db, Filters(), limit=10, offset=10)
    assert len(first) == 10 and not {r["id"] for r in first} & {r["id"] for r in second}
    assert len(queries.documents_page(db, limit=500)) == len(list(SAMPLE.rglob("*.txt")))
    row = first[0]
    doc = queries.document(db, row["doc_id"])
    assert doc["text"][row["char_start"]:row["char_end"]] == row["sentence"]
