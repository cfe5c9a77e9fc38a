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


def _gold_sets(args: argparse.Namespace) -> list:
    """The --gold/--docs/--meta triples, in the order given (--meta may be left out)."""
    from positions.training import GoldSet

    golds, docs, metas = args.gold or [], args.docs or [], args.meta or []
    if len(golds) != len(docs):
        raise ValueError("give one --docs for each --gold")
    if metas and len(metas) != len(golds):
        raise ValueError("give one --meta for each --gold, or none")
    return [GoldSet(Path(g).parent.name if Path(g).name == "gold.jsonl" else Path(g).stem, Path(g), Path(d),
                    Path(metas[i]) if metas else None) for i, (g, d) in enumerate(zip(golds, docs, strict=True))]


def cmd_evaluate(args: argparse.Namespace) -> int:
    from positions.evaluate import evaluate_set, report_many

    results = {}
    for gold_set in _gold_sets(args):
        if args.cv:
            from positions.training import cross_validated_scores, default_label_files, default_sets

            results[gold_set.name] = cross_validated_scores(gold_set, default_sets(), default_label_files(), args.cv)
        else:
            results[gold_set.name] = evaluate_set(gold_set.gold, gold_set.docs, gold_set.meta, extract)
    print(report_many(results, as_json=args.json, details=not args.quiet))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from positions.training import train

    sets = _gold_sets(args) if args.gold else None
    summary = train(sets, [Path(p) for p in args.labels] if args.labels else None, Path(args.out) if args.out else None)
    print(summary)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from db.ingest import ingest_paths

    report = ingest_paths(args.paths, database_path(args.db), meta_path=args.meta, workers=args.workers,
                          progress=not args.no_progress, engine_name=args.engine, scheduler=args.scheduler)
    print(report.render())
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from db.queries import corpus_stats
    from db.store import open_database

    stats = corpus_stats(open_database(database_path(args.db)))
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

    evaluate = commands.add_parser("evaluate", help="score the extractor against gold statements (several sets at once)")
    evaluate.add_argument("--gold", required=True, action="append", help="gold .jsonl (repeat for several sets)")
    evaluate.add_argument("--docs", required=True, action="append", help="folder of that gold's documents")
    evaluate.add_argument("--meta", action="append", help="meta.jsonl with that set's dates")
    evaluate.add_argument("--cv", type=int, metavar="K",
                          help="cross-validate the learned model: K folds by document, each scored by a model "
                               "trained without its documents (the shipped training data minus the fold)")
    evaluate.add_argument("--json", action="store_true", help="metrics as JSON")
    evaluate.add_argument("--quiet", action="store_true", help="metrics only, no error lists")
    evaluate.set_defaults(func=cmd_evaluate)

    train = commands.add_parser("train", help="rebuild the learned model from gold sets and labelled sentences")
    train.add_argument("--gold", action="append", help="gold .jsonl (default: every set under positions/data/training)")
    train.add_argument("--docs", action="append", help="folder of that gold's documents")
    train.add_argument("--meta", action="append", help="meta.jsonl with that set's dates")
    train.add_argument("--labels", nargs="*", help="labelled-sentence files (default: positions/data/training/labels)")
    train.add_argument("--out", help="where to write the model (default: positions/data/model.json)")
    train.set_defaults(func=cmd_train)

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
