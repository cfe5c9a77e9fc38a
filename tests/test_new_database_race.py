"""A new database survives everyone arriving at once (issue 11, items 9 and 14): processes
opening it together, two ingests, or the dashboard's first start beside an ingest never die
with "database is locked" or "table already exists", and with ingests running side by side
each report still adds up: documents read = stored + duplicates."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.schema import SCHEMA_VERSION
from positions.lexicon import load_lexicon
from tests.conftest import PROJECT
from tests.test_crash_and_concurrency import make_corpus

OPENERS = 6


def _open_at(path: str, start: float, sync: bool, errors) -> None:
    from db.store import open_database

    time.sleep(max(0.0, start - time.time() - 0.05))
    while time.time() < start:
        pass  # all of them hit the new file in the same few microseconds
    try:
        open_database(path, sync=sync).conn.close()
    except Exception as error:  # noqa: BLE001 - reported to the test
        errors.put(f"{type(error).__name__}: {error}")


@pytest.mark.parametrize("round_", range(3))
def test_race_processes_creating_a_new_database_at_once(tmp_path: Path, round_: int) -> None:
    path = tmp_path / f"new{round_}.db"
    load_lexicon()  # loaded once here, shared by the forked processes
    context = multiprocessing.get_context("fork")
    errors = context.Queue()
    start = time.time() + 1.0
    processes = [context.Process(target=_open_at, args=(str(path), start, index % 2 == 0, errors))
                 for index in range(OPENERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == [] and [p.exitcode for p in processes] == [0] * OPENERS
    conn = sqlite3.connect(path)
    assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("select count(*) from countries").fetchone()[0] > 0


def _together(gate: Path, imports: str, call: str) -> list[str]:
    """A python command that imports first, says it is ready, then waits at ``gate`` (see
    ``_open_gate``), so that all the processes begin at the same instant."""
    gate.mkdir(exist_ok=True)
    return [sys.executable, "-c", f"import os, sys, time\n{imports}\n"
            f"open(os.path.join({str(gate)!r}, 'ready-' + str(os.getpid())), 'w').close()\n"
            f"while not os.path.exists(os.path.join({str(gate)!r}, 'soon')): time.sleep(0.01)\n"
            f"while not os.path.exists(os.path.join({str(gate)!r}, 'go')): pass\n{call}"]


def _open_gate(gate: Path, processes: list[subprocess.Popen]) -> None:
    deadline = time.time() + 120
    while len(list(gate.glob("ready-*"))) < len(processes) and time.time() < deadline:
        assert all(p.poll() is None for p in processes), [p.communicate() for p in processes if p.poll() is not None]
        time.sleep(0.05)
    (gate / "soon").touch()  # all stop sleeping and spin …
    time.sleep(0.2)
    (gate / "go").touch()  # … so they all see this within microseconds


def _ingest(corpus: Path, database: Path, gate: Path) -> subprocess.Popen:
    return subprocess.Popen(_together(gate, "from positions.cli import main\nimport db.ingest", "sys.exit(main(sys.argv[1:]))")
                            + ["ingest", str(corpus), "--db", str(database), "--workers", "1", "--no-progress"],
                            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _count(output: str, label: str) -> int:
    return int(next(line for line in output.splitlines() if line.startswith(label + ":")).split(":")[1])


@pytest.mark.slow
def test_race_two_ingests_on_a_new_database(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 300)
    database = tmp_path / "race.db"
    gate = tmp_path / "gate"
    first, second = _ingest(corpus, database, gate), _ingest(corpus, database, gate)
    _open_gate(gate, [first, second])
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    for (out, err), process in zip(outputs, (first, second), strict=True):
        assert process.returncode == 0, err
        assert "locked" not in err and "already exists" not in err
        assert _count(out, "documents read") == 300
        assert _count(out, "documents read") == _count(out, "documents stored") + _count(out, "skipped as duplicates")
    assert sum(_count(out, "documents stored") for out, _ in outputs) == 300
    conn = sqlite3.connect(database)
    assert conn.execute("select count(*) from documents").fetchone()[0] == 300
    assert conn.execute("select sum(n) from daily").fetchone()[0] == conn.execute("select count(*) from statements").fetchone()[0]


@pytest.mark.slow
def test_race_dashboards_first_start_on_a_new_database(tmp_path: Path) -> None:
    """Dashboards starting for the first time at once (each creates the schema and builds
    the database from the sample corpus)."""
    database = tmp_path / "first.db"
    gate = tmp_path / "gate"
    # each process takes the temporary file for the project's default database: only the
    # default one is ever built by a dashboard, and the user's must stay untouched
    starts = [subprocess.Popen(_together(gate, "from pathlib import Path\nfrom positions import cli\n"
                                               "from dashboard.bootstrap import ensure_database",
                                         "cli.DEFAULT_DB = Path(sys.argv[1])\nprint(ensure_database(Path(sys.argv[1]))[0])")
                               + [str(database)],
                               cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(4)]
    _open_gate(gate, starts)
    for process in starts:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "locked" not in err and "already exists" not in err
    conn = sqlite3.connect(database)
    sample = len(list((PROJECT / "sample_corpus").rglob("*.txt")))
    assert conn.execute("select count(distinct id) from documents").fetchone()[0] == \
        conn.execute("select count(*) from documents").fetchone()[0] == sample
