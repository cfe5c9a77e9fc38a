"""Cold start of the command line: `--help`, and `extract` on one 6.6 KB article.

    .venv/bin/python bench/cold_start_benchmark.py [--runs 7] [--file PATH] [--json OUT]

Each command is a fresh ``python -m positions …`` process, timed from outside (wall clock
from start to exit, with the interpreter's own start-up), alternating the two commands run
after run so a drift of the shared machine hits both; one unmeasured run of each first
(the file system's cache warm). Medians of ``--runs``, min and max beside them. The
default article is ``sample_corpus/seeds/004_1c1f0d8e485c5816.txt`` (6,629 bytes, eight
statements). Also reports Python's own start-up (``python -c pass``) for scale, and
``extract`` with the regex cache off (``extract_uncached``: the first run on a machine,
which compiles the lexicon's regexes; later runs load them, ``positions.lexicon.compile_regex``).
Targets (issue 12): ``--help`` ≤ 0.15 s, ``extract`` ≤ 0.4 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.checks import report  # noqa: E402
from bench.ingest_benchmark import machine  # noqa: E402
from positions.lexicon import REGEX_CACHE_ENV  # noqa: E402

ARTICLE = PROJECT / "sample_corpus" / "seeds" / "004_1c1f0d8e485c5816.txt"
TARGETS = {"help": 0.15, "extract": 0.4}


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=True, env=env)
    return time.perf_counter() - started, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--file", type=Path, default=ARTICLE)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "help": [sys.executable, "-m", "positions", "--help"],
        "extract": [sys.executable, "-m", "positions", "extract", str(args.file)],
        "extract_uncached": [sys.executable, "-m", "positions", "extract", str(args.file)],
    }
    # the first extract on a machine compiles the lexicon's regexes (positions.lexicon.compile_regex)
    environments = {"extract_uncached": {**os.environ, REGEX_CACHE_ENV: "off"}}
    for name, command in commands.items():
        timed(command, environments.get(name))  # warm the file system's cache (and the regex cache)
    times: dict[str, list[float]] = {name: [] for name in commands}
    statements = 0
    for _ in range(args.runs):
        for name, command in commands.items():
            seconds, out = timed(command, environments.get(name))
            times[name].append(seconds)
            if name == "extract":
                statements = len(out.splitlines())
    results = {"machine": machine(), "file": str(args.file.relative_to(PROJECT) if args.file.is_relative_to(PROJECT)
                                                  else args.file),
               "file_bytes": args.file.stat().st_size, "statements": statements, "runs": args.runs}
    checks = {}
    for name, values in times.items():
        results[name] = {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
                         "max": round(max(values), 3)}
        print(f"{name:8} median {results[name]['median']:.3f} s  (min {results[name]['min']:.3f}, "
              f"max {results[name]['max']:.3f})")
        if name in TARGETS:
            checks[f"{name} ≤ {TARGETS[name]} s (median)"] = results[name]["median"] <= TARGETS[name]
    return report(checks, results, args.json)


if __name__ == "__main__":
    sys.exit(main())
