"""positions — Streamlit dashboard: how states positioned themselves on Syria, 2015–2016.

Layout only: data comes from ``db.queries`` (aggregated in SQL, cached per database state),
figures from ``dashboard.figures``, escaped HTML from ``dashboard.tables``, the evidence
and review dialogs from ``dashboard.evidence_panel``, the shareable URL state from
``dashboard.state``. Browsing is read-only; analysts' corrections (and uploads) are the
only writes, each an explicit action.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import downloads, figures
from dashboard.bootstrap import ensure_database
from dashboard.drawing import of_topic, timeline_drawing
from dashboard.evidence_panel import Reference, document_view, statement_view, statements_view, why_not_writable
from dashboard.export import csv_bytes, export_rows, json_text
from dashboard.freshness import data_stamp
from dashboard.labels import TOPIC_LABELS, country_name, phase_name, speaker_name, stance_name
from dashboard.state import (
    AGGREGATES,
    ALL_TOPICS,
    CONFIDENCES,
    MORE_FILTERS,
    REPORTED,
    from_query,
    more_filters_set,
    statement_id,
    to_query,
)
from dashboard.tables import changes_table, corrections_table, statements_table
from dashboard.uploads import stage_uploads, upload_report
from db import queries
from db.access import DatabaseUnavailable, open_readonly
from db.gold import bundle_zip, gold_items, gold_jsonl
from db.ingest import ingest_paths

st.set_page_config(page_title="positions — Syria diplomacy", layout="wide")
UPLOAD_TYPES = ["txt", "json", "jsonl", "csv", "zip", "html"]
PAGE_SIZE = 50
DEFINITIONS = json.loads((Path(__file__).parent / "dashboard" / "data" / "definitions.json").read_text(encoding="utf-8"))


@st.cache_resource
def database(path: str):
    """Read-only: browsing never writes, so an ingest running beside it never waits on it."""
    return open_readonly(path)


@st.cache_data(max_entries=512)
def _cached(name: str, path: str, stamp: tuple, *args):
    """Query results per database, its state on disk (``stamp``) and the arguments."""
    return getattr(queries, name)(database(path), *args)


db_path, first_report = ensure_database()
DB = str(db_path)
try:
    database(DB)
except DatabaseUnavailable as error:
    st.error(str(error))
    st.stop()
STAMP = data_stamp(DB)  # a commit by any writer (a CLI ingest, a correction) changes it: no stale data


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def cached(name: str, *args):
    return _cached(name, DB, STAMP, *args)


if first_report is not None:
    st.toast(f"Built the database from the sample corpus: {first_report.stored} documents, "
             f"{first_report.statements} statements.")

countries = {row["code"]: row for row in cached("countries")}
stances = cached("stance_labels")
events = cached("events")
ref = Reference(countries, stances, events)
phase_codes = [e["phase"] for e in events]
options = cached("filter_options")
outlets = {row["source"]: row for row in cached("sources") if row["source"]}
state = from_query({k: st.query_params.get_all(k) for k in st.query_params}, options["countries"])
st.session_state.setdefault("chart_epoch", 0)

st.title("positions")
st.caption("Who said what on Assad's future, the political transition and the negotiations — "
           "extracted from Arabic news, each point backed by its sentence.")
if "flash" in st.session_state:
    st.success(st.session_state.pop("flash"))

with st.sidebar:
    st.header("Filters")
    state.countries = st.multiselect(
        "States", options["countries"], default=state.countries, key="countries",
        format_func=lambda c: f"{country_name(c, countries)} · {countries.get(c, {}).get('name_ar', '')}")
    state.topics = st.multiselect("Topics", list(ALL_TOPICS), default=state.topics, key="topics",
                                  format_func=TOPIC_LABELS.get)
    low = date.fromisoformat(options["date_min"]) if options["date_min"] else date(2015, 7, 1)
    high = date.fromisoformat(options["date_max"]) if options["date_max"] else date(2016, 12, 31)
    chosen = st.date_input("Dates", value=(state.date_from or low, state.date_to or high), key="dates")
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        state.date_from = chosen[0] if chosen[0] != low else None
        state.date_to = chosen[1] if chosen[1] != high else None
    state.search = st.text_input("Search the sentences (Arabic)", value=state.search, key="search",
                                 help="Matches across alef/hamza/yeh/teh-marbuta variants and diacritics; "
                                      f"considers the newest {queries.SEARCH_LIMIT:,} matching statements.")
    # The other filters open from one button: a closed popover's widgets are not drawn, which
    # saves the browser their rendering on every load. The button says which of them are set
    # (the widgets' own latest values, else the URL's), so none acts unseen.
    latest = replace(state, **{k: st.session_state[k] for k in MORE_FILTERS if k in st.session_state})
    more_set = more_filters_set(latest)
    with st.popover(f"More filters · {len(more_set)} set" if more_set else "More filters", width="stretch"):
        state.stances = st.multiselect("Stances", list(stances), default=[s for s in state.stances if s in stances],
                                       key="stances", format_func=lambda s: stance_name(s, stances),
                                       help="What each code means: see the Codebook tab.")
        state.phases = st.multiselect("Phases", phase_codes, default=[p for p in state.phases if p in phase_codes],
                                      key="phases", format_func=lambda p: phase_name(p, events))
        state.speakers = st.multiselect(
            "Speakers", options["speakers"], default=[s for s in state.speakers if s in options["speakers"]],
            key="speakers", format_func=lambda s: speaker_name(s, options["speaker_ar"].get(s)))
        state.sources = st.multiselect(
            "Outlets", list(outlets), default=[s for s in state.sources if s in outlets], key="sources",
            format_func=lambda s: f"{s} ({plural(outlets[s]['documents'], 'document')}, "
                                  f"{plural(outlets[s]['statements'] or 0, 'statement')})")
        state.min_confidence = st.selectbox(
            "Minimum confidence", CONFIDENCES, index=CONFIDENCES.index(state.min_confidence), key="min_confidence",
            format_func=lambda c: "any" if not c else f"{c:.1f} or more", help=DEFINITIONS["terms"]["confidence"])
        state.reported = st.radio("Reported positions", list(REPORTED), index=list(REPORTED).index(state.reported),
                                  format_func=REPORTED.get, key="reported", help=DEFINITIONS["terms"]["reported"])
        state.aggregate = st.radio("Timeline points", list(AGGREGATES),
                                   index=list(AGGREGATES).index(state.aggregate), format_func=AGGREGATES.get,
                                   key="aggregate")
        state.collapse = st.checkbox("Collapse repeats", value=state.collapse, key="collapse",
                                     help="One point per (speaker, topic, stance, date): digests repeat stories.")
    # what the button holds, in view (a help tooltip on the button would cover the open popover)
    st.caption("Set: " + "; ".join(more_set) if more_set else
               "Stances, phases, speakers, outlets, minimum confidence, reported positions, timeline points, "
               "collapse repeats.")
    if st.button("Refresh data", key="refresh", help="Data refreshes by itself after an ingest or a correction; "
                                                     "this clears every cached result."):
        st.cache_data.clear()
        st.rerun()

statement_param = st.query_params.get("statement")
view = to_query(state)
st.query_params.from_dict(view | ({"statement": statement_param} if statement_param is not None else {}))
filters, means = state.filters(), state.filters(aggregate=True)
try:
    counts = cached("filter_counts", filters)  # the total, the undrawn and each chart's, in one pass
except sqlite3.OperationalError:
    st.warning("That search could not be run; showing the other filters without it. "
               "Type plain Arabic words (no quotes or operators needed).")
    state.search = ""
    filters, means = state.filters(), state.filters(aggregate=True)
    counts = cached("filter_counts", filters)
total = counts["total"]
stats = cached("corpus_stats")
left, middle, right = st.columns(3)
left.metric("Statements (filtered)", total)
middle.metric("Statements (all)", stats["statements"])
right.metric("Documents", stats["documents"])
if counts["undated"] or counts["out_of_range"]:
    said = []
    if counts["undated"]:
        said.append(f"{counts['undated']} statement{' has' if counts['undated'] == 1 else 's have'} no date")
    if counts["out_of_range"]:
        n = counts["out_of_range"]
        said.append(f"{n} statement{' is' if n == 1 else 's are'} dated outside {queries.PLOT_FROM[:4]}–"
                    f"{queries.PLOT_TO[:4]} (or on an impossible day)")
    st.caption(" and ".join(said) + ": counted above and listed under Statements, but no chart draws them.")


def close_statement() -> None:
    st.query_params.pop("statement", None)


def close_listing() -> None:
    st.session_state.pop("listing", None)


def on_select(key: str) -> None:
    """A point, a cell or an aggregated point was selected: open what it stands for."""
    event = st.session_state.get(key)
    points = getattr(getattr(event, "selection", None), "points", None) or []
    custom = points[0].get("customdata") if points else None
    if not custom:
        return
    if isinstance(custom[0], (int, float)):
        st.query_params["statement"] = str(int(custom[0]))
        st.session_state.pop("listing", None)
    else:
        st.session_state["listing"] = tuple(custom)
    st.session_state["chart_epoch"] += 1  # a fresh chart: selecting the same point again opens it again


@st.dialog("Evidence", width="large", on_dismiss=close_statement)
def evidence_dialog(selected: int) -> None:
    statement_view(database(DB), DB, selected, ref)


@st.dialog("Statements", width="large", on_dismiss=close_listing)
def listing_dialog(listing: tuple) -> None:
    kind, code, topic, first, *rest = listing
    if kind == "document":
        document_view(database(DB), DB, code, ref)
        return
    if kind == "cell":
        narrowed = replace(means, countries=(code,), topics=(topic,), phases=(first,))
        title = f"{country_name(code, countries)} · {TOPIC_LABELS[topic]} · {phase_name(first, events)}"
    else:
        narrowed = replace(means, countries=(code,), topics=(topic,), date_from=first, date_to=rest[0])
        title = f"{country_name(code, countries)} · {TOPIC_LABELS[topic]} · {first} to {rest[0]}"
    statements_view(database(DB), narrowed, title, ref, view)


if st.session_state.get("listing"):
    listing_dialog(st.session_state["listing"])
elif statement_param is not None:
    selected = statement_id(statement_param)
    if selected is None:
        st.warning("No statement: the link's statement id is not a number this dashboard made.")
    else:
        evidence_dialog(selected)

epoch = st.session_state["chart_epoch"]


def timeline_view() -> None:
    """Per topic, each state's stance over time."""
    if not state.topics:
        st.info("Choose at least one topic.")
    st.caption("Each state's line joins its own statements (daily mean). ● a statement · ◇ a position another "
               "speaker attributes to the state (reported): never joined to its line · a dark ring: reviewed by an "
               "analyst. Points sharing a day and a score are spread within the day. Select a point to read its "
               "evidence; select an aggregated point to list its statements.")
    # one time axis for every topic, so the charts line up: the filter's dates, else the data's
    span = (filters.date_from or options["date_min"], filters.date_to or options["date_max"]) \
        if options["date_min"] else None
    for topic in state.topics:
        drawable = 0 if state.aggregate in ("week", "phase") else counts["drawable"].get(topic, 0)
        drawing = timeline_drawing(state.aggregate, drawable, TOPIC_LABELS[topic])
        if drawing.note:
            st.caption(drawing.note)
        mode = drawing.mode
        if mode in ("week", "phase"):  # every topic's means in one query, each chart taking its own
            rows = of_topic(cached("period_means", means, mode), topic)
        else:
            rows = cached("timeline", state.filters((topic,)), state.collapse)
        if not rows:
            st.info(f"No statements for this filter on {TOPIC_LABELS[topic]}.")
            continue
        key = f"timeline_{topic}_{epoch}"
        st.plotly_chart(figures.timeline_figure(rows, topic, countries, stances, events, span), key=key,
                        on_select=lambda key=key: on_select(key), selection_mode="points", width="stretch")


