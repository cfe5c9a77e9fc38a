"""Sentence segmentation over raw text, returning raw character spans.

Owns where a statement's evidence starts and ends. Splits at line breaks and at
sentence-final punctuation followed by space (or, for a full stop, glued to the next Arabic
word, as scraped copy often has it), but never inside a «…» or “…” quotation
that closes within the same line, so a quoted sentence stays with its reporting verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FINAL = ".!?؟"
_OPEN = {"«": "»", "“": "”"}
_MAX_SENTENCE = 2000  # a line with no punctuation is cut into windows this long
_JUNK = "&"
_CLOSERS = "\"'»”)]"


@dataclass(frozen=True)
class Span:
    """A sentence: raw ``[start, end)`` and whether a blank line precedes it."""

    start: int
    end: int
    paragraph_start: bool


def _cut_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Cut an overlong stretch at spaces so no sentence exceeds ``_MAX_SENTENCE``."""
    pieces = []
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _is_arabic_letter(char: str) -> bool:
    return "\u0621" <= char <= "\u064a" or char in "یکگپچژ"


def _glued(text: str, line_start: int, stop: int, following: int) -> bool:
    """"…الإسلامي .وأكد شتاينماير": scraped copy often drops the space after a full stop.
    A stop right before an Arabic letter ends a sentence too, unless the word before it is
    one or two letters (د.محمد، أ.د، م.).
    """
    while following < len(text) - 1 and text[following] in _JUNK:  # ".&&وأكد": scraping leftovers
        following += 1
    if text[stop] != "." or not _is_arabic_letter(text[following]):
        return False
    word = stop
    while word > line_start and _is_arabic_letter(text[word - 1]):
        word -= 1
    # '"خط أحمر".وفي': a closing quote or bracket before the stop ends a word too, and so does
    # a number ("في عام 2015.وأضاف": a stop between a digit and a letter is no decimal point)
    before = text[stop - 1:stop]
    return stop - word >= 3 or (stop - word == 0 and (before.isspace() or before in _CLOSERS or before.isdigit()))


# Where _split_line may act: a quotation mark, a sentence-final mark, or a character before
# a و (a number glued to the next sentence). Everything between them is skipped in C.
_EVENTS = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values()) + _FINAL) + "]|.(?=و)", re.S)


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    depth_close: list[str] = []
    sentence_start = start
    resume = start  # a sentence's closing marks are consumed with it
    for event in _EVENTS.finditer(text, start, end):
        index = event.start()
        if index < resume:
            continue
        char = text[index]
        if char in _OPEN:
            closer = _OPEN[char]
            if text.find(closer, index + 1, end) != -1:
                depth_close.append(closer)
        elif depth_close and char == depth_close[-1]:
            depth_close.pop()
        elif (not depth_close and char.isdigit() and index + 2 < end and text[index + 1] == "و"
              and _is_arabic_letter(text[index + 2]) and index + 1 > sentence_start):
            # "… عام 2015وأكد الوزير": a number glued to the next sentence's "و"
            spans.append((sentence_start, index + 1))
            sentence_start = index + 1
        elif char in _FINAL and not depth_close:
            following = index + 1
            while following < end and text[following] in _FINAL + "\"'»”)":
                following += 1
            if following >= end or text[following].isspace() or _glued(text, sentence_start, index, following):
                spans.append((sentence_start, following))
                sentence_start = following
                resume = following
    spans.append((sentence_start, end))
    out = []
    for span_start, span_end in spans:
        while span_start < span_end and (text[span_start].isspace() or text[span_start] in _JUNK):
            span_start += 1
        while span_end > span_start and text[span_end - 1].isspace():
            span_end -= 1
        if span_end > span_start:
            out.extend(_cut_long(span_start, span_end, text))
    return out


def split_sentences(text: str) -> list[Span]:
    """Sentences of ``text`` as raw spans, in order."""
    spans: list[Span] = []
    blank_before = True
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        if not line.strip():
            blank_before = True
        else:
            for index, (start, end) in enumerate(_split_line(text, line_start, line_end)):
                spans.append(Span(start, end, blank_before and index == 0))
            blank_before = False
        line_start = line_end + 1
    return spans
