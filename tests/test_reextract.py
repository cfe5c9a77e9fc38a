"""Statements follow the extractor (issue 11, item 3): each document records the extractor
version that produced its statements; ``ingest`` and ``stats`` say when the database is
stale; ``reextract`` replaces a stale document's statements — with the rollup, speaker
counts and search index — in one transaction, and touches no other table; a re-ingested
record with corrected metadata (date, source) is updated, not skipped as a duplicate."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import reextract as reextract_module
from db import search
from db.ingest import IngestStopped, ingest_paths
from db.reextract import reextract
from db.schema import ROLLUP_KEYS, rollup_rows_sql, sentence_sql
from positions.normalise import normalise_plain
from positions.version import compute_version, extractor_version
from tests.conftest import PROJECT

SENTENCES = [
    "وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد.",
    "ودعا كيري إلى استئناف المفاوضات بين الحكومة السورية والمعارضة في جنيف.",
    "وقال فابيوس إن على الأسد أن يرحل عن السلطة في سوريا.",
]
COLUMNS = "doc_id, char_start, char_end, speaker, country, topic, stance, score, date, phase, cue, reported"


def corpus(folder: Path, documents: int = 6) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(documents):
        body = " ".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(3))
        (folder / f"{index}.txt").write_text(f"خبر {index}. {body}", encoding="utf-8")
    (folder / "meta.jsonl").write_text("".join(json.dumps({"doc": f"{i}.txt", "date": "2015-11-0" + str(1 + i % 5)}) + "\n"
                                               for i in range(documents)), encoding="utf-8")
    return folder


def statements(path: Path) -> list[tuple]:
    return sorted(sqlite3.connect(path).execute(f"select {COLUMNS} from statements").fetchall())


def consistent(path: Path) -> None:
    """Rollup, speaker counts, document counts and search index agree with the statements."""
    conn = sqlite3.connect(path)
    grouped = sorted(conn.execute("select topic, country, coalesce(date, ''), stance, reported, coalesce(phase, ''),"
                                  " count(*), sum(score) from statements group by 1, 2, 3, 4, 5, 6").fetchall())
    assert sorted(conn.execute("select topic, country, date, stance, reported, phase, n, total from daily")) == grouped
    assert sorted(conn.execute("select speaker, country, n_statements from speakers")) == sorted(
        conn.execute("select speaker, country, count(*) from statements group by 1, 2"))
    assert conn.execute("select count(*) from documents d where n_statements !="
                        " (select count(*) from statements s where s.doc_id = d.id)").fetchone()[0] == 0
    for name in ROLLUP_KEYS:
        assert sorted(conn.execute(f"select * from {name}")) == sorted(conn.execute(rollup_rows_sql(name)))
    for word in ("الاسد", "المفاوضات"):
        assert [row[0] for row in conn.execute("select rowid from statements_fts where statements_fts match ?"
                                               " order by rowid", [word])] == \
            [i for i, sentence in conn.execute(f"select s.id, {sentence_sql('s')} from statements s order by s.id")
             if word in re.findall(r"[^\W_]+", normalise_plain(sentence))]
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def age(path: Path) -> None:
    """Make the database look written by an older extractor: another version on every
    document, and statements that differ (one dropped, one with another stance)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("update documents set extractor = 'older-extractor'")
        search.remove(conn, conn.execute(f"select s.id, {sentence_sql('s')} from statements s order by s.id limit 1").fetchall())
        conn.execute("delete from statements where id = (select min(id) from statements)")
        conn.execute("update statements set stance = 'assad_must_go', score = -2 where id = (select max(id) from statements)")
        # what that older extractor stored beside its statements agreed with them
        conn.execute("delete from daily")
        conn.execute("insert into daily select topic, country, coalesce(date, ''), stance, reported, coalesce(phase, ''),"
                     " count(*), sum(score) from statements group by 1, 2, 3, 4, 5, 6")
        for name in ROLLUP_KEYS:
            conn.execute(f"delete from {name}")
            conn.execute(f"insert into {name} {rollup_rows_sql(name)}")
        conn.execute("delete from speakers")
        conn.execute("insert into speakers select speaker, country, min(role), min(speaker_ar), count(*) from statements"
                     " group by 1, 2")
        conn.execute("update documents set n_statements = (select count(*) from statements s where s.doc_id = documents.id)")
        conn.execute("insert into corrections (doc_id, char_start, char_end, country, topic, action, new_stance,"
                     " sentence, created_at) values ('x', 1, 2, 'RUS', 'assad_future', 'recode', 'assad_support',"
                     " 's', 't')")


def test_reextract_version_is_a_hash_of_code_and_data(tmp_path: Path) -> None:
    package = tmp_path / "positions"
    shutil.copytree(PROJECT / "positions", package, ignore=shutil.ignore_patterns("__pycache__"))
    assert compute_version(package) == extractor_version()
    (package / "cli.py").write_text("# the CLI does not decide statements\n", encoding="utf-8")
    assert compute_version(package) == extractor_version()
    with open(package / "data" / "cues.tsv", "a", encoding="utf-8") as cues:
        cues.write("\n")
    changed = compute_version(package)
    assert changed != extractor_version()
    (package / "data" / "model.bin").write_bytes(b"\x00weights")  # a trained artefact counts too
    assert compute_version(package) not in (changed, extractor_version())


