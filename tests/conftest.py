"""Shared fixtures: paths to the sample corpus and the shared gold (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "sample_corpus"
SHARED = PROJECT.parent / "shared"


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "positions.db"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once from the sample corpus."""
    from db.ingest import ingest_paths

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    ingest_paths([str(SAMPLE)], path, workers=1)
    return path
