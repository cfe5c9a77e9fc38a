"""Extraction on a local Dask cluster gives exactly the statements of the single-process run."""

import sqlite3
from pathlib import Path

import pytest

from db.engines import EngineError, engine
from db.ingest import ingest_paths

COLUMNS = "doc, char_start, char_end, speaker, country, topic, stance, score, date, phase, cue, reported"


def statements(path: Path) -> list[tuple]:
    return sorted(sqlite3.connect(path).execute(f"select {COLUMNS} from statements").fetchall())


def test_engines_dask_matches_single_process(sample_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    single = ingest_paths([str(sample_dir)], tmp_path / "single.db", workers=1)
    dask = ingest_paths([str(sample_dir)], tmp_path / "dask.db", workers=2, engine_name="dask")
    assert single.statements == dask.statements > 0
    assert statements(tmp_path / "single.db") == statements(tmp_path / "dask.db")


def test_engines_local_keeps_order() -> None:
    with engine("local", workers=2) as mapper:
        assert mapper(abs, [-3, 2, -1]) == [3, 2, 1]


def test_engines_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="unknown engine"):
        with engine("spark"):
            pass
