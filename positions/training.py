"""Training the learned model from hand-coded statements, and measuring it honestly.

Owns turning gold sets (``gold/README.md`` format: documents + gold.jsonl) and labelled
sentences (``data/training/labels/*.jsonl``) into examples — every candidate of
``positions.candidates`` with its features and whether a coder kept it, and with which
stance — fitting the detection and stance models (scikit-learn logistic regressions, and
extremely randomised trees for detection), and writing the artefact ``positions.classifier``
reads. Everything is deterministic: sorted inputs, fixed folds, solvers without randomness
and the trees' random state fixed, so ``python -m positions train`` rebuilds the shipped
model byte for byte.

Also owns cross-validation by document: the model is scored only on documents it did not
train on, fold by fold, which is the figure to report (never a training fit).

Must not: be imported at extraction time (scikit-learn is a training dependency only).
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from positions.candidates import candidates
from positions.classifier import Model, logit
from positions.evaluate import GoldItem, load_gold
from positions.extract import about_syria, analyse
from positions.features import features, structural
from positions.lexicon import DATA_DIR, Lexicon, load_lexicon
from positions.normalise import normalise, normalise_plain
from positions.readers import read_documents
from positions.records import Document

TRAINING_DIR = DATA_DIR / "training"
TOPICS = ("assad_future", "transition", "negotiations")
MIN_FEATURE_COUNT = 2
DETECT_C = 0.3
STANCE_C = 1.0
INNER_FOLDS = 4
INNER_REPEATS = ("", "repeat-1", "repeat-2")
OPTIONAL_STANCE_WEIGHT = 0.5
OPTIONAL_DETECTION_WEIGHT = 0.5
CUE_OVERRIDE_CHOICES = (None, 7, 6, 5, 4)
TREES = 50  # the detection forest: 100 or 500 trees did no better out of fold, and each tree costs time per candidate
TREE_LEAF = 5  # examples a leaf must hold: shallow trees, a small artefact, no memorised sentences


@dataclass(frozen=True)
class GoldSet:
    """A folder of documents with its hand-coded statements (gold/README.md format)."""

    name: str
    gold: Path
    docs: Path
    meta: Path | None = None


@dataclass
class Example:
    """One candidate with its features and what the coders said of it."""

    doc: str  # the document (the unit of a cross-validation fold)
    group: tuple  # (doc, sentence, country, topic): one decision per group at extraction
    topic: str
    features: dict[str, float]
    label: str  # "statement", "optional" (neither rewarded nor penalised), "none", or "missed":
    # a coded statement no candidate reaches (no features; counted as a miss when the
    # threshold is chosen, so it is chosen for the F1 the scorer will see, not the candidates')
    stance: str | None  # the coders' stance when the candidate hits a gold item
    cue_code: str | None = None  # the strongest rule cue of the candidate, and its weight
    cue_weight: int = 0


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)  # examples per gold set / label file


def default_sets(directory: Path = TRAINING_DIR) -> list[GoldSet]:
    """The gold sets shipped under data/training: one folder each with docs/, gold.jsonl, meta.jsonl."""
    sets = []
    for folder in sorted(p for p in directory.iterdir() if (p / "gold.jsonl").exists()):
        meta = folder / "meta.jsonl"
        sets.append(GoldSet(folder.name, folder / "gold.jsonl", folder / "docs", meta if meta.exists() else None))
    return sets


def default_label_files(directory: Path = TRAINING_DIR / "labels") -> list[Path]:
    return sorted(directory.glob("*.jsonl")) if directory.exists() else []


def _documents(gold_set: GoldSet) -> list[Document]:
    return sorted((d for d in read_documents([gold_set.docs], gold_set.meta) if isinstance(d, Document)),
                  key=lambda d: d.name)


def _hits(doc: Document, raw_span: tuple[int, int], country: str, topic: str, gold: list[GoldItem]) -> list[GoldItem]:
    return [g for g in gold if g.doc == doc.name and g.country == country and g.topic == topic
            and raw_span[0] < g.end and g.start < raw_span[1]]


def _label(hits: list[GoldItem]) -> tuple[str, str | None]:
    scored = [g for g in hits if not g.optional]
    if scored:
        return "statement", scored[0].stance
    if hits:
        return "optional", hits[0].stance
    return "none", None


def document_examples(doc: Document, gold: list[GoldItem], lexicon: Lexicon,
                      window: tuple[int, int] | None = None) -> list[Example]:
    """Examples of one document; with ``window`` only candidates whose sentence overlaps it.
    Coded statements (in the window) that no candidate reaches come out as "missed"."""
    norm = normalise(doc.text)
    out = []
    reached: set[int] = set()
    for sentence in analyse(doc, norm, lexicon) if about_syria(norm.text, lexicon) else []:
        if window and not (sentence.raw_start < window[1] and window[0] < sentence.raw_end):
            continue
        for candidate in candidates(sentence, lexicon):
            if candidate.vetoed:  # never decided at extraction either
                continue
            country = candidate.speaker.country
            hits = _hits(doc, (sentence.raw_start, sentence.raw_end), country, candidate.topic, gold)
            reached.update(id(g) for g in hits)
            label, stance = _label(hits)
            cue = candidate.cue
            out.append(Example(doc.name, (doc.name, sentence.index, country, candidate.topic), candidate.topic,
                               features(candidate), label, stance, cue.code if cue else None, cue.weight if cue else 0))
    for index, item in enumerate(gold):
        if (item.doc == doc.name and not item.optional and id(item) not in reached
                and (window is None or (item.start < window[1] and window[0] < item.end))):
            out.append(Example(doc.name, ("missed", doc.name, index, item.country, item.topic), item.topic, {},
                               "missed", item.stance))
    return out


def gold_set_examples(gold_set: GoldSet, lexicon: Lexicon) -> list[Example]:
    gold = load_gold(gold_set.gold, gold_set.docs)
    return [e for doc in _documents(gold_set) for e in document_examples(doc, gold, lexicon)]


def sentence_key(sentence: str) -> str:
    """How a labelled sentence is known in a normalised gold text: its first 120 normalised
    characters (enough to be unique, short enough to survive a different ending)."""
    return normalise_plain(sentence)[:120]


def labelled_sentence_examples(path: Path, lexicon: Lexicon, exclude_texts: Iterable[str] = ()) -> list[Example]:
    """Examples from sentences labelled to the codebook: each is a small document, the
    sentence after its context, and only candidates of the sentence itself count.
    Sentences that also stand in a gold document are skipped, so cross-validation by
    document never sees a held-out sentence through its labelled copy."""
    excluded = [normalise_plain(t) for t in exclude_texts]
    out = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        sentence = row["sentence"]
        key = sentence_key(sentence)
        if any(key in text for text in excluded):
            continue
        context = row.get("context") or ""
        text = f"{context}\n{sentence}" if context else sentence
        start = len(text) - len(sentence)
        doc = Document(name=f"{path.stem}:{row['id']}", text=text, date=row.get("date"))
        gold = [GoldItem(doc.name, start, len(text), s["country"], s["topic"], s["stance"], int(s["score"]),
                         row.get("date"), bool(s.get("optional")), s.get("speaker", ""), sentence)
                for s in row.get("statements", [])]
        try:
            out.extend(document_examples(doc, gold, lexicon, window=(start, len(text))))
        except (KeyError, ValueError) as error:
            raise ValueError(f"{path}:{line_number}: {error}") from error
    return out


def collect(sets: list[GoldSet], label_files: list[Path], lexicon: Lexicon | None = None) -> TrainingData:
    """Every example of the gold sets and labelled sentences."""
    lexicon = lexicon or load_lexicon()
    data = TrainingData()
    gold_texts = [d.text for s in sets for d in _documents(s)]
    for gold_set in sets:
        examples = gold_set_examples(gold_set, lexicon)
        data.examples.extend(examples)
        data.sources[gold_set.name] = len(examples)
    for path in label_files:
        examples = labelled_sentence_examples(path, lexicon, gold_texts)
        data.examples.extend(examples)
        data.sources[path.name] = len(examples)
    return data


# ---------------------------------------------------------------- fitting


def folds_of(documents: Iterable[str], folds: int, salt: str = "") -> dict[str, int]:
    """Each document's fold: documents shuffled by a stable hash of their names, then dealt
    round-robin, so folds are balanced and never depend on the order documents come in.
    ``salt``, put before every name, deals another split (bench/cv_splits.py)."""
    ranked = sorted(set(documents), key=lambda name: (hashlib.sha256((salt + name).encode("utf-8")).hexdigest(), name))
    return {name: rank % folds for rank, name in enumerate(ranked)}


def _vectoriser(rows: list[dict[str, float]]) -> DictVectorizer:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for name in row:
            counts[name] += 1
    vocabulary = sorted(name for name, count in counts.items() if count >= MIN_FEATURE_COUNT)
    vectoriser = DictVectorizer(sort=True)
    vectoriser.fit([{name: 1.0 for name in vocabulary}])
    return vectoriser


def _fit_detection(examples: list[Example]) -> dict:
    """Statements against candidates the coders left out; arguable (optional) statements
    count as statements at a lower weight: they look like positions, and predicting one is
    never penalised by the scoring rules. Two models, averaged at run time: a logistic
    regression over every feature, and a forest over the structural ones only."""
    rows = [e for e in examples if e.label in {"statement", "none", "optional"}]
    vectoriser = _vectoriser([e.features for e in rows])
    x = vectoriser.transform([e.features for e in rows])
    y = np.array([e.label != "none" for e in rows], dtype=int)
    weight = np.array([OPTIONAL_DETECTION_WEIGHT if e.label == "optional" else 1.0 for e in rows])
    if len(set(y)) < 2:  # a fold with one kind of example only: a constant guess
        share = float(y.mean()) if len(y) else 0.0
        return {"bias": round(math.log((share + 0.01) / (1.01 - share)), 5), "weights": {}}
    model = LogisticRegression(C=DETECT_C, solver="lbfgs", max_iter=5000)
    model.fit(x, y, sample_weight=weight)
    names = vectoriser.get_feature_names_out()
    weights = {str(n): round(float(w), 5) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 1e-5}
    return {"bias": round(float(model.intercept_[0]), 5), "weights": weights, "forest": _fit_forest(rows, y, weight)}


def _fit_forest(rows: list[Example], y: np.ndarray, weight: np.ndarray) -> dict:
    """Extremely randomised trees over how the sentence is built (cues, attribution, topic
    terms, negation, quotes …), not its words: they weigh one feature by another (a cue in
    a carried sentence, a quotation with no cue), which a linear model cannot. Out of fold
    on the news gold, averaging them with the logistic model raised detection F1 by 0.02 on
    each of four splits of the documents. Written as plain node lists, so that inference
    needs no scikit-learn: a leaf is ``[P(statement)]``, a split is
    ``[feature, threshold, left, right]`` (left when the value is at most the threshold)."""
    shaped = [{k: v for k, v in e.features.items() if structural(k)} for e in rows]
    vectoriser = _vectoriser(shaped)
    forest = ExtraTreesClassifier(n_estimators=TREES, min_samples_leaf=TREE_LEAF, random_state=0, n_jobs=1)
    forest.fit(vectoriser.transform(shaped), y, sample_weight=weight)
    names = vectoriser.get_feature_names_out()
    used = sorted({str(names[f]) for tree in forest.estimators_ for f in tree.tree_.feature if f >= 0})
    index = {name: i for i, name in enumerate(used)}
    positive = list(forest.classes_).index(1)
    trees = []
    for estimator in forest.estimators_:
        tree = estimator.tree_
        nodes: list[list] = []
        for node in range(tree.node_count):
            if tree.children_left[node] < 0:
                counts = tree.value[node][0]
                nodes.append([round(float(counts[positive] / counts.sum()), 4)])
            else:
                nodes.append([index[str(names[tree.feature[node]])], round(float(tree.threshold[node]), 6),
                              int(tree.children_left[node]), int(tree.children_right[node])])
        trees.append(nodes)
    return {"features": used, "trees": trees}


def _fit_stance(examples: list[Example]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for topic in TOPICS:
        rows = [e for e in examples if e.topic == topic and e.stance and e.label in {"statement", "optional"}]
        classes = sorted({e.stance for e in rows})
        if len(classes) < 2:
            out[topic] = {"classes": classes or [_DEFAULT[topic]], "bias": [0.0], "weights": {}}
            continue
        vectoriser = _vectoriser([e.features for e in rows])
        x = vectoriser.transform([e.features for e in rows])
        y = [e.stance for e in rows]
        weight = [1.0 if e.label == "statement" else OPTIONAL_STANCE_WEIGHT for e in rows]
        model = LogisticRegression(C=STANCE_C, solver="lbfgs", max_iter=5000)
        model.fit(x, y, sample_weight=weight)
        names = vectoriser.get_feature_names_out()
        coef = model.coef_ if len(classes) > 2 else np.vstack([-model.coef_[0], model.coef_[0]])
        bias = model.intercept_ if len(classes) > 2 else np.array([-model.intercept_[0], model.intercept_[0]])
        weights = {str(n): [round(float(c), 5) for c in coef[:, i]] for i, n in enumerate(names)
                   if np.abs(coef[:, i]).max() >= 1e-5}
        out[topic] = {"classes": [str(c) for c in model.classes_], "bias": [round(float(b), 5) for b in bias],
                      "weights": weights}
    return out


_DEFAULT = {"assad_future": "assad_must_go", "transition": "transition_support", "negotiations": "talks_support"}


def _fit_models(examples: list[Example]) -> dict:
    return {"detect": {**_fit_detection(examples), "threshold": 0.5}, "stance": _fit_stance(examples),
            "cue_override": None, "cue_keep": None, "cue_precision": 0.9, "calibration": [0.0, 1.0, 0.0]}


Scored = list[tuple[Example, float, str, float]]  # (example, detection p, stance, stance p)


def _out_of_fold(examples: list[Example], folds: int, repeat: str = "") -> Scored:
    """(example, detection probability, stance, stance probability) from models that did
    not see the example's document; ``repeat`` deals the documents into folds another way."""
    out = []
    # the first deal is folds_of's own (bench/cv_splits.py salts it), the repeats add theirs
    fold_of = folds_of((e.doc for e in examples), folds, salt=repeat) if repeat else folds_of((e.doc for e in examples), folds)
    for fold in range(folds):
        train = [e for e in examples if fold_of[e.doc] != fold]
        test = [e for e in examples if fold_of[e.doc] == fold]
        if not test or not train:
            continue
        model = Model(_fit_models(train))
        for e in test:
            stance, p_stance, _ = model.stance(e.topic, e.features)
            out.append((e, model.detection(e.features), stance, p_stance))
    return out


