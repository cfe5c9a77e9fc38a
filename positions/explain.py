"""Why a statement was kept, in words an analyst reads: the ``cue_text`` of a statement.

Owns turning a decision into text. A rule cue shows the words it matched, as written in the
document. A model decision shows the detection probability and its strongest features,
each pointed back at the sentence: the word as written («رحيل»), a negated word («لا …
مستقبل»), the cue or stance vocabulary it belongs to, how the speaker was attributed.
Offsets go through the normalisation map, so the words are the raw text's, never the
normalised spelling.

Must not: decide anything, or change a statement's codes.
"""

from __future__ import annotations

from positions.classifier import Decision
from positions.lexicon import Lexicon
from positions.normalise import NormalisedText, normalise_plain
from positions.stems import Token

MAX_REASONS = 4
_ATTRIBUTION = {"verb-subject": "named after its verb", "subject-verb": "named before its verb",
                "colon": "headline «X:»", "carried": "continues the last speaker", "participle": "participle clause",
                "according-to": "named source", "noun": "position named after its holder"}


def explain(decision: Decision, raw: str, norm: NormalisedText, lexicon: Lexicon) -> str:
    """The statement's ``cue_text``: a cue's raw words, or the model's reasons."""
    candidate = decision.candidate
    offset = norm.norm_index(candidate.sentence.raw_start)

    def written(start: int, end: int) -> str:
        raw_start, raw_end = norm.raw_span(offset + start, offset + end)
        return raw[raw_start:raw_end]

    if decision.cue != "model" and decision.evidence_span:
        return written(*decision.evidence_span)
    words: list[str] = []
    for name in decision.reasons:
        text = _describe(name, decision, written, lexicon)
        if text and text not in words:
            words.append(text)
    return f"model {decision.detection:.2f}: " + "، ".join(words[:MAX_REASONS])


# words that weigh in the model but say nothing to a reader on their own
_FUNCTION_WORDS = frozenset(normalise_plain(w) for w in (
    "في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "إن", "أنه", "أنها", "إنه", "إنها", "هذا", "هذه", "ذلك", "التي",
    "الذي", "الذين", "كان", "كانت", "قد", "لقد", "ما", "هو", "هي", "هم", "كل", "بين", "حول", "بعد", "قبل", "خلال", "أي",
    "وقال", "قال", "وأضاف", "أضاف", "وأكد", "أكد", "اليوم", "أمس", "عند", "لدى", "حيث", "كما", "أيضا", "بأن", "لأن"))


def _token_with(form: str, tokens: list[Token]) -> Token | None:
    token = next((t for t in tokens if t.stem == form or t.norm == form), None)
    return None if token is None or token.norm in _FUNCTION_WORDS or len(token.norm) <= 2 else token


def _describe(name: str, decision: Decision, written, lexicon: Lexicon) -> str | None:
    kind, _, value = name.partition(":")
    candidate = decision.candidate
    tokens = candidate.sentence.tokens
    if kind in {"cue", "verdict"}:
        hit = next((h for h in candidate.cue_hits if h.code == value), candidate.cue)
        return f"«{written(hit.start, hit.end)}»" if hit else None
    if kind in {"lex", "neglex"}:
        label = lexicon.codebook["stances"].get(value, {}).get("label", value)
        return ("negated " if kind == "neglex" else "") + f"words of '{label}'"
    if kind in {"win", "stem", "before", "after", "neg"}:
        token = _token_with(value, tokens)
        if token is None:
            return None
        return ("not " if kind == "neg" else "") + f"«{written(token.start, token.end)}»"
    if kind == "bi":
        first, _, second = value.partition("_")
        a, b = _token_with(first, tokens), _token_with(second, tokens)
        return f"«{written(a.start, b.end)}»" if a and b and a.start < b.end else None
    if kind == "term":
        hit = next((h for h in candidate.topic_hits if h.term == value.partition(":")[2]), None)
        return f"«{written(hit.start, hit.end)}»" if hit else None
    if kind == "how":
        return "speaker " + _ATTRIBUTION.get(value, value)
    if kind == "verb":
        verb = next((t for t in tokens if t.start == candidate.attribution.position), None)
        return f"verb «{written(verb.start, verb.end)}»" if verb else None
    return {"reported": "relayed by another speaker", "quote": "in quotation marks", "headline": "a headline",
            "lead-in": "topic named before the speaker", "negative-verb": "a rejecting verb"}.get(kind)
