"""The evidence view and the analyst's review: what the app shows inside its dialogs.

Owns the layout of one statement's evidence (the sentence marked in its document, in view
at the top; source, url and dating as text), the review form (confirm, reject, re-code,
withdraw) and the form that adds a statement the extractor missed. Writes go through
``db.corrections`` only, each a short transaction on its own connection; browsing stays
read-only. All article text and metadata reach the page through ``dashboard.tables``
(escaped, ``st.html``), never through Markdown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import sqlite_utils
import streamlit as st

from dashboard.labels import (
    TOPIC_LABELS,
    country_name,
    phase_name,
    review_name,
    role_name,
    speaker_name,
    stance_name,
)
from dashboard.tables import document_html, escape, evidence_html, source_html, statements_table
from db import queries
from db.corrections import Correction, CorrectionError, record_correction, withdraw_correction
from db.queries import Filters
from db.store import StoreError
from positions.sentences import split_sentences

REVIEW_KEYS = ("review_action", "review_country", "review_topic", "review_stance", "review_speaker",
               "review_reported", "review_note", "add_sentence", "add_country", "add_topic", "add_stance",
               "add_speaker", "add_speaker_ar", "add_note")
ACTIONS = {"confirm": "Confirm", "reject": "Reject", "recode": "Re-code"}


@dataclass(frozen=True)
class Reference:
    """The codebook and calendar as the database knows them, for labels and choices."""

    countries: dict[str, dict]
    stances: dict[str, dict]
    events: list[dict]

    def codes(self, topic: str) -> list[str]:
        return sorted((c for c, v in self.stances.items() if v["topic"] == topic), key=lambda c: self.stances[c]["score"])


def why_not_writable(path: str) -> str | None:
    """Why corrections cannot be saved in this database, or None when they can."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        return "This database is read-only here (file or folder not writable): corrections cannot be saved."
    return None


def _can_write(path: str) -> bool:
    """Whether the forms can save here; says why not when they cannot."""
    reason = why_not_writable(path)
    if reason:
        st.info(reason)
    return reason is None


def _forget_review_widgets(owner: str) -> None:
    """Fresh form widgets when another statement or document is opened."""
    if st.session_state.get("review_owner") != owner:
        for key in REVIEW_KEYS:
            st.session_state.pop(key, None)
        st.session_state["review_owner"] = owner


def _saved(message: str, statement_id: int | None = None) -> None:
    st.cache_data.clear()
    st.session_state["flash"] = message
    st.session_state.pop("review_owner", None)
    if statement_id is not None:
        st.query_params["statement"] = str(statement_id)
    st.rerun()


def statement_view(db: sqlite_utils.Database, path: str, statement_id: int, ref: Reference) -> None:
    """One statement's evidence, its review, and adding a statement from its document."""
    row = queries.statement(db, statement_id)
    if row is None:
        st.info(f"No statement {statement_id} in this database: the link may be old (statements are replaced "
                "when documents are extracted again) or mistyped.")
        return
    doc = queries.document(db, row["doc_id"]) or {"text": row["sentence"], "name": row["doc"]}
    found = doc.get("text", "")[row["char_start"]:row["char_end"]] == row["sentence"]
    start, end = (row["char_start"], row["char_end"]) if found else (0, len(row["sentence"]))
    text = doc["text"] if found else row["sentence"]
    _forget_review_widgets(f"statement:{statement_id}")
    st.html(_headline(row, ref, queries.reported_by_speaker(db, row) if row["reported"] else None))
    st.html(evidence_html(text, start, end))
    st.html(source_html(doc))
    st.html(f"<div style='font-size:0.85em;color:#555'>statement date basis: {escape(row['date_basis'])} · "
            f"phase: {escape(phase_name(row['phase'], ref.events))} · cue: <span dir='rtl'>{escape(row['cue_text'])}</span>"
            f" · attribution: {escape(row['attribution'])} · confidence {row['confidence']:.2f} · id {row['id']}</div>")
    with st.expander("The whole document"):
        st.html(document_html(doc.get("text", "")))
    if not _can_write(path):
        return
    st.divider()
    _review_form(path, row, ref)
    st.divider()
    _add_form(path, db, doc if found else None, ref, row)


