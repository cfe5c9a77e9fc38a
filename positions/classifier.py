"""The learned model: which candidates are statements, with which stance, how sure, and why.

Owns applying the trained artefact (``data/model.json``, built by ``python -m positions
train``, see ``positions.training``): a detection model — a logistic regression over the
candidate's features averaged with a forest of small trees over its structural ones —,
one multinomial stance model per topic, and a calibration of the two into the confidence
that the statement is right in speaker, topic and stance. The rule cues of ``cues.tsv`` are
features of both models; a cue at least as strong as ``cue_override`` keeps its own code
(rules stay the high-precision evidence), and a condition the speaker sets by itself in the
talks' clause (ما لم، إلا بعد، شرط) turns the model's talks code conditional, as it turns a cue's. Inference is plain arithmetic over a dict of
weights and a walk down each tree's node list: no scikit-learn at run time.

Must not: look at the speaker's identity (``positions.features`` masks it) or train.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache, partial, reduce
from itertools import repeat
from operator import add, mul
from pathlib import Path

from positions.candidates import Candidate
from positions.features import features
from positions.lexicon import DATA_DIR
from positions.stance import CONDITIONAL_TURNS

MODEL_PATH = DATA_DIR / "model.json"
HEDGE_FACTOR = 0.9  # a hedged position ("ربما") is put tentatively: said with less certainty
EXPLAIN_FEATURES = 5


class ModelError(RuntimeError):
    """The model artefact is missing or malformed; the message names the file."""


@dataclass
class Decision:
    """A kept candidate: its stance, confidence and the reason, for the analyst."""

    candidate: Candidate
    stance: str
    confidence: float
    cue: str  # the cue pattern that decided, or "model"
    reasons: tuple[str, ...]  # for a model decision: its strongest features in the sentence (names)
    detection: float  # the detection model's probability
    evidence_span: tuple[int, int] | None = None


# features that point at words of the sentence or say how it is built; the rest (lengths,
# gaps, counts, the topic's bias) shape the probability but explain nothing to a reader
READABLE = ("cue:", "verdict:", "lex:", "neglex:", "win:", "neg:", "stem:", "bi:", "before:", "after:", "term:",
            "how:", "verb:", "reported", "quote", "headline", "lead-in", "context-only:", "negative-verb", "condition")


def readable(name: str) -> bool:
    return name.startswith(READABLE)


_READABLE_SEEN: dict[str, bool] = {}  # feature name → readable(name): names recur from candidate to candidate


def _readable(name: str) -> bool:
    """``readable``, remembered (19 prefixes tried per name, for every feature of every candidate)."""
    known = _READABLE_SEEN.get(name)
    if known is None:
        if len(_READABLE_SEEN) > 200_000:
            _READABLE_SEEN.clear()
        known = _READABLE_SEEN[name] = readable(name)
    return known


# a class's score: its bias plus each feature's contribution, added left to right in C (the
# same additions, in the same order, as a running sum: the same float)
_ADDED = partial(reduce, add)


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    z = math.exp(value)
    return z / (1 + z)


def _softmax(values: list[float]) -> list[float]:
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


def logit(p: float) -> float:
    """The log-odds of a probability (kept off the infinities)."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


