"""Plotly figures and safe HTML for the dashboard, built from query rows.

Owns presentation only: colours fixed per country, phase bands, event markers, hover
text with Arabic kept on its own right-to-left line. Takes rows from ``db.queries``;
runs no query itself. Every piece of article text is HTML-escaped before it reaches
the page.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

import plotly.graph_objects as go

RLM = "\u200f"
PHASE_FILLS = ("rgba(120,120,120,0.06)", "rgba(120,120,120,0.0)")
TOPIC_LABELS = {"assad_future": "Assad's future", "transition": "Political transition", "negotiations": "Negotiations"}


def wrap_arabic(text: str, width: int = 70) -> str:
    """Break a long Arabic sentence into lines for hover boxes, each marked right-to-left."""
    words, lines, current = text.split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width and current:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return "<br>".join(RLM + html.escape(line) for line in lines[:8]) + ("<br>…" if len(lines) > 8 else "")


def _daily_trace(code: str, info: dict, points: list[dict]) -> go.Scatter:
    """Daily mean score of one state; marker area grows with the number of statements."""
    hover = [f"<b>{html.escape(info.get('name', code))}</b> {RLM}{html.escape(info.get('name_ar', ''))}<br>"
             f"{p['date']}<br>mean score {p['score']:+.2f} over {p['n']} statements" for p in points]
    biggest = max(p["n"] for p in points)
    return go.Scatter(
        x=[p["date"] for p in points], y=[p["score"] for p in points], name=info.get("name", code),
        mode="lines+markers", line={"shape": "hv", "color": info.get("colour"), "width": 2},
        marker={"size": [5 + 13 * (p["n"] / biggest) ** 0.5 for p in points]},
        hovertext=hover, hoverinfo="text")


def _axis_labels(topic: str, stances: dict[str, dict]) -> tuple[list[int], list[str]]:
    codes = sorted((v["score"], v["label"]) for v in stances.values() if v["topic"] == topic)
    return [score for score, _ in codes], [f"{label} ({score:+d})" for score, label in codes]


def timeline_figure(rows: list[dict], topic: str, countries: dict[str, dict], stances: dict[str, dict],
                    events: list[dict], date_range: tuple[str, str] | None = None) -> go.Figure:
    """Stance over time per country: step lines, a marker per statement, phases and events."""
    figure = go.Figure()
    by_country: dict[str, list[dict]] = {}
    for row in rows:
        if row["topic"] == topic and row["date"]:
            by_country.setdefault(row["country"], []).append(row)
    aggregated = bool(rows) and bool(rows[0].get("aggregated"))
    for code, points in sorted(by_country.items()):
        info = countries.get(code, {})
        if aggregated:
            figure.add_trace(_daily_trace(code, info, sorted(points, key=lambda r: r["date"])))
            continue
        points.sort(key=lambda r: (r["date"], r["id"]))
        hover = [
            f"<b>{html.escape(info.get('name', code))}</b> {RLM}{html.escape(info.get('name_ar', ''))}<br>"
            f"{html.escape(p['speaker'])} — {html.escape(p['role'] or '')}<br>{p['date']}<br>"
            f"<i>{html.escape(stances.get(p['stance'], {}).get('label', p['stance']))}</i> ({p['score']:+d})"
            f"{' · reported' if p['reported'] else ''}{' · ×' + str(p['repeats']) if p.get('repeats', 1) > 1 else ''}<br>"
            f"{wrap_arabic(p['sentence'])}"
            for p in points
        ]
        figure.add_trace(go.Scatter(
            x=[p["date"] for p in points], y=[p["score"] for p in points], name=f"{info.get('name', code)}",
            mode="lines+markers", line={"shape": "hv", "color": info.get("colour"), "width": 2},
            marker={"size": 9, "symbol": ["circle-open" if p["reported"] else "circle" for p in points],
                    "line": {"width": 1}},
            customdata=[[p["id"]] for p in points], hovertext=hover, hoverinfo="text",
        ))
    tick_values, tick_text = _axis_labels(topic, stances)
    dates = sorted(r["date"] for points in by_country.values() for r in points)
    x_range = _padded_range(dates[0], dates[-1]) if dates else None
    _add_phases(figure, [e for e in events if not x_range or (e["start"] <= x_range[1] and (e["end"] or "9999") >= x_range[0])],
                x_range)
    figure.update_layout(
        title=TOPIC_LABELS.get(topic, topic), height=420, margin={"l": 10, "r": 10, "t": 60, "b": 10},
        yaxis={"tickvals": tick_values, "ticktext": tick_text, "range": [min(tick_values) - 0.5, max(tick_values) + 0.5],
               "zeroline": True},
        xaxis={"type": "date", "range": list(x_range) if x_range else None}, hoverlabel={"align": "right", "font": {"size": 13}},
        legend={"orientation": "h", "y": -0.15}, clickmode="event+select",
    )
    return figure


def _padded_range(first: str, last: str, days: int = 7) -> tuple[str, str]:
    """The data's date range widened a little, so points at the edges stay visible."""
    start = date.fromisoformat(first) - timedelta(days=days)
    end = date.fromisoformat(last) + timedelta(days=days)
    return start.isoformat(), end.isoformat()


