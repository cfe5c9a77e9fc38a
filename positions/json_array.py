"""A JSON array read one element at a time, so one element nested too deeply fails alone.

Owns the fallback for a file that ``json.loads`` cannot read for depth: a SaudiNewsNet day
file holds thousands of articles in one array, and one record with a value nested past
Python's recursion limit would otherwise lose them all. Each element is decoded on its own;
one too deep for the decoder is skipped by a bracket scanner that minds strings and
escapes. Must not interpret the records (the readers do).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class TooDeep:
    """Stands for an element that was skipped because it is nested too deeply."""


class BrokenArray(ValueError):
    """The text is not a JSON array (or breaks off); the message says where."""


def elements(text: str) -> Iterator[object]:
    """The elements of the JSON array ``text``, TooDeep for each one too deeply nested."""
    position = _SPACE.match(text, 0).end()
    if not text.startswith("[", position):
        raise BrokenArray("not a JSON array")
    position = _SPACE.match(text, position + 1).end()
    if text.startswith("]", position):
        return
    while True:
        try:
            value, position = _DECODER.raw_decode(text, position)
        except RecursionError:
            value, position = TooDeep(), _skip_value(text, position)
        except json.JSONDecodeError as error:
            raise BrokenArray(f"invalid JSON at character {error.pos}: {error.msg}") from None
        yield value
        position = _SPACE.match(text, position).end()
        if text.startswith(",", position):
            position = _SPACE.match(text, position + 1).end()
        elif text.startswith("]", position):
            return
        else:
            raise BrokenArray(f"invalid JSON at character {position}: expected ',' or ']'")


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', re.S)


def _skip_value(text: str, start: int) -> int:
    """The end of the nested value starting at ``start`` (strings and escapes respected)."""
    depth = 0
    for token in _TOKENS.finditer(text, start):
        kind = token.group()[0]
        if kind in "[{":
            depth += 1
        elif kind in "]}":
            depth -= 1
            if depth == 0:
                return token.end()
    raise BrokenArray("invalid JSON: a nested value never closes")
