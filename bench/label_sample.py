"""Draw SaudiNewsNet sentences for hand labelling: the ones the model is least sure of.

Uncertainty sampling: every sentence of an article about Syria in which the extractor finds
a candidate (a speaker's words touching a topic) is scored by the shipped model, and the
sentences whose best candidate is nearest the detection threshold are drawn first — the
decisions the model gets wrong most often, where a label teaches it most. At most
``--per-article`` sentences per article; sentences already labelled
(``positions/data/training/labels``) and articles that stand in a gold set are left out.
The draw is deterministic (ties broken by a hash of the sentence).

The output holds what a coder needs and nothing of the extractor's verdict (no candidate,
speaker, topic or probability), so labels are the codebook's, not the model's:
``id, date, source, url, context, sentence, statements: []``.

    .venv/bin/python bench/label_sample.py --count 900 --batch 150 --prefix snu --out /tmp/labels
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from positions.candidates import candidates  # noqa: E402
from positions.classifier import load_model  # noqa: E402
from positions.extract import about_syria, analyse  # noqa: E402
from positions.lexicon import load_lexicon  # noqa: E402
from positions.normalise import normalise, normalise_plain  # noqa: E402
from positions.readers import read_documents  # noqa: E402
from positions.records import Document  # noqa: E402
from positions.training import _documents, default_label_files, default_sets, sentence_key  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpora" / "saudinewsnet"


def _sentence_before(text: str, start: int) -> str:
    """The sentence (or line) before ``start``: who speaks is often named there."""
    before = text[max(0, start - 1500):start].rstrip()
    ends = [m.end() for m in re.finditer(r"[.!?؟\n]", before[:-1])]
    return before[ends[-1] if ends else 0:].strip()[-600:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--count", type=int, default=900)
    parser.add_argument("--batch", type=int, default=150)
    parser.add_argument("--per-article", type=int, default=2)
    parser.add_argument("--prefix", default="snu")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    lexicon, model = load_lexicon(), load_model()
    labelled = {sentence_key(json.loads(line)["sentence"]) for path in default_label_files()
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    gold_texts = [normalise_plain(d.text) for s in default_sets() for d in _documents(s)]
    pool = []
    for doc in read_documents(sorted(args.corpus.glob("*.zip"))):
        if not isinstance(doc, Document):
            continue
        norm = normalise(doc.text)
        if not about_syria(norm.text, lexicon):
            continue
        drawn = []
        for sentence in analyse(doc, norm, lexicon):
            found = [c for c in candidates(sentence, lexicon) if not c.vetoed]
            raw = doc.text[sentence.raw_start:sentence.raw_end].strip()
            key = sentence_key(raw)
            if not found or key in labelled or len(raw) > 900 or any(key in t for t in gold_texts):
                continue  # training skips a sentence that stands in a gold document: no use labelling it
            best = max(model.score(c).detection for c in found)
            distance = abs(best - model.threshold)
            tie = hashlib.sha256(raw.encode("utf-8")).hexdigest()
            drawn.append((distance, tie, doc, raw, key, sentence.raw_start))
        pool.extend(sorted(drawn, key=lambda row: row[:2])[:args.per_article])
    pool.sort(key=lambda row: row[:2])
    seen, chosen = set(), []
    for _, _, doc, raw, key, start in pool:
        if key not in seen:
            seen.add(key)
            chosen.append((doc, _sentence_before(doc.text, start), raw))  # the context only of what is drawn
        if len(chosen) == args.count:
            break
    chosen.sort(key=lambda row: hashlib.sha256(row[2].encode("utf-8")).hexdigest())  # batches mix easy and hard
    args.out.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(chosen), args.batch):
        path = args.out / f"{args.prefix}-{start // args.batch + 1}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for number, (doc, context, raw) in enumerate(chosen[start:start + args.batch], start=start + 1):
                row = {"id": f"{args.prefix}-{number:04d}", "date": doc.date, "source": doc.source, "url": doc.url,
                       "context": context, "sentence": raw, "statements": []}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(path)
    print(f"{len(chosen)} sentences from {len(pool)} drawn")


if __name__ == "__main__":
    main()
