"""Every query the dashboard runs: aggregated in SQL, parameterised, paged, corrections applied.

Owns reading. Each function takes a connection-bearing ``sqlite_utils.Database`` and a
``Filters`` value and returns plain lists of dicts, small enough to cache and plot.

Analysts' corrections (``db.corrections``) win over the extractor everywhere: statements
are read from an *effective* source — the extracted statements no active correction
touches, plus one row per active correction that is not a rejection — and the daily
rollup is read together with the difference the corrections make to it. With no
correction (or an older database without the table) both sources are the plain tables.

Never returns normalised text (``sentence_norm``): it exists for search only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

import sqlite_utils

from db.schema import BAND_COLUMNS, CONFIDENCE_BANDS, ROLLUP_KEYS
from positions.normalise import normalise_plain

TIMELINE_LIMIT = 5000
SEARCH_LIMIT = 10_000  # a text search considers the newest matches only, so it stays instant on any corpus
POINT_LIMIT = 3000  # above this many statements the timeline shows weekly means, not single statements
PLOT_FROM, PLOT_TO = "1990-01-01", "2100-12-31"  # a date outside this window is an error: counted, never drawn
PERIODS = ("week", "phase")


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
    sources: tuple[str, ...] = ()
    min_confidence: float = 0.0


def fts_query(text: str) -> str:
    """A safe FTS5 query: each normalised word quoted (AND), so no input can be malformed.
    Words are split where the index's tokenizer splits them (also at "_"): the index keeps no
    word positions, so each quoted phrase must be a single word."""
    words = re.findall(r"[^\W_]+", normalise_plain(text))
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def where(filters: Filters, alias: str = "s", drawable: bool = False, rollup: bool = False) -> tuple[str, list]:
    """SQL WHERE clause and parameters for ``filters`` (``drawable``: dates inside the plot
    window only; ``rollup``: on a rollup table, which answers a minimum confidence by its
    choice of count column, not by a condition)."""
    clauses: list[str] = []
    params: list = []
    for column, values in (("country", filters.countries), ("topic", filters.topics), ("stance", filters.stances),
                           ("speaker", filters.speakers), ("phase", filters.phases)):
        if values:
            clauses.append(f"{alias}.{column} in ({', '.join('?' for _ in values)})")
            params.extend(values)
    # one range on the date (the tighter of the filter's and, for drawing, the plot window's
    # bounds): given two, SQLite may seek the index by the looser one and filter the rest
    lower = max(filter(None, (filters.date_from, PLOT_FROM if drawable else None)), default=None)
    upper = min(filter(None, (filters.date_to, PLOT_TO if drawable else None)), default=None)
    if lower:
        clauses.append(f"{alias}.date >= ?")
        params.append(lower)
    if upper:
        clauses.append(f"{alias}.date <= ?")
        params.append(upper)
    if drawable:  # a real calendar date inside the window (SQLite's date() is null for 2015-13-45)
        clauses.append(f"date({alias}.date) is not null")
    if not filters.include_reported:
        clauses.append(f"{alias}.reported = 0")
    if filters.sources:
        marks = ", ".join("?" for _ in filters.sources)
        # statements and rollups both carry their document's outlet (schema 4)
        clauses.append(f"{alias}.source in ({marks})")
        params.extend(filters.sources)
    if filters.min_confidence > 0 and not rollup:
        clauses.append(f"{alias}.confidence >= ?")
        params.append(filters.min_confidence)
    query = fts_query(filters.search) if filters.search else ""
    if query:
        assert not rollup, "no rollup answers a text search"
        clauses.append(f"{alias}.id in (select rowid from statements_fts where statements_fts match ?"
                       f" order by rowid desc limit {SEARCH_LIMIT})")
        params.append(query)
    return (" where " + " and ".join(clauses)) if clauses else "", params


DAILY_KEYS = ("topic", "country", "date", "stance", "reported", "phase")
ROLLUPS = {"daily": DAILY_KEYS, **ROLLUP_KEYS}


def rollup_for(filters: Filters) -> str | None:
    """The rollup table that answers ``filters``: ``daily`` for the common filters, the
    per-outlet rollup for outlets or a minimum confidence, the per-speaker one for speakers;
    None when only the statements can (a text search, a confidence between the bands)."""
    if fts_query(filters.search):
        return None
    if filters.min_confidence > 0 and filters.min_confidence not in CONFIDENCE_BANDS:
        return None
    if filters.speakers:
        return "daily_speaker"
    if filters.sources or filters.min_confidence > 0:
        return "daily_source"
    return "daily"


def uses_rollup(filters: Filters) -> bool:
    """Whether a rollup answers ``filters`` (every filter but a text search does)."""
    return rollup_for(filters) is not None


def _band(filters: Filters) -> str:
    """The suffix of a rollup's count columns for the filters' minimum confidence ("" for none)."""
    return str(round(filters.min_confidence * 100)) if filters.min_confidence > 0 else ""


def _rows(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> list[dict]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


TEXTS_PER_QUERY = 500


def with_sentences(db: sqlite_utils.Database, rows: list[dict]) -> list[dict]:
    """Statement rows with their sentences: a sentence that is its document's text at its span
    is not stored (``schema.sentence_sql``), so it is cut from the documents of these rows here,
    once per page, not for every statement a query passes over on the way to it."""
    missing = sorted({r["doc_id"] for r in rows if r.get("sentence") is None and r.get("doc_id")})
    texts: dict[str, str] = {}
    for start in range(0, len(missing), TEXTS_PER_QUERY):
        chunk = missing[start:start + TEXTS_PER_QUERY]
        texts.update(db.conn.execute(f"select id, text from documents where id in ({', '.join('?' for _ in chunk)})",
                                     chunk).fetchall())
    for row in rows:
        if row.get("sentence") is None and row.get("doc_id") in texts:
            row["sentence"] = texts[row["doc_id"]][row["char_start"]:row["char_end"]]
    return rows


def _statement_rows(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> list[dict]:
    return with_sentences(db, _rows(db, sql, params))


# --- the effective statements: extractor output with the analysts' corrections applied ---

# a correction c touches a statement s: same document and span, and s is coded either as
# the analyst found it (the key) or as the analyst said it is (a later extractor agreeing)
_SPAN = "c.doc_id = s.doc_id and c.char_start = s.char_start and c.char_end = s.char_end"
_TOUCHES = (f"c.active = 1 and {_SPAN} and ((c.country = s.country and c.topic = s.topic)"
            " or (c.new_country = s.country and c.new_topic = s.topic))")

_UNCORRECTED_COLUMNS = """
    s.id, s.doc_id, s.doc, s.char_start, s.char_end, s.sentence, s.speaker, s.speaker_ar, s.country,
    s.role, s.topic, s.stance, s.score, s.date, s.date_basis, s.phase, s.cue, s.cue_text, s.attribution,
    s.confidence, s.reported, s.reported_by, null as review, null as correction_id, null as review_note,
    s.country as extracted_country, s.topic as extracted_topic, s.stance as extracted_stance,
    s.country as key_country, s.topic as key_topic, s.source"""
_UNTOUCHED = f"not exists (select 1 from corrections c where {_TOUCHES})"
_UNCORRECTED = f"select {_UNCORRECTED_COLUMNS} from statements s where {_UNTOUCHED}"

# one row per active correction that keeps a statement; what the extractor said (m: the
# statement it touches, preferably as the analyst found it) fills in the evidence fields the
# analyst does not code (cue, attribution, role)
_CORRECTED = f"""
    select coalesce(m.id, -c.id) as id, c.doc_id, coalesce(m.doc, d.name) as doc, c.char_start, c.char_end,
           c.sentence, c.speaker, coalesce(c.speaker_ar, '') as speaker_ar, c.new_country as country,
           case when m.speaker = c.speaker then m.role else '' end as role, c.new_topic as topic,
           c.new_stance as stance, c.new_score as score, c.date,
           case when m.date = c.date then m.date_basis else 'analyst' end as date_basis, c.phase,
           coalesce(m.cue, '') as cue, coalesce(m.cue_text, '') as cue_text,
           coalesce(m.attribution, 'analyst') as attribution, 1.0 as confidence, c.reported,
           case when c.reported = 1 then m.reported_by end as reported_by, c.action as review,
           c.id as correction_id, c.note as review_note, m.country as extracted_country,
           m.topic as extracted_topic, m.stance as extracted_stance, c.country as key_country, c.topic as key_topic,
           d.source
    from (select c.*, coalesce((select min(s.id) from statements s where {_SPAN} and s.country = c.country
                                   and s.topic = c.topic),
                                  (select min(s.id) from statements s where {_SPAN} and s.country = c.new_country
                                   and s.topic = c.new_topic)) as match_id
          from corrections c where c.active = 1 and c.action != 'reject') c
    left join statements m on m.id = c.match_id
    left join documents d on d.id = c.doc_id"""

EFFECTIVE_STATEMENTS = f"({_UNCORRECTED} union all {_CORRECTED})"

# the difference the corrections make to the rollups: minus every statement they touch,
# plus every statement they keep (at confidence 1.0, so in every band); one row per statement
# with every key any rollup has, each rollup reading the columns it keeps
_BAND_TERMS = ", ".join(f"{{sign}}({{a}}.confidence >= {band}) as n{int(band * 100)}, "
                        f"{{sign}}(case when {{a}}.confidence >= {band} then {{a}}.score else 0 end) as total{int(band * 100)}"
                        for band in CONFIDENCE_BANDS)
_ROLLUP_DELTA = f"""
    select s.topic, s.country, coalesce(s.date, '') as date, s.stance, s.reported, coalesce(s.phase, '') as phase,
           coalesce(s.speaker, '') as speaker, coalesce(o.source, '') as source,
           -1 as n, -s.score as total, {_BAND_TERMS.format(sign="-", a="s")}
    from statements s left join documents o on o.id = s.doc_id
    where s.doc_id in (select doc_id from corrections where active = 1)
        and exists (select 1 from corrections c where {_TOUCHES})
    union all
    select k.topic, k.country, coalesce(k.date, ''), k.stance, k.reported, coalesce(k.phase, ''), coalesce(k.speaker, ''),
           coalesce(o.source, ''), 1, k.score, {_BAND_TERMS.format(sign="", a="k")}
    from ({_CORRECTED}) k left join documents o on o.id = k.doc_id"""

EFFECTIVE_DAILY = (f"(select topic, country, date, stance, reported, phase, n, total from daily union all"
                   f" select topic, country, date, stance, reported, phase, n, total from ({_ROLLUP_DELTA}))")

# who reports a reported position, as written: the speaker of the same clause in its own words
_REPORTER_AS_WRITTEN = ("(select r.speaker_ar from statements r where r.doc_id = s.doc_id and r.char_start = s.char_start"
                        " and r.char_end = s.char_end and r.reported = 0 and r.speaker = s.reported_by limit 1)")

COLUMNS = ("s.id, s.date, s.country, s.speaker, s.speaker_ar, s.role, s.topic, s.stance, s.score, s.sentence, s.doc, "
           "s.doc_id, s.phase, s.reported, s.reported_by, s.cue, s.cue_text, s.confidence, s.date_basis, "
           "s.attribution, s.char_start, s.char_end")
# what a timeline point shows (its hover and its evidence link), and what finds its sentence:
# reading only these keeps a timeline of thousands of statements quick
TIMELINE_COLUMNS = ("s.id, s.date, s.country, s.speaker, s.speaker_ar, s.role, s.topic, s.stance, s.score, s.sentence, "
                    "s.doc_id, s.char_start, s.char_end, s.phase, s.reported, s.reported_by, s.confidence")
REVIEW_COLUMNS = ("s.review, s.correction_id, s.review_note, s.extracted_country, s.extracted_topic, "
                  "s.extracted_stance, s.key_country, s.key_topic")


def has_corrections(db: sqlite_utils.Database) -> bool:
    """Whether any active correction exists (else the plain tables are read, as fast as before)."""
    if not db.conn.execute("select exists (select 1 from sqlite_master where name = 'corrections')").fetchone()[0]:
        return False
    return bool(db.conn.execute("select exists (select 1 from corrections where active = 1)").fetchone()[0])


PLAIN_REVIEW_COLUMNS = ("null as review, null as correction_id, null as review_note, s.country as extracted_country, "
                        "s.topic as extracted_topic, s.stance as extracted_stance, s.country as key_country, "
                        "s.topic as key_topic")


def _statements(db: sqlite_utils.Database) -> tuple[str, str]:
    """(source of statements, review columns) for a select ``from <source> s`` of the whole table."""
    if has_corrections(db):
        return EFFECTIVE_STATEMENTS, REVIEW_COLUMNS
    return "statements", PLAIN_REVIEW_COLUMNS


def _daily(db: sqlite_utils.Database) -> str:
    return EFFECTIVE_DAILY if has_corrections(db) else "daily"


@dataclass(frozen=True)
class _Read:
    """A filtered read: ``select … from {source}{clause}`` with ``params``.

    With corrections, the filters go inside each arm of the union and ``clause`` is empty:
    SQLite pushes neither a full-text condition nor an ORDER BY … LIMIT into a compound
    subquery, and without that a page of a million statements sorts them all.
    """

    source: str
    clause: str
    params: list
    review: str = ""


def _read_statements(db: sqlite_utils.Database, filters: Filters, drawable: bool = False,
                     order: str | None = None, limit: int | None = None) -> _Read:
    """The filtered statements (alias s), corrections applied; ``order``/``limit``: only the
    first ``limit`` rows in that order are needed (the outer query orders and limits again)."""
    clause, params = where(filters, "s", drawable)
    if not has_corrections(db):
        return _Read("statements s", clause, params, PLAIN_REVIEW_COLUMNS)
    uncorrected = f"select {_UNCORRECTED_COLUMNS} from statements s{clause}{' and' if clause else ' where'} {_UNTOUCHED}"
    if order:
        uncorrected = f"select * from ({uncorrected} order by {order} limit {int(limit or -1)})"
    corrected = f"select * from ({_CORRECTED}) s{clause}"
    return _Read(f"({uncorrected} union all {corrected}) s", "", params + params, REVIEW_COLUMNS)


def _read_rollup(db: sqlite_utils.Database, name: str, filters: Filters, drawable: bool = False) -> _Read:
    """The filtered rollup ``name`` (alias d), with the difference the corrections make."""
    clause, params = where(filters, "d", drawable, rollup=True)
    if not has_corrections(db):
        return _Read(f"{name} d", clause, params)
    columns = ", ".join(f"d.{c}" for c in (*ROLLUPS[name], "n", "total", *(BAND_COLUMNS if name != "daily" else ())))
    base = f"select {columns} from {name} d{clause}"
    return _Read(f"({base} union all select {columns} from ({_ROLLUP_DELTA}) d{clause}) d", "", params + params)


# --- points and aggregates for the charts ---

def timeline(db: sqlite_utils.Database, filters: Filters, collapse: bool = False,
             limit: int = TIMELINE_LIMIT) -> list[dict]:
    """Points for the timeline, oldest first, one per statement (``collapse``: one per
    speaker, topic, stance and date, with its number of ``repeats``); weekly means (rows with
    ``aggregated``) when there are more than POINT_LIMIT. Only dates inside the plot window
    are returned, and only what a point shows (``TIMELINE_COLUMNS``, ``review``): the
    evidence of a statement is read by ``statement``."""
    if uses_rollup(filters) or has_corrections(db):
        total = count_statements(db, filters, drawable=True)  # a rollup counts without reading a statement
        if total == 0:
            return []
        if total > POINT_LIMIT:
            return period_means(db, filters, "week")
        return with_sentences(db, _rows(db, *_timeline_sql(db, filters, collapse, limit)))
    # a text search: counting would read the matching statements as the points do, so they are
    # read once, each row saying how many statements there are in all (``matched``)
    rows = _rows(db, *_timeline_sql(db, filters, collapse, limit, counted=True))
    if rows and rows[0]["matched"] > POINT_LIMIT:
        return period_means(db, filters, "week")
    for row in rows:
        del row["matched"]
    return with_sentences(db, rows)


def _timeline_sql(db: sqlite_utils.Database, filters: Filters, collapse: bool, limit: int,
                  counted: bool = False) -> tuple[str, list]:
    """The timeline's points (``counted``: each with ``matched``, the number of statements
    before collapsing and limiting; only without corrections)."""
    review = "s.review" if has_corrections(db) else "null as review"
    if collapse:
        r = _read_statements(db, filters, drawable=True)
        if not has_corrections(db):
            # the repeats are counted on the keys alone, then only the rows drawn are read: a
            # text search passes over up to SEARCH_LIMIT statements, most of them not drawn
            keys = f"select s.id, s.speaker, s.topic, s.stance, s.date from {r.source}{r.clause}"
            matched = ", (select count(*) from m) as matched" if counted else ""
            return (f"with m as materialized ({keys}), g as (select min(id) as id, count(*) as repeats from m"
                    f" group by speaker, topic, stance, date) select {TIMELINE_COLUMNS}, {review}, g.repeats{matched}"
                    f" from g join statements s on s.id = g.id order by s.date, s.id limit ?"), r.params + [limit]
        assert not counted, "with corrections the points are counted apart"
        sql = (f"select {TIMELINE_COLUMNS}, {review}, count(*) over (partition by s.speaker, s.topic, s.stance, s.date)"
               f" as repeats from {r.source}{r.clause} order by s.date, s.id")
        sql = (f"select * from ({sql}) t where t.id in (select min(s.id) from {r.source}{r.clause} "
               f"group by s.speaker, s.topic, s.stance, s.date) limit ?")
        return sql, r.params + r.params + [limit]
    r = _read_statements(db, filters, drawable=True, order="s.date, s.id", limit=limit)
    assert not (counted and r.review != PLAIN_REVIEW_COLUMNS), "with corrections the points are counted apart"
    matched = ", count(*) over () as matched" if counted else ""
    sql = (f"select {TIMELINE_COLUMNS}, {review}, 1 as repeats, case when s.reported = 1 then {_REPORTER_AS_WRITTEN} end"
           f" as reporter{matched} from {r.source}{r.clause} order by s.date, s.id limit ?")
    return sql, r.params + [limit]


@dataclass(frozen=True)
class _Counted:
    """Where counts come from for ``filters``: the daily rollup (alias d) when it can answer,
    else the statements (alias s); with the WHERE clause and the count and score-sum terms."""

    alias: str
    source: str
    clause: str
    params: list
    count: str
    total: str
    each: str  # what one row counts for: 1 statement, or a rollup row's statements


def _counted(db: sqlite_utils.Database, filters: Filters, drawable: bool) -> _Counted:
    name = rollup_for(filters)
    if name is not None:
        r = _read_rollup(db, name, filters, drawable)
        band = _band(filters)
        return _Counted("d", r.source, r.clause, r.params, f"sum(d.n{band})", f"sum(d.total{band})", f"d.n{band}")
    r = _read_statements(db, filters, drawable)
    return _Counted("s", r.source, r.clause, r.params, "count(*)", "sum(s.score)", "1")


def _period_column(period: str, alias: str) -> str:
    if period == "week":  # the Monday starting the date's week
        return f"date({alias}.date, 'weekday 0', '-6 days')"
    if period == "phase":
        return f"{alias}.phase"
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


def period_means(db: sqlite_utils.Database, filters: Filters, period: str) -> list[dict]:
    """Mean score per (topic, country, week or phase), with its number of statements.

    Rows carry ``period`` (the week's Monday or the phase), ``start`` and ``end`` (the dates
    it covers, for drawing and for listing its statements) and ``aggregated``.
    """
    c = _counted(db, filters, drawable=True)
    a = c.alias
    # per day first: a day counts towards first/last only if statements remain on it (a rollup
    # row may count none at the chosen confidence, or be cancelled by a correction)
    days = (f"select {a}.topic as topic, {a}.country as country, {_period_column(period, a)} as period, {a}.date as date,"
            f" {c.count} as n, {c.total} as total from {c.source}{c.clause} group by 1, 2, 3, 4 having {c.count} > 0")
    sql = ("select topic, country, period, round(sum(total) * 1.0 / sum(n), 2) as score, sum(n) as n, min(date) as first,"
           f" max(date) as last from ({days}) group by 1, 2, 3 order by 3, 1, 2")
    rows = _rows(db, sql, c.params)
    starts = {e["phase"]: (e["start"], e["end"]) for e in events(db)}
    for row in rows:
        row["aggregated"] = period
        if period == "week":
            row["start"] = row["period"]
            row["end"] = _plus_days(row["period"], 6)
        else:
            start, end = starts.get(row["period"] or "", (row["first"], row["last"]))
            row["start"], row["end"] = start, end or row["last"]
        row["date"] = row["start"]
    return [r for r in rows if r["period"]]


def _plus_days(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def weekly_volume(db: sqlite_utils.Database, filters: Filters) -> list[dict]:
    """Statements per week and country (the volume chart)."""
    c = _counted(db, filters, drawable=True)
    sql = (f"select {_period_column('week', c.alias)} as week, {c.alias}.country as country, {c.count} as n "
           f"from {c.source}{c.clause} group by 1, 2 having {c.count} > 0 order by 1, 2")
    return _rows(db, sql, c.params)


def _grouped_source(db: sqlite_utils.Database, filters: Filters) -> tuple[str, list]:
    """(topic, country, phase, stance, n, total) rows from the rollup or the statements; only
    statements with a plottable date, so a bogus date never lends a phase to a statement."""
    c = _counted(db, filters, drawable=True)
    a = c.alias
    return (f"select {a}.topic, {a}.country, {a}.phase, {a}.stance, {c.count} as n, {c.total} as total "
            f"from {c.source}{c.clause} group by {a}.topic, {a}.country, {a}.phase, {a}.stance "
            f"having {c.count} > 0"), c.params


def phase_matrix(db: sqlite_utils.Database, filters: Filters) -> list[dict]:
    """Per (topic, country, phase): mean score, count and the dominant stance code.

    ``dominant`` is the code said most often, or None when two codes tie for first
    (``tied`` then names the number of statements each of them has).
    """
    source, params = _grouped_source(db, filters)
    sql = f"""
        with counted as ({source}
        ), ranked as (
            select *, row_number() over (partition by topic, country, phase order by n desc, stance) as rank
            from counted
        )
        select topic, country, phase, round(sum(total) * 1.0 / sum(n), 2) as mean_score, sum(n) as n,
               max(case when rank = 1 then stance end) as top_stance, max(case when rank = 1 then n end) as top_n,
               max(case when rank = 2 then n end) as second_n
        from ranked where phase != '' group by topic, country, phase order by topic, country, phase"""
    rows = _rows(db, sql, params)
    for row in rows:
        tie = row["second_n"] is not None and row["second_n"] == row["top_n"]
        row["dominant"] = None if tie else row["top_stance"]
        row["tied"] = row["top_n"] if tie else None
    return rows


def convergence(db: sqlite_utils.Database, first: str, second: str, filters: Filters) -> list[dict]:
    """Mean score of two states per (topic, phase) and the gap between them, phases in date order."""
    restricted = replace(filters, countries=(first, second))
    source, params = _grouped_source(db, restricted)
    sql = f"""
        select g.topic, g.phase,
               round(sum(case when country = ? then total end) * 1.0 / sum(case when country = ? then n end), 2) as first_mean,
               round(sum(case when country = ? then total end) * 1.0 / sum(case when country = ? then n end), 2) as second_mean,
               coalesce(sum(case when country = ? then n end), 0) as first_n,
               coalesce(sum(case when country = ? then n end), 0) as second_n
        from ({source}) g left join events e on e.phase = g.phase where g.phase != ''
        group by g.topic, g.phase order by g.topic, e.start"""
    rows = _rows(db, sql, [first, first, second, second, first, second] + params)
    for row in rows:
        both = row["first_mean"] is not None and row["second_mean"] is not None
        row["gap"] = round(abs(row["first_mean"] - row["second_mean"]), 2) if both else None
    return rows


BATCHED_SEARCH_EVIDENCE = True  # tests turn it off to compare with the evidence found cell by cell


def changes(db: sqlite_utils.Database, filters: Filters, before: str, after: str) -> list[dict]:
    """Who moved between two phases: per (country, topic) present in both, the mean score and
    dominant code in each, the shift, and one statement of each end as evidence (the latest
    of its most frequent code). Largest shifts first."""
    cells = {(r["country"], r["topic"], r["phase"]): r
             for r in phase_matrix(db, replace(filters, phases=(before, after)))}
    spans = {e["phase"]: (e["start"], e["end"]) for e in events(db)}

    def in_phase(phase: str, **narrower: tuple[str, ...]) -> Filters:
        # the phase's own dates bound the (topic, stance, country, date) index range, so the
        # latest statement of the cell is the first one read
        start, end = spans.get(phase, (None, None))
        return replace(filters, phases=(phase,), date_from=max(filter(None, (filters.date_from, start)), default=None),
                       date_to=min(filter(None, (filters.date_to, end)), default=None), **narrower)

    latest: dict[tuple[str, str, str, str], dict] = {}
    if fts_query(filters.search) and BATCHED_SEARCH_EVIDENCE:
        # a text search selects at most SEARCH_LIMIT statements: the latest of every cell in
        # one query per phase, instead of the search again for each cell
        for phase in (before, after):
            r = _read_statements(db, in_phase(phase), drawable=True)
            if has_corrections(db):
                ranked = (f"select {COLUMNS}, row_number() over (partition by s.country, s.topic, s.stance"
                          f" order by s.date desc, s.id desc) as latest_rank from {r.source}{r.clause}")
                sql = f"select * from ({ranked}) where latest_rank = 1"
            else:  # ranked on the keys alone; only the latest of each cell is read whole
                ranked = (f"select s.id, row_number() over (partition by s.country, s.topic, s.stance"
                          f" order by s.date desc, s.id desc) as latest_rank from {r.source}{r.clause}")
                sql = (f"select {COLUMNS}, 1 as latest_rank from statements s"
                       f" where s.id in (select id from ({ranked}) where latest_rank = 1)")
            for row in _statement_rows(db, sql, r.params):
                del row["latest_rank"]
                latest[(row["country"], row["topic"], phase, row["stance"])] = row

    def evidence(cell: dict) -> dict | None:
        stance = cell["dominant"] or cell["top_stance"]
        if fts_query(filters.search) and BATCHED_SEARCH_EVIDENCE:
            return latest.get((cell["country"], cell["topic"], cell["phase"], stance))
        narrowed = in_phase(cell["phase"], countries=(cell["country"],), topics=(cell["topic"],), stances=(stance,))
        r = _read_statements(db, narrowed, drawable=True, order="s.date desc, s.id desc", limit=1)
        rows = _statement_rows(db, f"select {COLUMNS} from {r.source}{r.clause} order by s.date desc, s.id desc limit 1",
                               r.params)
        return rows[0] if rows else None

    out = []
    for (country, topic, phase), start in cells.items():
        end = cells.get((country, topic, after))
        if phase != before or end is None:
            continue
        out.append({
            "country": country, "topic": topic, "from_score": start["mean_score"], "to_score": end["mean_score"],
            "from_stance": start["dominant"], "to_stance": end["dominant"], "from_n": start["n"], "to_n": end["n"],
            "shift": round(end["mean_score"] - start["mean_score"], 2),
            "from_evidence": evidence(start), "to_evidence": evidence(end),
        })
    return sorted(out, key=lambda r: (-abs(r["shift"]), r["country"], r["topic"]))


# --- counts, pages, single statements ---

def count_statements(db: sqlite_utils.Database, filters: Filters, drawable: bool = False) -> int:
    c = _counted(db, filters, drawable)
    return db.conn.execute(f"select coalesce({c.count}, 0) from {c.source}{c.clause}", c.params).fetchone()[0]


def filter_counts(db: sqlite_utils.Database, filters: Filters) -> dict:
    """What the page counts for ``filters``, in one pass over what they select: ``total``
    (``count_statements``), ``undated`` and ``out_of_range`` (``undrawn``), and ``drawable``,
    per topic, the statements a chart can place (``count_statements`` of that topic alone,
    ``drawable=True``; a topic the filters select nothing of is absent).

    Under a text search each of those counts reads the search's matches again (up to
    ``SEARCH_LIMIT`` statements, row by row), five times for a page of three topics; this
    reads them once."""
    c = _counted(db, filters, drawable=False)
    day, each = f"{c.alias}.date", c.each
    undated = f"{day} is null or {day} = ''"
    placed = f"{day} between ? and ? and date({day}) is not null"  # where(drawable=True) adds these
    rows = db.conn.execute(
        f"select {c.alias}.topic, sum({each}), sum(case when {undated} then {each} else 0 end),"
        f" sum(case when {placed} then {each} else 0 end) from {c.source}{c.clause} group by 1",
        [PLOT_FROM, PLOT_TO, *c.params]).fetchall()
    total = sum(row[1] or 0 for row in rows)
    undated_n = sum(row[2] or 0 for row in rows)
    drawable = {topic: n or 0 for topic, _, _, n in rows if n}
    return {"total": total, "undated": undated_n, "out_of_range": total - undated_n - sum(drawable.values()),
            "drawable": drawable}


def undrawn(db: sqlite_utils.Database, filters: Filters) -> dict[str, int]:
    """Statements the charts cannot place: without a date, or dated outside the plot window
    (or on a day no calendar has, such as 2015-13-45)."""
    c = _counted(db, filters, drawable=False)
    joiner = " and" if c.clause else " where"
    day = f"{c.alias}.date"
    row = db.conn.execute(
        "select coalesce(sum(case when day is null or day = '' then n end), 0),"
        " coalesce(sum(case when day is not null and day != '' then n end), 0) "
        f"from (select {day} as day, {c.count} as n from {c.source}{c.clause}{joiner} "
        f"({day} is null or {day} = '' or {day} not between ? and ? or date({day}) is null) group by {day})",
        c.params + [PLOT_FROM, PLOT_TO]).fetchone()
    return {"undated": row[0], "out_of_range": row[1]}


def statements_page(db: sqlite_utils.Database, filters: Filters, limit: int = 50, offset: int = 0) -> list[dict]:
    """One page of statements for the explorer, newest first (undated last: SQLite sorts NULL lowest)."""
    r = _read_statements(db, filters, order="s.date desc, s.id desc", limit=offset + limit)
    if has_corrections(db):
        sql = f"select {COLUMNS}, {r.review} from {r.source}{r.clause} order by s.date desc, s.id desc limit ? offset ?"
        return _statement_rows(db, sql, r.params + [limit, offset])
    # the page's ids first, from the indexes alone, then its rows: the statements skipped on
    # the way to page 200 are never read from the table
    page = f"select s.id from {r.source}{r.clause} order by s.date desc, s.id desc limit ? offset ?"
    sql = f"select {COLUMNS}, {r.review} from statements s where s.id in ({page}) order by s.date desc, s.id desc"
    return _statement_rows(db, sql, r.params + [limit, offset])


def _export_sql(db: sqlite_utils.Database, filters: Filters, limit: int | None) -> tuple[str, list]:
    """The filtered statements with their documents' source, title, url and date, oldest first."""
    r = _read_statements(db, filters, order="s.date, s.id", limit=limit)
    sql = (f"select {COLUMNS}, {r.review}, d.source as source, d.title as title, d.url as url, "
           f"d.date as document_date, {_REPORTER_AS_WRITTEN} as reported_by_ar "
           f"from {r.source} left join documents d on d.id = s.doc_id{r.clause} order by s.date, s.id limit ?")
    return sql, r.params + [-1 if limit is None else limit]


