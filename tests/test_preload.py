"""The dashboard's page preloads its first view's widget modules, and is otherwise Streamlit's.

``dashboard.preload`` finds the modules by name in Streamlit's static files: each first-view
widget must be found (a Streamlit release that renames one fails here, instead of silently
preloading nothing), every module each imports is preloaded with it, and every link points at
a file Streamlit serves. The page keeps all of Streamlit's own ``index.html``. And the
modules of the app's script, which the server imports at its start, are the script's.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys

from starlette.requests import Request

from dashboard import preload
from tests.conftest import PROJECT

JS = preload.STATIC / "static" / "js"


def test_every_first_view_widget_is_found_with_all_it_imports() -> None:
    found = preload.modules()
    for name in preload.FIRST_VIEW:
        assert any(re.fullmatch(rf"{name}\.[\w\-]+\.js", module) for module in found), name
    assert len(found) == len(set(found))
    for module in found:
        assert (JS / module).is_file()
        assert set(preload.IMPORTED.findall((JS / module).read_text(encoding="utf-8"))) <= set(found), module
    assert not any(module.startswith("PlotlyChart.") for module in found)  # left to Streamlit: see the module's doc


def test_the_page_is_streamlits_with_the_links_added() -> None:
    original = (preload.STATIC / "index.html").read_text(encoding="utf-8")
    page = preload.index_html()
    linked = re.findall(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">', page)
    assert len(linked) == len(set(linked))
    added = [m for m in preload.modules() if f"./static/js/{m}" not in original]  # the rest Streamlit's page loads
    assert added and set(added) <= set(linked)
    assert page.replace("".join(f'<link rel="modulepreload" crossorigin href="./static/js/{m}">\n' for m in added),
                        "") == original


def test_the_route_serves_the_page_uncached() -> None:
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b"statement=3"})
    response = asyncio.run(preload.index(request))
    assert response.body.decode("utf-8") == preload.index_html()
    assert response.headers["cache-control"] == "no-cache"
    assert response.media_type == "text/html"


def test_the_scripts_imports_are_imported_as_its_statements_would() -> None:
    """serve.py imports app.py's modules at its start; submodules named by a ``from`` too."""
    check = ("import sys; from pathlib import Path; from dashboard import preload\n"
             "assert 'dashboard.figures' not in sys.modules and 'db.ingest' not in sys.modules\n"
             "names = preload.import_script_modules(Path('app.py'))\n"
             "assert {'dashboard.figures', 'dashboard.tables', 'db.ingest', 'pandas'} <= set(sys.modules), names\n"
             "assert 'dashboard.state' in names and 'dashboard.figures' not in names  # named as the script names them")
    subprocess.run([sys.executable, "-c", check], cwd=PROJECT, check=True)
