"""Features of a candidate statement, for the learned detection and stance model.

Owns what the model may see, and — as important — what it may not: the speaker's identity
and country. Every word of a speaker mention is masked to its kind (``<person>``,
``<state>`` …) and the stems of state names, capitals and nationality adjectives are
dropped everywhere, so the stance must come from what the sentence says, never from who
says it (a prior by country would draw the expectation instead of the position). Function
words (data/function_words.tsv) make no feature either: they say nothing of a position.

Feature names are readable ("stem:رحيل", "cue:assad_must_go", "how:verb-subject"): the
strongest ones in a sentence are shown to the analyst as the reason for a decision.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from positions.candidates import Candidate, Sentence
from positions.lexicon import affirming_idioms, read_tsv
from positions.normalise import normalise_plain
from positions.stance import denied_after, may_deny, privative
from positions.stems import PhraseIndex, Token, phrase, stem
from positions.topics import country_stems

NEAR = 3  # words on each side of a topic term that describe its role
WINDOW = 8  # words on each side of a topic term or cue that carry its stance
NEGATION_REACH = 3  # a negator turns the next words negative
_CLAUSE_BREAK = frozenset("،,؛;:.«»\"“”()")
# features that are the sentence's own words; the others say how it is built (cues, the
# lexicon's stance codes, attribution, topic terms, negation, quotes, lengths)
WORD_FEATURES = ("stem:", "bi:", "win:", "neg:", "before:", "after:")


def structural(name: str) -> bool:
    """Whether a feature describes the sentence's structure rather than one of its words."""
    return not name.startswith(WORD_FEATURES)


@lru_cache(maxsize=1)
def stance_words() -> PhraseIndex[str]:
    """The phrases of data/stance_words.tsv (longest first) with their codes."""
    rows = [(phrase(text), row["code"]) for row in read_tsv("stance_words.tsv")
            for text in row["words"].split("|") if text.strip()]
    return PhraseIndex(sorted(rows, key=lambda row: -len(row[0])))


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    """Words that negate what follows: negators.tsv, and the stems of rejecting verbs."""
    words = {normalise_plain(row["word"]).rstrip("=") for row in read_tsv("negators.tsv")}
    words |= {"دون", "بدون"}
    return frozenset(words) | frozenset(stem(w) for w in ("رفض", "يرفض", "نرفض", "ترفض", "نفى", "ينفي"))


def _denied_before(tokens: list[Token], sentence: str) -> set[int]:
    """Tokens a denying predicate follows within their clause, fewer than NEGATION_REACH
    words on («رحيل الأسد غير وارد»): ``stance.denied_after``, the cues' own test. Most
    sentences hold no such predicate at all (``stance.may_deny``), and then none is denied."""
    if not may_deny(sentence):
        return set()
    return {i for i, token in enumerate(tokens[:-1]) if denied_after(sentence, token.end, NEGATION_REACH - 1)}


def _bare(token: Token) -> str:
    return token.norm[1:] if len(token.norm) > 2 and token.norm[0] in "وف" else token.norm


def _is_negator(token: Token, marks: frozenset[str]) -> bool:
    """Whether ``token`` is one of ``negators()``, as written, without its و/ف, or by stem."""
    bare = _bare(token)
    return token.norm in marks or bare in marks or token.stem in marks


def _negated(tokens: list[Token], sentence: str) -> list[bool]:
    """For each token, whether a negator stands among the few words before it (right before
    it, for the privative «غير المباشرة»; not in an idiom that affirms, «لا تزال»), or a
    denying predicate among the few after it, in its clause.

    Each token is tested once for being a negator, and the clause breaks before a token are
    looked at only when one of the few words before it is a negator (most are not)."""
    out = []
    denied = _denied_before(tokens, sentence)
    marks = negators()
    affirming = affirming_idioms()
    marked = [_is_negator(token, marks) and not (index + 1 < len(tokens) and _bare(tokens[index + 1]) in affirming)
              for index, token in enumerate(tokens)]
    for index, token in enumerate(tokens):
        negated = False
        if True in marked[max(0, index - NEGATION_REACH):index]:
            for back in range(1, min(index, NEGATION_REACH) + 1):
                if not _CLAUSE_BREAK.isdisjoint(sentence[tokens[index - back].end:token.start]):
                    break
                if marked[index - back]:
                    # «غير المباشرة» is that word's privative, and negates nothing after it
                    negated = back == 1 or not privative(tokens[index - back].norm, tokens[index - back + 1].norm)
                    break
        out.append(negated or index in denied)
    # «لا يتضمن أي إشارة إلى رحيله»: «أي» under a negation carries it over its own phrase
    # (not when «أن» opens a clause before it: «غير أن أي تسوية»; not into a clause opened by
    # «و» + a verb or pronoun: «لم نتلق أي رد ونحن ندعم»)
    for index, token in enumerate(tokens):
        if out[index] and token.norm == "اي" and not (index and _bare(tokens[index - 1]) in {"ان", "لان"}):
            for after in range(index + 1, min(len(tokens), index + 1 + NEGATION_REACH)):
                if (not _CLAUSE_BREAK.isdisjoint(sentence[tokens[after - 1].end:tokens[after].start])
                        or _opens_clause(tokens[after].norm)):
                    break
                out[after] = True
    return out


