"""Analysts' corrections exported as gold statements, in the format of ../shared/gold/README.md.

Owns the mapping correction → gold item (doc, anchor, occurrence, speaker, country, topic,
stance, score, date, optional) and the bundle that lets ``python -m positions evaluate``
score the extractor against them: ``gold.jsonl``, the documents as UTF-8 ``.txt`` files
under ``docs/`` and their dates, sources and URLs in ``meta.jsonl``. Confirmed, re-coded
and added statements become scored items; a rejection has no gold form (it says the
extractor's statement should not exist), so it is left out and listed as such.
Reads only.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import sqlite_utils

SAFE_NAME = re.compile(r"[\w.-]+\.txt")


def doc_file_name(name: str, doc_id: str) -> str:
    """A file name the readers load as text and that names the document as evaluate will:
    the document's own name when it is a plain .txt name, else one made from it and its id."""
    if SAFE_NAME.fullmatch(name or ""):
        return name
    stem = re.sub(r"[^\w.-]+", "_", name or "document").strip("._")[:80] or "document"
    return f"{stem}.{doc_id}.txt"


def occurrence(text: str, anchor: str, start: int) -> int:
    """Which occurrence (1-based) of ``anchor`` begins at ``start``, counted as evaluate finds them."""
    count, at = 0, -1
    while True:
        at = text.find(anchor, at + 1)
        if at < 0 or at > start:
            raise ValueError(f"anchor does not begin at {start}")
        count += 1
        if at == start:
            return count


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def gold_items(db: sqlite_utils.Database) -> tuple[list[dict], list[dict], dict[str, dict]]:
    """(gold items, rejections left out, documents by file name) from the active corrections."""
    if not db.conn.execute("select exists (select 1 from sqlite_master where name = 'corrections')").fetchone()[0]:
        return [], [], {}
    cursor = db.conn.execute(
        "select c.*, d.name as doc_name, d.text as doc_text, d.date as doc_date, d.source as doc_source, "
        "d.url as doc_url, d.title as doc_title from corrections c join documents d on d.id = c.doc_id "
        "where c.active = 1 order by d.name, c.char_start, c.id")
    names = [column[0] for column in cursor.description]
    items, rejected, documents = [], [], {}
    for row in (dict(zip(names, values, strict=True)) for values in cursor.fetchall()):
        if row["action"] == "reject":
            rejected.append({"doc": row["doc_name"], "sentence": row["sentence"], "country": row["country"],
                             "topic": row["topic"], "note": row["note"]})
            continue
        file_name = doc_file_name(row["doc_name"], row["doc_id"])
        text = _unix_newlines(row["doc_text"])
        leading = len(row["sentence"]) - len(row["sentence"].lstrip())
        anchor = _unix_newlines(row["sentence"].strip())
        start = len(_unix_newlines(row["doc_text"][:row["char_start"] + leading]))
        documents[file_name] = {"text": text, "date": row["doc_date"], "source": row["doc_source"],
                                "url": row["doc_url"], "title": row["doc_title"]}
        items.append({
            "doc": file_name, "anchor": anchor, "occurrence": occurrence(text, anchor, start),
            "speaker": row["speaker"], "country": row["new_country"], "topic": row["new_topic"],
            "stance": row["new_stance"], "score": row["new_score"], "date": row["date"], "optional": False,
            "note": row["note"] or f"analyst {row['action']}",
        })
    return items, rejected, documents


def gold_jsonl(items: list[dict]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


README = """Gold statements from analysts' corrections (format: shared/gold/README.md).
Score the extractor against them:
  python -m positions evaluate --gold gold.jsonl --docs docs --meta meta.jsonl
Only the statements an analyst reviewed are gold: other statements the extractor finds in
these documents count as false positives. Rejections have no gold form and are left out.
"""


def bundle_files(db: sqlite_utils.Database) -> tuple[dict[str, str], dict[str, int]]:
    """The bundle's files (relative path → text) and what it holds."""
    items, rejected, documents = gold_items(db)
    meta = [{"doc": name, **{k: v for k, v in info.items() if k != "text" and v}} for name, info in documents.items()]
    files = {"gold.jsonl": gold_jsonl(items), "meta.jsonl": gold_jsonl(meta), "README.txt": README}
    files |= {f"docs/{name}": info["text"] for name, info in documents.items()}
    return files, {"items": len(items), "documents": len(documents), "rejections_left_out": len(rejected)}


def write_bundle(db: sqlite_utils.Database, folder: Path) -> dict[str, int]:
    """Write gold.jsonl, meta.jsonl and docs/ into ``folder``; returns what was written."""
    files, summary = bundle_files(db)
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="\n")
    return summary


def bundle_zip(db: sqlite_utils.Database) -> bytes:
    """The same bundle as a zip (the dashboard's download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, content in bundle_files(db)[0].items():
            archive.writestr(relative, content)
    return buffer.getvalue()