def _add_phases(figure: go.Figure, events: list[dict], date_range: tuple[str, str] | None) -> None:
    """Phase bands (alternating shade) and a dashed line per event, labels staggered."""
    if not events:
        return
    last_end = date_range[1] if date_range and date_range[1] else None
    for index, event in enumerate(events):
        start = max(event["start"], date_range[0]) if date_range else event["start"]
        end = event["end"] or last_end or (date.fromisoformat(start) + timedelta(days=30)).isoformat()
        if end < start:
            continue
        figure.add_vrect(x0=start, x1=end, fillcolor=PHASE_FILLS[index % 2], line_width=0, layer="below")
        if event["marker"] and start == event["start"]:
            figure.add_vline(x=start, line_dash="dash", line_color="rgba(60,60,60,0.55)", line_width=1)
        # labels alternate between two rows so nearby events do not overlap
        figure.add_annotation(x=start, y=1.0 + (0.07 if index % 2 else 0.0), yref="paper", text=event["label"],
                              showarrow=False, xanchor="left", font={"size": 10, "color": "#444"})


def phase_matrix_figure(rows: list[dict], topic: str, countries: dict[str, dict], stances: dict[str, dict],
                        phases: list[str]) -> go.Figure:
    """Countries × phases: mean score as colour; each cell says its dominant code and n."""
    cells = [r for r in rows if r["topic"] == topic]
    present = sorted({r["country"] for r in cells}, key=lambda c: (not countries.get(c, {}).get("core"), c))
    used_phases = [p for p in phases if any(r["phase"] == p for r in cells)]
    index = {(r["country"], r["phase"]): r for r in cells}
    z, text = [], []
    for country in present:
        z.append([index[(country, p)]["mean_score"] if (country, p) in index else None for p in used_phases])
        text.append([
            f"{stances.get(index[(country, p)]['dominant'], {}).get('label', '')}<br>n={index[(country, p)]['n']}"
            if (country, p) in index else "" for p in used_phases])
    figure = go.Figure(go.Heatmap(
        z=z, x=used_phases, y=[f"{countries.get(c, {}).get('name', c)} {RLM}{countries.get(c, {}).get('name_ar', '')}" for c in present],
        text=text, texttemplate="%{text}", colorscale="RdBu", zmid=0, zmin=-2, zmax=2,
        colorbar={"title": "mean score"}, hovertemplate="%{y} · %{x}<br>mean %{z}<br>%{text}<extra></extra>",
    ))
    figure.update_layout(title=f"{TOPIC_LABELS.get(topic, topic)}: mean stance per phase", height=120 + 45 * max(1, len(present)),
                         margin={"l": 10, "r": 10, "t": 50, "b": 10}, yaxis={"autorange": "reversed"})
    return figure


def convergence_figure(rows: list[dict], first: str, second: str, countries: dict[str, dict],
                       phases: list[str]) -> go.Figure:
    """Mean positions of two states per phase for each topic, and the gap between them."""
    figure = go.Figure()
    order = {p: i for i, p in enumerate(phases)}
    rows = sorted(rows, key=lambda r: (r["topic"], order.get(r["phase"], 99)))
    for topic in TOPIC_LABELS:
        topic_rows = [r for r in rows if r["topic"] == topic and r["gap"] is not None]
        if topic_rows:
            figure.add_trace(go.Scatter(x=[r["phase"] for r in topic_rows], y=[r["gap"] for r in topic_rows],
                                        mode="lines+markers", name=f"gap: {TOPIC_LABELS[topic]}"))
    figure.update_layout(
        title=f"Gap between {countries.get(first, {}).get('name', first)} and {countries.get(second, {}).get('name', second)}"
              " (|mean score difference|, 0 = same position)",
        yaxis={"title": "gap", "rangemode": "tozero"}, xaxis={"categoryorder": "array", "categoryarray": phases},
        height=380, margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return figure


def highlighted_document(text: str, start: int, end: int) -> str:
    """The document as escaped right-to-left HTML with the evidence sentence marked."""
    before, sentence, after = text[:start], text[start:end], text[end:]
    context_before = before[-1500:]
    context_after = after[:1500]
    body = (("…" if len(before) > 1500 else "") + html.escape(context_before) + "<mark>" + html.escape(sentence)
            + "</mark>" + html.escape(context_after) + ("…" if len(after) > 1500 else ""))
    return ('<div dir="rtl" lang="ar" style="text-align:right;line-height:1.9;white-space:pre-wrap;'
            'max-height:420px;overflow-y:auto;border:1px solid #ddd;padding:0.8em;border-radius:6px">'
            + body + "</div>")


def evidence_table(rows: list[dict], countries: dict[str, dict], stances: dict[str, dict]) -> str:
    """Statements as an escaped HTML table, the Arabic sentence right-to-left."""
    head = ("<tr><th>date</th><th>country</th><th>speaker</th><th>topic</th><th>stance</th>"
            "<th style='text-align:right'>sentence</th></tr>")
    body = []
    for r in rows:
        country = countries.get(r["country"], {})
        body.append(
            f"<tr><td style='white-space:nowrap'>{html.escape(r['date'] or '')}</td>"
            f"<td><span style='color:{html.escape(country.get('colour', '#000'))}'>■</span> {html.escape(country.get('name', r['country']))}</td>"
            f"<td>{html.escape(r['speaker'])}<br><span dir='rtl' lang='ar'>{html.escape(r['speaker_ar'] or '')}</span></td>"
            f"<td>{html.escape(TOPIC_LABELS.get(r['topic'], r['topic']))}</td>"
            f"<td>{html.escape(stances.get(r['stance'], {}).get('label', r['stance']))} ({r['score']:+d})"
            f"{'<br><i>reported</i>' if r['reported'] else ''}</td>"
            f"<td dir='rtl' lang='ar' style='text-align:right'>{html.escape(r['sentence'])}</td></tr>")
    return ("<table style='width:100%;border-collapse:collapse;font-size:0.9em'>" + head + "".join(body) + "</table>")
