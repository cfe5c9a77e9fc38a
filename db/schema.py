"""Schema versions and the numbered migrations between them.

Owns the database's shape. ``PRAGMA user_version`` holds the schema version; migration N
takes a database of version N-1 to version N. A new database is an empty one of version 0
that every migration runs on, so new and migrated databases are built by the same code.
``migrate`` runs what is missing inside one write transaction taken up front
(``BEGIN IMMEDIATE``) and reads the version only once it holds that lock, so two processes
opening a new database at once never both create a table; every statement is also
``IF NOT EXISTS``. A database this code cannot bring up to date — a newer schema, another
application's file — is refused with a message saying so, and left untouched.

Releases: schema 1 is the one released on main at f8aa59b, which never wrote
``user_version`` (so it reads 0, as do the releases before the daily rollup, 6d3af6c and
f989720, which migration 1 also brings up). Must not touch documents' or statements'
content beyond what a migration needs, and never drops a table of data (migration 4
rebuilds the search index, which is derived from the statements).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

SCHEMA_VERSION = 4


class SchemaError(RuntimeError):
    """The database's schema cannot be used or brought up to date; the message says why."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}


# The release at f8aa59b, as sqlite-utils created it there (same column types and names).
_V1_TABLES = [
    """create table if not exists "documents" ("id" TEXT PRIMARY KEY, "name" TEXT, "origin" TEXT, "title" TEXT,
       "url" TEXT, "source" TEXT, "date" TEXT, "date_basis" TEXT, "text" TEXT, "n_statements" INTEGER,
       "ingested_at" REAL)""",
    """create table if not exists "statements" ("id" INTEGER PRIMARY KEY, "doc_id" TEXT REFERENCES "documents"("id"),
       "doc" TEXT, "char_start" INTEGER, "char_end" INTEGER, "sentence" TEXT, "sentence_norm" TEXT, "speaker" TEXT,
       "speaker_ar" TEXT, "country" TEXT, "role" TEXT, "topic" TEXT, "stance" TEXT, "score" INTEGER, "date" TEXT,
       "date_basis" TEXT, "phase" TEXT, "cue" TEXT, "cue_text" TEXT, "attribution" TEXT, "confidence" REAL,
       "reported" INTEGER, "reported_by" TEXT)""",
    """create virtual table if not exists "statements_fts" using fts5 ("sentence_norm", tokenize='unicode61',
       content="statements")""",
    """create trigger if not exists "statements_ai" after insert on "statements" begin
         insert into "statements_fts" (rowid, "sentence_norm") values (new.rowid, new."sentence_norm");
       end""",
    """create trigger if not exists "statements_ad" after delete on "statements" begin
         insert into "statements_fts" ("statements_fts", rowid, "sentence_norm")
           values ('delete', old.rowid, old."sentence_norm");
       end""",
    """create trigger if not exists "statements_au" after update on "statements" begin
         insert into "statements_fts" ("statements_fts", rowid, "sentence_norm")
           values ('delete', old.rowid, old."sentence_norm");
         insert into "statements_fts" (rowid, "sentence_norm") values (new.rowid, new."sentence_norm");
       end""",
    # Rollup of statements per day: the timeline, phase matrix, convergence and counts read
    # this instead of a million rows whenever no speaker or text filter applies.
    """create table if not exists daily (topic text not null, country text not null, date text not null,
       stance text not null, reported integer not null, phase text not null, n integer not null,
       total integer not null, primary key (topic, country, date, stance, reported, phase)) without rowid""",
    "create index if not exists daily_date on daily (date)",
    """create table if not exists "files" ("fingerprint" TEXT PRIMARY KEY, "path" TEXT, "documents" INTEGER,
       "ingested_at" REAL)""",
    """create table if not exists "speakers" ("speaker" TEXT, "country" TEXT, "role" TEXT, "speaker_ar" TEXT,
       "n_statements" INTEGER, PRIMARY KEY ("speaker", "country"))""",
    """create table if not exists "events" ("phase" TEXT PRIMARY KEY, "start" TEXT, "end" TEXT, "label" TEXT,
       "label_ar" TEXT, "marker" INTEGER)""",
    """create table if not exists "countries" ("code" TEXT PRIMARY KEY, "name" TEXT, "name_ar" TEXT, "colour" TEXT,
       "core" INTEGER)""",
    """create table if not exists "stances" ("code" TEXT PRIMARY KEY, "topic" TEXT, "score" INTEGER, "label" TEXT)""",
]
_V1_INDEXES = [("statements", cols) for cols in (
    ["topic", "country", "date"], ["topic", "date"], ["phase", "topic", "country", "score"], ["doc_id"],
    ["speaker", "date"], ["country", "date"], ["stance", "date"], ["date"], ["topic", "stance", "country", "date"],
)] + [("documents", ["date"])]


