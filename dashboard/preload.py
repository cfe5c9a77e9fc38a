"""The dashboard's page, asking the browser for its first view's widget code as the page loads.

Streamlit's page fetches an element's JavaScript only when the element first arrives over the
websocket: on a first load the sidebar's widgets and the metrics asked for some forty modules about
three seconds in, once the server was running the script, and the server, busy with it, took
up to 1.5 s to send them (one profile at a million statements, load 7). This page is
Streamlit's own ``index.html`` with a ``modulepreload`` link for each module of those widgets
and every module they import, so the browser has them before the script's first element
arrives, fetched while the server is idle. Not the plotly chart's (4.7 MB): preloading it
delayed Streamlit's own start (its websocket opened 0.8 s later in a profile) and its first
loads were no faster (README, Scale). The modules are found in Streamlit's static files by
name (each name carries a hash that changes with Streamlit's release) and by following their
``import`` statements; a name not found preloads nothing, and the page works as Streamlit's.
Mounted at ``/`` by ``serve.py``; every other path is Streamlit's. Also what the server does at
its start so that a new server's first page load does not: build this page, and import the
modules the page's script imports.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path

import streamlit
from starlette.requests import Request
from starlette.responses import HTMLResponse

STATIC = Path(streamlit.__file__).parent / "static"
# the widgets and metrics of the first view (app.py's sidebar and counts), as Streamlit names their modules
FIRST_VIEW = ("Multiselect", "DateInput", "TextInput", "Button", "Metric")
IMPORTED = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.\-]+\.js)"')  # static imports between chunks, not import()


def modules(names: tuple[str, ...] = FIRST_VIEW, folder: Path = STATIC / "static" / "js") -> list[str]:
    """The module files of ``names`` (``Name.<hash>.js``) and all they import, each once, entries first."""
    pending = [path.name for name in names for path in sorted(folder.glob(f"{name}.*.js"))]
    found: list[str] = []
    while pending:
        name = pending.pop(0)
        if name in found or not (folder / name).is_file():
            continue
        found.append(name)
        pending.extend(IMPORTED.findall((folder / name).read_text(encoding="utf-8")))
    return found


@cache
def index_html() -> str:
    """Streamlit's ``index.html`` with a ``modulepreload`` link for each first-view module it lacks."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    links = "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">\n'
                    for name in modules() if f"./static/js/{name}" not in page)
    return page.replace("</head>", links + "</head>", 1)


async def index(request: Request) -> HTMLResponse:
    return HTMLResponse(index_html(), headers={"Cache-Control": "no-cache"})


def import_script_modules(script: Path) -> list[str]:
    """Import what ``script`` imports at its top level (as its ``import`` statements would), and name it.

    Called at the server's start: otherwise the script's first run, a new server's first page
    load, imports them.
    """
    names = []
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)
                names.append(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            __import__(node.module, fromlist=[alias.name for alias in node.names])  # and submodules named so
            names.append(node.module)
    return names
