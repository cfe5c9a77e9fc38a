"""Who speaks in a sentence: speaker mentions and their attribution to reporting verbs.

Owns the constructions Arabic news uses to attribute words: verb–subject ("وقال وزير
الخارجية الروسي سيرغي لافروف إن …"), subject–verb ("موسكو تسعى …"), colon headlines
("لافروف: …"), joint subjects ("لافروف ونظيره الأميركي"), subjects carried over from
the previous sentence ("وأضاف …", a sentence opening with a quote or a participle, "وأكدت
هذه المصادر"), collective subjects standing for the participants named together before
("ودعا الوزراء", ``participants``), the first person plural that goes on in the
carried voice after a reported third party ("دعا المبعوث …، ونحن نؤيد"), and the named subject
of an official's act ("والتقى لافروف نظيره …"), which says nothing itself but is who the next
«وقال إن …» with no subject of its own is.
Works on one normalised sentence at a time; offsets are normalised-sentence offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from positions.lexicon import Lexicon, SpeakerEntry
from positions.stems import without_conjunction
from positions.wordscan import sentence_words

_WORD = re.compile(r"\w+")
# Where a verb's subject ends: a complementiser, a quote, a colon or a comma.
_SUBJECT_END = re.compile(r"(?<!\w)(?:[وفبل]?ان|لان|بان|انه|انها|انهم)(?!\w)|[«\"“:،,(]")
# Words that may open the slot after a verb without being its subject: time words and
# particles. A verb followed by one of these (or by nothing) has an omitted subject.
_NO_SUBJECT = re.compile(
    r"^\W*(?:[وف]?(?:يوم|اليوم|امس|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|مساء|صباح|"
    r"ايضا|كذلك|مجددا|مرارا|بدوره|بدورها|في|فى|خلال|امام|عن|علي|الي|مع|قايلا|قايله|حتي|"
    r"لوكاله|للصحفيين|لصحيفه|لقناه|للتلفزيون|بيان|عبر|ضروره|اهميه|استعداد\w*|تمسك\w*|رفض\w*|"
    r"دعم\w*|ترحيب\w*|ان|انه|انها|انهم|انّ|بان|بانه|بانها|بانهم|من|عقب|اثر|قبل|بعد|لدي|اثناء|ردا|تعليقا|"
    r"معاليه|سموه|فخامته|سعادته|دولته|قوله|قولها|تاكيده|تاكيدها|موقفه|موقفها|دعوته|دعوتها|بال\w+|لل\w+)(?!\w)|$)"
)
# "ووصف المبادرة بأنها …": the words before بأن are the verb's object, its subject is omitted
_OBJECT_SLOT = re.compile(r"^\W*(?:\w+\W+){1,3}?(?:بان|بانه|بانها|بانهم)(?!\w)")
# Collective subjects name speakers already named ("وأكد الجانبان", "وشدد المجتمعون"): the one
# being carried or, when none of them is, the document's last named group (``group``)
_COLLECTIVES = (r"الطرفان|الطرفين|الجانبان|الجانبين|الوزيران|البلدان|الزعيمان|الرييسان|المجتمعون|المشاركون|"
                r"الوزراء|القاده|الدول\W+المشاركه")
_BARE_TITLE = re.compile(
    # "وأكدت هذه المصادر": a demonstrative points back to the speaker just named
    r"^\W*[وف]?(?:(?:هذا|هذه|هذان|هاتان|هولاء|ذلك|تلك)\W+)?(?:الوزير|الرييس|المتحدث|الناطق|الوزاره|الخارجيه|المسوول|السفير|المندوب|المبعوث|الزعيم|الملك|المرشد|البيان|"
    rf"الدبلوماسي|المصدر|المصادر|الموفد|{_COLLECTIVES})(?!\w)"
)
_COLLECTIVE = re.compile(rf"\W*[وف]?(?:{_COLLECTIVES})(?!\w)")
_COLLECTIVE_WORD = re.compile(rf"(?:{_COLLECTIVES})(?!\w)")  # anywhere: whether to look at all
_GROUP_KINDS = frozenset({"person", "title", "institution"})  # states and capitals are often places named
_SPACES = re.compile(" *")
_TURN = re.compile(r"^\W*[وف]?(?:من\W+(?:جانبه|جانبها|جانبهم|جهته|جهتها|جهتهم|ناحيته|ناحيتها)|في\W+المقابل|بالمقابل)(?!\w)")
QUOTE_OPEN = re.compile(r"^\W{0,3}[«\"“]")  # a quotation opens the sentence
_QUOTE_MARK = re.compile(r"[«»\"“”:]")
# where reported words begin (أن/إن, a quote, a colon): _SUBJECT_END without the comma,
# which may also start a new clause with a speaker of its own
REPORTED_OPEN = re.compile(r"(?<!\w)(?:[وفبل]?ان|انه|انها|انهم)(?!\w)|[«\"“:]")
# "المرونة التي تبديها موسكو", "الموقف الذي أعلنه لافروف": a verb in a relative clause whose
# pronoun points back to the noun describes that noun; its subject states nothing here
_RELATIVE_BEFORE = re.compile(r"(?<!\w)(?:التي|الذي|الذين|اللذين|اللتين|اللذان|اللتان|اللواتي|اللاتي|ما)\W*$")


@dataclass(frozen=True)
class Mention:
    """A speaker named in the sentence (normalised-sentence offsets)."""

    start: int
    end: int
    canonical: str
    country: str
    kind: str
    role: str
    surface: str
    gender: str = ""  # f or m where the gazetteer knows it (states and capitals)
    written: str = ""  # the name as the document writes it (raw text); set by the caller


@dataclass(frozen=True)
class Attribution:
    """Speakers bound to a verb (or colon) at ``position``; cues after it are theirs."""

    speakers: tuple[Mention, ...]
    how: str
    position: int
    verb: str
    negative: bool = False
    nested_in: int | None = None  # index of the attribution whose reported words hold it
    kind: str = ""  # the verb's kind (speech, position, narrative …), "noun" for "موقف X"


_GLUED = re.compile(r"ه(?=ال)")  # "المملكهالعربيه": a word in ة glued to the next
# "عادل بن أحمد الجبير": a name with its nasab (بن/ابن and the father's, the grandfather's
# name), which the gazetteer gives without it ("عادل الجبير")
_NASAB_NAME = re.compile(r"(?<!\w)[وف]?[بل]?(?P<first>\w+) +(?:(?:بن|ابن) +\w+ +){1,2}(?P<last>\w+)(?!\w)")


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text))


def find_mentions(sentence: str, lexicon: Lexicon, words: list[str] | None = None) -> list[Mention]:
    """Named speakers and titled officials in a normalised sentence, merged and ordered.
    ``words``: the sentence's ``wordscan.sentence_words``, when the caller has them."""
    found: list[Mention] = []
    index = lexicon.speakers
    if words is None:
        words = sentence_words(sentence)
    # the regexes run only from the words that can open a match (``positions.wordscan``)
    for match in lexicon.speaker_gate.matches(sentence, words):
        name = match.group("name")
        entry = index.get(name) or index.get(_key(name)) or index.get(_key(_GLUED.sub("ه ", name)))
        if entry is None:
            continue
        found.append(Mention(match.start("name"), match.end("name"), entry.canonical, entry.country,
                             entry.kind, entry.role, match.group("name"), entry.gender))
    if "بن " in sentence:
        found.extend(_with_nasab(sentence, index))
    titles = []
    coordinated = not lexicon.joined_nationality_words.isdisjoint(words)
    matches: Iterable[re.Match[str]] = _title_matches(sentence, words, lexicon)
    if coordinated:
        matches = sorted([*matches, *lexicon.dual_title_regex.finditer(sentence)], key=lambda m: m.start())
    for match in matches:
        country = lexicon.nationality.get(match.group("nat"))
        if country is None:
            continue
        # "المتحدث باسم وفد المعارضة السورية": a named body between the title and the
        # adjective is what the title heads, and its state is the speaker's
        body = next((m for m in found if m.kind == "institution" and m.start >= match.end("title")
                     and m.end <= match.end()), None)
        if body is not None:
            country = body.country
        surface = sentence[match.start("title"):match.end()]
        joined = list(_joined_nationalities(sentence, _past_name(match.end(), found, sentence), lexicon)) \
            if coordinated and body is None else []
        if joined:  # each official alone: "الوزيران الروسي والأمريكي" is "الوزير الروسي" and "الوزير الأمريكي"
            surface = _one_official(match, _WORD_AT_END.search(surface).group(0))
        titles.append(Mention(match.start("title"), match.end(), surface, country, "title", surface, surface))
        for other in joined:
            other_country = lexicon.nationality.get(other.group("nat"))
            if other_country is not None and other_country != country:
                one = _one_official(match, other.group("word"))
                titles.append(Mention(other.start("word"), other.end("word"), one, other_country, "title", one, one))
    titles.extend(_construct_titles(sentence, found, lexicon))
    if not found and not titles:
        return []
    return [m for m in _merge(found, titles, sentence) if not _former(m, sentence, lexicon)]


