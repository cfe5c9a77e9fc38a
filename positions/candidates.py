"""Candidates: every (attributed speaker × topic) of a sentence that might be a statement.

Owns what a speaker's words are in a sentence (the *region* of an attribution: from its
verb, with the negation before it, to the next speaker's, or to another state's speaker
whose saying it relays, with the lead-in before the first speaker kept apart; a clause in
which it ascribes a position to another state is that state's, and its cues are not the
speaker's evidence) and the pairing of those words with the topics found in them. A stance cue is not required: the
learned model (``positions.classifier``) decides which candidates are statements and with
which stance, and the cues are evidence it weighs.

Must not: decide anything. Every candidate is kept with the evidence a decision needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from positions.lexicon import CLAUSE_END, Lexicon
from positions.speakers import Attribution, Mention, same_state, words_start
from positions.stance import CueHit, choose, condition_marks
from positions.stems import Token
from positions.topics import TopicHit


@dataclass
class Sentence:
    """One analysed sentence: normalised text, raw span and everything found in it."""

    index: int
    raw_start: int
    raw_end: int
    text: str  # normalised
    tokens: list[Token]
    mentions: list[Mention]
    attributions: list[Attribution]
    topics: list[TopicHit]
    cues: list[CueHit]
    headline: bool = False


@dataclass
class Candidate:
    """A speaker of a sentence and a topic their words touch."""

    sentence: Sentence
    attribution: Attribution
    speaker: Mention
    topic: str
    region: tuple[int, int]  # the speaker's words, normalised-sentence offsets
    topic_hits: list[TopicHit]  # in the region (or the lead-in), not blocked
    cue_hits: list[CueHit]  # of this topic, in the region
    cue: CueHit | None = None  # the rule cues' verdict for the topic: strongest, composed (stance.choose)
    lead_in: bool = False  # the topic stands only before the first speaker
    hedged: bool = False  # "ربما"، "قد": the position is put tentatively (lowers the confidence)
    vetoed: bool = False  # the only cue of the topic here was negated away: "لم تطالب برحيل الأسد" states no code
    reported: bool = False  # a position the speaker's words ascribe to another state
    ascribed: bool = False  # no cue of his own, and the topic named only where he ascribes a position to another state
    conditional: bool = False  # his words set a condition (ما لم، إلا بعد، شرط …; not one refused): talks on conditions
    reported_by: Mention | None = None


def regions(sentence: Sentence, lexicon: Lexicon) -> list[tuple[Attribution, tuple[int, int]]]:
    """Each attribution with its words: from its position (with the negation of its verb)
    to the next own speaker's."""
    own = [a for a in sentence.attributions if a.nested_in is None]
    out = []
    for index, attribution in enumerate(own):
        start = 0 if attribution.how == "according-to" else words_start(sentence.text, attribution, lexicon)
        end = own[index + 1].position if index + 1 < len(own) else len(sentence.text)
        # "قال الكرملين إن الأسد قال إنه يأمل …": what the speaker relays another state's
        # speaker saying is that speaker's statement, not the relaying one's
        relayed = [a.position for a in sentence.attributions if a.nested_in is not None and a.kind == "speech"
                   and sentence.attributions[a.nested_in] is attribution and start < a.position < end]
        end = min([end, *relayed])
        out.append((attribution, (start, max(start, end))))
    for attribution in sentence.attributions:
        if attribution.nested_in is not None:
            # a saying relayed runs to the end; a position ascribed, to the end of its clause
            end = len(sentence.text) if attribution.kind == "speech" else _ascribed_end(sentence.text, attribution.position)
            out.append((attribution, (words_start(sentence.text, attribution, lexicon), end)))
    return out


# where a clause ascribing a position to another state ends: punctuation, a contrast, the
# speaker's own comment on it («وهو أمر …»), or his next participle («معتبرا»); not a quote
# mark («تصر على "رحيل الأسد"») nor «فيما» («فيما يتعلق ب…»)
_ASCRIBED_END = re.compile(r"[،,؛;.!?؟]|(?<!\w)(?:و?لكن\w*|وهو|وهي|وهذا|وذلك|بينما|مضيفا|معتبرا|مشيرا|واصفا)(?!\w)")


def _ascribed(sentence: Sentence, attribution: Attribution, lexicon: Lexicon) -> list[tuple[int, int]]:
    """The clauses in which the speaker ascribes a position to another state ("قال لافروف
    إن السعودية تطالب برحيل الأسد"): that state's, flagged as reported, and not the
    speaker's own words."""
    out = []
    for nested in sentence.attributions:
        if (nested.nested_in is None or sentence.attributions[nested.nested_in] is not attribution
                or nested.kind == "speech" or same_state(nested, attribution)):
            continue
        out.append((words_start(sentence.text, nested, lexicon), _ascribed_end(sentence.text, nested.position)))
    return out


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _ascribed_end(text: str, position: int) -> int:
    end = _ASCRIBED_END.search(text, position)
    return end.start() if end else len(text)


