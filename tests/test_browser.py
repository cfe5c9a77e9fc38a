"""The dashboard in a real browser: Playwright driving Debian's chromium.

Starts ``streamlit run app.py`` on a free port against a copy of the sample database,
opens the page, removes a country from the filter, checks the chart changed, and saves a
screenshot (``screenshots/dashboard.png``). Skipped where chromium or playwright is
missing, unless POSITIONS_REQUIRE_BROWSER=1 (CI sets it), in which case that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
REQUIRED = os.environ.get("POSITIONS_REQUIRE_BROWSER") == "1"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None

if not (Path(CHROMIUM).exists() and sync_playwright is not None):
    if REQUIRED:
        raise RuntimeError("browser test required but chromium or playwright is missing")
    pytest.skip("chromium or playwright not installed", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served_app(sample_db: Path, tmp_path: Path):
    database = tmp_path / "browser.db"
    shutil.copy(sample_db, database)
    port = free_port()
    env = {**os.environ, "POSITIONS_DB": str(database)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not become healthy")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


def _settled(page) -> None:
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
        "&& !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    page.wait_for_timeout(500)


def legend_names(page) -> list[str]:
    first_chart = page.locator('[data-testid="stPlotlyChart"]').first
    return sorted(first_chart.locator(".legendtext").all_text_contents())


def test_browser_filter_updates_chart(served_app: str) -> None:
    screenshots = PROJECT / "screenshots"
    screenshots.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ar")
            page.goto(served_app)
            _settled(page)
            before = legend_names(page)
            assert "Russia" in before
            page.get_by_role("button", name="Remove Russia · روسيا").click()
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                   timeout=60_000)
            page.wait_for_timeout(1500)
            _settled(page)
            after = legend_names(page)
            assert "Russia" not in after and set(after) < set(before)
            assert "countries=" in page.url and "RUS" not in page.url
            shot = screenshots / "dashboard.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000, "a tiny screenshot means a failed render"
        finally:
            browser.close()