def _headline(row: dict, ref: Reference, reporter: str | None) -> str:
    speaker = speaker_name(row["speaker"], row["speaker_ar"])
    role = role_name(row["role"])
    country = country_name(row["country"], ref.countries)
    parts = [f"<div style='font-size:1.15em'><b>{escape(speaker)}</b>"
             + (f" — {escape(role)}" if role else "")
             + (f" <span dir='rtl' lang='ar'>({escape(row['speaker_ar'])})</span>" if row["speaker_ar"] != speaker else "")
             + f" · {escape(country)} · {escape(row['date'] or 'no date')}</div>",
             f"<div>{escape(TOPIC_LABELS.get(row['topic'], row['topic']))}: "
             f"<b>{escape(stance_name(row['stance'], ref.stances))}</b></div>"]
    if row["reported"]:
        who = speaker_name(row["reported_by"], reporter) if row.get("reported_by") else "another speaker"
        parts.append(f"<div style='color:#8a4b00'>A reported position: {escape(who)} says this of {escape(country)}. "
                     f"It is not {escape(country)}'s own statement: it is drawn apart from its line and counts in its "
                     "means only when chosen.</div>")
    if row.get("review"):
        was = ""
        if row["review"] == "recode" and row.get("extracted_stance"):
            was = (f" (the extractor coded {escape(country_name(row['extracted_country'], ref.countries))}: "
                   f"{escape(stance_name(row['extracted_stance'], ref.stances))})")
        note = f" — “{escape(row['review_note'])}”" if row.get("review_note") else ""
        parts.append(f"<div style='color:#0b5394'><b>{escape(review_name(row['review']))}</b>{was}{note}</div>")
    return "".join(parts)


def _review_form(path: str, row: dict, ref: Reference) -> None:
    if row.get("review"):
        st.caption(f"{review_name(row['review'])}. A new review replaces it; withdrawing it shows the extractor's "
                   "coding again.")
        if st.button("Withdraw this review", key="review_withdraw"):
            _run_write(lambda: withdraw_correction(path, row["correction_id"]), "Review withdrawn.")
        if row["review"] == "reject":
            return
    action = st.radio("Review this statement", list(ACTIONS), format_func=ACTIONS.get, key="review_action",
                      horizontal=True)
    country, topic, stance, speaker, reported = row["country"], row["topic"], row["stance"], row["speaker"], row["reported"]
    speaker_ar = row["speaker_ar"]
    if action == "recode":
        codes = sorted(ref.countries, key=lambda c: country_name(c, ref.countries))
        left, middle, right = st.columns(3)
        country = left.selectbox("State", codes, index=codes.index(country) if country in codes else 0,
                                 format_func=lambda c: country_name(c, ref.countries), key="review_country")
        topic = middle.selectbox("Topic", list(TOPIC_LABELS), index=list(TOPIC_LABELS).index(topic),
                                 format_func=TOPIC_LABELS.get, key="review_topic")
        options = ref.codes(topic)
        stance = right.selectbox("Stance", options, index=options.index(stance) if stance in options else 0,
                                 format_func=lambda c: stance_name(c, ref.stances), key="review_stance")
        shown = speaker_name(row["speaker"], row["speaker_ar"])
        typed = st.text_input("Speaker", value=shown, key="review_speaker").strip()
        speaker = row["speaker"] if typed == shown else typed
        reported = st.checkbox("Reported: the speaker describes this state's position", value=bool(row["reported"]),
                               key="review_reported")
    note = st.text_area("Note (optional)", key="review_note", max_chars=2000)
    if st.button("Save review", key="review_save", type="primary"):
        correction = Correction(row["doc_id"], row["char_start"], row["char_end"], row["key_country"], row["key_topic"],
                                action, new_country=country, new_topic=topic, new_stance=stance, speaker=speaker,
                                speaker_ar=speaker_ar, date=row["date"], reported=bool(reported), note=note)
        _run_write(lambda: record_correction(path, correction), f"Saved: {ACTIONS[action].lower()}.")


