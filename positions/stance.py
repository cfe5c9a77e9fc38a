"""Topic and stance of a sentence from the cue lexicon, with negation and conditionals.

Owns the choice of one stance per topic in a sentence: every cue of ``data/cues.tsv`` that
matches is a candidate; a negator just before it, or in one of its gaps («الأسد لا يمكن
أن يبقى»), or a negative reporting verb such as رفض before it, turns it into its
``if_negated`` code or drops it, and so does a denying predicate just after it («… غير
وارد»), except that it leaves no veto; a denied alternative («لا بديل عن …») affirms
instead, a negator in an idiom that affirms («لا تزال»، «لا بد») negates nothing, and «غير»
before a word with the article («غير المباشرة») only that word; what a sentence says of another file it also names
(Yemen, Iraq …) is no cue; the heaviest candidate per topic wins; his
staying conceded before his end («… لكنه لن يكون له دور») is no role after the transition;
a conditional marker makes a negotiations stance ``talks_conditional``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from positions.lexicon import Cue, Lexicon, about_another_file, of_another_file, read_tsv
from positions.normalise import normalise_plain

_WORDS_BEFORE = re.compile(r"(?:\w+\W+){1,3}$")
_WORD = re.compile(r"\w+")
NEGATION_BONUS = 3


@dataclass(frozen=True)
class CueHit:
    """A matched cue in a normalised sentence."""

    topic: str
    code: str
    weight: int
    start: int
    end: int
    pattern: str
    negated: bool
    vetoed: bool = False  # negated away ("لم تطالب برحيل الأسد"): evidence against this code, not for any


_IMPERFECT_PREFIXES = "يتن"  # و + a finite verb ("وتدعم", "وأدعو"), not و + a noun ("ووقف", "والحوار")
_EXCEPTIVE = re.compile(r"(?<!\w)(?:الا|سوي|غير)(?!\w)")
# "لا بديل عن انتقال سياسي"، "لا غنى عن الحوار": what denies any alternative affirms what follows
# (right before the words it governs: "لا بديل لرحيله" as well)
_NO_ALTERNATIVE = re.compile(r"(?<!\w)(?:بديلا?|غني|مفر|مناص)(?:\s+(?:عن|من))?\s*$")


def _words_before(sentence: str, start: int) -> str:
    """The (up to) three words before ``start``, within its clause: where a negator or an
    obstruction word bears on what follows."""
    before = re.split(r"[،,؛;:«»\"]", sentence[max(0, start - 40):start])[-1]
    window = _WORDS_BEFORE.search(before)
    return window.group(0) if window else ""


def _negated_before(sentence: str, start: int, lexicon: Lexicon, through_any: bool = True) -> bool:
    """A negator among the three words before ``start``, within the same clause; an
    exceptive after it ("لا حل إلا الحوار", "ليس … سوى") restricts rather than negates, and
    a denied alternative ("لا بديل عن …") affirms. «أي» ("any") among those words carries
    the negation of its own phrase on («لا يتضمن أي إشارة إلى رحيله»، «لم يطرح أي شرط يتعلق
    بتنحيه»): a negator before it negates what follows it too."""
    window = _words_before(sentence, start)
    negators = list(lexicon.negator_regex.finditer(window))
    if not negators:
        any_word = _ANY.search(window) if through_any else None
        if any_word is None:
            return False
        at = start - len(window) + any_word.start()
        # «غير أن أي تسوية»، «لا شك أن أي اتفاق»: «أي» opening a clause of its own is out of reach
        return not _COMPLEMENTISER_BEFORE.search(sentence, max(0, at - 8), at) and _negated_before(
            sentence, at, lexicon, through_any=False)
    last = negators[-1]
    return not (_EXCEPTIVE.search(window, last.end()) or _NO_ALTERNATIVE.search(window, last.end())
                or (privative(last.group(0), _next_word(window, last.end())) and _WORD.search(window, last.end())))


_ANY = re.compile(r"(?<!\w)اي(?!\w)")  # «أي», normalised
_COMPLEMENTISER_BEFORE = re.compile(r"(?<!\w)[وف]?(?:ان|لان)\W*$")  # «أن»/«إن» right before a point


def _next_word(text: str, position: int) -> str:
    word = _WORD.search(text, position)
    return word.group(0) if word else ""


def privative(negator: str, following: str) -> bool:
    """«غير» before a word with the article is that word's privative («المحادثات غير
    المباشرة»: the indirect talks), and negates nothing after it; before a predicate
    («غير مستعدة للمشاركة»، «غير راغبة في») it negates what follows, as «لا» does."""
    return negator.lstrip("وف") == "غير" and following.startswith("ال")


def _relative(negator: str) -> bool:
    """«ما» inside a phrase is mostly "what" or "as soon as" («ما يسمى»، «ما أن نتلقى»), not "not"."""
    return negator.lstrip("وف") == "ما"


_CLAUSE_MARK = re.compile(r"[،,؛;:«»\"]")
# what ends a negation's reach inside a cue: a relative clause before it («الأسد الذي لم يهزم
# سيبقى»: the negation is the clause's), or after it an exceptive or a contrast («لا … إلا»،
# «ليس من شأن واشنطن بل يقرره السوريون»)
RELATIVE_PRONOUN = "(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان|اللواتي|اللاتي)"  # normalised
_RELATIVE = re.compile(rf"(?<!\w){RELATIVE_PRONOUN}(?!\w)")
_RESTRICTED = re.compile(r"(?<!\w)(?:الا|سوي|بل|وانما|انما|و?لكن\w*)(?!\w)")


def _negated_inside(sentence: str, match: re.Match[str], cue: Cue, lexicon: Lexicon) -> bool:
    """A negator in one of the cue's gaps, with no clause break between it and the cue's
    end: «الأسد لا يمكن أن يبقى في السلطة» matches "{ASSAD} ~ يبقى … في_السلطة" across
    «لا يمكن أن», and denies it. Not where the cue's own words hold a negator («لا_مستقبل»):
    then the negation is what the cue reads."""
    if _has_negator(cue.pattern, lexicon):
        return False
    first = _WORD.search(sentence, match.start(), match.end())
    for negator in lexicon.negator_regex.finditer(sentence, first.end() if first else match.start(), match.end()):
        word = negator.group(0)
        if (privative(word, _next_word(sentence, negator.end())) or _relative(word)
                or _CLAUSE_MARK.search(sentence, negator.end(), match.end())
                or _RELATIVE.search(sentence, match.start(), negator.start())):
            continue
        clause = _CLAUSE_MARK.search(sentence, match.end())
        if _RESTRICTED.search(sentence, negator.end(), clause.start() if clause else len(sentence)):
            continue
        return True
    return False


_PATTERN_NEGATORS: dict[tuple[str, str], bool] = {}


def _has_negator(pattern: str, lexicon: Lexicon) -> bool:
    """Whether a cue pattern's own words, its macros spelled out, hold a negator
    (remembered per pattern and negator list)."""
    key = (pattern, lexicon.negator_regex.pattern)
    known = _PATTERN_NEGATORS.get(key)
    if known is None:
        spelled = re.sub(r"\{(\w+)\}", lambda m: lexicon.macros.get(m.group(1), ""), pattern)
        words = normalise_plain(re.sub(r"[|_~…?=()\\]", " ", spelled))
        known = _PATTERN_NEGATORS[key] = lexicon.negator_regex.search(words) is not None
    return known


def _obstruction(sentence: str, match: re.Match[str], lexicon: Lexicon) -> str | None:
    """Where an obstruction word (عرقلة، تعطيل …) stands for a cue: "before" it (among the
    three words before it in its clause, or opening it), "inside" it (after its first word),
    or None."""
    regex = lexicon.obstruction_regex
    inner = regex.search(sentence, match.start(), match.end())
    if inner is not None:
        return "before" if inner.start() == match.start() else "inside"
    return "before" if regex.search(_words_before(sentence, match.start())) else None


DENIAL_REACH = 3  # words that may stand between a phrase and the predicate denying it


def _inflected(word: str) -> str:
    """A word of a denying predicate in the forms agreement gives it: the predicate agrees
    with what it denies («مسألة تنحيه ليست مطروحة»، «الشروط غير مقبولة»، «لن تتحقق»), so
    «ليس» takes its feminine and plural, an imperfect verb either person prefix, and an
    adjective or noun (four letters or more) its feminine, accusative and plural endings."""
    if word in {"ليس", "ليست"}:
        return "ليس(?:ت|وا)?"
    if len(word) > 3 and word[0] in "يت":
        return "[يت]" + re.escape(word[1:])
    if len(word) > 3 and not word.endswith("ه"):
        base = word[:-1] if word.endswith("ا") else word
        return re.escape(base) + "(?:ه|ا|ين|ون)?"
    return re.escape(word)


@lru_cache(maxsize=1)
def _denying_alternatives() -> str:
    """The phrases of postnegators.tsv as regex alternatives (each word in its agreeing
    forms, ``_inflected``), longest first."""
    phrases = sorted((normalise_plain(row["phrase"]) for row in read_tsv("postnegators.tsv")), key=len, reverse=True)
    return "|".join(r"\s+".join(map(_inflected, p.split())) for p in phrases)


@lru_cache(maxsize=4)
def _denying_predicate(reach: int) -> re.Pattern[str]:
    """A predicate of postnegators.tsv up to ``reach`` words after a point, in the same clause
    (a closing quote may stand between: «"شرط رحيل الأسد" لن يتحقق»), not followed by an
    exceptive ("غير مقبول إلا …" restricts)."""
    gap = r"[^\w،,؛;:.؟?!]*"
    return re.compile(rf"{gap}(?:\w+{gap}){{0,{reach}}}?(?<!\w)(?:{_denying_alternatives()})(?!\w)(?!\W+(?:الا|سوي)(?!\w))")


@lru_cache(maxsize=1)
def _denying_phrase() -> re.Pattern[str]:
    """A predicate of postnegators.tsv anywhere, as ``_denying_predicate`` must find it."""
    return re.compile(rf"(?<!\w)(?:{_denying_alternatives()})(?!\w)")


def denied_after(sentence: str, end: int, reach: int = DENIAL_REACH) -> bool:
    """Whether a denying predicate follows ``end`` within ``reach`` words: «رحيل الأسد غير وارد»."""
    return _denying_predicate(reach).match(sentence, end) is not None


def may_deny(sentence: str) -> bool:
    """Whether ``denied_after`` can hold anywhere in ``sentence``: one scan for a predicate,
    instead of a ``denied_after`` after every word of the (most) sentences with none."""
    return _denying_phrase().search(sentence) is not None


def find_cues(sentence: str, lexicon: Lexicon, negative_regions: list[tuple[int, int]] = (),
              context: str = "", files: list[tuple[int, int, bool]] | None = None) -> list[CueHit]:
    """All cue hits of a sentence, after negation; a cue negated away (``if_negated`` "-")
    comes back marked ``vetoed``.

    ``negative_regions``: clauses governed by a negative reporting verb (رفض، نفى …); cues
    in them are read as negated, since the speaker rejects what follows. ``context``: the
    preceding sentences, where a cue's required phrase may stand ("له" for the Assad named
    a sentence earlier). ``files``: ``lexicon.file_terms`` of the sentence, with its
    speakers (whose names are never the other file it talks about) when the caller knows them.
    """
    hits: list[CueHit] = []
    vetoes: list[CueHit] = []
    files = lexicon.file_terms(sentence) if files is None else files
    if about_another_file(files):
        return hits  # another file (Yemen, Libya, nuclear talks …) and no Syria term of its own
    # cheapest test first: the cues' literal words (all cues in one scan), then a cue's
    # required phrase set (each answered once per sentence), and only then its own regex
    for cue in lexicon.cue_index.cues_in(sentence):
        if cue.requires and not lexicon.mentions(cue.requires, sentence) and not lexicon.mentions(cue.requires, context):
            continue
        for match in cue.regex.finditer(sentence):
            hit = cue_hit(sentence, cue, match, lexicon, negative_regions)
            if hit is not None:
                (vetoes if hit.vetoed else hits).append(hit)
    return _drop_swallowed(of_syria(hits, sentence, files)) + of_syria(vetoes, sentence, files)


def of_syria(hits: list[CueHit], sentence: str, files: list[tuple[int, int, bool]]) -> list[CueHit]:
    """The cues of a sentence naming Syria and another file (``files``) that are about Syria
    (``lexicon.of_another_file``): what it says of the other file is no cue here."""
    return [h for h in hits if not of_another_file(files, h.start, h.end, sentence)] if files else hits


def cue_hit(sentence: str, cue: Cue, match: re.Match[str], lexicon: Lexicon,
            negative_regions: list[tuple[int, int]] = ()) -> CueHit | None:
    """One match of a cue read in its sentence: negated (by a negator before it, a negative
    reporting verb over it or a denying predicate after it), vetoed, or dropped (None)."""
    # "غير مشروطة وتدعم الحوار": a cue opening with و/ف starts a coordinated clause of
    # its own, out of reach of a negator before it
    coordinated = sentence[match.start()] in "وف" and (
        match.group(0)[1:2] in _IMPERFECT_PREFIXES or (match.group(0)[1:2] == "ا" and match.group(0)[2:3] != "ل"))
    by_word = (not coordinated and _negated_before(sentence, match.start(), lexicon)) or _negated_inside(sentence, match, cue, lexicon)
    by_verb = any(start < match.start() < end for start, end in negative_regions)
    obstruction = _obstruction(sentence, match, lexicon)
    if obstruction == "inside":
        # "رفض أي محاولة لإفشال الحوار": the cue's verb bears on the obstruction, not on the talks
        return None
    if obstruction == "before" and (by_word or by_verb):
        # "اتهم النظام بعرقلة المفاوضات", "لن نسمح بتعطيل الحوار": the negation bears on the
        # obstruction, and the speaker who rejects it stands by the talks
        by_word = by_verb = False
    denied = not (by_word or by_verb) and denied_after(sentence, match.end())
    if denied and cue.if_negated == "-":
        # «رحيل الأسد غير وارد» denies the code without naming another: no cue, and
        # no veto either; the model reads the negated words
        return None
    negated = by_word or by_verb or denied
    code, weight = cue.code, cue.weight
    if negated and cue.if_negated != "=":
        if cue.if_negated == "-":
            return CueHit(cue.topic, code, weight, match.start(), match.end(), cue.pattern, True, True)
        code, weight = cue.if_negated, weight + NEGATION_BONUS
    return CueHit(cue.topic, code, weight, match.start(), match.end(), cue.pattern, negated and cue.if_negated != "=")


WEAK = 2
STRONG = 4


def _drop_swallowed(hits: list[CueHit]) -> list[CueHit]:
    """A weak cue lying inside a strong cue of another topic is part of that cue's phrase
    ("يقرره شعبها في انتخابات عامة" is about who decides, not about elections); a negated cue
    lying inside a cue of its topic that read it whole is that cue's word ("لن تسمح بإسقاط
    السلطة الشرعية": the negation bears on the toppling the outer cue composed, not on the
    legitimacy)."""
    return [hit for hit in hits if not any(_swallows(other, hit) for other in hits if other is not hit)]


def _swallows(outer: CueHit, hit: CueHit) -> bool:
    """Whether ``hit`` is part of ``outer``'s phrase (see ``_drop_swallowed``)."""
    if not (outer.start <= hit.start and hit.end <= outer.end):
        return False
    if outer.topic != hit.topic:
        return hit.weight <= WEAK and outer.weight >= STRONG
    return hit.negated and not outer.negated and outer.end - outer.start > hit.end - hit.start


