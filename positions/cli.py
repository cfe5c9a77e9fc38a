"""Command line: ``python -m positions {ingest,extract,evaluate,stats}``.

Only parses arguments and calls functions that return data; prints what they return.
This is the one place in ``positions`` that reaches the database, and only for the
``ingest`` and ``stats`` commands, through the ``db`` package (imported there, lazily),
so the extractor modules themselves stay free of storage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from positions.extract import extract
from positions.readers import Rejection, read_documents
from positions.records import Document

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_DIR / "data" / "positions.db"


def database_path(given: str | None) -> Path:
    """``--db``, else $POSITIONS_DB, else ``data/positions.db`` in the project (git-ignored)."""
    return Path(given or os.environ.get("POSITIONS_DB") or DEFAULT_DB)


def cmd_extract(args: argparse.Namespace) -> int:
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    rejected = 0
    try:
        for item in read_documents(args.paths, args.meta):
            if isinstance(item, Rejection):
                rejected += 1
                print(f"rejected: {item.origin}: {item.reason}", file=sys.stderr)
                continue
            for statement in extract(item):
                out.write(json.dumps(statement.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if args.out:
            out.close()
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from positions.evaluate import CORE, load_gold, report, score

    gold = load_gold(Path(args.gold), Path(args.docs))
    predictions = []
    for item in read_documents([args.docs], args.meta):
        if isinstance(item, Document):
            predictions.extend(s.to_dict() for s in extract(item))
    all_states, core = score(predictions, gold), score(predictions, gold, CORE)
    if args.json:
        print(json.dumps({"all": all_states.metrics(), "core": core.metrics()}, indent=2))
    else:
        print(report(all_states, core, details=not args.quiet))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from db.ingest import ingest_paths

    report = ingest_paths(args.paths, database_path(args.db), meta_path=args.meta, workers=args.workers,
                          progress=not args.no_progress, engine_name=args.engine, scheduler=args.scheduler)
    print(report.render())
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from db.access import open_readonly
    from db.queries import corpus_stats

    stats = corpus_stats(open_readonly(database_path(args.db)))  # never creates or changes it
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print(f"documents: {stats['documents']}\nstatements: {stats['statements']}")
        print("by country: " + ", ".join(f"{k} {v}" for k, v in stats["by_country"].items()))
        print("by topic: " + ", ".join(f"{k} {v}" for k, v in stats["by_topic"].items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m positions",
                                     description="Diplomatic positions on Syria from Arabic news.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read articles, extract statements, store both")
    ingest.add_argument("paths", nargs="+", help="files or folders (.txt .json .jsonl .csv .html .zip)")
    ingest.add_argument("--db", help="database file (default: $POSITIONS_DB or data/positions.db)")
    ingest.add_argument("--meta", help="meta.jsonl with dates for .txt files")
    ingest.add_argument("--workers", type=int, default=0, help="extraction processes (default: all cores)")
    ingest.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="where extraction runs: local processes (default) or a Dask cluster")
    ingest.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.set_defaults(func=cmd_ingest)

    extract_cmd = commands.add_parser("extract", help="extract statements as JSON lines (no database)")
    extract_cmd.add_argument("paths", nargs="+", help="files or folders")
    extract_cmd.add_argument("--meta", help="meta.jsonl with dates for .txt files")
    extract_cmd.add_argument("--out", help="write to this file instead of stdout")
    extract_cmd.set_defaults(func=cmd_extract)

    evaluate = commands.add_parser("evaluate", help="score the extractor against gold statements")
    evaluate.add_argument("--gold", required=True, help="gold .jsonl")
    evaluate.add_argument("--docs", required=True, help="folder of the gold's documents")
    evaluate.add_argument("--meta", help="meta.jsonl with the documents' dates")
    evaluate.add_argument("--json", action="store_true", help="metrics as JSON")
    evaluate.add_argument("--quiet", action="store_true", help="metrics only, no error lists")
    evaluate.set_defaults(func=cmd_evaluate)

    stats = commands.add_parser("stats", help="counts of documents and statements in the database")
    stats.add_argument("--db", help="database file")
    stats.add_argument("--json", action="store_true", help="as JSON")
    stats.set_defaults(func=cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except (FileNotFoundError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
