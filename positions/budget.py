"""What one batch may inflate from archives, and how long one document may be.

Owns the limits that keep a small upload from becoming a huge ingest: a zip of twenty
4.9-million-character "articles" is 345 KB, yet extracting and storing it took a minute
and 354 MB. Each limit says what it cut, so the report can list it; reading code asks the
budget before inflating an archive member and before keeping a long text. Must not read
files itself.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BATCH_INFLATED_BYTES = 2 * 1024**3  # all archive members of one batch, inflated
MAX_ARCHIVE_RATIO = 100  # an archive may inflate to this many times its own size …
ARCHIVE_SLACK_BYTES = 20 * 1024**2  # … plus this, so small zips of text are never cut
MAX_DOCUMENT_CHARS = 1_000_000  # a longer text is cut here (a news article is < 100,000)


@dataclass
class Budget:
    """The limits of one batch and what it has spent so far (one instance per batch)."""

    inflated_bytes: int = MAX_BATCH_INFLATED_BYTES
    archive_ratio: int = MAX_ARCHIVE_RATIO
    archive_slack: int = ARCHIVE_SLACK_BYTES
    document_chars: int = MAX_DOCUMENT_CHARS
    spent_bytes: int = 0

    def inflate(self, size: int, archive_bytes: int, archive_spent: int) -> str | None:
        """Charge ``size`` inflated bytes of a member of an archive of ``archive_bytes`` that
        has inflated ``archive_spent`` so far; the reason it is refused, or None."""
        allowed = self.archive_ratio * archive_bytes + self.archive_slack
        if archive_spent + size > allowed:
            return (f"not read: the archive would inflate past {allowed:,} bytes"
                    f" ({self.archive_ratio}× its size + {self.archive_slack // 1024**2} MB)")
        if self.spent_bytes + size > self.inflated_bytes:
            return f"not read: the batch's decompression budget of {self.inflated_bytes:,} bytes is spent"
        self.spent_bytes += size
        return None

    def cut(self, text: str) -> tuple[str, str | None]:
        """``text`` within the per-document limit (cut at a space where one is near), and a
        note saying what was cut, or None."""
        if len(text) <= self.document_chars:
            return text, None
        end = self.document_chars
        space = text.rfind(" ", max(0, end - 1000), end)
        kept = text[:space if space > 0 else end]
        return kept, f"cut to {len(kept):,} of {len(text):,} characters (limit {self.document_chars:,} per document)"