# "غير مشروطة", "دون شروط", "الامتناع عن إملاء الشروط": a condition refused is not one set
_CONDITION_REFUSED = re.compile(r"(?:(?<!\w)(?:غير|دون|بدون|بلا|عدم|املاء|فرض|الامتناع\W+عن)\W+(?:\w+\W+)?)$")


def condition_marks(sentence: str, lexicon: Lexicon, by_itself: bool = False) -> list[int]:
    """Where the speaker sets a condition: a conditional marker (إذا، شرط …) not refused
    («دون شروط»، «لم يعد شرطا»); ``by_itself``: only the markers that set a condition by
    themselves (ما لم، إلا بعد، شرط), not إذا or عندما, which may only say when."""
    regex = lexicon.condition_regex if by_itself else lexicon.hedge_regex
    # a negation before «إلا بعد» is the construction itself («لن نشارك إلا بعد …»)
    return [m.start() for m in regex.finditer(sentence)
            if not (_CONDITION_REFUSED.search(sentence, max(0, m.start() - 30), m.start())
                    or (not _EXCEPTIVE.match(sentence, m.start()) and _negated_before(sentence, m.start(), lexicon))
                    or _RELATIVE_MA_LAM.match(sentence, m.start()) or _NOT_BEFORE_A_TIME.match(sentence, m.start()))]