def _mean_group_f1(repeats: list[Scored], keep) -> float:
    """``_group_f1`` averaged over the deals of the documents (``INNER_REPEATS``): one deal's
    argmax jumps with any small change of the examples, the mean moves less."""
    return round(sum(_group_f1(scored, keep) for scored in repeats) / len(repeats), 6)


THRESHOLD_WINDOW = 2  # grid steps on each side over which a threshold's F1 is averaged


def _best_threshold(repeats: list[Scored]) -> float:
    """The detection threshold with the best F1 over groups (one decision per group), on
    average over the repeats and over its neighbours on the grid (``THRESHOLD_WINDOW``); on
    a tie the lower one. The F1 curve is flat near its top, so its bare argmax jumps between
    the plateau's ends with any small change of the data (0.44 ↔ 0.50); the middle of the
    plateau is the same choice for every retraining."""
    thresholds = [t / 100 for t in range(10, 91, 2)]
    f1 = [_mean_group_f1(repeats, lambda e, p, t=t: p >= t) for t in thresholds]

    def smoothed(i: int) -> float:
        window = f1[max(0, i - THRESHOLD_WINDOW):i + THRESHOLD_WINDOW + 1]
        return round(sum(window) / len(window), 6)

    best = max(range(len(thresholds)), key=lambda i: (smoothed(i), -i))
    return thresholds[best]