def _index(table: str, columns: list[str]) -> str:
    name = f"idx_{table}_" + "_".join(columns)
    return f'create index if not exists "{name}" on "{table}" (' + ", ".join(f'"{c}"' for c in columns) + ")"


def _baseline(conn: sqlite3.Connection) -> None:
    """Schema 1: the release at f8aa59b. Creates what is missing; a database of an earlier
    release had statements but no daily rollup, which is filled from them here (otherwise
    every view would show zero beside existing statements)."""
    had_daily = "daily" in _tables(conn)
    for sql in _V1_TABLES:
        conn.execute(sql)
    for table, columns in _V1_INDEXES:
        conn.execute(_index(table, columns))
    if not had_daily:
        conn.execute("""insert into daily (topic, country, date, stance, reported, phase, n, total)
                        select topic, country, coalesce(date, ''), stance, reported, coalesce(phase, ''),
                               count(*), sum(score)
                        from statements group by 1, 2, 3, 4, 5, 6""")


def _extractor_and_file_notes(conn: sqlite3.Connection) -> None:
    """Schema 2: each document records the extractor version that produced its statements
    (NULL for those stored before: stale, re-extract them); rejections and warnings of a
    file are kept with its fingerprint, so a re-run that skips the file still reports them.
    Files recorded before had no notes kept and older fingerprints ignored meta.jsonl, so
    they are forgotten once: the next ingest reads them again (documents stay deduplicated
    by content)."""
    columns = {row[1] for row in conn.execute('pragma table_info("documents")')}
    if "extractor" not in columns:
        conn.execute('alter table "documents" add column "extractor" TEXT')
    conn.execute(_index("documents", ["extractor"]))
    conn.execute("""create table if not exists file_notes (fingerprint text not null, kind text not null,
                    origin text not null, message text not null)""")
    conn.execute("create index if not exists file_notes_fingerprint on file_notes (fingerprint)")
    conn.execute("delete from files")


# An analyst's confirmations, rejections, re-codings and additions (db/corrections.py).
CORRECTIONS_SCHEMA = (
    """
        create table if not exists corrections (
            id integer primary key autoincrement,
            doc_id text not null,               -- documents.id: a hash of the text, stable across re-ingest
            char_start integer not null,        -- raw [start, end) of the statement's sentence
            char_end integer not null,
            country text not null,              -- the coding the analyst reviewed (the key) ...
            topic text not null,
            action text not null check (action in ('confirm', 'reject', 'recode', 'add')),
            new_country text,                   -- ... and what the statement is (null for reject)
            new_topic text,
            new_stance text,
            new_score integer,
            speaker text,
            speaker_ar text,
            date text,
            phase text,
            reported integer not null default 0,
            sentence text not null,             -- the raw span when reviewed (gold anchor, orphan check)
            note text not null default '',
            created_at text not null,
            active integer not null default 1,  -- 0: superseded by a newer correction or withdrawn
            withdrawn_at text
        )""",
    "create index if not exists corrections_span on corrections (doc_id, char_start, char_end)",
    "create unique index if not exists corrections_active_key on corrections"
               " (doc_id, char_start, char_end, country, topic) where active = 1",
)