# «حققت ما لم تحققه الجولات السابقة»: «ما» the object, its verb taking it back as a pronoun
_RELATIVE_MA_LAM = re.compile(r"ما\s+لم\s+\w+(?:ه|ها|هم)(?!\w)")
# «لن تعقد إلا بعد عطلة العيد»: not before a time is a schedule, not a condition
_NOT_BEFORE_A_TIME = re.compile(r"الا\s+بعد\s+(?:ال)?(?:عطله|عيد|نهايه|مطلع|منتصف|اسبوع|اسبوعين|شهر|ايام|يوم|عام|"
                                r"الصيف|رمضان|موعد)")


# the talks codes a condition the speaker sets turns into talks_conditional
CONDITIONAL_TURNS = frozenset({"talks_support", "talks_reject", "talks_procedural"})
DEPARTURE_REACH = 60  # characters between a transition and a departure that shapes it


def _departure_shaped(transition: CueHit, hits: list[CueHit]) -> bool:
    """"مرحلة انتقالية تضمن رحيل الأسد", "رحيله عند بدء عملية الانتقال": a transition tied to
    his departure is one without him."""
    return any(h.code == "assad_must_go" and not h.negated
               and (0 <= h.start - transition.end <= DEPARTURE_REACH or 0 <= transition.start - h.end <= DEPARTURE_REACH)
               for h in hits)


