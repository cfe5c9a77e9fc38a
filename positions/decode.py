"""Bytes to article text: encodings, binary detection and HTML pages.

Owns turning whatever a news archive holds into clean text, or a clear reason why not.
UTF-8 (with or without BOM) and UTF-16 with BOM decode directly; anything else goes to
charset-normalizer, which tells Windows-1256 Arabic from Latin-1 mojibake far better than
a hand-written guess. HTML keeps its article text and drops markup, scripts and styles.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_ARABIC = re.compile(r"[\u0600-\u06ff]")


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


# File signatures of formats that are not text (images, PDFs, office files, archives).
_SIGNATURES = {b"\x89PNG": "a PNG image", b"%PDF": "a PDF document", b"\xff\xd8\xff": "a JPEG image",
               b"GIF8": "a GIF image", b"\x1f\x8b": "gzip data", b"PK\x03\x04": "a zip archive (name it .zip)",
               b"\xd0\xcf\x11\xe0": "an old Office document", b"\x7fELF": "a program"}
# Arabic UTF-8 read as Latin-1/Windows-1252 and saved again ("Ø§Ù„Ø£Ø³Ø¯"): these pairs betray it.
_MOJIBAKE = re.compile("[ØÙ][\u0080-\u00ff\u0152-\u2122]")


def decode_bytes(data: bytes) -> str:
    """Decode article bytes to ``str`` or raise DecodeError with the reason."""
    if not data:
        raise DecodeError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return repair_mojibake(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if not data.strip():
        raise DecodeError("whitespace only, no text")
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise DecodeError(f"binary content ({kind}), not text")
    sample = data[:65536]
    if sample.count(b"\x00") > len(sample) // 100:
        if _looks_utf16(sample):
            return data.decode("utf-16-le" if sample[1:2] == b"\x00" or sample[0:1] != b"\x00" else "utf-16-be",
                               errors="replace")
        raise DecodeError("binary content (NUL bytes), not text")
    try:
        return repair_mojibake(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = _guess(data)
    if text is None:
        raise DecodeError("unknown text encoding")
    return text


# cp1252 maps 0x80–0x9F to typographic characters; Latin-1 keeps them as C1 controls.
_CP1252_BYTES = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def repair_mojibake(text: str) -> str:
    """Undo Arabic UTF-8 that was decoded as Latin-1/Windows-1252 and encoded again."""
    sample = text[:20000]
    if len(_MOJIBAKE.findall(sample)) < max(5, len(sample) // 50):
        return text
    raw = bytearray()
    for char in text:
        byte = _CP1252_BYTES.get(char, ord(char))
        if byte > 0xFF:
            return text  # not a byte-for-byte mis-decoding after all
        raw.append(byte)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def _looks_utf16(sample: bytes) -> bool:
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    return max(even_nuls, odd_nuls) > len(sample) // 4 and min(even_nuls, odd_nuls) < len(sample) // 50


def _guess(data: bytes) -> str | None:
    """Windows-1256 first when it yields Arabic letters; else charset-normalizer's best."""
    try:
        arabic = data.decode("cp1256")
        letters = sum(1 for c in arabic[:20000] if c.isalpha())
        if letters and len(_ARABIC.findall(arabic[:20000])) > letters * 0.3:
            return arabic
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover
        return data.decode("latin-1")
    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        return None
    return data.decode(best.encoding, errors="replace")


def is_binary_text(text: str) -> bool:
    """Text that is mostly control characters was not really text."""
    sample = text[:20000]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > len(sample) * 0.05


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "nav", "footer"}
    _BLOCK = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "blockquote", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self.skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<p>" in head and "</p>" in head) or "<body" in head


_SKIPPED = re.compile(r"<(script|style|noscript|template|head|svg|iframe|nav|footer)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>?")


def html_to_text(text: str) -> str:
    """The readable text of an HTML page, one block per line."""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
        joined = html.unescape("".join(parser.parts))
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup ("<![ x")
        joined = html.unescape(_TAG.sub("\n", _SKIPPED.sub("\n", text)))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in joined.splitlines()]
    return "\n".join(line for line in lines if line)
