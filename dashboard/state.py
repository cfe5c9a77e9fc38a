"""The dashboard's filter state and its round trip through the URL (shareable views).

Owns the names of the query parameters and their conversion to ``db.queries.Filters``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from db.queries import Filters

LIST_KEYS = ("countries", "topics", "stances", "speakers", "phases")
ALL_TOPICS = ("assad_future", "transition", "negotiations")
CORE = ("RUS", "IRN", "USA", "FRA", "SAU")


@dataclass
class ViewState:
    """Everything a shared URL restores."""

    countries: list[str]
    topics: list[str]
    stances: list[str]
    speakers: list[str]
    phases: list[str]
    date_from: date | None
    date_to: date | None
    hide_reported: bool
    collapse: bool
    search: str

    def filters(self, topics: tuple[str, ...] | None = None) -> Filters:
        return Filters(
            countries=tuple(self.countries), topics=tuple(topics if topics is not None else self.topics),
            stances=tuple(self.stances), speakers=tuple(self.speakers), phases=tuple(self.phases),
            date_from=self.date_from.isoformat() if self.date_from else None,
            date_to=self.date_to.isoformat() if self.date_to else None,
            include_reported=not self.hide_reported, search=self.search.strip(),
        )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def from_query(params: Mapping[str, list[str]], known_countries: list[str]) -> ViewState:
    """State from URL parameters (unknown values dropped; defaults: core states, all topics)."""
    def listed(key: str) -> list[str]:
        return [v for v in params.get(key, []) if v]

    countries = [c for c in listed("countries") if c in known_countries] or [c for c in CORE if c in known_countries]
    topics = [t for t in listed("topics") if t in ALL_TOPICS] or list(ALL_TOPICS)
    first = (params.get("from") or [None])[0]
    last = (params.get("to") or [None])[0]
    return ViewState(countries, topics, listed("stances"), listed("speakers"), listed("phases"),
                     _date(first), _date(last), (params.get("hide_reported") or ["0"])[0] == "1",
                     (params.get("collapse") or ["0"])[0] == "1", (params.get("q") or [""])[0])


def to_query(state: ViewState) -> dict[str, list[str] | str]:
    """URL parameters for a state (only what differs from empty)."""
    out: dict[str, list[str] | str] = {}
    for key in LIST_KEYS:
        values = getattr(state, key)
        if values:
            out[key] = list(values)
    if state.date_from:
        out["from"] = state.date_from.isoformat()
    if state.date_to:
        out["to"] = state.date_to.isoformat()
    if state.hide_reported:
        out["hide_reported"] = "1"
    if state.collapse:
        out["collapse"] = "1"
    if state.search:
        out["q"] = state.search
    return out