_WORD_AT_END = re.compile(r"\w+$")


def _joined_nationalities(sentence: str, end: int, lexicon: Lexicon) -> Iterable[re.Match[str]]:
    """The nationality adjectives joined by و after a title's own, which ends at ``end``."""
    match = lexicon.coordinated_nationality_regex.match(sentence, end)
    while match is not None:
        yield match
        match = lexicon.coordinated_nationality_regex.match(sentence, match.end())


def _past_name(end: int, found: list[Mention], sentence: str) -> int:
    """Where the name of a titled official right after ``end`` ends ("الروسي سيرغي لافروف
    والأمريكي …": the next adjective is joined after it), or ``end`` when none follows."""
    return next((m.end for m in found if m.kind == "person" and m.start >= end and not sentence[end:m.start].strip()),
                end)


def _one_official(match: re.Match[str], nationality_word: str) -> str:
    """The title of one of the officials a dual or coordinated title names: the title
    without its dual ending, the words after it, and one adjective."""
    return f"{match.group('title')}{match.group('middle')} {nationality_word}"


def _with_nasab(sentence: str, index: dict[str, SpeakerEntry]) -> Iterable[Mention]:
    """People of the gazetteer named with their nasab: the mention spans the whole name (the
    merge then drops the surname alone, which the gazetteer also finds inside it)."""
    for match in _NASAB_NAME.finditer(sentence):
        entry = index.get(f"{match.group('first')} {match.group('last')}")
        if entry is not None and entry.kind == "person":
            yield Mention(match.start("first"), match.end(), entry.canonical, entry.country, entry.kind, entry.role,
                          sentence[match.start("first"):match.end()], entry.gender)


def _title_matches(sentence: str, words: list[str], lexicon: Lexicon) -> Iterable[re.Match[str]]:
    """``title_regex``'s matches: a title counts only with its nationality adjective, so with
    no nationality word in the sentence there is nothing to scan for."""
    if lexicon.nationality_words.isdisjoint(words):
        return ()
    gate = lexicon.title_gate
    return gate.matches(sentence, words) if gate is not None else lexicon.title_regex.finditer(sentence)


CONSTRUCT_REACH = 40  # characters before a state's name a title in construct with it may take


def _construct_titles(sentence: str, named: list[Mention], lexicon: Lexicon) -> Iterable[Mention]:
    """"وزير خارجية فرنسا", "مندوب المملكة": a title in construct with a state's name is that
    state's official (the title regex wants a nationality adjective, which a construct lacks)."""
    regex = lexicon.construct_title_regex
    for state in named:
        if state.kind != "state":
            continue
        match = regex.search(sentence, max(0, state.start - CONSTRUCT_REACH), state.start)
        # "وزيرا خارجية فرنسا وبريطانيا": a title in the dual heads two states joined by و; in ا
        # alone it is as often an accusative ("عينه سفيرا"), so only with the second state
        if match and (not match.group("dual") or _second_state(state, named, sentence)):
            surface = sentence[match.start("title"):state.end]
            yield Mention(match.start("title"), state.end, surface, state.country, "title", surface, surface)


def _second_state(state: Mention, named: list[Mention], sentence: str) -> bool:
    """Whether another state follows ``state`` joined by و ("فرنسا وبريطانيا")."""
    return any(other.kind == "state" and other.start >= state.end and _joined(state, other, sentence) for other in named)


def _any_in(literals: tuple[str, ...], text: str) -> bool:
    """Whether one of ``literals`` occurs in ``text``: a regex every match of which contains
    one of them cannot match where this is False (a cheap test before a costly scan)."""
    for literal in literals:
        if literal in text:
            return True
    return False


