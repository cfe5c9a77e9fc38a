import pytest
from hypothesis import given
from hypothesis import strategies as st

from positions.sentences import split_sentences


def test_sentences_split_at_stops_and_lines() -> None:
    text = "قال لافروف إن الحل سياسي. وأضاف أن الحوار مهم!\nعنوان ثان"
    spans = [text[s.start:s.end] for s in split_sentences(text)]
    assert spans == ["قال لافروف إن الحل سياسي.", "وأضاف أن الحوار مهم!", "عنوان ثان"]


def test_sentences_keep_quotation_whole() -> None:
    text = "وقال «لن نتفاوض. لن نقبل» ثم غادر. جملة أخرى."
    spans = [text[s.start:s.end] for s in split_sentences(text)]
    assert spans[0] == "وقال «لن نتفاوض. لن نقبل» ثم غادر."


def test_sentences_paragraph_start_after_blank_line() -> None:
    spans = split_sentences("أ ب.\n\nج د.")
    assert [s.paragraph_start for s in spans] == [True, True]


@pytest.mark.parametrize("text, expected", [
    # scraped copy: the full stop is glued to the next sentence's first word
    ("في برلين أمس إنه يجب.وقال الجبير إن الحل سياسي.", ["في برلين أمس إنه يجب.", "وقال الجبير إن الحل سياسي."]),
    ("والعالم الإسلامي .وأكد شتاينماير تفهمه.", ["والعالم الإسلامي .", "وأكد شتاينماير تفهمه."]),
    # but not after a one- or two-letter abbreviation, nor inside a number
    ("قال د.محمد إن الحل قريب.", ["قال د.محمد إن الحل قريب."]),
    ("وصل العدد إلى 3.5 مليون لاجئ.", ["وصل العدد إلى 3.5 مليون لاجئ."]),
])
def test_sentences_full_stop_glued_to_next_word(text: str, expected: list[str]) -> None:
    assert [text[s.start:s.end] for s in split_sentences(text)] == expected


def test_sentences_cut_overlong_line() -> None:
    text = "كلمة " * 3000
    spans = split_sentences(text)
    assert len(spans) > 1 and all(s.end - s.start <= 2000 for s in spans)


@given(st.text(max_size=300))
def test_sentences_spans_are_ordered_and_inside(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start:span.end].strip() == text[span.start:span.end]
        previous_end = span.end
