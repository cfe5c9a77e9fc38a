"""The dashboard in a real browser on a big database: first load, a search, a full download.

    .venv/bin/python bench/browser_benchmark.py /tmp/million.db [--runs 3] [--json OUT] [--no-download]

Each run starts the dashboard's server (``streamlit run serve.py``, as ``make dashboard``
does) on the database, so its caches are empty, and drives Debian's chromium with Playwright:
- first load: from navigation to the first chart drawn and Streamlit idle (no running
  indicator, nothing stale), then the same again with the server's caches warm;
- search: typing an Arabic phrase in the search box and Enter, to idle again;
- full download: every statement of every state, all topics, as CSV through the page's
  download link; the server's resident memory (with its children) is sampled meanwhile, so
  "flat" is a number: the peak above what it held before, against the size of the file.
Medians over the runs, and every run. ``--no-download`` leaves the download out (a minute
a run at a million statements) when only the page's times are wanted. Targets (issue 12): first load ≤ 3 s, search ≤ 1 s,
download streamed with flat memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.served import streamlit_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SEARCH = "مصير الأسد"
IDLE = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
        "&& !document.querySelector('[data-stale=\"true\"]')")


def settle(page, chart: bool = True) -> None:
    if chart:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=300_000)
    page.wait_for_function(IDLE, timeout=300_000)


def first_load(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    settle(page)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def search(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    page = context.new_page()
    page.goto(url)
    settle(page)
    box = page.get_by_label("Search the sentences (Arabic)", exact=True)  # not its help button
    box.fill(SEARCH)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('q=')", timeout=300_000)
    settle(page)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


class Resident:
    """Samples the resident memory of a process and its children."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> int:
        total = 0
        for process in [self.process, *self.process.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now())
            time.sleep(0.05)

    def __enter__(self) -> Resident:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def download(browser, url: str, countries: list[str], server_pid: int, folder: Path) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar", accept_downloads=True)
    page = context.new_page()
    page.goto(url + "?" + "&".join(f"countries={c}" for c in countries))
    settle(page)
    page.get_by_role("tab", name="Statements").click()
    page.wait_for_timeout(500)
    settle(page, chart=False)
    link = page.get_by_role("link", name="as CSV")
    memory = Resident(server_pid)
    before = memory.now()
    with memory:
        started = time.perf_counter()
        with page.expect_download(timeout=3_600_000) as waiting:
            link.click(modifiers=["Alt"])  # Alt-click: download the link's target instead of opening it
        target = folder / "statements.csv"
        waiting.value.save_as(target)
        seconds = time.perf_counter() - started
    size = target.stat().st_size
    rows = sum(1 for _ in target.open("rb")) - 1
    target.unlink()
    context.close()
    return {"seconds": seconds, "bytes": size, "rows": rows, "server_rss_before_mb": round(before / 2**20),
            "server_rss_peak_mb": round(memory.peak / 2**20), "server_rss_growth_mb": round((memory.peak - before) / 2**20)}


def run_once(database: Path, browser, folder: Path, fetch: bool = True) -> dict:
    import sqlite3

    countries = [row[0] for row in sqlite3.connect(database).execute("select distinct country from daily")]
    with streamlit_server({**os.environ, "POSITIONS_DB": str(database)}, app=PROJECT / "serve.py") as url:
        pid = next(p.pid for p in psutil.Process().children(recursive=True) if "streamlit" in " ".join(p.cmdline()))
        cold = first_load(browser, url)
        warm = first_load(browser, url)
        found = search(browser, url)
        fetched = download(browser, url, countries, pid, folder) if fetch else None
    return {"first_load_cold_s": cold, "first_load_warm_s": warm, "search_s": found, "download": fetched}


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-download", action="store_true", help="time the first loads and the search only")
    args = parser.parse_args()
    import tempfile

    runs = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(args.runs):
                runs.append(run_once(args.database, browser, Path(folder), not args.no_download))
                print(json.dumps(runs[-1]), flush=True)
        finally:
            browser.close()
    median = {key: round(statistics.median(r[key] for r in runs), 2)
              for key in ("first_load_cold_s", "first_load_warm_s", "search_s")}
    if not args.no_download:
        median["download_s"] = round(statistics.median(r["download"]["seconds"] for r in runs), 1)
        median["download_growth_mb"] = max(r["download"]["server_rss_growth_mb"] for r in runs)
    summary = {"database": str(args.database), "runs": runs, "median": median}
    print(json.dumps(median, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    checks = {"first load ≤ 3 s": median["first_load_cold_s"] <= 3, "search ≤ 1 s": median["search_s"] <= 1}
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
