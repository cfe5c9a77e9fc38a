"""The dashboard in a real browser: Playwright driving Debian's chromium.

Starts ``streamlit run app.py`` on a free port against a copy of the sample database (plus a
planted formula-shaped article), and goes through what a person does: first load, a filter
change, selecting a point (the evidence opens with its sentence in view and the URL carries
``?statement=ID``), re-coding it (visible after a re-ingest and a reload), the 800 px layout
(no clipped Arabic, legible matrix), a matrix cell listing its statements, and the CSV
downloaded and opened. Saves a screenshot of every view under ``screenshots/`` (the
README's dashboard section lists them). Skipped where chromium or playwright is missing,
unless POSITIONS_REQUIRE_BROWSER=1 (CI sets it), in which case that is a failure.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from positions.records import Document
from tests.builders import add_documents, sample_copy, statement_in
from tests.conftest import PROJECT, SAMPLE
from tests.served import streamlit_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
REQUIRED = os.environ.get("POSITIONS_REQUIRE_BROWSER") == "1"
SHOTS = PROJECT / "screenshots"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\") وقال لافروف إن المفاوضات ضرورية."

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None

if not (Path(CHROMIUM).exists() and sync_playwright is not None):
    if REQUIRED:
        raise RuntimeError("browser test required but chromium or playwright is missing")
    pytest.skip("chromium or playwright not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def database(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = sample_copy(sample_db, tmp_path_factory.mktemp("browser") / "browser.db")
    doc = Document("planted-formula.txt", FORMULA, date="2015-11-21", source="@SUM(1+1)", url="https://example.org/c",
                   date_basis="metadata")
    add_documents(path, [(doc, [statement_in(doc, FORMULA, "RUS", "negotiations", "talks_support",
                                             speaker="=cmd|' /C calc'!A0", speaker_ar="+لافروف")])])
    return path


@pytest.fixture(scope="module")
def served(database: Path):
    with streamlit_server({**os.environ, "POSITIONS_DB": str(database)}) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar", accept_downloads=True)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def settled(page, chart: bool = True) -> None:
    if chart:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
        "&& !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    page.wait_for_timeout(700)


def shoot(page, name: str, full: bool = False) -> Path:
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / name
    page.screenshot(path=str(shot), full_page=full)
    assert shot.stat().st_size > 10_000, f"{name}: a tiny screenshot means a failed render"
    return shot


def open_tab(page, name: str) -> None:
    """Only the open tab's view runs: a click reruns the app; wait for it."""
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(300)
    settled(page, chart=False)


def legend_names(page) -> list[str]:
    first_chart = page.locator('[data-testid="stPlotlyChart"]').first
    return sorted(first_chart.locator(".legendtext").all_text_contents())


def choose(page, combobox, option: str) -> None:
    """Pick an option of a Streamlit selectbox (retried: a rerun can close the list under the click)."""
    for _ in range(3):
        combobox.click()
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            settled(page, chart=False)
    raise AssertionError(f"could not choose {option!r}")


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]


def test_browser_first_load_and_filter(served: str, page) -> None:
    page.goto(served)
    settled(page)
    shoot(page, "dashboard.png")
    # served by dashboard.preload: the sidebar's widget modules asked for with the page
    assert page.locator('link[rel="modulepreload"][href*="/Multiselect."]').count() == 1
    before = legend_names(page)
    assert "Russia" in before
    page.get_by_role("button", name="Remove Russia · روسيا").click()
    settled(page)
    after = legend_names(page)
    assert "Russia" not in after and set(after) < set(before)
    assert "countries=" in page.url and "RUS" not in page.url


