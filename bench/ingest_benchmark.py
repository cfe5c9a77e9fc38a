"""Ingest benchmark on the real SaudiNewsNet corpus (../shared/corpora/saudinewsnet).

    .venv/bin/python bench/ingest_benchmark.py [--corpus DIR] [--workers N] [--json OUT]

Measures, in one run and on the same text:
- floor: reading, decoding, normalising and sentence-splitting every article, nothing else,
  with the same number of worker processes;
- full: `ingest` into a fresh database (wall time, peak memory of the whole process tree);
- incremental: the same ingest again (must store nothing, in at most 10% of the first).
Targets (issue 5): full ≤ 60 s, peak ≤ 1.5 GB, full ≤ 5 × floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from db.ingest import ingest_paths  # noqa: E402
from positions.normalise import normalise  # noqa: E402
from positions.readers import read_documents  # noqa: E402
from positions.records import Document  # noqa: E402
from positions.sentences import split_sentences  # noqa: E402

DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpora" / "saudinewsnet"


class PeakMemory:
    """Samples the resident memory of this process and all its descendants."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        pids, queue = [], [pid]
        while queue:
            current = queue.pop()
            pids.append(current)
            for task in Path(f"/proc/{current}/task").glob("*"):
                try:
                    queue.extend(int(c) for c in (task / "children").read_text().split())
                except OSError:
                    pass
        return pids

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree(os.getpid())))
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _floor_one(text: str) -> int:
    normalise(text)
    return len(split_sentences(text))


def floor(corpus: Path, workers: int) -> tuple[float, int, int]:
    """Seconds to read, decode, normalise and split every article; (seconds, documents, chars)."""
    started = time.perf_counter()
    documents = chars = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        batch: list[str] = []
        for item in read_documents([corpus]):
            if isinstance(item, Document):
                batch.append(item.text)
                documents += 1
                chars += len(item.text)
            if len(batch) >= 256:
                list(pool.map(_floor_one, batch, chunksize=8))
                batch = []
        list(pool.map(_floor_one, batch, chunksize=8))
    return time.perf_counter() - started, documents, chars


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (skipping)")
        return 0
    floor_seconds, documents, chars = floor(args.corpus, args.workers)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        with PeakMemory() as memory:
            first = ingest_paths([str(args.corpus)], database, workers=args.workers)
        again = ingest_paths([str(args.corpus)], database, workers=args.workers)
    results = {
        "machine": machine(), "workers": args.workers, "documents": documents, "characters": chars,
        "floor_seconds": round(floor_seconds, 1), "ingest_seconds": round(first.seconds, 1),
        "ratio_to_floor": round(first.seconds / floor_seconds, 2), "peak_memory_mb": round(memory.peak / 2**20),
        "stored": first.stored, "duplicates": first.duplicates, "rejected": len(first.rejected),
        "statements": first.statements, "incremental_seconds": round(again.seconds, 2),
        "incremental_share": round(again.seconds / first.seconds, 3), "incremental_stored": again.stored,
    }
    checks = {
        "ingest ≤ 60 s": first.seconds <= 60, "peak ≤ 1.5 GB": memory.peak <= 1.5 * 2**30,
        "ratio ≤ 5": first.seconds <= 5 * floor_seconds, "incremental ≤ 10%": again.seconds <= 0.1 * first.seconds,
        "incremental stores nothing": again.stored == 0 and again.statements == 0,
    }
    for key, value in results.items():
        print(f"{key:22} {value}")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    if args.json:
        args.json.write_text(json.dumps({**results, "checks": checks}, indent=2, ensure_ascii=False))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
