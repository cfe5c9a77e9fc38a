"""Generate a database of synthetic statements with realistic spreads, for dashboard benchmarks.

    .venv/bin/python bench/make_synthetic_db.py OUT.db [--statements 1000000] [--seed 7]

Countries follow a skewed distribution (core states most frequent), each state leans to
its own stances per topic and drifts across the phases, speakers come from the gazetteer,
dates span Sep 2015 – Apr 2016, documents are Arabic built from the cue vocabulary (so
full-text search has real work to do) and each statement's sentence is a span of its
document, as the extractor's are. Written through db.store, so the schema, indexes
and rollups are exactly the app's.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from db.ingest import BULK_CACHE_KIB  # noqa: E402
from db.store import open_database, store_batch  # noqa: E402
from positions.events import phase_of  # noqa: E402
from positions.lexicon import load_lexicon  # noqa: E402
from positions.records import Document, Statement  # noqa: E402
from positions.version import extractor_version  # noqa: E402

COUNTRY_WEIGHTS = {"RUS": 22, "IRN": 15, "USA": 20, "FRA": 9, "SAU": 10, "SYR": 9, "SYR-OPP": 5, "TUR": 4,
                   "GBR": 2, "DEU": 2, "UN": 2}
LEANING = {"RUS": 1, "IRN": 2, "SYR": 2, "USA": -2, "FRA": -2, "SAU": -2, "SYR-OPP": -2, "TUR": -2, "GBR": -1,
           "DEU": -1, "UN": 0}
WORDS = ("قال أكد مصير الأسد الشعب السوري يقرر المرحلة الانتقالية المفاوضات جنيف فيينا الحوار رحيل هيئة حكم "
         "انتقالية انتخابات دستور وقف إطلاق النار المعارضة الحكومة موسكو واشنطن طهران الرياض باريس دمشق").split()
START, DAYS = date(2015, 9, 30), 200
# Stamped as the current extractor's, so `stats` does not call the synthetic statements stale
# and invite a `reextract` that would replace them with what the extractor finds in word salad.
VERSION = extractor_version()


def build(path: Path, statements: int, seed: int, per_document: int = 25) -> None:
    rng = random.Random(seed)
    lexicon = load_lexicon()
    stances = lexicon.codebook["stances"]
    by_topic: dict[str, list[tuple[str, int]]] = {}
    for code, info in stances.items():
        by_topic.setdefault(info["topic"], []).append((code, info["score"]))
    speakers: dict[str, list] = {}
    for entry in lexicon.speakers.values():
        if entry.kind == "person":
            speakers.setdefault(entry.country, []).append(entry)
    countries = list(COUNTRY_WEIGHTS)
    weights = list(COUNTRY_WEIGHTS.values())
    db = open_database(path)
    db.conn.execute(f"pragma cache_size = -{BULK_CACHE_KIB}")  # as ingest runs
    made, batch, number = 0, [], 0
    started = time.perf_counter()
    while made < statements:
        number += 1
        day = START + timedelta(days=rng.randrange(DAYS))
        text = " ".join(rng.choice(WORDS) for _ in range(120))
        doc = Document(name=f"synthetic-{number}.txt", text=f"{number} {text}", date=day.isoformat(),
                       source="synthetic", date_basis="metadata")
        rows = []
        for _ in range(min(per_document, statements - made)):
            country = rng.choices(countries, weights)[0]
            topic = rng.choice(("assad_future", "transition", "negotiations"))
            drift = (day - START).days / DAYS  # positions soften a little over time
            target = LEANING[country] * (1 - 0.4 * drift) + rng.gauss(0, 0.8)
            code, score = min(by_topic[topic], key=lambda cs: abs(cs[1] - target))
            speaker = rng.choice(speakers.get(country) or [None])
            # the sentence is the document's text at its span, as the extractor's always are
            start = rng.randrange(0, len(doc.text) - 160)
            stated = day - timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            rows.append(Statement(
                doc=doc.name, char_start=start, char_end=start + 160, sentence=doc.text[start:start + 160],
                speaker=speaker.canonical if speaker else country, speaker_ar=speaker.surface if speaker else country,
                country=country, role=speaker.role if speaker else "state", topic=topic, stance=code, score=score,
                date=stated.isoformat(), date_basis="metadata", phase=phase_of(stated), cue="synthetic",
                cue_text="", attribution="verb-subject", confidence=round(rng.uniform(0.5, 0.99), 2),
                reported=rng.random() < 0.05))
        made += len(rows)
        batch.append((doc, rows))
        if len(batch) >= 400:
            store_batch(db, batch, extractor=VERSION)
            batch = []
            print(f"\r{made:,} statements", end="", file=sys.stderr)
    store_batch(db, batch, extractor=VERSION)
    db.conn.execute("analyze")
    print(f"\r{made:,} statements in {time.perf_counter() - started:.0f} s → {path}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    build(args.out, args.statements, args.seed)


if __name__ == "__main__":
    main()
