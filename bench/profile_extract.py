"""Where extraction's CPU goes: cProfile of ``extract_dated`` over SaudiNewsNet articles.

    .venv/bin/python bench/profile_extract.py [--corpus DIR] [--articles 1500]

Reads the corpus, keeps the first ``--articles`` articles that pass the Syria gate (the
others cost extraction a substring test), extracts them in this process under cProfile and
prints each step's share of ``extract_dated`` (cumulative time, profiler overhead included).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from positions.classifier import load_model  # noqa: E402
from positions.extract import about_syria, extract_dated  # noqa: E402
from positions.lexicon import load_lexicon  # noqa: E402
from positions.normalise import normalise  # noqa: E402
from positions.readers import read_documents  # noqa: E402
from positions.records import Document  # noqa: E402

STEPS = {
    "word listing (for the gates)": ("wordscan.py", "sentence_words"),  # shared by the two steps below
    "speakers.find_mentions": ("speakers.py", "find_mentions"),
    "speakers.attribute": ("speakers.py", "attribute"),
    "model (features + decisions)": ("classifier.py", "decide"),
    "cues (_spoken_cues)": ("extract.py", "_spoken_cues"),
    "sentence splitting": ("sentences.py", "split_sentences"),
    "tokenising": ("stems.py", "tokens"),
    "topics": ("topics.py", "find_topics"),
    "normalising": ("normalise.py", "normalise"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(PROJECT.parent / "shared" / "corpora" / "saudinewsnet"))
    parser.add_argument("--articles", type=int, default=1500)
    args = parser.parse_args()
    lexicon, model = load_lexicon(), load_model()
    docs = []
    for item in read_documents([args.corpus]):
        if isinstance(item, Document) and about_syria(normalise(item.text).text, lexicon):
            docs.append(item)
            if len(docs) == args.articles:
                break
    profile = cProfile.Profile()
    profile.enable()
    statements = sum(len(extract_dated(doc, lexicon, model)[1]) for doc in docs)
    profile.disable()
    stats = pstats.Stats(profile).stats
    cumulative: dict[tuple[str, str], float] = {}
    for (filename, _, name), (_, _, _, cum, _) in stats.items():
        key = (Path(filename).name, name)
        cumulative[key] = cumulative.get(key, 0.0) + cum
    total = cumulative[("extract.py", "extract_dated")]
    print(f"{len(docs)} articles, {statements} statements, extract_dated {total:.2f} s under the profiler")
    for label, key in STEPS.items():
        print(f"  {label:32s} {cumulative.get(key, 0.0):6.2f} s  {100 * cumulative.get(key, 0.0) / total:5.1f}%")


if __name__ == "__main__":
    main()
