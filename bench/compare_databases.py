"""Old code against new code on the same input: are the two databases the same, table by table?

    .venv/bin/python bench/compare_databases.py --old 946f211 CORPUS... [--workers 2] [--json OUT]

Builds one database with the project as it was at ``--old`` (a git revision, unpacked into a
temporary folder with ``git archive``) and one with the working tree, each with its own
``python -m positions ingest``, and compares every table the two have in common, row by row
in order, on the columns they share (a statement's sentence as read, stored or not). Left
out, because they differ by design:
when a row was written (``ingested_at``) and which extractor wrote it (``documents.extractor``,
a hash of the code). The search index is compared through what it finds: for a sample of
words of the stored sentences, the statements a full-text search returns. Exits 1 when any
table differs.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from db.schema import sentence_sql  # noqa: E402
from db.store import open_database  # noqa: E402
from positions.normalise import normalise_plain  # noqa: E402

VOLATILE = {"ingested_at", "extractor"}
SEARCH_SAMPLE = 300


def build(tree: Path, corpus: list[str], database: Path, workers: int) -> float:
    """Ingest ``corpus`` with the code in ``tree``; seconds taken."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "positions", "ingest", *corpus, "--db", str(database), "--workers",
                    str(workers), "--no-progress"], cwd=tree, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def unpack(revision: str, folder: Path) -> Path:
    """The project at ``revision``, as files (no git worktree, nothing to clean up in the repository)."""
    archive = subprocess.run(["git", "archive", revision], cwd=PROJECT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Ordinary tables (not the search index's shadow tables) and their columns."""
    names = [row[0] for row in conn.execute("select name from sqlite_master where type = 'table' and name not like"
                                            " 'statements_fts%' and name not like 'sqlite_%' order by name")]
    return {name: [row[1] for row in conn.execute(f'pragma table_info("{name}")')] for name in names}


def rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    # a statement's sentence as the dashboard reads it (since schema 4 it is stored only
    # when it is not its document's span; before, always)
    listed = ", ".join(sentence_sql("t") if (table, c) == ("statements", "sentence") else f't."{c}"' for c in columns)
    order = ", ".join(str(i + 1) for i in range(len(columns)))
    return conn.execute(f'select {listed} from "{table}" t order by {order}').fetchall()


def search_sample(conn: sqlite3.Connection) -> list[str]:
    """Up to SEARCH_SAMPLE distinct words of the stored sentences, spread over the table."""
    words: list[str] = []
    for (sentence,) in conn.execute(f"select {sentence_sql('s')} from statements s order by s.id"):
        for word in re.findall(r"[^\W\d_]{3,}", normalise_plain(sentence)):
            if word not in words:
                words.append(word)
    step = max(1, len(words) // SEARCH_SAMPLE)
    return words[::step][:SEARCH_SAMPLE]


def search(conn: sqlite3.Connection, word: str) -> list[int]:
    return [row[0] for row in conn.execute("select rowid from statements_fts where statements_fts match ?"
                                           " order by rowid", ['"' + word + '"'])]


def compare(old: Path, new: Path) -> dict:
    a, b = sqlite3.connect(old), sqlite3.connect(new)
    old_tables, new_tables = tables(a), tables(b)
    report: dict = {"tables": {}, "only_old": sorted(set(old_tables) - set(new_tables)),
                    "only_new": sorted(set(new_tables) - set(old_tables))}
    for table in sorted(set(old_tables) & set(new_tables)):
        shared = [c for c in old_tables[table] if c in new_tables[table] and c not in VOLATILE]
        left, right = rows(a, table, shared), rows(b, table, shared)
        report["tables"][table] = {"rows": [len(left), len(right)], "identical": left == right, "columns": shared,
                                   "columns_only_old": [c for c in old_tables[table] if c not in new_tables[table]],
                                   "columns_only_new": [c for c in new_tables[table] if c not in old_tables[table]]}
    words = search_sample(a)
    differing = [w for w in words if search(a, w) != search(b, w)]
    report["search"] = {"words": len(words), "identical": not differing, "differing": differing[:10]}
    report["identical"] = all(t["identical"] for t in report["tables"].values()) and not differing
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--old", required=True, help="git revision of the old code (e.g. 946f211)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--migrated", action="store_true",
                        help="also open a copy of the old database with the new code (migrating it) and compare")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus = [str(Path(p).resolve()) for p in args.corpus]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "old").mkdir()
        old_tree = unpack(args.old, work / "old")
        seconds_old = build(old_tree, corpus, work / "old.db", args.workers)
        seconds_new = build(PROJECT, corpus, work / "new.db", args.workers)
        report = compare(work / "old.db", work / "new.db")
        if args.migrated:  # the old database opened (and so migrated) by the new code
            shutil.copy(work / "old.db", work / "migrated.db")
            open_database(work / "migrated.db").conn.close()
            report["migrated"] = compare(work / "migrated.db", work / "new.db")
    report.update({"old": args.old, "corpus": corpus, "workers": args.workers,
                   "seconds": {"old": round(seconds_old, 1), "new": round(seconds_new, 1)}})
    for table, result in report["tables"].items():
        extra = "".join(f"; only {side}: {', '.join(result['columns_only_' + side])}" for side in ("old", "new")
                        if result["columns_only_" + side])
        print(f"{'same' if result['identical'] else 'DIFFERS':8} {table}: {result['rows'][0]} / {result['rows'][1]} rows{extra}")
    for side in ("old", "new"):
        if report["only_" + side]:
            print(f"tables only in the {side} database: {', '.join(report['only_' + side])}")
    print(f"{'same' if report['search']['identical'] else 'DIFFERS':8} search: {report['search']['words']} words")
    if "migrated" in report:
        migrated = report["migrated"]
        differing = [t for t, r in migrated["tables"].items() if not r["identical"]] + ([] if migrated["search"]["identical"]
                                                                                       else ["search"])
        print(f"old database migrated by the new code vs new database: {len(migrated['tables'])} tables,"
              f" {'IDENTICAL' if migrated['identical'] else 'differing: ' + ', '.join(differing)}")
        report["identical"] = report["identical"] and migrated["identical"]
    print(f"ingest: old {report['seconds']['old']} s, new {report['seconds']['new']} s; "
          f"{'IDENTICAL' if report['identical'] else 'DIFFERENT'}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
