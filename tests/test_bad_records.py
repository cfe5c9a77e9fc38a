"""One bad record never stops a batch (issue 11, item 1): a lone surrogate, a file name that
is not UTF-8, JSON nested past the parser's depth — and whatever a fuzz over bytes, names
and JSON shapes finds — each become one rejection naming the file (member, line) and the
reason, and every other document of the batch is stored. Fixtures are generated here."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import extraction as extraction_module
from db.ingest import ingest_paths
from db.store import open_database, store_batch
from positions import json_array
from positions.records import Document, Statement

ARTICLE = "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد."


def _record(text: str, day: str = "2015-11-04") -> dict:
    return {"source": "aawsat", "url": "http://x", "date_extracted": day, "title": "t", "content": text}


def _texts(database: Path) -> list[str]:
    return [row[0] for row in sqlite3.connect(database).execute("select text from documents")]


def _origins_rejected(report) -> list[str]:
    return [r.origin for r in report.rejected]


def test_bad_records_the_three_probes_in_one_batch(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    # a SaudiNewsNet-shaped day file whose second article ends in a truncated emoji
    day = json.dumps([_record(f"{ARTICLE} أول"), _record(f"{ARTICLE} ثان \ud83d"), _record(f"{ARTICLE} ثالث")])
    (folder / "2015-11-04.json").write_text(day, encoding="ascii")  # json.dumps escapes the surrogate
    # … and one whose record holds a value nested past the parser's depth: only it is lost
    deep = json.dumps([_record(f"{ARTICLE} رابع"), _record("x"), _record(f"{ARTICLE} خامس")])
    deep = deep.replace('"content": "x"', '"content": "x", "author": ' + "[" * 100_000 + "]" * 100_000)
    (folder / "2015-11-05.json").write_text(deep, encoding="ascii")
    (folder / "nested.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "deep.jsonl").write_text(json.dumps({"text": f"{ARTICLE} سطر"}, ensure_ascii=False) + "\n"
                                       + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    os.close(os.open(os.fsencode(folder) + b"/bad\xffname.txt", os.O_WRONLY | os.O_CREAT))
    Path(os.fsdecode(os.fsencode(folder) + b"/bad\xffname.txt")).write_text(f"{ARTICLE} اسم", encoding="utf-8")
    (folder / "z_last.txt").write_text(f"{ARTICLE} أخير", encoding="utf-8")

    report = ingest_paths([str(folder)], tmp_path / "b.db", workers=1)

    texts = _texts(tmp_path / "b.db")
    for marker in ("أول", "ثالث", "رابع", "خامس", "سطر", "أخير"):
        assert any(text.endswith(marker) for text in texts), marker
    assert report.stored == 6
    reasons = {origin: r.reason for origin, r in zip(_origins_rejected(report), report.rejected, strict=True)}
    assert "lone surrogate" in reasons[f"{folder}/2015-11-04.json#1"]
    assert "nested too deeply" in reasons[f"{folder}/nested.json#0"]
    assert "nested too deeply" in reasons[f"{folder}/2015-11-05.json#1"]
    assert "nested too deeply" in reasons[f"{folder}/deep.jsonl:2"]
    assert "not valid UTF-8" in reasons[f"{folder}/bad\\xffname.txt"]
    rendered = report.render()
    rendered.encode("utf-8")  # printable: no surrogate reaches the terminal
    assert len(report.rejected) == 5 and rendered.count("\n  rejected ") == 5
    assert sqlite3.connect(tmp_path / "b.db").execute("pragma integrity_check").fetchone()[0] == "ok"


def test_bad_records_a_document_the_database_refuses_is_rejected_alone(tmp_path: Path) -> None:
    """The store's own line of defence: a value SQLite or UTF-8 refuses rolls back that document only."""
    db = open_database(tmp_path / "s.db")
    good = Document(name="good.txt", text=ARTICLE, origin="good.txt")
    bad = Document(name="bad.txt", text=ARTICLE + " سيء", title="\ud83d", origin="bad.txt")
    statement = Statement(doc="bad.txt", char_start=0, char_end=3, sentence="قال", speaker="x", speaker_ar="x",
                          country="RUS", role="r", topic="assad_future", stance="assad_syrians_decide", score=1,
                          date=None, date_basis="unknown", phase=None, cue="c", cue_text="c", attribution="colon",
                          confidence=0.5)
    result = store_batch(db, [(bad, [statement]), (good, [])], [("fp", "bad.txt", 1)],
                         files_of={bad.id: "fp"})
    assert (result.added, result.statements) == (1, 0)
    assert [r.origin for r in result.rejected] == ["bad.txt"] and "cannot store" in result.rejected[0].reason
    assert db.execute("select count(*) from statements").fetchone()[0] == 0
    assert db.execute("select count(*) from files").fetchone()[0] == 0  # its file is read again next time