def matrix_view() -> None:
    """Mean score per state and phase, per topic."""
    matrix = cached("phase_matrix", means)
    st.caption("Mean score per state and phase; n = statements. Red is always the Assad government's side (for "
               "Assad staying, against a transition), blue the other; on negotiations purple rejects talks and "
               "green supports them. Select a cell to list its statements.")
    if not matrix:
        st.info("No statements for this filter.")
    for topic in state.topics:
        if any(r["topic"] == topic for r in matrix):
            key = f"matrix_{topic}_{epoch}"
            st.plotly_chart(figures.phase_matrix_figure(matrix, topic, countries, stances, events), width="stretch",
                            key=key, on_select=lambda key=key: on_select(key), selection_mode="points")


def convergence_view() -> None:
    """The gap between two states' mean positions per phase and topic."""
    pick_left, pick_right = st.columns(2)
    all_codes = sorted(countries, key=lambda c: country_name(c, countries))
    first = pick_left.selectbox("First state", all_codes, index=all_codes.index("USA"), key="first_state",
                                format_func=lambda c: country_name(c, countries))
    second = pick_right.selectbox("Second state", all_codes, index=all_codes.index("RUS"), key="second_state",
                                  format_func=lambda c: country_name(c, countries))
    gaps = cached("convergence", first, second, means)
    if not any(r["gap"] is not None for r in gaps):
        st.info("No phase in which both states took a position on the same topic, for this filter.")
    else:
        st.plotly_chart(figures.convergence_figure(gaps, first, second, countries, events), width="stretch",
                        key="convergence")

        def shown(value: float | None) -> str:
            return "—" if value is None else f"{value:+.2f}"

        st.dataframe(pd.DataFrame([{
            "Topic": TOPIC_LABELS[r["topic"]], "Phase": phase_name(r["phase"], events),
            f"{country_name(first, countries)} mean": shown(r["first_mean"]), "n (first)": r["first_n"],
            f"{country_name(second, countries)} mean": shown(r["second_mean"]), "n (second)": r["second_n"],
            "Gap": "—" if r["gap"] is None else f"{r['gap']:.2f}"} for r in gaps]), width="stretch", hide_index=True)


