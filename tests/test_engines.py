"""Extraction on Dask gives exactly the statements of the single-process run."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.engines import PROJECT_ROOT, EngineError, engine
from db.ingest import ingest_paths

COLUMNS = "doc, char_start, char_end, speaker, country, topic, stance, score, date, phase, cue, reported"


def statements(path: Path) -> list[tuple]:
    return sorted(sqlite3.connect(path).execute(f"select {COLUMNS} from statements").fetchall())


def test_engines_dask_local_cluster_matches_single_process(sample_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    single = ingest_paths([str(sample_dir)], tmp_path / "single.db", workers=1)
    dask = ingest_paths([str(sample_dir)], tmp_path / "dask.db", workers=2, engine_name="dask")
    assert single.statements == dask.statements > 0
    assert statements(tmp_path / "single.db") == statements(tmp_path / "dask.db")


def test_engines_cli_runs_on_a_scheduler_address(sample_dir: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`ingest --engine dask --scheduler ADDRESS` on a cluster started outside the tool."""
    pytest.importorskip("dask.distributed")
    from distributed.deploy.subprocess import SubprocessCluster

    ingest_paths([str(sample_dir)], tmp_path / "single.db", workers=1)
    monkeypatch.setenv("PYTHONPATH", str(PROJECT_ROOT))  # the workers have the project installed
    with SubprocessCluster(n_workers=2, threads_per_worker=1, worker_class="distributed.Worker",
                           dashboard_address=None, worker_kwargs={"local_directory": str(tmp_path)}) as cluster:
        result = subprocess.run([sys.executable, "-m", "positions", "ingest", str(sample_dir),
                                 "--db", str(tmp_path / "dask.db"), "--engine", "dask",
                                 "--scheduler", cluster.scheduler_address, "--no-progress"],
                                cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert statements(tmp_path / "single.db") == statements(tmp_path / "dask.db") != []


def test_engines_unreachable_scheduler_is_a_clear_error() -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("dask.distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        with pytest.raises(EngineError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
            with engine("dask", scheduler="tcp://127.0.0.1:9"):
                pass


def test_engines_local_keeps_order() -> None:
    with engine("local", workers=2) as mapper:
        assert mapper(abs, [-3, 2, -1]) == [3, 2, 1]


def test_engines_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="unknown engine"):
        with engine("spark"):
            pass
