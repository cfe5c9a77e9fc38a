"""Plotly figures for the dashboard, built from query rows.

Owns presentation only: colours fixed per country, phase bands and event markers, hover
text with Arabic on its own right-to-left line, colour scales that keep their meaning
across topics (the side of the Assad government is always red). Takes rows from
``db.queries``; runs no query itself. Text reaching plotly is escaped for plotly's own
small markup (``<``, ``>``, ``&``), which — unlike HTML — does not decode ``&quot;``.

On the timeline a state's line joins only its own statements, through its daily mean (two
codes said the same day are not a "flip"); positions that another speaker attributes to it
are separate hollow diamonds with their own legend entry; points that share a day and a
score are spread within the day so none hides another. A date that cannot be parsed or
falls outside the plot window is never drawn (the app counts and says them).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

import plotly.graph_objects as go

from dashboard.labels import RLM, TOPIC_LABELS, country_name, phase_name, review_name, role_name, speaker_name, stance_name
from db.queries import PLOT_FROM, PLOT_TO
from positions.events import calendar

PHASE_FILLS = ("rgba(120,120,120,0.07)", "rgba(120,120,120,0.0)")
REGIME, OPPOSITION, NEUTRAL = "#b2182b", "#2166ac", "#f7f7f7"
REJECT_TALKS, SUPPORT_TALKS = "#762a83", "#1b7837"
# per topic: the colour scale from its lowest to its highest score, oriented so that the
# Assad government's side has the same colour on every chart
COLOUR_SCALES = {
    "assad_future": [[0.0, OPPOSITION], [0.5, NEUTRAL], [1.0, REGIME]],  # -2 must go … +2 supports him
    "transition": [[0.0, REGIME], [0.5, NEUTRAL], [1.0, OPPOSITION]],  # -2 no transition … +2 without him
    "negotiations": [[0.0, REJECT_TALKS], [2 / 3, NEUTRAL], [1.0, SUPPORT_TALKS]],  # -2 rejects … +1 supports
}
REVIEWED_OUTLINE = {"width": 2.5, "color": "#111"}
TIMELINE_LEFT = 180  # px: the longest stance label («No role after the transition (-1)») needs 170


def plotly_text(text: str | None) -> str:
    """Text safe inside plotly's hover markup: only <, > and & are special there."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_arabic(text: str, width: int = 70) -> str:
    """Break a long Arabic sentence into lines for hover boxes, each marked right-to-left."""
    lines, current = [], ""
    for word in text.split():
        if len(current) + len(word) + 1 > width and current:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return "<br>".join(RLM + plotly_text(line) for line in lines[:8]) + ("<br>…" if len(lines) > 8 else "")


def drawable(day: str | None) -> bool:
    """A date the charts can place: ISO, inside the plot window."""
    if not day or not PLOT_FROM <= day[:10] <= PLOT_TO:
        return False
    try:
        date.fromisoformat(day[:10])
    except ValueError:
        return False
    return True


def _noon(day: str, hours: float = 0.0) -> str:
    moment = datetime.fromisoformat(day[:10]) + timedelta(hours=12 + hours)
    return moment.strftime("%Y-%m-%d %H:%M")


def _spread(points: list[dict]) -> dict[int, str]:
    """x positions: points sharing a day and a score spread over the day, so none hides another."""
    groups: dict[tuple[str, float], list[dict]] = defaultdict(list)
    for point in points:
        groups[(point["date"][:10], point["score"])].append(point)
    placed = {}
    for (day, _), members in groups.items():
        step = min(4.0, 20.0 / len(members))
        for index, point in enumerate(members):
            placed[id(point)] = _noon(day, (index - (len(members) - 1) / 2) * step)
    return placed


def _hover(point: dict, info: dict, stances: dict[str, dict], reporter: str | None = None) -> str:
    speaker = plotly_text(speaker_name(point["speaker"], point["speaker_ar"]))
    role = plotly_text(role_name(point.get("role")))
    lines = [f"<b>{plotly_text(info.get('name', point['country']))}</b> {RLM}{plotly_text(info.get('name_ar', ''))}",
             speaker + (f" — {role}" if role else ""), point["date"][:10],
             f"<i>{plotly_text(stance_name(point['stance'], stances))}</i>"]
    if point.get("reported"):
        lines.append("reported by " + plotly_text(reporter or "another speaker") + ", not this state's own words")
    if point.get("review"):
        lines.append(plotly_text(review_name(point["review"])))
    if point.get("repeats", 1) > 1:
        lines.append(f"said {point['repeats']} times that day")
    return "<br>".join(lines) + "<br>" + wrap_arabic(point["sentence"])


