"""The dashboard tells the truth and lets analysts correct it (issue 10), under AppTest."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db import queries
from db.ingest import ingest_paths
from db.queries import Filters
from db.store import open_database
from positions.records import Document
from tests.apptest import charts, download_bytes, new_app, open_view, shown_text, timelines
from tests.builders import add_documents, sample_copy, statement_in

REPORTED_TEXT = "وقال مساعد وزير الخارجية الإيراني إن الجبير يعتبر الأسد رئيسا شرعيا لسوريا."
NORMALISED_TEXT = "وقال الرئيس الفرنسى إن مستقبل \"الأسد\" لا يمكن أن يكون في سوريا."
FORMULA_TEXT = "=HYPERLINK(\"http://evil.example\",\"x\") قال لافروف إن المفاوضات ضرورية."


@pytest.fixture
def planted(sample_db: Path, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """The sample plus a reported position, a normalised speaker and a formula-shaped sentence."""
    path = sample_copy(sample_db, tmp_path / "planted.db")
    reported = Document("planted-reported.txt", REPORTED_TEXT, date="2015-10-30", source="Test Agency",
                        url="https://example.org/a", date_basis="metadata")
    normalised = Document("planted-normalised.txt", NORMALISED_TEXT, date="2015-11-20", source="Test Agency",
                          url="https://example.org/b", date_basis="metadata")
    formula = Document("planted-formula.txt", FORMULA_TEXT, date="2015-11-21", source="@SUM(1+1)",
                       url="https://example.org/c", date_basis="metadata")
    add_documents(path, [
        (reported, [statement_in(reported, REPORTED_TEXT, "QAT", "assad_future", "assad_support", speaker="Khalid al-Attiyah",
                                 reported=True, reported_by="Hossein Amir-Abdollahian")]),
        (normalised, [statement_in(normalised, NORMALISED_TEXT, "FRA", "assad_future", "assad_must_go",
                                   speaker="الرييس الفرنسي", role="الرييس الفرنسي", speaker_ar="الرئيس الفرنسى")]),
        (formula, [statement_in(formula, FORMULA_TEXT, "RUS", "negotiations", "talks_support",
                                speaker="=cmd|' /C calc'!A0", speaker_ar="+لافروف")]),
    ])
    db = open_database(path, readonly=True)
    ids = {name: db.conn.execute("select s.id from statements s join documents d on d.id = s.doc_id where d.name = ?",
                                 (name,)).fetchone()[0]
           for name in ("planted-reported.txt", "planted-normalised.txt", "planted-formula.txt")}
    return path, ids


def trace_ids(trace: dict) -> set[int]:
    return {int(c[0]) for c in trace.get("customdata") or [] if c and str(c[0]).lstrip("-").isdigit()}


def matrix_n(at: AppTest, country: str) -> int:
    """Statements counted in a state's cells of the Assad matrix (0 when it has none)."""
    found = [c for c in charts(at) if c["data"] and c["data"][0].get("type") == "heatmap"
             and c["layout"]["meta"]["topic"] == "assad_future"]
    if not found:
        return 0
    return sum(cell[1] for row in found[0]["data"][0]["customdata"] for cell in row if cell and cell[3] == country)