def _first_speaker_start(sentence: Sentence) -> int:
    own = [a for a in sentence.attributions if a.nested_in is None]
    if not own:
        return 0
    first = own[0]
    named = [m.start for m in first.speakers if m.start < first.position and m in sentence.mentions]
    return min([first.position, *named])


_WORDS_BEFORE = re.compile(r"(?:\w+\W+){1,4}$")


def _hedged(text: str, anchors: list[int], lexicon: Lexicon) -> bool:
    """A hedge (ربما، قد، من المحتمل …) among the four words before the topic or its cue."""
    for anchor in anchors:
        before = _WORDS_BEFORE.search(text, max(0, anchor - 50), anchor)
        if before and lexicon.weakener_regex.search(before.group(0)):
            return True
    return False


def _conditions_talks(sentence: Sentence, start: int, end: int, topics: list[TopicHit], cues: list[CueHit],
                      lexicon: Lexicon) -> bool:
    """Whether the speaker's words (``start``–``end``) set a condition by themselves (ما لم،
    إلا بعد، شرط) in the clause that names the talks: «لن تشارك في أي اجتماع حول سوريا ما لم
    يتوقف القصف»; not «المحادثات ستتواصل، محذرا من أن الهدنة ستنهار ما لم …»."""
    marks = [start + m for m in condition_marks(sentence.text[start:end], lexicon, by_itself=True)]
    talks = [(h.start, h.end) for h in topics if h.topic == "negotiations"]
    talks += [(c.start, c.end) for c in cues if c.topic == "negotiations"]
    return any(not CLAUSE_END.search(sentence.text, min(a, mark), max(b, mark)) for mark in marks for a, b in talks)


def candidates(sentence: Sentence, lexicon: Lexicon) -> list[Candidate]:
    """All candidates of an analysed sentence, one per (attribution, speaker, topic)."""
    out: list[Candidate] = []
    first_start = _first_speaker_start(sentence)
    own = [a for a in sentence.attributions if a.nested_in is None]
    for attribution, (start, end) in regions(sentence, lexicon):
        is_first = bool(own) and attribution is own[0]
        if is_first and attribution.how in {"carried", "colon"}:
            start = 0
        in_region = [h for h in sentence.topics if start <= h.start < end and not h.blocked]
        lead = [h for h in sentence.topics if is_first and h.start < min(start, first_start) and not h.blocked]
        # a cue that runs on into the next speaker's words is neither's ("قال الجبير إن … رحيل
        # الأسد، وروسيا تعتبر أن مصير الأسد يحدده السوريون")
        # (the topic is still his to comment on: "… إن أمريكا تريد التفاوض مع طهران، ولا إذن بذلك")
        holes = _ascribed(sentence, attribution, lexicon)
        region_cues = [c for c in sentence.cues if start <= c.start < end and c.end <= end and not c.vetoed
                       and not _inside(holes, c.start, c.end)]
        vetoes = {c.topic for c in sentence.cues if start <= c.start < end and c.vetoed and not _inside(holes, c.start, c.end)}
        cued = {c.topic for c in region_cues}  # a stance cue names its topic too
        topics = {h.topic for h in in_region} | {h.topic for h in lead} | cued
        verdicts = choose(region_cues, sentence.text[start:end], lexicon, start) if region_cues else {}
        # a position the speaker's words ascribe to another state; relayed speech ("… أن
        # المبعوث الأميركي أكد …") is the relayed speaker's own
        reported = attribution.nested_in is not None and attribution.kind != "speech"
        reporter = sentence.attributions[attribution.nested_in] if reported else None
        conditional = "negotiations" in topics and _conditions_talks(sentence, start, end, in_region + lead, region_cues, lexicon)
        for topic in sorted(topics):
            hits = [h for h in in_region if h.topic == topic]
            cue_hits = [c for c in region_cues if c.topic == topic]
            for speaker in attribution.speakers:
                out.append(Candidate(
                    sentence, attribution, speaker, topic, (start, end),
                    hits or [h for h in lead if h.topic == topic], cue_hits, verdicts.get(topic),
                    lead_in=not hits and not cue_hits, vetoed=topic in vetoes and not cue_hits,
                    hedged=_hedged(sentence.text, [h.start for h in hits] + [c.start for c in cue_hits], lexicon),
                    reported=reported, reported_by=reporter.speakers[0] if reporter else None,
                    conditional=conditional and topic == "negotiations",
                    ascribed=not cue_hits and bool(hits) and all(_inside(holes, h.start, h.start + 1) for h in hits)))
    return out