CUE_KEEP_CHOICES = (None, 7, 6, 5, 4, 3, 2)


def _direct(example: Example) -> bool:
    """The candidate's own words hold the topic: not relayed, not only a lead-in."""
    return "reported" not in example.features and "lead-in" not in example.features


def _group_f1(scored: Scored, keep) -> float:
    """F1 over groups as the scorer counts it: a missed statement is a miss whatever is kept."""
    groups: dict[tuple, tuple[bool, float, str]] = {}
    for e, p, _, _ in scored:
        if e.label == "optional":
            continue
        kept = e.label != "missed" and keep(e, p)
        current = groups.get(e.group)
        if current is None or (kept, p) > (current[0], current[1]):
            groups[e.group] = (kept, p, "statement" if e.label == "missed" else e.label)
    tp = sum(1 for kept, _, label in groups.values() if kept and label == "statement")
    fp = sum(1 for kept, _, label in groups.values() if kept and label != "statement")
    fn = sum(1 for kept, _, label in groups.values() if not kept and label == "statement")
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _best_cue_keep(repeats: list[Scored], threshold: float) -> int | None:
    """The rule-cue weight from which a candidate whose own words hold the cue is kept
    whatever the detection model says (the cues as high-precision evidence), or None; on a
    tie the lower weight, which keeps more."""
    def f1(weight: int | None) -> float:
        return _mean_group_f1(repeats, lambda e, p: p >= threshold or (
            weight is not None and _direct(e) and e.cue_code is not None and e.cue_weight >= weight))

    return max(CUE_KEEP_CHOICES, key=lambda w: (f1(w), -(w or 99)))


