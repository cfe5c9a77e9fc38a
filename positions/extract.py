"""Extraction: one document in, its statements out (a pure function).

The pipeline, step by step, over one document:
  1. normalise the text, keeping a map back to raw offsets (``normalise``);
  2. date the document: metadata, else its dateline or text (``dates``);
  3. split it into sentences (``sentences``); for each sentence
  4. find the speakers named in it — the gazetteer's, and officials the document introduced
     by title and name (``introduced``) — and attribute words to them (``speakers``);
  5. find the topics it talks about, by stem (``topics``) and the stance cues (``stance``);
  6. pair each speaker's words with each topic in them: the candidates (``candidates``);
  7. let the learned model keep the statements and give their stance (``classifier``);
  8. date each statement by what dates the speech act, and phase it (``dates``, ``events``).
No I/O, no database: callers decide where text comes from and where statements go.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from positions.candidates import Candidate, Sentence, candidates
from positions.classifier import Decision, Model, load_model
from positions.clauses import background_clauses, clause_bounds, clause_of
from positions.dates import infer_document_date, parse_iso, sentence_date
from positions.events import phase_of
from positions.explain import explain
from positions.introduced import Registry, introduce, introduce_before
from positions.lexicon import Lexicon, about_another_file, load_lexicon, of_another_file
from positions.normalise import NormalisedText, RawSearch, normalise, spelled
from positions.offices import display_name
from positions.records import Document, Statement
from positions.sentences import split_sentences
from positions.speakers import (
    QUOTE_OPEN,
    REPORTED_OPEN,
    Attribution,
    Mention,
    attribute,
    find_mentions,
    participants,
    quote_open_after,
    same_state,
    words_start,
)
from positions.stance import RELATIVE_PRONOUN, CueHit, find_cues
from positions.stems import Token, tokens
from positions.topics import CONTEXT_SENTENCES, TopicHit, find_topics
from positions.wordscan import sentence_words

_WORDS = re.compile(r"\w+")
_OPENING_MARK_AT_END = re.compile(r"[«“\"]\W*$")  # "وأضاف: «" and the words on the next line
_FINAL_STOP = re.compile(r"[.!?؟]\W*$")  # a paragraph without one is a headline


def document_date(doc: Document, normalised: str | None = None, given: date | None = None) -> tuple[date | None, str]:
    """The document's date and basis: metadata first, else inferred from its (normalised) text.
    ``given``: ``parse_iso(doc.date)``, when the caller has parsed it already."""
    given = given or _parse_date(doc.date)
    if given is not None:
        return given, doc.date_basis or "metadata"
    return infer_document_date(normalised if normalised is not None else normalise(doc.text).text)


def extract(doc: Document, lexicon: Lexicon | None = None, model: Model | None = None) -> list[Statement]:
    """Statements of one document, in text order."""
    return extract_dated(doc, lexicon, model)[1]


def extract_dated(doc: Document, lexicon: Lexicon | None = None,
                  model: Model | None = None) -> tuple[Document, list[Statement]]:
    """The document with its date (metadata or inferred, and how) and its statements."""
    lexicon = lexicon or load_lexicon()
    model = model or load_model()
    given = _parse_date(doc.date)
    # ``unread``'s question, whose answer also settles ``about_syria`` when it is True
    syrian = _syria_search(lexicon.syria_stems).found(doc.text) if given is not None else None
    if syrian is False:
        return _dated_by_metadata(doc, given), []
    norm = normalise(doc.text)
    doc_day, doc_basis = document_date(doc, norm.text, given)
    doc = doc.dated(doc_day.isoformat() if doc_day else None, doc_basis)
    if not (syrian or about_syria(norm.text, lexicon)):
        return doc, []
    statements: list[Statement] = []
    for sentence in analyse(doc, norm, lexicon):
        for decision in model.decide(candidates(sentence, lexicon)):
            day, basis = sentence_date(sentence.text, doc_day, speech_end(sentence.text, decision.candidate.attribution))
            statements.append(_statement(doc, norm, decision, day, doc_basis if basis == "document" else basis, lexicon))
    return doc, statements


def unread(doc: Document, lexicon: Lexicon | None = None) -> Document | None:
    """``doc`` dated as ``extract_dated`` dates it, when it holds no statement for certain
    without being read: dated by its metadata and naming nothing Syrian (most articles;
    decided on the raw text, which is never normalised: ``RawSearch``). None: extract it."""
    lexicon = lexicon or load_lexicon()
    given = _parse_date(doc.date)
    if given is None or _syria_search(lexicon.syria_stems).found(doc.text) is not False:
        return None
    return _dated_by_metadata(doc, given)


def _dated_by_metadata(doc: Document, given: date) -> Document:
    """``doc`` dated by its metadata (``given``: ``parse_iso(doc.date)``, parsed once)."""
    day, basis = document_date(doc, given=given)
    return doc.dated(day.isoformat() if day else None, basis)


def speech_end(text: str, attribution: Attribution) -> int | None:
    """Where the words of ``attribution`` begin in its sentence: dates after that point
    belong to what is said, not to the saying. None when the sentence gives no such point
    (a carried speaker, a headline), so the whole sentence may date the statement."""
    if attribution.how in {"carried", "according-to"}:
        return None
    opening = REPORTED_OPEN.search(text, attribution.position)
    return opening.start() if opening else None


def about_syria(normalised: str, lexicon: Lexicon) -> bool:
    """A cheap gate: a document naming nothing Syrian holds no statement."""
    return any(stem in normalised for stem in lexicon.syria_stems)


@lru_cache(maxsize=1024)
def _parse_date(value: str | None) -> date | None:
    """``parse_iso``, remembered (a date is immutable): ingest asks it of every article, and
    the articles of a day share one date string (SaudiNewsNet: 30,676 articles, 18 strings),
    while parsing one (a regex through ``re``'s cache, a generator, a date) was ~2% of extract_dated."""
    return parse_iso(value)


@lru_cache(maxsize=4)
def _syria_search(stems: tuple[str, ...]) -> RawSearch:
    """``about_syria`` asked of the raw text: the same answer (or None), without normalising."""
    return RawSearch(stems)


def analyse(doc: Document, norm: NormalisedText, lexicon: Lexicon, every_sentence: bool = False) -> list[Sentence]:
    """Steps 3–5 for every sentence with a speaker: mentions, attributions, topics, cues.

    Sentences without a speaker are kept out (nothing can be said in them), but they still
    pass their topics on as context and reset or carry the last speaker.
    """
    out: list[Sentence] = []
    last = None
    quoted = False  # a quotation left open by the sentences before
    opened_at_end = False
    recent: deque[Callable[[], list[Token]]] = deque(maxlen=CONTEXT_SENTENCES)  # the sentences before, as words
    context_text = ""
    officials = Registry()  # the document's own gazetteer: officials it introduced by title and name
    group: tuple[Mention, ...] = ()  # the participants last named together, for "ودعا الوزراء"
    for index, span in enumerate(split_sentences(doc.text)):
        start, end = norm.norm_index(span.start), norm.norm_index(span.end)
        text = norm.text[start:end]
        words = _deferred_tokens(text, doc.text, span.start, span.end)
        plain_words = sentence_words(text)  # listed once for every word gate of ``speakers``
        found = find_mentions(text, lexicon, plain_words)
        # an official introduced earlier by title and name, named here by his surname
        again = officials.mentions(text, found)
        if again:
            found = sorted(found + again, key=lambda m: (m.start, -m.end))
        officials.add(introduce(text, found, lexicon))
        named_first = introduce_before(text, found, lexicon)  # "قال فيليب لالييه، المبعوث الفرنسي، إن"
        if named_first:
            officials.add(named_first)
            found = sorted(found + officials.mentions(text, found), key=lambda m: (m.start, -m.end))
        # each mention keeps its raw spelling: a carried-over speaker's offsets point into
        # the sentence that named it, not into the one that continues it
        mentions = [_written(m, doc.text[slice(*norm.raw_span(start + m.start, start + m.end))]) for m in found]
        # a new paragraph closes a quotation left open, unless the last one ended on the
        # opening mark itself ("وأضاف: «" and the words on the next line)
        quoted = quoted and (not span.paragraph_start or opened_at_end)
        attributions, last = attribute(text, mentions, lexicon, last, inside_quote=quoted, words=plain_words,
                                       group=group)
        group = participants(mentions) or group
        quoted = quote_open_after(text, quoted)
        opened_at_end = quoted and bool(_OPENING_MARK_AT_END.search(text))
        previous_words, previous_text = _words_of(tuple(recent)), context_text
        recent.append(words)
        context_text = text
        if not attributions and not every_sentence:
            continue
        # a sentence on another file (nuclear talks, Yemen …) with no Syria term of its own
        # talks about none of the three topics, whatever its words
        # (asked through ``mentions``: a substring test first, and the answer kept for find_cues)
        files = lexicon.file_terms(text, _speaker_spans(attributions, mentions))
        topics = [] if about_another_file(files) else _outside_speakers(find_topics(text, words(), previous_words),
                                                                        attributions, mentions, text)
        if files:  # the topic words of another file the sentence also names
            topics = [h for h in topics if not of_another_file(files, h.start, h.end, text)]
        cues = _spoken_cues(text, attributions, lexicon, previous_text, files) if attributions else []
        out.append(Sentence(index, span.start, span.end, text, words(), mentions, attributions, topics, cues,
                            headline=span.paragraph_start and not _FINAL_STOP.search(text)))
    return out


def _words_of(sentences: tuple[Callable[[], list[Token]], ...]) -> Callable[[], list[Token]]:
    """The words of ``sentences`` in a row, tokenised only if asked for (a topic's companion
    is looked for there only when the sentence itself lacks it)."""
    return lambda: [token for words in sentences for token in words()]


def _outside_speakers(topics: list[TopicHit], attributions: list[Attribution], mentions: list[Mention],
                      text: str) -> list[TopicHit]:
    """A topic word inside a speaker's own name or title is not what the speaker says
    ("المبعوث الخاص للرئيس الروسي" names no president the topics are about), nor is one in
    the relative clause that describes him. Only the speakers named in this sentence: a
    carried-over one's offsets are another sentence's."""
    here = {id(m) for m in mentions}
    spans = [(m.start, m.end) for a in attributions for m in a.speakers if id(m) in here]
    described = [_relative_clause(text, m.end) for a in attributions for m in a.speakers if id(m) in here]
    out = []
    for hit in topics:
        if any(start <= hit.start < end for start, end in spans):
            hit = replace(hit, role="speaker")
        elif any(clause and clause[0] <= hit.start < clause[1] for clause in described):
            hit = replace(hit, role="description")
        out.append(hit)
    return out


_RELATIVE_AFTER = re.compile(rf"\W*{RELATIVE_PRONOUN}(?!\w)")


def _relative_clause(text: str, end: int) -> tuple[int, int] | None:
    """The relative clause describing a speaker right after his name, up to his words
    ("قال فابيوس الذي سيترأس وفد بلاده إلى اجتماعات فيينا، إن …"): what it names is the
    writer's description of him, not what he says."""
    relative = _RELATIVE_AFTER.match(text, end)
    if relative is None:
        return None
    stop = REPORTED_OPEN.search(text, relative.end())  # where his words begin
    return relative.start(), stop.start() if stop else len(text)


def _deferred_tokens(text: str, raw: str, raw_start: int, raw_end: int) -> Callable[[], list[Token]]:
    """A sentence's words, tokenised on first call: most sentences name no speaker and are
    never read as context either, so most are never tokenised, nor spelled (the spelled view
    maps each raw character alone, so the sentence's raw span spells to its normalised span).
    A closure, not ``functools.cache``: building a cache wrapper per sentence cost more than
    the memo saves."""
    memo: list[list[Token]] = []

    def words() -> list[Token]:
        if not memo:
            memo.append(tokens(text, spelled(raw[raw_start:raw_end])))
        return memo[0]

    return words


def _written(mention: Mention, written: str) -> Mention:
    """``replace(mention, written=written)`` without re-running the dataclass's ``__init__``
    (one per mention of every sentence): a copy of its fields with ``written`` set."""
    fields = getattr(mention, "__dict__", None)
    if fields is None:  # a dataclass with slots
        return replace(mention, written=written)
    copy = object.__new__(type(mention))
    copy.__dict__.update(fields)
    copy.__dict__["written"] = written
    return copy


def _governed_end(attribution: Attribution, attributions: list[Attribution], bounds: list[tuple[int, int]]) -> int:
    """Where a negative verb's reach ends: its clause's end, or the next speech act in it
    ("واشنطن تدين …، وفي الشأن السوري قال كيري: …" — Kerry's words are not condemned)."""
    end = bounds[clause_of(attribution.position, bounds)][1]
    # (not at his own state's position, which is what he denies: "نفى … أن تكون واشنطن قد
    # طالبت برحيل الأسد"; another state's ends it: "وسط رفض … بينما تمسكت المعارضة …")
    return min([a.position for a in attributions if attribution.position < a.position < end
                and (a.kind == "speech" or not same_state(a, attribution))] + [end])


def _speaker_spans(attributions: list[Attribution], mentions: list[Mention]) -> list[tuple[int, int]]:
    """The spans of the speakers named in this sentence (a carried-over one's offsets are
    another sentence's)."""
    here = {id(m) for m in mentions}
    return [(m.start, m.end) for a in attributions for m in a.speakers if id(m) in here]


def _spoken_cues(text: str, attributions: list[Attribution], lexicon: Lexicon, preceding: str,
                 files: list[tuple[int, int, bool]] | None = None) -> list[CueHit]:
    """Stance cues that are the speakers' words: not inside a speaker's own name, not in
    the writer's lead-in or a journalist's question, not in a background clause."""
    bounds = clause_bounds(text, lexicon)
    background = background_clauses(text, bounds)
    owned = {clause_of(a.position, bounds) for a in attributions}
    negative = [(a.position, _governed_end(a, attributions, bounds)) for a in attributions if a.negative]
    return [h for h in find_cues(text, lexicon, negative, preceding, files)
            if not _inside_speaker(h, attributions) and _spoken(h, attributions, text, lexicon)
            and (clause_of(h.start, bounds) not in background or clause_of(h.start, bounds) in owned)]


def _inside_speaker(hit: CueHit, attributions: list[Attribution]) -> bool:
    """A cue lying inside the speaker's own name ("الرئيس السوري …") is not a position."""
    return any(m.start <= hit.start and hit.end <= m.end for a in attributions for m in a.speakers)


# A journalist's question ("وعلى سؤال «هل …؟»"، "سئل عن …؟") states no one's position.
_QUESTION = re.compile(r"(?<!\w)[وف]?(?:ب|ل|علي\s+)?(?:سوال|سيل|ساله|سالته|يساله|تساوله)(?!\w)[^؟]*؟")
LEAD_IN_WORDS = 4  # a cue further than this before the first attribution is the writer's, not the speaker's
# "وحول مصير الأسد، قال …", "وردا على سؤال عن …،": the writer's lead-in names a topic, it is
# not the speaker's position.
_LEAD_IN = re.compile(r"^\W*[وف]?(?:حول|عن|بشان|فيما\s+يتعلق|في\s+ما\s+يتعلق|ردا\s+علي|بخصوص|علي\s+سوال|في\s+رده\s+علي|سيل)(?!\w)")


def _spoken(hit: CueHit, attributions: list[Attribution], sentence: str, lexicon: Lexicon) -> bool:
    """False for a cue in a lead-in before the speaker is introduced ("وحول ما إذا كان …، أكد الأسد");
    the negation of the first verb is its speaker's ("موسكو لم تعد تتمسك …")."""
    if any(q.start() <= hit.start < q.end() for q in _QUESTION.finditer(sentence)):
        return False
    first = min(words_start(sentence, a, lexicon) for a in attributions)
    if hit.start >= first or attributions[0].how == "according-to":
        return True
    if _LEAD_IN.match(sentence):
        return False
    # «…»، قال X: a quotation opening the sentence is the speaker's
    return bool(QUOTE_OPEN.match(sentence)) and len(_WORDS.findall(sentence, hit.end, first)) <= LEAD_IN_WORDS


def _statement(doc: Document, norm: NormalisedText, decision: Decision, day: date | None, basis: str,
               lexicon: Lexicon) -> Statement:
    candidate: Candidate = decision.candidate
    sentence = candidate.sentence
    speaker = candidate.speaker
    name, role = display_name(speaker, candidate.attribution.speakers, day)
    return Statement(
        doc=doc.name,
        char_start=sentence.raw_start,
        char_end=sentence.raw_end,
        sentence=doc.text[sentence.raw_start:sentence.raw_end],
        speaker=name,
        speaker_ar=speaker.written,
        country=speaker.country,
        role=role,
        topic=candidate.topic,
        stance=decision.stance,
        score=lexicon.score(decision.stance),
        date=day.isoformat() if day else None,
        date_basis=basis,
        phase=phase_of(day),
        cue=decision.cue,
        cue_text=explain(decision, doc.text, norm, lexicon),
        attribution=candidate.attribution.how,
        confidence=decision.confidence,
        reported=candidate.reported,
        reported_by=candidate.reported_by.canonical if candidate.reported_by else None,
        doc_id=doc.id,
    )
