"""Time every query the dashboard runs, and the app's rerun after a filter change.

    .venv/bin/python bench/make_synthetic_db.py /tmp/million.db      # once, ~3 minutes
    .venv/bin/python bench/dashboard_benchmark.py /tmp/million.db [--json OUT]

Each query runs with the filters a user typically sets (defaults, one country, a date
range, a stance, a speaker, a text search, an outlet, a minimum confidence, and a speaker
with an outlet and a confidence); each is timed five times after one warm-up and its median
reported (the slowest run is kept in the JSON). Targets (issue 12): the slowest query's median
≤ 50 ms at a million statements, ≤ 100 ms at three million (``--target``); AppTest rerun after
a filter change ≤ 1 s (with the app's caches cleared, so the queries really run). Also reports
the database's size per statement.

    --corrections N   first record N analysts' corrections (confirm, reject, re-code, add,
                      spread over the corpus) in the database, then time the same queries:
                      with corrections every read goes through the corrected view of the
                      statements and the rollup. Changes the database: use a copy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from db import queries  # noqa: E402
from db.queries import Filters  # noqa: E402
from db.store import open_database  # noqa: E402

TOPICS = ("assad_future", "transition", "negotiations")

CORE = ("RUS", "IRN", "USA", "FRA", "SAU")
FILTERS = {
    "defaults": Filters(countries=CORE),
    "one country": Filters(countries=("IRN",)),
    "date range": Filters(countries=CORE, date_from="2015-11-14", date_to="2015-12-17"),
    "stance": Filters(countries=CORE, stances=("assad_must_go",)),
    "speaker": Filters(speakers=("Sergey Lavrov",)),
    "search": Filters(countries=CORE, search="مصير الأسد"),
    "hide reported": Filters(countries=CORE, include_reported=False),
    "outlet": Filters(countries=CORE, sources=("synthetic",)),
    "confidence": Filters(countries=CORE, min_confidence=0.7),
    "speaker, outlet, confidence": Filters(speakers=("Sergey Lavrov",), sources=("synthetic",), min_confidence=0.8),
}


def timed(call, runs: int = 5) -> tuple[float, float]:
    """(median, slowest) milliseconds of ``runs`` calls after one warm-up."""
    call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, max(samples) * 1000


def query_times(path: Path) -> dict[str, tuple[float, float]]:
    db = open_database(path, readonly=True)
    results: dict[str, tuple[float, float]] = {}
    for name, filters in FILTERS.items():
        for topic in ("assad_future", "negotiations"):
            topical = Filters(**{**filters.__dict__, "topics": (topic,)})
            results[f"timeline [{name}, {topic}]"] = timed(lambda f=topical: queries.timeline(db, f))
        results[f"timeline collapsed [{name}]"] = timed(
            lambda f=filters: queries.timeline(db, Filters(**{**f.__dict__, "topics": ("transition",)}), collapse=True))
        results[f"phase matrix [{name}]"] = timed(lambda f=filters: queries.phase_matrix(db, f))
        results[f"convergence USA–RUS [{name}]"] = timed(lambda f=filters: queries.convergence(db, "USA", "RUS", f))
        results[f"count [{name}]"] = timed(lambda f=filters: queries.count_statements(db, f))
        results[f"explorer page 1 [{name}]"] = timed(lambda f=filters: queries.statements_page(db, f, 50, 0))
        results[f"explorer page 200 [{name}]"] = timed(lambda f=filters: queries.statements_page(db, f, 50, 9950))
        for period in ("week", "phase"):
            results[f"{period} means [{name}]"] = timed(
                lambda f=filters, p=period: queries.period_means(db, Filters(**{**f.__dict__, "topics": ("assad_future",)}), p))
        results[f"weekly volume [{name}]"] = timed(lambda f=filters: queries.weekly_volume(db, f))
        results[f"undrawn count [{name}]"] = timed(lambda f=filters: queries.undrawn(db, f))
        # what the page runs: the total, the undrawn and each chart's count in one pass, every topic's means at once
        every_topic = Filters(**{**filters.__dict__, "topics": filters.topics or TOPICS})
        results[f"filter counts, 3 topics [{name}]"] = timed(lambda f=every_topic: queries.filter_counts(db, f))
        results[f"week means, 3 topics [{name}]"] = timed(lambda f=every_topic: queries.period_means(db, f, "week"))
        results[f"changes vienna_1 → geneva_3 [{name}]"] = timed(
            lambda f=filters: queries.changes(db, f, "vienna_1", "geneva_3"))
    results["filter options"] = timed(lambda: queries.filter_options(db))
    results["outlets"] = timed(lambda: queries.sources(db))
    results["corrections log"] = timed(lambda: queries.corrections_log(db))
    results["corpus stats"] = timed(lambda: queries.corpus_stats(db))
    results["documents page"] = timed(lambda: queries.documents_page(db, 200, 0))
    results["statement + document (evidence)"] = timed(lambda: queries.document(db, queries.statement(db, 500_000)["doc_id"]))
    results["events, countries, stances"] = timed(lambda: (queries.events(db), queries.countries(db), queries.stance_labels(db)))
    return results


def add_corrections(path: Path, count: int, seed: int = 11) -> int:
    """Record ``count`` corrections of statements spread over the corpus (a quarter of each kind)."""
    import random

    from db.corrections import Correction, record_correction

    db = open_database(path, readonly=True)
    rng = random.Random(seed)
    top = db.conn.execute("select max(id) from statements").fetchone()[0]
    done = 0
    while done < count:
        row = db.conn.execute("select doc_id, char_start, char_end, country, topic, stance, speaker, date from statements"
                              " where id = ?", (rng.randint(1, top),)).fetchone()
        if row is None:
            continue
        doc_id, start, end, country, topic, stance, speaker, day = row
        kind = ("confirm", "reject", "recode", "add")[done % 4]
        if kind == "add":
            correction = Correction(doc_id, start, end, "GBR", "transition", "add", new_stance="transition_support",
                                    speaker="Philip Hammond")
        else:
            new_stance = {"assad_future": "assad_fate_open", "transition": "transition_process",
                          "negotiations": "talks_procedural"}[topic] if kind == "recode" else stance
            correction = Correction(doc_id, start, end, country, topic, kind, new_stance=new_stance, speaker=speaker,
                                    date=day)
        record_correction(path, correction)
        done += 1
    return done


def app_rerun(path: Path) -> float:
    """Seconds for the app to rerun after a country filter change, caches cleared."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["POSITIONS_DB"] = str(path)
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120).run()
    samples = []
    for countries in (["RUS"], ["USA", "RUS"], ["IRN", "SAU", "FRA"]):
        st.cache_data.clear()
        started = time.perf_counter()
        at.multiselect(key="countries").set_value(countries).run()
        samples.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--corrections", type=int, default=0, help="record this many corrections first")
    parser.add_argument("--target", type=float, default=50, help="milliseconds the slowest query's median may take")
    args = parser.parse_args()
    if args.corrections:
        print(f"recorded {add_corrections(args.database, args.corrections)} corrections")
    db = open_database(args.database, readonly=True)
    statements = db.conn.execute("select count(*) from statements").fetchone()[0]
    corrections = queries.corrections_log(db, 10**9)
    active = sum(1 for c in corrections if c["active"])
    size = sum(Path(str(args.database) + suffix).stat().st_size for suffix in ("", "-wal")
               if Path(str(args.database) + suffix).exists())
    times = query_times(args.database)
    rerun = app_rerun(args.database)
    for name, (median, slowest) in sorted(times.items(), key=lambda item: -item[1][0]):
        print(f"{'PASS' if median <= args.target else 'FAIL'} {median:8.1f} ms (slowest run {slowest:7.1f})  {name}")
    print(f"{'PASS' if rerun <= 1 else 'FAIL'} {rerun * 1000:8.1f} ms  app rerun after a filter change (AppTest)")
    slowest_name, (slowest_median, _) = max(times.items(), key=lambda item: item[1][0])
    per_statement = size / max(statements, 1) / 1024
    print(f"statements: {statements:,}; active corrections: {active}; slowest query (median) {slowest_median:.1f} ms:"
          f" {slowest_name}; database {size / 2**20:,.0f} MB = {per_statement:.2f} KB per statement")
    if args.json:
        args.json.write_text(json.dumps({
            "statements": statements, "active_corrections": active, "database_bytes": size,
            "kb_per_statement": round(per_statement, 3), "slowest_query": slowest_name,
            "slowest_median_ms": round(slowest_median, 1), "app_rerun_s": rerun,
            "queries_ms": {name: {"median": round(m, 2), "slowest": round(x, 2)} for name, (m, x) in times.items()},
        }, indent=2, ensure_ascii=False))
    return 0 if slowest_median <= args.target and rerun <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
