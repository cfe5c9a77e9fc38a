"""Helpers for AppTest runs of app.py: a fresh app on a given database, and what it shows."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT

APP = str(PROJECT / "app.py")


def new_app(monkeypatch: pytest.MonkeyPatch, database: Path, **params: str | list[str]) -> AppTest:
    """An AppTest of app.py on ``database`` with the given URL parameters (not yet run)."""
    monkeypatch.setenv("POSITIONS_DB", str(database))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def open_view(at: AppTest, label: str) -> AppTest:
    """Open a tab (only the open tab's view runs) and rerun, as a click on it does."""
    at.session_state["view"] = label
    return at.run()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def timelines(at: AppTest) -> list[dict]:
    return [c for c in charts(at) if c["layout"].get("meta", {}).get("kind") == "timeline"
            or c["layout"].get("yaxis", {}).get("ticktext")]


def shown_text(at: AppTest) -> str:
    """Everything the page shows as text: elements, widget labels and options, chart specs."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "text", "info", "warning", "error", "success", "code", "html", "title",
                 "header", "subheader", "metric", "toast"):
        for element in at.get(kind):
            proto = element.proto
            parts.append(str(getattr(element, "value", "")) + " " + str(proto))
    for kind in ("multiselect", "selectbox", "radio"):
        for widget in at.get(kind):
            parts.append(str(widget.proto))
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    parts += [json.dumps(c, ensure_ascii=False) for c in charts(at)]
    return "\n".join(parts)


def download_bytes(button) -> bytes:
    """The bytes behind a download button, from the runtime's in-memory media storage."""
    file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
    for manager in (o for o in gc.get_objects() if isinstance(o, MediaFileManager)):
        try:
            return manager._storage.get_file(file_id).content
        except Exception:  # noqa: BLE001 - another manager's storage
            continue
    raise LookupError(f"no media file {file_id}")
