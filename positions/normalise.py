"""Arabic normalisation that keeps a map back to raw character offsets.

Owns: turning raw text into a matching form (no diacritics or tatweel, one alef, yeh for
alef maksura and Persian yeh, heh for teh marbuta, Arabic kaf for Persian keheh) while
recording, for every normalised character, the raw index it came from. Cue and speaker
matching happens on the normalised form; evidence spans are reported on the raw text.

camel-tools supplies the character rules (``normalize_alef_ar`` …, ``dediac_ar``). They are
applied per distinct character and cached, so the offset map stays exact. Without
camel-tools an equivalent built-in table is used, so the tool works either way.

Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF: the shaped glyphs of PDF copies,
ligatures such as ﻷ) are first unfolded by NFKC, so one raw character may become several
normalised ones (ﻷ → لا); each of them maps back to that raw character.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

try:  # camel-tools' offline utilities; optional at run time.
    from camel_tools.utils.dediac import dediac_ar as _camel_dediac
    from camel_tools.utils.normalize import (
        normalize_alef_ar as _camel_alef,
    )
    from camel_tools.utils.normalize import (
        normalize_alef_maksura_ar as _camel_maksura,
    )
    from camel_tools.utils.normalize import (
        normalize_teh_marbuta_ar as _camel_teh,
    )

    HAVE_CAMEL = True
except ImportError:  # pragma: no cover - exercised only where camel-tools is missing
    HAVE_CAMEL = False

_DIACRITICS = set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670")
_FALLBACK = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
# Beyond camel-tools' rules: Persian letters in Iranian agency copy, tatweel, odd spaces,
# and the hamza seats that news spelling uses interchangeably.
_EXTRA = {
    "ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ە": "ه", "ۀ": "ه", "ـ": "",
    "ؤ": "و", "ئ": "ي",
    "\u00a0": " ", "\u200f": "", "\u200e": "", "\u200c": "", "\u200d": "", "\ufeff": "",
    "\u2009": " ", "\u202f": " ", "\t": " ", "\r": " ",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
}


PRESENTATION_FORMS = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))


@lru_cache(maxsize=4096)
def normalise_char(char: str) -> str:
    """Return the normalised form of one character ('' when it is dropped; several
    characters for a presentation-form ligature)."""
    if char in _EXTRA:
        return _EXTRA[char]
    if any(ord(char) in block for block in PRESENTATION_FORMS):
        unfolded = unicodedata.normalize("NFKC", char)
        if unfolded != char:
            return "".join(normalise_char(c) for c in _drop_carrier_space(unfolded))
    if HAVE_CAMEL:
        out = _camel_teh(_camel_maksura(_camel_alef(_camel_dediac(char))))
    else:
        out = "" if char in _DIACRITICS else _FALLBACK.get(char, char)
    return out


def _drop_carrier_space(unfolded: str) -> str:
    """An isolated harakah (ﹰ → " ً") unfolds to a space carrying the mark; the mark is dropped
    anyway, and the space must not split a word."""
    if unfolded.startswith(" ") and all(unicodedata.combining(c) for c in unfolded[1:]):
        return unfolded[1:]
    return unfolded


def _build_table() -> dict[int, str]:
    """One translate table: Arabic block, presentation forms, Persian letters, spaces and
    ASCII capitals."""
    table: dict[int, str] = {}
    codepoints = (list(range(0x0600, 0x0700)) + [c for block in PRESENTATION_FORMS for c in block]
                  + [ord(c) for c in _EXTRA] + list(range(0x41, 0x5B)))
    for codepoint in codepoints:
        char = chr(codepoint)
        out = normalise_char(char).lower()
        if out != char:
            table[codepoint] = out
    return table


_TABLE = _build_table()
_IRREGULAR = {chr(code): len(out) for code, out in _TABLE.items() if len(out) != 1}  # dropped or expanded
_IRREGULAR_RE = re.compile("[" + re.escape("".join(sorted(_IRREGULAR))) + "]")
_EXPANDS_RE = re.compile("[" + re.escape("".join(sorted(c for c, n in _IRREGULAR.items() if n > 1))) + "]")
# the spelled view changes only what changes the length: drops and presentation-form expansions
_SPELLED_TABLE = {code: out for code, out in _TABLE.items() if len(out) != 1}


@dataclass(frozen=True)
class NormalisedText:
    """A normalised string plus the raw index each of its characters came from.

    ``kept`` is None when no character was dropped or expanded (the map is the identity),
    which is the common case for news copy and keeps normalisation cheap on large corpora.
    Otherwise it is non-decreasing: the characters a ligature expands to share its index.
    """

    text: str
    kept: tuple[int, ...] | None
    raw_length: int

    def raw_index(self, norm_index: int) -> int:
        """Raw index of the normalised character at ``norm_index`` (end maps to raw end)."""
        if norm_index >= len(self.text):
            return self.raw_length
        return norm_index if self.kept is None else self.kept[norm_index]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering normalised ``[start, end)``."""
        if end <= start:
            raw = self.raw_index(start)
            return raw, raw
        return self.raw_index(start), self.raw_index(end - 1) + 1

    def norm_index(self, raw_index: int) -> int:
        """First normalised index at or after ``raw_index``."""
        if self.kept is None:
            return min(raw_index, len(self.text))
        return bisect_left(self.kept, raw_index)


def normalise(raw: str) -> NormalisedText:
    """Normalise ``raw`` and keep the offset map."""
    text = raw.translate(_TABLE)
    if len(text) == len(raw) and not _EXPANDS_RE.search(raw):
        return NormalisedText(text, None, len(raw))
    kept: list[int] = []
    position = 0
    for match in _IRREGULAR_RE.finditer(raw):
        index = match.start()
        kept.extend(range(position, index))
        kept.extend([index] * _IRREGULAR[match.group()])
        position = index + 1
    kept.extend(range(position, len(raw)))
    assert len(kept) == len(text)
    return NormalisedText(text, tuple(kept), len(raw))


def spelled(raw: str) -> str:
    """``raw`` without the characters normalisation drops (diacritics, tatweel, marks), with
    presentation forms unfolded, and nothing else changed: the spelling a stemmer wants, at
    the normalised text's offsets."""
    return raw.translate(_SPELLED_TABLE)


def normalise_plain(raw: str) -> str:
    """Normalised text only, for lexicon entries and search queries."""
    return raw.translate(_TABLE)
