"""Topic detection: which of the three topics a stretch of a sentence talks about.

Owns the topic step, apart from stance: words are matched by stem (``positions.stems``)
against ``data/topics.tsv``, order-free inside the span asked about, with the sentence
before (``CONTEXT_SENTENCES`` of them) as context for a term's companion ("مصيره" after a
sentence naming Assad). It also
owns the roles in which a topic word states no position: a time reference ("بعد انطلاق
المرحلة الانتقالية"), another country's elections, a bilateral conversation ("خلال
محادثاته مع نظيره"), where the speaker spoke or went ("في مؤتمر صحفي"، "جولته الخليجية"), a share in the solution said of Assad ("الأسد جزء من المشكلة وليس
جزءا من الحل" is his fate, not the talks). Those hits are kept but marked ``blocked``.

Must not: decide a stance or a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from positions.lexicon import DATA_DIR, read_tsv
from positions.normalise import normalise_plain
from positions.stems import Phrase, PhraseIndex, Token, phrase, stem, without_conjunction, word_stems

TOPICS = ("assad_future", "transition", "negotiations")
# How many sentences before a topic term its companion may stand in ("الجهود الدبلوماسية"
# needs Syria or the talks named near it): news names Syria once and goes on about "the
# diplomatic process" for a few sentences. Out of fold on the news gold (3 splits of 5 folds
# by document), detection F1 was 0.813 with one sentence, 0.826 with two, 0.827 with three,
# 0.813 with four and 0.804 with eight: further back, the companion no longer says the
# sentence is about Syria.
CONTEXT_SENTENCES = 2


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
    role: str = ""  # "" states something; time / bilateral / setting / other-country: it does not
    from_context: bool = False  # its companion stood only in the sentences before

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


class _Indexes:
    """The terms indexed by their first word, and each row's companions likewise."""

    def __init__(self, terms: tuple[TopicTerm, ...]):
        self.terms = PhraseIndex((term.stems, term) for term in terms)
        self.companions = {c: PhraseIndex((p, None) for p in c) for c in {t.companions for t in terms if t.companions}}


_INDEXES: dict[int, tuple[tuple[TopicTerm, ...], _Indexes]] = {}


def _indexes(terms: tuple[TopicTerm, ...]) -> _Indexes:
    cached = _INDEXES.get(id(terms))
    if cached is None or cached[0] is not terms:
        cached = _INDEXES[id(terms)] = (terms, _Indexes(terms))
    return cached[1]


def _spans(words: list[Token], index: PhraseIndex) -> list[range]:
    """Where the phrases of ``index`` stand in ``words`` (token index ranges)."""
    return [range(i, i + len(p)) for i in index.starts(words) for _, p, _ in index.at(words, i)]


@lru_cache(maxsize=1)
def country_stems() -> frozenset[str]:
    """Stems that name a state, capital or nationality (never a feature; a party a role is said of)."""
    words: set[str] = set()
    for row in read_tsv("speakers.tsv"):
        if row["kind"] in {"state", "capital"}:
            for variant in row["variants"].split("|"):
                words.update(variant.split())
    for row in read_tsv("nationalities.tsv"):
        for variant in row["stem"].split("|"):
            words.add(variant)
            words.add("ال" + variant)
            words.add("ال" + variant + "ة")
    return frozenset(stem(w) for w in words if w.strip())


# the word before a topic term that makes it a time reference, not the matter spoken about
_TIME_WORDS = frozenset(normalise_plain(w) for w in (
    "قبل", "بعد", "خلال", "منذ", "عقب", "إثر", "أثناء", "قبيل", "غداة", "عشية", "هامش", "لدى", "حين", "بُعيد", "إبان"))
_BILATERAL_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:مع|بين)\W+(?:نظير\w*|وزير\w*|الرييس|رييس|الملك|ولي|الامير|امير)")
_EVENT_NOUNS = frozenset(normalise_plain(w) for w in (
    "بدء", "بداية", "انطلاق", "انطلاقة", "انتهاء", "نهاية", "انعقاد", "اختتام", "ختام", "فشل", "نجاح", "استئناف"))
_BILATERAL_TERMS = ("مباحثات", "محادثات", "لقاء", "اجتماع", "مشاورات", "اتصال", "قمة")


@lru_cache(maxsize=1)
def _bilateral_terms() -> tuple[frozenset[str], ...]:
    return tuple(word_stems(t) for t in _BILATERAL_TERMS)


# "في مؤتمر صحفي"، "في لقاء تلفزيوني": where the speaker spoke, not a forum of the talks
_MEDIA_AFTER = re.compile(r"^\W*(?:ال)?(?:صحفي|صحافي|تلفزيوني|تلفازي|اعلامي)\w*(?!\w)")
# "جولة قصيرة في أفريقيا"، "جولته الخليجية": a minister's tour, not a round of the talks
_TOUR_AFTER = re.compile(r"^\W*(?:قصيره|سريعه|طويله|اقليميه|خليجيه|اوروبيه|اسيويه|افريقيه|عربيه|خارجيه|"
                         r"ميدانيه|تفقديه)(?!\w)")
