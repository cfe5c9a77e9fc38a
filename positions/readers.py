"""Reading article files: .txt (+ meta.jsonl), .json, .jsonl, .csv, .html and .zip archives.

Owns turning paths into a stream of ``Document``, ``Rejection`` and ``Notice`` records.
Every problem is a Rejection naming the file (and member or line) and the reason; reading
never raises for bad input (broken encodings, lone surrogates, file names that are not
UTF-8, JSON nested past the parser's depth, markup html.parser gives up on …), so one bad
record never stops a batch. What was kept but changed (a long text cut, a metadata date not
used) is a Notice. Documents are yielded lazily so memory stays flat on large corpora.
Must not extract statements or touch the database.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from positions import json_array
from positions.budget import Budget
from positions.decode import DecodeError, decode_bytes, html_to_text, is_binary_text, looks_like_html
from positions.metadata_dates import read_metadata_date
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


@dataclass(frozen=True)
class Notice:
    """A document was kept, but something about it was changed or ignored, and what."""

    origin: str
    message: str


Item = Document | Rejection | Notice
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` on one line and encodable: control characters and surrogates escaped (a
    file name's undecodable byte, os.fsdecode's U+DC80–U+DCFF, shows as that byte)."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


def is_meta_file(path: Path) -> bool:
    return path.name == "meta.jsonl" or path.name.endswith(".meta.jsonl")


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """Input files under the given paths (folders recursively, sorted)."""
    for given in paths:
        path = Path(given)
        try:
            folder = path.is_dir()
            if folder:
                children = sorted(p for p in path.rglob("*") if p.is_file())
            elif path.is_file():
                children = [path]
            else:
                yield Rejection(printable(str(path)), "no such file or folder")
                continue
        except OSError as error:
            yield Rejection(printable(str(path)), f"cannot list: {error.strerror or error}")
            continue
        for child in children:
            if folder and (child.suffix.lower() not in SUFFIXES or is_meta_file(child) or child.name.startswith(".")):
                continue
            if not _utf8_name(child):
                yield Rejection(printable(str(child)), "file name is not valid UTF-8 (rename the file)")
                continue
            yield child


def _meta_rows(text: str) -> dict[str, dict]:
    """meta.jsonl text: one {"doc": name, …} per line, keyed by name; unreadable lines skipped."""
    meta: dict[str, dict] = {}
    for line in text.splitlines():
        if line.strip():
            try:
                row = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(row, dict) and row.get("doc") is not None and not isinstance(row["doc"], (dict, list)):
                meta[str(row["doc"])] = row
    return meta


def load_meta(path: Path) -> dict[str, dict]:
    """meta.jsonl: one {"doc": name, "date": …, "source": …} per line, keyed by name."""
    return _meta_rows(path.read_bytes().decode("utf-8-sig", errors="replace"))


def _field(row: dict, names: Iterable[str]) -> str | None:
    for name in names:
        value = row.get(name)
        if value is not None and not isinstance(value, (dict, list)) and str(value).strip():
            return str(value)
    return None


def _invalid_unicode(document: Document) -> str | None:
    """Why a field of ``document`` cannot be stored as UTF-8 (a lone surrogate, such as a
    truncated emoji "\\ud83d" from a JSON escape), or None."""
    for name in ("text", "name", "title", "url", "source"):
        value = getattr(document, name)
        match = _SURROGATE.search(value) if value else None
        if match:
            return (f"{name} holds invalid Unicode: a lone surrogate U+{ord(match.group()):04X}"
                    f" at character {match.start():,} (a truncated emoji?)")
    return None


def _document(text: str, name: str, origin: str, info: dict, budget: Budget) -> list[Item]:
    """A Document from text and its metadata, with the notices about it, or a Rejection."""
    if len(text) > MAX_ARTICLE_CHARS:
        return [Rejection(origin, f"article too long ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,})")]
    checked = read_metadata_date(_field(info, DATE_FIELDS))
    text, cut = budget.cut(text)
    document = Document(name=name, text=text, date=checked.day.isoformat() if checked.day else None,
                        title=_field(info, ("title", "headline")), url=_field(info, ("url", "link")),
                        source=_field(info, ("source", "publisher", "site")), origin=origin,
                        date_basis=checked.basis)
    problem = _invalid_unicode(document)
    if problem:
        return [Rejection(origin, problem)]
    notices = [Notice(origin, message) for message in (checked.warning, cut) if message]
    return [*notices, document]


def document_from_record(row: object, name: str, origin: str, budget: Budget | None = None) -> list[Item]:
    """A JSON/CSV record as a Document (with notices), or a Rejection saying what is wrong with it."""
    if not isinstance(row, dict):
        return [Rejection(origin, f"record is a {type(row).__name__}, not an object")]
    raw_text = next((row[name] for name in TEXT_FIELDS if row.get(name) not in (None, "")), None)
    if raw_text is not None and not isinstance(raw_text, str):
        return [Rejection(origin, f"text field is a {type(raw_text).__name__}, not a string")]
    text = _field(row, TEXT_FIELDS)
    if text is None:
        return [Rejection(origin, "no text field (expected one of: " + ", ".join(TEXT_FIELDS) + ")")]
    if not text.strip():
        return [Rejection(origin, "empty text")]
    if len(text) <= MAX_ARTICLE_CHARS and looks_like_html(text):
        text = html_to_text(text)
    return _document(text, name, origin, row, budget or Budget())


def _text_document(text: str, name: str, origin: str, meta: dict[str, dict], budget: Budget) -> list[Item]:
    if looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        return [Rejection(origin, "no text (empty or whitespace only)")]
    if len(text) <= MAX_ARTICLE_CHARS and is_binary_text(text):
        return [Rejection(origin, "binary content, not text")]
    return _document(text, name, origin, meta.get(name, {}), budget)


def read_bytes(data: bytes, name: str, origin: str, meta: dict[str, dict], depth: int = 0,
               budget: Budget | None = None) -> Iterator[Item]:
    """Documents in one file's bytes, dispatched on its suffix."""
    budget = budget or Budget()
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        yield from _read_zip(data, origin, meta, depth, budget)
        return
    try:
        text = decode_bytes(data)
    except DecodeError as error:
        yield Rejection(origin, str(error))
        return
    base = PurePosixPath(name).name
    if suffix in (".txt", ".html", ".htm", ""):
        yield from _text_document(text, base, origin, meta, budget)
    elif suffix == ".json":
        yield from _read_json(text, base, origin, budget)
    elif suffix == ".jsonl":
        yield from _read_jsonl(text, base, origin, budget)
    elif suffix == ".csv":
        yield from _read_csv(text, base, origin, budget)
    else:
        yield Rejection(origin, f"unsupported file type {suffix!r} (use .txt, .json, .jsonl, .csv, .html or .zip)")


