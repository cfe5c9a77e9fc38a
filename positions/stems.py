"""Words of a normalised sentence and their stems, for topic matching and model features.

Owns tokenisation and stemming. Stems come from the Snowball Arabic stemmer (PyStemmer, the
Snowball project's C build): a published light stemmer, offline, deterministic and about
0.2 µs a word, so stemming a whole corpus costs nothing next to reading it. Snowball wants
standard spelling (hamza seats, teh marbuta, alef maksura), which matching normalisation
erases, so each word is stemmed from the *spelled* view of the text: the raw characters
with only the ones normalisation drops removed (diacritics, tatweel, marks). That view has
exactly the normalised text's offsets, so a token's stem and its matching form line up.
Snowball leaves the conjunction on و/ف + ال words ("والمعارضة"); it is split off first.
Snowball also takes a word's own first letter for a clitic ("وزير" → "زير", "بقاء" → "قاء",
yet "الوزير" → "وزير"): a common word of news whose remainder is not one keeps it, so a word
and its forms with the article or a clitic share one stem.
Stems are normalised afterwards so the lexicon's spelling never matters.

Must not: look at speakers, topics or stances; it only says what the words are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

import Stemmer

from positions.lexicon import DATA_DIR, kaf_collides
from positions.normalise import normalise_plain

_STEMMER = Stemmer.Stemmer("arabic")
_WORD = re.compile(r"[^\W_]+")  # words; "#رياض_حجاب" is two
_CONJUNCTION_ARTICLE = re.compile(r"^[وف](?=ال|لل)")


def without_conjunction(word: str) -> str:
    """A normalised word without its و/ف conjunction, for looking it up in word lists."""
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


@dataclass(frozen=True)
class Token:
    """A word of a normalised sentence: ``[start, end)`` offsets, matching form and stem."""

    start: int
    end: int
    norm: str
    stem: str


@lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """The normalised Snowball stem of one word as spelled (hamzas, ة and ى kept)."""
    if len(word) > 5:
        word = _CONJUNCTION_ARTICLE.sub("", word)
    if not word or not ("\u0621" <= word[0] <= "\u064a"):
        return normalise_plain(word)
    out = normalise_plain(_STEMMER.stemWord(word))
    plain = normalise_plain(word)
    cut = plain.find(out[:2]) if len(out) > 1 else -1
    if 0 < cut <= 2 and all(letter in _CLITIC_LETTERS for letter in plain[:cut]):
        # Snowball takes a root letter for a clitic ("وجود" → "جود", "بلاده" → "لاد",
        # "وبقاء" → "قاء"): the word starts where a common word does whose remainder is none
        common = common_words()
        for start in range(cut):
            if plain[start:] in common and plain[start + 1:] not in common:
                return plain[start:cut] + out
    return out


_CLITIC_LETTERS = "وفبلك"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words common in Arabic news, normalised (``data/common_words.txt``): a word Snowball
    would cut is kept whole when it is one of them and its remainder is not, and none of
    them is taken for an official's surname (``introduced``)."""
    lines = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def tokens(norm_sentence: str, spelled_sentence: str | None = None) -> list[Token]:
    """The words of a normalised sentence with their stems; ``spelled_sentence`` (same
    offsets) gives Snowball the spelling it needs, the normalised form is used without it."""
    source = spelled_sentence if spelled_sentence is not None else norm_sentence
    out = []
    for match in _WORD.finditer(norm_sentence):
        # ``Token(start, end, norm, stem)`` without the frozen dataclass's ``__init__`` (one
        # ``object.__setattr__`` per field, for every word): the same fields, set at once
        start, end = match.span()
        token = _new(Token)
        token.__dict__.update(start=start, end=end, norm=match.group(), stem=stem(source[start:end]))
        out.append(token)
    return out


_new = object.__new__


# clitic and article variants each lexicon word is also stemmed in: Snowball strips some
# prefixes and not others ("بشار" → "شار", "لبشار" stays), so a word is known by all of them
_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "لل", "ولل", "وب", "ول", "س", "وس")

Phrase = tuple[frozenset[str], ...]


SHORT_STEM = 3  # Snowball strips ب/ل from short words: "بقاء" and "لقاء" both stem to "قاء"
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "ات", "ا", "ي", "يه", "ين", "ون")


def word_stems(word: str) -> frozenset[str]:
    """The forms a lexicon word may take in text: the stems of its clitic variants, or —
    when its stem is too short to tell words apart — its spelled-out clitic and suffix
    variants, matched against the normalised word instead."""
    word = word.strip()
    bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
    if len(stem(bare)) <= SHORT_STEM:
        core = normalise_plain(bare)
        core = core[:-1] if core.endswith("ه") and len(core) > 2 else core  # ة: its suffixes attach to ت
        ending = "ت" if core != normalise_plain(bare) else ""
        forms = {normalise_plain(bare)} | {core + ending + suffix for suffix in _SUFFIXES if suffix}
        # «ك» that makes another common word of it is no clitic («كامل» is no «ك» + «أمل»), as in cue words
        return frozenset(prefix + form for prefix in _PREFIXES for form in forms
                         if not (prefix.endswith("ك") and kaf_collides(form)))
    stems = {stem(prefix + bare) for prefix in _PREFIXES} | {stem(word)}
    # a clitic variant may still stem short ("للقاء" → "قاء"): it is known by its spelling
    return frozenset({s for s in stems if len(s) > SHORT_STEM}
                     | {normalise_plain(prefix + bare) for prefix in _PREFIXES})


def phrase(text: str) -> Phrase:
    """A lexicon phrase written in ordinary spelling ("هيئة حكم انتقالية"): stems per word."""
    return tuple(word_stems(word) for word in _WORD.findall(text))


def matches_at(words: list[Token], index: int, wanted: Phrase) -> bool:
    """Whether ``wanted`` stands in ``words`` from ``index`` on (adjacent, in order)."""
    return index + len(wanted) <= len(words) and all(
        words[index + k].stem in wanted[k] or words[index + k].norm in wanted[k] for k in range(len(wanted)))


V = TypeVar("V")


class PhraseIndex(Generic[V]):
    """Lexicon phrases indexed by the forms of their first word, so finding every phrase in
    a sentence costs a dictionary lookup per word instead of a comparison per phrase."""

    def __init__(self, entries: Iterable[tuple[Phrase, V]]):
        self._by_first: dict[str, list[tuple[int, Phrase, V]]] = {}
        for rank, (wanted, value) in enumerate(entries):
            for form in wanted[0] if wanted else ():
                self._by_first.setdefault(form, []).append((rank, wanted, value))

    def at(self, words: list[Token], index: int) -> list[tuple[int, Phrase, V]]:
        """(rank, phrase, value) of every phrase standing in ``words`` from ``index`` on, in
        the order the entries were given."""
        word = words[index]
        found = self._by_first.get(word.stem, [])
        if word.norm != word.stem:
            found = found + self._by_first.get(word.norm, [])
        if not found:  # most words open no phrase
            return []
        return sorted({id(p): (rank, p, v) for rank, p, v in found if matches_at(words, index, p)}.values(),
                      key=lambda item: item[0])

    def starts(self, words: list[Token]) -> list[int]:
        """Indexes of the words a phrase may open at (their stem or form is a first word's):
        ``at`` finds nothing elsewhere, so a scan asks it only here, not at every word."""
        by_first = self._by_first
        return [i for i, word in enumerate(words) if word.stem in by_first or word.norm in by_first]

    def occurs(self, words: list[Token]) -> bool:
        """Whether any phrase stands anywhere in ``words``."""
        return any(self.at(words, i) for i in self.starts(words))
