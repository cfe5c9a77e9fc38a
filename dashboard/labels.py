"""What the dashboard calls things: speakers, states, codes and phases as a reader expects them.

Owns display names. The extractor keeps normalised Arabic for matching (``sentence_norm``,
and for speakers it could not resolve, ``speaker`` and ``role`` too: الرييس الفرنسي); such
text reads as misspelt, so it is never shown: an English canonical name is shown as is,
anything Arabic falls back to the name as written in the article (``speaker_ar``). Phases
are shown by their calendar label, never by their code.
"""

from __future__ import annotations

import re

TOPIC_LABELS = {"assad_future": "Assad's future", "transition": "Political transition", "negotiations": "Negotiations"}
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
RLM = "\u200f"


def has_arabic(text: str | None) -> bool:
    return bool(text and ARABIC.search(text))


def speaker_name(speaker: str | None, speaker_ar: str | None) -> str:
    """The speaker for display: the canonical English name, else the Arabic as written."""
    if speaker and not has_arabic(speaker):
        return speaker
    return (speaker_ar or "").strip() or "unnamed speaker"


def role_name(role: str | None) -> str:
    """A role only when it is the gazetteer's English one (an Arabic role is normalised text)."""
    return role if role and not has_arabic(role) else ""


def country_name(code: str | None, countries: dict[str, dict]) -> str:
    return countries.get(code or "", {}).get("name", code or "unknown")


def stance_name(code: str | None, stances: dict[str, dict], with_score: bool = True) -> str:
    info = stances.get(code or "")
    if not info:
        return code or "—"
    return f"{info['label']} ({info['score']:+d})" if with_score else info["label"]


def phase_name(phase: str | None, events: list[dict]) -> str:
    for event in events:
        if event["phase"] == phase:
            return event["label"]
    return phase or "no phase"


def review_name(review: str | None) -> str:
    """How a statement's coding was settled, as the tables and the evidence say it."""
    return {"confirm": "Confirmed by an analyst", "recode": "Re-coded by an analyst", "add": "Added by an analyst",
            "reject": "Rejected by an analyst"}.get(review or "", "")


REVIEW_MARKS = {"confirm": "✓", "recode": "✎", "add": "+", "reject": "✗"}
