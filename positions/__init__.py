"""positions: who said what on Assad's future, the transition and the negotiations.

Follow the data: ``readers`` (files → Document) → ``extract`` (Document → Statements,
through ``normalise``, ``sentences``, ``speakers``, ``stance``, ``dates``, ``events``).

The names below are imported on first use, so ``python -m positions --help`` does not load
the extractor.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["Document", "Statement", "extract"]
_HOMES = {"Document": "positions.records", "Statement": "positions.records", "extract": "positions.extract"}

def __getattr__(name: str) -> object:
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
        globals()[name] = value  # importing positions.extract bound the name to the module: the function wins
        return value
    raise AttributeError(f"module 'positions' has no attribute {name!r}")
