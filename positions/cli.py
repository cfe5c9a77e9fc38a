"""Command line: ``python -m positions {ingest,extract,evaluate,train,stats,reextract}``.

Only parses arguments and calls functions that return data; prints what they return.
This is the one place in ``positions`` that reaches the database, and only for the
``ingest``, ``stats`` and ``reextract`` commands, through the ``db`` package (imported
there, lazily), so the extractor modules themselves stay free of storage. Misuse (a path
that does not exist, ``--workers 0``, ``--scheduler`` without ``--engine dask``) exits 2
before anything is read; a failure of the tool exits 1; SIGTERM, SIGHUP and Ctrl-C end a
long command with one line and its partial report, exit 128 + the signal's number (within
STOP_GRACE_SECONDS, else the process exits at once with that code).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_DIR / "data" / "positions.db"
STOP_GRACE_SECONDS = 20.0  # a stopped command not done by then exits at once (128 + the signal's number)


def printable(text: str) -> str:
    """``text`` on one line and encodable (``positions.readers.printable``, imported when needed:
    the readers are not loaded for ``--help``)."""
    from positions.readers import printable as escaped

    return escaped(text)


def database_path(given: str | None) -> Path:
    """``--db``, else $POSITIONS_DB, else ``data/positions.db`` in the project (git-ignored)."""
    return Path(given or os.environ.get("POSITIONS_DB") or DEFAULT_DB)


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


@contextmanager
def _stop_on_signals() -> Iterator[list[int]]:
    """Inside the block SIGINT, SIGTERM and SIGHUP are only recorded: yields the list of
    signals received (the first; later ones are ignored), which the command asks at its safe
    points (``db.engines.Stop``) and then ends early and cleanly. The handler raises
    nothing: an exception raised wherever the main thread happens to be (between a chunk's
    commit and its count, say) would leave the partial report wrong. Should that clean end
    take longer than STOP_GRACE_SECONDS, a watchdog thread exits the process with 128 + the
    signal's number (local workers and a local Dask cluster follow their parent). The
    previous handlers come back afterwards."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received  # only the main thread may set handlers; the caller's own apply
        return
    # Set in the handler, which runs in the main thread: safe because only the watchdog
    # thread ever waits on these events (a handler setting an event the interrupted thread
    # holds the lock of would deadlock).
    signalled, finished = threading.Event(), threading.Event()

    def handler(number: int, frame: object) -> None:
        if received:
            return
        received.append(number)
        signalled.set()

    def watchdog() -> None:
        signalled.wait()
        if finished.wait(STOP_GRACE_SECONDS) or not received:
            return
        name = signal.Signals(received[0]).name
        try:
            os.write(2, f"stopped: {name}; not done within {STOP_GRACE_SECONDS:g} s, exiting now\n".encode())
        except OSError:
            pass
        os._exit(128 + received[0])

    numbers = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {number: signal.signal(number, handler) for number in numbers}
    threading.Thread(target=watchdog, name="stop-watchdog", daemon=True).start()
    try:
        yield received
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
        finished.set()
        signalled.set()  # a watchdog still waiting for a signal ends


def _check_paths(parser: argparse.ArgumentParser, paths: list[str], meta: str | None = None) -> None:
    missing = [p for p in paths if not os.path.lexists(p)] + ([meta] if meta and not os.path.isfile(meta) else [])
    if missing:
        parser.error("no such file or folder: " + ", ".join(printable(p) for p in missing))


def cmd_extract(args: argparse.Namespace) -> int:
    from positions.extract import extract
    from positions.readers import Notice, Rejection, read_documents

    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    rejected = 0
    try:
        for item in read_documents(args.paths, args.meta):
            if isinstance(item, Rejection):
                rejected += 1
                print(f"rejected: {printable(item.origin)}: {printable(item.reason)}", file=sys.stderr)
                continue
            if isinstance(item, Notice):
                print(f"warning: {printable(item.origin)}: {printable(item.message)}", file=sys.stderr)
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
    return [GoldSet(Path(g).parent.name if Path(g).name == "gold.jsonl" else Path(g).name.split(".")[0], Path(g), Path(d),
                    Path(metas[i]) if metas else None) for i, (g, d) in enumerate(zip(golds, docs, strict=True))]


def cmd_evaluate(args: argparse.Namespace) -> int:
    from positions.evaluate import evaluate_set, report_many
    from positions.extract import extract

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


