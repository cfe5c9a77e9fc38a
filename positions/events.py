"""The event calendar (data/events.tsv): phases by date and event references in text.

Owns mapping a date to its diplomatic phase and the event markers the dashboard draws.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from positions.lexicon import read_tsv
from positions.normalise import normalise_plain


@lru_cache(maxsize=1)
def calendar() -> tuple[dict[str, str], ...]:
    """Phases in date order, as rows of data/events.tsv."""
    return tuple(sorted(read_tsv("events.tsv"), key=lambda row: row["start"]))


def phase_of(day: date | None) -> str | None:
    """The phase a date falls in: the last phase started on or before it."""
    if day is None:
        return None
    phases = calendar()
    current = phases[0]["phase"]
    for row in phases:
        if row["start"] <= day.isoformat():
            current = row["phase"]
    return current


def event_date_references(normalised_text: str) -> list[date]:
    """Start dates of the events an (undated) article names (label_ar and aliases of events.tsv)."""
    found = []
    for row in calendar():
        names = [normalise_plain(n.strip()) for n in [row["label_ar"], *row["aliases"].split("|")] if n.strip()]
        if any(re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", normalised_text) for name in names):
            found.append(date.fromisoformat(row["start"]))
    return found
