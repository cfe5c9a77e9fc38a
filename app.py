"""positions — Streamlit dashboard: how states positioned themselves on Syria, 2015–2016.

Layout only: data comes from ``db.queries`` (aggregated in SQL, cached when small),
figures from ``dashboard.figures``, the shareable URL state from ``dashboard.state``.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import figures
from dashboard.bootstrap import ensure_database
from dashboard.state import ALL_TOPICS, from_query, to_query
from db import queries
from db.access import DatabaseUnavailable, open_readonly
from db.ingest import ingest_paths

st.set_page_config(page_title="positions — Syria diplomacy", layout="wide")
UPLOAD_TYPES = ["txt", "json", "jsonl", "csv", "zip", "html"]
PAGE_SIZE = 50


@st.cache_resource
def database(path: str):
    """Read-only: the dashboard never writes, so an ingest running beside it never waits on it."""
    return open_readonly(path)


@st.cache_data(ttl=300, max_entries=256)
def cached(name: str, path: str, *args):
    """Small aggregated query results, cached per database and arguments."""
    return getattr(queries, name)(database(path), *args)


db_path, first_report = ensure_database()
DB = str(db_path)
try:
    database(DB)
except DatabaseUnavailable as error:
    st.error(str(error))
    st.stop()
if first_report is not None:
    st.toast(f"Built the database from the sample corpus: {first_report.stored} documents, "
             f"{first_report.statements} statements.")

countries = {row["code"]: row for row in cached("countries", DB)}
stances = cached("stance_labels", DB)
events = cached("events", DB)
phase_names = [e["phase"] for e in events]
options = cached("filter_options", DB)
known = options["countries"]

state = from_query({k: st.query_params.get_all(k) for k in st.query_params}, known)

st.title("positions")
st.caption("Who said what on Assad's future, the political transition and the negotiations — "
           "extracted from Arabic news, each point backed by its sentence.")

with st.sidebar:
    st.header("Filters")
    state.countries = st.multiselect(
        "Countries", known, default=state.countries, key="countries",
        format_func=lambda c: f"{countries.get(c, {}).get('name', c)} · {countries.get(c, {}).get('name_ar', '')}")
    state.topics = st.multiselect("Topics", list(ALL_TOPICS), default=state.topics, key="topics",
                                  format_func=lambda t: figures.TOPIC_LABELS[t])
    state.stances = st.multiselect("Stances", list(stances), default=[s for s in state.stances if s in stances],
                                   key="stances", format_func=lambda s: f"{stances[s]['label']} ({stances[s]['score']:+d})")
    state.phases = st.multiselect("Phases", phase_names, default=[p for p in state.phases if p in phase_names],
                                  key="phases")
    state.speakers = st.multiselect("Speakers", options["speakers"],
                                    default=[s for s in state.speakers if s in options["speakers"]], key="speakers")
    low = date.fromisoformat(options["date_min"]) if options["date_min"] else date(2015, 9, 1)
    high = date.fromisoformat(options["date_max"]) if options["date_max"] else date(2016, 4, 1)
    chosen = st.date_input("Dates", value=(state.date_from or low, state.date_to or high), key="dates")
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        state.date_from = chosen[0] if chosen[0] != low else None
        state.date_to = chosen[1] if chosen[1] != high else None
    state.search = st.text_input("Search the sentences (Arabic)", value=state.search, key="search",
                                 help="Matches across alef/hamza/yeh/teh-marbuta variants and diacritics; "
                                      f"considers the newest {queries.SEARCH_LIMIT:,} matching statements.")
    state.hide_reported = st.checkbox("Hide reported positions", value=state.hide_reported, key="hide_reported",
                                      help="Positions one state attributes to another.")
    state.collapse = st.checkbox("Collapse repeats", value=state.collapse, key="collapse",
                                 help="One point per (speaker, topic, stance, date).")

statement_link = st.query_params.get("statement")
st.query_params.from_dict(to_query(state) | ({"statement": statement_link} if statement_link else {}))
filters = state.filters()
try:
    total = cached("count_statements", DB, filters)
except sqlite3.OperationalError:
    st.warning("That search could not be run; showing the other filters without it. "
               "Type plain Arabic words (no quotes or operators needed).")
    state.search = ""
    filters = state.filters()
    total = cached("count_statements", DB, filters)
stats = cached("corpus_stats", DB)
left, middle, right = st.columns(3)
left.metric("Statements (filtered)", total)
middle.metric("Statements (all)", stats["statements"])
right.metric("Documents", stats["documents"])


def show_evidence(statement_id: int) -> None:
    """The selected statement inside its document, with source and dating."""
    row = queries.statement(database(DB), statement_id)
    if row is None:
        st.info("That statement is no longer in the database.")
        return
    doc = queries.document(database(DB), row["doc_id"]) or {}
    country = countries.get(row["country"], {})
    st.markdown(f"**{row['speaker']}** ({country.get('name', row['country'])}) · {row['date']} · "
                f"{stances.get(row['stance'], {}).get('label', row['stance'])} ({row['score']:+d})"
                + (" · reported position" if row["reported"] else ""))
    st.caption(f"Document: {doc.get('name', row['doc'])} · source: {doc.get('source') or 'unknown'} · "
               f"url: {doc.get('url') or '—'} · document date: {doc.get('date') or 'unknown'} "
               f"({doc.get('date_basis') or 'unknown'}) · statement date basis: {row['date_basis']} · "
               f"cue: {row['cue_text']} · attribution: {row['attribution']} · confidence {row['confidence']:.2f}")
    st.markdown(figures.highlighted_document(doc.get("text", row["sentence"]),
                                             row["char_start"] if doc else 0,
                                             row["char_end"] if doc else len(row["sentence"])),
                unsafe_allow_html=True)


shared = st.query_params.get("statement")
if shared and shared.isdigit():
    with st.expander("Shared statement", expanded=True):
        show_evidence(int(shared))

timeline_tab, matrix_tab, convergence_tab, explorer_tab, corpus_tab = st.tabs(
    ["Timeline", "Phase matrix", "Convergence", "Statements", "Corpus"])

with timeline_tab:
    if not state.topics:
        st.info("Choose at least one topic.")
    for topic in state.topics:
        rows = cached("timeline", DB, state.filters((topic,)), state.collapse)
        if not rows:
            st.info(f"No statements for this filter on {figures.TOPIC_LABELS[topic]}.")
            continue
        figure = figures.timeline_figure(rows, topic, countries, stances, events,
                                         (filters.date_from, filters.date_to))
        if rows[0].get("aggregated"):
            st.caption(f"{figures.TOPIC_LABELS[topic]}: more than {queries.POINT_LIMIT} statements — "
                       "showing daily means per country; narrow the filters to see single statements.")
        event = st.plotly_chart(figure, key=f"timeline_{topic}", on_select="rerun", selection_mode="points",
                                width="stretch")
        points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else \
            getattr(getattr(event, "selection", None), "points", []) or []
        if points:
            custom = points[0].get("customdata")
            if custom:
                show_evidence(int(custom[0]))
                st.caption(f"Link to this statement: add `?statement={int(custom[0])}` to the page address.")
        else:
            st.caption("Select a point to read its sentence in the document.")

with matrix_tab:
    matrix = cached("phase_matrix", DB, filters)
    if not matrix:
        st.info("No statements for this filter.")
    for topic in state.topics:
        if any(r["topic"] == topic for r in matrix):
            st.plotly_chart(figures.phase_matrix_figure(matrix, topic, countries, stances, phase_names),
                            width="stretch", key=f"matrix_{topic}")

with convergence_tab:
    pick_left, pick_right = st.columns(2)
    all_codes = list(countries)
    first = pick_left.selectbox("First state", all_codes, index=all_codes.index("USA"), key="first_state",
                                format_func=lambda c: countries[c]["name"])
    second = pick_right.selectbox("Second state", all_codes, index=all_codes.index("RUS"), key="second_state",
                                  format_func=lambda c: countries[c]["name"])
    gaps = cached("convergence", DB, first, second, state.filters())
    if not any(r["gap"] is not None for r in gaps):
        st.info("No phase in which both states took a position on the same topic, for this filter.")
    else:
        st.plotly_chart(figures.convergence_figure(gaps, first, second, countries, phase_names),
                        width="stretch", key="convergence")
        st.dataframe(pd.DataFrame(gaps), width="stretch", hide_index=True)

with explorer_tab:
    pages = max(1, -(-total // PAGE_SIZE))
    page = st.number_input("Page", min_value=1, max_value=pages, value=1, key="page")
    rows = cached("statements_page", DB, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    if not rows:
        st.info("No statements for this filter.")
    else:
        st.caption(f"{total} statements · page {page} of {pages}")
        st.markdown(figures.evidence_table(rows, countries, stances), unsafe_allow_html=True)
        # Fetched only on request: a download of every field can be large.
        if st.button(f"Prepare a download of the {total} filtered statements", key="prepare_download"):
            everything = queries.all_statements(database(DB), filters)
            download_left, download_right = st.columns(2)
            download_left.download_button("Download CSV", pd.DataFrame(everything).to_csv(index=False).encode("utf-8"),
                                          "statements.csv", "text/csv", key="download_csv")
            download_right.download_button("Download JSON", json.dumps(everything, ensure_ascii=False, indent=1),
                                           "statements.json", "application/json", key="download_json")

with corpus_tab:
    documents = cached("documents_page", DB, 200, 0)
    if documents:
        st.dataframe(pd.DataFrame(documents)[["name", "date", "date_basis", "source", "n_statements", "title", "url"]],
                     width="stretch", hide_index=True)
    else:
        st.info("No documents yet: upload some below.")
    uploads = st.file_uploader("Add articles", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploads")
    st.caption(f"Accepted: {', '.join(UPLOAD_TYPES)}; up to 200 MB per file. Dates come from the files' "
               "metadata (json/csv fields, a meta.jsonl inside a zip) or are inferred from the text.")
    if uploads and st.button("Ingest", key="ingest"):
        bar = st.progress(0.0, text="Reading and extracting…")
        with tempfile.TemporaryDirectory() as folder:
            for upload in uploads:
                (Path(folder) / Path(upload.name).name).write_bytes(upload.getvalue())

            def advance(running) -> None:
                done = len(running.files)
                bar.progress(min(0.95, done / max(1, len(uploads))),
                             text=f"{running.documents_seen} documents read, {running.statements} statements")

            report = ingest_paths([folder], Path(DB), workers=1, on_progress=advance)
        bar.progress(1.0, text="Done")
        st.code(report.render().replace(folder + "/", ""))
        st.cache_data.clear()
