"""Pure speed-ups of the extractor keep its answers: each fast function against the plain
version it replaced, on the inputs that matter to it (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
