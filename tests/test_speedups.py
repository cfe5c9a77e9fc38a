"""Pure speed-ups of the extractor keep its answers: each fast function against the plain
version it replaced, on the inputs that matter to it (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from positions import sentences
from positions.speakers import quote_open_after

QUOTE_PAIRS = {"«": "»", "“": "”"}


def quote_open_after_reference(sentence: str, was_open: bool) -> bool:
    """The per-character loop ``quote_open_after`` was."""
    depth = 1 if was_open else 0
    for char in sentence:
        if char in QUOTE_PAIRS:
            depth += 1
        elif char in QUOTE_PAIRS.values() or (char == '"' and depth > 0):
            depth = max(0, depth - 1)
        elif char == '"':
            depth += 1
    return depth > 0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('«»“”"\'„ قال ا.،')), max_size=40), st.booleans())
def test_speedups_quote_open_after(sentence: str, was_open: bool) -> None:
    assert quote_open_after(sentence, was_open) == quote_open_after_reference(sentence, was_open)


def split_line_reference(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``sentences._split_line`` as it was: every character looked at in Python."""
    spans = []
    depth_close: list[str] = []
    sentence_start = start
    index = start
    while index < end:
        char = text[index]
        if char in sentences._OPEN:
            closer = sentences._OPEN[char]
            if text.find(closer, index + 1, end) != -1:
                depth_close.append(closer)
        elif depth_close and char == depth_close[-1]:
            depth_close.pop()
        elif (not depth_close and char.isdigit() and index + 2 < end and text[index + 1] == "و"
              and sentences._is_arabic_letter(text[index + 2]) and index + 1 > sentence_start):
            spans.append((sentence_start, index + 1))
            sentence_start = index + 1
        elif char in sentences._FINAL and not depth_close:
            following = index + 1
            while following < end and text[following] in sentences._FINAL + "\"'»”)":
                following += 1
            if following >= end or text[following].isspace() or sentences._glued(text, sentence_start, index, following):
                spans.append((sentence_start, following))
                sentence_start = following
                index = following
                continue
        index += 1
    spans.append((sentence_start, end))
    out = []
    for span_start, span_end in spans:
        while span_start < span_end and (text[span_start].isspace() or text[span_start] in sentences._JUNK):
            span_start += 1
        while span_end > span_start and text[span_end - 1].isspace():
            span_end -= 1
        if span_end > span_start:
            out.extend(sentences._cut_long(span_start, span_end, text))
    return out


SENTENCE_ALPHABET = list("قال لافروف إن الأسد وأكد و ف د.محمد 2015٢٠١٥²") + list('.!?؟«»“”"\')&\n ')


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(SENTENCE_ALPHABET), max_size=120))
def test_speedups_split_line(text: str) -> None:
    assert sentences._split_line(text, 0, len(text)) == split_line_reference(text, 0, len(text))
    if len(text) > 4:
        assert sentences._split_line(text, 2, len(text) - 1) == split_line_reference(text, 2, len(text) - 1)


def _alternatives(pattern: str, opening: str) -> list[str]:
    """The literal alternatives of the group opened by ``opening`` in ``pattern``."""
    body = pattern[pattern.index(opening) + len(opening):]
    depth = 0
    for end, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return body[:end].split("|")
    raise AssertionError(f"no group {opening} in {pattern}")


def test_speedups_prefilter_literals_cover_every_alternative() -> None:
    """A regex is skipped when none of its literals is in the sentence: every way it can
    match must then contain one of them."""
    from positions import speakers

    nouns = _alternatives(speakers._POSITION_NOUN.pattern, "(?:ال)?(?:")
    assert len(nouns) == 14 and all(any(lit in noun for lit in speakers._POSITION_LITERALS) for noun in nouns)
    according = ["حسب", "حسبما", "وفق", "وفقا", "طبقا", "لسان"]  # ب?حسب and علي\W+لسان hold these
    assert all(word in speakers._ACCORDING.pattern for word in according)
    assert all(any(lit in word for lit in speakers._ACCORDING_LITERALS) for word in according)
    sources = ["نقلت", "نقل", *_alternatives(speakers._SOURCE_NAMED.pattern, r"|(?:")]
    assert "بيانا" in sources and all(any(lit in word for lit in speakers._SOURCE_LITERALS) for word in sources)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["وقال", "وزير", "الخارجيه", "الفرنسي", "موقف", "روسيا", "بحسب", "وفقا", "لافروف",
                                 "ان", "بيان", "نقلت", "عن", "الموقف", "السوري", "رد", ":", "،", "«", "الاسد"]),
                max_size=14))
def test_speedups_attribute_shortcuts_change_nothing(words: list[str]) -> None:
    """Sentences with no speaker and none to carry take a shortcut; the full pass agrees."""
    from positions import speakers
    from positions.lexicon import load_lexicon

    lexicon = load_lexicon()
    sentence = " ".join(words)
    mentions = speakers.find_mentions(sentence, lexicon)
    if mentions:
        return
    assert speakers.attribute(sentence, mentions, lexicon, None) == \
        speakers._attribute_by_words(sentence, mentions, lexicon, None, False)
    assert speakers._according_to(sentence, mentions, lexicon) is None