def all_statements(db: sqlite_utils.Database, filters: Filters, limit: int = 100_000) -> list[dict]:
    """The filtered statements with their documents' source, title, url and date, for download."""
    return _statement_rows(db, *_export_sql(db, filters, limit))


def iter_statements(db: sqlite_utils.Database, filters: Filters, batch: int = 2000) -> Iterator[dict]:
    """Every filtered statement, as ``all_statements`` gives them, read ``batch`` rows at a time:
    a download of a million statements in flat memory."""
    cursor = db.conn.execute(*_export_sql(db, filters, None))
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(batch):
        yield from with_sentences(db, [dict(zip(names, row, strict=True)) for row in rows])


def statement(db: sqlite_utils.Database, statement_id: int) -> dict | None:
    """One statement as the dashboard shows it (corrections applied); a rejected one with
    ``review`` = 'reject', so its evidence can still be read and the rejection withdrawn."""
    source, review = _statements(db)
    rows = _statement_rows(db, f"select {COLUMNS}, {review} from {source} s where s.id = ?", [statement_id])
    if rows or not has_corrections(db):
        return rows[0] if rows else None
    rows = _statement_rows(db, f"""
        select {COLUMNS}, 'reject' as review, c.id as correction_id, c.note as review_note,
               s.country as extracted_country, s.topic as extracted_topic, s.stance as extracted_stance,
               c.country as key_country, c.topic as key_topic
        from statements s join corrections c on {_TOUCHES} and c.action = 'reject' where s.id = ?""", [statement_id])
    return rows[0] if rows else None


