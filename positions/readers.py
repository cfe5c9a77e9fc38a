"""Reading article files: .txt (+ meta.jsonl), .json, .jsonl, .csv, .html and .zip archives.

Owns turning paths into a stream of ``Document`` or ``Rejection`` records. Every problem
is a Rejection naming the file (and member or line) and the reason; reading never raises
for bad input, so one bad file never stops a batch. Documents are yielded lazily so memory
stays flat on large corpora.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from positions.dates import parse_iso
from positions.decode import DecodeError, decode_bytes, html_to_text, is_binary_text, looks_like_html
from positions.records import Document

TEXT_FIELDS = ("text", "content", "body", "article")
DATE_FIELDS = ("date", "published", "date_published", "pubdate", "date_extracted")
SUFFIXES = {".txt", ".json", ".jsonl", ".csv", ".zip", ".html", ".htm"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_DEPTH = 2
MAX_ARTICLE_CHARS = 5_000_000  # a longer "article" is a dump or a broken file, not a news story


@dataclass(frozen=True)
class Rejection:
    """Input that could not become a document, and why."""

    origin: str
    reason: str


Item = Document | Rejection


def is_meta_file(path: Path) -> bool:
    return path.name == "meta.jsonl" or path.name.endswith(".meta.jsonl")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """Input files under the given paths (folders recursively, sorted)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES and not is_meta_file(child) and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Rejection(str(path), "no such file or folder")


def load_meta(path: Path) -> dict[str, dict]:
    """meta.jsonl: one {"doc": name, "date": …, "source": …} per line, keyed by name."""
    meta: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and row.get("doc"):
                meta[str(row["doc"])] = row
    return meta


def _field(row: dict, names: Iterable[str]) -> str | None:
    for name in names:
        value = row.get(name)
        if value is not None and not isinstance(value, (dict, list)) and str(value).strip():
            return str(value)
    return None


def document_from_record(row: object, name: str, origin: str) -> Item:
    """A JSON/CSV record as a Document, or a Rejection saying what is wrong with it."""
    if not isinstance(row, dict):
        return Rejection(origin, f"record is a {type(row).__name__}, not an object")
    raw_text = next((row[name] for name in TEXT_FIELDS if row.get(name) not in (None, "")), None)
    if raw_text is not None and not isinstance(raw_text, str):
        return Rejection(origin, f"text field is a {type(raw_text).__name__}, not a string")
    text = _field(row, TEXT_FIELDS)
    if text is None:
        return Rejection(origin, "no text field (expected one of: " + ", ".join(TEXT_FIELDS) + ")")
    if not text.strip():
        return Rejection(origin, "empty text")
    if len(text) > MAX_ARTICLE_CHARS:
        return Rejection(origin, f"article too long ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,})")
    raw_date = _field(row, DATE_FIELDS)
    day = parse_iso(raw_date)
    if looks_like_html(text):
        text = html_to_text(text)
    return Document(
        name=name,
        text=text,
        date=day.isoformat() if day else None,
        title=_field(row, ("title", "headline")),
        url=_field(row, ("url", "link")),
        source=_field(row, ("source", "publisher", "site")),
        origin=origin,
        date_basis="metadata" if day else None,
    )


def _text_document(text: str, name: str, origin: str, meta: dict[str, dict]) -> Item:
    if looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        return Rejection(origin, "no text (empty or whitespace only)")
    if len(text) > MAX_ARTICLE_CHARS:
        return Rejection(origin, f"article too long ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,})")
    if is_binary_text(text):
        return Rejection(origin, "binary content, not text")
    info = meta.get(name, {})
    day = parse_iso(info.get("date"))
    return Document(name=name, text=text, date=day.isoformat() if day else None,
                    title=info.get("title"), url=info.get("url"), source=info.get("source"),
                    origin=origin, date_basis="metadata" if day else None)


