"""Scoring extracted statements against hand-coded gold, by the rules of gold/README.md.

Owns the metrics: detection (country + topic + overlapping place), full (also the stance),
stance accuracy, within-one-step accuracy and date accuracy (±3 days) on detection hits,
for all states and for the five core states; plus the error lists (false positives, false
negatives, stance errors) and a confusion table per code, so errors can be worked through.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

CORE = ("RUS", "IRN", "USA", "FRA", "SAU")


@dataclass
class GoldItem:
    doc: str
    start: int
    end: int
    country: str
    topic: str
    stance: str
    score: int
    date: str | None
    optional: bool
    speaker: str
    anchor: str


@dataclass
class Scores:
    """Counts and the errors behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    full_tp: int = 0
    within_one: int = 0
    date_ok: int = 0
    false_positives: list[dict] = field(default_factory=list)
    false_negatives: list[GoldItem] = field(default_factory=list)
    stance_errors: list[tuple[GoldItem, dict]] = field(default_factory=list)
    confusion: Counter = field(default_factory=Counter)
    # (confidence, right in place, state, topic and stance) of every prediction that was
    # judged: a true positive or a false positive (not one hitting only arguable items)
    judged: list[tuple[float, bool]] = field(default_factory=list)

    def calibration(self, bins: int = 5) -> tuple[float, list[tuple[float, float, int]]]:
        """Expected calibration error, and per confidence bin (mean confidence, share right, count)."""
        rows = []
        for index in range(bins):
            low, high = index / bins, (index + 1) / bins
            inside = [(c, ok) for c, ok in self.judged if low <= c < high or (index == bins - 1 and c == 1.0)]
            if inside:
                rows.append((sum(c for c, _ in inside) / len(inside), sum(ok for _, ok in inside) / len(inside), len(inside)))
        total = sum(n for _, _, n in rows)
        error = sum(n * abs(conf - right) for conf, right, n in rows) / total if total else 0.0
        return round(error, 3), rows

    def metrics(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        def f1(p: float, r: float) -> float:
            return round(2 * p * r / (p + r), 3) if p + r else 0.0

        det_p, det_r = ratio(self.tp, self.tp + self.fp), ratio(self.tp, self.tp + self.fn)
        full_p, full_r = ratio(self.full_tp, self.tp + self.fp), ratio(self.full_tp, self.tp + self.fn)
        return {
            "gold": self.tp + self.fn, "predicted": self.tp + self.fp, "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "detection_precision": det_p, "detection_recall": det_r, "detection_f1": f1(det_p, det_r),
            "full_precision": full_p, "full_recall": full_r, "full_f1": f1(full_p, full_r),
            "stance_accuracy": ratio(self.full_tp, self.tp), "within_one_accuracy": ratio(self.within_one, self.tp),
            "date_accuracy": ratio(self.date_ok, self.tp),
        }


def load_gold(gold_path: Path, docs_dir: Path) -> list[GoldItem]:
    """Gold items located in the raw documents (anchor occurrence → span)."""
    texts: dict[str, str] = {}
    items = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["doc"] not in texts:
            texts[row["doc"]] = (docs_dir / row["doc"]).read_text(encoding="utf-8")
        text = texts[row["doc"]]
        start = -1
        for _ in range(int(row.get("occurrence") or 1)):
            start = text.find(row["anchor"], start + 1)
            if start < 0:
                raise ValueError(f"{gold_path}: anchor not found in {row['doc']}: {row['anchor'][:40]}")
        items.append(GoldItem(row["doc"], start, start + len(row["anchor"]), row["country"], row["topic"],
                              row["stance"], int(row["score"]), row.get("date"), bool(row.get("optional")),
                              row.get("speaker", ""), row["anchor"]))
    return items


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def score(predictions: list[dict], gold: list[GoldItem], countries: tuple[str, ...] | None = None) -> Scores:
    """Match predictions to gold items (restricted to ``countries`` when given)."""
    if countries is not None:
        predictions = [p for p in predictions if p["country"] in countries]
        gold = [g for g in gold if g.country in countries]
    result = Scores()

    def hits(prediction: dict, item: GoldItem) -> bool:
        return (prediction["doc"] == item.doc and prediction["country"] == item.country
                and prediction["topic"] == item.topic
                and prediction["char_start"] < item.end and item.start < prediction["char_end"])

    taken: dict[int, dict] = {}
    scored = [i for i, g in enumerate(gold) if not g.optional]
    # Right-stance predictions claim their items first, then the rest.
    for right_stance in (True, False):
        for prediction in predictions:
            if any(p is prediction for p in taken.values()):
                continue
            for index in scored:
                item = gold[index]
                if index in taken or not hits(prediction, item):
                    continue
                if right_stance and prediction["stance"] != item.stance:
                    continue
                taken[index] = prediction
                break
    claimed = {id(p) for p in taken.values()}
    for prediction in predictions:
        if id(prediction) in claimed:
            continue
        if not any(hits(prediction, item) for item in gold):
            result.fp += 1
            result.false_positives.append(prediction)
            result.judged.append((float(prediction.get("confidence") or 0.0), False))
    for index in scored:
        item = gold[index]
        prediction = taken.get(index)
        if prediction is None:
            result.fn += 1
            result.false_negatives.append(item)
            result.confusion[(item.stance, "(missed)")] += 1
            continue
        result.tp += 1
        result.confusion[(item.stance, prediction["stance"])] += 1
        result.judged.append((float(prediction.get("confidence") or 0.0), prediction["stance"] == item.stance))
        if prediction["stance"] == item.stance:
            result.full_tp += 1
        else:
            result.stance_errors.append((item, prediction))
        if abs(int(prediction["score"]) - item.score) <= 1:
            result.within_one += 1
        apart = _days_apart(prediction.get("date"), item.date)
        if apart is not None and apart <= 3:
            result.date_ok += 1
    return result


def report(all_states: Scores, core: Scores, details: bool = True,
           summaries: tuple[dict, dict] | None = None) -> str:
    """Human-readable metrics, confusion table and error lists."""
    lines = []
    names = ["detection_precision", "detection_recall", "detection_f1", "full_precision", "full_recall",
             "full_f1", "stance_accuracy", "within_one_accuracy", "date_accuracy"]
    if details:
        lines.append("Confusion (gold → predicted), core five:")
        for (gold_code, predicted), count in sorted(core.confusion.items()):
            lines.append(f"  {gold_code:32} → {predicted:32} {count}")
        lines.append("")
        lines.append(f"False positives ({len(all_states.false_positives)}):")
        for p in all_states.false_positives:
            lines.append(f"  FP {p['doc'][:3]} {p['country']:7} {p['topic']:12} {p['stance']:30} {p['speaker'][:22]:22} "
                         f"[{p['attribution']}] cue={p['cue_text'][:30]!r} | {p['sentence'][:110]}")
        lines.append(f"False negatives ({len(all_states.false_negatives)}):")
        for g in all_states.false_negatives:
            lines.append(f"  FN {g.doc[:3]} {g.country:7} {g.topic:12} {g.stance:30} {g.speaker[:22]:22} | {g.anchor[:90]}")
        lines.append(f"Stance errors ({len(all_states.stance_errors)}):")
        for g, p in all_states.stance_errors:
            lines.append(f"  SE {g.doc[:3]} {g.country:7} gold={g.stance} predicted={p['stance']} cue={p['cue_text'][:30]!r} | {g.anchor[:80]}")
        lines.append("")
    lines.append(f"{'metric':22} {'all states':>10} {'core five':>10}")
    a, c = summaries or (all_states.metrics(), core.metrics())
    for key in ("gold", "predicted", "tp", "fp", "fn"):
        lines.append(f"{key:22} {a[key]:>10} {c[key]:>10}")
    for key in names:
        lines.append(f"{key:22} {a[key]:>10.3f} {c[key]:>10.3f}")
    return "\n".join(lines)


@dataclass
class SetResult:
    """One gold set's scores; with cross-validation also each fold's metrics."""

    all_states: Scores
    core: Scores
    folds: list[dict] | None = None  # per fold: {"all": metrics, "core": metrics}

    def summary(self, which: str) -> dict[str, float | int]:
        """The metrics to report: the mean over folds when cross-validated, else the set's."""
        pooled = (self.all_states if which == "all" else self.core).metrics()
        if not self.folds:
            return pooled
        folds = [f[which] for f in self.folds]
        out: dict[str, float | int] = {k: sum(f[k] for f in folds) for k in ("gold", "predicted", "tp", "fp", "fn")}
        for key in pooled:
            if key not in out:
                out[key] = round(sum(f[key] for f in folds) / len(folds), 3)
        return out


def evaluate_set(gold_path: Path, docs: Path, meta: Path | None, extract) -> SetResult:
    """Run ``extract`` over a gold set's documents and score it."""
    from positions.readers import read_documents
    from positions.records import Document

    gold = load_gold(gold_path, docs)
    predictions = [s.to_dict() for item in read_documents([docs], meta) if isinstance(item, Document)
                   for s in extract(item)]
    return SetResult(score(predictions, gold), score(predictions, gold, CORE))


def report_many(results: dict[str, SetResult], as_json: bool = False, details: bool = True) -> str:
    """Each set's report (error lists from all of its predictions), or all metrics as JSON."""
    if as_json:
        return json.dumps({name: {"all": r.summary("all"), "core": r.summary("core"),
                                  **({"folds": r.folds} if r.folds else {})} for name, r in results.items()}, indent=2)
    out = []
    for name, result in results.items():
        title = f"== {name}"
        if result.folds:
            title += (f": cross-validated, {len(result.folds)} folds by document; metrics are the mean over folds, "
                      "each scored by a model that never saw its documents")
        out.append(title)
        out.append(report(result.all_states, result.core, details=details,
                          summaries=(result.summary("all"), result.summary("core"))))
        if result.folds:
            pooled = {which: (result.all_states if which == "all" else result.core).metrics() for which in ("all", "core")}
            out.append("pooled over the folds (every prediction against every gold item, each from a model that did not "
                       "see its document):")
            for key in ("detection_precision", "detection_recall", "detection_f1", "full_f1", "stance_accuracy"):
                out.append(f"{key:22} {pooled['all'][key]:>10.3f} {pooled['core'][key]:>10.3f}")
            error, rows = result.all_states.calibration()
            out.append(f"confidence calibration, all states (expected calibration error {error:.3f}): "
                       + "; ".join(f"said {conf:.2f} → right {right:.2f} (n={n})" for conf, right, n in rows))
        out.append("")
    return "\n".join(out).rstrip()