def _corrections(conn: sqlite3.Connection) -> None:
    """Schema 3: the analysts' corrections, keyed by what survives re-ingest and
    re-extraction (document content id, raw sentence span, country, topic)."""
    for sql in CORRECTIONS_SCHEMA:
        conn.execute(sql)


# Confidence thresholds the rollups count at (the dashboard's "minimum confidence" choices):
# n50 counts the statements with confidence >= 0.5, total50 sums their scores, and so on.
CONFIDENCE_BANDS = (0.5, 0.6, 0.7, 0.8, 0.9)
BAND_COLUMNS = tuple(f"{kind}{int(band * 100)}" for band in CONFIDENCE_BANDS for kind in ("n", "total"))
ROLLUP_KEYS = {
    # outlets (and confidence): the daily rollup per outlet
    "daily_source": ("topic", "country", "date", "stance", "reported", "phase", "source"),
    # speakers (with outlets and confidence): per speaker first, so one speaker's rows are one range
    "daily_speaker": ("speaker", "topic", "country", "date", "stance", "reported", "phase", "source"),
}


def rollup_table(name: str) -> str:
    keys = ROLLUP_KEYS[name]
    columns = [f"{k} {'integer' if k == 'reported' else 'text'} not null" for k in keys]
    counts = [f"{c} integer not null default 0" for c in ("n", "total", *BAND_COLUMNS)]
    return (f"create table if not exists {name} ({', '.join(columns + counts)}, primary key ({', '.join(keys)}))"
            " without rowid")


def rollup_rows_sql(name: str) -> str:
    """The rollup ``name`` computed from the statements (and their documents' outlets)."""
    keys = ROLLUP_KEYS[name]
    selected = {"date": "coalesce(s.date, '')", "phase": "coalesce(s.phase, '')", "source": "coalesce(d.source, '')",
                "speaker": "coalesce(s.speaker, '')"}
    bands = [f"sum(s.confidence >= {band}), sum(case when s.confidence >= {band} then s.score else 0 end)"
             for band in CONFIDENCE_BANDS]
    return (f"select {', '.join(selected.get(k, 's.' + k) for k in keys)}, count(*), sum(s.score), {', '.join(bands)}"
            f" from statements s left join documents d on d.id = s.doc_id group by {', '.join(str(i + 1) for i in range(len(keys)))}")


def sentence_sql(alias: str = "s") -> str:
    """A statement's sentence: stored only when it is not its document's text at its span
    (the extractor's sentences always are, so the text is not kept twice)."""
    return (f"coalesce({alias}.sentence, (select substr(x.text, {alias}.char_start + 1, {alias}.char_end - {alias}.char_start)"
            f" from documents x where x.id = {alias}.doc_id))")


# Indexes on the statements since schema 4: rollups answer every count, so the statements are
# read for pages, timelines of a few thousand points, evidence and search. A page's filters
# are checked inside the date index; a speaker's rows are in date order with their topic.
_V4_INDEXES = [("statements", ["date", "country", "topic", "stance", "reported", "confidence", "source"]),
               ("statements", ["speaker", "date", "topic", "confidence", "source"]),
               ("documents", ["source", "n_statements"])]
_V4_DROPPED = ["idx_statements_date", "idx_statements_speaker_date", "idx_statements_topic_date",
               "idx_statements_country_date", "idx_statements_stance_date", "idx_statements_phase_topic_country_score"]

SEARCH_INDEX = ("create virtual table if not exists statements_fts using fts5 (sentence_norm, content='', detail=none,"
                " columnsize=0, tokenize='unicode61')")


