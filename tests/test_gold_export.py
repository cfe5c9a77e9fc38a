"""Corrections exported as gold: the bundle is accepted and scored by `python -m positions evaluate`."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from db import queries
from db.corrections import Correction, record_correction
from db.gold import bundle_zip, doc_file_name, occurrence, write_bundle
from db.queries import Filters
from db.store import open_database
from positions.sentences import split_sentences
from tests.conftest import PROJECT


def correct_four(path: Path) -> None:
    """Confirm, re-code (stance), reject and add one statement each."""
    db = open_database(path, readonly=True)
    rows = [r for r in queries.statements_page(db, Filters(include_reported=False), 1000) if r["doc"].startswith("p")]
    confirm, recode, reject = rows[0], rows[1], rows[2]

    def key(row: dict) -> dict:
        return {"doc_id": row["doc_id"], "char_start": row["char_start"], "char_end": row["char_end"],
                "country": row["country"], "topic": row["topic"]}

    other = next(code for code, info in queries.stance_labels(db).items()
                 if info["topic"] == recode["topic"] and code != recode["stance"])
    record_correction(path, Correction(**key(confirm), action="confirm", new_stance=confirm["stance"],
                                       speaker=confirm["speaker"], date=confirm["date"]))
    record_correction(path, Correction(**key(recode), action="recode", new_stance=other, speaker=recode["speaker"],
                                       date=recode["date"]))
    record_correction(path, Correction(**key(reject), action="reject", note="no position"))
    # an added statement where the extractor found nothing at all
    doc = queries.document(db, confirm["doc_id"])
    taken = [(r["char_start"], r["char_end"]) for r in rows if r["doc_id"] == doc["id"]]
    free = next(s for s in split_sentences(doc["text"])
                if s.end - s.start > 20 and all(s.end <= a or b <= s.start for a, b in taken))
    record_correction(path, Correction(doc["id"], free.start, free.end, "GBR", "negotiations", "add",
                                       new_stance="talks_support", speaker="Philip Hammond"))


@pytest.fixture
def corrected(sample_db: Path, tmp_path: Path) -> Path:
    database = tmp_path / "gold.db"
    shutil.copy(sample_db, database)
    correct_four(database)
    return database


def test_gold_export_is_scored_by_evaluate(corrected: Path, tmp_path: Path) -> None:
    database = corrected
    summary = write_bundle(open_database(database, readonly=True), tmp_path / "bundle")
    assert summary["items"] == 3 and summary["rejections_left_out"] == 1
    items = [json.loads(line) for line in (tmp_path / "bundle" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {tuple(sorted(item)) for item in items} == {tuple(sorted(
        ["doc", "anchor", "occurrence", "speaker", "country", "topic", "stance", "score", "date", "optional", "note"]))}
    result = subprocess.run(
        [sys.executable, "-m", "positions", "evaluate", "--gold", str(tmp_path / "bundle" / "gold.jsonl"),
         "--docs", str(tmp_path / "bundle" / "docs"), "--meta", str(tmp_path / "bundle" / "meta.jsonl"), "--json"],
        cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)["bundle"]["all"]  # the set is named for its folder
    # the confirmed and re-coded statements are found (one with the gold stance); the added one was missed
    assert (metrics["gold"], metrics["tp"], metrics["fn"]) == (3, 2, 1)
    assert metrics["stance_accuracy"] == 0.5 and metrics["date_accuracy"] == 1.0


def test_gold_export_zip_holds_the_same_bundle(corrected: Path) -> None:
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(open_database(corrected, readonly=True))))
    names = set(archive.namelist())
    assert {"gold.jsonl", "meta.jsonl", "README.txt"} <= names and any(n.startswith("docs/p") for n in names)
    meta = [json.loads(line) for line in archive.read("meta.jsonl").decode().splitlines()]
    assert all(m["url"].startswith("http") and m["date"] for m in meta)


def test_gold_export_names_and_occurrences() -> None:
    assert doc_file_name("p1-002.txt", "abc") == "p1-002.txt"
    assert doc_file_name("day.json#3", "abc") == "day.json_3.abc.txt"
    assert doc_file_name("../../etc/passwd", "abc") == "etc_passwd.abc.txt"
    assert occurrence("قال قال قال", "قال", 4) == 2
