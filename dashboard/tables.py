"""Escaped HTML for the dashboard's tables and evidence, shown with ``st.html``.

Owns every piece of HTML that carries article text or metadata. All of it goes through
``html.escape`` and is shown with ``st.html``, which does not read Markdown, so a planted
``![x](http://…)`` or ``[x](javascript:…)`` in an article, its source or its url is shown
as the characters it is. A url becomes a link only when it is http(s). Arabic cells are
right-to-left and wrap (fixed table layout), so nothing is clipped on a narrow screen.
Links to a statement keep the current view's URL parameters and add ``statement=ID``.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from dashboard.labels import REVIEW_MARKS, TOPIC_LABELS, country_name, phase_name, review_name, speaker_name, stance_name

TABLE = ("<table style='width:100%;table-layout:fixed;border-collapse:collapse;font-size:0.9em'>")
CELL = "style='padding:4px 6px;border-bottom:1px solid #eee;vertical-align:top;overflow-wrap:break-word'"
ARABIC_CELL = ("dir='rtl' lang='ar' style='padding:4px 6px;border-bottom:1px solid #eee;vertical-align:top;"
               "text-align:right;overflow-wrap:anywhere;line-height:1.7'")


def escape(text: object) -> str:
    return html.escape("" if text is None else str(text))


def statement_href(statement_id: int, view: dict[str, list[str] | str]) -> str:
    """A relative link to one statement's evidence, in the current view."""
    params = {k: v for k, v in view.items() if k != "statement"} | {"statement": str(statement_id)}
    return "?" + urlencode(params, doseq=True)


def _link(statement_id: int, view: dict, text: str = "evidence") -> str:
    return (f"<a href='{escape(statement_href(statement_id, view))}' target='_self' title='open the evidence'"
            f" data-statement='{statement_id}'>{escape(text)}</a>")


def statements_table(rows: list[dict], countries: dict[str, dict], stances: dict[str, dict], events: list[dict],
                     view: dict) -> str:
    """Statements as an escaped HTML table; each row links to its evidence (↗)."""
    head = (f"<colgroup><col style='width:27%'><col style='width:21%'><col style='width:46%'><col style='width:6%'>"
            f"</colgroup><tr><th {CELL}>who, when</th><th {CELL}>position</th>"
            f"<th {CELL} style='text-align:right'>sentence</th><th {CELL}></th></tr>")
    body = []
    for r in rows:
        colour = escape(countries.get(r["country"], {}).get("colour", "#000"))
        notes = []
        if r["reported"]:
            notes.append("<i>reported by another speaker</i>")
        if r.get("review"):
            notes.append(f"<b>{escape(REVIEW_MARKS.get(r['review'], ''))} {escape(review_name(r['review']))}</b>")
        speaker = speaker_name(r["speaker"], r["speaker_ar"])
        written = f"<br><span dir='rtl' lang='ar'>{escape(r['speaker_ar'])}</span>" if r["speaker_ar"] != speaker else ""
        body.append(
            f"<tr><td {CELL}><span style='color:{colour}'>■</span> <b>{escape(country_name(r['country'], countries))}</b>"
            f"<br>{escape(speaker)}{written}<br><small>{escape(r['date'] or 'no date')} · "
            f"{escape(phase_name(r['phase'], events))}</small></td>"
            f"<td {CELL}>{escape(TOPIC_LABELS.get(r['topic'], r['topic']))}:<br>{escape(stance_name(r['stance'], stances))}"
            f"{'<br>' + '<br>'.join(notes) if notes else ''}</td>"
            f"<td {ARABIC_CELL}>{escape(r['sentence'])}</td>"
            f"<td {CELL}>{_link(r['id'], view, '↗')}</td></tr>")
    return TABLE + head + "".join(body) + "</table>"