def _lean_statements(conn: sqlite3.Connection) -> None:
    """Schema 4: rollups per outlet and per speaker, with counts at each confidence band, so
    those filters no longer read a million statements; each statement carries its document's
    outlet (``statements.source``, kept by ``db.store``), so a page filtered by outlet is read
    from an index; a statement's sentence kept only when it is not its document's span
    (``sentence_sql``); the search index holds each sentence's
    normalised words only (contentless, no positions), not a second copy of every sentence:
    ``statements.sentence_norm`` goes, the index is rebuilt (``db.search``), and the triggers
    that fed it go with it (``db.store`` maintains it); the statements' indexes are those
    the reads that remain need."""
    from db.search import rebuild

    for name in ROLLUP_KEYS:
        exists = name in _tables(conn)
        conn.execute(rollup_table(name))
        if not exists:
            conn.execute(f"insert into {name} {rollup_rows_sql(name)}")
    for trigger in ("statements_ai", "statements_ad", "statements_au"):
        conn.execute(f'drop trigger if exists "{trigger}"')
    conn.execute("update statements set sentence = null where sentence = (select substr(x.text, statements.char_start + 1,"
                 " statements.char_end - statements.char_start) from documents x where x.id = statements.doc_id)")
    if "source" not in {row[1] for row in conn.execute('pragma table_info("statements")')}:
        conn.execute('alter table "statements" add column "source" TEXT')
        conn.execute("update statements set source = (select x.source from documents x where x.id = statements.doc_id)")
    conn.execute("create table if not exists search_stamp (normalisation text not null)")
    old_index = conn.execute("select sql from sqlite_master where name = 'statements_fts'").fetchone()
    if old_index is None or "content=''" not in (old_index[0] or ""):
        conn.execute("drop table if exists statements_fts")
        conn.execute(SEARCH_INDEX)
        rebuild(conn)
    if "sentence_norm" in {row[1] for row in conn.execute('pragma table_info("statements")')}:
        try:
            conn.execute('alter table "statements" drop column "sentence_norm"')
        except sqlite3.OperationalError:  # SQLite before 3.35 cannot drop a column: empty it
            conn.execute('update "statements" set "sentence_norm" = null')
    for name in _V4_DROPPED:
        conn.execute(f'drop index if exists "{name}"')
    for table, columns in _V4_INDEXES:
        conn.execute(_index(table, columns))


MIGRATIONS = [
    Migration(1, "baseline: the schema released at f8aa59b (and the daily rollup for older releases)", _baseline),
    Migration(2, "documents.extractor and file_notes", _extractor_and_file_notes),
    Migration(3, "corrections", _corrections),
    Migration(4, "rollups per outlet and speaker with confidence bands; sentences and search index without"
                 " copies; statement indexes for what rollups do not answer", _lean_statements),
]
assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1)), "migrations must be numbered 1..N"


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's schema version (0: new, or a release that did not record it)."""
    return conn.execute("pragma user_version").fetchone()[0]


def check_usable(conn: sqlite3.Connection, name: str) -> int:
    """The version, or SchemaError when this code cannot use or migrate the database."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaError(f"{name}: schema {version} was written by a newer version of positions"
                          f" (this one knows schemas up to {SCHEMA_VERSION}); upgrade positions to open it")
    if version == 0:
        tables = _tables(conn)
        if tables and "documents" not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
            raise SchemaError(f"{name}: not a positions database (it holds other tables: {shown});"
                              " give another --db path")
    return version


def pending(conn: sqlite3.Connection, name: str) -> list[Migration]:
    """Migrations this database still needs (raises SchemaError when it cannot be used)."""
    version = check_usable(conn, name)
    return [m for m in MIGRATIONS if m.version > version]


def migrate(conn: sqlite3.Connection, name: str, then: Callable[[sqlite3.Connection], None] | None = None) -> list[int]:
    """Apply the pending migrations (and ``then``, e.g. a refresh of reference tables) in one
    write transaction; returns the versions applied. Nothing is changed when one fails."""
    conn.execute("begin immediate")
    try:
        todo = pending(conn, name)
        for migration in todo:
            migration.apply(conn)
        if todo:
            conn.execute(f"pragma user_version = {SCHEMA_VERSION}")
        if then is not None:
            then(conn)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    return [m.version for m in todo]
