"""Files uploaded in the dashboard: staged for ``db.ingest`` and reported back to the uploader.

Owns turning browser uploads into files an ingest can read and a report the uploader can
read. Every uploaded file is accounted for: two files with the same name are both kept
(the second renamed), a name too long for the file system is shortened, a hidden file is
refused with the reason, and a ``meta.jsonl`` / ``*.meta.jsonl`` is read as the dates and
sources of the other files. The report names files as the uploader named them and never
shows a server path (the database, the staging folder).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from db.ingest import IngestReport, source_file
from positions.readers import is_meta_file

MAX_NAME_BYTES = 200  # below the usual 255-byte limit, leaving room for a " (2)" suffix
UNSAFE = re.compile(r"[\x00-\x1f/\\]")


@dataclass(frozen=True)
class Staged:
    """An uploaded file written for ingest: its name as uploaded and as stored."""

    original: str
    path: Path
    note: str = ""


def _shortened(name: str) -> str:
    """The name cut to MAX_NAME_BYTES of UTF-8 (suffix kept, a hash of the full name added)."""
    suffix = PurePath(name).suffix if len(PurePath(name).suffix) <= 10 else ""
    stem = name[:len(name) - len(suffix)] if suffix else name
    tag = "~" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    budget = MAX_NAME_BYTES - len((tag + suffix).encode("utf-8"))
    cut = stem.encode("utf-8", "surrogatepass")[:budget].decode("utf-8", "ignore")
    return cut + tag + suffix


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    path = PurePath(name)
    number = 2
    while f"{path.stem} ({number}){path.suffix}" in taken:
        number += 1
    return f"{path.stem} ({number}){path.suffix}"


def stage_uploads(files: Iterable[tuple[str, bytes]], folder: Path) -> tuple[list[Staged], list[tuple[str, str]]]:
    """Write the uploads into ``folder``; returns the staged files and (name, reason) for the rest."""
    staged: list[Staged] = []
    notes: list[tuple[str, str]] = []
    taken: set[str] = set()
    meta_lines: list[str] = []
    for original, data in files:
        base = UNSAFE.sub("_", PurePath(original.replace("\\", "/")).name) or "upload"
        if base.startswith("."):
            notes.append((original, "hidden file (the name starts with a dot): not read"))
            continue
        if is_meta_file(Path(base)):
            rows = [line for line in data.decode("utf-8-sig", "replace").splitlines() if _is_meta_row(line)]
            meta_lines += rows
            notes.append((original, f"metadata file: its {len(rows)} entries date and source the other uploaded "
                                    "files (by name)"))
            continue
        name = base if len(base.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES else _shortened(base)
        unique = _unique(name, taken)
        taken.add(unique)
        note = []
        if name != base:
            note.append("name too long for the file system: stored as " + unique)
        elif unique != name:
            note.append(f"another uploaded file has the same name: stored as {unique}")
        (folder / unique).write_bytes(data)
        staged.append(Staged(original, folder / unique, "; ".join(note)))
    if meta_lines:
        (folder / "meta.jsonl").write_text("\n".join(meta_lines) + "\n", encoding="utf-8")
    return staged, notes


def _is_meta_row(line: str) -> bool:
    try:
        row = json.loads(line)
    except ValueError:
        return False
    return isinstance(row, dict) and bool(row.get("doc"))


def upload_report(report: IngestReport, staged: list[Staged], notes: list[tuple[str, str]], folder: Path) -> str:
    """What happened to each uploaded file, in the uploader's own file names."""
    names = {str(item.path): item.original for item in staged}

    def as_uploaded(origin: str) -> str:
        head = source_file(origin)
        shown = names.get(head, PurePath(head).name)
        return (shown + origin[len(head):]).replace(str(folder) + "/", "")

    lines = [f"files uploaded: {len(staged) + len(notes)}", f"documents read: {report.documents_seen}",
             f"documents stored: {report.stored}", f"skipped as duplicates: {report.duplicates}",
             f"statements stored: {report.statements}"]
    lines += [f"  {item.original}: {item.note}" for item in staged if item.note]
    lines += [f"  not ingested {name}: {reason}" for name, reason in notes if not reason.startswith("metadata")]
    lines += [f"  {name}: {reason}" for name, reason in notes if reason.startswith("metadata")]
    lines.append(f"rejected: {len(report.rejected)}")
    lines += [f"  rejected {as_uploaded(r.origin)}: {r.reason}" for r in report.rejected]
    lines.append(f"time: {report.seconds:.1f} s")
    return "\n".join(lines)
