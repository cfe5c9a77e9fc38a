"""`make dashboard` as a fresh user runs it, but with no terminal (CI, a service, an IDE button).

Streamlit asks for an e-mail on its first interactive start and exits when it cannot read
one; the project's config makes it headless, and the Makefile must not override that.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.served import free_port, wait_healthy

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")


def test_make_dashboard_starts_without_a_terminal(sample_db: Path, tmp_path: Path) -> None:
    database = tmp_path / "make.db"
    shutil.copy(sample_db, database)
    port = free_port()
    home = tmp_path / "home"  # no ~/.streamlit/credentials.toml: a first start
    home.mkdir()
    env = {**os.environ, "POSITIONS_DB": str(database), "STREAMLIT_SERVER_PORT": str(port),
           "STREAMLIT_SERVER_ADDRESS": "127.0.0.1", "HOME": str(home)}
    # -o: the shared virtualenv is installed already; never rebuild it from a test
    process = subprocess.Popen(["make", "-s", "-o", ".venv/.installed", "dashboard"], cwd=PROJECT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        healthy = wait_healthy(port, process)
        assert process.poll() is None, f"make dashboard exited {process.returncode}: {process.stdout.read().decode()[-800:]}"
        assert healthy, "the dashboard never answered"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the group this test started: make and its streamlit
        process.wait(timeout=20)