def _opens_clause(word: str) -> bool:
    """«و»/«ف» + an imperfect verb or a pronoun («وندعم»، «ونحن»): a coordinated clause of its own."""
    return len(word) > 2 and word[0] in "وف" and (word[1] in "يتن" or word[1:] in {"هو", "هي", "هم", "نحن", "انا"})


@lru_cache(maxsize=1)
def function_stems() -> frozenset[str]:
    """Stems of data/function_words.tsv: words that carry no position, never a feature."""
    return frozenset(stem(normalise_plain(row["word"])) for row in read_tsv("function_words.tsv"))


@lru_cache(maxsize=1)
def hidden_stems() -> frozenset[str]:
    """Stems never made a feature: who speaks (``country_stems``) and what says nothing (``function_stems``)."""
    return country_stems() | function_stems()


def _mention_kinds(sentence: Sentence, starts: list[int]) -> list[str | None]:
    """For each token (``starts``: their offsets, ascending), the kind of the first mention
    holding its start, or None: each mention marks its own tokens, found by bisection,
    instead of every token trying every mention."""
    kinds: list[str | None] = [None] * len(starts)
    for mention in reversed(sentence.mentions):  # the first one holding a token names it
        for index in range(bisect_left(starts, mention.start), bisect_left(starts, mention.end)):
            kinds[index] = mention.kind
    return kinds


def _masked(sentence: Sentence, starts: list[int]) -> list[tuple[Token, str]]:
    """The sentence's tokens with the feature form of each: a stem, a mention kind, or ""."""
    hidden = hidden_stems()
    out = []
    for token, kind in zip(sentence.tokens, _mention_kinds(sentence, starts), strict=True):
        if kind is not None:
            out.append((token, f"<{kind}>"))
        elif token.stem in hidden or token.stem.isdigit():
            out.append((token, ""))
        else:
            out.append((token, token.stem))
    return out


@dataclass
class _SentenceView:
    """What every candidate of a sentence reads the same way: each word's feature form,
    whether a negator governs it, and the stance phrases starting at it (filled as asked)."""

    sentence: Sentence
    starts: list[int]  # each token's start offset, ascending
    masked: list[tuple[Token, str]]
    negated: list[bool]
    phrases: dict[int, list] = field(default_factory=dict)

    def phrases_at(self, i: int) -> list:
        found = self.phrases.get(i)
        if found is None:
            found = self.phrases[i] = stance_words().at(self.sentence.tokens, i)
        return found


# the last sentence's view, per thread: a sentence's candidates are featurised in turn, so
# the view is built once per sentence (a worker's threads never share one)
_LAST = threading.local()


def _view(sentence: Sentence) -> _SentenceView:
    view = getattr(_LAST, "view", None)
    if view is None or view.sentence is not sentence:
        starts = [token.start for token in sentence.tokens]
        view = _LAST.view = _SentenceView(sentence, starts, _masked(sentence, starts), _negated(sentence.tokens, sentence.text))
    return view


