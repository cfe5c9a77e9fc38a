"""Starting the command line loads only what the command needs: ``--help`` never loads the
extractor (lexicons, regexes, model) nor camel-tools. The times are measured in
``bench/cold_start_benchmark.py``; this checks the reason they are short."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_cold_start_help_loads_no_extractor() -> None:
    loaded = loaded_after("from positions.cli import build_parser\nbuild_parser().format_help()")
    heavy = {"positions.extract", "positions.lexicon", "positions.readers", "camel_tools", "db.store", "sqlite_utils"}
    assert not loaded & heavy, loaded & heavy


def test_cold_start_package_names_still_import() -> None:
    loaded = loaded_after("from positions import Document, Statement, extract\nassert callable(extract)")
    assert "positions.extract" in loaded and "camel_tools" not in loaded
    # the submodule imported first (as db.ingest does) must not shadow the function
    loaded_after("import positions.extract, db.ingest\nfrom positions import extract\nassert callable(extract)")