# "لكن(ه)"، "غير أن(ه)"، "إلا أن(ه)"، "شريطة أن": what follows restricts what came before
# (not "على أن": «شدد على أن» is how a statement goes on)
_CONCESSION = re.compile(r"(?<!\w)(?:و?لكن(?:ه|ها|هم)?|(?:غير|الا)\s+ان(?:ه|ها|هم)?|(?:شرط|بشرط|شريطه)\s+ان)(?!\w)")
CONCESSION_REACH = 2  # words between a concession and the departure it opens


def _stay_then_go(hits: list[CueHit], text: str, offset: int) -> bool:
    """"قد يبقى الأسد في منصبه لفترة، لكنه لن يكون له دور في مستقبل سوريا": his staying
    conceded, then his end: he may stay for a while but not at the end. The departure opens
    the concession's clause (within ``CONCESSION_REACH`` words), so "… تدعم بقاء الأسد، لكن
    بعض الدول الغربية تطالب برحيله" is another party's demand, not this concession."""
    stays = [h for h in hits if h.code == "assad_support" and not h.negated]
    goes = [h for h in hits if h.code == "assad_must_go" and not h.negated]
    return any(_concedes(text, stay.end - offset, go.start - offset, go.end - offset)
               for stay in stays for go in goes if stay.start <= go.start and stay.end < go.end)


