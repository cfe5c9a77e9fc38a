"""What a user feeds the dashboard never breaks a view or leaks (issue 11, items 2, 6, 7, 11, 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from dashboard.export import neutralise
from db.store import open_database
from positions.records import Document
from tests.apptest import charts, new_app, open_view, shown_text
from tests.builders import add_documents, sample_copy, statement_in

TABS = ("Timeline", "Phase matrix", "Convergence", "Changes", "Statements", "Volume", "Corpus", "Review", "Codebook")


def test_app_survives_dates_outside_any_calendar(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "dates.db")
    sentence = "وقال لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."
    batch = []
    for name, day in (("far-future.txt", "9999-12-31"), ("year-one.txt", "0001-01-01"), ("garbled.txt", "2015-13-45")):
        doc = Document(name, f"{name}\n{sentence}", date=day, date_basis="metadata")
        batch.append((doc, [statement_in(doc, sentence, "RUS", "assad_future", "assad_syrians_decide", date=day)]))
    undated = Document("undated.txt", f"undated\n{sentence}")
    batch.append((undated, [statement_in(undated, sentence, "RUS", "assad_future", "assad_syrians_decide", date=None)]))
    add_documents(path, batch)
    at = new_app(monkeypatch, path, countries=["RUS"]).run()
    assert not at.exception
    assert [t.label for t in at.tabs] == list(TABS)
    text = shown_text(at)
    assert "1 statement has no date" in text and "3 statements are dated outside 1990–2100" in text
    for tab in TABS:  # every view renders, and draws none of them
        open_view(at, tab)
        assert not at.exception, tab
        for chart in charts(at):
            for trace in chart["data"]:
                assert not any(str(x)[:4] in ("9999", "0001") for x in trace.get("x") or []), tab
    open_view(at, "Timeline")
    ids = [r[0] for r in open_database(path, readonly=True).conn.execute(
        "select s.id from statements s join documents d on d.id = s.doc_id where d.name in "
        "('far-future.txt', 'year-one.txt', 'garbled.txt', 'undated.txt')")]
    for statement_id in ids:  # each one's evidence opens
        at = new_app(monkeypatch, path, statement=str(statement_id)).run()
        assert not at.exception and "<mark>" in shown_text(at)


def rendered_markdown(at) -> str:
    """The HTML every Markdown element turns into (CommonMark, raw HTML allowed, as the browser gets it)."""
    parser = MarkdownIt("commonmark", {"html": True})
    return "\n".join(parser.render(md.value) for md in at.markdown)


def test_app_evidence_is_never_markdown(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "md.db")
    sentence = "وقال لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."
    text = (f"{sentence}\n\n![beacon](http://tracker.example/beacon.png)\n\n"
            "[اضغط هنا](javascript:alert(1)) **مزيف** <img src=http://tracker.example/x.png>\n\n# عنوان")
    doc = Document("planted.txt", text, date="2015-11-01", source="![s](http://tracker.example/s.png)",
                   url="javascript:alert(document.cookie)", title="[t](http://tracker.example/t)", date_basis="metadata")
    add_documents(path, [(doc, [statement_in(doc, sentence, "RUS", "assad_future", "assad_syrians_decide")])])
    statement_id = open_database(path, readonly=True).conn.execute(
        "select s.id from statements s join documents d on d.id = s.doc_id where d.name = 'planted.txt'").fetchone()[0]
    at = new_app(monkeypatch, path, statement=str(statement_id)).run()
    assert not at.exception
    as_markdown = rendered_markdown(at)
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "tracker.example" not in as_markdown and "javascript:" not in as_markdown
    assert "<img" not in html and 'href="javascript' not in html and "<h1" not in html
    assert "![beacon](http://tracker.example/beacon.png)" in html  # shown, as text
    assert "javascript:alert(document.cookie)" in html  # the url is shown as text, not as a link


def test_export_neutralises_formulas() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+33 1 23") == "'+33 1 23"
    assert neutralise("-2") == "'-2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\t=1") == "'\t=1" and neutralise("\r=1") == "'\r=1"
    assert neutralise("قال لافروف") == "قال لافروف" and neutralise("") == ""
    assert neutralise(-2) == -2  # numbers stay numbers


def test_app_upload_reports_every_file_and_hides_the_server(sample_db: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "upload.db")
    first = "وقال لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد.".encode()
    second = "وقال كيري إن الأسد لا يمكن أن يكون جزءا من مستقبل سوريا.".encode()
    long_name = "م" * 200 + ".txt"  # 400 bytes in UTF-8
    at = open_view(new_app(monkeypatch, path).run(), "Corpus")
    documents = int(at.metric[2].value)
    at.file_uploader(key="uploads").set_value([
        ("same.txt", first, "text/plain"), ("same.txt", second, "text/plain"), (long_name, first + b" 2", "text/plain"),
        (".hidden.txt", first + b" 3", "text/plain"), ("dates.meta.jsonl", b'{"doc": "same.txt"}', "application/json"),
    ]).run()
    at.button(key="ingest").click().run()
    assert not at.exception
    report = "\n".join(c.value for c in at.code)
    assert int(at.metric[2].value) == documents + 3  # both same-named files and the long name
    assert ".hidden.txt" in report and "hidden file" in report
    assert "dates.meta.jsonl" in report and "metadata file" in report
    assert str(path) not in report and str(tmp_path) not in report and "database" not in report.lower()
    assert "/tmp" not in report


@pytest.mark.parametrize("value", ["12345678901234567890", "²", "١٢", "-0", "abc", "1e3", " 7", "9" * 400])
def test_app_odd_statement_links_never_raise(value: str, sample_db: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = new_app(monkeypatch, sample_copy(sample_db, tmp_path / "link.db"), statement=value).run()
    assert not at.exception
    assert "No statement" in shown_text(at)