class Model:
    """A trained detection + stance model, loaded from its JSON artefact."""

    def __init__(self, artefact: dict):
        detect = artefact["detect"]
        self.detect_bias: float = detect["bias"]
        self.detect_weights: dict[str, float] = detect["weights"]
        forest = detect.get("forest") or {}
        self.forest_features: list[str] = forest.get("features", [])
        self.forest: list[list[list]] = forest.get("trees", [])
        self.threshold: float = detect["threshold"]
        self.stance_models: dict[str, dict] = artefact["stance"]
        self.cue_override: int | None = artefact.get("cue_override")
        self.cue_precision: float = artefact.get("cue_precision", 0.9)
        self.cue_keep: int | None = artefact.get("cue_keep")
        self.calibration: list[float] = artefact["calibration"]

    def detection(self, feats: dict[str, float]) -> float:
        """P(the candidate is a statement): the logistic model's, averaged with the forest's."""
        # sum(weight(k) * v for k, v in feats.items()), each product and the sum in C: same order, same floats
        linear = _sigmoid(self.detect_bias + sum(map(mul, map(self.detect_weights.get, feats, repeat(0.0)), feats.values())))
        if not self.forest:
            return linear
        return (linear + self._forest_vote(feats)) / 2

    def _forest_vote(self, feats: dict[str, float]) -> float:
        """The mean leaf value of the trees (each a node list: ``[p]`` or ``[feature, threshold, left, right]``)."""
        values = list(map(feats.get, self.forest_features, repeat(0.0)))
        total = 0.0
        for tree in self.forest:
            node = tree[0]
            while len(node) > 1:
                node = tree[node[2] if values[node[0]] <= node[1] else node[3]]
            total += node[0]
        return total / len(self.forest)

    def stance(self, topic: str, feats: dict[str, float]) -> tuple[str, float, list[str]]:
        """The most likely code of ``topic``, its probability and its strongest features."""
        model = self.stance_models[topic]
        classes = model["classes"]
        contributions: dict[str, list[float]] = {}
        weights_of = model["weights"]
        for name, value in feats.items():
            weights = weights_of.get(name)
            if weights is None:
                continue
            # most features are 1.0, and w * 1.0 is w itself: no list of products to build
            contributions[name] = weights if value == 1.0 else [w * value for w in weights]
        # per class, bias + each contribution in feature order: one list, not one per feature
        scores = list(map(_ADDED, zip(model["bias"], *contributions.values(), strict=True)))
        probabilities = _softmax(scores)
        best = max(range(len(classes)), key=lambda i: (probabilities[i], -i))
        # the readable features that favour the chosen code most (filtering before the stable
        # sort keeps the order sorting everything and filtering after gave)
        margin = [(name, m) for name, c in contributions.items()
                  if (m := c[best] - sum(c) / len(c)) > 0 and _readable(name)]
        reasons = [name for name, _ in sorted(margin, key=lambda item: -item[1])][:EXPLAIN_FEATURES]
        return classes[best], probabilities[best], reasons

    def confidence(self, detection: float, stance: float, hedged: bool = False) -> float:
        """Calibrated P(right in speaker, topic and stance), from the two models' outputs,
        lowered when the speaker hedges."""
        a, b, c = self.calibration
        return round(_sigmoid(a + b * logit(detection) + c * logit(stance)) * (HEDGE_FACTOR if hedged else 1.0), 2)

    def _strongest(self, feats: dict[str, float]) -> list[str]:
        """The features that raised the detection probability most (those an analyst can read first)."""
        weight_of = self.detect_weights.get
        # only the ones that raise it can be among the first five that raise it: ranked alone
        raising = [(weight, k) for k, v in feats.items() if (weight := weight_of(k, 0.0) * v) > 0 and _readable(k)]
        return [name for _, name in sorted(raising, reverse=True)[:EXPLAIN_FEATURES]]

    def score(self, candidate: Candidate) -> Decision:
        """The model's decision on one candidate, whether kept or not."""
        feats = features(candidate)
        p_detect = self.detection(feats)
        cue = candidate.cue
        if cue is not None and (candidate.reported or (self.cue_override is not None and cue.weight >= self.cue_override)):
            return Decision(candidate, cue.code, self.confidence(p_detect, self.cue_precision, candidate.hedged), cue.pattern, (),
                            p_detect, (cue.start, cue.end))
        stance, p_stance, reasons = self.stance(candidate.topic, feats)
        if candidate.conditional and stance in CONDITIONAL_TURNS:
            # the rule cues' composition (``stance.choose``), for the model's code too: talks
            # the speaker's words put on a condition are talks on conditions
            stance, reasons = "talks_conditional", ["condition", *reasons]
        strongest = self._strongest(feats)
        why = tuple(strongest + [r for r in reasons if r not in strongest])
        return Decision(candidate, stance, self.confidence(p_detect, p_stance, candidate.hedged), "model", why, p_detect,
                        cue and (cue.start, cue.end))

    def _kept_by_cue(self, candidate: Candidate) -> bool:
        """A rule cue at least ``cue_keep`` strong in the speaker's own words keeps the
        candidate, whatever the detection model says (not for relayed positions or lead-ins)."""
        cue = candidate.cue
        return (self.cue_keep is not None and cue is not None and cue.weight >= self.cue_keep
                and not candidate.reported and not candidate.lead_in)

    def _reported_in_own_words(self, candidate: Candidate) -> bool:
        """A position one speaker ascribes to another state is recorded only from a rule cue
        in the ascribed clause itself ("… أن السعودية مصرة على تنحي الأسد"), never from the
        model reading the reporter's words, nor from a quotation the reporter opens inside
        that clause (his own wording: «… الرئيس الشرعي …»)."""
        cue = candidate.cue
        if cue is None or cue.weight < (self.cue_keep or self.cue_override or 1):
            return False
        between = candidate.sentence.text[candidate.attribution.position:cue.start]
        return not any(mark in between for mark in "«\"“")

    def decide(self, candidates: list[Candidate]) -> list[Decision]:
        """The statements among one sentence's candidates: one per (state, topic), the most
        probable, kept when the detection model clears its threshold; an own position wins
        over one the speaker's words ascribe to the same state, which needs a cue of its own."""
        best: dict[tuple[str, str], Decision] = {}
        for candidate in candidates:
            if candidate.vetoed or (candidate.reported and not self._reported_in_own_words(candidate)):
                continue
            decision = self.score(candidate)
            key = (candidate.speaker.country, candidate.topic)
            current = best.get(key)
            rank = (not candidate.reported, decision.detection)
            if current is None or rank > (not current.candidate.reported, current.detection):
                best[key] = decision
        kept = [d for d in best.values() if d.detection >= self.threshold or self._kept_by_cue(d.candidate)]
        return sorted(kept, key=lambda d: (d.candidate.region[0], d.candidate.topic))


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> Model:
    """The shipped model (cached: read-only)."""
    try:
        artefact = json.loads(Path(path).read_text(encoding="utf-8"))
        return Model(artefact)
    except FileNotFoundError as error:
        raise ModelError(f"{path}: no trained model; run `python -m positions train`") from error
    except (ValueError, KeyError, TypeError) as error:
        raise ModelError(f"{path}: not a model artefact ({error})") from error