def _best_cue_override(scored: Scored) -> tuple[int | None, float]:
    """The cue weight from which a rule cue's code beats the model's stance, and how often
    such cues are right."""
    positives = [(e, stance) for e, _, stance, _ in scored if e.label == "statement" and e.stance]

    def accuracy(override: int | None) -> float:
        right = 0
        for e, stance in positives:
            use_cue = override is not None and e.cue_code is not None and e.cue_weight >= override
            right += (e.cue_code if use_cue else stance) == e.stance
        return right / len(positives) if positives else 0.0

    best = max(CUE_OVERRIDE_CHOICES, key=lambda o: (round(accuracy(o), 6), o is None))
    cued = [(e, s) for e, s in positives if best is not None and e.cue_code and e.cue_weight >= best]
    precision = sum(e.cue_code == e.stance for e, _ in cued) / len(cued) if cued else 0.9
    return best, round(precision, 4)


def _calibration(scored: Scored, override: int | None,
                 cue_precision: float) -> list[float]:
    rows, outcome = [], []
    for e, p, stance, p_stance in scored:
        if e.label in {"optional", "missed"}:  # the confidence is of statements made
            continue
        use_cue = override is not None and e.cue_code is not None and e.cue_weight >= override
        final, p_final = (e.cue_code, cue_precision) if use_cue else (stance, p_stance)
        rows.append([logit(p), logit(p_final)])
        outcome.append(int(e.label == "statement" and final == e.stance))
    if len(set(outcome)) < 2:
        return [0.0, 1.0, 0.0]
    model = LogisticRegression(C=100.0, solver="lbfgs")
    model.fit(np.array(rows), np.array(outcome))
    return [round(float(model.intercept_[0]), 5), round(float(model.coef_[0][0]), 5), round(float(model.coef_[0][1]), 5)]


