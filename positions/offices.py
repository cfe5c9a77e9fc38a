"""Who a speaker named by title is: "وزير الخارجية الروسي" is Sergey Lavrov, "نظيره الأميركي"
beside Lavrov is John Kerry.

Owns the display name of a titled speaker: the office holder on the statement's date
(``data/offices.tsv``), else the title in English with its state ("spokesperson (Russia)"),
never the normalised Arabic of the match. A counterpart ("نظيره") is resolved through the
office of the person named beside it. Must not: change who speaks for which state (the
country comes from the mention), only how the speaker is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from positions.lexicon import load_lexicon, read_tsv
from positions.normalise import normalise_plain
from positions.speakers import Mention

_COUNTERPART = ("نظير", "نظيره", "نظيرها", "نظيريه", "نظرايه")


@dataclass(frozen=True)
class Office:
    words: tuple[str, ...]  # the office title, normalised, without the nationality
    country: str
    person: str
    start: str  # ISO date or ""
    end: str
    role: str

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return not self.end
        iso = day.isoformat()
        return (not self.start or self.start <= iso) and (not self.end or iso <= self.end)


@lru_cache(maxsize=1)
def offices() -> tuple[Office, ...]:
    return tuple(Office(tuple(normalise_plain(r["office"]).split()), r["country"], r["person"], r["from"].strip(),
                        r["to"].strip(), r["role"]) for r in read_tsv("offices.tsv"))


@lru_cache(maxsize=1)
def _title_english() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(variant words, English) of titles.tsv, longest first: "رئيس الوزراء" before "رئيس"."""
    rows = {(tuple(normalise_plain(v.strip()).split()), row["english"]) for row in read_tsv("titles.tsv")
            for v in row["variants"].split("|") if v.strip()}
    return tuple(sorted(rows, key=lambda row: (-len(row[0]), row)))


_HEAD = "president"  # the English of «رئيس»: heading any other body («رئيس مجلس الشورى») it is "head"


def _english(words: list[str]) -> str:
    """The title in English: its longest titles.tsv variant, "official" when none."""
    for variant, english in _title_english():
        if _opens_with(words, variant):
            other_body = any(word not in _country_words() for word in words[len(variant):])
            return "head" if english == _HEAD and other_body else english
    return "official"


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _opens_with(title: Sequence[str], words: Sequence[str]) -> bool:
    """Whether a title's words begin with ``words``, with or without the article."""
    return len(title) >= len(words) and all(_bare(t) == _bare(w) for t, w in zip(title, words, strict=False))


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Words that may follow an office's own words and name only its state: nationality
    adjectives (الروسي، الإيرانية) and the words of state and capital names (فرنسا، موسكو)."""
    lexicon = load_lexicon()
    names = (surface.split() for surface, entry in lexicon.speakers.items() if entry.kind in {"state", "capital"})
    return lexicon.nationality_words | frozenset(word for words in names for word in words)


def _holds(title: tuple[str, ...], office: Office) -> bool:
    """The title is the office's words and then only its state ("وزير الخارجيه الروسي" ←
    "وزير الخارجيه"): any other word makes it another office, headed by the same noun
    ("رييس مجلس الشورى الايراني" is not the president, "رييس الوفد الروسي" not Putin)."""
    return _opens_with(title, office.words) and all(word in _country_words() for word in title[len(office.words):])


def holder(title: str, country: str, day: date | None) -> Office | None:
    """The person holding the office a title names, for that state and date."""
    words = tuple(normalise_plain(title).split())
    found = [o for o in offices() if o.country == country and _holds(words, o)]
    return next((o for o in found if o.held_on(day)), None)


def _office_of(person: str) -> Office | None:
    return next((o for o in offices() if o.person == person), None)


def display_name(speaker: Mention, beside: tuple[Mention, ...], day: date | None) -> tuple[str, str]:
    """(canonical name, role) to show for a speaker mention."""
    if speaker.kind != "title":
        return speaker.canonical, speaker.role
    words = speaker.surface.split()
    if words and words[0] in _COUNTERPART:
        partner = next((m for m in beside if m.kind == "person" and _office_of(m.canonical)), None)
        office = _office_of(partner.canonical) if partner else None
        found = holder(" ".join(office.words), speaker.country, day) if office else None
    else:
        found = holder(speaker.surface, speaker.country, day)
    if found is not None:
        return found.person, found.role
    country = load_lexicon().codebook["countries"].get(speaker.country, {}).get("name", speaker.country)
    english = _english(words)
    return f"{english} ({country})", f"{english} ({country})"
