"""Where a word-anchored lexicon regex can match in a sentence: one lookup per word.

Owns the word gates of the speaker-name, title, verb and position-noun regexes. Each of those
regexes opens with ``(?<!\\w)`` and optional clitics, so Python's ``re`` can skip to no literal
and tries it at every character of every sentence. But a match can only start where a word
(a maximal ``\\w`` run) starts, and that word is one of a finite set of strings known in
advance (clitics + an entry's first word + endings): its *openers*. So the sentence's words
are looked up in that set, and the exact regex is tried only at the words found, in text
order, skipping those inside the previous match, which is what ``finditer`` does: the same
matches, in the same order, and no regex run at all in the (most) sentences holding none.
The words are listed once per sentence and shared by every gate (``sentence_words``).

Must not: decide anything the regexes decide; it only says where a match may start.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable

WORD = re.compile(r"\w+")  # the regexes' own \w: a match starts where one of these starts
# "المملكهالعربيه": the speaker regex lets a name's word in ة run into the next article
GLUE = "هال"


_AFTER_ONE = operator.itemgetter(slice(1, None))  # a word without its first letter, sliced in C
_AFTER_TWO = operator.itemgetter(slice(2, None))


def sentence_words(sentence: str) -> list[str]:
    """The words of a normalised sentence, listed once for every gate."""
    return WORD.findall(sentence)


class WordGate:
    """A regex that can only match from the start of a word found in ``openers``; with
    ``clitics`` (the letters of the regex's optional clitic of at most two letters), also from
    a word whose first one or two letters, all of them ``clitics``, precede an opener; with
    ``glued``, also from a word that begins with an opener ending in ه followed by ال."""

    def __init__(self, regex: re.Pattern[str], openers: Iterable[str], glued: bool = False, clitics: str = "") -> None:
        self.regex = regex
        self.openers = frozenset(openers)
        self.glued = glued
        self.clitics = clitics  # one set of forms, not one per clitic: 100,000 verb words cost 18 MB and 50 ms to build
        # the last sentence asked and its matches: a sentence with a speaker asks the verb
        # gate twice (attribution, then its clauses); one tuple, so threads never see half of it
        self._last: tuple[str, tuple[re.Match[str], ...]] = ("", ())

    def _glued_opener(self, word: str) -> bool:
        """Whether ``word`` begins with an opener in ه glued to the next word's article
        ("المملكهالعربيه": "المملكه" + "العربيه")."""
        at = word.find(GLUE)
        while at != -1:
            if word[:at + 1] in self.openers:
                return True
            at = word.find(GLUE, at + 1)
        return False

    def matches(self, sentence: str, words: list[str] | None = None) -> list[re.Match[str]]:
        """``list(self.regex.finditer(sentence))``, the regex tried only where an opening word
        occurs. ``words``: ``sentence_words(sentence)``, when the caller has them.

        Every place a match can start is an occurrence of one of those words, and the exact
        regex decides at each, in text order, from where the previous match ended, as
        ``finditer`` does: an occurrence inside a longer word is tried too, and the regex's
        own ``(?<!\\w)`` and ``(?!\\w)`` turn it down unless ``finditer`` matches there as well.
        """
        last_sentence, last_found = self._last
        if sentence == last_sentence and sentence:
            return list(last_found)
        if words is None:
            words = WORD.findall(sentence)
        openers = self.openers
        mine = openers.intersection(words)
        # a clitic's one or two letters: the opener stands one or two characters into the word.
        # Only a word opening on a clitic letter can be one: slicing every word of the sentence
        # cost more than the rest of the verb gate (a clitic's second letter is one too, so the
        # word's first letter decides both cuts)
        inner: Iterable[str] = ()
        clitics = self.clitics
        if clitics:
            lead = [word for word in words if word[0] in clitics]
            if lead:
                inner = openers.intersection(map(_AFTER_ONE, lead)) | openers.intersection(map(_AFTER_TWO, lead))
        if self.glued and GLUE in sentence:
            mine |= {word for word in words if GLUE in word and self._glued_opener(word)}
        if not mine and not inner:
            return []
        starts: set[int] = set()
        for word in mine:  # a few words at most: str.find, no Python loop over the sentence
            at = sentence.find(word)
            while at != -1:
                starts.add(at)
                at = sentence.find(word, at + 1)
        for word in inner:
            at = sentence.find(word)
            while at != -1:
                starts.update(start for start in (at - 2, at - 1) if start >= 0)
                at = sentence.find(word, at + 1)
        found = []
        match_at = self.regex.match
        end = 0
        for start in sorted(starts):
            if start >= end:
                match = match_at(sentence, start)
                if match is not None:
                    found.append(match)
                    end = match.end()
        self._last = (sentence, tuple(found))
        return found


def combined(*parts: Iterable[str]) -> set[str]:
    """Every concatenation of one string from each part, in order: the words a regex made of
    optional clitics, an entry and optional endings can open on."""
    out = {""}
    for part in parts:
        out = {head + tail for head in out for tail in part}
    return out
