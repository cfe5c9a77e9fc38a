import json
import subprocess
import sys
from pathlib import Path

import pytest

from positions.cli import build_parser, main
from tests.conftest import PROJECT

REQUIRED = {"doc", "char_start", "char_end", "sentence", "speaker", "speaker_ar", "country", "topic", "stance",
            "score", "date", "date_basis", "phase", "cue", "confidence"}


def test_cli_extract_contract(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(sample_dir), "--meta", str(sample_dir / "meta.jsonl"), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(REQUIRED <= set(r) for r in rows)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sample_dir.glob("*.txt")}
    for row in rows:
        assert texts[row["doc"]][row["char_start"]:row["char_end"]] == row["sentence"]


def test_cli_ingest_and_stats(sample_dir: Path, db_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["ingest", str(sample_dir), "--db", str(db_path), "--workers", "1", "--no-progress"]) == 0
    assert "documents stored: 5" in capsys.readouterr().out
    assert main(["stats", "--db", str(db_path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 5 and sum(stats["by_topic"].values()) == stats["statements"]


def test_cli_database_from_environment(sample_dir: Path, db_path: Path) -> None:
    env = {"POSITIONS_DB": str(db_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "positions", "ingest", str(sample_dir / "004_1c1f0d8e485c5816.txt"),
                    "--workers", "1"], cwd=PROJECT, env=env, check=True, capture_output=True)
    assert db_path.exists()


def test_cli_misuse_exits_nonzero() -> None:
    result = subprocess.run([sys.executable, "-m", "positions", "nope"], cwd=PROJECT, capture_output=True)
    assert result.returncode == 2


def test_cli_every_command_is_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    for name in commands:
        assert f"python -m positions {name}" in readme, name


TRAINING = PROJECT / "positions" / "data" / "training"


def _set_args(name: str) -> list[str]:
    folder = TRAINING / name
    return ["--gold", str(folder / "gold.jsonl"), "--docs", str(folder / "docs"), "--meta", str(folder / "meta.jsonl")]


def test_cli_evaluate_several_gold_sets(capsys: pytest.CaptureFixture) -> None:
    """Each set is scored and printed on its own (the seeds are also in the model's training
    data, so this is a fit, not an accuracy: `--cv` is the honest figure)."""
    assert main(["evaluate", *_set_args("seeds"), *_set_args("news"), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert set(metrics) == {"seeds", "news"}
    assert metrics["seeds"]["core"]["detection_f1"] >= 0.90 and metrics["seeds"]["core"]["gold"] == 50
    assert metrics["news"]["core"]["gold"] == 195


def test_cli_evaluate_sets_must_pair_up(capsys: pytest.CaptureFixture) -> None:
    folder = TRAINING / "seeds"
    assert main(["evaluate", "--gold", str(folder / "gold.jsonl"), "--gold", str(folder / "gold.jsonl"),
                 "--docs", str(folder / "docs")]) == 2
    assert "one --docs for each --gold" in capsys.readouterr().err
