"""The records that flow through the pipeline: a Document in, Statements out.

Owns only data shapes; no I/O and no extraction logic.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property


def content_id(text: str) -> str:
    """Stable document id from its text, so ingesting the same article twice adds nothing."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One article: raw decoded text and what is known about it."""

    name: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # the file (and archive member) it came from
    date_basis: str | None = None  # how ``date`` was found: metadata, field, …

    @cached_property
    def id(self) -> str:
        """The content hash of the text (computed once: a batch asks it several times)."""
        return content_id(self.text)

    def dated(self, date: str | None, date_basis: str | None) -> Document:
        """The same document with this date and basis (and the id already known: same text);
        itself when they are its own already (a document dated by its metadata: most of them)."""
        if date == self.date and date_basis == self.date_basis:
            return self
        new = replace(self, date=date, date_basis=date_basis)
        if "id" in self.__dict__:
            new.__dict__["id"] = self.__dict__["id"]
        return new


@dataclass
class Statement:
    """One position: who said what on which topic, when, with the evidence span and cue."""

    doc: str
    char_start: int
    char_end: int
    sentence: str
    speaker: str
    speaker_ar: str
    country: str
    role: str
    topic: str
    stance: str
    score: int
    date: str | None
    date_basis: str
    phase: str | None
    cue: str
    cue_text: str
    attribution: str
    confidence: float
    reported: bool = False
    reported_by: str | None = None
    doc_id: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = asdict(self)
        out.pop("extra")
        return out