def timeline_figure(rows: list[dict], topic: str, countries: dict[str, dict], stances: dict[str, dict],
                    events: list[dict], span: tuple[str, str] | None = None) -> go.Figure:
    """Stance over time per state: own statements on a line, reported ones apart, phases and events.

    ``span`` (first and last date) fixes the time axis, so charts of several topics line up;
    without it the axis follows this chart's points.
    """
    rows = [r for r in rows if r["topic"] == topic and drawable(r.get("date"))]
    figure = go.Figure()
    if rows and rows[0].get("aggregated"):
        _add_period_traces(figure, rows, topic, countries)
    else:
        _add_statement_traces(figure, rows, countries, stances)
    tick_values, tick_text = _axis_labels(topic, stances)
    dates = [r["date"][:10] for r in rows] + [r["end"][:10] for r in rows if drawable(r.get("end"))]
    if span and drawable(span[0]) and drawable(span[1]):
        dates = [*dates, span[0][:10], span[1][:10]]
    x_range = _padded_range(min(dates), max(dates)) if dates else None
    _add_phases(figure, [e for e in events if not x_range or (e["start"] <= x_range[1] and (e["end"] or "9999") >= x_range[0])],
                x_range)
    figure.update_layout(
        title={"text": TOPIC_LABELS.get(topic, topic), "y": 0.98, "yanchor": "top"}, height=460,
        # Margins as wide as the longest stance label and the legend below need (automargin
        # widens them only for a longer one): every topic's plot starts at the same x, so the
        # charts' time axes line up, and plotly draws each chart once instead of drawing it
        # again after measuring its margins.
        margin={"l": TIMELINE_LEFT, "r": 10, "t": 115, "b": 75},
        yaxis={"tickvals": tick_values, "ticktext": tick_text, "range": [min(tick_values) - 0.5, max(tick_values) + 0.5],
               "zeroline": True, "automargin": True},
        xaxis={"type": "date", "range": list(x_range) if x_range else None},
        hoverlabel={"align": "right", "font": {"size": 13}}, legend={"orientation": "h", "y": -0.12},
        clickmode="event+select", meta={"kind": "timeline", "topic": topic})
    return figure


def _add_statement_traces(figure: go.Figure, rows: list[dict], countries: dict[str, dict],
                          stances: dict[str, dict]) -> None:
    placed = _spread(rows)
    by_country: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["date"], r["id"])):
        by_country[row["country"]].append(row)
    reviewed_any = any(r.get("review") for r in rows)
    for code, points in sorted(by_country.items(), key=lambda item: country_name(item[0], countries)):
        info = countries.get(code, {})
        colour = info.get("colour")
        own = [p for p in points if not p["reported"]]
        reported = [p for p in points if p["reported"]]
        if own:
            daily: dict[str, list[int]] = defaultdict(list)
            for point in own:
                daily[point["date"][:10]].append(point["score"])
            days = sorted(daily)
            figure.add_trace(go.Scatter(  # the line: the state's own daily mean, never a reported position
                x=[_noon(d) for d in days], y=[sum(daily[d]) / len(daily[d]) for d in days], mode="lines",
                line={"shape": "hv", "color": colour, "width": 2}, hoverinfo="skip", showlegend=False,
                legendgroup=code, meta={"country": code, "kind": "line"}))
            figure.add_trace(go.Scatter(
                x=[placed[id(p)] for p in own], y=[p["score"] for p in own], mode="markers",
                name=country_name(code, countries), legendgroup=code,
                marker={"size": 10, "color": colour, "symbol": "circle",
                        "line": {"width": [2.5 if p.get("review") else 0.5 for p in own],
                                 "color": ["#111" if p.get("review") else "#fff" for p in own]}},
                customdata=[[p["id"]] for p in own], hovertext=[_hover(p, info, stances) for p in own],
                hoverinfo="text", meta={"country": code, "kind": "own"}))
        if reported:
            figure.add_trace(go.Scatter(
                x=[placed[id(p)] for p in reported], y=[p["score"] for p in reported], mode="markers",
                name=f"{country_name(code, countries)} · reported by others", legendgroup=code,
                marker={"size": 11, "color": colour, "symbol": "diamond-open", "line": {"width": 2}},
                customdata=[[p["id"]] for p in reported],
                hovertext=[_hover(p, info, stances, p.get("reporter")) for p in reported], hoverinfo="text",
                meta={"country": code, "kind": "reported"}))
    if reviewed_any:
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="reviewed by an analyst",
                                    marker={"size": 10, "color": "#ddd", "line": REVIEWED_OUTLINE},
                                    meta={"kind": "legend"}))


