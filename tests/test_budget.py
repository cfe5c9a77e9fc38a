"""A batch has a decompression budget and a per-document length (issue 11, item 10): a small
zip of huge "articles" is cut short, quickly, and the report says what was cut."""

from __future__ import annotations

import io
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from db.ingest import ingest_paths
from positions.budget import MAX_DOCUMENT_CHARS, Budget
from positions.readers import Notice, Rejection, read_documents

ARTICLE = "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.slow
def test_budget_small_zip_of_huge_articles_is_cut_and_reported(tmp_path: Path) -> None:
    """The probe: a few hundred KB of zip, twenty articles of 4.9 million characters."""
    body = ("كلمة " * 980_000).encode()  # 4.9 M characters, 9.8 MB each
    members = {f"{index:02d}.txt": f"{ARTICLE} {index}\n".encode() + body for index in range(20)}
    data = _zip(members)
    (tmp_path / "upload.zip").write_bytes(data)
    assert len(data) < 1_000_000

    started = time.perf_counter()
    report = ingest_paths([str(tmp_path / "upload.zip")], tmp_path / "u.db", workers=1)
    seconds = time.perf_counter() - started

    read = report.stored
    assert 0 < read < 20  # some members read, the rest cut …
    not_read = [r for r in report.rejected if r.reason.startswith("not read:")]
    assert len(not_read) == 20 - read and all("upload.zip!" in r.origin for r in not_read)  # … and each one named
    cut = [w for w in report.warnings if w.message.startswith("cut to")]
    assert len(cut) == read and all(f"limit {MAX_DOCUMENT_CHARS:,}" in w.message for w in cut)
    lengths = [row[0] for row in sqlite3.connect(tmp_path / "u.db").execute("select length(text) from documents")]
    assert max(lengths) <= MAX_DOCUMENT_CHARS
    assert (tmp_path / "u.db").stat().st_size < 60_000_000  # it was 354 MB
    assert seconds < 45  # it was 59 s on the dashboard


def test_budget_batch_total_is_shared_by_every_archive(tmp_path: Path) -> None:
    size = len(f"{ARTICLE} a.zip 0 ".encode() * 200)  # each member's size
    for name in ("a.zip", "b.zip"):
        (tmp_path / name).write_bytes(_zip({f"{name}-{i}.txt": f"{ARTICLE} {name} {i} ".encode() * 200 for i in range(3)}))
    budget = Budget(inflated_bytes=5 * size + size // 2)  # room for five of the six members
    items = list(read_documents([tmp_path], budget=budget))
    documents = [i for i in items if not isinstance(i, (Rejection, Notice))]
    refused = [i for i in items if isinstance(i, Rejection)]
    assert len(documents) == 5 and len(refused) == 1
    assert "b.zip!b.zip-2.txt" in refused[0].origin and "decompression budget" in refused[0].reason


def test_budget_archive_ratio_bounds_a_zip_bomb_split_in_small_members(tmp_path: Path) -> None:
    members = {f"{i}.txt": b"0" * 5_000_000 for i in range(8)}  # each under the single-member check
    (tmp_path / "bomb.zip").write_bytes(_zip(members))
    items = list(read_documents([tmp_path / "bomb.zip"], budget=Budget(archive_slack=10_000_000)))
    refused = [i for i in items if isinstance(i, Rejection) and "would inflate past" in i.reason]
    assert refused and len(refused) >= 6


def test_budget_long_document_is_cut_at_a_space_with_a_notice() -> None:
    text, note = Budget(document_chars=100).cut("كلمة " * 50)
    assert len(text) <= 100 and not text.endswith(" ") and text.endswith("كلمة")
    assert note == "cut to 99 of 250 characters (limit 100 per document)"
    assert Budget(document_chars=100).cut("قصير") == ("قصير", None)
