"""Every query the dashboard runs: aggregated in SQL, parameterised, paged.

Owns reading. Each function takes a connection-bearing ``sqlite_utils.Database`` and a
``Filters`` value and returns plain lists of dicts, small enough to cache and plot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from positions.normalise import normalise_plain

TIMELINE_LIMIT = 5000
SEARCH_LIMIT = 10_000  # a text search considers the newest matches only, so it stays instant on any corpus
POINT_LIMIT = 3000  # above this many statements the timeline shows daily means, not single statements


@dataclass(frozen=True)
class Filters:
    """What the user chose; empty tuples mean no restriction."""

    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    include_reported: bool = True
    search: str = ""


def fts_query(text: str) -> str:
    """A safe FTS5 query: each normalised word quoted (AND), so no input can be malformed."""
    words = re.findall(r"\w+", normalise_plain(text))
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def where(filters: Filters, alias: str = "s") -> tuple[str, list]:
    """SQL WHERE clause and parameters for ``filters``."""
    clauses: list[str] = []
    params: list = []
    for column, values in (("country", filters.countries), ("topic", filters.topics), ("stance", filters.stances),
                           ("speaker", filters.speakers), ("phase", filters.phases)):
        if values:
            clauses.append(f"{alias}.{column} in ({', '.join('?' for _ in values)})")
            params.extend(values)
    if filters.date_from:
        clauses.append(f"{alias}.date >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append(f"{alias}.date <= ?")
        params.append(filters.date_to)
    if not filters.include_reported:
        clauses.append(f"{alias}.reported = 0")
    query = fts_query(filters.search) if filters.search else ""
    if query:
        clauses.append(f"{alias}.id in (select rowid from statements_fts where statements_fts match ?"
                       f" order by rowid desc limit {SEARCH_LIMIT})")
        params.append(query)
    return (" where " + " and ".join(clauses)) if clauses else "", params


def uses_rollup(filters: Filters) -> bool:
    """The daily rollup answers every filter but speakers and text search."""
    return not filters.speakers and not fts_query(filters.search)


def _rows(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> list[dict]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


STATEMENT_COLUMNS = ("s.id, s.date, s.country, s.speaker, s.speaker_ar, s.role, s.topic, s.stance, s.score, "
                     "s.sentence, s.doc, s.doc_id, s.phase, s.reported, s.reported_by, s.cue, s.cue_text, "
                     "s.confidence, s.date_basis, s.attribution, s.char_start, s.char_end")


def timeline(db: sqlite_utils.Database, filters: Filters, collapse: bool = False,
             limit: int = TIMELINE_LIMIT) -> list[dict]:
    """Points for the timeline, oldest first: one per statement (``collapse``: one per
    speaker, topic, stance and date), or daily means per country when there are more than
    POINT_LIMIT statements (rows then carry ``n`` and ``aggregated``)."""
    total = count_statements(db, filters)
    if total == 0:
        return []
    if total > POINT_LIMIT:
        return daily_means(db, filters)
    clause, params = where(filters)
    if collapse:
        sql = (f"select {STATEMENT_COLUMNS}, count(*) over (partition by s.speaker, s.topic, s.stance, s.date) as repeats "
               f"from statements s{clause} order by s.date, s.id")
        sql = (f"select * from ({sql}) t where t.id in (select min(id) from statements s{clause} "
               f"group by s.speaker, s.topic, s.stance, s.date) limit ?")
        return _rows(db, sql, params + params + [limit])
    sql = f"select {STATEMENT_COLUMNS}, 1 as repeats from statements s{clause} order by s.date, s.id limit ?"
    return _rows(db, sql, params + [limit])


def daily_means(db: sqlite_utils.Database, filters: Filters) -> list[dict]:
    """Mean score per (topic, country, date) with its number of statements."""
    if uses_rollup(filters):
        clause, params = where(filters, "d")
        sql = (f"select d.topic, d.country, d.date, round(sum(d.total) * 1.0 / sum(d.n), 2) as score, sum(d.n) as n "
               f"from daily d{clause}{' and' if clause else ' where'} d.date != '' group by d.topic, d.country, d.date order by d.date")
    else:
        clause, params = where(filters)
        sql = (f"select s.topic, s.country, s.date, round(avg(s.score), 2) as score, count(*) as n from statements s"
               f"{clause}{' and' if clause else ' where'} s.date is not null group by s.topic, s.country, s.date order by s.date")
    rows = _rows(db, sql, params)
    for row in rows:
        row["aggregated"] = True
    return rows


def _grouped_source(filters: Filters) -> tuple[str, list]:
    """(topic, country, phase, stance, n, total) rows from the rollup or the statements."""
    if uses_rollup(filters):
        clause, params = where(filters, "d")
        return (f"select d.topic, d.country, d.phase, d.stance, sum(d.n) as n, sum(d.total) as total "
                f"from daily d{clause} group by d.topic, d.country, d.phase, d.stance"), params
    clause, params = where(filters)
    return (f"select s.topic, s.country, s.phase, s.stance, count(*) as n, sum(s.score) as total "
            f"from statements s{clause} group by s.topic, s.country, s.phase, s.stance"), params


def phase_matrix(db: sqlite_utils.Database, filters: Filters) -> list[dict]:
    """Per (topic, country, phase): mean score, count and the dominant stance code."""
    source, params = _grouped_source(filters)
    sql = f"""
        with counted as ({source}
        ), ranked as (
            select *, row_number() over (partition by topic, country, phase order by n desc, stance) as rank
            from counted
        )
        select topic, country, phase, round(sum(total) * 1.0 / sum(n), 2) as mean_score, sum(n) as n,
               max(case when rank = 1 then stance end) as dominant
        from ranked group by topic, country, phase order by topic, country, phase"""
    return _rows(db, sql, params)


def convergence(db: sqlite_utils.Database, first: str, second: str, filters: Filters) -> list[dict]:
    """Mean score of two states per (topic, phase) and the gap between them."""
    restricted = Filters(**{**filters.__dict__, "countries": (first, second)})
    source, params = _grouped_source(restricted)
    sql = f"""
        select topic, phase,
               round(sum(case when country = ? then total end) * 1.0 / sum(case when country = ? then n end), 2) as first_mean,
               round(sum(case when country = ? then total end) * 1.0 / sum(case when country = ? then n end), 2) as second_mean,
               coalesce(sum(case when country = ? then n end), 0) as first_n,
               coalesce(sum(case when country = ? then n end), 0) as second_n
        from ({source}) g group by topic, phase order by topic, phase"""
    rows = _rows(db, sql, [first, first, second, second, first, second] + params)
    for row in rows:
        both = row["first_mean"] is not None and row["second_mean"] is not None
        row["gap"] = round(abs(row["first_mean"] - row["second_mean"]), 2) if both else None
    return rows


def statements_page(db: sqlite_utils.Database, filters: Filters, limit: int = 50, offset: int = 0) -> list[dict]:
    """One page of statements for the explorer, newest first."""
    clause, params = where(filters)
    sql = f"select {STATEMENT_COLUMNS} from statements s{clause} order by s.date desc, s.id desc limit ? offset ?"
    return _rows(db, sql, params + [limit, offset])


def count_statements(db: sqlite_utils.Database, filters: Filters) -> int:
    if uses_rollup(filters):
        clause, params = where(filters, "d")
        return db.conn.execute(f"select coalesce(sum(d.n), 0) from daily d{clause}", params).fetchone()[0]
    clause, params = where(filters)
    return db.conn.execute(f"select count(*) from statements s{clause}", params).fetchone()[0]


def all_statements(db: sqlite_utils.Database, filters: Filters, limit: int = 100_000) -> list[dict]:
    """Every field of the filtered statements, for download."""
    clause, params = where(filters)
    return _rows(db, f"select s.* from statements s{clause} order by s.date, s.id limit ?", params + [limit])


def statement(db: sqlite_utils.Database, statement_id: int) -> dict | None:
    rows = _rows(db, f"select {STATEMENT_COLUMNS} from statements s where s.id = ?", [statement_id])
    return rows[0] if rows else None


def document(db: sqlite_utils.Database, doc_id: str) -> dict | None:
    rows = _rows(db, "select * from documents where id = ?", [doc_id])
    return rows[0] if rows else None


def documents_page(db: sqlite_utils.Database, limit: int = 50, offset: int = 0) -> list[dict]:
    return _rows(db, "select id, name, date, date_basis, source, title, url, n_statements, origin from documents"
                     " order by date desc, name limit ? offset ?", [limit, offset])


def events(db: sqlite_utils.Database) -> list[dict]:
    return _rows(db, "select * from events order by start")


def countries(db: sqlite_utils.Database) -> list[dict]:
    return _rows(db, "select * from countries")


def stance_labels(db: sqlite_utils.Database) -> dict[str, dict]:
    return {row["code"]: row for row in _rows(db, "select * from stances")}


def filter_options(db: sqlite_utils.Database) -> dict:
    """Values the filters can take (present in the data)."""
    present = [r["country"] for r in _rows(db, "select distinct country from daily order by country")]
    speakers = [r["speaker"] for r in _rows(db, "select speaker from speakers order by n_statements desc limit 500")]
    span = db.conn.execute("select min(date), max(date) from daily where date != ''").fetchone()
    return {"countries": present, "speakers": speakers, "date_min": span[0], "date_max": span[1]}


def corpus_stats(db: sqlite_utils.Database) -> dict:
    """Counts of documents and statements, by country and topic."""
    def grouped(column: str) -> dict[str, int]:
        sql = f"select {column}, sum(n) from daily group by {column} order by sum(n) desc"
        return {row[0]: row[1] for row in db.conn.execute(sql)}

    return {
        "documents": db.conn.execute("select count(*) from documents").fetchone()[0],
        "statements": db.conn.execute("select coalesce(sum(n), 0) from daily").fetchone()[0],
        "by_country": grouped("country"),
        "by_topic": grouped("topic"),
    }
