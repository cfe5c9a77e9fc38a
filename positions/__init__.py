"""positions: who said what on Assad's future, the transition and the negotiations.

Follow the data: ``readers`` (files → Document) → ``extract`` (Document → Statements,
through ``normalise``, ``sentences``, ``speakers``, ``stance``, ``dates``, ``events``).

The names below are imported on first use, so ``python -m positions --help`` does not load
the extractor.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module

__all__ = ["Document", "Statement", "extract"]
_HOMES = {"Document": "positions.records", "Statement": "positions.records", "extract": "positions.extract"}


def __getattr__(name: str) -> object:
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
        setattr(sys.modules[__name__], name, value)
        return value
    raise AttributeError(f"module 'positions' has no attribute {name!r}")


class _Package(types.ModuleType):
    """Importing the submodule ``positions.extract`` binds its name on the package; the
    package's ``extract`` stays the function, as when this file imported it eagerly."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "extract" and isinstance(value, types.ModuleType):
            value = value.extract
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
