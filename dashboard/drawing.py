"""How a timeline chart draws its statements: one by one, or as weekly or per-phase means.

Owns the choice and the sentence that tells the user about it; runs no query and draws
nothing. Why a limit at all: the browser draws a statement as an SVG marker with its hover
text, and at a few thousand points per chart (a text search on a big corpus matches that
many) drawing takes seconds. Means are drawn instead, and the page says so: no statement is
dropped, each mean lists its statements when selected and the Statements tab lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.queries import POINT_LIMIT

AUTO_POINTS = 500  # "Automatic" draws each statement of a chart up to this many, weekly means above


@dataclass(frozen=True)
class Drawing:
    """What one chart draws (``mode``: statement, week or phase) and what the page says about it."""

    mode: str
    note: str | None = None


def timeline_drawing(chosen: str, statements: int, topic_label: str) -> Drawing:
    """The drawing for a chart of ``statements`` drawable statements when the user chose ``chosen``
    (auto, statement, week or phase)."""
    if chosen in ("week", "phase"):
        return Drawing(chosen)
    if chosen == "statement":
        if statements <= POINT_LIMIT:
            return Drawing("statement")
        return Drawing("week", f"{topic_label}: more than {POINT_LIMIT:,} statements — showing weekly means; "
                               "narrow the filters to see single statements.")
    if statements <= AUTO_POINTS:
        return Drawing("statement")
    return Drawing("week", f"{topic_label}: {statements:,} statements, drawn as weekly means (each statement is drawn "
                           f"up to {AUTO_POINTS:,} per chart, or {POINT_LIMIT:,} with “Each statement”). Select a "
                           "mean to list its statements; the Statements tab lists them all; narrow the filters or "
                           "the search to see single statements.")


def of_topic(rows: list[dict], topic: str) -> list[dict]:
    """The rows of one topic, in their order: a query over several topics feeds each topic's chart."""
    return [row for row in rows if row["topic"] == topic]