def _former(mention: Mention, sentence: str, lexicon: Lexicon) -> bool:
    """"… الأسبق", "السابق لوران فابيوس": someone no longer in office speaks for no state."""
    after = _WORD.findall(sentence, mention.end, mention.end + 20)[:1]
    before = _WORD.findall(sentence, max(0, mention.start - 30), mention.start)[-2:] if mention.kind == "person" else []
    return any(without_conjunction(word) in lexicon.former or word in lexicon.former for word in after + before)


def _merge(named: list[Mention], titles: list[Mention], sentence: str) -> list[Mention]:
    """A title right before a person of the same state is that person's role."""
    out: list[Mention] = []
    used: set[int] = set()
    for title in titles:
        overlapping = [m for m in named if m.start < title.end and title.start < m.end]
        if any(m.kind == "person" for m in overlapping):
            continue
        follower = next(
            (i for i, m in enumerate(named)
             if m.kind == "person" and m.country == title.country and 0 <= m.start - title.end <= 3
             and not sentence[title.end:m.start].strip()),
            None,
        )
        if follower is not None:
            used.add(follower)
            person = named[follower]
            out.append(replace(person, start=title.start, role=title.surface))
        else:
            out.append(title)
    for i, mention in enumerate(named):
        if i in used or any(m.start <= mention.start and mention.end <= m.end for m in out):
            continue
        out.append(mention)
    out.sort(key=lambda m: (m.start, -m.end))
    merged: list[Mention] = []
    for mention in out:
        if merged and mention.start < merged[-1].end:
            continue
        merged.append(mention)
    return merged


def _joined(left: Mention, right: Mention, sentence: str) -> bool:
    """True when ``right`` follows ``left`` joined by و alone ("لافروف ونظيره")."""
    return re.fullmatch(r"\W*و(?:حليف\w*|شريك\w*)?\W*", sentence[left.end:right.start]) is not None


def _joint(first: Mention, mentions: list[Mention], sentence: str) -> tuple[Mention, ...]:
    """The subject plus any speakers joined to it by و ("لافروف ونظيره الأميركي")."""
    group = [first]
    for mention in mentions:
        if mention.start < group[-1].end:
            continue
        if not _joined(group[-1], mention, sentence):
            break
        group.append(mention)
    return tuple(group)


_COMMA = re.compile(r"[،,]")


def _joint_backwards(last_mention: Mention, mentions: list[Mention], sentence: str) -> tuple[Mention, ...]:
    """Speakers joined by و before a verb ("روسيا وإيران تريدان …"); a comma before the و
    opens a new clause ("… رحيل الأسد، وروسيا تعتبر …": Russia alone)."""
    group = [last_mention]
    for mention in reversed([m for m in mentions if m.end <= last_mention.start]):
        if not _joined(mention, group[0], sentence) or _COMMA.search(sentence, mention.end, group[0].start):
            break
        group.insert(0, mention)
    return tuple(group)


# "وفي طهران اعتبر …": a preposition (after و or ف too) makes the name a place or an object
# ("كل من روسيا وإيران" is "each of": its من governs nothing)
_OBJECT_BEFORE = re.compile(r"(?:(?<!\w)[وف]?(?:مع|الي|(?<!كل )من|عن|علي|ضد|بين|في|حول|بشان|تجاه)\W*|[بل])$")


def _is_object(mention: Mention, sentence: str) -> bool:
    """A mention governed by a preposition ("مع روسيا", "لروسيا") is not a subject."""
    return _OBJECT_BEFORE.search(sentence[max(0, mention.start - 12):mention.start]) is not None


def _subject_after(verb_end: int, sentence: str, mentions: list[Mention], lexicon: Lexicon,
                   form: str = "") -> tuple[Mention | None, int]:
    """The mention opening the subject slot after a verb, and where that slot ends.

    Only time words and title words may stand before the subject ("وقال يوم الثلاثاء
    المتحدث باسم الكرملين ديمتري بيسكوف"), and an office's qualifier between its title and a
    named holder ("الأمين العام للأمم المتحدة بان كي مون", ``_qualified_holder``); any other
    word means the verb's subject is something else and a named speaker further on is an
    object or a topic. So is a speaker
    the verb does not agree with: a verb ending in its own dual or plural subject
    ("وطالبا الأمم المتحدة"), or a masculine verb before a feminine state ("يدعو واشنطن").
    """
    after = sentence[verb_end:verb_end + 200]
    opening = _QUOTED_NAME_OPEN.match(after)
    if opening:  # "وقال «لافروف» إن …": a subject in quotation marks of its own
        name = next((m for m in mentions if m.start == verb_end + opening.end()), None)
        closed = _quoted_name_end(name, sentence) if name else None
        if closed is not None and not _disagrees(form, name, lexicon):
            return name, closed
    stop = _SUBJECT_END.search(after)
    # a name that opens on a particle's spelling ("بان كي مون" = "بأن") is the subject, not its end
    while stop is not None and _named_at(mentions, verb_end + stop.start()):
        stop = _SUBJECT_END.search(after, stop.end())
    window_end = verb_end + (stop.start() if stop else len(after))
    for mention in mentions:
        if mention.start < verb_end or mention.start >= window_end:
            continue
        between = _WORD.findall(sentence, verb_end, mention.start)
        if between[:2] == _EACH_OF:  # "وأكدت كل من السعودية وتركيا": each of the joint subject
            del between[:2]
        # "أكد وزير خارجية دولة قطر": the verb agrees with the title that heads the subject,
        # not with the state named in its genitive
        agrees = bool(between) or not _disagrees(form, mention, lexicon)
        if agrees and all(_filler(word, lexicon) for word in between) \
                and not _is_object(mention, sentence):
            return _head_of_construct(mention, mentions, sentence, lexicon), window_end
        holder = _qualified_holder(verb_end, window_end, sentence, mentions, lexicon)
        return (holder if holder is not None and not _disagrees(form, holder, lexicon) else None), window_end
    if stop is not None and after[stop.start()] in "،,":
        apposed = _apposition(window_end, sentence, mentions, verb_end)
        if apposed is not None:
            return apposed, apposed.end
    return None, window_end


_EACH_OF = ["كل", "من"]


def _filler(word: str, lexicon: Lexicon) -> bool:
    """A time word, title word or honorific (``data/fillers.tsv``), with or without و/ف."""
    return word in lexicon.fillers or without_conjunction(word) in lexicon.fillers