def test_reextract_ingest_stores_the_version(tmp_path: Path) -> None:
    ingest_paths([str(corpus(tmp_path / "c"))], tmp_path / "a.db", workers=1)
    versions = {row[0] for row in sqlite3.connect(tmp_path / "a.db").execute("select extractor from documents")}
    assert versions == {extractor_version()}


def test_reextract_replaces_stale_statements_and_nothing_else(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "c")
    ingest_paths([str(folder)], tmp_path / "fresh.db", workers=1)
    ingest_paths([str(folder)], tmp_path / "old.db", workers=1)
    age(tmp_path / "old.db")
    consistent(tmp_path / "old.db")
    assert statements(tmp_path / "old.db") != statements(tmp_path / "fresh.db")

    again = ingest_paths([str(folder)], tmp_path / "old.db", workers=1)
    assert again.stale == 6 and "run: python -m positions reextract" in again.render()

    report = reextract(tmp_path / "old.db", workers=1)
    assert (report.stale_before, report.documents) == (6, 6)
    assert statements(tmp_path / "old.db") == statements(tmp_path / "fresh.db")
    consistent(tmp_path / "old.db")
    conn = sqlite3.connect(tmp_path / "old.db")
    assert conn.execute("select doc_id, char_start, char_end, country, topic, new_stance from corrections").fetchall() \
        == [("x", 1, 2, "RUS", "assad_future", "assad_support")]
    assert {row[0] for row in conn.execute("select extractor from documents")} == {extractor_version()}
    assert reextract(tmp_path / "old.db", workers=1).documents == 0  # nothing stale any more


def test_reextract_stopped_midway_leaves_whole_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path / "c", documents=8)
    ingest_paths([str(folder)], tmp_path / "old.db", workers=1)
    age(tmp_path / "old.db")
    before = statements(tmp_path / "old.db")
    monkeypatch.setattr(reextract_module, "CHUNK", 3)
    real = reextract_module.store_extracted
    calls = []

    def store_then_stop(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second chunk is being written
        return real(*args, **kwargs)

    monkeypatch.setattr(reextract_module, "store_extracted", store_then_stop)
    with pytest.raises(IngestStopped) as stopped:
        reextract(tmp_path / "old.db", workers=1)
    assert stopped.value.report.documents == 3
    conn = sqlite3.connect(tmp_path / "old.db")
    assert conn.execute("select count(*) from documents where extractor = 'older-extractor'").fetchone()[0] == 5
    consistent(tmp_path / "old.db")
    assert statements(tmp_path / "old.db") != before


def test_reextract_stats_and_cli_say_stale(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    ingest_paths([str(corpus(tmp_path / "c"))], database, workers=1)
    age(database)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "positions", *args, "--db", str(database)], cwd=PROJECT,
                              capture_output=True, text=True, timeout=300)

    stats = run("stats")
    assert stats.returncode == 0 and "stale: 6 documents" in stats.stdout
    assert json.loads(run("stats", "--json").stdout)["stale_documents"] == 6
    result = run("reextract", "--workers", "1")
    assert result.returncode == 0 and "documents re-extracted: 6" in result.stdout, result.stderr
    assert "stale" not in run("stats").stdout
    consistent(database)


def test_reextract_corrected_metadata_updates_the_document(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "c", documents=2)
    day = [{"content": SENTENCES[0] + " يوم", "date_extracted": "2015-11-04", "source": "aawsat", "url": "http://a"},
           {"content": SENTENCES[1] + " يوم", "date_extracted": "2015-11-04", "source": "aawsat", "url": "http://b"}]
    (folder / "day.json").write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    database = tmp_path / "m.db"
    first = ingest_paths([str(folder)], database, workers=1)
    assert first.stored == 4

    (folder / "meta.jsonl").write_text(json.dumps({"doc": "0.txt", "date": "2015-12-20", "source": "corrected"}) + "\n"
                                       + json.dumps({"doc": "1.txt", "date": "2015-11-02"}) + "\n", encoding="utf-8")
    day[1]["source"] = "alriyadh"
    (folder / "day.json").write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    second = ingest_paths([str(folder)], database, workers=1)

    assert (second.stored, second.updated, second.duplicates) == (0, 2, 2)
    assert second.documents_seen == second.stored + second.updated + second.duplicates
    conn = sqlite3.connect(database)
    rows = dict((name, (day, source)) for name, day, source in conn.execute("select name, date, source from documents"))
    assert rows["0.txt"] == ("2015-12-20", "corrected") and rows["day.json#1"] == ("2015-11-04", "alriyadh")
    assert rows["1.txt"] == ("2015-11-02", None) and rows["day.json#0"] == ("2015-11-04", "aawsat")
    moved = [row[0] for row in conn.execute("select s.date from statements s join documents d on d.id = s.doc_id"
                                            " where d.name = '0.txt'")]
    assert moved and all(day.startswith("2015-12") for day in moved)
    assert conn.execute("select count(*) from documents").fetchone()[0] == 4
    consistent(database)
    third = ingest_paths([str(folder)], database, workers=1)
    assert (third.updated, third.duplicates) == (0, 4)