def _concedes(text: str, after: int, go_start: int, go_end: int) -> bool:
    """A concession after ``after`` whose clause the departure (``go_start``–``go_end``)
    opens. The departure's cue may open before it, on the Assad the stay named: "… بقاء الأسد
    …، لكنه لا يمكن أن يكون جزءا من مستقبل سوريا" is one cue from «الأسد» on."""
    return any(len(_WORD.findall(text, c.end(), max(c.end(), go_start))) <= CONCESSION_REACH
               for c in _CONCESSION.finditer(text, after, go_end))


DELAY_REACH = 80  # characters between a departure and the time qualifier that defers it
DEFERRED_BONUS = 2
DELAY_NEGATION_WORDS = 5  # «لا يتعين أن يكون في اليوم الأول»: the negation may stand a few words before


@lru_cache(maxsize=1)
def _delays() -> dict[str, re.Pattern[str]]:
    """The phrases of data/delays.tsv, one regex per kind (late, early)."""
    rows = read_tsv("delays.tsv")
    out = {}
    for kind in ("late", "early"):
        phrases = sorted((normalise_plain(r["phrase"]) for r in rows if r["kind"] == kind), key=len, reverse=True)
        out[kind] = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")(?!\w)")
    return out


def _negated_a_few_words_before(text: str, start: int, lexicon: Lexicon, since: int) -> bool:
    """A negator after ``since`` among the few words before ``start`` in its clause, not
    restricted by an exceptive after it («لا حل إلا برحيله فورا» asks it now)."""
    clause = _CLAUSE_MARK.split(text[max(since, start - 60):start])[-1]
    window = " ".join(clause.split()[-DELAY_NEGATION_WORDS:])
    negators = list(lexicon.negator_regex.finditer(window))
    return bool(negators) and not _EXCEPTIVE.search(window, negators[-1].end())