def _run_write(write, message: str) -> None:
    try:
        write()
    except (CorrectionError, StoreError) as error:
        st.error(str(error))
        return
    _saved(message)


def _sentences(text: str) -> dict[str, tuple[int, int]]:
    """The document's sentences as numbered labels (the choice) and their raw spans."""
    out = {}
    for number, span in enumerate(split_sentences(text), start=1):
        snippet = " ".join(text[span.start:span.end].split())
        out[f"{number}. {snippet[:110]}{'…' if len(snippet) > 110 else ''}"] = (span.start, span.end)
    return out


def _add_form(path: str, db: sqlite_utils.Database, doc: dict | None, ref: Reference, near: dict | None = None) -> None:
    """Add a statement the extractor missed, from one of the document's sentences."""
    if not doc or not doc.get("id"):
        return
    st.markdown("**Add a statement the extractor missed**")
    sentences = _sentences(doc["text"])
    if not sentences:
        st.caption("This document has no sentence to choose.")
        return
    labels = list(sentences)
    default = next((i for i, label in enumerate(labels) if near and sentences[label][0] <= near["char_start"]
                    < sentences[label][1]), 0)
    chosen = st.selectbox("Sentence", labels, index=default, key="add_sentence")
    codes = sorted(ref.countries, key=lambda c: country_name(c, ref.countries))
    left, middle, right = st.columns(3)
    country = left.selectbox("State", codes, format_func=lambda c: country_name(c, ref.countries), key="add_country")
    topic = middle.selectbox("Topic", list(TOPIC_LABELS), format_func=TOPIC_LABELS.get, key="add_topic")
    stance = right.selectbox("Stance", ref.codes(topic), format_func=lambda c: stance_name(c, ref.stances),
                             key="add_stance")
    name_left, name_right = st.columns(2)
    speaker = name_left.text_input("Speaker (canonical name)", key="add_speaker")
    speaker_ar = name_right.text_input("Speaker as written (Arabic, optional)", key="add_speaker_ar")
    note = st.text_area("Note (optional)", key="add_note", max_chars=2000)
    if st.button("Add statement", key="add_save"):
        start, end = sentences[chosen]
        correction = Correction(doc["id"], start, end, country, topic, "add", new_country=country, new_topic=topic,
                                new_stance=stance, speaker=speaker, speaker_ar=speaker_ar, note=note)
        try:
            correction_id = record_correction(path, correction)
        except (CorrectionError, StoreError) as error:
            st.error(str(error))
            return
        _saved("Statement added.", queries.statement_of_correction(db, correction_id))


def document_view(db: sqlite_utils.Database, path: str, doc_id: str, ref: Reference) -> None:
    """A whole document with its source, for adding statements to it."""
    doc = queries.document(db, doc_id)
    if doc is None:
        st.info("That document is no longer in the database.")
        return
    _forget_review_widgets(f"document:{doc_id}")
    st.html(source_html(doc))
    st.html(document_html(doc["text"]))
    if _can_write(path):
        _add_form(path, db, doc, ref)


def statements_view(db: sqlite_utils.Database, filters: Filters, title: str, ref: Reference, view: dict,
                    limit: int = 200) -> None:
    """The statements behind a matrix cell or an aggregated point, each linking to its evidence."""
    total = queries.count_statements(db, filters)
    rows = queries.statements_page(db, filters, limit, 0)
    st.markdown(f"**{title}** — {total} statements" + (f" (the newest {limit} listed)" if total > limit else ""))
    if rows:
        st.html(statements_table(rows, ref.countries, ref.stances, ref.events, view))
