"""Stopping early through ``stop`` (the fast side of tests/test_stopping.py): the command
ends only at a safe point, so the partial report counts exactly what the database holds;
local workers end the document they are on instead of the whole chunk, and the pool leaves
no process or thread behind; a signal is only recorded, and a stop that never ends is cut
short by the watchdog."""

from __future__ import annotations

import concurrent.futures.process
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest

import db.engines as engines
import db.ingest as ingest_module
import db.reextract as reextract_module
from db.engines import StopRequested, engine
from db.ingest import IngestStopped, ingest_paths
from db.reextract import reextract
from tests.conftest import PROJECT
from tests.test_crash_and_concurrency import make_corpus
from tests.test_reextract import age, consistent


def _manager_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if isinstance(t, concurrent.futures.process._ExecutorManagerThread)}


def _stop_after_first_chunk() -> tuple[list[int], object]:
    """An ``on_progress`` counting the stored chunks and a ``stop`` that answers after the first."""
    chunks: list[int] = []
    return chunks, (lambda: "asked to stop" if chunks else None)


@pytest.mark.parametrize("workers", [1, 2])
def test_stop_after_the_first_chunk_reports_what_the_database_holds(tmp_path: Path, workers: int,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "CHUNK", 8)
    out = ingest_module.AHEAD + 1  # chunks read when the first is stored: it, and those handed over after it
    corpus = make_corpus(tmp_path / "corpus", 8 * (out + 2))
    database = tmp_path / "s.db"
    children, threads = set(psutil.Process().children(recursive=True)), _manager_threads()
    chunks, stop = _stop_after_first_chunk()
    with pytest.raises(IngestStopped) as stopped:
        ingest_paths([str(corpus)], database, workers=workers, on_progress=lambda report: chunks.append(1), stop=stop)
    report = stopped.value.report
    assert stopped.value.signalled and stopped.value.reason == report.stopped == "asked to stop"
    conn = sqlite3.connect(database)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert chunks == [1]  # it stopped right after the first stored chunk, not at the end
    assert report.stored == conn.execute("select count(*) from documents").fetchone()[0] == 8
    assert report.statements == conn.execute("select count(*) from statements").fetchone()[0] > 0
    assert report.documents_seen == report.stored + report.duplicates + report.unstored == 8 * out  # the next were out
    assert f"stopped early: {8 * (out - 1)} documents read were not stored" in report.render()
    consistent(database)
    assert set(psutil.Process().children(recursive=True)) <= children  # the workers were waited for
    assert _manager_threads() <= threads  # and so was the pool's manager thread
    again = ingest_paths([str(corpus)], database, workers=workers)  # what was stored is complete
    assert again.stored == 8 * (out + 1) and again.duplicates == 8


def test_stop_reextract_after_the_first_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "old.db"
    ingest_paths([str(make_corpus(tmp_path / "corpus", 9))], database, workers=1)
    age(database)
    monkeypatch.setattr(reextract_module, "CHUNK", 3)
    chunks, stop = _stop_after_first_chunk()
    with pytest.raises(IngestStopped) as stopped:
        reextract(database, workers=2, on_progress=lambda report: chunks.append(1), stop=stop)
    assert stopped.value.signalled and stopped.value.report.documents == 3
    conn = sqlite3.connect(database)
    assert conn.execute("select count(*) from documents where extractor = 'older-extractor'").fetchone()[0] == 6
    consistent(database)


def _nap(item: int) -> int:
    time.sleep(0.05)
    return item


def test_stop_local_workers_end_the_item_they_are_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two tasks of 400 items of 50 ms are 20 s of work for two workers; a stop ends it in
    well under 5: each worker ends the item it is on, not its task."""
    monkeypatch.setattr(engines, "LOCAL_BATCH", 400)
    children = set(psutil.Process().children(recursive=True))
    asked: list[float] = []

    def stop() -> str | None:
        if not asked and len(psutil.Process().children()) >= 2:  # once both workers are at it
            time.sleep(0.5)
            asked.append(time.perf_counter())
        return "enough" if asked else None

    with pytest.raises(StopRequested, match="enough"):
        with engine("local", workers=2, stop=stop) as mapper:
            mapper(_nap, list(range(800)))
    assert time.perf_counter() - asked[0] < 5
    assert set(psutil.Process().children(recursive=True)) <= children


def _python(script: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=PROJECT, capture_output=True, text=True,
                          timeout=timeout)


def test_stop_signal_is_only_recorded() -> None:
    """Nothing is raised where the main thread happens to be; later signals are ignored."""
    result = _python("""
        import os, signal, time
        from positions import cli

        before = signal.getsignal(signal.SIGTERM)
        with cli._stop_on_signals() as received:
            os.kill(os.getpid(), signal.SIGTERM)
            total = sum(range(3_000_000))  # the handler runs meanwhile, and must not interrupt this
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.1)
        assert signal.getsignal(signal.SIGTERM) is before
        print(received, total)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [f"[{signal.SIGTERM.value}]", str(sum(range(3_000_000)))]


def test_stop_signal_mid_ingest_gives_the_partial_report(tmp_path: Path) -> None:
    """SIGTERM after the first stored chunk, as the CLI handles it: one line, a partial report
    that counts what the database holds, exit 128 + 15."""
    database = tmp_path / "s.db"
    result = _python(f"""
        import os, signal, sys
        import db.ingest
        from positions import cli

        db.ingest.CHUNK = 8
        sys.exit(cli._run_stoppable(lambda stop: db.ingest.ingest_paths(
            [{str(make_corpus(tmp_path / "corpus", 8 * (ingest_module.AHEAD + 3)))!r}], {str(database)!r}, workers=2, stop=stop,
            on_progress=lambda report: os.kill(os.getpid(), signal.SIGTERM))))
    """)
    assert result.returncode == 128 + signal.SIGTERM
    assert result.stderr == "stopped: SIGTERM; partial report follows\n"
    stored = int(next(line for line in result.stdout.splitlines() if line.startswith("documents stored:")).split(":")[1])
    assert stored == sqlite3.connect(database).execute("select count(*) from documents").fetchone()[0] == 8


def test_stop_watchdog_exits_when_stopping_takes_too_long() -> None:
    started = time.perf_counter()
    result = _python("""
        import os, signal, time
        from positions import cli

        cli.STOP_GRACE_SECONDS = 0.5
        with cli._stop_on_signals():
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(30)  # a stop that never comes
    """)
    assert result.returncode == 128 + signal.SIGHUP
    assert result.stderr == "stopped: SIGHUP; not done within 0.5 s, exiting now\n"
    assert time.perf_counter() - started < 20
