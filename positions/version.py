"""The extractor's version: a content hash of the code and data that decide its statements.

Owns one value, computed once per process. Every module of ``positions`` takes part except
those that cannot change what ``extract`` returns for a stored document's text (the CLI,
the readers and decoders, which run before a document is stored, and the scorer), and so
does every file under ``positions/data/`` (lexicons, codebook, a trained model). Changing
any of them changes the version, so statements in the database are known to be stale
without anyone remembering to bump a number. Must not import the extractor itself.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Modules that run before a document is stored or only score statements: their changes
# never make stored statements stale.
NOT_EXTRACTION = frozenset({"__main__.py", "cli.py", "readers.py", "decode.py", "evaluate.py", "version.py",
                            "budget.py", "metadata_dates.py", "json_array.py", "training.py"})
# Training material only reaches extraction through the model artefact it builds, which counts.
NOT_EXTRACTION_DATA = "training"


def extractor_files(package: Path = PACKAGE) -> list[Path]:
    """The files whose bytes make up the version, in a stable order."""
    code = [p for p in package.glob("*.py") if p.name not in NOT_EXTRACTION]
    data = [p for p in (package / "data").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and NOT_EXTRACTION_DATA not in p.relative_to(package / "data").parts]
    return sorted(code + data, key=lambda p: p.relative_to(package).as_posix())


def compute_version(package: Path = PACKAGE) -> str:
    """Hash of each file's relative path and bytes (length-prefixed, so no two layouts collide)."""
    digest = hashlib.sha256()
    for path in extractor_files(package):
        name = path.relative_to(package).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The running extractor's version (computed once per process)."""
    return compute_version()
