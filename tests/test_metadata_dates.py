"""Metadata dates are checked before they are believed (issue 11, item 2, the ingest part):
a placeholder year (9999-12-31, 0001-01-01) is not stored as the document's date and the
report warns about it; a Hijri date (1437-02-15) is converted, never read as year 1437."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from db.ingest import ingest_paths
from positions.metadata_dates import read_metadata_date

ARTICLE = "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."


@pytest.mark.parametrize(("value", "expected", "basis"), [
    ("2015-11-04", date(2015, 11, 4), "metadata"),
    ("2015-07-21 02:51:32", date(2015, 7, 21), "metadata"),
    ("1437-02-15", date(2015, 11, 27), "metadata-hijri"),  # Umm al-Qura
    ("١٤٣٧-٠٢-١٥", date(2015, 11, 27), "metadata-hijri"),
    ("1437/2/15", date(2015, 11, 27), "metadata-hijri"),
])
def test_metadata_dates_read(value: str, expected: date, basis: str) -> None:
    checked = read_metadata_date(value)
    assert (checked.day, checked.basis, checked.warning) == (expected, basis, None)


@pytest.mark.parametrize(("value", "reason"), [
    ("9999-12-31", "outside 1990–2100"), ("0001-01-01", "outside 1990–2100"), ("1850-01-01", "outside 1990–2100"),
    ("2101-01-01", "outside 1990–2100"), ("1437-02-31", "read as Hijri is impossible"),
    ("1350-01-01", "read as Hijri is 1931-05-19"), ("2015-02-30", "does not exist"), ("soon", "not understood"),
])
def test_metadata_dates_refused_with_reason(value: str, reason: str) -> None:
    checked = read_metadata_date(value)
    assert checked.day is None and reason in checked.warning and "not used" in checked.warning


def test_metadata_dates_ingest_warns_and_never_stores_an_implausible_date(tmp_path: Path) -> None:
    records = [{"content": f"{ARTICLE} {index}", "date_extracted": day, "source": "x"}
               for index, day in enumerate(["9999-12-31", "0001-01-01", "1437-02-15", "2015-11-04"])]
    (tmp_path / "day.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE + " نص", encoding="utf-8")
    (tmp_path / "meta.jsonl").write_text(json.dumps({"doc": "a.txt", "date": "9999-12-31"}) + "\n", encoding="utf-8")

    report = ingest_paths([str(tmp_path)], tmp_path / "d.db", workers=1)

    assert report.stored == 5 and not report.rejected
    warned = {Path(w.origin).name: w.message for w in report.warnings}
    assert set(warned) == {"day.json#0", "day.json#1", "a.txt"}
    assert "9999-12-31" in warned["day.json#0"] and "0001-01-01" in warned["day.json#1"]
    assert "  warning " in report.render()
    conn = sqlite3.connect(tmp_path / "d.db")
    dates = dict(conn.execute("select name, date from documents"))
    assert dates["day.json#2"] == "2015-11-27" and dates["day.json#3"] == "2015-11-04"
    assert dates["day.json#0"] is None and dates["day.json#1"] is None and dates["a.txt"] is None
    years = [row[0] for row in conn.execute("select date from statements where date is not null")]
    years += [row[0] for row in conn.execute("select date from daily where date != ''")]
    assert all(1990 <= int(day[:4]) <= 2100 for day in years)
    basis = dict(conn.execute("select name, date_basis from documents"))
    assert basis["day.json#2"] == "metadata-hijri"
