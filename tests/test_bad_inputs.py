"""Bad input never crashes ingest, never loses a good file of the same batch, and every
rejection names the file and the reason. Fixtures are generated here."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.ingest import ingest_paths
from positions import Document, extract
from positions.readers import MAX_ARTICLE_CHARS, Rejection, read_files

ARTICLE = "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."
GOOD = "good.txt"


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# name → (bytes, expected: "stored" or a fragment of the rejection reason)
BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"   \n\t  \n", "whitespace only"),
    "binary.txt": (bytes(range(256)) * 40, "binary"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    "bom.txt": (b"\xef\xbb\xbf" + ARTICLE.encode("utf-8") + " بوم".encode(), "stored"),
    "utf16.txt": ((ARTICLE + " يو").encode("utf-16"), "stored"),
    "cp1256.txt": ((ARTICLE + " ويندوز").encode("cp1256"), "stored"),
    "mojibake.txt": ((ARTICLE + " موجيباك").encode("utf-8").decode("latin-1").encode("utf-8"), "stored"),
    "mojibake1252.txt": ("".join(bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                                 else chr(b) for b in (ARTICLE + " ويندوز١٢٥٢").encode("utf-8")).encode("utf-8"), "stored"),
    "page.html": (f"<html><head><style>p{{}}</style><script>var x=1;</script></head><body><nav>قائمة</nav>"
                  f"<article><p>{ARTICLE} هتمل</p></article></body></html>".encode(), "stored"),
    "huge_line.txt": (("كلمة " * 400_000).encode(), "stored"),
    "persian.txt": ("وقال ظریف إن الشعب السوری هو الذی یقرر مصیر الأسد، والکلام واضح.".encode(), "stored"),
    "fields.jsonl": (b"\n".join([
        json.dumps({"title": "no text"}).encode(),
        json.dumps({"text": 12345}).encode(),
        json.dumps({"text": ARTICLE + " jsonl", "date": "2015-02-30"}, ensure_ascii=False).encode(),
        json.dumps(["not", "an", "object"]).encode(),
        b'{"text": "truncated',
    ]), "no text field"),
    "truncated.json": (b'[{"text": "' + ARTICLE.encode() + b'"}, {"text": "cut off', "invalid JSON"),
    "broken.csv": (('text,date\n"' + ARTICLE + ' csv",2015-11-04\n"unterminated, 2015\n').encode(), "stored"),
    "no_text_column.csv": (b"title,date\nx,2015-11-04\n", "no text column"),
    "nested.zip": (_zip({"a/b/c/deep.txt": (ARTICLE + " عميق").encode(), "../../escape.txt": b"x",
                         "/abs.txt": b"x", "inner.zip": _zip({"in.txt": (ARTICLE + " داخلي").encode()})}), "unsafe path"),
    "bomb.zip": (_zip({"bomb.txt": b"0" * 30_000_000}), "compression ratio"),
    "broken.zip": (b"PK\x03\x04 this is not really a zip", "broken zip"),
    "duplicate.txt": (ARTICLE.encode(), "duplicate"),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("bad")
    (folder / GOOD).write_text(ARTICLE, encoding="utf-8")
    for name, (data, _) in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    database = folder / "bad.db"
    report = ingest_paths([str(folder)], database, workers=1)
    return database, report


def _reasons(report, name: str) -> list[str]:
    return [r.reason for r in report.rejected if Path(r.origin.split("!")[0].split("#")[0].split(":")[0]).name == name]


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_inputs_each_is_handled(batch, name: str) -> None:
    database, report = batch
    expected = BAD_INPUTS[name][1]
    origins = [row[0] for row in sqlite3.connect(database).execute("select origin from documents")]
    stored = [o for o in origins if Path(o.split("!")[0].split("#")[0].split(":")[0]).name == name]
    if expected == "stored":
        assert stored, (name, _reasons(report, name))
    elif expected == "duplicate":
        assert report.duplicates >= 1
    else:
        assert any(expected in reason for reason in _reasons(report, name)), _reasons(report, name)


def test_bad_inputs_good_files_all_stored(batch) -> None:
    database, report = batch
    texts = [row[0] for row in sqlite3.connect(database).execute("select text from documents")]
    assert ARTICLE in texts
    for marker in ("بوم", "يو", "ويندوز", "موجيباك", "هتمل", "عميق", "داخلي", "jsonl", "csv"):
        assert any(marker in text for text in texts), marker
    assert sqlite3.connect(database).execute("pragma integrity_check").fetchone()[0] == "ok"


def test_bad_inputs_decoded_right(batch) -> None:
    database, _ = batch
    texts = [row[0] for row in sqlite3.connect(database).execute("select text from documents")]
    assert ARTICLE + " ويندوز" in texts and ARTICLE + " موجيباك" in texts and ARTICLE + " ويندوز١٢٥٢" in texts
    html = next(t for t in texts if "هتمل" in t)
    assert "<" not in html and "var x" not in html and "قائمة" not in html


def test_bad_inputs_report_lists_rejections_with_file_and_reason(batch) -> None:
    _, report = batch
    rendered = report.render()
    for rejection in report.rejected:
        assert rejection.origin and rejection.reason
        assert f"rejected {rejection.origin}: {rejection.reason}" in rendered


def test_bad_inputs_fifty_megabyte_article_is_rejected_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(("كلام " * (MAX_ARTICLE_CHARS // 5 + 10)).encode())
    path.write_bytes(path.read_bytes() * 5)  # ~50 MB
    report = ingest_paths([str(path)], tmp_path / "big.db", workers=1)
    assert report.stored == 0 and "article too long" in report.rejected[0].reason


def test_bad_inputs_file_disappearing_during_batch(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(f"{ARTICLE} {index}", encoding="utf-8")
    items = read_files([tmp_path])
    first = next(items)
    (tmp_path / "1.txt").unlink()
    rest = list(items)
    assert not isinstance(first, Rejection)
    assert any(isinstance(r, Rejection) and "1.txt" in r.origin and "cannot read" in r.reason for r in rest)
    assert sum(not isinstance(r, Rejection) for r in rest) == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_bad_inputs_extract_never_raises_on_any_unicode(text: str) -> None:
    for statement in extract(Document(name="x.txt", text=text + " سوريا", date="2015-11-04")):
        assert 0 <= statement.char_start <= statement.char_end <= len(text) + 6


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قال لافروف إن الأسد سوريا رحيل المفاوضات «»\":،.؟\n")), max_size=300))
def test_bad_inputs_extract_spans_are_sentences(text: str) -> None:
    for statement in extract(Document(name="x.txt", text=text, date="2015-11-04")):
        assert text[statement.char_start:statement.char_end] == statement.sentence
