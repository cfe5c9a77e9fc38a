"""Clause boundaries inside a sentence, for clause-level statements.

Owns where a sentence splits when it holds two positions on one topic: a comma followed
by a reporting verb or participle ("…، مشيراً إلى أن …", "…، وأضاف …") opens a new
clause. Offsets are normalised-sentence offsets.
"""

from __future__ import annotations

import re

from positions.lexicon import Lexicon

_COMMA_BEFORE = re.compile(r"[،,؛;]\s*[\"«»“”]?\s*$")
# After a comma, these open the writer's background or another actor's event, not the
# speaker's words: "…، والتي انتهت باتفاق …", "…، في وقت يكثف الكرملين …".
_BACKGROUND = re.compile(r"[،,؛;]\s*(?:[وف]?(?:التي|الذي|الذين|اللذين|اللتين)|في\s+حين|بينما|في\s+وقت|فيما|وسط)(?!\w)")


def clause_bounds(sentence: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """``[start, end)`` of each clause, covering the sentence in order."""
    starts = {0}
    for verb in lexicon.verb_gate.matches(sentence):  # verb_regex.finditer's matches
        if verb.start() > 0 and _COMMA_BEFORE.search(sentence[max(0, verb.start() - 6):verb.start()]):
            starts.add(verb.start())
    starts |= {match.start() + 1 for match in _BACKGROUND.finditer(sentence)}
    ordered = sorted(starts)
    return list(zip(ordered, ordered[1:] + [len(sentence)], strict=True))


def background_clauses(sentence: str, bounds: list[tuple[int, int]]) -> set[int]:
    """Indexes of clauses that open with a background marker (relative clause, في حين …)."""
    return {index for index, (start, _) in enumerate(bounds)
            if start > 0 and _BACKGROUND.match(sentence, start - 1)}


def clause_of(position: int, bounds: list[tuple[int, int]]) -> int:
    """Index of the clause holding ``position``."""
    for index, (start, end) in enumerate(bounds):
        if start <= position < end:
            return index
    return len(bounds) - 1