# a meeting or a moment, not an office's qualifier: "وقال الوزير لدى لقائه لافروف"
_CIRCUMSTANCE_WORD = re.compile(r"(?<!\w)(?:لقا\w*|اجتماع\w*|استقبال\w*|اتصال\w*|زيار\w*|محادث\w*|مباحث\w*|"
                                r"للصحفيين|للصحافيين|عقب|خلال|بعد|قبل|اثناء|اثر)(?!\w)")


def _qualified_holder(verb_end: int, window_end: int, sentence: str, mentions: list[Mention],
                      lexicon: Lexicon) -> Mention | None:
    """"وقال الأمين العام للأمم المتحدة بان كي مون"، "المبعوث الدولي إلى سوريا ستافان دي
    ميستورا": an office of title words, its qualifier (ل…، إلى، لدى and up to three
    words: the body, the posting) and the person who holds it, the verb's subject; a body
    or state named inside the qualifier is not."""
    for mention in mentions:
        if mention.start < verb_end or mention.start >= window_end or mention.kind != "person":
            continue
        words = list(_WORD.finditer(sentence, verb_end, mention.start))
        titled = 0
        while titled < len(words) and _filler(words[titled].group(), lexicon):
            titled += 1
        if (titled and titled < len(words) and words[titled].group() != "في"
                and _QUALIFIER.fullmatch(sentence, words[titled - 1].end(), mention.start)
                and not _CIRCUMSTANCE_WORD.search(sentence, words[titled].start(), mention.start)):
            # (not "في"، "لدى لقائه"، "للصحفيين عقب …": the name after them is whom he met)
            return mention
    return None


def _named_at(mentions: list[Mention], position: int) -> bool:
    """Whether a mention begins at ``position``: a particle's spelling there ("بان كي مون")
    is a name, not the particle."""
    return any(m.start == position for m in mentions)


_QUOTED_NAME_OPEN = re.compile(r"\s*[\"“«]\s*")
_QUOTED_NAME_OPENED = re.compile(r"[\"“«]\s*$")
_QUOTED_NAME_CLOSE = re.compile(r"\s*[\"”»]")


def _quoted_name_end(mention: Mention, sentence: str) -> int | None:
    """Where the closing mark ends when ``mention`` stands in quotation marks of its own
    ("الرئيس الروسي "فلاديمير بوتين" يطلق", "وقال «لافروف» إن"), else None."""
    if not _QUOTED_NAME_OPENED.search(sentence, max(0, mention.start - 3), mention.start):
        return None
    closing = _QUOTED_NAME_CLOSE.match(sentence, mention.end)
    return closing.end() if closing else None
_APPOSITION_END = re.compile(r"\s*(?:[،,]|(?:[وفبل]?ان|انه|انها)(?!\w))")
APPOSITION_WORDS = 10


def _apposition(comma: int, sentence: str, mentions: list[Mention], verb_end: int) -> Mention | None:
    """"وقال أمين المجلس الإيراني، علي شمخاني، إن …": a named person set off by commas
    right after the verb's subject is that subject, whatever the title before it."""
    if len(_WORD.findall(sentence, verb_end, comma)) > APPOSITION_WORDS:
        return None
    person = next((m for m in mentions if comma < m.start <= comma + 3 and m.kind == "person"), None)
    if person is None or sentence[comma + 1:person.start].strip():
        return None
    return person if _APPOSITION_END.match(sentence, person.end) else None


def _disagrees(form: str, mention: Mention, lexicon: Lexicon) -> bool:
    """The verb cannot have this speaker as the subject after it: its ending holds its own
    dual or plural subject, or it is masculine and the speaker feminine, or it is feminine
    and the speaker a man ("لا ترى الأسد جزءا من الحل": the pronoun in ترى is the subject), or
    it is in the first person ("لا نرى الأسد جزءا من الحل": we do)."""
    return (form in lexicon.plural_verbs or form in lexicon.first_person or (mention.gender == "f" and form in lexicon.masculine_verbs)
            or (mention.kind == "person" and mention.gender == "m" and form in lexicon.feminine_verbs))


_PRONOUN_BEFORE = re.compile(r"(?<!\w)(هي|هو)\W*$")


def _disagrees_with_pronoun(form: str, sentence: str, start: int, lexicon: Lexicon) -> bool:
    """A verb form right after a pronoun is the pronoun's predicate, a noun ("هي أمر حاسم",
    "هو أمر ضروري"), when it cannot agree with it (a masculine form after هي, a feminine
    one after هو), and for a bare past after هو: "وهو يرى أن" is a verb, "هو أمر" is not."""
    pronoun = _PRONOUN_BEFORE.search(sentence, max(0, start - 5), start)
    if pronoun is None:
        return False
    if pronoun.group(1) == "هي":
        return form in lexicon.masculine_verbs
    return form in lexicon.feminine_verbs or (form in lexicon.masculine_verbs and not form.startswith(("ي", "سي")))


