"""Build ``positions/data/common_words.txt``: the words common enough in Arabic news that a
word among them is no one's surname (``positions/introduced.py``), and is kept whole when the
stemmer would cut a root letter off as a clitic (``positions/stems.py``).

    .venv/bin/python bench/common_words.py [--corpus ../shared/corpora/saudinewsnet] [--min-documents 30]

Counts, over the SaudiNewsNet articles, in how many articles each normalised word stands,
and writes those standing in at least ``--min-documents`` of them, sorted, one per line
(the corpus itself is read in place and never copied). Deterministic for a given corpus.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from positions.normalise import normalise_plain  # noqa: E402
from positions.readers import read_documents  # noqa: E402
from positions.records import Document  # noqa: E402

OUT = PROJECT / "positions" / "data" / "common_words.txt"
HEADER = ("# Words standing in at least {n} SaudiNewsNet articles (2015), normalised: common enough\n"
          "# that none is taken for an official's surname (positions/introduced.py), and that the\n"
          "# stemmer keeps one whole whose remainder is not one of them (positions/stems.py).\n"
          "# Rebuilt by: .venv/bin/python bench/common_words.py --min-documents {n}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(PROJECT.parent / "shared" / "corpora" / "saudinewsnet"))
    parser.add_argument("--min-documents", type=int, default=30)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    for doc in read_documents([Path(args.corpus)]):
        if isinstance(doc, Document):
            counts.update(set(re.findall(r"[\u0621-\u064a]+", normalise_plain(doc.text))))
    words = sorted(w for w, n in counts.items() if n >= args.min_documents)
    OUT.write_text(HEADER.format(n=args.min_documents) + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words → {OUT}")


if __name__ == "__main__":
    main()
