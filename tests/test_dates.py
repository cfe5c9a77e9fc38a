from datetime import date

import pytest

from positions.dates import infer_document_date, sentence_date
from positions.events import phase_of
from positions.normalise import normalise_plain

FRIDAY = date(2015, 11, 20)


@pytest.mark.parametrize("sentence, expected, basis", [
    ("وقال لافروف الجمعة", date(2015, 11, 20), "weekday"),
    ("وقال لافروف يوم الثلاثاء", date(2015, 11, 17), "weekday"),
    ("وقال لافروف أمس", date(2015, 11, 19), "yesterday"),
    ("وقال لافروف أمس الأول", date(2015, 11, 18), "day-before-yesterday"),
    ("وقال لافروف في 14 تشرين الثاني", date(2015, 11, 14), "explicit"),
    ("وقال لافروف في 13 نوفمبر", date(2015, 11, 13), "explicit"),
    ("وقال لافروف في 12/11/2015", date(2015, 11, 12), "explicit"),
    ("وقال لافروف اليوم", FRIDAY, "today"),
    ("وقال لافروف إن الاجتماع سيعقد الاثنين المقبل", FRIDAY, "document"),
    ("وأشار إلى بيان جنيف في 30 حزيران 2012", FRIDAY, "document"),
])
def test_dates_sentence_rules(sentence: str, expected: date, basis: str) -> None:
    assert sentence_date(normalise_plain(sentence), FRIDAY) == (expected, basis)


def test_dates_undated_document() -> None:
    assert sentence_date("قال", None) == (None, "unknown")


def test_dates_infer_from_dateline() -> None:
    text = normalise_plain("عنوان الخبر\nالسبت 21/نوفمبر/2015 - 09:59 م\nقال الكرملين")
    assert infer_document_date(text) == (date(2015, 11, 21), "dateline")


def test_dates_infer_from_event_reference() -> None:
    text = normalise_plain("بعد صدور القرار 2254 عن مجلس الأمن " + "كلام " * 200)
    assert infer_document_date(text) == (date(2015, 12, 18), "event-reference")


@pytest.mark.parametrize("day, phase", [
    (date(2015, 10, 1), "pre_vienna"), (date(2015, 10, 23), "vienna_1"), (date(2015, 11, 14), "vienna_2"),
    (date(2015, 12, 10), "riyadh"), (date(2015, 12, 18), "unsc_2254"), (date(2016, 2, 1), "geneva_3"),
    (date(2016, 2, 27), "munich_ceasefire"), (date(2016, 4, 1), "geneva_3b"),
])
def test_dates_phase_calendar(day: date, phase: str) -> None:
    assert phase_of(day) == phase