def test_bad_records_an_extractor_failure_fails_one_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = extraction_module.extract_dated

    def flaky(doc: Document):
        if "ينفجر" in doc.text:
            raise IndexError("boom")
        return real(doc)

    monkeypatch.setattr(extraction_module, "extract_dated", flaky)  # where the workers look it up
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE + " ينفجر", encoding="utf-8")
    (tmp_path / "c.txt").write_text(ARTICLE + " بعده", encoding="utf-8")
    report = ingest_paths([str(tmp_path)], tmp_path / "x.db", workers=1)
    assert report.stored == 2
    assert [(Path(r.origin).name, r.reason) for r in report.rejected] == [("b.txt", "extraction failed: IndexError: boom")]
    again = ingest_paths([str(tmp_path)], tmp_path / "x.db", workers=1)  # b.txt is not marked done: tried again
    assert [Path(r.origin).name for r in again.rejected] == ["b.txt"]


# --- fuzz -----------------------------------------------------------------------------------------

SUFFIXES = [".txt", ".json", ".jsonl", ".csv", ".html", ".zip", ""]
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(
    alphabet=st.characters(codec=None, categories=("L", "N", "P", "Z", "Cs", "Cc", "So")), max_size=30)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(["text", "content", "date", "title", "url", "source",
                                                               "body", "x"]), inner, max_size=5), max_leaves=25)
records = st.fixed_dictionaries({"content": st.one_of(st.just(ARTICLE), json_values)},
                                optional={"date": st.one_of(json_values, st.sampled_from(
                                    ["9999-12-31", "0001-01-01", "1437-02-15", "2015-02-30", "2015-11-04"])),
                                    "title": json_values, "source": json_values, "url": json_values})
file_names = st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\0" not in b
                                                      and b not in (b".", b".."))


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@st.composite
def payloads(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "json", "jsonl", "deep", "zip"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "json":
        return json.dumps(draw(st.lists(records, max_size=3) | json_values)).encode("ascii")
    if kind == "jsonl":
        lines = [json.dumps(draw(records | json_values)) for _ in range(draw(st.integers(1, 3)))]
        return "\n".join(lines).encode("ascii")
    if kind == "deep":
        return _nested(draw(st.integers(500, 200_000))).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(draw(st.integers(0, 3))):
            name = draw(st.text(min_size=1, max_size=20)) + draw(st.sampled_from(SUFFIXES))
            try:
                archive.writestr(f"{index}{name}", draw(st.binary(max_size=200)) if draw(st.booleans())
                                 else json.dumps(draw(records)).encode("ascii"))
            except (UnicodeEncodeError, ValueError):
                continue
    data = buffer.getvalue()
    return data[:draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(name=file_names, suffix=st.sampled_from(SUFFIXES), payload=payloads(), marker=st.integers(0, 10**9),
       named=st.booleans())
def test_bad_records_fuzz_never_stops_the_batch(fuzz_dir: Path, name: bytes, suffix: str, payload: bytes,
                                                marker: int, named: bool) -> None:
    """A folder holding one fuzzed file beside a good article (or both named on the command line)."""
    folder = fuzz_dir / f"case{marker}"
    folder.mkdir(exist_ok=True)
    for child in folder.iterdir():
        child.unlink()
    bad = os.fsencode(folder) + b"/" + name + suffix.encode()
    try:
        with open(bad, "wb") as handle:
            handle.write(payload)
    except OSError:  # a name the file system refuses (too long) is not ours to read
        pass
    good_text = f"{ARTICLE} {marker}"
    (folder / "~good.txt").write_text(good_text, encoding="utf-8")
    paths = [str(folder / "~good.txt"), os.fsdecode(bad)] if named else [str(folder)]
    report = ingest_paths(paths, fuzz_dir / "fuzz.db", workers=1)
    assert good_text in _texts(fuzz_dir / "fuzz.db")
    report.render().encode("utf-8")
    for rejection in report.rejected:
        assert rejection.origin and rejection.reason
    assert report.documents_seen == report.stored + report.updated + report.duplicates + sum(
        "cannot store" in r.reason or "extraction failed" in r.reason for r in report.rejected)


def test_bad_records_json_array_skips_only_the_deep_element() -> None:
    text = '[{"a": "]\\"[{"}, ' + "[" * 50_000 + '"]]]"' + "]" * 50_000 + ', {"b": 2}]'
    found = list(json_array.elements(text))
    assert found[0] == {"a": ']"[{'} and isinstance(found[1], json_array.TooDeep) and found[2] == {"b": 2}
    for broken in ("[1,", "[1 2]", "{}", "[" * 50_000):
        with pytest.raises(json_array.BrokenArray):
            list(json_array.elements(broken))
