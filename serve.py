"""The dashboard's web server: Streamlit running app.py, plus the streamed download routes.

    .venv/bin/python -m streamlit run serve.py      # what `make dashboard` runs

Streamlit's ASGI app (``st.App``) serves the page exactly as ``streamlit run app.py`` does, and
mounts ``dashboard.downloads``' routes beside it, so a download of every filtered statement
streams from the database instead of being built in memory, and serves the page itself from
``dashboard.preload`` (Streamlit's page, fetching the first view's code early). Owns nothing else.
"""

import streamlit as st
from starlette.routing import Route

from dashboard import downloads, preload

downloads.ROUTES_MOUNTED = True
app = st.App("app.py", routes=[Route("/", preload.index),
                               Route("/" + downloads.CSV_PATH, downloads.statements_csv),
                               Route("/" + downloads.JSON_PATH, downloads.statements_json)])
