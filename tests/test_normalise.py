import subprocess
import sys
from bisect import bisect_left
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from positions.normalise import build_table, load_table, normalise, normalise_plain


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


def test_normalise_shipped_table_is_camel_tools_table() -> None:
    """data/normalise_table.tsv is what camel-tools' rules give today (regenerate it with
    ``positions.normalise.write_table()`` when they change)."""
    assert load_table() == build_table()


def test_normalise_never_imports_camel_tools() -> None:
    """Importing camel-tools scans all of Unicode (half a second): the extractor must start without it."""
    code = "import sys, positions.extract; assert 'camel_tools' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def kept_reference(raw: str) -> tuple[int, ...] | None:
    """The raw index of every normalised character, built one per character (the map as it was
    stored before runs replaced it)."""
    table = load_table()
    kept: list[int] = []
    for index, char in enumerate(raw):
        kept.extend([index] * len(table.get(ord(char), char)))
    return None if kept == list(range(len(raw))) else tuple(kept)


IRREGULAR = list("قال لافروفُ إنَّ ـ یکىة\u200f\u0651\u064b\n.«ﻷﻻﹰa") + ["\ufeff", "\u0670"]


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(IRREGULAR), max_size=60))
def test_normalise_runs_equal_the_per_character_map(raw: str) -> None:
    norm = normalise(raw)
    reference = kept_reference(raw)
    assert norm.kept == reference
    for index in range(-len(norm.text), len(norm.text) + 2):
        expected = len(raw) if index >= len(norm.text) else reference[index] if reference is not None else index
        assert norm.raw_index(index) == expected
    for raw_index in range(-1, len(raw) + 2):
        expected = bisect_left(reference, raw_index) if reference is not None else min(raw_index, len(norm.text))
        assert norm.norm_index(raw_index) == expected, raw_index