def read_bytes(data: bytes, name: str, origin: str, meta: dict[str, dict], depth: int = 0) -> Iterator[Item]:
    """Documents in one file's bytes, dispatched on its suffix."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        yield from _read_zip(data, origin, meta, depth)
        return
    try:
        text = decode_bytes(data)
    except DecodeError as error:
        yield Rejection(origin, str(error))
        return
    if suffix in (".txt", ".html", ".htm", ""):
        yield _text_document(text, PurePosixPath(name).name, origin, meta)
    elif suffix == ".json":
        yield from _read_json(text, PurePosixPath(name).name, origin)
    elif suffix == ".jsonl":
        yield from _read_jsonl(text, PurePosixPath(name).name, origin)
    elif suffix == ".csv":
        yield from _read_csv(text, PurePosixPath(name).name, origin)
    else:
        yield Rejection(origin, f"unsupported file type {suffix!r} (use .txt, .json, .jsonl, .csv, .html or .zip)")


def _read_json(text: str, name: str, origin: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield Rejection(origin, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")
        return
    if isinstance(data, dict):
        records = next((data[k] for k in ("articles", "documents", "items", "data") if isinstance(data.get(k), list)), [data])
    elif isinstance(data, list):
        records = data
    else:
        yield Rejection(origin, "JSON holds neither an object nor a list of objects")
        return
    for index, record in enumerate(records):
        yield document_from_record(record, f"{name}#{index}", f"{origin}#{index}")


def _read_jsonl(text: str, name: str, origin: str) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejection(f"{origin}:{number}", f"invalid JSON line: {error.msg}")
            continue
        yield document_from_record(record, f"{name}#{number}", f"{origin}:{number}")


def _read_csv(text: str, name: str, origin: str) -> Iterator[Item]:
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = reader.fieldnames or []
        if not any(f and f.strip().lower() in TEXT_FIELDS for f in fields):
            yield Rejection(origin, "CSV has no text column (expected one of: " + ", ".join(TEXT_FIELDS) + ")")
            return
        for number, row in enumerate(reader, start=2):
            clean = {(k or "").strip().lower(): v for k, v in row.items() if isinstance(v, str)}
            yield document_from_record(clean, f"{name}#{number}", f"{origin}:{number}")
    except csv.Error as error:
        yield Rejection(origin, f"broken CSV: {error}")


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts


def _read_zip(data: bytes, origin: str, meta: dict[str, dict], depth: int) -> Iterator[Item]:
    if depth >= MAX_ZIP_DEPTH:
        yield Rejection(origin, "zip nested too deeply")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield Rejection(origin, f"broken zip archive: {error}")
        return
    inner_meta = dict(meta)
    for member in members:
        if PurePosixPath(member.filename).name == "meta.jsonl":
            try:
                for line in archive.read(member).decode("utf-8-sig").splitlines():
                    row = json.loads(line) if line.strip() else None
                    if isinstance(row, dict) and row.get("doc"):
                        inner_meta[str(row["doc"])] = row
            except (ValueError, zipfile.BadZipFile, OSError):
                yield Rejection(f"{origin}!{member.filename}", "unreadable meta.jsonl in archive")
    for member in members:
        member_origin = f"{origin}!{member.filename}"
        base = PurePosixPath(member.filename).name
        if base == "meta.jsonl" or base.startswith(".") or "__MACOSX" in member.filename:
            continue
        if not _safe_member(member.filename):
            yield Rejection(member_origin, "unsafe path in archive (absolute or '..')")
            continue
        if PurePosixPath(base).suffix.lower() not in SUFFIXES:
            yield Rejection(member_origin, "unsupported file type in archive")
            continue
        if member.file_size > MAX_MEMBER_BYTES:
            yield Rejection(member_origin, f"member too large ({member.file_size} bytes)")
            continue
        if member.compress_size and member.file_size / member.compress_size > MAX_COMPRESSION_RATIO and member.file_size > 10_000_000:
            yield Rejection(member_origin, "suspicious compression ratio (zip bomb?)")
            continue
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            yield Rejection(member_origin, f"unreadable archive member: {error}")
            continue
        yield from read_bytes(content, base, member_origin, inner_meta, depth + 1)


@dataclass(frozen=True)
class InputFile:
    """One input file's bytes and the metadata that applies to it."""

    path: Path
    data: bytes
    meta: dict[str, dict]

    @property
    def fingerprint(self) -> str:
        """Content hash plus name: the same file ingested again can be skipped unread."""
        return hashlib.sha256(self.data).hexdigest()[:24] + ":" + self.path.name

    def documents(self) -> Iterator[Item]:
        return read_bytes(self.data, self.path.name, str(self.path), self.meta)


def read_files(paths: Iterable[str | Path], meta_path: str | Path | None = None) -> Iterator[InputFile | Rejection]:
    """Input files with their bytes and metadata (meta.jsonl beside them, or ``meta_path``)."""
    given_meta = load_meta(Path(meta_path)) if meta_path else {}
    folder_meta: dict[Path, dict[str, dict]] = {}
    for entry in iter_files(paths):
        if isinstance(entry, Rejection):
            yield entry
            continue
        try:
            if entry.parent not in folder_meta:
                beside = entry.parent / "meta.jsonl"
                folder_meta[entry.parent] = load_meta(beside) if beside.is_file() else {}
            size = entry.stat().st_size
            if size > MAX_FILE_BYTES:
                yield Rejection(str(entry), f"file too large ({size} bytes, limit {MAX_FILE_BYTES})")
                continue
            data = entry.read_bytes()
        except (OSError, UnicodeDecodeError) as error:
            yield Rejection(str(entry), f"cannot read: {getattr(error, 'strerror', None) or error}")
            continue
        yield InputFile(entry, data, {**folder_meta[entry.parent], **given_meta})


def read_documents(paths: Iterable[str | Path], meta_path: str | Path | None = None) -> Iterator[Item]:
    """Every Document (or Rejection) under ``paths``; meta.jsonl beside files or given."""
    for entry in read_files(paths, meta_path):
        if isinstance(entry, Rejection):
            yield entry
        else:
            yield from entry.documents()
