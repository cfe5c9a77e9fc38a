from hypothesis import given
from hypothesis import strategies as st

from positions.normalise import normalise, normalise_plain


def test_normalise_letters_and_diacritics() -> None:
    assert normalise_plain("إِنَّ الأسدَ") == "ان الاسد"
    assert normalise_plain("مدرسة مستشفى") == "مدرسه مستشفي"
    assert normalise_plain("سوریا کبیر") == "سوريا كبير"  # Persian yeh and keheh
    assert normalise_plain("مسؤول رئيس") == "مسوول رييس"
    assert normalise_plain("ســوريا") == "سوريا"  # tatweel


def test_normalise_identity_map_when_nothing_dropped() -> None:
    text = normalise("قال لافروف")
    assert text.kept is None and text.raw_span(4, 10) == (4, 10)


def test_normalise_maps_back_over_dropped_diacritics() -> None:
    raw = "قالَ لافروفُ إنَّ"
    norm = normalise(raw)
    start = norm.text.index("لافروف")
    raw_start, raw_end = norm.raw_span(start, start + len("لافروف"))
    assert raw[raw_start:raw_end] == "لافروف"


@given(st.text(alphabet=st.sampled_from(list("قال لافروفُ إنَّ الأسدَ ـ یکىة\u200f\n.«»abc")), max_size=80))
def test_normalise_offsets_lead_back_to_raw(raw: str) -> None:
    norm = normalise(raw)
    for index, char in enumerate(norm.text):
        raw_index = norm.raw_index(index)
        assert normalise_plain(raw[raw_index]) == char


@given(st.text(max_size=200))
def test_normalise_any_unicode_keeps_valid_offsets(raw: str) -> None:
    norm = normalise(raw)
    for index in range(len(norm.text)):
        assert 0 <= norm.raw_index(index) < len(raw)
    for start in range(0, len(norm.text) + 1, 7):
        raw_start, raw_end = norm.raw_span(start, min(len(norm.text), start + 5))
        assert 0 <= raw_start <= raw_end <= len(raw)