_TOUR_FORMS = frozenset(("جولته", "جولتي", "جولتنا", "بجولته"))  # his tour; «جولتها» is as often the talks' round
_OTHER_ELECTIONS = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:الامريكيه|الاميركيه|التركيه|الايرانيه|الفرنسيه|البريطانيه|الاسراييليه|المصريه|"
    r"العراقيه|اللبنانيه|الروسيه|الالمانيه|الكونغرس|النصفيه|التمهيديه)(?!\w)")


_ASSAD_WORDS = frozenset(("الاسد", "بشار"))
_SHARE = frozenset(stem(w) for w in ("جزء", "جزءا"))
_SYRIA = frozenset(stem(w) for w in ("سوريا", "سورية", "السورية", "السوري"))
_SHARE_REACH = 12  # words before "جزء من الحل" in which its subject is looked for


@lru_cache(maxsize=1)
def _parties() -> frozenset[str]:
    return country_stems() - _SYRIA


def _share_of_assad(tokens: list[Token], index: int) -> bool:
    """Whether "جزء من الحل" (or "جزءا من حل الأزمة") at ``index`` is said of Assad ("الأسد
    جزء من المشكلة وليس جزءا من الحل"): his fate, not the talks. The nearest party named in
    the words before decides: Assad, or another state ("لا يمكن لإيران أن تكون جزءا من الحل"
    is about who sits at the talks). Syria is the country spoken of, not a party."""
    if index < 0 or not (index + 1 < len(tokens) and tokens[index].stem in _SHARE
                         and without_conjunction(tokens[index + 1].norm) == "من"):
        return False
    states = _parties()
    for token in reversed(tokens[max(0, index - _SHARE_REACH):index]):
        bare = without_conjunction(token.norm)
        if token.stem in _ASSAD_WORDS or bare in _ASSAD_WORDS or bare.endswith("الاسد"):
            return True
        if token.stem in states:
            return False
    return False


def _role(sentence: str, tokens: list[Token], index: int, term: TopicTerm, end: int) -> str:
    """Why a topic word here states nothing, or ""."""
    before = without_conjunction(tokens[index - 1].norm) if index else ""
    if before in _EVENT_NOUNS and index >= 2:  # "بعد انطلاق المرحلة الانتقالية"
        before = without_conjunction(tokens[index - 2].norm)
    if before in _TIME_WORDS:
        return "time"
    after = sentence[end:end + 60]
    if term.topic == "negotiations" and any(tokens[index].stem in s or tokens[index].norm in s for s in _bilateral_terms()) \
            and _BILATERAL_AFTER.match(after):
        return "bilateral"
    if term.topic == "negotiations" and _MEDIA_AFTER.match(after):
        return "setting"
    if term.topic == "negotiations" and tokens[index].stem.startswith("جول") and (
            _TOUR_AFTER.match(after) or without_conjunction(tokens[index].norm) in _TOUR_FORMS):
        return "setting"
    if term.topic == "negotiations" and _share_of_assad(tokens, index if term.phrase.startswith("جزء") else index - 2):
        return "assad"
    if term.topic == "transition" and tokens[index].stem.startswith("انتخاب") and _OTHER_ELECTIONS.match(after):
        return "other-country"
    return ""


def find_topics(sentence: str, tokens: list[Token], context: list[Token] | Callable[[], list[Token]] | None = None,
                terms: tuple[TopicTerm, ...] | None = None) -> list[TopicHit]:
    """Topic hits in a normalised sentence, each word used by one hit (the longest phrase).

    ``context``: the tokens of the sentences before, or a function returning them, called only when
    a term's companion is looked for there: most sentences never need it, and tokenising the
    sentences before cost more than finding the topics."""
    indexes = _indexes(terms if terms is not None else load_topic_terms())
    found = sorted(((rank, index, term) for index in indexes.terms.starts(tokens) for rank, _, term in indexes.terms.at(tokens, index)),
                   key=lambda item: (item[0], item[1]))
    companions: dict[tuple[Phrase, ...], list[range]] = {}
    in_context: dict[tuple[Phrase, ...], bool] = {}
    taken: set[int] = set()
    hits: list[TopicHit] = []
    for _, index, term in found:
        span = range(index, index + len(term.stems))
        if any(k in taken for k in span):
            continue
        from_context = False
        if term.companions:
            if term.companions not in companions:
                companions[term.companions] = _spans(tokens, indexes.companions[term.companions])
            if not any(not set(other) & set(span) for other in companions[term.companions]):
                if term.companions not in in_context:
                    if callable(context):
                        context = context()
                    in_context[term.companions] = bool(context) and indexes.companions[term.companions].occurs(context)
                if not in_context[term.companions]:
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
