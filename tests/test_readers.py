import io
import json
import zipfile
from pathlib import Path

from positions.readers import Rejection, read_documents
from positions.records import Document

ARTICLE = "وقال لافروف إن الشعب السوري هو الذي يقرر مصير الأسد."


def items(*paths: Path, meta: Path | None = None) -> tuple[list[Document], list[Rejection]]:
    found = list(read_documents([str(p) for p in paths], meta))
    return [i for i in found if isinstance(i, Document)], [i for i in found if isinstance(i, Rejection)]


def test_readers_txt_with_meta_beside(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "meta.jsonl").write_text(json.dumps({"doc": "a.txt", "date": "2015-11-04", "source": "x"}) + "\n")
    [doc], rejected = items(tmp_path)
    assert (doc.name, doc.date, doc.source, doc.date_basis, rejected) == ("a.txt", "2015-11-04", "x", "metadata", [])


def test_readers_meta_flag_overrides(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    meta = tmp_path / "other.jsonl"
    meta.write_text(json.dumps({"doc": "a.txt", "date": "2015-12-01"}) + "\n")
    [doc], _ = items(tmp_path / "a.txt", meta=meta)
    assert doc.date == "2015-12-01"


def test_readers_saudinewsnet_shape(tmp_path: Path) -> None:
    record = {"source": "aawsat", "url": "http://x", "date_extracted": "2015-07-21 02:51:32", "title": "t",
              "author": "a", "content": ARTICLE}
    (tmp_path / "day.json").write_text(json.dumps([record, record | {"content": "نص آخر"}], ensure_ascii=False))
    docs, rejected = items(tmp_path / "day.json")
    assert [d.date for d in docs] == ["2015-07-21", "2015-07-21"] and docs[0].source == "aawsat" and not rejected


def test_readers_jsonl_bad_line_rejected_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": ARTICLE}) + "\n{broken\n" + json.dumps({"title": "no text"}) + "\n")
    docs, rejected = items(path)
    assert len(docs) == 1 and len(rejected) == 2
    assert "invalid JSON" in rejected[0].reason and "no text field" in rejected[1].reason


def test_readers_csv(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("date,title,text\n2015-11-04,t," + '"' + ARTICLE + '"\n', encoding="utf-8")
    [doc], _ = items(path)
    assert doc.date == "2015-11-04" and doc.text == ARTICLE


def test_readers_zip_members_and_unsafe_names(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("nested/dir/a.txt", ARTICLE)
        archive.writestr("nested/meta.jsonl", json.dumps({"doc": "a.txt", "date": "2015-11-04"}))
        archive.writestr("../../evil.txt", ARTICLE)
    (tmp_path / "a.zip").write_bytes(buffer.getvalue())
    docs, rejected = items(tmp_path / "a.zip")
    assert [(d.name, d.date) for d in docs] == [("a.txt", "2015-11-04")]
    assert len(rejected) == 1 and "unsafe path" in rejected[0].reason


def test_readers_missing_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    docs, rejected = items(tmp_path / "empty.txt", tmp_path / "missing.txt")
    assert docs == [] and [r.reason for r in rejected] == ["empty file", "no such file or folder"]


def test_readers_windows_1256_and_utf16(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode("cp1256"))
    (tmp_path / "b.txt").write_bytes(ARTICLE.encode("utf-16"))
    docs, rejected = items(tmp_path)
    assert [d.text for d in docs] == [ARTICLE, ARTICLE] and not rejected


def test_readers_html_page_keeps_text(tmp_path: Path) -> None:
    page = f"<html><head><script>alert(1)</script></head><body><nav>menu</nav><p>{ARTICLE}</p></body></html>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    [doc], _ = items(tmp_path / "a.html")
    assert doc.text == ARTICLE
