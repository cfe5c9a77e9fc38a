"""Extraction: one document in, its statements out (a pure function).

The chain over one document: normalise (with offset map) → sentences → speaker mentions
and attribution → cues per topic → date and phase → Statement, with the raw span of the
sentence and the cue that fired. No I/O, no database: callers decide where text comes
from and where statements go.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from positions.dates import infer_document_date, parse_iso, sentence_date
from positions.events import phase_of
from positions.lexicon import Lexicon, load_lexicon
from positions.model import Document, Statement
from positions.normalise import normalise
from positions.sentences import split_sentences
from positions.speakers import Attribution, Mention, attribute, find_mentions
from positions.stance import CueHit, choose, find_cues

_CONFIDENCE = {"colon": 0.9, "verb-subject": 0.9, "subject-verb": 0.8, "according-to": 0.85, "participle": 0.75, "carried": 0.7}


def document_date(doc: Document) -> tuple[date | None, str]:
    """The document's date and basis: metadata first, else inferred from its text."""
    given = parse_iso(doc.date)
    if given is not None:
        return given, doc.date_basis or "metadata"
    return infer_document_date(normalise(doc.text).text)


def _owner(attributions: list[Attribution], hit: CueHit) -> Attribution:
    """The attribution whose words hold the cue: the last one before it, else the first."""
    owner = attributions[0]
    for attribution in attributions:
        if attribution.position <= hit.start and attribution.nested_in is None:
            owner = attribution
    return owner


def _confidence(how: str, hit: CueHit) -> float:
    return round(min(0.99, _CONFIDENCE[how] * (0.6 + 0.06 * hit.weight)), 2)


def _inside_speaker(hit: CueHit, attributions: list[Attribution]) -> bool:
    """A cue lying inside the speaker's own name ("الرئيس السوري …") is not a position."""
    return any(m.start <= hit.start and hit.end <= m.end for a in attributions for m in a.speakers)


def extract(doc: Document, lexicon: Lexicon | None = None) -> list[Statement]:
    """Statements of one document, in text order."""
    lexicon = lexicon or load_lexicon()
    norm = normalise(doc.text)
    if not lexicon.syria_regex.search(norm.text):
        return []
    doc_day, doc_basis = document_date(doc)
    statements: list[Statement] = []
    last: tuple[Mention, ...] | None = None
    for span in split_sentences(doc.text):
        start, end = norm.norm_index(span.start), norm.norm_index(span.end)
        sentence = norm.text[start:end]
        mentions = find_mentions(sentence, lexicon)
        attributions, last = attribute(sentence, mentions, lexicon, last)
        if not attributions:
            continue
        negative = next((a.position for a in attributions if a.negative), None)
        hits = [h for h in find_cues(sentence, lexicon, negative) if not _inside_speaker(h, attributions)]
        if not hits:
            continue
        chosen = choose(hits, sentence, lexicon)
        day, basis = sentence_date(sentence, doc_day)
        if basis == "document":
            basis = doc_basis
        def raw(a: int, b: int, offset: int = start) -> str:
            raw_start, raw_end = norm.raw_span(offset + a, offset + b)
            return doc.text[raw_start:raw_end]

        seen: set[tuple[str, str]] = set()
        for topic, hit in chosen.items():
            owner = _owner(attributions, hit)
            for speaker in owner.speakers:
                if (speaker.country, topic) in seen:
                    continue
                seen.add((speaker.country, topic))
                statements.append(_statement(doc, span.start, span.end, speaker, owner, hit, raw,
                                             day, basis, lexicon))
            statements.extend(_reported(doc, span.start, span.end, owner, attributions, hit, raw,
                                        day, basis, lexicon, seen))
    return statements


def _reported(doc: Document, raw_start: int, raw_end: int, owner: Attribution, attributions: list[Attribution],
              hit: CueHit, raw: Callable[[int, int], str], day: date | None, basis: str, lexicon: Lexicon,
              seen: set[tuple[str, str]]) -> list[Statement]:
    """Positions the speaker reports of another state ("السعودية مصرة على …", said by Iran)."""
    out = []
    for attribution in attributions:
        if attribution.nested_in is None or attribution.position > hit.start:
            continue
        for speaker in attribution.speakers:
            if speaker.country in {m.country for m in owner.speakers} or (speaker.country, hit.topic) in seen:
                continue
            seen.add((speaker.country, hit.topic))
            statement = _statement(doc, raw_start, raw_end, speaker, attribution, hit, raw, day, basis, lexicon)
            statement.reported = True
            statement.reported_by = owner.speakers[0].canonical
            statement.confidence = round(statement.confidence * 0.8, 2)
            out.append(statement)
    return out


def _statement(doc: Document, raw_start: int, raw_end: int, speaker: Mention, owner: Attribution, hit: CueHit,
               raw: Callable[[int, int], str], day: date | None, basis: str, lexicon: Lexicon) -> Statement:
    return Statement(
        doc=doc.name,
        char_start=raw_start,
        char_end=raw_end,
        sentence=doc.text[raw_start:raw_end],
        speaker=speaker.canonical,
        speaker_ar=raw(speaker.start, speaker.end),
        country=speaker.country,
        role=speaker.role,
        topic=hit.topic,
        stance=hit.code,
        score=lexicon.score(hit.code),
        date=day.isoformat() if day else None,
        date_basis=basis,
        phase=phase_of(day),
        cue=hit.pattern,
        cue_text=raw(hit.start, hit.end),
        attribution=owner.how,
        confidence=_confidence(owner.how, hit),
        doc_id=doc.id,
    )
