"""What the benchmarks share: the options of those that run over a corpus, and the end of
every one (each check printed PASS or FAIL, the figures and checks written as JSON when
asked, and an exit status that says whether every target was met)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def corpus_parser(description: str, corpus: Path) -> argparse.ArgumentParser:
    """--corpus (default ``corpus``), --runs and --json; the caller adds its own options."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=corpus)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser


def corpus_missing(corpus: Path) -> bool:
    """Whether the corpus is absent (said on stdout): the benchmark then skips, exit status 0."""
    if corpus.is_dir():
        return False
    print(f"corpus not found: {corpus} (skipping)")
    return True


def report(checks: dict[str, bool], figures: dict, json_path: Path | None) -> int:
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    if json_path:
        json_path.write_text(json.dumps({**figures, "checks": checks}, indent=2, ensure_ascii=False))
    return 0 if all(checks.values()) else 1
