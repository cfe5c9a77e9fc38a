"""Which database the dashboard opens, and that browsing never writes to it (issue 11, item 8).

Only the project's default database is ever built (schema and sample corpus) on first
start; any other path given by POSITIONS_DB is opened read-only, or the page says why not.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from db.store import open_database
from positions import cli
from tests.conftest import PROJECT, SAMPLE

APP = str(PROJECT / "app.py")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_app(monkeypatch: pytest.MonkeyPatch, database: Path | None) -> AppTest:
    if database is None:
        monkeypatch.delenv("POSITIONS_DB", raising=False)
    else:
        monkeypatch.setenv("POSITIONS_DB", str(database))
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(APP, default_timeout=120).run()


def test_app_builds_only_the_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = tmp_path / "data" / "positions.db"
    monkeypatch.setattr(cli, "DEFAULT_DB", default)
    at = run_app(monkeypatch, None)
    assert not at.exception
    assert int(at.metric[2].value) == len(list(SAMPLE.rglob("*.txt")))
    assert default.is_file()


def test_app_missing_database_is_not_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "typo" / "positons.db"
    at = run_app(monkeypatch, missing)
    assert not at.exception
    assert not missing.exists() and not missing.parent.exists()
    assert any("No database at" in e.value and "positions ingest" in e.value for e in at.error)


def test_app_empty_database_is_opened_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty.db"
    open_database(empty).conn.close()  # a positions schema without any document
    before = digest(empty)
    at = run_app(monkeypatch, empty)
    assert not at.exception
    assert digest(empty) == before
    assert int(at.metric[2].value) == 0  # the sample corpus was not loaded into it
    assert not at.error


@pytest.mark.parametrize("content", ["sqlite", "text"])
def test_app_other_files_are_refused_untouched(content: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.db"
    if content == "sqlite":  # another application's database, given by a mistyped path
        with sqlite3.connect(other) as conn:
            conn.execute("create table notes (id integer primary key, body text)")
            conn.execute("insert into notes (body) values ('keep me')")
        conn.close()
    else:
        other.write_text("not a database at all\n", encoding="utf-8")
    before = digest(other)
    at = run_app(monkeypatch, other)
    assert not at.exception
    assert digest(other) == before
    assert any("not a positions database" in e.value for e in at.error)


def test_cli_stats_on_a_missing_path_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "nowhere" / "x.db"
    assert cli.main(["stats", "--db", str(missing)]) == 2
    assert "No database at" in capsys.readouterr().err
    assert not missing.exists() and not missing.parent.exists()
