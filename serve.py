"""The dashboard's web server: Streamlit running app.py, plus the streamed download routes.

    .venv/bin/python -m streamlit run serve.py      # what `make dashboard` runs

Streamlit's ASGI app (``st.App``) serves the page exactly as ``streamlit run app.py`` does, and
mounts ``dashboard.downloads``' routes beside it, so a download of every filtered statement
streams from the database instead of being built in memory, and serves the page itself from
``dashboard.preload`` (Streamlit's page, fetching the first view's widget code early), which it
builds at the start, with the app's imports. Owns nothing else.
"""

from pathlib import Path

import streamlit as st
from starlette.routing import Route

from dashboard import downloads, preload

downloads.ROUTES_MOUNTED = True
# done at the start, not on a new server's first page load: the page, and the script's imports
preload.index_html()
preload.import_script_modules(Path(__file__).with_name("app.py"))
app = st.App("app.py", routes=[Route("/", preload.index),
                               Route("/" + downloads.CSV_PATH, downloads.statements_csv),
                               Route("/" + downloads.JSON_PATH, downloads.statements_json)])