def _add_period_traces(figure: go.Figure, rows: list[dict], topic: str, countries: dict[str, dict]) -> None:
    """Weekly or per-phase means per state; marker area grows with the number of statements."""
    period = rows[0]["aggregated"]
    biggest = max(r["n"] for r in rows)
    by_country: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["start"]):
        by_country[row["country"]].append(row)
    for code, points in sorted(by_country.items(), key=lambda item: country_name(item[0], countries)):
        info = countries.get(code, {})
        what = "week of" if period == "week" else "phase from"
        hover = [f"<b>{plotly_text(info.get('name', code))}</b> {RLM}{plotly_text(info.get('name_ar', ''))}<br>"
                 f"{what} {p['start']} to {p['end']}<br>mean score {p['score']:+.2f} over {p['n']} statements"
                 "<br>select to list them" for p in points]
        figure.add_trace(go.Scatter(
            x=[_noon(p["start"]) for p in points], y=[p["score"] for p in points], name=country_name(code, countries),
            mode="lines+markers", line={"shape": "hv", "color": info.get("colour"), "width": 2},
            marker={"size": [6 + 14 * (p["n"] / biggest) ** 0.5 for p in points], "color": info.get("colour")},
            customdata=[["period", code, topic, p["start"], p["end"]] for p in points], hovertext=hover,
            hoverinfo="text", meta={"country": code, "kind": "period", "period": period}))


def _axis_labels(topic: str, stances: dict[str, dict]) -> tuple[list[int], list[str]]:
    codes = sorted((v["score"], v["label"]) for v in stances.values() if v["topic"] == topic)
    return [score for score, _ in codes], [f"{label} ({score:+d})" for score, label in codes]


def _padded_range(first: str, last: str, days: int = 7) -> tuple[str, str]:
    """The data's date range widened a little, so points at the edges stay visible."""
    start = date.fromisoformat(first) - timedelta(days=days)
    end = date.fromisoformat(last) + timedelta(days=days)
    return start.isoformat(), end.isoformat()


def _add_phases(figure: go.Figure, events: list[dict], date_range: tuple[str, str] | None) -> None:
    """Phase bands (alternating shade) and a dashed, labelled line per event.

    Only events with a marker are labelled (the first phase is the time before them), on up
    to five rows, each label on the first row free where it starts: five events fall within
    three months of 2015, and at 800 px a month is some 25 pixels wide. Shapes and labels are
    set in one layout update: plotly's
    ``add_vrect``/``add_vline`` copy the layout on every call (a third of a rerun's time).
    """
    last_end = date_range[1] if date_range else None
    first_phase = calendar()[0]["phase"]
    shapes, labels = list(figure.layout.shapes), list(figure.layout.annotations)
    rows_end: list[date] = [date.min] * LABEL_ROWS
    for index, event in enumerate(events):
        start = max(event["start"], date_range[0]) if date_range else event["start"]
        if index == 0 and date_range and event["phase"] == first_phase:
            start = date_range[0]  # the first phase also holds every earlier date (positions.events.phase_of)
        end = event["end"] or last_end or (date.fromisoformat(start) + timedelta(days=30)).isoformat()
        if end < start:
            continue
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0, "y1": 1,
                       "fillcolor": PHASE_FILLS[index % 2], "line": {"width": 0}, "layer": "below"})
        if event["marker"] and start == event["start"]:
            shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": start, "x1": start, "y0": 0, "y1": 1,
                           "line": {"dash": "dash", "color": "rgba(60,60,60,0.55)", "width": 1}})
            row = _label_row(rows_end, start, event["label"], date_range)
            labels.append({"x": start, "y": 1.0 + 0.055 * row, "xref": "x", "yref": "paper",
                           "yanchor": "bottom", "xanchor": "left", "text": plotly_text(event["label"]),
                           "showarrow": False, "font": {"size": 9, "color": "#444"}})
    figure.update_layout(shapes=shapes, annotations=labels)


