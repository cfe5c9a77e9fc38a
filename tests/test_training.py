"""The learned model: rebuilt deterministically by `train`, small, blind to who speaks, and
measured only on documents it did not train on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from positions import training
from positions.classifier import MODEL_PATH, Model
from positions.features import country_stems, structural

# Sentences written for these tests: positions, and mentions that are not positions.
DOCS = {
    "a.txt": ("وقال وزير الخارجية الروسي سيرغي لافروف إن مصير الأسد يقرره الشعب السوري وحده.\n"
              "وأضاف أن موسكو تدعم المفاوضات بين الحكومة السورية والمعارضة في جنيف.\n"
              "واستقبل الرئيس بوتين نظيره السوري بشار الأسد في الكرملين.\n"),
    "b.txt": ("وأكد وزير الخارجية الأمريكي جون كيري أن الأسد يجب أن يرحل عن السلطة في سوريا.\n"
              "وقال كيري إن الطائرات الأمريكية قصفت مواقع داعش قرب الحدود السورية.\n"),
    "c.txt": ("ودعا وزير الخارجية السعودي عادل الجبير إلى تشكيل هيئة حكم انتقالية بصلاحيات كاملة في سوريا.\n"
              "وبحث الجبير مع نظيره المصري العلاقات الثنائية والوضع في سوريا.\n"),
    "d.txt": ("وأعلن ظريف أن إيران ترفض أي حديث عن رحيل الأسد وترحب بالحوار بين السوريين.\n"
              "وقال ظريف إن بلاده ستواصل دعمها العسكري للجيش السوري.\n"),
}
GOLD = [
    ("a.txt", "مصير الأسد يقرره الشعب السوري", "RUS", "assad_future", "assad_syrians_decide", 1),
    ("a.txt", "تدعم المفاوضات بين الحكومة السورية", "RUS", "negotiations", "talks_support", 1),
    ("b.txt", "الأسد يجب أن يرحل", "USA", "assad_future", "assad_must_go", -2),
    ("c.txt", "تشكيل هيئة حكم انتقالية", "SAU", "transition", "transition_support", 1),
    ("d.txt", "ترفض أي حديث عن رحيل الأسد", "IRN", "assad_future", "assad_support", 2),
    ("d.txt", "ترحب بالحوار بين السوريين", "IRN", "negotiations", "talks_support", 1),
]


@pytest.fixture
def tiny_set(tmp_path: Path) -> training.GoldSet:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"doc": d, "anchor": a, "occurrence": 1, "speaker": "", "country": c,
                                        "topic": t, "stance": s, "score": sc, "date": "2015-11-20", "optional": False},
                                       ensure_ascii=False) + "\n" for d, a, c, t, s, sc in GOLD), encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text("".join(json.dumps({"doc": d, "date": "2015-11-20"}) + "\n" for d in DOCS), encoding="utf-8")
    return training.GoldSet("tiny", gold, docs, meta)


def test_training_examples_label_each_candidate(tiny_set: training.GoldSet) -> None:
    data = training.collect([tiny_set], [])
    labelled = {(e.doc, e.group[2], e.topic): e.label for e in data.examples}
    assert labelled[("a.txt", "RUS", "assad_future")] == "statement"
    assert labelled[("b.txt", "USA", "assad_future")] == "statement"
    assert "none" in labelled.values()  # the bombing and the bilateral visit are candidates, not statements


def test_coded_statements_no_candidate_reaches_count_as_misses() -> None:
    """A coded statement with no speaker the extractor can attribute is a "missed" example:
    never trained on, but a miss when the threshold is chosen, so the threshold is the one
    best for the F1 the scorer sees, not for the candidates alone."""
    from positions.evaluate import GoldItem
    from positions.lexicon import load_lexicon
    from positions.records import Document

    text = "وقال لافروف إن موسكو تدعم المفاوضات في جنيف.\nوالحل في سوريا سياسي ولا بديل عن الحوار.\n"
    second = text.index("والحل")
    gold = [GoldItem("e.txt", 12, 40, "RUS", "negotiations", "talks_support", 1, None, False, "", ""),
            GoldItem("e.txt", second, len(text) - 1, "FRA", "negotiations", "talks_support", 1, None, False, "", "")]
    examples = training.document_examples(Document(name="e.txt", text=text), gold, load_lexicon())
    assert sorted((e.label, e.group[-2]) for e in examples if e.label in {"statement", "missed"}) == [
        ("missed", "FRA"), ("statement", "RUS")]
    kept = [(e, 0.9, "talks_support", 0.9) for e in examples]
    # everything kept: the RUS statement is found, the FRA one is still a miss
    assert training._group_f1(kept, lambda e, p: True) == pytest.approx(2 / 3)


def test_training_is_deterministic(tiny_set: training.GoldSet, tmp_path: Path) -> None:
    examples = training.collect([tiny_set], []).examples
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    training.write_artefact(training.fit(examples), first, {"examples": len(examples)})
    training.write_artefact(training.fit(list(reversed(examples))), second, {"examples": len(examples)})
    assert first.read_bytes() == second.read_bytes()
    assert Model(json.loads(first.read_text(encoding="utf-8"))).threshold > 0


def test_cross_validation_never_trains_on_a_held_out_document(tiny_set: training.GoldSet,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[set[str]] = []
    real_fit = training.fit

    def recording_fit(examples: list[training.Example]) -> dict:
        seen.append({e.doc for e in examples})
        return real_fit(examples)

    monkeypatch.setattr(training, "fit", recording_fit)
    results = training.cross_validate(tiny_set, [tiny_set], [], folds=2)
    assert len(results) == 2 and len(seen) == 2
    for result, trained_on in zip(results, seen, strict=True):
        held_out = {g.doc for g in result.gold} | {p["doc"] for p in result.predictions}
        assert held_out and not held_out & trained_on


def test_cross_validating_a_copy_of_a_training_set_trains_on_it_once(tiny_set: training.GoldSet, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """``evaluate --cv`` on ../shared/gold/news, whose shipped copy is a training set, must
    train as ``train`` does: each example once, not the set and its copy."""
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "gold.jsonl").write_bytes(tiny_set.gold.read_bytes())
    copied = training.GoldSet("copy", copy / "gold.jsonl", tiny_set.docs, tiny_set.meta)
    sizes: list[int] = []
    real_fit = training.fit

    def recording_fit(examples: list[training.Example]) -> dict:
        sizes.append(len(examples))
        return real_fit(examples)

    monkeypatch.setattr(training, "fit", recording_fit)
    training.cross_validate(tiny_set, [tiny_set], [], folds=2)
    training.cross_validate(copied, [tiny_set], [], folds=2)
    assert sizes[:2] == sizes[2:]


def test_shipped_model_is_small_and_names_no_state() -> None:
    """No weight belongs to a state, capital or nationality word: the features drop them
    (and mask every speaker mention, see test_features_never_see_who_speaks)."""
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    artefact = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    names = set(artefact["detect"]["weights"]) | {n for m in artefact["stance"].values() for n in m["weights"]}
    names |= set(artefact["detect"]["forest"]["features"])
    forbidden = country_stems() - {""}
    assert not {n for n in names for part in n.split(":", 1)[1:] for word in part.split("_") if word in forbidden}


@pytest.mark.slow
def test_shipped_model_is_what_train_builds(tmp_path: Path) -> None:
    """`python -m positions train` rebuilds the shipped artefact byte for byte."""
    out = tmp_path / "model.json"
    training.train(out=out)
    assert out.read_bytes() == MODEL_PATH.read_bytes()


def test_the_forest_reads_how_a_sentence_is_built_not_its_words() -> None:
    forest = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["detect"]["forest"]
    assert forest["trees"] and all(structural(name) for name in forest["features"])
    assert any(name.startswith("cue:") for name in forest["features"])


def test_detection_averages_the_logistic_model_and_the_forest() -> None:
    """A split goes left when the value is at most its threshold; an absent feature is 0."""
    tree = [[0, 0.5, 1, 2], [0.2], [0.9]]  # split on "quote": without one 0.2, with one 0.9
    artefact = {"detect": {"bias": 0.0, "weights": {}, "threshold": 0.5,
                           "forest": {"features": ["quote"], "trees": [tree, [[0.4]]]}},
                "stance": {}, "calibration": [0.0, 1.0, 0.0]}
    model = Model(artefact)
    assert model.detection({}) == pytest.approx((0.5 + (0.2 + 0.4) / 2) / 2)
    assert model.detection({"quote": 1.0}) == pytest.approx((0.5 + (0.9 + 0.4) / 2) / 2)
    artefact["detect"].pop("forest")
    assert Model(artefact).detection({"quote": 1.0}) == 0.5  # an artefact without a forest: the logistic model alone


def test_the_forest_is_the_one_scikit_learn_grew(tiny_set: training.GoldSet) -> None:
    """The node lists written to the artefact give the probabilities scikit-learn's trees give."""
    from sklearn.ensemble import ExtraTreesClassifier

    examples = [e for e in training.collect([tiny_set], []).examples if e.label in {"statement", "none", "optional"}]
    y = [int(e.label != "none") for e in examples]
    written = training._fit_forest(examples, y, [1.0] * len(y))
    shaped = [{k: v for k, v in e.features.items() if structural(k)} for e in examples]
    vectoriser = training._vectoriser(shaped)
    grown = ExtraTreesClassifier(n_estimators=training.TREES, min_samples_leaf=training.TREE_LEAF, random_state=0,
                                 n_jobs=1).fit(vectoriser.transform(shaped), y)
    model = Model({"detect": {"bias": 0.0, "weights": {}, "threshold": 0.5, "forest": written}, "stance": {},
                   "calibration": [0.0, 1.0, 0.0]})
    expected = grown.predict_proba(vectoriser.transform(shaped))[:, 1]
    for e, p in zip(examples, expected, strict=True):
        assert (model.detection(e.features) * 2 - 0.5) == pytest.approx(p, abs=1e-3)


def test_the_threshold_is_the_middle_of_the_f1_plateau() -> None:
    """F1 is flat near its top (here 0.46–0.54); its bare argmax takes the plateau's lower
    edge and jumps with any small change of the data, the window mean takes its middle."""
    spec = ([("statement", 0.95)] * 6 + [("statement", 0.33)] + [("none", 0.31)] * 2 + [("none", 0.35)] * 3
            + [("statement", 0.55)] * 2 + [("none", 0.45)])
    rows = [(training.Example(doc=f"d{i}", group=(f"d{i}", 0, "RUS", "negotiations"), topic="negotiations",
                              features={}, label=label, stance=None), p, "talks_support", 0.9)
            for i, (label, p) in enumerate(spec)]
    plateau = [t / 100 for t in range(46, 55, 2)]
    assert {round(training._group_f1(rows, lambda e, p, t=t: p >= t), 3) for t in plateau} == {0.941}
    assert training._best_threshold([rows]) == 0.5