def test_app_reported_positions_are_never_drawn_as_a_states_own(planted, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = planted
    reported = ids["planted-reported.txt"]
    at = new_app(monkeypatch, path, countries=["QAT", "IRN"]).run()
    assert not at.exception
    assert all(reported not in trace_ids(t) for c in timelines(at) for t in c["data"])  # default: hidden
    assert matrix_n(open_view(at, "Phase matrix"), "QAT") == 0
    at.radio(key="reported").set_value("separate").run()
    assert not at.exception
    assert matrix_n(at, "QAT") == 0  # not in the state's own aggregates
    traces = [t for c in timelines(open_view(at, "Timeline")) for t in c["data"] if reported in trace_ids(t)]
    assert len(traces) == 1 and traces[0]["meta"]["kind"] == "reported"
    assert "reported" in traces[0]["name"] and traces[0].get("mode") == "markers"  # never joined to a line
    at.radio(key="reported").set_value("include").run()
    assert not at.exception and matrix_n(open_view(at, "Phase matrix"), "QAT") == 1


def test_app_review_rejects_recodes_and_withdraws(planted, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = planted
    target = ids["planted-normalised.txt"]
    at = new_app(monkeypatch, path, statement=str(target)).run()
    assert not at.exception
    assert any(target in trace_ids(t) and t["meta"]["country"] == "FRA" for c in timelines(at) for t in c["data"])
    total = int(at.metric[1].value)
    at.radio(key="review_action").set_value("reject").run()
    at.text_area(key="review_note").set_value("the sentence is background").run()
    at.button(key="review_save").click().run()
    assert not at.exception
    assert int(at.metric[1].value) == total - 1
    assert "Rejected by an analyst" in shown_text(at) and "the sentence is background" in shown_text(at)
    at.button(key="review_withdraw").click().run()
    assert int(at.metric[1].value) == total
    at.radio(key="review_action").set_value("recode").run()
    at.selectbox(key="review_country").set_value("DEU").run()
    at.selectbox(key="review_stance").set_value("assad_syrians_decide").run()
    at.button(key="review_save").click().run()
    assert not at.exception
    # it was on France's line; Germany is not among the chosen states, so no chart draws it now
    assert all(target not in trace_ids(t) for c in timelines(at) for t in c["data"])
    shown = queries.statement(open_database(path, readonly=True), target)
    assert (shown["country"], shown["stance"], shown["review"]) == ("DEU", "assad_syrians_decide", "recode")
    assert "Re-coded by an analyst" in shown_text(at)


def test_app_adds_a_missed_statement_from_a_sentence(planted, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = planted
    at = new_app(monkeypatch, path, statement=str(ids["planted-formula.txt"])).run()
    total = int(at.metric[1].value)
    sentence = at.selectbox(key="add_sentence")
    sentence.set_value(sentence.options[0]).run()
    at.selectbox(key="add_country").set_value("GBR").run()
    at.selectbox(key="add_topic").set_value("negotiations").run()
    at.selectbox(key="add_stance").set_value("talks_support").run()
    at.text_input(key="add_speaker").set_value("Philip Hammond").run()
    at.button(key="add_save").click().run()
    assert not at.exception
    assert int(at.metric[1].value) == total + 1
    assert "Added by an analyst" in shown_text(at)


def test_app_never_shows_normalised_text(planted, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = planted
    at = new_app(monkeypatch, path, statement=str(ids["planted-normalised.txt"]), countries=["FRA"]).run()
    assert not at.exception
    text = shown_text(at)
    assert "الرئيس الفرنسى" in text  # the speaker as written
    assert "الرييس" not in text and "sentence_norm" not in text


def test_app_hover_text_has_no_html_entities(planted, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = planted
    at = new_app(monkeypatch, path, countries=["FRA"], topics=["assad_future"]).run()
    hover = " ".join(str(t.get("hovertext")) for c in timelines(at) for t in c["data"])
    assert '"الأسد"' in hover
    assert "&quot;" not in hover and "&#x27;" not in hover and "&amp;" not in hover


def test_app_default_view_covers_every_phase(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = new_app(monkeypatch, sample_copy(sample_db, tmp_path / "s.db")).run()
    assert not at.exception
    first = timelines(at)[0]["layout"]["xaxis"]["range"]
    assert first[0] <= "2015-07-31" and first[1] >= "2016-12-01"
    labels = {e["label"] for e in queries.events(open_database(tmp_path / "s.db", readonly=True))}
    open_view(at, "Phase matrix")
    phases = set().union(*(c["data"][0]["y"] for c in charts(at) if c["data"] and c["data"][0].get("type") == "heatmap"))
    assert phases == labels  # phase labels, not codes, and every phase present


def test_app_matrix_is_legible_and_colours_keep_their_meaning(sample_db: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_view(new_app(monkeypatch, sample_copy(sample_db, tmp_path / "s.db")).run(), "Phase matrix")
    heatmaps = {c["layout"]["meta"]["topic"]: c["data"][0] for c in charts(at)
                if c["data"] and c["data"][0].get("type") == "heatmap"}
    assert all(h["textfont"]["size"] >= 10 for h in heatmaps.values())
    # pro-Assad is +2 on the Assad axis and -2 on the transition axis: the same colour
    assad, transition = heatmaps["assad_future"]["colorscale"], heatmaps["transition"]["colorscale"]
    assert assad[-1][1] == transition[0][1] and assad[0][1] == transition[-1][1]
    cells = [cell for h in heatmaps.values() for row in h["customdata"] for cell in row if cell]
    assert all(cell[2] != "" for cell in cells)  # every cell names its most frequent code or says it is a tie


def test_app_sees_new_data_without_a_reload(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "s.db")
    at = new_app(monkeypatch, path).run()
    documents = int(at.metric[2].value)
    article = tmp_path / "new" / "new.txt"
    article.parent.mkdir()
    article.write_text("وقال لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد.", encoding="utf-8")
    ingest_paths([str(article.parent)], path, workers=1)  # a CLI ingest beside the running dashboard
    at.run()
    assert int(at.metric[2].value) == documents + 1


def test_app_table_rows_link_to_their_evidence(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "s.db")
    at = open_view(new_app(monkeypatch, path).run(), "Statements")
    page = queries.statements_page(open_database(path, readonly=True),
                                   Filters(countries=("RUS", "IRN", "USA", "FRA", "SAU"), include_reported=False), 50)
    html = " ".join(h.proto.body for h in at.get("html"))
    assert all(f"statement={row['id']}" in html for row in page)


def test_app_convergence_in_phase_order_without_none(sample_db: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "s.db")
    at = open_view(new_app(monkeypatch, path).run(), "Convergence")
    at.selectbox(key="first_state").set_value("USA").run()
    at.selectbox(key="second_state").set_value("RUS").run()
    table = at.dataframe[0].value
    assert "None" not in table.to_csv() and "nan" not in table.to_csv()
    order = [e["label"] for e in queries.events(open_database(path, readonly=True))]
    for _, group in table.groupby("Topic", sort=False):
        phases = list(group["Phase"])
        assert phases == sorted(phases, key=order.index)


def test_app_csv_download_is_excel_ready_and_inert(planted, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = planted
    at = open_view(new_app(monkeypatch, path, countries=["RUS"]).run(), "Statements")
    at.button(key="prepare_download").click().run()
    button = next(b for b in at.get("download_button") if b.proto.label.startswith("Download CSV"))
    data = download_bytes(button)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Arabic
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {"stance_label", "country_name", "source", "title", "url", "document_date", "review"} <= set(rows[0])
    assert not {"sentence_norm", "cue"} & set(rows[0])
    planted_row = next(r for r in rows if r["id"] == str(ids["planted-formula.txt"]))
    assert planted_row["sentence"].startswith("'=") and planted_row["speaker"].startswith("'=")
    assert planted_row["source"].startswith("'@") and planted_row["speaker_ar"].startswith("'+")
    for row in rows:  # numbers (a score of -2) are numbers; every text cell is inert
        texts = [v for k, v in row.items() if v and k not in ("score", "confidence", "id", "char_start", "char_end")]
        assert not any(value[:1] in ("=", "+", "-", "@", "\t", "\r") for value in texts)


def test_app_analyst_filters_sources_and_confidence(sample_db: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "s.db")
    at = new_app(monkeypatch, path).run()
    total = int(at.metric[0].value)
    sources = at.multiselect(key="sources")
    assert any(o.startswith("aawsat (17 documents") for o in sources.options)
    sources.set_value(["aawsat"]).run()
    assert 0 < int(at.metric[0].value) < total
    at.multiselect(key="sources").set_value([]).run()
    at.selectbox(key="min_confidence").set_value(0.9).run()
    assert not at.exception and int(at.metric[0].value) < total


def test_app_volume_codebook_and_changes_views(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "s.db")
    at = open_view(new_app(monkeypatch, path).run(), "Volume")
    volume = [c for c in charts(at) if c["layout"].get("meta", {}).get("kind") == "volume"]
    assert volume and all(t["type"] == "bar" for t in volume[0]["data"])
    text = shown_text(open_view(at, "Codebook"))
    assert "His fate is for Syrians alone" in text and "Rejects a transitional period or body" in text
    open_view(at, "Changes")
    at.selectbox(key="change_from").set_value("pre_vienna").run()
    at.selectbox(key="change_to").set_value("geneva_3b").run()
    assert not at.exception
    changes = " ".join(h.proto.body for h in at.get("html"))
    assert "→" in changes and "statement=" in changes


def test_app_aggregates_by_week_or_phase(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "s.db")
    at = new_app(monkeypatch, path).run()
    at.radio(key="aggregate").set_value("week").run()
    weekly = [t for c in timelines(at) for t in c["data"] if t.get("meta", {}).get("kind") == "period"]
    assert weekly and all(date.fromisoformat(x[:10]).weekday() == 0 for t in weekly for x in t["x"])
    at.radio(key="aggregate").set_value("phase").run()
    assert not at.exception


def test_app_matrix_cells_aggregated_points_and_documents_open(sample_db: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_copy(sample_db, tmp_path / "s.db")
    db = open_database(path, readonly=True)
    expected = queries.count_statements(db, Filters(countries=("RUS",), topics=("assad_future",), phases=("vienna_1",),
                                                    include_reported=False))
    at = new_app(monkeypatch, path).run()
    at.session_state["listing"] = ("cell", "RUS", "assad_future", "vienna_1")  # what selecting that cell sets
    at.run()
    assert not at.exception and expected > 0
    assert f"Russia · Assad's future · Vienna I** — {expected} statements" in shown_text(at)
    at.session_state["listing"] = ("period", "RUS", "negotiations", "2015-10-26", "2015-11-01")  # a weekly point
    at.run()
    assert not at.exception and "statement=" in " ".join(h.proto.body for h in at.get("html"))
    doc_id = db.conn.execute("select id from documents where name = 'p1-002.txt'").fetchone()[0]
    at.session_state["listing"] = ("document", doc_id, "", "")
    at.run()
    assert not at.exception and at.selectbox(key="add_sentence").options
