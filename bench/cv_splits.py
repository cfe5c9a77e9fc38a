"""News cross-validation over several fold splits: the steadier view of a change.

    .venv/bin/python bench/cv_splits.py [SALT ...]      (default: - a b c d e; "-" is the shipped split)

``evaluate --cv 5`` deals the documents into folds by a hash of their names: one split, and
retraining on a slightly different candidate set moves its figures by about ±0.01. This
deals them again with each SALT prepended to the names before hashing (``training.folds_of``'s
``salt``), runs the same
cross-validation (the real pipeline, a model trained without each fold's documents) and
prints core-five detection P / R / F1, full F1 and stance accuracy per split and their mean.
About 40 s per split on 2 cores.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from positions import training  # noqa: E402 - after the project root is on the path

KEYS = ("detection_precision", "detection_recall", "detection_f1", "full_f1", "stance_accuracy")


def main(salts: list[str]) -> None:
    sets = training.default_sets()
    news = next(s for s in sets if s.name == "news")
    unsalted = training.folds_of
    rows = []
    for salt in salts:
        # every split of documents into folds takes the salt: the cross-validation's, and
        # the out-of-fold split inside each fit that chooses the detection threshold
        training.folds_of = partial(unsalted, salt="" if salt == "-" else salt)
        metrics = training.cross_validated_scores(news, sets, training.default_label_files(), 5).summary("core")
        rows.append(metrics)
        print(f"split {salt}: " + "  ".join(f"{k} {metrics[k]:.3f}" for k in KEYS), flush=True)
    print("mean:    " + "  ".join(f"{k} {sum(m[k] for m in rows) / len(rows):.3f}" for k in KEYS))


if __name__ == "__main__":
    main(sys.argv[1:] or ["-", "a", "b", "c", "d", "e"])