def reported_by_speaker(db: sqlite_utils.Database, row: dict) -> str | None:
    """The name as written of whoever reports a reported position: the speaker of the same clause."""
    found = db.conn.execute(f"select {_REPORTER_AS_WRITTEN} from (select ? as doc_id, ? as char_start, ? as char_end,"
                            " ? as reported_by) s", (row["doc_id"], row["char_start"], row["char_end"],
                                                     row["reported_by"])).fetchone()
    return found[0] if found else None


def statement_of_correction(db: sqlite_utils.Database, correction_id: int) -> int | None:
    """The id under which a correction's statement is shown."""
    if not has_corrections(db):
        return None
    found = db.conn.execute(f"select k.id from ({_CORRECTED}) k where k.correction_id = ?", [correction_id]).fetchone()
    return found[0] if found else None


def corrections_log(db: sqlite_utils.Database, limit: int = 500) -> list[dict]:
    """Every correction, newest first, with whether it is still the one in force."""
    if not db.conn.execute("select exists (select 1 from sqlite_master where name = 'corrections')").fetchone()[0]:
        return []
    return _rows(db, "select c.*, d.name as doc from corrections c left join documents d on d.id = c.doc_id "
                     "order by c.id desc limit ?", [limit])


def document(db: sqlite_utils.Database, doc_id: str) -> dict | None:
    rows = _rows(db, "select * from documents where id = ?", [doc_id])
    return rows[0] if rows else None


