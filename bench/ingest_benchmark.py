"""Ingest benchmark on the real SaudiNewsNet corpus (../shared/corpora/saudinewsnet).

    .venv/bin/python bench/ingest_benchmark.py [--corpus DIR] [--workers 1,2] [--runs 3] [--json OUT]

Measures, for each number of workers, in the same session and on the same text, alternating
the two (floor, ingest, floor, ingest …) so a drift of the shared machine hits both:
- floor: reading, decoding, normalising and sentence-splitting every article, nothing else,
  on the same engine as ingest (one worker: in this process; more: a process pool fed chunk
  after chunk, the next chunk queued before the previous one is collected, as ingest does);
- full: `ingest` into a fresh database (wall time, peak memory of the whole process tree);
- incremental: the same ingest again (must store nothing, in at most 10% of the first).
Medians of ``--runs`` runs are reported, and the ratio full / floor of each run.
Targets (issue 12): full ≤ 1.5 × floor with 2 workers, ≤ 2 × with 1; peak ≤ 1.5 GB.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.checks import corpus_missing, corpus_parser, report  # noqa: E402
from db.engines import engine  # noqa: E402
from db.ingest import CHUNK, ingest_paths  # noqa: E402
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
    with engine("local", workers) as extraction:
        pending = None
        batch: list[str] = []
        for item in read_documents([corpus]):
            if isinstance(item, Document):
                batch.append(item.text)
                documents += 1
                chars += len(item.text)
            if len(batch) >= CHUNK:
                submitted, batch = extraction.submit(_floor_one, batch), []
                if pending is not None:
                    pending.result()
                pending = submitted
        last = extraction.submit(_floor_one, batch)
        if pending is not None:
            pending.result()
        last.result()
    return time.perf_counter() - started, documents, chars


def full_ingest(corpus: Path, workers: int) -> dict:
    """A fresh ingest (timed, peak memory) and the same ingest again (incremental)."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        with PeakMemory() as memory:
            first = ingest_paths([str(corpus)], database, workers=workers)
        again = ingest_paths([str(corpus)], database, workers=workers)
        size = database.stat().st_size
    return {"seconds": first.seconds, "peak_memory_mb": round(memory.peak / 2**20), "stored": first.stored,
            "duplicates": first.duplicates, "rejected": len(first.rejected), "statements": first.statements,
            "incremental_seconds": again.seconds, "incremental_stored": again.stored + again.statements,
            "database_mb": round(size / 2**20, 1)}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version()}


def main() -> int:
    parser = corpus_parser(__doc__, DEFAULT_CORPUS)
    parser.add_argument("--workers", default="1,2", help="comma-separated numbers of workers (default 1,2)")
    args = parser.parse_args()
    if corpus_missing(args.corpus):
        return 0
    results: dict = {"machine": machine(), "corpus": str(args.corpus), "runs": args.runs, "by_workers": {}}
    checks: dict[str, bool] = {}
    for workers in (int(w) for w in args.workers.split(",")):
        floors, ingests = [], []
        for _ in range(args.runs):
            seconds, documents, chars = floor(args.corpus, workers)
            floors.append(seconds)
            ingests.append(full_ingest(args.corpus, workers))
        ratios = [i["seconds"] / f for i, f in zip(ingests, floors, strict=True)]
        last = ingests[-1]
        summary = {
            "documents": documents, "characters": chars,
            "floor_seconds": [round(f, 1) for f in floors], "ingest_seconds": [round(i["seconds"], 1) for i in ingests],
            "floor_median": round(statistics.median(floors), 1),
            "ingest_median": round(statistics.median(i["seconds"] for i in ingests), 1),
            "ratios": [round(r, 2) for r in ratios], "ratio_median": round(statistics.median(ratios), 2),
            "peak_memory_mb": max(i["peak_memory_mb"] for i in ingests),
            "stored": last["stored"], "duplicates": last["duplicates"], "rejected": last["rejected"],
            "statements": last["statements"], "database_mb": last["database_mb"],
            "incremental_seconds": round(statistics.median(i["incremental_seconds"] for i in ingests), 2),
            "incremental_stored": last["incremental_stored"],
        }
        results["by_workers"][workers] = summary
        target = 1.5 if workers >= 2 else 2.0
        checks[f"{workers} worker(s): ingest ≤ {target} × floor (median ratio)"] = summary["ratio_median"] <= target
        checks[f"{workers} worker(s): peak ≤ 1.5 GB"] = summary["peak_memory_mb"] <= 1536
        checks[f"{workers} worker(s): incremental stores nothing, ≤ 10%"] = (
            summary["incremental_stored"] == 0 and summary["incremental_seconds"] <= 0.1 * summary["ingest_median"])
        print(f"workers {workers}")
        for key, value in summary.items():
            print(f"  {key:22} {value}")
    return report(checks, results, args.json)


if __name__ == "__main__":
    sys.exit(main())
