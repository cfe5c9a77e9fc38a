"""The end every benchmark shares: each check printed PASS or FAIL, the figures and checks
written as JSON when asked, and an exit status that says whether every target was met."""

from __future__ import annotations

import json
from pathlib import Path


def report(checks: dict[str, bool], figures: dict, json_path: Path | None) -> int:
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    if json_path:
        json_path.write_text(json.dumps({**figures, "checks": checks}, indent=2, ensure_ascii=False))
    return 0 if all(checks.values()) else 1