LABEL_ROWS = 5
NARROW_PLOT_PX, LABEL_CHAR_PX = 300, 5.5  # the plot area at 800 px with the sidebar open; 9 px text


def _label_row(rows_end: list[date], start: str, label: str, date_range: tuple[str, str] | None) -> int:
    """The first label row free at ``start`` on the narrowest layout (else the one freed first);
    marks it taken for the label's estimated width."""
    day = date.fromisoformat(start[:10])
    days = (date.fromisoformat(date_range[1]) - date.fromisoformat(date_range[0])).days if date_range else 365
    width = timedelta(days=len(label) * LABEL_CHAR_PX * max(days, 1) / NARROW_PLOT_PX)
    row = next((i for i, end in enumerate(rows_end) if end < day), min(range(len(rows_end)), key=rows_end.__getitem__))
    rows_end[row] = day + width
    return row


def phase_matrix_figure(rows: list[dict], topic: str, countries: dict[str, dict], stances: dict[str, dict],
                        events: list[dict]) -> go.Figure:
    """Phases (rows, in date order) × states: mean score as colour, n in each cell; select a
    cell to list its statements. Phases run down the page, so a narrow screen keeps the
    cells wide enough for their text (the core five states fit across 800 px)."""
    cells = [r for r in rows if r["topic"] == topic]
    present = sorted({r["country"] for r in cells}, key=lambda c: (not countries.get(c, {}).get("core"), country_name(c, countries)))
    phases = [e["phase"] for e in events if any(r["phase"] == e["phase"] for r in cells)]
    index = {(r["country"], r["phase"]): r for r in cells}
    x = [f"{_stacked(country_name(c, countries))}<br>{RLM}{countries.get(c, {}).get('name_ar', '')}" for c in present]
    y = [phase_name(p, events) for p in phases]
    z, text, custom = [], [], []
    for phase in phases:
        z.append([index[(c, phase)]["mean_score"] if (c, phase) in index else None for c in present])
        text.append([f"{index[(c, phase)]['mean_score']:+.1f}<br>n={index[(c, phase)]['n']}"
                     if (c, phase) in index else "" for c in present])
        custom.append([[phase, index[(c, phase)]["n"], _most_frequent(index[(c, phase)], stances), c]
                       if (c, phase) in index else None for c in present])
    scores = sorted(v["score"] for v in stances.values() if v["topic"] == topic) or [-2, 2]
    low, high = scores[0], scores[-1]
    figure = go.Figure(go.Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", textfont={"size": 11}, customdata=custom,
        colorscale=COLOUR_SCALES.get(topic, COLOUR_SCALES["assad_future"]), zmin=low, zmax=high, hoverinfo="skip",
        colorbar={"title": {"text": f"mean score: {stance_name(_code_at(stances, topic, low), stances)} … "
                                    f"{stance_name(_code_at(stances, topic, high), stances)}", "side": "top"},
                  "orientation": "h", "y": -0.04, "yanchor": "top", "thickness": 12, "dtick": 1},
        xgap=2, ygap=2))
    # invisible points over the cells: they carry the hover and make a cell selectable
    picks = [(xi, yi, c) for row, yi in zip(custom, y, strict=True) for c, xi in zip(row, x, strict=True) if c]
    figure.add_trace(go.Scatter(
        x=[p[0] for p in picks], y=[p[1] for p in picks], mode="markers",
        marker={"size": 26, "color": "rgba(0,0,0,0)"}, showlegend=False,
        customdata=[["cell", c[3], topic, c[0]] for _, _, c in picks],
        hovertext=[f"{country_name(c[3], countries)} · {yi}<br>mean {index[(c[3], c[0])]['mean_score']:+.2f} over "
                   f"{c[1]} statements<br>{plotly_text(c[2])}<br>select to list them" for _, yi, c in picks],
        hoverinfo="text"))
    figure.update_layout(
        title={"text": f"{TOPIC_LABELS.get(topic, topic)}: mean stance per phase", "y": 0.99, "yanchor": "top"},
        height=230 + 40 * max(1, len(phases)),
        margin={"l": 10, "r": 10, "t": 60, "b": 10}, yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"automargin": True, "side": "top", "tickangle": 0, "tickfont": {"size": 11}},
        clickmode="event+select", meta={"kind": "matrix", "topic": topic})
    return figure


