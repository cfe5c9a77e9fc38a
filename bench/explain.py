"""Explain extraction for the sentences of a document that contain a substring.

    .venv/bin/python bench/explain.py DOC.txt SUBSTRING
Prints each matching sentence's mentions, attributions and cue hits (for working through
evaluation errors).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from positions.lexicon import load_lexicon  # noqa: E402 - after the project root is on the path
from positions.normalise import normalise  # noqa: E402
from positions.sentences import split_sentences  # noqa: E402
from positions.speakers import attribute, find_mentions  # noqa: E402
from positions.stance import find_cues  # noqa: E402


def main(path: str, needle: str) -> None:
    lexicon = load_lexicon()
    text = open(path, encoding="utf-8").read()
    norm = normalise(text)
    last = None
    for span in split_sentences(text):
        sentence = norm.text[norm.norm_index(span.start):norm.norm_index(span.end)]
        mentions = find_mentions(sentence, lexicon)
        attributions, new_last = attribute(sentence, mentions, lexicon, last)
        if needle in text[span.start:span.end]:
            print("SENTENCE:", text[span.start:span.end][:300])
            print("  last:", [m.canonical for m in last or ()])
            for m in mentions:
                print(f"  mention {m.start}-{m.end} {m.canonical} {m.country} {m.kind}")
            for a in attributions:
                print(f"  attribution {a.how} @{a.position} verb={a.verb} nested={a.nested_in} neg={a.negative} ->",
                      [m.canonical for m in a.speakers])
            for h in find_cues(sentence, lexicon, [(a.position, len(sentence)) for a in attributions if a.negative]):
                print(f"  cue {h.topic} {h.code} w={h.weight} @{h.start} neg={h.negated} {sentence[h.start:h.end]!r}")
        last = new_last


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
