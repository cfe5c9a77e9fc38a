"""The dashboard's filter state and its round trip through the URL (shareable views).

Owns the names of the query parameters, their conversion to ``db.queries.Filters`` and
the parsing of ``?statement=ID``. Anything odd in a URL is dropped, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from db.queries import Filters

LIST_KEYS = ("countries", "topics", "stances", "speakers", "phases", "sources")
ALL_TOPICS = ("assad_future", "transition", "negotiations")
CORE = ("RUS", "IRN", "USA", "FRA", "SAU")
# Reported positions (one state's position as another speaker describes it): hidden, drawn
# apart from the state's own line, or also counted in the state's means.
REPORTED = {"hide": "Hide", "separate": "Show apart from the state's own line",
            "include": "Show, and count in the state's means"}
AGGREGATES = {"auto": "Automatic (each statement; weekly means above 500 per chart)", "statement": "Each statement",
              "week": "Weekly means", "phase": "Means per phase"}
CONFIDENCES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
STATEMENT_ID = re.compile(r"-?[0-9]{1,15}")
# The filters behind the sidebar's "More filters" button (their widget keys are these names).
MORE_FILTERS = ("stances", "phases", "speakers", "sources", "min_confidence", "reported", "aggregate", "collapse")


@dataclass
class ViewState:
    """Everything a shared URL restores."""

    countries: list[str]
    topics: list[str]
    stances: list[str]
    speakers: list[str]
    phases: list[str]
    sources: list[str]
    date_from: date | None
    date_to: date | None
    reported: str
    collapse: bool
    search: str
    min_confidence: float
    aggregate: str

    def filters(self, topics: tuple[str, ...] | None = None, aggregate: bool = False) -> Filters:
        """The query filters; ``aggregate``: for a state's means, where reported positions
        count only when the user chose so."""
        include = self.reported == "include" if aggregate else self.reported != "hide"
        return Filters(
            countries=tuple(self.countries), topics=tuple(topics if topics is not None else self.topics),
            stances=tuple(self.stances), speakers=tuple(self.speakers), phases=tuple(self.phases),
            date_from=self.date_from.isoformat() if self.date_from else None,
            date_to=self.date_to.isoformat() if self.date_to else None,
            include_reported=include, search=self.search.strip(), sources=tuple(self.sources),
            min_confidence=self.min_confidence,
        )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _first(params: Mapping[str, list[str]], key: str, default: str = "") -> str:
    return (params.get(key) or [default])[0]


def from_query(params: Mapping[str, list[str]], known_countries: list[str]) -> ViewState:
    """State from URL parameters (unknown values dropped; defaults: core states, all topics)."""
    def listed(key: str) -> list[str]:
        return [v for v in params.get(key, []) if v]

    countries = [c for c in listed("countries") if c in known_countries] or [c for c in CORE if c in known_countries]
    topics = [t for t in listed("topics") if t in ALL_TOPICS] or list(ALL_TOPICS)
    reported = _first(params, "reported", "hide")
    if reported not in REPORTED:
        reported = "hide"
    aggregate = _first(params, "aggregate", "auto")
    try:
        confidence = float(_first(params, "confidence", "0"))
    except ValueError:
        confidence = 0.0
    return ViewState(countries, topics, listed("stances"), listed("speakers"), listed("phases"), listed("sources"),
                     _date(_first(params, "from")), _date(_first(params, "to")), reported,
                     _first(params, "collapse", "0") == "1", _first(params, "q"),
                     confidence if confidence in CONFIDENCES else 0.0,
                     aggregate if aggregate in AGGREGATES else "auto")


def to_query(state: ViewState) -> dict[str, list[str] | str]:
    """URL parameters for a state (only what differs from the defaults)."""
    out: dict[str, list[str] | str] = {}
    for key in LIST_KEYS:
        values = getattr(state, key)
        if values:
            out[key] = list(values)
    if state.date_from:
        out["from"] = state.date_from.isoformat()
    if state.date_to:
        out["to"] = state.date_to.isoformat()
    if state.reported != "hide":
        out["reported"] = state.reported
    if state.collapse:
        out["collapse"] = "1"
    if state.search:
        out["q"] = state.search
    if state.min_confidence:
        out["confidence"] = str(state.min_confidence)
    if state.aggregate != "auto":
        out["aggregate"] = state.aggregate
    return out


def more_filters_set(state: ViewState) -> list[str]:
    """The filters behind "More filters" that differ from their defaults, each named with its value."""
    said = [f"{name} ({len(values)})" for name, values in (("stances", state.stances), ("phases", state.phases),
                                                          ("speakers", state.speakers), ("outlets", state.sources))
            if values]
    if state.min_confidence:
        said.append(f"confidence {state.min_confidence:.1f} or more")
    if state.reported != "hide":
        said.append("reported positions " + ("apart" if state.reported == "separate" else "counted"))
    if state.aggregate != "auto":
        said.append(AGGREGATES[state.aggregate].lower())
    if state.collapse:
        said.append("repeats collapsed")
    return said


def statement_id(value: str | None) -> int | None:
    """The id in ``?statement=``: ASCII digits (an added statement's id is negative), else None."""
    if value is None or not STATEMENT_ID.fullmatch(value):
        return None
    return int(value)
