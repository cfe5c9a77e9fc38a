"""Dates given as metadata (a record's date field, a meta.jsonl line), checked before they are believed.

Owns turning a metadata date string into a plausible Gregorian date, or no date and the
reason. A year outside PLAUSIBLE_YEARS is no publication date of a news article on this
war: 9999-12-31 and 0001-01-01 are placeholders, and they broke every view that draws a
time axis. A year between HIJRI_YEARS is a Hijri date (1437-02-15, as Saudi outlets
write it): it is converted on the Umm al-Qura calendar, never read as Gregorian year 1437.
Must not infer dates from article text (``dates`` does that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PLAUSIBLE_YEARS = range(1990, 2101)
HIJRI_YEARS = range(1300, 1501)
HIJRI_BASIS = "metadata-hijri"
UNUSED = "not used (dated from its text if possible)"
_YMD = re.compile(r"\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")


@dataclass(frozen=True)
class MetadataDate:
    """A checked metadata date: the day (or None), how it was read, and a warning when it was not used."""

    day: date | None
    basis: str | None = None
    warning: str | None = None


def read_metadata_date(value: str | None) -> MetadataDate:
    """``value`` as a plausible Gregorian date, or no date with a warning saying why it was not used."""
    if value is None or not str(value).strip():
        return MetadataDate(None)
    shown = str(value).strip()[:40]
    match = _YMD.match(str(value))
    if not match:
        return MetadataDate(None, warning=f"date {shown!r} not understood (expected YYYY-MM-DD); " + UNUSED)
    year, month, day = (int(group) for group in match.groups())
    if year in HIJRI_YEARS:
        return _from_hijri(year, month, day, shown)
    try:
        found = date(year, month, day)
    except ValueError:
        return MetadataDate(None, warning=f"date {shown!r} does not exist; " + UNUSED)
    if found.year not in PLAUSIBLE_YEARS:
        return MetadataDate(None, warning=f"date {shown!r} is outside {PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS.stop - 1};"
                                          " " + UNUSED)
    return MetadataDate(found, "metadata")


def _from_hijri(year: int, month: int, day: int, shown: str) -> MetadataDate:
    try:
        from hijridate import Hijri
    except ImportError:  # pragma: no cover - hijridate is in requirements.txt
        return MetadataDate(None, warning=f"date {shown!r} is a Hijri date and hijridate is not installed; " + UNUSED)
    try:
        found = Hijri(year, month, day).to_gregorian().datetuple()
    except (ValueError, OverflowError) as error:
        return MetadataDate(None, warning=f"date {shown!r} read as Hijri is impossible ({error}); " + UNUSED)
    gregorian = date(*found)
    if gregorian.year not in PLAUSIBLE_YEARS:
        return MetadataDate(None, warning=f"date {shown!r} read as Hijri is {gregorian.isoformat()}, outside"
                                          f" {PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS.stop - 1}; " + UNUSED)
    return MetadataDate(gregorian, HIJRI_BASIS)