def _read_json(text: str, name: str, origin: str, budget: Budget) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield Rejection(origin, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")
        return
    except RecursionError:
        yield from _read_json_array_by_element(text, name, origin, budget)
        return
    if isinstance(data, dict):
        records = next((data[k] for k in ("articles", "documents", "items", "data") if isinstance(data.get(k), list)), [data])
    elif isinstance(data, list):
        records = data
    else:
        yield Rejection(origin, "JSON holds neither an object nor a list of objects")
        return
    for index, record in enumerate(records):
        yield from document_from_record(record, f"{name}#{index}", f"{origin}#{index}", budget)


def _read_json_array_by_element(text: str, name: str, origin: str, budget: Budget) -> Iterator[Item]:
    """Too deep for one parse: an array is read element by element, so only the deep ones fail."""
    try:
        for index, record in enumerate(json_array.elements(text)):
            if isinstance(record, json_array.TooDeep):
                yield Rejection(f"{origin}#{index}", "record nested too deeply to read")
            else:
                yield from document_from_record(record, f"{name}#{index}", f"{origin}#{index}", budget)
    except json_array.BrokenArray as error:
        yield Rejection(origin, f"JSON nested too deeply to read, and not an array of records ({error})")


def _read_jsonl(text: str, name: str, origin: str, budget: Budget) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejection(f"{origin}:{number}", f"invalid JSON line: {error.msg}")
            continue
        except RecursionError:
            yield Rejection(f"{origin}:{number}", "JSON line nested too deeply to read")
            continue
        yield from document_from_record(record, f"{name}#{number}", f"{origin}:{number}", budget)


def _read_csv(text: str, name: str, origin: str, budget: Budget) -> Iterator[Item]:
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = reader.fieldnames or []
        if not any(f and f.strip().lower() in TEXT_FIELDS for f in fields):
            yield Rejection(origin, "CSV has no text column (expected one of: " + ", ".join(TEXT_FIELDS) + ")")
            return
        for number, row in enumerate(reader, start=2):
            clean = {(k or "").strip().lower(): v for k, v in row.items() if isinstance(v, str)}
            yield from document_from_record(clean, f"{name}#{number}", f"{origin}:{number}", budget)
    except csv.Error as error:
        yield Rejection(origin, f"broken CSV: {error}")


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts


def _read_zip(data: bytes, origin: str, meta: dict[str, dict], depth: int, budget: Budget) -> Iterator[Item]:
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
    inflated = 0
    for member in members:
        if PurePosixPath(member.filename).name == "meta.jsonl":
            refused = budget.inflate(member.file_size, len(data), inflated)
            if refused:
                yield Rejection(f"{origin}!{printable(member.filename)}", refused)
                continue
            inflated += member.file_size
            try:
                inner_meta.update(_meta_rows(archive.read(member).decode("utf-8-sig")))
            except (ValueError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                yield Rejection(f"{origin}!{printable(member.filename)}", "unreadable meta.jsonl in archive")
    for member in members:
        member_origin = f"{origin}!{printable(member.filename)}"
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
        refused = budget.inflate(member.file_size, len(data), inflated)
        if refused:
            yield Rejection(member_origin, refused)
            continue
        inflated += member.file_size
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as error:
            # RuntimeError: encrypted member; NotImplementedError: compression method unknown here
            yield Rejection(member_origin, f"unreadable archive member: {error}")
            continue
        yield from read_bytes(content, base, member_origin, inner_meta, depth + 1, budget)


@dataclass(frozen=True)
class InputFile:
    """One input file's bytes and the metadata that applies to it."""

    path: Path
    data: bytes
    meta: dict[str, dict]
    budget: Budget = field(default_factory=Budget, compare=False)

    @property
    def fingerprint(self) -> str:
        """Content hash (of the bytes and of the metadata that applies to them) plus name:
        the same file ingested again can be skipped unread, but not once its meta.jsonl
        entry was corrected."""
        digest = hashlib.sha256(self.data)
        applies = self._applicable_meta()
        if applies:
            digest.update(b"\0meta\0" + json.dumps(applies, sort_keys=True, default=str).encode("ascii"))
        return digest.hexdigest()[:24] + ":" + self.path.name

    def _applicable_meta(self) -> dict:
        suffix = self.path.suffix.lower()
        if suffix == ".zip":
            return self.meta
        if suffix in (".txt", ".html", ".htm", ""):
            return self.meta.get(self.path.name, {})
        return {}

    def documents(self) -> Iterator[Item]:
        """The file's documents, notices and rejections. Whatever the readers fail to
        foresee ends the file with one rejection naming it; what was read before stays."""
        origin = str(self.path)
        try:
            yield from read_bytes(self.data, self.path.name, origin, self.meta, budget=self.budget)
        except Exception as error:  # noqa: BLE001 - one unforeseen failure must not stop the batch
            yield Rejection(origin, f"unreadable ({type(error).__name__}: {printable(str(error))[:200]})")


def read_files(paths: Iterable[str | Path], meta_path: str | Path | None = None,
               budget: Budget | None = None) -> Iterator[InputFile | Rejection]:
    """Input files with their bytes and metadata (meta.jsonl beside them, or ``meta_path``);
    all of them share one ``budget`` (a batch)."""
    budget = budget or Budget()
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
        yield InputFile(entry, data, {**folder_meta[entry.parent], **given_meta}, budget)


def read_documents(paths: Iterable[str | Path], meta_path: str | Path | None = None,
                   budget: Budget | None = None) -> Iterator[Item]:
    """Every Document (or Rejection, Notice) under ``paths``; meta.jsonl beside files or given."""
    for entry in read_files(paths, meta_path, budget):
        if isinstance(entry, Rejection):
            yield entry
        else:
            yield from entry.documents()