def _object_right_after(verb_end: int, form: str, sentence: str, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """"ودعا واشنطن إلى …": the verb's subject is its own pronoun, the speaker its object."""
    first = next((m for m in mentions if m.start >= verb_end), None)
    return (first is not None and not _WORD.findall(sentence, verb_end, first.start)
            and _disagrees(form, first, lexicon))


def _person_after(mention: Mention, mentions: list[Mention], sentence: str, lexicon: Lexicon) -> Mention | None:
    """A named person right after ``mention`` (at most two title or time words between), or
    after the office's own qualifier ("مساعد وزير الخارجية الإيراني للشؤون العربية، حسين
    أمير عبد اللهيان"; "رئيس وفد المعارضة إلى مفاوضات جنيف أسعد الزعبي") when of its state."""
    later = next((m for m in mentions if m.start >= mention.end), None)
    if later is None or later.kind != "person":
        return None
    between = _WORD.findall(sentence, mention.end, later.start)
    titled = len(between) <= 2 and all(_filler(w, lexicon) for w in between)
    qualified = later.country == mention.country and _QUALIFIER.fullmatch(sentence, mention.end, later.start)
    return later if titled or qualified else None


# an office's qualifier: a phrase of one to four words opened by «ل», «في», «إلى» or «لدى» (the
# portfolio, the posting, the delegation's destination), never «مع» or another party
_QUALIFIER = re.compile(r"\W+(?!لنظير)(?:ل\w+|في|الي|لدي)(?:\W+(?!مع\b|بين\b|عن\b|نظير|لنظير)\w+){0,3}\W*")


_OF_A_LEADER = {"مستشار", "مستشاره", "مساعد", "نايب", "مبعوث", "ممثل"}


def _head_of_construct(mention: Mention, mentions: list[Mention], sentence: str, lexicon: Lexicon) -> Mention:
    """In "مستشار خامنئي الدكتور علي أكبر ولايتي" the named person after the genitive is the speaker."""
    title_before = _WORD.findall(sentence, max(0, mention.start - 25), mention.start)
    genitive = (mention.role == mention.surface or mention.kind not in {"person", "title"}
                or (mention.kind == "person" and title_before and without_conjunction(title_before[-1]) in _OF_A_LEADER))
    return (_person_after(mention, mentions, sentence, lexicon) or mention) if genitive else mention


_AUXILIARIES = frozenset({"كان", "كانت", "قد", "لقد", "سبق", "وقد", "فقد"})


def _subject_before(verb_start: int, sentence: str, mentions: list[Mention], max_words: int) -> Mention | None:
    """A mention right before a verb (at most ``max_words`` words between) is its subject;
    "عن لافروف قوله" counts too (the source of a reported saying)."""
    for mention in reversed(mentions):
        if mention.end > verb_start:
            continue
        gap = sentence[mention.end:verb_start]
        # "وزير الخارجية الروسي، سيرغي لافروف، أكد …": a name set off by commas before its verb
        apposed = (re.fullmatch(r"\s*[،,]\s*", gap) is not None
                   and re.search(r"[،,]\s*$", sentence[max(0, mention.start - 3):mention.start]) is not None)
        # "الرئيس الروسي "فلاديمير بوتين" يطلق …": a name in quotation marks of its own
        closed = _quoted_name_end(mention, sentence)
        quoted = closed is not None and not sentence[closed:verb_start].strip()
        # "كان أوباما قد أبلغ", "إن كيري كان قد أكد": auxiliaries between a subject and its verb
        words = _WORD.findall(gap)
        if all(w in _AUXILIARIES for w in words):
            words = []
        if len(words) > max_words or (re.search(r"[،,:«»\"]", gap) and not (apposed or quoted)):
            return None
        before = sentence[max(0, mention.start - 12):mention.start]
        if not _is_object(mention, sentence) or (max_words == 0 and re.search(r"(?<!\w)عن\W*$", before)):
            return mention
        return None
    return None


def _main_subject(position: int, sentence: str, mentions: list[Mention], lexicon: Lexicon) -> Mention | None:
    """The subject of the sentence's main clause, when it is a named speaker: at the start
    of the sentence, after at most one word (its verb) and title or time words
    ("وشن المرشد الأعلى … علي خامنئي هجوما …، معتبرا أن …": the participle continues him)."""
    for mention in mentions:
        if mention.end > position:
            return None
        words = [w for w in _WORD.findall(sentence, 0, mention.start) if not _filler(w, lexicon)]
        return mention if len(words) <= 1 and not _is_object(mention, sentence) else None
    return None


# "وبحسب"، "ووفقا": behind و too; not ف ("فحسب" is "only")
_ACCORDING = re.compile(r"(?<!\w)و?(?:ب?حسب|حسبما|وفق|وفقا|طبقا|علي\W+لسان)(?:\W+(?:ما|لما|ل))?\W+")
# "ونقلت وكالة «إرنا» عن الرئيس الإيراني قوله", "وجاء في بيان لوزارة الخارجية الروسية",
# "بيان صادر عن الكرملين": the words are the named source's, whoever prints them
_SOURCE_NAMED = re.compile(
    r"(?<!\w)(?:[وف]?(?:نقلت|نقل|نقلا)(?:\W+\w+){0,8}?\W+عن"
    r"|(?:بيان|البيان|بيانا|تصريح|رساله|كلمه)(?:\W+(?:صادر|صدر)\W+عن|\W+اصدر\w*)?)\W*")

# what every match of _ACCORDING and of _SOURCE_NAMED contains
_ACCORDING_LITERALS = ("حسب", "وفق", "طبقا", "لسان")
_SOURCE_LITERALS = ("نقل", "بيان", "تصريح", "رساله", "كلمه")


def _according_to(sentence: str, mentions: list[Mention], lexicon: Lexicon) -> tuple[Mention, int] | None:
    """The source of "… بحسب ما أعلن وزير الخارجية الفرنسي" / "وفقا لـ X" / "نقلت … عن X" /
    "بيان لـ X", and where its phrase starts: it owns the sentence, unless a speaker named
    with a verb of his own spoke before it."""
    if not mentions:  # both ways below name a source among the mentions: none, no source
        return None
    for match in _ACCORDING.finditer(sentence) if _any_in(_ACCORDING_LITERALS, sentence) else ():
        rest = match.end()
        verb = lexicon.verb_regex.match(sentence, rest)
        if verb:
            rest = verb.end()
        subject, _ = _subject_after(rest, sentence, mentions, lexicon)
        if subject is not None and subject.kind != "capital":
            return subject, match.start()
    for match in _SOURCE_NAMED.finditer(sentence) if _any_in(_SOURCE_LITERALS, sentence) else ():
        named = next((m for m in mentions if match.end() <= m.start <= match.end() + 1), None)
        if named is not None and named.kind != "capital":
            return _head_of_construct(named, mentions, sentence, lexicon), match.start()
    return None


def _antecedent(verb_start: int, sentence: str, mentions: list[Mention]) -> Mention | None:
    """"من طهران التي تحدثت عن …": the noun a relative clause hangs on is its verb's subject,
    whatever governs the noun itself."""
    relative = _RELATIVE_BEFORE.search(sentence, max(0, verb_start - 12), verb_start)
    if relative is None:
        return None
    return next((m for m in reversed(mentions) if m.end <= relative.start()
                 and not sentence[m.end:relative.start()].strip()), None)


def _position_nouns(sentence: str, mentions: list[Mention], lexicon: Lexicon,
                    words: list[str] | None = None) -> list[tuple[int, Mention]]:
    """(position, holder) of each position noun (``position_nouns.tsv``) followed at once by a
    speaker, or by a nationality adjective ("الموقف الفرنسي": France): "موقف روسيا"،
    "تصريحات لافروف", and the verbal nouns of speech ("وسط تأكيد لافروف أن …")."""
    out = []
    for match in lexicon.position_noun_gate.matches(sentence, words):
        holder = next((m for m in mentions if match.end() <= m.start <= match.end() + 1), None)
        if holder is None:
            adjective = lexicon.nationality_regex.match(sentence, match.end())
            country = lexicon.nationality.get(adjective.group("nat")) if adjective else None
            if country is not None:
                name = lexicon.codebook["countries"].get(country, {}).get("name", country)
                holder = Mention(adjective.start(), adjective.end(), name, country, "state", country,
                                 adjective.group(0), written=adjective.group(0))
        if holder is not None:
            out.append((match.start(), holder))
    return out


def _inside_reported_words(attributions: list[Attribution], position: int, sentence: str) -> int | None:
    """Index of an earlier attribution whose reported words (after أن/إن or a quote) hold ``position``.

    A position the speaker ascribes to another party (a noun, a verb inside his words) has no
    words of its own: what follows it is still the speaker's, so its container is returned
    ("وأضاف مروة أن الموقف الروسي …، معبرا عن أمله بأن تؤيد روسيا …": Marwa's words)."""
    for index in range(len(attributions) - 1, -1, -1):
        earlier = attributions[index]
        if earlier.position < position and _SUBJECT_END.search(sentence, earlier.position, position):
            while attributions[index].kind != "speech" and attributions[index].nested_in is not None:
                index = attributions[index].nested_in
            return index
    return None


_WORD_BEFORE = re.compile(r"(\w+)\W*$")
# "أكد خلال الاتصال أن …": a circumstance, then the words (REPORTED_OPEN's أن forms)
_CIRCUMSTANCE_THEN_WORDS = re.compile(r"\s+(?:خلال|في|اثناء|عقب|بعد|لدي)\s+(?:\w+\s+){0,3}?(?:[بل]?ان|انه|انها|انهم)(?!\w)")
# a preposition before a verb form makes it a noun; not _OBJECT_BEFORE's «من» ("من رفض" is
# "whoever rejected", a verb) nor its clitics, but its time words
_PREPOSITION_BEFORE = re.compile(r"(?<!\w)(?:في|علي|الي|عن|حول|بعد|قبل|خلال|مع|ضد|عبر|نحو|لدي)\s+$")


def _negative(form: str, sentence: str, start: int, lexicon: Lexicon) -> bool:
    """A rejecting verb (رفض، نفى، استبعد …) turns the speaker's words negative, unless it
    is itself negated: "لم يستبعد أن تعقد الجولة" allows what follows."""
    if form not in lexicon.negative_verbs:
        return False
    before = _WORD_BEFORE.search(sentence, max(0, start - 12), start)
    return not (before and lexicon.negator_regex.fullmatch(before.group(1)))


def attribute(sentence: str, mentions: list[Mention], lexicon: Lexicon, last: tuple[Mention, ...] | None,
              inside_quote: bool = False, words: list[str] | None = None, group: tuple[Mention, ...] = ()
              ) -> tuple[list[Attribution], tuple[Mention, ...] | None]:
    """Attributions in a sentence and the speakers later sentences may carry over.

    Returns ``(attributions, last_speakers)``; ``last_speakers`` is None after an explicit
    subject that is not a known speaker, so a later "وأضاف" is not given to the wrong state.
    ``inside_quote``: a quotation opened in an earlier sentence is still open, so a sentence
    naming no speaker is still the last speaker's. ``words``: the sentence's
    ``wordscan.sentence_words``, when the caller has them. ``group``: the participants the
    document last named together (``participants``), whom a collective subject stands for.
    """
    if words is None:
        words = sentence_words(sentence)
    if not mentions and last is None and not (group and _COLLECTIVE_WORD.search(sentence)):
        # (most sentences) no subject to find, none to carry: only a position noun with its
        # nationality adjective ("الموقف الفرنسي") can speak, which is what the full pass
        # below finds then, at less cost
        found: list[Attribution] = []
        for noun in _position_nouns(sentence, mentions, lexicon, words):
            _add_noun(found, noun, mentions, sentence)
        return found, None
    attributions, new_last = _attribute_by_words(sentence, mentions, lexicon, last, inside_quote, words, group)
    source = _according_to(sentence, mentions, lexicon)
    if source is not None and not any(a.position < source[1] and a.nested_in is None and a.how != "carried"
                                       for a in attributions):
        speakers = _joint(source[0], mentions, sentence)
        return [Attribution(speakers, "according-to", 0, "بحسب", kind="speech")], speakers
    return attributions, new_last


def _attribute_by_words(sentence: str, mentions: list[Mention], lexicon: Lexicon, last: tuple[Mention, ...] | None,
                        inside_quote: bool, words: list[str] | None = None, group: tuple[Mention, ...] = ()
                        ) -> tuple[list[Attribution], tuple[Mention, ...] | None]:
    """``attribute`` from the speech verbs, position nouns and colons of the sentence."""
    attributions: list[Attribution] = []
    # "من جانبه، أبان وزير الخارجية الإيطالي …": "for his part" hands the word to another
    # speaker, so nothing in the sentence continues the last one
    new_last = None if _TURN.match(sentence) else last
    colon = re.match(r"^\W*([^:]{2,60}?)\s*:", sentence)
    if colon and mentions and mentions[0].start <= colon.start(1) + 1 and (
            mentions[0].end >= colon.end(1) - 2 or _HEADLINE_MEDIUM.fullmatch(sentence, mentions[0].end, colon.end(1))):
        head = mentions[0]
        if head.kind != "capital":  # "موسكو:" is a dateline, not a speaker
            attributions.append(Attribution(_joint(head, mentions, sentence), "colon", colon.end(), ":", kind="speech"))
            new_last = attributions[-1].speakers
    if words is None:
        words = sentence_words(sentence)
    nouns = _position_nouns(sentence, mentions, lexicon, words)
    unknown_end: int | None = None  # after "واعتبر المحلل … أن", the words are not a state's
    acted, actor = False, None
    for verb in lexicon.verb_gate.matches(sentence, words):
        form = verb.group("verb")
        kind = lexicon.verb_kind.get(form, "")
        while nouns and nouns[0][0] < verb.start():
            _add_noun(attributions, nouns.pop(0), mentions, sentence)
        if unknown_end is not None and not attributions and REPORTED_OPEN.search(sentence, unknown_end, verb.start()):
            # inside an unknown speaker's words only an explicit "verb + speaker" counts:
            # "… أن الموقف السعودي …، وأن نظام الأسد يعتبر …" is what he says of others
            subject, _ = _subject_after(verb.end(), sentence, mentions, lexicon, form)
            how = "verb-subject"
            # (a circumstance may stand before the words: "أكد خلال الاتصال أن …")
            opens_words = REPORTED_OPEN.match(sentence, _SPACES.match(sentence, verb.end()).end()) is not None or (
                kind == "speech" and _CIRCUMSTANCE_THEN_WORDS.match(sentence, verb.end()) is not None)
            if subject is None and kind == "speech" and opens_words:
                # "وذكرت صحيفة … أن الجبير قال إن …": a named official's saying the source relays
                # (not "… أن موسكو تعتبر أن …": what a state thinks, as the unknown speaker puts it)
                subject, how = _subject_before(verb.start(), sentence, mentions, 0), "subject-verb"
                if subject is not None and subject.kind not in {"person", "title"}:
                    subject = None
            elif subject is None and kind == "position" and not opens_words:
                # "وأوضح الحريري أن «راتني شجع على …»": a named person's act the source relays
                # (not "… أن لافروف يرى أن …": what he thinks, as the unknown speaker puts it)
                named = _subject_before(verb.start(), sentence, mentions, 0)
                if named is not None and named.kind == "person":
                    subject, how = named, "subject-verb"
            if subject is not None and (kind == "speech" or how == "subject-verb"):
                joined = _joint if how == "verb-subject" else _joint_backwards
                attributions.append(Attribution(joined(subject, mentions, sentence), how,
                                                verb.start(), form, _negative(form, sentence, verb.start(), lexicon),
                                                kind=kind))
                new_last = attributions[-1].speakers
            continue
        if kind == "act":
            if not acted:  # "زار دي ميستورا طهران حيث التقى مع …": the first act's subject acts on
                acted = True
                actor = _actor(verb, form, sentence, mentions, lexicon, attributions)
                new_last = actor or new_last
            continue
        if verb.group("obj") and _RELATIVE_BEFORE.search(sentence, max(0, verb.start() - 12), verb.start()):
            continue
        if verb.group("clitic").endswith("ل") and not form.startswith(("ي", "ت", "ن", "ا", "س")):
            continue  # "مستعدة لبحث أي خيار": a past form after the preposition ل is its verbal noun
        if (not verb.group("clitic") and not verb.group("obj")
                and _PREPOSITION_BEFORE.search(sentence, max(0, verb.start() - 8), verb.start())
                and _subject_after(verb.end(), sentence, mentions, lexicon, form)[0] is None):
            # "وتحرض المعارضة على رفض بقائه": a preposition governs a noun, never a verb; the
            # noun speaks only with its agent after it ("في وصف وزير الخارجية القطري …")
            # or in its pronoun ("في رفضه الحل")
            continue
        if _disagrees_with_pronoun(form, sentence, verb.start(), lexicon):
            continue  # "… هي أمر حاسم": a noun as the predicate of a pronoun, not a verb
        negative = _negative(form, sentence, verb.start(), lexicon)
        if kind == "participle":
            predicate_of = _subject_before(verb.start(), sentence, mentions, 1) if attributions else None
            if predicate_of is not None:
                # "… إن السعودية مصرة على …": a participle as the predicate of a named state
                # inside a speaker's words is that state's position as the speaker puts it
                speakers = _joint_backwards(predicate_of, mentions, sentence)
                nested = _inside_reported_words(attributions, verb.start(), sentence)
                if nested is not None and not {m.country for m in speakers} & {m.country for m in attributions[nested].speakers}:
                    attributions.append(Attribution(speakers, "subject-verb", verb.start(), form, negative, nested, "position"))
                continue
            if not attributions:
                main = _main_subject(verb.start(), sentence, mentions, lexicon)
                speakers = (main,) if main else new_last
                if speakers:
                    attributions.append(Attribution(speakers, "participle" if main else "carried", verb.start(), form,
                                                    negative, kind=kind))
                    if main:
                        new_last = speakers
            continue
        if form in lexicon.first_singular and not _QUOTE_MARK.search(sentence) and not inside_quote:
            # "أعتقد أن …" outside any quotation is the writer's own voice, not a speaker's
            if not attributions:
                new_last = None
            continue
        continuing = form in lexicon.first_person or (verb.start() == 0 and lexicon.continuation_regex.match(sentence))
        how = "subject-verb"
        subject = _antecedent(verb.start(), sentence, mentions) or _subject_before(verb.start(), sentence, mentions, 0)
        window_end = verb.end()
        if subject is None:
            subject, window_end = _subject_after(verb.end(), sentence, mentions, lexicon, form)
            how = "verb-subject"
        if subject is None:
            subject = _subject_before(verb.start(), sentence, mentions, 1)
            how = "subject-verb"
        if subject is not None:
            speakers = (_joint if how == "verb-subject" else _joint_backwards)(subject, mentions, sentence)
            nested = _inside_reported_words(attributions, verb.start(), sentence)
            if nested is not None and {m.country for m in speakers} & {m.country for m in attributions[nested].speakers}:
                nested = None  # "أن قطر وروسيا تتفقان": the speaker's own state joins the position
            attributions.append(Attribution(speakers, how, verb.start(), form, negative, nested, kind))
            if nested is None:
                new_last = attributions[-1].speakers
            continue
        if (attributions and last and form in lexicon.first_person and form not in lexicon.first_singular
                and not set(last) & set(attributions[-1].speakers)
                and not quote_open_after(sentence[:verb.start()], inside_quote)):
            # "دعا المبعوث إلى …، ونحن نؤيد هذه الدعوة": outside any quotation, "we" is the
            # voice the sentence continues, not the third party it has just reported
            attributions.append(Attribution(last, "carried", verb.start(), form, negative, kind=kind))
            new_last = last
            continue
        if attributions or kind == "narrative":
            continue  # a later verb without a subject belongs to the sentence's speaker
        slot = sentence[verb.end():window_end]
        named_first = _named_at(mentions, verb.end() + len(slot) - len(slot.lstrip()))
        if (continuing or (_NO_SUBJECT.match(slot) and not named_first) or _OBJECT_SLOT.match(slot) or _BARE_TITLE.match(sentence[verb.end():])
                or (len(_WORD.findall(sentence, 0, verb.start())) <= 1
                    and _object_right_after(verb.end(), form, sentence, mentions, lexicon))):
            main = _main_subject(verb.start(), sentence, mentions, lexicon)
            speakers, how = ((main,), "subject-verb") if main else (new_last, "carried")
            if not main and len({m.country for m in group}) > 1 and _COLLECTIVE.match(sentence, verb.end()) and (
                    not new_last or len({m.country for m in new_last}) < 2):
                speakers, how = group, "collective"  # "ودعا الوزراء": every participant
            if speakers:
                attributions.append(Attribution(speakers, how, verb.start(), form, negative, kind=kind))
                if how != "carried":
                    new_last = speakers
        elif kind == "speech" or (form in lexicon.finite_verbs and _WORD.match(slot.strip())):
            new_last = None  # an unknown subject (a monitor, a witness …): stop carrying
            unknown_end = verb.end()
    for noun in nouns:
        _add_noun(attributions, noun, mentions, sentence)
    # ("كما التقى تميم لافروف …" is the actor's act, not more of the last speaker's words)
    if not attributions and new_last and actor is None and (QUOTE_OPEN.match(sentence) or inside_quote or _THE_STATEMENT.match(sentence)
                                          or lexicon.continuation_regex.match(sentence)):
        attributions.append(Attribution(new_last, "carried", 0, "", False, kind="speech"))
    return attributions, new_last


_STILL = frozenset({"تعد", "يعد", "نعد", "تزال", "يزال", "نزال"})  # "لم تعد تتمسك"، "لا تزال ترفض"


def same_state(a: Attribution, b: Attribution) -> bool:
    """Whether two attributions share a state ("أن قطر وروسيا تتفقان" inside Lavrov's words)."""
    return bool({m.country for m in a.speakers} & {m.country for m in b.speakers})


def words_start(sentence: str, attribution: Attribution, lexicon: Lexicon) -> int:
    """Where an attribution's words begin: at its verb, with the negation right before it,
    so that "طهران لا تصر على بقاء الأسد" or "موسكو لم تعد تتمسك ب…" is read with its لا/لم."""
    start = step = attribution.position
    for _ in range(2):
        before = _WORD_BEFORE.search(sentence, max(0, step - 12), step)
        if before is None:
            break
        word = before.group(1)
        if lexicon.negator_regex.fullmatch(word):
            start = step = before.start(1)
        elif word in _STILL and step == attribution.position:
            step = before.start(1)  # only with a negator before it
        else:
            break
    return start


def _actor(verb: re.Match[str], form: str, sentence: str, mentions: list[Mention], lexicon: Lexicon,
           attributions: list[Attribution]) -> tuple[Mention, ...] | None:
    """Who acts in "والتقى لافروف نظيره …", "وعقد جاويش أوغلو مؤتمرا صحفيا": the named subject of an
    act verb, whom the next «وقال إن …» with no subject of its own continues. The act itself
    states nothing, so it makes no attribution; inside someone's words ("قال إنه التقى
    كيري") or a relative clause ("المسؤول الذي التقى لافروف") the name after it is the object."""
    if attributions or _RELATIVE_BEFORE.search(sentence, max(0, verb.start() - 12), verb.start()):
        return None
    subject, _ = _subject_after(verb.end(), sentence, mentions, lexicon, form)
    if subject is None:
        subject = _subject_before(verb.start(), sentence, mentions, 0)
    if subject is None or subject.kind not in _GROUP_KINDS:
        return None
    return _joint(subject, mentions, sentence) if form in lexicon.plural_verbs else (subject,)


def participants(mentions: list[Mention]) -> tuple[Mention, ...]:
    """The speakers a sentence names together, one per state ("اجتماع وزراء خارجية الخليج مع
    وزير الخارجية الأمريكي"), when they are of two states or more; else (). Only officials and
    bodies: a state or a capital in a sentence is as often a place as a party."""
    seen: dict[str, Mention] = {}
    for mention in mentions:
        if mention.kind in _GROUP_KINDS:
            seen.setdefault(mention.country, mention)
    return tuple(seen.values()) if len(seen) > 1 else ()


def _add_noun(attributions: list[Attribution], noun: tuple[int, Mention], mentions: list[Mention], sentence: str) -> None:
    """A position noun's holder speaks from the noun on; inside another speaker's words it
    is a position that speaker ascribes to it. It never changes who later sentences continue."""
    position, holder = noun
    if any(holder in a.speakers for a in attributions):
        return
    nested = _inside_reported_words(attributions, position, sentence)
    if nested is None and attributions and attributions[-1].position < position:
        nested = len(attributions) - 1  # "انتقد لافروف موقف واشنطن": Washington's position as Lavrov puts it
    attributions.append(Attribution(_joint(holder, mentions, sentence), "noun", position, "", False, nested, "noun"))


# "الخارجية الروسية في بيان: …": the medium between a headline's speaker and its colon
_HEADLINE_MEDIUM = re.compile(r"\W*(?:في|عبر)\W+(?:\w+\W+)?(?:بيان|تصريح\w*|تغريد\w*|رساله|كلمه|مقابله|حديث)\w*\W*")
# "وجاء في البيان أن …": the communiqué named before (in the headline or a sentence earlier)
_THE_STATEMENT = re.compile(r"\W*[وف]?(?:جاء|ورد|اكد|اضاف|قال|شدد)\W+(?:في\W+)?(?:البيان|البلاغ|الرساله)(?!\w)")
_QUOTE_PAIRS = {"«": "»", "“": "”"}
_QUOTE_CHARS = re.compile('[«»“”"]')


def quote_open_after(sentence: str, was_open: bool) -> bool:
    """Whether a quotation is still open at the end of ``sentence`` (one open before it
    counts): «…» and “…” by depth, ASCII '"' by parity."""
    depth = 1 if was_open else 0
    for char in _QUOTE_CHARS.findall(sentence):  # only these change the depth
        if char in _QUOTE_PAIRS:
            depth += 1
        elif char in _QUOTE_PAIRS.values() or (char == '"' and depth > 0):
            depth = max(0, depth - 1)
        elif char == '"':
            depth += 1
    return depth > 0