# where the departure's clause ends: a clause mark, or «و» opening another statement
_CLAUSE_END = re.compile(r"[،,؛;:«»\"]|(?<!\w)(?:و(?:ان|انه|انها|قال|اضاف)|و?(?:مضيفا|مضيفه|موكدا|موكده|مشيرا|مشيره))(?!\w)")


def _deferred(go: CueHit, text: str, offset: int, lexicon: Lexicon) -> bool:
    """His departure with a time qualifier that defers it (data/delays.tsv), after it in its
    own clause of the speaker's words: "رحيل الأسد لا يتعين أن يكون في اليوم الأول"، "لا يمكن
    أن يكون جزءا من الحل على المدى البعيد"، "سيرحل آجلا أم عاجلا". Only a negator after the
    departure's cue bears on the qualifier («لا دور للأسد على المدى الطويل» defers too)."""
    end = go.end - offset
    clause_end = _CLAUSE_END.search(text, end)
    high = min(len(text), end + DELAY_REACH, clause_end.start() if clause_end else len(text))
    delays = _delays()
    return (any(not _negated_a_few_words_before(text, m.start(), lexicon, end) for m in delays["late"].finditer(text, end, high))
            or any(_negated_a_few_words_before(text, m.start(), lexicon, end)
                   for m in delays["early"].finditer(text, end, high)))


def choose(hits: list[CueHit], sentence: str, lexicon: Lexicon, offset: int) -> dict[str, CueHit]:
    """The winning hit per topic; his staying conceded before his end, or his departure
    deferred (``_deferred``), is no role after the transition; a transition tied to Assad's departure excludes him; negotiations turn
    conditional under a condition marker. ``sentence``: the text the hits are in (a
    speaker's words), starting at ``offset`` of the sentence their offsets count in."""
    hits = [h for h in hits if not h.vetoed]
    best: dict[str, CueHit] = {}
    for hit in hits:
        current = best.get(hit.topic)
        if current is None or hit.weight > current.weight:
            best[hit.topic] = hit
    assad = best.get("assad_future")
    if assad and assad.code in {"assad_support", "assad_must_go"} and _stay_then_go(hits, sentence, offset):
        best["assad_future"] = CueHit(assad.topic, "assad_no_role_after_transition", assad.weight, assad.start,
                                      assad.end, assad.pattern + " + concession", assad.negated)
    elif assad and assad.code == "assad_must_go" and _deferred(assad, sentence, offset, lexicon):
        # the qualifier is the construction's own evidence, as a negation is: it weighs more
        best["assad_future"] = CueHit(assad.topic, "assad_no_role_after_transition", assad.weight + DEFERRED_BONUS,
                                      assad.start, assad.end, assad.pattern + " + deferred", assad.negated)
    transition = best.get("transition")
    if transition and transition.code in {"transition_support", "transition_process"} and _departure_shaped(transition, hits):
        best["transition"] = CueHit(transition.topic, "transition_without_assad", transition.weight + 1, transition.start,
                                    transition.end, transition.pattern + " + departure", transition.negated)
    talks = best.get("negotiations")
    if talks and talks.code in CONDITIONAL_TURNS:
        unconditional = talks.code == "talks_support" and "شروط" in talks.pattern
        if not unconditional and condition_marks(sentence, lexicon):
            best["negotiations"] = CueHit(talks.topic, "talks_conditional", talks.weight, talks.start,
                                          talks.end, talks.pattern + " + condition", talks.negated)
    return best