def _stance_evidence(candidate: Candidate, view: _SentenceView, add) -> None:
    """Words near the topic (and the cues) with negation composed: "win:رحيل" or
    "neg:رحيل", and the stance vocabulary they belong to: "lex:assad_must_go" or
    "neglex:assad_must_go"."""
    sentence = candidate.sentence
    tokens = sentence.tokens
    start, end = candidate.region
    anchors = [h.start for h in candidate.topic_hits] + [c.start for c in candidate.cue_hits]
    positions = _holding(tokens, view.starts, anchors)
    if not positions:
        positions = [i for i, t in enumerate(tokens) if start <= t.start < end][:1]
    near = sorted({i for p in positions for i in range(max(0, p - WINDOW), min(len(tokens), p + WINDOW + 1))
                   if candidate.lead_in or start <= tokens[i].start < end})
    masked, negated = view.masked, view.negated
    for i in near:
        form = masked[i][1]
        if form and not form.startswith("<"):
            add(("neg:" if negated[i] else "win:") + form)
    taken: set[int] = set()
    found = sorted((rank, i, wanted, code) for i in near for rank, wanted, code in view.phrases_at(i))
    for _, i, wanted, code in found:
        if any(k in taken for k in range(i, i + len(wanted))):
            continue
        taken.update(range(i, i + len(wanted)))
        add(("neglex:" if negated[i] else "lex:") + code)


def _holding(tokens: list[Token], starts: list[int], offsets: list[int]) -> list[int]:
    """Indexes (ascending, once each) of the tokens holding one of ``offsets``: tokens do not
    overlap, so an offset lies in the last token starting at or before it, or in none."""
    held = set()
    for offset in offsets:
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < tokens[index].end:
            held.add(index)
    return sorted(held)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def features(candidate: Candidate) -> dict[str, float]:
    """The features of one candidate (names → values), shared by detection and stance."""
    sentence = candidate.sentence
    attribution = candidate.attribution
    start, end = candidate.region
    topic = candidate.topic
    f: dict[str, float] = {f"topic:{topic}": 1.0}

    def add(name: str, value: float = 1.0) -> None:
        f[name] = f.get(name, 0.0) + value

    view = _view(sentence)
    masked = view.masked
    region = [(t, form) for t, form in masked if start <= t.start < end]
    if candidate.lead_in:
        region = [(t, form) for t, form in masked if t.start < end]
    words = [form for _, form in region if form]
    for form in dict.fromkeys(words):  # first-occurrence order: the same sums under any hash seed
        add(f"stem:{form}")
    for a, b in zip(words, words[1:], strict=False):
        add(f"bi:{a}_{b}")
    hits = candidate.topic_hits
    for hit in hits:
        add(f"term:{topic}:{hit.term}")
        position = next((i for i, (t, _) in enumerate(masked) if t.start >= hit.start), 0)
        for _, form in masked[max(0, position - NEAR):position]:
            if form:
                add(f"before:{form}")
        after_index = next((i for i, (t, _) in enumerate(masked) if t.start >= hit.end), len(masked))
        for _, form in masked[after_index:after_index + NEAR]:
            if form:
                add(f"after:{form}")
    _stance_evidence(candidate, view, add)
    add(f"weight:{topic}:{max((h.weight for h in hits), default=0)}")
    add(f"nterms:{topic}:{_bucket(len(hits), (1, 2, 4))}")
    if any(h.from_context for h in hits) and all(h.from_context for h in hits):
        add(f"context-only:{topic}")
    if candidate.lead_in:
        add("lead-in")
    for other in {h.topic for h in sentence.topics if start <= h.start < end} - {topic}:
        add(f"also:{other}")
    for cue in candidate.cue_hits:
        add(f"cue:{cue.code}", 1.0)
        add(f"cue-weight:{topic}", cue.weight / 6)
        if cue.negated:
            add(f"cue-negated:{cue.code}")
    if candidate.cue is not None:
        add(f"verdict:{candidate.cue.code}")
    else:
        add(f"no-cue:{topic}")
    add(f"how:{attribution.how}")
    add(f"kind:{candidate.speaker.kind}")
    if attribution.verb:
        add(f"verb:{stem(attribution.verb)}")
    if attribution.negative:
        add("negative-verb")
    if candidate.reported:
        add("reported")
    if candidate.ascribed:
        add("ascribed")
    if candidate.hedged:
        add("hedged")
    if candidate.conditional:
        add("condition")
    first_hit = min((h.start for h in hits), default=start)
    gap = len([t for t in sentence.tokens if attribution.position <= t.start < first_hit])
    add(f"gap:{_bucket(gap, (2, 5, 10, 20))}")
    add(f"speakers:{_bucket(len({m.country for a in sentence.attributions for m in a.speakers}), (1, 2))}")
    if sentence.headline:
        add("headline")
    quoted = any(q in sentence.text[start:end] for q in "«\"“")
    if quoted:
        add("quote")
    add(f"length:{_bucket(len(sentence.tokens), (12, 25, 45))}")
    return f
