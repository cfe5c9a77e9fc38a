"""Dates: a document's date and each statement's date, with how each was found.

Owns the codebook's date rules: a weekday in the sentence is the latest such day on or
before the document date; أمس is −1, أمس الأول −2, اليوم 0; explicit dates in either
month-name set (Levantine تشرين الثاني, Egyptian/Gulf نوفمبر) or as digits. A document
without a date gets one from its dateline or, failing that, from the latest explicit
date in its text, and the basis says so.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from positions.events import event_date_references
from positions.normalise import normalise_plain

WEEKDAYS = {"الاحد": 6, "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5}
_MONTH_NAMES = {
    1: ["يناير", "كانون الثاني"], 2: ["فبراير", "شباط"], 3: ["مارس", "آذار"], 4: ["أبريل", "ابريل", "نيسان"],
    5: ["مايو", "أيار"], 6: ["يونيو", "يونيه", "حزيران"], 7: ["يوليو", "يوليه", "تموز"], 8: ["أغسطس", "اغسطس", "آب"],
    9: ["سبتمبر", "أيلول"], 10: ["أكتوبر", "اكتوبر", "تشرين الأول"], 11: ["نوفمبر", "تشرين الثاني"],
    12: ["ديسمبر", "كانون الأول"],
}
MONTHS = {normalise_plain(name): number for number, names in _MONTH_NAMES.items() for name in names}
_MONTH_BODY = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(MONTHS, key=len, reverse=True))
_NAMED_DATE = re.compile(
    rf"(?<!\d)(?P<day>[0-3]?\d)\s*[/\-]?\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{_MONTH_BODY})(?!\w)(?:\s*[/\-]?\s*(?:عام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d))?"
)
_NUMERIC_DATE = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)[/\-.](?P<month>[01]?\d)[/\-.](?P<year>(?:19|20)\d\d)(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
_DAY_BEFORE_YESTERDAY = re.compile(r"(?<!\w)(?:[وب]?امس\s+الاول|اول\s+(?:من\s+)?امس)(?!\w)")
_YESTERDAY = re.compile(r"(?<!\w)[وب]?امس(?!\w)")
_TODAY = re.compile(r"(?<!\w)(?:[وف]?اليوم)(?!\w)(?!\s+(?:الوطني|العالمي|التالي))")
_WEEKDAY = re.compile(
    r"(?<!\w)(?:[وف]?(?:يوم\s+)?)(?:ال)?(?P<day>" + "|".join(w[2:] for w in WEEKDAYS) + r")(?!\w)(?P<after>\s+\w+)?"
)
_FUTURE = re.compile(r"\s+(?:المقبل|القادم|المقبله|القادمه|التالي)")
RECENT_DAYS = 62  # an explicit date further back is a reference (Geneva I, 2012), not the statement's


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def explicit_dates(text: str, reference: date | None = None) -> list[tuple[int, date, bool]]:
    """(position, date, had_year) for explicit dates in normalised text; a missing year is
    the reference year, or the year before when that would put the date in the future."""
    out = []
    for regex in (_NAMED_DATE, _NUMERIC_DATE, _ISO_DATE):
        for match in regex.finditer(text):
            month_text = match.group("month")
            month = MONTHS.get(re.sub(r"\s+", " ", month_text)) if regex is _NAMED_DATE else int(month_text)
            year_text = match.group("year")
            if not month:
                continue
            if year_text:
                found = _safe_date(int(year_text), month, int(match.group("day")))
            elif reference is not None:
                found = _safe_date(reference.year, month, int(match.group("day")))
                if found and found > reference:
                    found = _safe_date(reference.year - 1, month, int(match.group("day")))
            else:
                found = None
            if found:
                out.append((match.start(), found, bool(year_text)))
    return sorted(out)


def latest_weekday(reference: date, weekday: int) -> date:
    """The latest date with this weekday on or before ``reference``."""
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


# "منذ 30 سبتمبر", "حتى 17 مايو": a date an event runs from or to, not the day of speaking
_NOT_SPEECH_DATE = re.compile(r"(?<!\w)(?:منذ|حتي|قبل|بعد|عقب|اعتبارا\s+من|ابتداء\s+من|مطلع|اواخر)\W+(?:\w+\W+)?$")


def sentence_date(sentence: str, doc_date: date | None, speech_end: int | None = None) -> tuple[date | None, str]:
    """The statement's date and its basis, from a normalised sentence and the document date.

    Only what dates the speech act counts: with ``speech_end`` (where the reported words
    begin: «أعلنت الخارجية مساء أمس الأول أن … اجتماع 30 أكتوبر»), expressions after it
    date what is talked about, not when it was said, and are ignored.
    """
    if doc_date is None:
        return None, "unknown"
    if speech_end is not None:
        sentence = sentence[:speech_end]
    for position, found, _ in explicit_dates(sentence, doc_date):
        if _NOT_SPEECH_DATE.search(sentence, max(0, position - 25), position):
            continue
        if timedelta(0) <= doc_date - found <= timedelta(days=RECENT_DAYS):
            return found, "explicit"
    if _DAY_BEFORE_YESTERDAY.search(sentence):
        return doc_date - timedelta(days=2), "day-before-yesterday"
    if _YESTERDAY.search(sentence):
        return doc_date - timedelta(days=1), "yesterday"
    for match in _WEEKDAY.finditer(sentence):
        if match.group("after") and _FUTURE.match(match.group("after")):
            continue
        return latest_weekday(doc_date, WEEKDAYS["ال" + match.group("day")]), "weekday"
    if _TODAY.search(sentence):
        return doc_date, "today"
    return doc_date, "document"


def parse_iso(value: str | None) -> date | None:
    """A YYYY-MM-DD (or longer timestamp) string as a date, None when absent or impossible."""
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    return _safe_date(*(int(g) for g in match.groups())) if match else None


def infer_document_date(text: str) -> tuple[date | None, str]:
    """A date for an undated document: its dateline, the latest explicit date in its text
    (aligned to a weekday named beside it), or the latest event it names."""
    head = text[:400]
    dated = [d for d in explicit_dates(head) if d[2]]
    if dated:
        return dated[0][1], "dateline"
    with_year = [(pos, d) for pos, d, had_year in explicit_dates(text) if had_year]
    if with_year:
        position, latest = max(with_year, key=lambda item: item[1])
        before = text[max(0, position - 25):position]
        named = [m for m in _WEEKDAY.finditer(before)]
        if named:
            weekday = WEEKDAYS["ال" + named[-1].group("day")]
            latest = latest_weekday(latest, weekday) if latest.weekday() != weekday else latest
        return latest, "latest-date-in-text"
    events = event_date_references(text)
    if events:
        return max(events), "event-reference"
    return None, "unknown"
