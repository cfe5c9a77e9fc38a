"""Officials a document introduces by title and name, found again by their surname.

Owns the document's own gazetteer: "وقال وزير الدفاع التركي فكري إيشيق إن …" names an
official the gazetteer may not know; the title says whose official he is, and the words after
it are his name. The name may also come first, with the title set off by commas after it
("وقال فيليب لالييه، المبعوث الفرنسي إلى سوريا، إن …"). Later sentences often name him by
surname alone ("وأضاف إيشيق أن …"); this module registers the name of a titled mention and
finds the surname (or the whole name) in later sentences of the same document, and a name
before its title in its own sentence too (nothing else there says who speaks).

Must not: guess a name from words that may be anything else. A name here is two or three
words right after a title (or right before it, after a comma or as the subject of a verb of
saying whose title is its bare apposition: "وقال بوريس جونسون وزير الخارجية البريطاني إن"),
none of them a known speaker, a verb form, a word with the article, a particle or a time
word. Its last word is looked for alone only when it is three letters or more and not a
common word of Arabic news (``data/common_words.txt``: "كبير طلب عدم" after a title is no
name, and «عدم» no one's surname); the whole name, only when not every word of it is common.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from positions.lexicon import Lexicon
from positions.speakers import Mention
from positions.stems import common_words, without_conjunction

_WORD = re.compile(r"\w+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")
# particles and adverbs that follow a title without being a name (time words and title
# words are the lexicon's fillers, and words with the article are refused by their article)
_NOT_A_NAME = frozenset(
    "في فى خلال لدي علي عن مع من ان انه انها بان قد كان كانت غدا حول بعد قبل منذ "
    "عقب اثر اثناء ضد عبر بين حيث نفسه ذاته شخصيا سابقا حاليا اول ثاني ثم او و ف".split())
_ARTICLE = ("ال", "لل", "بال", "وال", "فال", "كال")
NAME_WORDS = (2, 3)  # how many words a name after a title may have
# a first name normalisation spells like a preposition (علي = على): a name's first word only,
# with another name word after it whose last word is no common word ("علي لاريجاني", not
# "على هامش")
_FIRST_NAME_PARTICLES = frozenset(("علي",))
MIN_SURNAME = 3  # letters: shorter last words are too often common words


@dataclass(frozen=True)
class Official:
    """A named official of the document: the name as written after his title."""

    name: str  # the normalised full name
    country: str
    role: str  # the title he was introduced with


def _affixed_common(word: str) -> bool:
    """A common word behind a clitic or before a pronoun ("بمقر", "ونتائجها"): no name."""
    common = common_words()
    bare = word[1:] if word[0] in "وفبل" else word
    for suffix in ("هما", "ها", "هم"):
        if bare.endswith(suffix) and bare[:-len(suffix)] in common:
            return True
    return bare != word and bare in common


def _name_word(word: re.Match[str], mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Whether a word may be part of a name: Arabic, no article, no particle, verb,
    nationality, title or time word, no common word behind a clitic, no known speaker."""
    text = word.group(0)
    return bool(_ARABIC_WORD.fullmatch(text)) and not (
        text.startswith(_ARTICLE) or text in _NOT_A_NAME or text in lexicon.verb_kind
        or text in lexicon.nationality_words or text in lexicon.fillers or _affixed_common(text)
        or any(m.start < word.end() and word.start() < m.end for m in mentions))


def _name_after(sentence: str, title: Mention, mentions: list[Mention], lexicon: Lexicon) -> tuple[int, int] | None:
    """The span of the name standing right after ``title`` (two or three name words)."""
    words: list[re.Match[str]] = []
    position = title.end
    for word in _WORD.finditer(sentence, title.end):
        if sentence[position:word.start()].strip() or len(words) == NAME_WORDS[-1]:
            break  # punctuation ends the name, and so does its length
        if not (_name_word(word, mentions, lexicon) or (not words and _first_name_particle(word, mentions))):
            break
        words.append(word)
        position = word.end()
    return _name_span(words)


def _first_name_particle(word: re.Match[str], mentions: list[Mention]) -> bool:
    """A first name spelled like a particle (``_FIRST_NAME_PARTICLES``), outside any mention."""
    return word.group(0) in _FIRST_NAME_PARTICLES and not any(m.start < word.end() and word.start() < m.end
                                                                for m in mentions)


def _name_span(words: list[re.Match[str]]) -> tuple[int, int] | None:
    """The span of ``words`` when they make a name: enough of them, and one that begins with
    a particle-like first name ends on a word that is no common word."""
    if len(words) < NAME_WORDS[0]:
        return None
    if words[0].group(0) in _FIRST_NAME_PARTICLES and words[-1].group(0) in common_words():
        return None
    return words[0].start(), words[-1].end()


_COMMA_BEFORE = re.compile(r"\s*[،,]\s*$")
_SPACE_BEFORE = re.compile(r"\s+$")