def test_browser_point_opens_evidence_and_a_correction_survives(served: str, page, database: Path) -> None:
    page.goto(served + "?countries=RUS&topics=assad_future")
    settled(page)
    page.locator('[data-testid="stPlotlyChart"]').first.locator(".scatterlayer .trace .points path").first.click(force=True)
    dialog = page.get_by_role("dialog")
    dialog.locator("mark").wait_for(timeout=60_000)
    assert in_view(page, dialog.locator("mark")), "the evidence sentence must open in view"
    match = re.search(r"[?&]statement=(-?\d+)", page.url)
    assert match, page.url
    shoot(page, "evidence.png")
    dialog.get_by_text("Re-code", exact=True).click()
    settled(page, chart=False)
    stance = dialog.get_by_label("Stance", exact=True).first  # the review form's (the second adds a statement)
    stance.wait_for(timeout=30_000)
    target = "His fate is open (+0)" if "His fate is open" not in stance.input_value() else "Assad must go (-2)"
    choose(page, stance, target)
    settled(page, chart=False)
    dialog.get_by_label("Note (optional)").first.fill("re-coded in the browser test")
    dialog.get_by_role("button", name="Save review").click()
    page.get_by_role("dialog").get_by_text("Re-coded by an analyst", exact=True).wait_for(timeout=60_000)
    # a re-ingest of the same corpus, as a user would run it beside the dashboard
    subprocess.run([sys.executable, "-m", "positions", "ingest", str(SAMPLE), "--db", str(database), "--workers", "1",
                    "--no-progress"], cwd=PROJECT, check=True, capture_output=True, timeout=300)
    page.goto(served + f"?countries=RUS&topics=assad_future&statement={match.group(1)}")
    settled(page)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Re-coded by an analyst", exact=True).wait_for(timeout=60_000)
    assert "re-coded in the browser test" in dialog.inner_text() and target in dialog.inner_text()
    shoot(page, "corrected.png")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('statement=')", timeout=30_000)
    settled(page)
    open_tab(page, "Review")
    assert "re-coded in the browser test" in page.inner_text("body")
    shoot(page, "review.png")


def test_browser_matrix_cell_lists_its_statements(served: str, page) -> None:
    page.goto(served)
    settled(page)
    open_tab(page, "Phase matrix")
    shoot(page, "matrix.png")
    matrix = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator(".heatmaplayer")).first
    matrix.locator(".scatterlayer .trace .points path").first.click(force=True)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("statements", exact=False).first.wait_for(timeout=60_000)
    link = dialog.locator("a[data-statement]").first
    statement = link.get_attribute("data-statement")
    link.click()
    page.wait_for_url(re.compile(rf"statement={statement}"), timeout=30_000)
    page.get_by_role("dialog").locator("mark").wait_for(timeout=60_000)


def test_browser_views_at_800_pixels(served: str, page) -> None:
    page.set_viewport_size({"width": 800, "height": 1000})
    page.goto(served)
    settled(page)
    shoot(page, "timeline-800.png")
    open_tab(page, "Statements")
    cells = page.locator("td[dir='rtl']")
    assert cells.count() >= 10
    clipped = page.evaluate("""() => [...document.querySelectorAll("td[dir='rtl']")].filter(cell => {
        const box = cell.getBoundingClientRect();
        return cell.scrollWidth > cell.clientWidth + 1 || box.left < 0 || box.right > window.innerWidth + 1;
    }).map(cell => cell.textContent.slice(0, 40))""")
    assert clipped == [], f"Arabic clipped at 800 px: {clipped}"
    shoot(page, "statements-800.png")
    open_tab(page, "Phase matrix")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.heatmaplayer text, .hm text, g.textpoint text')]
        .map(t => parseFloat(getComputedStyle(t).fontSize))""")
    assert sizes and min(sizes) >= 10, f"matrix labels too small: {sizes[:5]}"
    shoot(page, "matrix-800.png")


def test_browser_csv_download_opens_clean(served: str, page) -> None:
    page.goto(served + "?countries=RUS")
    settled(page)
    open_tab(page, "Statements")
    with page.expect_download(timeout=60_000) as waiting:
        # the server streams it (serve.py); Alt-click downloads the link's target in this tab
        page.get_by_role("link", name=re.compile("as CSV")).click(modifiers=["Alt"])
    data = Path(waiting.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and {"stance_label", "country_name", "source", "url", "document_date"} <= set(rows[0])
    assert "sentence_norm" not in rows[0]
    planted = next(r for r in rows if "evil.example" in r["sentence"])
    assert planted["sentence"].startswith("'=") and planted["speaker"].startswith("'=") and planted["source"].startswith("'@")


def test_browser_other_views(served: str, page) -> None:
    page.goto(served)
    settled(page)
    for tab, name in (("Convergence", "convergence.png"), ("Changes", "changes.png"), ("Volume", "volume.png"),
                      ("Corpus", "corpus.png"), ("Codebook", "codebook.png")):
        open_tab(page, tab)
        assert not page.locator('[data-testid="stException"]').count(), tab
        shoot(page, name)
