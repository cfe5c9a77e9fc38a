"""Extraction: one document in, its statements out (a pure function).

The chain over one document: normalise (with offset map) → sentences → speaker mentions
and attribution → cues per topic → date and phase → Statement, with the raw span of the
sentence and the cue that fired. No I/O, no database: callers decide where text comes
from and where statements go.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from positions.clauses import background_clauses, clause_bounds, clause_of
from positions.dates import infer_document_date, parse_iso, sentence_date
from positions.events import phase_of
from positions.lexicon import Lexicon, load_lexicon
from positions.normalise import normalise
from positions.records import Document, Statement
from positions.sentences import split_sentences
from positions.speakers import Attribution, Mention, attribute, find_mentions
from positions.stance import CueHit, choose, find_cues

_WORDS = re.compile(r"\w+")
_WORDS_BEFORE_CUE = re.compile(r"(?:\w+\W+){1,4}$")
_CONFIDENCE = {"colon": 0.9, "verb-subject": 0.9, "subject-verb": 0.8, "according-to": 0.85, "participle": 0.75, "carried": 0.7}


def document_date(doc: Document, normalised: str | None = None) -> tuple[date | None, str]:
    """The document's date and basis: metadata first, else inferred from its (normalised) text."""
    given = parse_iso(doc.date)
    if given is not None:
        return given, doc.date_basis or "metadata"
    return infer_document_date(normalised if normalised is not None else normalise(doc.text).text)


def _owner(attributions: list[Attribution], hit: CueHit) -> Attribution:
    """The attribution whose words hold the cue: the last one before it, else the first."""
    owner = attributions[0]
    for attribution in attributions:
        if attribution.position <= hit.start and attribution.nested_in is None:
            owner = attribution
    return owner


HEDGE_FACTOR = 0.75


def _confidence(how: str, hit: CueHit, hedged: bool = False) -> float:
    """Attribution certainty × cue strength, lowered when the position is hedged (ربما، قد …)."""
    return round(min(0.99, _CONFIDENCE[how] * (0.6 + 0.06 * hit.weight) * (HEDGE_FACTOR if hedged else 1.0)), 2)


def _hedged(sentence: str, hit: CueHit, lexicon: Lexicon) -> bool:
    before = _WORDS_BEFORE_CUE.search(sentence[max(0, hit.start - 50):hit.start])
    return bool(before and lexicon.weakener_regex.search(before.group(0)))


def _inside_speaker(hit: CueHit, attributions: list[Attribution]) -> bool:
    """A cue lying inside the speaker's own name ("الرئيس السوري …") is not a position."""
    return any(m.start <= hit.start and hit.end <= m.end for a in attributions for m in a.speakers)


# A journalist's question ("وعلى سؤال «هل …؟»"، "سئل عن …؟") states no one's position.
_QUESTION = re.compile(r"(?<!\w)[وف]?(?:ب|ل|علي\s+)?(?:سوال|سيل|ساله|سالته|يساله|تساوله)(?!\w)[^؟]*؟")
_QUOTE_FIRST = re.compile(r"^\W{0,3}[«\"“]")
LEAD_IN_WORDS = 4  # a cue further than this before the first attribution is the writer's, not the speaker's


