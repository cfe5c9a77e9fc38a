"""The streamed downloads give exactly the in-memory downloads, in pieces.

serve.py mounts ``dashboard.downloads``' routes; called here directly with the page's URL
parameters, their bodies must equal what the dashboard builds in memory for the same view
(``export.csv_bytes``/``json_text`` of ``queries.all_statements``), and arrive in several
chunks rather than one.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from starlette.requests import Request

from dashboard import downloads, export
from dashboard.state import from_query
from db import queries
from db.store import open_database

VIEWS = [{}, {"countries": ["RUS", "USA"], "topics": ["negotiations"]}, {"countries": ["IRN"], "reported": "include",
                                                                          "confidence": "0.7"}]


def request(view: dict) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/" + downloads.CSV_PATH, "headers": [],
                    "query_string": urlencode(view, doseq=True).encode()})


def chunks_of(response) -> list[bytes]:
    """The body's pieces as a client receives them."""
    async def read() -> list[bytes]:
        return [chunk async for chunk in response.body_iterator]

    return asyncio.run(read())


def in_memory(path: Path, view: dict) -> list[dict]:
    db = open_database(path, readonly=True)
    countries = {row["code"]: row for row in queries.countries(db)}
    filters = from_query({k: v if isinstance(v, list) else [v] for k, v in view.items()}, list(countries)).filters()
    return export.export_rows(queries.all_statements(db, filters), countries, queries.stance_labels(db), queries.events(db))


@pytest.mark.parametrize("view", VIEWS)
def test_downloads_stream_what_the_page_builds(sample_db: Path, monkeypatch: pytest.MonkeyPatch, view: dict) -> None:
    monkeypatch.setenv("POSITIONS_DB", str(sample_db))
    monkeypatch.setattr(export, "CHUNK_ROWS", 7)
    records = in_memory(sample_db, view)
    assert records
    chunks = chunks_of(downloads.statements_csv(request(view)))
    assert len(chunks) > 1 and b"".join(chunks) == export.csv_bytes(records)
    body = b"".join(chunks_of(downloads.statements_json(request(view))))
    assert body.decode("utf-8") == export.json_text(records) and json.loads(body)


def test_downloads_link_carries_the_view() -> None:
    link = downloads.link(downloads.CSV_PATH, {"countries": ["RUS", "USA"], "q": "مصير"})
    assert link.startswith("download/statements.csv?countries=RUS&countries=USA&q=")


def test_downloads_without_a_database_say_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSITIONS_DB", str(tmp_path / "missing.db"))
    response = downloads.statements_csv(request({}))
    assert response.status_code == 404 and b"No database" in response.body