def documents_page(db: sqlite_utils.Database, limit: int = 50, offset: int = 0) -> list[dict]:
    return _rows(db, "select id, name, date, date_basis, source, title, url, n_statements, origin from documents"
                     " order by date desc, name limit ? offset ?", [limit, offset])


def sources(db: sqlite_utils.Database) -> list[dict]:
    """Outlets with their numbers of documents and extracted statements, most documents first."""
    return _rows(db, "select coalesce(source, '') as source, count(*) as documents, sum(n_statements) as statements "
                     "from documents group by 1 order by 2 desc, 1")


def events(db: sqlite_utils.Database) -> list[dict]:
    return _rows(db, "select * from events order by start")


def countries(db: sqlite_utils.Database) -> list[dict]:
    return _rows(db, "select * from countries")


def stance_labels(db: sqlite_utils.Database) -> dict[str, dict]:
    return {row["code"]: row for row in _rows(db, "select * from stances")}


def filter_options(db: sqlite_utils.Database) -> dict:
    """Values the filters can take (present in the data), and the plottable date span."""
    # one pass over the (corrected) rollup: with corrections each pass recomputes their difference
    per_country = _rows(db, f"select country, sum(n) as n, min(case when date between ? and ? then date end) as first, "
                            f"max(case when date between ? and ? then date end) as last from {_daily(db)} group by country "
                            f"order by country", [PLOT_FROM, PLOT_TO, PLOT_FROM, PLOT_TO])
    present = [r for r in per_country if r["n"] > 0]
    speakers = _rows(db, "select speaker, max(speaker_ar) as speaker_ar from speakers group by speaker "
                         "order by sum(n_statements) desc limit 500")
    if has_corrections(db):
        known = {s["speaker"] for s in speakers}
        speakers += [s for s in _rows(db, "select speaker, max(speaker_ar) as speaker_ar from corrections "
                                          "where active = 1 and speaker is not null group by speaker")
                     if s["speaker"] not in known]
    firsts = [r["first"] for r in present if r["first"]]
    lasts = [r["last"] for r in present if r["last"]]
    return {"countries": [r["country"] for r in present], "speakers": [s["speaker"] for s in speakers],
            "speaker_ar": {s["speaker"]: s["speaker_ar"] for s in speakers},
            "date_min": min(firsts, default=None), "date_max": max(lasts, default=None)}


def corpus_stats(db: sqlite_utils.Database) -> dict:
    """Counts of documents and statements (corrections applied), by country and topic."""
    cells = db.conn.execute(f"select country, topic, sum(n) from {_daily(db)} group by country, topic").fetchall()
    by_country: dict[str, int] = {}
    by_topic: dict[str, int] = {}
    for country, topic, n in cells:
        by_country[country] = by_country.get(country, 0) + n
        by_topic[topic] = by_topic.get(topic, 0) + n

    def ordered(counts: dict[str, int]) -> dict[str, int]:
        return dict(sorted(((k, v) for k, v in counts.items() if v > 0), key=lambda item: -item[1]))

    return {
        "documents": db.conn.execute("select count(*) from documents").fetchone()[0],
        "statements": sum(by_country.values()),
        "by_country": ordered(by_country),
        "by_topic": ordered(by_topic),
    }