def _negative_regions(attributions: list[Attribution], bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """From each negative reporting verb (رفض، نفى …) to the end of its clause."""
    return [(a.position, bounds[clause_of(a.position, bounds)][1]) for a in attributions if a.negative]


# "وحول مصير الأسد، قال …", "وردا على سؤال عن …،": the writer's lead-in names a topic, it is
# not the speaker's position.
_LEAD_IN = re.compile(r"^\W*[وف]?(?:حول|عن|بشان|فيما\s+يتعلق|في\s+ما\s+يتعلق|ردا\s+علي|بخصوص|علي\s+سوال|في\s+رده\s+علي|سيل)(?!\w)")


def _spoken(hit: CueHit, attributions: list[Attribution], sentence: str) -> bool:
    """False for a cue in a lead-in before the speaker is introduced ("وحول ما إذا كان …، أكد الأسد")."""
    if any(q.start() <= hit.start < q.end() for q in _QUESTION.finditer(sentence)):
        return False
    first = min(a.position for a in attributions)
    if hit.start >= first or attributions[0].how == "according-to":
        return True
    if _LEAD_IN.match(sentence):
        return False
    # «…»، قال X: a quotation opening the sentence is the speaker's
    return bool(_QUOTE_FIRST.match(sentence)) and len(_WORDS.findall(sentence, hit.end, first)) <= LEAD_IN_WORDS


def _positions(hits: list[CueHit], sentence: str, bounds: list[tuple[int, int]],
               lexicon: Lexicon) -> list[tuple[CueHit, tuple[int, int]]]:
    """(winning hit, normalised span) per topic: one for the sentence, or one per clause
    when its clauses take different stances on the topic."""
    out = []
    whole = choose(hits, sentence, lexicon)
    for topic, best in whole.items():
        per_clause = {}
        for index, (start, end) in enumerate(bounds):
            inside = [h for h in hits if h.topic == topic and start <= h.start < end]
            if inside:
                per_clause[index] = choose(inside, sentence[start:end], lexicon)[topic]
        signs = {(lexicon.score(hit.code) > 0) - (lexicon.score(hit.code) < 0) for hit in per_clause.values()}
        if len(signs) > 1:  # contrasting positions in different clauses: a statement each
            out.extend((hit, bounds[index]) for index, hit in per_clause.items())
        else:
            out.append((best, (0, len(sentence))))
    return out


def extract(doc: Document, lexicon: Lexicon | None = None) -> list[Statement]:
    """Statements of one document, in text order."""
    return extract_dated(doc, lexicon)[1]


def extract_dated(doc: Document, lexicon: Lexicon | None = None) -> tuple[Document, list[Statement]]:
    """The document with its date (metadata or inferred, and how) and its statements.

    One normalisation serves both the date inference and the extraction.
    """
    lexicon = lexicon or load_lexicon()
    norm = normalise(doc.text)
    doc_day, doc_basis = document_date(doc, norm.text)
    doc = replace(doc, date=doc_day.isoformat() if doc_day else None, date_basis=doc_basis)
    statements: list[Statement] = []
    if not any(stem in norm.text for stem in lexicon.syria_stems):  # cheap gate: not about Syria
        return doc, statements
    last: tuple[Mention, ...] | None = None
    context: list[str] = []
    for span in split_sentences(doc.text):
        start, end = norm.norm_index(span.start), norm.norm_index(span.end)
        sentence = norm.text[start:end]
        # each mention keeps its raw spelling now: a carried-over speaker's offsets point
        # into the sentence that named it, not into the one that continues it
        mentions = [replace(m, written=doc.text[slice(*norm.raw_span(start + m.start, start + m.end))])
                    for m in find_mentions(sentence, lexicon)]
        attributions, last = attribute(sentence, mentions, lexicon, last)
        preceding = " ".join(context[-2:])
        context.append(sentence)
        if not attributions:
            continue
        bounds = clause_bounds(sentence, lexicon)
        background = background_clauses(sentence, bounds)
        owned = {clause_of(a.position, bounds) for a in attributions}
        hits = [h for h in find_cues(sentence, lexicon, _negative_regions(attributions, bounds), preceding)
                if not _inside_speaker(h, attributions) and _spoken(h, attributions, sentence)
                and (clause_of(h.start, bounds) not in background or clause_of(h.start, bounds) in owned)]
        if not hits:
            continue
        day, basis = sentence_date(sentence, doc_day)
        if basis == "document":
            basis = doc_basis

        def raw_span(a: int, b: int, offset: int = start) -> tuple[int, int]:
            return norm.raw_span(offset + a, offset + b)

        def raw(a: int, b: int) -> str:
            raw_start, raw_end = raw_span(a, b)
            return doc.text[raw_start:raw_end]

        seen: set[tuple[str, str, int]] = set()
        for hit, (clause_start, clause_end) in _positions(hits, sentence, bounds, lexicon):
            raw_start, raw_end = raw_span(*_trim(sentence, clause_start, clause_end))
            owner = _owner(attributions, hit)
            for speaker in owner.speakers:
                if (speaker.country, hit.topic, clause_start) in seen:
                    continue
                seen.add((speaker.country, hit.topic, clause_start))
                statement = _statement(doc, raw_start, raw_end, speaker, owner, hit, raw, day, basis, lexicon)
                if _hedged(sentence, hit, lexicon):
                    statement.confidence = _confidence(owner.how, hit, hedged=True)
                statements.append(statement)
            statements.extend(_reported(doc, raw_start, raw_end, owner, attributions, hit, raw,
                                        day, basis, lexicon, seen, clause_start))
    return doc, statements


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """A clause without the spaces and commas at its edges."""
    while start < end and sentence[start] in " \t،,؛;":
        start += 1
    while end > start and sentence[end - 1] in " \t،,؛;":
        end -= 1
    return start, end


def _reported(doc: Document, raw_start: int, raw_end: int, owner: Attribution, attributions: list[Attribution],
              hit: CueHit, raw: Callable[[int, int], str], day: date | None, basis: str, lexicon: Lexicon,
              seen: set[tuple[str, str, int]], clause: int) -> list[Statement]:
    """Positions the speaker reports of another state ("السعودية مصرة على …", said by Iran)."""
    out = []
    for attribution in attributions:
        if attribution.nested_in is None or attribution.position > hit.start:
            continue
        for speaker in attribution.speakers:
            if speaker.country in {m.country for m in owner.speakers} or (speaker.country, hit.topic, clause) in seen:
                continue
            seen.add((speaker.country, hit.topic, clause))
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
        speaker_ar=speaker.written,
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
