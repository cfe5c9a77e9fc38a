"""News cross-validation over several fold splits: the steadier view of a change.

    .venv/bin/python bench/cv_splits.py [SALT ...]      (default: - a b c d e; "-" is the shipped split)

``evaluate --cv 5`` deals the documents into folds by a hash of their names: one split, and
retraining on a slightly different candidate set moves its figures by about ±0.01. This
deals them again with each SALT prepended to the names before hashing, runs the same
cross-validation (the real pipeline, a model trained without each fold's documents) and
prints core-five detection P / R / F1, full F1 and stance accuracy per split and their mean.
About 40 s per split on 2 cores.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from positions import training  # noqa: E402 - after the project root is on the path

KEYS = ("detection_precision", "detection_recall", "detection_f1", "full_f1", "stance_accuracy")


def salted_folds(salt: str):
    """``training.folds_of`` with ``salt`` before every document name."""
    def folds_of(documents: Iterable[str], folds: int) -> dict[str, int]:
        ranked = sorted(set(documents), key=lambda name: (hashlib.sha256((salt + name).encode("utf-8")).hexdigest(), name))
        return {name: rank % folds for rank, name in enumerate(ranked)}
    return folds_of


def main(salts: list[str]) -> None:
    sets = training.default_sets()
    news = next(s for s in sets if s.name == "news")
    rows = []
    for salt in salts:
        training.folds_of = salted_folds("" if salt == "-" else salt)
        metrics = training.cross_validated_scores(news, sets, training.default_label_files(), 5).summary("core")
        rows.append(metrics)
        print(f"split {salt}: " + "  ".join(f"{k} {metrics[k]:.3f}" for k in KEYS), flush=True)
    print("mean:    " + "  ".join(f"{k} {sum(m[k] for m in rows) / len(rows):.3f}" for k in KEYS))


if __name__ == "__main__":
    main(sys.argv[1:] or ["-", "a", "b", "c", "d", "e"])
