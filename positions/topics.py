"""Topic detection: which of the three topics a stretch of a sentence talks about.

Owns the topic step, apart from stance: words are matched by stem (``positions.stems``)
against ``data/topics.tsv``, order-free inside the span asked about, with the sentence
before as context for a term's companion ("مصيره" after a sentence naming Assad). It also
owns the roles in which a topic word states no position: a time reference ("بعد انطلاق
المرحلة الانتقالية"), another country's elections, a bilateral conversation ("خلال
محادثاته مع نظيره"). Those hits are kept but marked ``blocked``.

Must not: decide a stance or a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from positions.lexicon import DATA_DIR, read_tsv
from positions.normalise import normalise_plain
from positions.stems import Phrase, Token, matches_at, phrase, stem

TOPICS = ("assad_future", "transition", "negotiations")


@dataclass(frozen=True)
class TopicTerm:
    """One phrase of topics.tsv: its topic, stem sets per word, and what it needs beside it."""

    topic: str
    phrase: str
    stems: Phrase
    companions: tuple[Phrase, ...]
    weight: int


@dataclass(frozen=True)
class TopicHit:
    """A topic term found in a sentence (normalised-sentence offsets)."""

    topic: str
    term: str
    start: int
    end: int
    weight: int
    role: str = ""  # "" states something; time / bilateral / other-country: it does not
    from_context: bool = False  # its companion stood only in the sentence before

    @property
    def blocked(self) -> bool:
        return bool(self.role)


@lru_cache(maxsize=4)
def load_topic_terms(data_dir: str = str(DATA_DIR)) -> tuple[TopicTerm, ...]:
    """The rows of topics.tsv, stemmed (cached: read-only)."""
    terms = []
    for row in read_tsv("topics.tsv", Path(data_dir)):
        companions = tuple(phrase(p) for p in row["with"].split("|") if p.strip())
        for text in row["terms"].split("|"):
            if text.strip():
                terms.append(TopicTerm(row["topic"], text.strip(), phrase(text), companions, int(row["weight"])))
    # longest phrases first, so "هيئة حكم انتقالية" is one hit, not three
    return tuple(sorted(terms, key=lambda t: -len(t.stems)))


def _occurs(tokens: list[Token], phrases: tuple[Phrase, ...]) -> bool:
    return any(matches_at(tokens, i, p) for p in phrases for i in range(len(tokens)))


# the word before a topic term that makes it a time reference, not the matter spoken about
_TIME_WORDS = frozenset(normalise_plain(w) for w in (
    "قبل", "بعد", "خلال", "منذ", "عقب", "إثر", "أثناء", "قبيل", "غداة", "عشية", "هامش", "لدى", "حين", "بُعيد", "إبان"))
_BILATERAL_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:مع|بين)\W+(?:نظير\w*|وزير\w*|الرييس|رييس|الملك|ولي|الامير|امير)")
_BILATERAL_TERMS = frozenset({"مباحثات", "محادثات", "لقاء", "اجتماع", "مشاورات", "اتصال", "قمه"})
_OTHER_ELECTIONS = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:الامريكيه|الاميركيه|التركيه|الايرانيه|الفرنسيه|البريطانيه|الاسراييليه|المصريه|"
    r"العراقيه|اللبنانيه|الروسيه|الالمانيه|الكونغرس|النصفيه|التمهيديه)(?!\w)")


def _role(sentence: str, tokens: list[Token], index: int, term: TopicTerm, end: int) -> str:
    """Why a topic word here states nothing, or ""."""
    before = tokens[index - 1].norm if index else ""
    before = before[1:] if len(before) > 3 and before[0] in "وف" else before
    if before in _TIME_WORDS or (index >= 2 and tokens[index - 2].norm in {"علي"} and before == "هامش"):
        return "time"
    after = sentence[end:end + 60]
    head = tokens[index].stem
    if term.topic == "negotiations" and any(head == stem(t) for t in _BILATERAL_TERMS) and _BILATERAL_AFTER.match(after):
        return "bilateral"
    if term.topic == "transition" and head.startswith("انتخاب") and _OTHER_ELECTIONS.match(after):
        return "other-country"
    return ""


def find_topics(sentence: str, tokens: list[Token], context: list[Token] | None = None,
                terms: tuple[TopicTerm, ...] | None = None) -> list[TopicHit]:
    """Topic hits in a normalised sentence, each word used by one hit (the longest phrase)."""
    terms = terms if terms is not None else load_topic_terms()
    taken: set[int] = set()
    hits: list[TopicHit] = []
    for term in terms:
        for index in range(len(tokens)):
            if index in taken or not matches_at(tokens, index, term.stems):
                continue
            span = range(index, index + len(term.stems))
            if any(k in taken for k in span):
                continue
            from_context = False
            if term.companions:
                own = [t for k, t in enumerate(tokens) if k not in span]
                if not _occurs(own, term.companions):
                    if not context or not _occurs(context, term.companions):
                        continue
                    from_context = True
            taken.update(span)
            start, end = tokens[index].start, tokens[span[-1]].end
            hits.append(TopicHit(term.topic, term.phrase, start, end, term.weight,
                                 _role(sentence, tokens, index, term, end), from_context))
    return _inherit_roles(sorted(hits, key=lambda h: h.start), sentence)


def _inherit_roles(hits: list[TopicHit], sentence: str) -> list[TopicHit]:
    """A hit right after a blocked one is part of the same phrase ("على هامش اجتماع فيينا")."""
    out: list[TopicHit] = []
    for hit in hits:
        previous = out[-1] if out else None
        if (previous is not None and previous.role and not hit.role
                and re.fullmatch(r"\W*(?:\w+\W+)?", sentence[previous.end:hit.start])):
            hit = TopicHit(hit.topic, hit.term, hit.start, hit.end, hit.weight, previous.role, hit.from_context)
        out.append(hit)
    return out
