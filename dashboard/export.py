"""Downloads of the filtered statements: CSV that spreadsheets open safely, and JSON.

Owns the exported columns (what an analyst cites: the statement, its codes in words, the
document's source, title, url and date, the review) and their safety: a UTF-8 BOM so Excel
reads the Arabic, and every text cell that a spreadsheet would evaluate as a formula
(starting with = + - @, tab or carriage return) prefixed with a single quote, as OWASP
recommends for CSV injection. Internal fields (normalised text, the cue's regex) are
never exported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from dashboard.labels import country_name, phase_name, role_name, speaker_name, stance_name

COLUMNS = ("id", "date", "country", "country_name", "speaker", "speaker_ar", "role", "topic", "stance",
           "stance_label", "score", "phase", "phase_label", "sentence", "reported", "reported_by", "confidence",
           "review", "review_note", "extracted_stance", "cue_text", "attribution", "date_basis", "doc",
           "document_date", "source", "title", "url", "char_start", "char_end")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, made inert with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_records(rows: Iterable[dict], countries: dict[str, dict], stances: dict[str, dict],
                   events: list[dict]) -> Iterator[dict]:
    """The query rows as exported records, one at a time: the columns above, codes explained in words."""
    for row in rows:
        record = {column: row.get(column) for column in COLUMNS}
        record["country_name"] = country_name(row["country"], countries)
        record["stance_label"] = stance_name(row["stance"], stances, with_score=False)
        record["phase_label"] = phase_name(row["phase"], events) if row.get("phase") else ""
        record["speaker"] = speaker_name(row.get("speaker"), row.get("speaker_ar"))
        record["role"] = role_name(row.get("role"))
        if row.get("reported_by"):
            record["reported_by"] = speaker_name(row["reported_by"], row.get("reported_by_ar"))
        record["reported"] = bool(row.get("reported"))
        yield record


def export_rows(rows: list[dict], countries: dict[str, dict], stances: dict[str, dict],
                events: list[dict]) -> list[dict]:
    """The query rows as exported records (all at once)."""
    return list(export_records(rows, countries, stances, events))


CHUNK_ROWS = 500  # records per piece of a streamed download


def csv_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    """CSV with a BOM and inert cells, in pieces (a streamed download never holds it whole)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writeheader()
    for number, record in enumerate(records, start=1):
        writer.writerow({key: neutralise(value) for key, value in record.items()})
        if number % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(records: list[dict]) -> bytes:
    """CSV with a BOM and inert cells."""
    return b"".join(csv_chunks(records))


def json_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    """The records as ``json_text`` writes them, one record at a time."""
    first = True
    for record in records:
        item = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")
        yield (("[\n " if first else ",\n ") + item).encode("utf-8")
        first = False
    yield b"[]" if first else b"\n]"


def json_text(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1)