def _run_stoppable(run: Callable[[Callable[[], str | None]], object]) -> int:
    """Run a long command, given what to ask whether to stop (the first signal's name, or
    None); print its report, or on an early stop one line and the partial report."""
    from db.ingest import IngestStopped

    with _stop_on_signals() as received:
        def stop() -> str | None:
            return signal.Signals(received[0]).name if received else None

        try:
            report = run(stop)
        except IngestStopped as stopped:
            try:
                print(f"{'stopped' if stopped.signalled else 'error'}: {printable(stopped.reason)}; partial report"
                      " follows", file=sys.stderr)
                print(stopped.report.render(), flush=True)
            except OSError:
                pass  # the terminal is gone (SIGHUP): nobody is left to read it
            if not stopped.signalled:
                return 1
            return 128 + (received[0] if received else signal.SIGINT)
        except KeyboardInterrupt:  # Ctrl-C outside the main thread, before anything was read (opening the database)
            print("stopped: SIGINT; nothing was stored", file=sys.stderr)
            return 128 + signal.SIGINT
    print(report.render())
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from db.ingest import ingest_paths

    return _run_stoppable(lambda stop: ingest_paths(
        args.paths, database_path(args.db), meta_path=args.meta, workers=args.workers, progress=not args.no_progress,
        engine_name=args.engine, scheduler=args.scheduler, stop=stop))


def cmd_reextract(args: argparse.Namespace) -> int:
    from db.reextract import reextract

    path = database_path(args.db)
    if not path.exists():
        print(f"error: no database at {printable(str(path))}", file=sys.stderr)
        return 2
    return _run_stoppable(lambda stop: reextract(path, workers=args.workers, engine_name=args.engine,
                                                 scheduler=args.scheduler, everything=args.all, stop=stop))


def cmd_stats(args: argparse.Namespace) -> int:
    from db.access import open_readonly
    from db.queries import corpus_stats
    from db.store import stale_count
    from positions.version import extractor_version

    db = open_readonly(database_path(args.db))  # never creates, migrates or changes it
    stats = corpus_stats(db)
    stats["extractor"] = extractor_version()
    stats["stale_documents"] = stale_count(db, stats["extractor"])
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print(f"documents: {stats['documents']}\nstatements: {stats['statements']}")
        print("by country: " + ", ".join(f"{k} {v}" for k, v in stats["by_country"].items()))
        print("by topic: " + ", ".join(f"{k} {v}" for k, v in stats["by_topic"].items()))
        if stats["stale_documents"]:
            print(f"stale: {stats['stale_documents']} documents have statements from an older extractor;"
                  f" run: python -m positions reextract --db {printable(str(database_path(args.db)))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m positions",
                                     description="Diplomatic positions on Syria from Arabic news.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read articles, extract statements, store both")
    ingest.add_argument("paths", nargs="+", help="files or folders (.txt .json .jsonl .csv .html .zip)")
    ingest.add_argument("--db", help="database file (default: $POSITIONS_DB or data/positions.db)")
    ingest.add_argument("--meta", help="meta.jsonl with dates for .txt files")
    _engine_arguments(ingest)
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.set_defaults(func=cmd_ingest, command_parser=ingest, check=lambda p, a: _check_paths(p, a.paths, a.meta))

    extract_cmd = commands.add_parser("extract", help="extract statements as JSON lines (no database)")
    extract_cmd.add_argument("paths", nargs="+", help="files or folders")
    extract_cmd.add_argument("--meta", help="meta.jsonl with dates for .txt files")
    extract_cmd.add_argument("--out", help="write to this file instead of stdout")
    extract_cmd.set_defaults(func=cmd_extract, command_parser=extract_cmd,
                             check=lambda p, a: _check_paths(p, a.paths, a.meta))

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

    again = commands.add_parser("reextract", help="extract stored documents again after the extractor changed")
    again.add_argument("--db", help="database file (default: $POSITIONS_DB or data/positions.db)")
    again.add_argument("--all", action="store_true", help="every document, not only the stale ones")
    _engine_arguments(again)
    again.set_defaults(func=cmd_reextract, command_parser=again)
    return parser


def _engine_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--workers", type=positive_int, help="extraction processes (default: all cores)")
    command.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="where extraction runs: local processes (default) or a Dask cluster")
    command.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local"
                                             " cluster; needs --engine dask)")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Arguments, checked beyond what argparse checks; misuse exits 2 with the reason."""
    args = build_parser().parse_args(argv)
    command = getattr(args, "command_parser", None)  # its error() shows the command's own usage
    if getattr(args, "scheduler", None) and args.engine != "dask":
        command.error("--scheduler needs --engine dask")
    if getattr(args, "check", None):
        args.check(command, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("stopped: SIGINT", file=sys.stderr)
        return 128 + signal.SIGINT
    except (FileNotFoundError, ValueError, RuntimeError) as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return 2
