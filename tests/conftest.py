"""Shared fixtures: paths to the sample corpus and the shared gold (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "sample_corpus"
SEEDS = SAMPLE / "seeds"  # the five digests the project started from (gold: ../shared/gold/seeds.gold.jsonl)
SHARED = PROJECT.parent / "shared"


@pytest.fixture
def sample_dir() -> Path:
    """The five seed digests (the sample corpus also holds the news excerpts beside them)."""
    return SEEDS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "positions.db"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once from the whole sample corpus (seeds and news excerpts), as the dashboard starts."""
    from db.ingest import ingest_paths

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    ingest_paths([str(SAMPLE)], path, workers=1)
    return path
