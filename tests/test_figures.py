"""The timeline and matrix figures say what the data says (issue 10, items 5, 10, 12)."""

from __future__ import annotations

import json

from dashboard import figures
from dashboard.labels import speaker_name
from positions.lexicon import load_lexicon
from tests.conftest import PROJECT

COUNTRIES = {"RUS": {"name": "Russia", "name_ar": "روسيا", "colour": "#d62728", "core": True},
             "SAU": {"name": "Saudi Arabia", "name_ar": "السعودية", "colour": "#006c35", "core": True},
             "USA": {"name": "United States", "name_ar": "الولايات المتحدة", "colour": "#1f77b4", "core": True}}
STANCES = {code: {"topic": info["topic"], "score": info["score"], "label": info["label"]}
           for code, info in load_lexicon().codebook["stances"].items()}
EVENTS = [{"phase": "pre_vienna", "start": "2015-09-30", "end": "2015-10-22", "label": "Russian air campaign", "marker": 0},
          {"phase": "vienna_1", "start": "2015-10-23", "end": None, "label": "Vienna I", "marker": 1}]


def point(id_: int, country: str, stance: str, day: str, reported: bool = False, sentence: str = "قال") -> dict:
    return {"id": id_, "topic": "assad_future", "country": country, "stance": stance, "score": STANCES[stance]["score"],
            "date": day, "speaker": "Sergey Lavrov", "speaker_ar": "لافروف", "role": "", "reported": int(reported),
            "sentence": sentence, "review": None, "repeats": 1}


def traces(figure, kind: str) -> list[dict]:
    return [t for t in figure.to_dict()["data"] if (t.get("meta") or {}).get("kind") == kind]


def test_figures_two_codes_on_one_day_are_not_a_flip() -> None:
    rows = [point(1, "RUS", "assad_syrians_decide", "2015-10-30"), point(2, "RUS", "assad_must_go", "2015-10-30"),
            point(3, "RUS", "assad_syrians_decide", "2015-11-02")]
    line = traces(figures.timeline_figure(rows, "assad_future", COUNTRIES, STANCES, EVENTS), "line")[0]
    assert list(line["y"]) == [-0.5, 1.0]  # one vertex per day: the day's mean, not +1 → -2 → +1


def test_figures_points_sharing_a_day_and_score_stay_apart() -> None:
    rows = [point(1, "RUS", "assad_must_go", "2015-10-30"), point(2, "USA", "assad_must_go", "2015-10-30"),
            point(3, "SAU", "assad_must_go", "2015-10-30")]
    own = traces(figures.timeline_figure(rows, "assad_future", COUNTRIES, STANCES, EVENTS), "own")
    xs = [x for t in own for x in t["x"]]
    assert len(set(xs)) == 3 and all(x.startswith("2015-10-30") for x in xs)


def test_figures_reported_positions_are_apart_and_explained() -> None:
    rows = [point(1, "SAU", "assad_must_go", "2015-10-01"), point(2, "SAU", "assad_support", "2015-10-30", reported=True)]
    figure = figures.timeline_figure(rows, "assad_future", COUNTRIES, STANCES, EVENTS)
    line, reported = traces(figure, "line")[0], traces(figure, "reported")[0]
    assert list(line["y"]) == [-2.0]  # the state's own line never passes through the reported +2
    assert reported["name"] == "Saudi Arabia · reported by others" and reported["mode"] == "markers"
    assert reported.get("showlegend", True) and "not this state's own words" in reported["hovertext"][0]


def test_figures_hover_text_is_plotly_safe() -> None:
    rows = [point(1, "RUS", "assad_must_go", "2015-10-30", sentence='قال "لافروف" <b>&amp; <a href="x">')]
    hover = traces(figures.timeline_figure(rows, "assad_future", COUNTRIES, STANCES, EVENTS), "own")[0]["hovertext"][0]
    assert '"لافروف"' in hover and "&quot;" not in hover
    assert "<a href" not in hover and "&lt;a href" in hover and "&amp;amp;" in hover


def test_figures_undrawable_dates_are_skipped() -> None:
    rows = [point(1, "RUS", "assad_must_go", day) for day in ("9999-12-31", "0001-01-01", "2015-13-45", "")]
    rows.append(point(2, "RUS", "assad_must_go", "2015-10-30"))
    figure = figures.timeline_figure(rows, "assad_future", COUNTRIES, STANCES, EVENTS)
    assert [len(t["x"]) for t in traces(figure, "own")] == [1]
    assert figure.layout.xaxis.range[0].startswith("2015")


def test_figures_matrix_says_ties_and_keeps_colours() -> None:
    cells = [{"topic": "assad_future", "country": "RUS", "phase": "vienna_1", "mean_score": -0.5, "n": 2,
              "dominant": None, "tied": 1, "top_stance": "assad_must_go"}]
    figure = figures.phase_matrix_figure(cells, "assad_future", COUNTRIES, STANCES, EVENTS).to_dict()
    cell = figure["data"][0]["customdata"][0][0]
    assert "a tie" in cell[2] and not cell[2].startswith("most frequent:")
    assert figure["data"][0]["y"] == ["Vienna I"] and figure["data"][0]["textfont"]["size"] >= 10


def test_figures_definitions_cover_the_codebook() -> None:
    definitions = json.loads((PROJECT / "dashboard" / "data" / "definitions.json").read_text(encoding="utf-8"))
    codebook = load_lexicon().codebook
    assert set(definitions["stances"]) == set(codebook["stances"])
    assert set(definitions["topics"]) == set(codebook["topics"])


def test_labels_never_show_normalised_speakers() -> None:
    assert speaker_name("Sergey Lavrov", "لافروف") == "Sergey Lavrov"
    assert speaker_name("الرييس الفرنسي", "الرئيس الفرنسى") == "الرئيس الفرنسى"
    assert speaker_name("نظيره الاميركي", "") == "unnamed speaker"


def test_figures_timelines_line_up_and_fit_their_labels() -> None:
    """Every topic's timeline has the same margins, so the plots start at the same x and the time
    axes line up; the left one fits the longest stance label (plotly's automargin asked 170 px in
    chromium for its 33 characters, about 5.2 a character), so there is no margin to grow and
    plotly draws each chart once."""
    margins = []
    for topic in ("assad_future", "transition", "negotiations"):
        rows = [{**point(1, "RUS", next(c for c, s in STANCES.items() if s["topic"] == topic), "2015-10-30"),
                 "topic": topic}]
        layout = figures.timeline_figure(rows, topic, COUNTRIES, STANCES, EVENTS).to_dict()["layout"]
        margins.append((layout["margin"]["l"], layout["margin"]["b"]))
        assert layout["yaxis"]["automargin"]  # still widened for a longer label than today's
        assert max(len(label) for label in layout["yaxis"]["ticktext"]) * 5.2 <= layout["margin"]["l"]
    assert len(set(margins)) == 1