def changes_view() -> None:
    """Who moved between two phases, with a statement of each end."""
    matrix = cached("phase_matrix", means)
    present = [p for p in phase_codes if any(r["phase"] == p for r in matrix)] or phase_codes
    pick_left, pick_right = st.columns(2)
    before = pick_left.selectbox("From phase", present, index=0, key="change_from",
                                 format_func=lambda p: phase_name(p, events))
    after = pick_right.selectbox("To phase", present, index=len(present) - 1, key="change_to",
                                 format_func=lambda p: phase_name(p, events))
    moved = cached("changes", means, before, after) if before != after else []
    if not moved:
        st.info("No state took a position on the same topic in both phases, for this filter.")
    else:
        st.caption("Each state and topic with statements in both phases: the mean score and most frequent code at "
                   "each end, the shift, and a statement of each end as evidence. Largest shifts first.")
        st.html(changes_table(moved, countries, stances, events, before, after, view))


def explorer_view() -> None:
    """The filtered statements, paged, with their downloads."""
    pages = max(1, -(-total // PAGE_SIZE))
    page = st.number_input("Page", min_value=1, max_value=pages, value=1, key="page")
    rows = cached("statements_page", filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    if not rows:
        st.info("No statements for this filter.")
    else:
        st.caption(f"{total} statements · page {page} of {pages} · newest first")
        st.html(statements_table(rows, countries, stances, events, view))
        if downloads.ROUTES_MOUNTED:  # streamed by the server (serve.py), row by row, however many
            download_left, download_right = st.columns(2)
            download_left.link_button(f"Download the {total} statements as CSV (Excel-ready)",
                                      downloads.link(downloads.CSV_PATH, view))
            download_right.link_button("Download as JSON", downloads.link(downloads.JSON_PATH, view))
        # Without the server's routes (streamlit run app.py): built only on request, in memory.
        elif st.button(f"Prepare a download of the {total} filtered statements", key="prepare_download"):
            records = export_rows(queries.all_statements(database(DB), filters), countries, stances, events)
            download_left, download_right = st.columns(2)
            download_left.download_button("Download CSV (Excel-ready)", csv_bytes(records), "statements.csv",
                                          "text/csv", key="download_csv")
            download_right.download_button("Download JSON", json_text(records), "statements.json",
                                           "application/json", key="download_json")


def volume_view() -> None:
    """Statements per week and per outlet."""
    weekly = cached("weekly_volume", filters)
    if weekly:
        st.plotly_chart(figures.volume_figure(weekly, countries, events), width="stretch", key="volume")
    st.markdown("**Outlets**")
    st.dataframe(pd.DataFrame([{"Outlet": s or "unknown", "Documents": o["documents"],
                                "Statements extracted": o["statements"] or 0}
                               for s, o in ((r["source"], r) for r in cached("sources"))]),
                 width="stretch", hide_index=True)


def corpus_view() -> None:
    """Documents, opening one, and uploads."""
    documents = cached("documents_page", 500, 0)
    if documents:
        st.dataframe(pd.DataFrame(documents)[["name", "date", "date_basis", "source", "n_statements", "title", "url"]],
                     width="stretch", hide_index=True)
        names = {d["id"]: f"{d['name']} · {d['date'] or 'no date'}" for d in documents}
        pick, go = st.columns([4, 1])
        chosen_doc = pick.selectbox("Open a document (to read it or add a statement the extractor missed)",
                                    list(names), format_func=names.get, key="open_document")
        if go.button("Open", key="open_document_button"):
            st.session_state["listing"] = ("document", chosen_doc, "", "")
            st.rerun()
    else:
        st.info("No documents yet: upload some below.")
    cannot_write = why_not_writable(DB)
    uploads = st.file_uploader("Add articles", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploads",
                               disabled=cannot_write is not None)
    st.caption(f"Accepted: {', '.join(UPLOAD_TYPES)}; up to 200 MB per file. Dates come from the files' metadata "
               "(json/csv fields, a meta.jsonl uploaded with them or inside a zip) or are inferred from the text.")
    if cannot_write:
        st.caption(cannot_write)
    if uploads and st.button("Ingest", key="ingest"):
        bar = st.progress(0.0, text="Reading and extracting…")
        with tempfile.TemporaryDirectory() as folder:
            staged, notes = stage_uploads(((u.name, u.getvalue()) for u in uploads), Path(folder))

            def advance(running) -> None:
                bar.progress(min(0.95, len(running.files) / max(1, len(staged))),
                             text=f"{running.documents_seen} documents read, {running.statements} statements")

            report = ingest_paths([folder], Path(DB), workers=1, on_progress=advance)
            st.session_state["upload_report"] = upload_report(report, staged, notes, Path(folder))
        st.cache_data.clear()
        st.rerun()
    if "upload_report" in st.session_state:
        st.code(st.session_state["upload_report"], language=None)


def review_view() -> None:
    """Every correction, and the gold downloads."""
    log = cached("corrections_log")
    st.caption("Analysts' decisions, newest first. A correction wins over the extractor in every chart, table and "
               "download, survives re-ingest and re-extraction, and can be exported as gold statements.")
    if log:
        st.html(corrections_table(log, countries, stances, view))
        in_force = [c for c in log if c["active"]]
        rejected = sum(1 for c in in_force if c["action"] == "reject")
        left, right = st.columns(2)
        # built when clicked (a callable), not on every rerun: the bundle holds whole documents
        left.download_button(f"Gold statements ({len(in_force) - rejected}, gold.jsonl)",
                             lambda: gold_jsonl(gold_items(database(DB))[0]), "gold.jsonl", "application/json",
                             key="download_gold")
        right.download_button("Gold bundle for evaluate (zip: gold, docs, meta)", lambda: bundle_zip(database(DB)),
                              "gold_bundle.zip", "application/zip", key="download_gold_bundle")
        st.caption("Score the extractor on them: unzip, then `python -m positions evaluate --gold gold.jsonl "
                   f"--docs docs --meta meta.jsonl`. Rejections have no gold form ({rejected} left out).")
    else:
        st.info("No corrections yet: open a statement's evidence (select a point or a table row) to confirm, "
                "reject or re-code it, or to add one the extractor missed.")


def codebook_view() -> None:
    """What each code, phase and term means."""
    st.caption("The codebook the extractor and the gold sets follow: what each score means.")
    for topic, about in DEFINITIONS["topics"].items():
        st.markdown(f"**{TOPIC_LABELS[topic]}** — axis: {about['axis']}. {about['meaning']}")
        st.dataframe(pd.DataFrame([{"Score": f"{stances[c]['score']:+d}", "Code": c, "Label": stances[c]["label"],
                                    "Meaning": DEFINITIONS["stances"][c]} for c in ref.codes(topic)]),
                     width="stretch", hide_index=True)
    st.markdown("**Phases**")
    st.dataframe(pd.DataFrame([{"Phase": e["label"], "From": e["start"], "Until": e["end"] or "—",
                                "What happened": DEFINITIONS["phases"].get(e["phase"], "")} for e in events]),
                 width="stretch", hide_index=True)
    st.markdown("**Terms**")
    st.dataframe(pd.DataFrame([{"Term": term, "Meaning": meaning} for term, meaning in DEFINITIONS["terms"].items()]),
                 width="stretch", hide_index=True)


# Only the open tab's view runs (and is sent to the browser): each tab is a rerun away.
VIEWS = {"Timeline": timeline_view, "Phase matrix": matrix_view, "Convergence": convergence_view, "Changes": changes_view,
         "Statements": explorer_view, "Volume": volume_view, "Corpus": corpus_view, "Review": review_view,
         "Codebook": codebook_view}
for tab, view_of_tab in zip(st.tabs(list(VIEWS), key="view", on_change="rerun"), VIEWS.values(), strict=True):
    with tab:
        if tab.open:
            view_of_tab()
