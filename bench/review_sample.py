"""Precision on articles nobody hand-coded: draw a random sample of statements to judge, then
score the verdicts.

    .venv/bin/python bench/review_sample.py draw DB N --out FILE.tsv [--seed 2015]
    .venv/bin/python bench/review_sample.py score FILE.tsv

``draw`` writes one row per sampled own (not reported) statement with an empty ``verdict``
column; a person reads each sentence and fills in one of:
``ok`` (speaker's state, topic and stance all right), ``speaker`` (wrong or no real speaker
of a state), ``stance`` (right speaker, wrong topic or code), ``none`` (no position on the
codebook's topics at all). ``score`` prints the precision and the count of each error kind.
The sample is drawn from statements sorted by (document, offset, state, topic), so the same
database and seed give the same sample.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
from collections import Counter

COLUMNS = ("doc", "char_start", "speaker", "country", "topic", "stance", "attribution", "cue_text", "sentence")
VERDICTS = ("ok", "speaker", "stance", "none")


def draw(database: str, size: int, out: str, seed: int) -> None:
    # a sentence that is its document's text at its span is not stored (``db.schema``): cut it here
    columns = ", ".join(f"s.{c}" for c in COLUMNS[:-1])
    rows = sqlite3.connect(database).execute(
        f"select {columns}, coalesce(s.sentence, substr(d.text, s.char_start + 1, s.char_end - s.char_start)) "
        "from statements s left join documents d on d.id = s.doc_id where s.reported = 0 "
        "order by s.doc, s.char_start, s.country, s.topic").fetchall()
    sample = sorted(random.Random(seed).sample(rows, min(size, len(rows))), key=lambda r: (r[0], r[1]))
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(("verdict", *COLUMNS))
        for row in sample:
            writer.writerow(("", *(str(v).replace("\n", " ").replace("\t", " ") for v in row)))
    print(f"{len(sample)} of {len(rows)} statements written to {out}")


def score(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        verdicts = [row["verdict"].strip() for row in csv.DictReader(handle, delimiter="\t")]
    unknown = [v for v in verdicts if v not in VERDICTS]
    if unknown:
        sys.exit(f"{path}: verdicts must be one of {', '.join(VERDICTS)}; found {sorted(set(unknown))}")
    counts = Counter(verdicts)
    print(f"judged {len(verdicts)}: precision {counts['ok'] / len(verdicts):.2f} "
          f"(ok {counts['ok']}, wrong speaker {counts['speaker']}, wrong stance or topic {counts['stance']}, "
          f"no position {counts['none']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    drawing = commands.add_parser("draw")
    drawing.add_argument("database")
    drawing.add_argument("size", type=int)
    drawing.add_argument("--out", required=True)
    drawing.add_argument("--seed", type=int, default=2015)
    scoring = commands.add_parser("score")
    scoring.add_argument("path")
    args = parser.parse_args()
    if args.command == "draw":
        draw(args.database, args.size, args.out, args.seed)
    else:
        score(args.path)


if __name__ == "__main__":
    main()
