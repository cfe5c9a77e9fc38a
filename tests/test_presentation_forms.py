"""Text in Arabic presentation forms — the shaped glyphs of a PDF copy, ligatures such as ﻷ —
gives the statements of the same text in ordinary letters, with spans in the raw text
(issue 11, item 13). The shaped fixtures are generated here from Unicode's own tables."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from positions import Document, extract
from positions.normalise import normalise, normalise_plain

ARTICLE = ("وقال وزير الخارجية الروسي سيرغي لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد. "
           "وأكد لافروف أن لا حل عسكريا للأزمة في سوريا، ودعا إلى استئناف المفاوضات في جنيف.")
_FORMS = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))
_JOINS_NEXT = set("بتثجحخسشصضطظعغفقكلمنهيئىةـ")  # letters that connect to a following letter


def _presentation_forms() -> dict[tuple[str, str], str]:
    """(letters, position) → presentation form, e.g. ("ب", "INITIAL") → ﺑ, ("لا", "ISOLATED") → ﻻ."""
    table: dict[tuple[str, str], str] = {}
    for block in _FORMS:
        for code in block:
            name = unicodedata.name(chr(code), "")
            unfolded = unicodedata.normalize("NFKC", chr(code))
            for position in ("ISOLATED", "FINAL", "INITIAL", "MEDIAL"):
                if name.endswith(position + " FORM") and unfolded != chr(code):
                    table.setdefault((unfolded, position), chr(code))
    return table


FORMS = _presentation_forms()


def shape(text: str) -> str:
    """``text`` as a PDF extractor gives it: each letter in its contextual form, lam-alef as one ligature."""
    out = []
    index = 0
    while index < len(text):
        pair = text[index:index + 2]
        joined_before = index > 0 and text[index - 1] in _JOINS_NEXT
        if pair[:1] == "ل" and len(pair) == 2 and (pair, "ISOLATED") in FORMS:
            out.append(FORMS[(pair, "FINAL" if joined_before else "ISOLATED")])
            index += 2
            continue
        char = text[index]
        joins_after = char in _JOINS_NEXT and index + 1 < len(text) and unicodedata.category(text[index + 1]) == "Lo"
        position = {(False, False): "ISOLATED", (True, False): "FINAL", (False, True): "INITIAL",
                    (True, True): "MEDIAL"}[(joined_before, joins_after)]
        out.append(FORMS.get((char, position)) or FORMS.get((char, "ISOLATED")) or char)
        index += 1
    return "".join(out)


def test_presentation_forms_fixture_is_really_shaped() -> None:
    shaped = shape(ARTICLE)
    assert len(shaped) < len(ARTICLE)  # lam-alef ligatures: one raw character for two letters
    assert not any("\u0621" <= c <= "\u064a" for c in shaped)  # no ordinary Arabic letter is left
    assert "\ufefb" in shaped or "\ufefc" in shaped  # ﻻ / ﻼ


def test_presentation_forms_normalise_like_ordinary_letters() -> None:
    shaped = shape(ARTICLE)
    assert normalise(shaped).text == normalise(ARTICLE).text
    assert normalise_plain("ﻷن") == normalise_plain("لأن") == "لان"


def test_presentation_forms_give_the_same_statements_with_raw_spans() -> None:
    shaped = shape(ARTICLE)
    plain = extract(Document(name="a.txt", text=ARTICLE, date="2015-11-04"))
    from_pdf = extract(Document(name="a.txt", text=shaped, date="2015-11-04"))
    assert plain and [(s.country, s.topic, s.stance, s.speaker) for s in from_pdf] == \
        [(s.country, s.topic, s.stance, s.speaker) for s in plain]
    for shaped_statement, statement in zip(from_pdf, plain, strict=True):
        assert shaped[shaped_statement.char_start:shaped_statement.char_end] == shaped_statement.sentence
        assert normalise_plain(shaped_statement.sentence) == normalise_plain(statement.sentence)


def test_presentation_forms_ligature_maps_one_raw_character_to_two() -> None:
    raw = "قال ﻷن"
    norm = normalise(raw)
    assert norm.text == "قال لان"
    assert [norm.raw_index(i) for i in range(len(norm.text))] == [0, 1, 2, 3, 4, 4, 5]
    assert norm.raw_span(4, 5) == (4, 5) and norm.raw_span(5, 7) == (4, 6)  # half a ligature is the whole glyph
    assert norm.norm_index(4) == 4 and norm.norm_index(5) == 6


_ALPHABET = list("قال لافروفُ إنَّ الأسدَ ـ .«»abc") + ["\ufefb", "\ufef7", "\ufdf2", "\ufe70", "\ufe8d", "\ufdfa", "\ufeff"]


@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60))
def test_presentation_forms_offsets_lead_back_to_raw(raw: str) -> None:
    """Each raw character's normalised characters are contiguous and spell its own normal form."""
    norm = normalise(raw)
    indices = [norm.raw_index(i) for i in range(len(norm.text))]
    assert indices == sorted(indices) and all(0 <= i < len(raw) for i in indices)
    for position, char in enumerate(raw):
        mine = "".join(c for c, i in zip(norm.text, indices, strict=True) if i == position)
        assert mine == normalise_plain(char)
        start = norm.norm_index(position)
        assert norm.text[start:start + len(mine)] == mine
