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


def export_rows(rows: list[dict], countries: dict[str, dict], stances: dict[str, dict],
                events: list[dict]) -> list[dict]:
    """The query rows as exported records: the columns above, codes explained in words."""
    out = []
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
        out.append(record)
    return out


def csv_bytes(records: list[dict]) -> bytes:
    """CSV with a BOM and inert cells."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: neutralise(value) for key, value in record.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def json_text(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1)
