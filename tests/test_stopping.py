"""Killing or stopping ``ingest`` never leaves processes behind (issue 11, item 5): after
SIGKILL (what the OOM killer sends), SIGTERM or SIGHUP to the main process, its worker
processes — and with ``--engine dask`` its workers — are gone within seconds;
SIGTERM, SIGHUP and Ctrl-C end with one line and the partial report, no traceback; and
``ingest | tee`` does not hang when ingest is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import PROJECT
from tests.test_crash_and_concurrency import make_corpus

pytestmark = pytest.mark.slow
GONE_WITHIN = 10.0  # seconds for every descendant to exit after the main process is gone


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("stop") / "corpus", 1500)


@pytest.fixture
def started() -> list[psutil.Process]:
    """Every process a test saw; whatever of them is still alive at the end is killed, so a
    failing test leaves nothing behind."""
    seen: list[psutil.Process] = []
    yield seen
    for process in seen:
        try:
            process.kill()
        except psutil.Error:
            pass


def _start(corpus: Path, database: Path, *extra: str, stdout=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "positions", "ingest", str(corpus), "--db", str(database),
                             "--no-progress", *extra], cwd=PROJECT, stdout=stdout, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _descendants(pid: int, expected: int, seen: list[psutil.Process], timeout: float = 120) -> list[psutil.Process]:
    """The process's descendants once there are at least ``expected`` (added to ``seen``)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            found = psutil.Process(pid).children(recursive=True)
        except psutil.NoSuchProcess:
            pytest.fail("ingest ended before it could be stopped; make the corpus larger")
        if len(found) >= expected:
            seen.extend(found)
            return found
        time.sleep(0.1)
    pytest.fail(f"ingest never started {expected} processes")


def _wait_for_chunk(database: Path, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if sqlite3.connect(f"file:{database}?mode=ro", uri=True).execute(
                    "select count(*) from documents").fetchone()[0] > 0:
                return
        except sqlite3.Error:
            pass
        time.sleep(0.1)
    pytest.fail("no chunk was stored")


def _all_gone(processes: list[psutil.Process], within: float = GONE_WITHIN) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(processes, timeout=within)
    for process in alive:  # leave nothing behind for the next test, then fail
        process.kill()
    return alive


def _reap(process: subprocess.Popen) -> tuple[str, str]:
    """Its output; the pipes close only once every process holding them is gone."""
    try:
        return process.communicate(timeout=GONE_WITHIN + 20)
    except subprocess.TimeoutExpired:
        pytest.fail("the output pipes are still held open: processes outlived ingest")


@pytest.mark.parametrize("number", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=lambda n: n.name)
def test_stopping_local_workers_die_with_the_main_process(corpus: Path, tmp_path: Path, number: int,
                                                          started: list[psutil.Process]) -> None:
    process = _start(corpus, tmp_path / "s.db", "--workers", "2")
    workers = _descendants(process.pid, 2, started)
    _wait_for_chunk(tmp_path / "s.db")
    os.kill(process.pid, number)  # the main process only, as the OOM killer or `kill PID` does
    out, err = _reap(process)
    assert _all_gone(workers) == []
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    if number != signal.SIGKILL:
        assert process.returncode == 128 + number
        assert "Traceback" not in err
        assert f"stopped: {signal.Signals(number).name}; partial report follows" in err
        stored = int(next(line for line in out.splitlines() if line.startswith("documents stored:")).split(":")[1])
        assert stored == conn.execute("select count(*) from documents").fetchone()[0] > 0
        assert "stopped early:" in out


def test_stopping_ctrl_c_on_the_terminal_no_traceback(corpus: Path, tmp_path: Path,
                                                      started: list[psutil.Process]) -> None:
    process = _start(corpus, tmp_path / "c.db", "--workers", "2")
    workers = _descendants(process.pid, 2, started)
    _wait_for_chunk(tmp_path / "c.db")
    os.killpg(process.pid, signal.SIGINT)  # the terminal sends it to the whole foreground group
    out, err = _reap(process)
    assert _all_gone(workers) == []
    assert process.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.strip().splitlines()[0] == "stopped: SIGINT; partial report follows"
    assert "documents stored:" in out


def test_stopping_killed_ingest_piped_into_tee_does_not_hang(corpus: Path, tmp_path: Path,
                                                            started: list[psutil.Process]) -> None:
    output = tmp_path / "out.txt"
    pipeline = subprocess.Popen(["sh", "-c", f'"{sys.executable}" -m positions ingest "{corpus}" --db "{tmp_path}/t.db"'
                                             f' --workers 2 --no-progress | tee "{output}" > /dev/null'],
                                cwd=PROJECT, start_new_session=True)
    deadline = time.time() + 120
    ingest = None
    while ingest is None and time.time() < deadline:
        ingest = next((p for p in psutil.Process(pipeline.pid).children() if "positions" in " ".join(p.cmdline())), None)
        time.sleep(0.1)
    assert ingest is not None
    started.append(psutil.Process(pipeline.pid))
    started.extend(psutil.Process(pipeline.pid).children(recursive=True))
    workers = _descendants(ingest.pid, 2, started)
    _wait_for_chunk(tmp_path / "t.db")
    ingest.kill()
    try:
        pipeline.wait(timeout=GONE_WITHIN)
    except subprocess.TimeoutExpired:
        os.killpg(pipeline.pid, signal.SIGKILL)
        pytest.fail("`ingest | tee` still running after ingest was killed")
    assert _all_gone(workers) == []


@pytest.mark.parametrize("number", [signal.SIGKILL, signal.SIGTERM], ids=lambda n: n.name)
def test_stopping_dask_cluster_dies_with_the_main_process(corpus: Path, tmp_path: Path, number: int,
                                                         started: list[psutil.Process]) -> None:
    pytest.importorskip("dask.distributed")
    process = _start(corpus, tmp_path / "d.db", "--workers", "2", "--engine", "dask")
    _descendants(process.pid, 3, started)  # two workers and the reaper (the scheduler runs in the ingest)
    _wait_for_chunk(tmp_path / "d.db", timeout=240)
    cluster = _descendants(process.pid, 3, started)
    started = time.time()
    os.kill(process.pid, number)
    out, err = _reap(process)
    assert _all_gone(cluster) == []
    assert time.time() - started < GONE_WITHIN + 5
    if number == signal.SIGTERM:
        assert process.returncode == 128 + number and "Traceback" not in err
        assert "documents stored:" in out
