"""The first load of two trees of this project, alternated in pairs, on a shared machine.

    .venv/bin/python bench/first_load_pairs.py /tmp/million.db --old ../old-tree --new . [--pairs 6] [--json OUT]

On a machine whose other jobs change its load from minute to minute, two trees measured one
after the other compare the loads, not the trees. Here each pair times both trees back to back
(the order swapped every pair): for each, a new server (``streamlit run serve.py`` in that
tree, with this Python) and, in one chromium, two first loads as ``bench/browser_benchmark.py``
times them (navigation to the first chart drawn and Streamlit idle): with the server's caches
empty, then warm. Also the CPU seconds chromium's processes used for each load, which a
loaded machine stretches less than the wall time. Prints each run with the load average, the
medians, and the median of the per-pair ratios new/old.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.browser_benchmark import ARGS, CHROMIUM, settle  # noqa: E402
from tests.served import free_port, wait_healthy  # noqa: E402


@contextmanager
def server(tree: Path, database: Path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=tree, env={**os.environ, "POSITIONS_DB": str(database)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        if not wait_healthy(port, process):
            raise RuntimeError(f"{tree}: streamlit did not become healthy")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


def chromium_cpu() -> float:
    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "chrom" in process.name():
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def first_load(browser, url: str) -> tuple[float, float]:
    """Seconds to the first chart and idle, and chromium's CPU seconds meanwhile."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    page = context.new_page()
    cpu = chromium_cpu()
    started = time.perf_counter()
    page.goto(url)
    settle(page)
    seconds = time.perf_counter() - started
    cpu = chromium_cpu() - cpu  # before closing: a closed context's renderer takes its CPU time with it
    context.close()
    return seconds, cpu


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path)
    parser.add_argument("--old", type=Path, required=True, help="a work tree of this project")
    parser.add_argument("--new", type=Path, default=PROJECT)
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for pair in range(args.pairs):
                for name in ("old", "new") if pair % 2 == 0 else ("new", "old"):
                    with server(trees[name], args.database) as url:
                        load = os.getloadavg()[0]
                        cold, cold_cpu = first_load(browser, url)
                        warm, warm_cpu = first_load(browser, url)
                    runs[name].append({"pair": pair, "load_average": load, "first_load_cold_s": cold,
                                       "first_load_warm_s": warm, "chromium_cpu_cold_s": cold_cpu,
                                       "chromium_cpu_warm_s": warm_cpu})
                    print(json.dumps({"tree": name, **runs[name][-1]}), flush=True)
        finally:
            browser.close()
    keys = ("first_load_cold_s", "first_load_warm_s", "chromium_cpu_cold_s", "chromium_cpu_warm_s")
    summary = {"database": str(args.database), "trees": {k: str(v) for k, v in trees.items()}, "runs": runs,
               "median": {name: {key: round(statistics.median(r[key] for r in rows), 2) for key in keys}
                          for name, rows in runs.items()},
               "load_average": [round(min(r["load_average"] for rows in runs.values() for r in rows), 1),
                                round(max(r["load_average"] for rows in runs.values() for r in rows), 1)]}
    ratios = [new["first_load_cold_s"] / old["first_load_cold_s"] for old, new in zip(runs["old"], runs["new"], strict=True)]
    summary["ratio_cold_new_old"] = {"median": round(statistics.median(ratios), 3),
                                     "pairs": [round(r, 3) for r in ratios]}
    print(json.dumps({k: summary[k] for k in ("median", "load_average", "ratio_cold_new_old")}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