def _stacked(name: str) -> str:
    """A long state name on two lines, so column labels stay level on a narrow screen."""
    return name.replace(" ", "<br>", 1) if len(name) > 9 else name


def _code_at(stances: dict[str, dict], topic: str, score: int) -> str | None:
    return next((code for code, v in stances.items() if v["topic"] == topic and v["score"] == score), None)


def _most_frequent(cell: dict, stances: dict[str, dict]) -> str:
    if cell["dominant"]:
        return "most frequent: " + stance_name(cell["dominant"], stances)
    each = f"{cell['tied']} statement{'' if cell['tied'] == 1 else 's'} each"
    return f"no single most frequent code (a tie, {each})"


def convergence_figure(rows: list[dict], first: str, second: str, countries: dict[str, dict],
                       events: list[dict]) -> go.Figure:
    """The gap between two states' mean positions per phase, one line per topic."""
    figure = go.Figure()
    labels = [e["label"] for e in events]
    for topic, colour in zip(TOPIC_LABELS, ("#444444", "#e08214", "#35978f"), strict=True):
        topic_rows = [r for r in rows if r["topic"] == topic and r["gap"] is not None]
        if topic_rows:
            figure.add_trace(go.Scatter(x=[phase_name(r["phase"], events) for r in topic_rows],
                                        y=[r["gap"] for r in topic_rows], mode="lines+markers",
                                        line={"color": colour}, name=f"gap: {TOPIC_LABELS[topic]}"))
    figure.update_layout(
        title=f"Gap between {country_name(first, countries)} and {country_name(second, countries)}"
              " (|mean score difference|, 0 = same position)",
        yaxis={"title": {"text": "gap"}, "rangemode": "tozero"},
        xaxis={"categoryorder": "array", "categoryarray": labels, "automargin": True},
        height=380, margin={"l": 10, "r": 10, "t": 60, "b": 10}, meta={"kind": "convergence"})
    return figure


def volume_figure(rows: list[dict], countries: dict[str, dict], events: list[dict]) -> go.Figure:
    """Statements per week, stacked by state."""
    figure = go.Figure()
    by_country: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if drawable(row["week"]):
            by_country[row["country"]].append(row)
    for code, weeks in sorted(by_country.items(), key=lambda item: country_name(item[0], countries)):
        figure.add_trace(go.Bar(x=[_noon(w["week"], 72) for w in weeks], y=[w["n"] for w in weeks],
                                name=country_name(code, countries), marker={"color": countries.get(code, {}).get("colour")},
                                hovertemplate="%{y} statements, week of %{customdata}<extra>%{fullData.name}</extra>",
                                customdata=[w["week"] for w in weeks]))
    weeks = sorted(w["week"] for ws in by_country.values() for w in ws)
    x_range = _padded_range(weeks[0], weeks[-1]) if weeks else None
    if x_range:
        _add_phases(figure, [e for e in events if e["start"] <= x_range[1] and (e["end"] or "9999") >= x_range[0]], x_range)
    figure.update_layout(barmode="stack", title={"text": "Statements per week", "y": 0.98, "yanchor": "top"},
                         height=400, margin={"l": 10, "r": 10, "t": 115, "b": 10}, xaxis={"type": "date"},
                         yaxis={"title": {"text": "statements"}}, legend={"orientation": "h", "y": -0.15},
                         meta={"kind": "volume"})
    return figure
