"""Explain extraction for the sentences of a document that contain a substring.

    .venv/bin/python bench/explain.py DOC.txt SUBSTRING
Prints each matching sentence's mentions, attributions, topics, cues, candidates and the
model's decision on each (for working through evaluation errors).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from positions.candidates import candidates  # noqa: E402 - after the project root is on the path
from positions.classifier import load_model  # noqa: E402
from positions.extract import analyse  # noqa: E402
from positions.lexicon import load_lexicon  # noqa: E402
from positions.normalise import normalise  # noqa: E402
from positions.records import Document  # noqa: E402


def main(path: str, needle: str) -> None:
    lexicon = load_lexicon()
    model = load_model()
    text = Path(path).read_text(encoding="utf-8")
    doc = Document(name=Path(path).name, text=text)
    for sentence in analyse(doc, normalise(text), lexicon, every_sentence=True):
        raw = text[sentence.raw_start:sentence.raw_end]
        if needle not in raw:
            continue
        print("SENTENCE:", raw[:300])
        for m in sentence.mentions:
            print(f"  mention {m.start}-{m.end} {m.canonical} {m.country} {m.kind}")
        for a in sentence.attributions:
            print(f"  attribution {a.how} @{a.position} verb={a.verb} nested={a.nested_in} neg={a.negative} ->",
                  [m.canonical for m in a.speakers])
        for h in sentence.topics:
            print(f"  topic {h.topic} {h.term!r} @{h.start} role={h.role or '-'} context={h.from_context}")
        for h in sentence.cues:
            print(f"  cue {h.topic} {h.code} w={h.weight} @{h.start} neg={h.negated} {sentence.text[h.start:h.end]!r}")
        for c in candidates(sentence, lexicon) if sentence.attributions else []:
            d = model.score(c)
            print(f"  candidate {c.speaker.country} {c.topic} region={c.region} p={d.detection:.2f} "
                  f"stance={d.stance} conf={d.confidence} {d.cue} {d.reasons}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