def _name_before(sentence: str, title: Mention, mentions: list[Mention], lexicon: Lexicon) -> tuple[int, int] | None:
    """The span of the name right before ``title``, as the subject of the verb before it:
    set off by a comma ("قال فيليب لالييه، المبعوث الفرنسي، إن …": two or three name words,
    and before them a verb of the lexicon, or nothing), or with the title as its bare
    apposition ("وقال بوريس جونسون وزير الخارجية البريطاني إن …": the verb is then required,
    the title has no article — a title with one after a name is a new subject — and not
    every word of the name is a common word of news)."""
    comma = _COMMA_BEFORE.search(sentence, 0, title.start)
    if comma is None:
        return _bare_apposition(sentence, title, mentions, lexicon)
    return _subject_name(sentence, comma.start(), mentions, lexicon, verb_required=False)


def _bare_apposition(sentence: str, title: Mention, mentions: list[Mention], lexicon: Lexicon) -> tuple[int, int] | None:
    """The name right before a title without article that is its apposition, as the subject
    of a verb of saying before it; none where every word of the name is a common word."""
    space = _SPACE_BEFORE.search(sentence, 0, title.start)
    if space is None or sentence[title.start:title.end].startswith(_ARTICLE):
        return None
    span = _subject_name(sentence, space.start(), mentions, lexicon, verb_required=True)
    if span is None or all(word in common_words() for word in sentence[span[0]:span[1]].split()):
        return None
    return span


def _subject_name(sentence: str, end: int, mentions: list[Mention], lexicon: Lexicon,
                  verb_required: bool) -> tuple[int, int] | None:
    """The name ending at ``end``: two or three name words, with a verb of the lexicon right
    before them (or, unless ``verb_required``, the sentence's start)."""
    before = list(_WORD.finditer(sentence, 0, end))
    words: list[re.Match[str]] = []
    while before and len(words) < NAME_WORDS[-1] and _name_word(before[-1], mentions, lexicon):
        words.insert(0, before.pop())
    if before and words and len(words) < NAME_WORDS[-1] and _first_name_particle(before[-1], mentions):
        words.insert(0, before.pop())
    if _name_span(words) is None or (verb_required and not before):
        return None
    if before:
        verb = before[-1].group(0)
        kind = lexicon.verb_kind.get(verb) or lexicon.verb_kind.get(without_conjunction(verb))
        if sentence[before[-1].end():words[0].start()].strip() or kind is None or (verb_required and kind not in _SAYING):
            return None
    return words[0].start(), words[-1].end()


# the verbs whose subject a bare apposition may follow: an act's («التقى ريكس تيلرسون وزير
# الخارجية الروسي») takes its object there
_SAYING = frozenset({"speech", "position", "negative"})


def _introduced(sentence: str, mentions: list[Mention], lexicon: Lexicon,
                name_at: Callable[[str, Mention, list[Mention], Lexicon], tuple[int, int] | None]) -> list[Official]:
    """Officials named beside a title of their state, where ``name_at`` finds the name."""
    found = []
    for mention in mentions:
        if mention.kind != "title":
            continue
        span = name_at(sentence, mention, mentions, lexicon)
        if span is not None:
            found.append(Official(sentence[span[0]:span[1]], mention.country, mention.surface))
    return found


def introduce(sentence: str, mentions: list[Mention], lexicon: Lexicon) -> list[Official]:
    """Officials the sentence names after a title of their state."""
    return _introduced(sentence, mentions, lexicon, _name_after)


def introduce_before(sentence: str, mentions: list[Mention], lexicon: Lexicon) -> list[Official]:
    """Officials the sentence names right before a title of their state set off by a comma."""
    return _introduced(sentence, mentions, lexicon, _name_before)


class Registry:
    """The officials a document has introduced so far, and where a sentence names them."""

    def __init__(self) -> None:
        self._by_word: dict[str, Official] = {}
        self._regex: re.Pattern[str] | None = None

    def add(self, officials: list[Official]) -> None:
        for official in officials:
            surname = official.name.split()[-1]
            if len(surname) >= MIN_SURNAME and surname not in common_words() and surname not in self._by_word:
                self._by_word[surname] = official
                self._regex = None
            if official.name not in self._by_word and not all(w in common_words() for w in official.name.split()):
                # the whole name, even where the surname is too common to look for alone
                self._by_word[official.name] = official
                self._regex = None

    def mentions(self, sentence: str, known: list[Mention]) -> list[Mention]:
        """Mentions of registered officials (full name or surname, after a clitic) that no
        known mention covers."""
        if not self._by_word:
            return []
        if self._regex is None:
            names = sorted(self._by_word, key=len, reverse=True)
            self._regex = re.compile(r"(?<!\w)[وفبل]?(?P<name>" + "|".join(map(re.escape, names)) + r")(?!\w)")
        out = []
        for match in self._regex.finditer(sentence):
            start, end = match.span("name")
            if any(m.start < end and start < m.end for m in known):
                continue
            official = self._by_word[match.group("name")]
            out.append(Mention(start, end, official.name, official.country, "person", official.role, match.group("name")))
        return out
