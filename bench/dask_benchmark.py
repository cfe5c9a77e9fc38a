"""Dask against local worker processes on a quarter of SaudiNewsNet: same ingest, same workers.

    .venv/bin/python bench/dask_benchmark.py [--corpus DIR] [--workers 2] [--runs 3] [--json OUT]

The quarter is the corpus's first files in name order until they hold a quarter of its bytes.
Each run ingests it into a fresh database twice, alternating the engines (local, dask,
local, dask …) so a drift of the shared machine hits both: ``--engine local`` (a process
pool) and ``--engine dask`` (a local Dask cluster of subprocess workers, started and stopped
inside the timed ingest, as the CLI does). Reports the medians, the ratio dask / local of
each pair and its median, and checks that both databases hold the same statements.
Target (issue 12): dask ≤ 1.3 × local.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.checks import corpus_missing, corpus_parser, report  # noqa: E402
from bench.ingest_benchmark import DEFAULT_CORPUS, machine  # noqa: E402
from db.engines import DASK_BATCH  # noqa: E402
from db.ingest import ingest_paths  # noqa: E402

COLUMNS = "doc, char_start, char_end, speaker, country, topic, stance, score, date, date_basis, phase, cue, reported"
TARGET = 1.3


def quarter(corpus: Path) -> list[Path]:
    """The first files (by name) that hold a quarter of the corpus's bytes."""
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix in {".zip", ".json", ".jsonl", ".csv"})
    total, out, held = sum(p.stat().st_size for p in files), [], 0
    for path in files:
        if held >= total / 4:
            break
        out.append(path)
        held += path.stat().st_size
    return out


def statements(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(f"select {COLUMNS} from statements").fetchall())


def run(files: list[Path], engine_name: str, workers: int, folder: Path, number: int) -> tuple[float, Path, int]:
    database = folder / f"{engine_name}-{number}.db"
    report = ingest_paths([str(p) for p in files], database, workers=workers, engine_name=engine_name)
    return report.seconds, database, report.stored


def main() -> int:
    parser = corpus_parser(__doc__, DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if corpus_missing(args.corpus):
        return 0
    files = quarter(args.corpus)
    load_before = os.getloadavg()[0]  # the machine is shared: the ratio depends on its load
    local, dask, same = [], [], True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for number in range(args.runs):
            seconds, local_db, stored = run(files, "local", args.workers, folder, number)
            local.append(seconds)
            seconds, dask_db, _ = run(files, "dask", args.workers, folder, number)
            dask.append(seconds)
            same = same and statements(local_db) == statements(dask_db)
            n_statements = len(statements(local_db))
            local_db.unlink()
            dask_db.unlink()
    ratios = [d / lo for d, lo in zip(dask, local, strict=True)]
    summary = {
        "machine": machine(), "files": [p.name for p in files], "documents_stored": stored,
        "statements": n_statements, "workers": args.workers, "dask_batch": DASK_BATCH, "runs": args.runs,
        "local_seconds": [round(s, 2) for s in local], "dask_seconds": [round(s, 2) for s in dask],
        "local_median": round(statistics.median(local), 2), "dask_median": round(statistics.median(dask), 2),
        "ratios": [round(r, 2) for r in ratios], "ratio_median": round(statistics.median(ratios), 2),
        "same_statements": same, "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    for key, value in summary.items():
        print(f"{key:18} {value}")
    checks = {f"dask ≤ {TARGET} × local (median ratio)": summary["ratio_median"] <= TARGET,
              "same statements": same}
    return report(checks, summary, args.json)


if __name__ == "__main__":
    sys.exit(main())
