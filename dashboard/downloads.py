"""Streamed downloads of the filtered statements: CSV and JSON written row by row as read.

Owns the two download routes the dashboard's server mounts beside Streamlit (``serve.py``):
``download/statements.csv`` and ``download/statements.json``, each taking the page's own URL
parameters (the shareable view of ``dashboard.state``), so a link carries its filters. The
statements come from a cursor a batch at a time and leave as chunks of the response, so a
download of a million statements never holds them in memory, in the server or in the page.
Reads only, through ``db.access`` (the database the dashboard shows); the columns and their
safety are ``dashboard.export``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from dashboard.export import csv_chunks, export_records, json_chunks
from dashboard.state import from_query
from db import queries
from db.access import DatabaseUnavailable, open_readonly
from positions import cli

ROUTES_MOUNTED = False  # set by serve.py: the page links to the routes instead of building downloads in memory
CSV_PATH, JSON_PATH = "download/statements.csv", "download/statements.json"


def link(path: str, view: dict[str, list[str] | str]) -> str:
    """A relative link to a download of ``view`` (relative: it works under any base path)."""
    query = urlencode(view, doseq=True)
    return path + ("?" + query if query else "")


def _stream(request: Request, chunks: Callable[[Iterable[dict]], Iterator[bytes]], media_type: str,
            filename: str) -> Response:
    try:
        db = open_readonly(cli.database_path(None))
    except DatabaseUnavailable as error:
        return PlainTextResponse(str(error), status_code=404)
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    countries = {row["code"]: row for row in queries.countries(db)}
    filters = from_query(params, list(countries)).filters()
    stances, events = queries.stance_labels(db), queries.events(db)

    def body() -> Iterator[bytes]:
        try:
            yield from chunks(export_records(queries.iter_statements(db, filters), countries, stances, events))
        finally:
            db.conn.close()

    return StreamingResponse(body(), media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def statements_csv(request: Request) -> Response:
    return _stream(request, csv_chunks, "text/csv; charset=utf-8", "statements.csv")


def statements_json(request: Request) -> Response:
    return _stream(request, json_chunks, "application/json", "statements.json")
