"""AppTest smoke and filter tests of app.py against a database built from the sample corpus."""

import json
import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest import open_view
from tests.conftest import PROJECT

APP = str(PROJECT / "app.py")


@pytest.fixture
def app(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    copy = tmp_path / "app.db"
    shutil.copy(sample_db, copy)
    monkeypatch.setenv("POSITIONS_DB", str(copy))
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(APP, default_timeout=60)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_app_shows_timelines_with_event_markers(app: AppTest) -> None:
    at = app.run()
    assert not at.exception
    timelines = [c for c in charts(at) if c["layout"].get("yaxis", {}).get("ticktext")]
    assert len(timelines) == 3
    assert any("Vienna II" in str(a.get("text")) for a in timelines[0]["layout"]["annotations"])


def test_app_country_filter_updates_chart_and_url(app: AppTest) -> None:
    at = app.run()
    at.multiselect(key="countries").set_value(["RUS"]).run()
    assert not at.exception
    names = {trace["name"] for chart in charts(at) if chart["layout"].get("yaxis", {}).get("ticktext")
             for trace in chart["data"] if trace.get("showlegend", True)}
    assert names == {"Russia"}
    assert at.query_params["countries"] == ["RUS"] or at.query_params["countries"] == "RUS"


def test_app_topic_and_search_filters(app: AppTest) -> None:
    at = app.run()
    before = int(at.metric[0].value)
    at.multiselect(key="topics").set_value(["assad_future"]).run()
    at.text_input(key="search").set_value("الأسد").run()
    assert not at.exception
    assert 0 < int(at.metric[0].value) < before


def test_app_empty_filter_says_so(app: AppTest) -> None:
    at = app.run()
    at.text_input(key="search").set_value("كلمةلاتوجد").run()
    assert not at.exception
    assert any("No statements for this filter" in info.value for info in at.info)


def test_app_url_restores_view(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "app.db"
    shutil.copy(sample_db, copy)
    monkeypatch.setenv("POSITIONS_DB", str(copy))
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["countries"] = ["IRN"]
    at.query_params["topics"] = ["negotiations"]
    at.run()
    assert not at.exception
    assert at.multiselect(key="countries").value == ["IRN"]
    assert at.multiselect(key="topics").value == ["negotiations"]


def test_app_database_env_is_respected(app: AppTest) -> None:
    assert os.environ["POSITIONS_DB"].endswith("app.db")


def test_app_phase_matrix_and_convergence(app: AppTest) -> None:
    at = open_view(app.run(), "Phase matrix")
    heatmaps = [c for c in charts(at) if c["data"] and c["data"][0].get("type") == "heatmap"]
    assert heatmaps, "phase matrix missing"
    open_view(at, "Convergence")
    at.selectbox(key="first_state").set_value("IRN").run()
    at.selectbox(key="second_state").set_value("USA").run()
    assert not at.exception


def test_app_explorer_pages_and_downloads(app: AppTest) -> None:
    at = open_view(app.run(), "Statements")
    assert len(at.get("download_button")) == 0  # prepared on request only
    at.button(key="prepare_download").click().run()
    assert len(at.get("download_button")) == 2
    at.number_input(key="page").set_value(2).run()
    assert not at.exception


def test_app_stance_phase_and_date_filters(app: AppTest) -> None:
    at = app.run()
    total = int(at.metric[0].value)
    at.multiselect(key="stances").set_value(["talks_support"]).run()
    support = int(at.metric[0].value)
    at.multiselect(key="phases").set_value(["vienna_1"]).run()
    in_phase = int(at.metric[0].value)
    assert total > support >= in_phase > 0
    from datetime import date
    at.date_input(key="dates").set_value((date(2015, 11, 1), date(2015, 11, 5))).run()
    assert not at.exception and int(at.metric[0].value) <= in_phase
    assert at.query_params["from"] in ("2015-11-01", ["2015-11-01"])


def test_app_hide_reported_and_collapse(app: AppTest) -> None:
    at = app.run()
    at.radio(key="reported").set_value("separate").run()
    total = int(at.metric[0].value)
    at.radio(key="reported").set_value("hide").run()
    at.checkbox(key="collapse").check().run()
    assert not at.exception and int(at.metric[0].value) <= total


def test_app_statement_permalink_shows_evidence(app: AppTest) -> None:
    at = app
    at.query_params["statement"] = "1"
    at.run()
    assert not at.exception
    assert any("<mark>" in block.proto.body for block in at.get("html"))


def test_app_article_text_is_never_markup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from db.ingest import ingest_paths

    article = tmp_path / "evil.txt"
    article.write_text("<script>alert(1)</script><img src=x onerror=alert(1)>\n"
                       "وقال لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد.", encoding="utf-8")
    db = tmp_path / "evil.db"
    ingest_paths([str(article)], db, workers=1)
    monkeypatch.setenv("POSITIONS_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["statement"] = "1"
    at.query_params["countries"] = ["RUS"]
    at.run()
    assert not at.exception
    html = "".join(md.value for md in at.markdown) + "".join(block.proto.body for block in at.get("html"))
    assert "&lt;script&gt;" in html and "<script>" not in html and "<img" not in html


def more_filters(at: AppTest) -> tuple[str, list[str]]:
    """The sidebar's "More filters" button label, and its "Set: …" caption if any."""
    popover = next(block for block in at.sidebar.children.values() if getattr(block, "type", None) == "popover")
    return popover.proto.popover.label, [c.value for c in at.sidebar.caption if c.value.startswith("Set: ")]


def test_app_more_filters_say_which_are_set(app: AppTest) -> None:
    """The less-used filters open from one button (not drawn until opened: a faster first load);
    a caption under it names them, and once some are set the button counts them and the caption
    names those set, from the URL or just now."""
    at = app.run()
    assert more_filters(at) == ("More filters", [])
    assert any(c.value.startswith("Stances, phases, speakers, outlets") for c in at.sidebar.caption)  # in view
    at.multiselect(key="stances").set_value(["talks_support"]).run()
    at.radio(key="reported").set_value("separate").run()
    assert not at.exception
    assert more_filters(at) == ("More filters · 2 set", ["Set: stances (1); reported positions apart"])
    shared = AppTest.from_file(APP, default_timeout=60)
    shared.query_params["phases"] = "vienna_1"
    shared.query_params["aggregate"] = "week"
    shared.run()
    assert not shared.exception
    assert more_filters(shared) == ("More filters · 2 set", ["Set: phases (1); weekly means"])
    assert shared.multiselect(key="phases").value == ["vienna_1"]