def fit(examples: list[Example]) -> dict:
    """The model artefact: detection and stance models on every example, with the
    threshold, cue override and calibration chosen on out-of-fold predictions (each example
    scored once per deal of ``INNER_REPEATS``)."""
    artefact = _fit_models(examples)
    repeats = [_out_of_fold(examples, INNER_FOLDS, repeat) for repeat in INNER_REPEATS]
    scored = [row for rows in repeats for row in rows]
    artefact["detect"]["threshold"] = _best_threshold(repeats)
    artefact["cue_keep"] = _best_cue_keep(repeats, artefact["detect"]["threshold"])
    artefact["cue_override"], artefact["cue_precision"] = _best_cue_override(scored)
    artefact["calibration"] = _calibration(scored, artefact["cue_override"], artefact["cue_precision"])
    return artefact


def write_artefact(artefact: dict, path: Path, provenance: dict) -> None:
    """The artefact as sorted, rounded JSON: the same data gives the same bytes."""
    artefact = {"format": 1, "provenance": provenance, **artefact}
    path.write_text(json.dumps(artefact, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                    encoding="utf-8")


# ---------------------------------------------------------------- cross-validation


@dataclass
class FoldResult:
    fold: int
    documents: int
    predictions: list[dict]
    gold: list[GoldItem]


def _same_file(a: Path, b: Path) -> bool:
    """Whether two gold files hold the same bytes."""
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def cross_validate(target: GoldSet, sets: list[GoldSet], label_files: list[Path], folds: int = 5,
                   lexicon: Lexicon | None = None) -> list[FoldResult]:
    """Score the model on each fold of ``target``'s documents, trained without them.

    The training examples of every fold are those of ``sets`` and ``label_files`` minus
    the fold's documents (the target may be one of ``sets``): the predictions are what the
    model says of documents it never saw.
    """
    from positions.extract import extract  # the real pipeline, with each fold's model

    lexicon = lexicon or load_lexicon()
    # the target is one of the training sets when its gold file is (the shipped copy of
    # ../shared/gold/news is the same file): trained on once, as ``train`` does, not twice
    same = any(s.gold == target.gold or _same_file(s.gold, target.gold) for s in sets)
    data = collect(sets if same else [*sets, target], label_files, lexicon)
    documents = _documents(target)
    gold = load_gold(target.gold, target.docs)
    results = []
    fold_of = folds_of((d.name for d in documents), folds)
    for fold in range(folds):
        held_out = {d.name for d in documents if fold_of[d.name] == fold}
        train = [e for e in data.examples if e.doc not in held_out]
        model = Model(fit(train))
        predictions = [s.to_dict() for d in documents if d.name in held_out for s in extract(d, lexicon, model)]
        results.append(FoldResult(fold, len(held_out), predictions, [g for g in gold if g.doc in held_out]))
    return results


def cross_validated_scores(target: GoldSet, sets: list[GoldSet], label_files: list[Path], folds: int = 5):
    """``cross_validate`` scored: pooled errors for reading, and each fold's metrics."""
    from positions.evaluate import CORE, SetResult, score

    results = cross_validate(target, sets, label_files, folds)
    predictions = [p for r in results for p in r.predictions]
    gold = [g for r in results for g in r.gold]
    per_fold = [{"all": score(r.predictions, r.gold).metrics(), "core": score(r.predictions, r.gold, CORE).metrics()}
                for r in results]
    return SetResult(score(predictions, gold), score(predictions, gold, CORE), per_fold)


def train(sets: list[GoldSet] | None = None, label_files: list[Path] | None = None, out: Path | None = None) -> str:
    """Fit on everything given (default: the shipped training data) and write the artefact."""
    from positions.classifier import MODEL_PATH

    sets = sets if sets is not None else default_sets()
    label_files = label_files if label_files is not None else default_label_files()
    data = collect(sets, label_files)
    artefact = fit(data.examples)
    labels = {name: sum(1 for e in data.examples if e.label == name)
              for name in ("statement", "optional", "none", "missed")}
    provenance = {"examples": labels, "sources": data.sources}
    out = out or MODEL_PATH
    write_artefact(artefact, out, provenance)
    detect = artefact["detect"]
    candidates_seen = len(data.examples) - labels["missed"]
    return (f"trained on {candidates_seen} candidates ({labels['statement']} statements, {labels['none']} not, "
            f"{labels['optional']} optional; {labels['missed']} coded statements no candidate reaches) from {', '.join(f'{k} {v}' for k, v in data.sources.items())}\n"
            f"detection: {len(detect['weights'])} features, threshold {detect['threshold']}; rule cues keep a candidate "
            f"from weight {artefact['cue_keep']} and decide its stance from weight {artefact['cue_override']}; "
            f"wrote {out} ({out.stat().st_size // 1024} KB)")