def changes_table(rows: list[dict], countries: dict[str, dict], stances: dict[str, dict], events: list[dict],
                  before: str, after: str, view: dict) -> str:
    """Who moved between two phases, with a statement of each end as evidence."""
    head = (f"<tr><th {CELL}>state · topic</th><th {CELL}>{escape(phase_name(before, events))}</th>"
            f"<th {CELL}></th><th {CELL}>{escape(phase_name(after, events))}</th><th {CELL}>shift</th></tr>")

    def end(score: float, code: str | None, n: int, example: dict | None) -> str:
        label = stance_name(code, stances, with_score=False) if code else "no single most frequent code"
        cell = f"<b>{score:+.2f}</b> · {escape(label)} · n={n}"
        if example:
            cell += (f"<div {ARABIC_CELL}>{escape(example['sentence'][:220])}</div>"
                     f"<small>{escape(speaker_name(example['speaker'], example['speaker_ar']))}, {escape(example['date'])} · "
                     f"{_link(example['id'], view)}</small>")
        return cell

    body = [f"<tr><td {CELL}><span style='color:{escape(countries.get(r['country'], {}).get('colour', '#000'))}'>■</span> "
            f"{escape(country_name(r['country'], countries))}<br>{escape(TOPIC_LABELS.get(r['topic'], r['topic']))}</td>"
            f"<td {CELL}>{end(r['from_score'], r['from_stance'], r['from_n'], r['from_evidence'])}</td><td {CELL}>→</td>"
            f"<td {CELL}>{end(r['to_score'], r['to_stance'], r['to_n'], r['to_evidence'])}</td>"
            f"<td {CELL}><b>{r['shift']:+.2f}</b></td></tr>" for r in rows]
    return TABLE + "<colgroup><col style='width:16%'><col style='width:38%'><col style='width:3%'>" \
        "<col style='width:35%'><col style='width:8%'></colgroup>" + head + "".join(body) + "</table>"


def corrections_table(rows: list[dict], countries: dict[str, dict], stances: dict[str, dict], view: dict) -> str:
    """The corrections log: what each analyst decision changed, newest first."""
    head = (f"<tr><th {CELL}>when</th><th {CELL}>decision</th><th {CELL}>coded as</th><th {CELL}>now</th>"
            f"<th {CELL}>note</th><th {CELL} style='text-align:right'>sentence</th></tr>")
    body = []
    for r in rows:
        now = "" if r["action"] == "reject" else (f"{escape(country_name(r['new_country'], countries))}: "
                                                  f"{escape(stance_name(r['new_stance'], stances))}")
        state = "" if r["active"] else " <small>(superseded or withdrawn)</small>"
        body.append(f"<tr><td {CELL}>{escape(r['created_at'])}</td><td {CELL}>{escape(review_name(r['action']))}{state}</td>"
                    f"<td {CELL}>{escape(country_name(r['country'], countries))} · "
                    f"{escape(TOPIC_LABELS.get(r['topic'], r['topic']))}</td><td {CELL}>{now}</td>"
                    f"<td {CELL}>{escape(r['note'])}</td><td {ARABIC_CELL}>{escape(r['sentence'][:300])}</td></tr>")
    return TABLE + head + "".join(body) + "</table>"


def evidence_html(text: str, start: int, end: int, before: int = 500, after: int = 1500) -> str:
    """The sentence marked in its document, with a little context first so it opens in view."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    cut = max(0, start - before)
    if cut:
        paragraph = text.rfind("\n", cut, start)
        cut = paragraph + 1 if paragraph >= 0 else text.find(" ", cut, start) + 1
    stop = min(len(text), end + after)
    body = (("…" if cut else "") + escape(text[cut:start]) + "<mark>" + escape(text[start:end]) + "</mark>"
            + escape(text[end:stop]) + ("…" if stop < len(text) else ""))
    return ('<div dir="rtl" lang="ar" style="text-align:right;line-height:1.9;white-space:pre-wrap;'
            'border:1px solid #ddd;padding:0.8em;border-radius:6px;overflow-wrap:anywhere">' + body + "</div>")


def document_html(text: str) -> str:
    """A whole document, escaped, right-to-left."""
    return ('<div dir="rtl" lang="ar" style="text-align:right;line-height:1.9;white-space:pre-wrap;'
            'overflow-wrap:anywhere">' + escape(text) + "</div>")


def source_html(doc: dict) -> str:
    """Where a document comes from, as text; its url is a link only when it is http(s)."""
    url = doc.get("url") or ""
    if url.lower().startswith(("http://", "https://")):
        shown_url = f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer nofollow'>{escape(url)}</a>"
    else:
        shown_url = escape(url or "—")
    fields = [("source", doc.get("source") or "unknown"), ("title", doc.get("title") or "—"),
              ("document", doc.get("name")), ("document date",
                                             f"{doc.get('date') or 'unknown'} ({doc.get('date_basis') or 'unknown'})")]
    items = "".join(f"<div><b>{escape(k)}:</b> <span dir='auto'>{escape(v)}</span></div>" for k, v in fields)
    return f"<div style='font-size:0.9em;color:#333'>{items}<div><b>url:</b> {shown_url}</div></div>"
