"""Pure speed-ups of the extractor keep its answers: each fast function against the plain
version it replaced, on the inputs that matter to it (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from positions import sentences
from positions.speakers import quote_open_after

QUOTE_PAIRS = {"«": "»", "“": "”"}


def quote_open_after_reference(sentence: str, was_open: bool) -> bool:
    """The per-character loop ``quote_open_after`` was."""
    depth = 1 if was_open else 0
    for char in sentence:
        if char in QUOTE_PAIRS:
            depth += 1
        elif char in QUOTE_PAIRS.values() or (char == '"' and depth > 0):
            depth = max(0, depth - 1)
        elif char == '"':
            depth += 1
    return depth > 0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('«»“”"\'„ قال ا.،')), max_size=40), st.booleans())
def test_speedups_quote_open_after(sentence: str, was_open: bool) -> None:
    assert quote_open_after(sentence, was_open) == quote_open_after_reference(sentence, was_open)


def split_line_reference(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``sentences._split_line`` as it was: every character looked at in Python."""
    spans = []
    depth_close: list[str] = []
    sentence_start = start
    index = start
    while index < end:
        char = text[index]
        if char in sentences._OPEN:
            closer = sentences._OPEN[char]
            if text.find(closer, index + 1, end) != -1:
                depth_close.append(closer)
        elif depth_close and char == depth_close[-1]:
            depth_close.pop()
        elif (not depth_close and char.isdigit() and index + 2 < end and text[index + 1] == "و"
              and sentences._is_arabic_letter(text[index + 2]) and index + 1 > sentence_start):
            spans.append((sentence_start, index + 1))
            sentence_start = index + 1
        elif char in sentences._FINAL and not depth_close:
            following = index + 1
            while following < end and text[following] in sentences._FINAL + "\"'»”)":
                following += 1
            if following >= end or text[following].isspace() or sentences._glued(text, sentence_start, index, following):
                spans.append((sentence_start, following))
                sentence_start = following
                index = following
                continue
        index += 1
    spans.append((sentence_start, end))
    out = []
    for span_start, span_end in spans:
        while span_start < span_end and (text[span_start].isspace() or text[span_start] in sentences._JUNK):
            span_start += 1
        while span_end > span_start and text[span_end - 1].isspace():
            span_end -= 1
        if span_end > span_start:
            out.extend(sentences._cut_long(span_start, span_end, text))
    return out


SENTENCE_ALPHABET = list("قال لافروف إن الأسد وأكد و ف د.محمد 2015٢٠١٥²") + list('.!?؟«»“”"\')&\n ')


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(SENTENCE_ALPHABET), max_size=120))
def test_speedups_split_line(text: str) -> None:
    assert sentences._split_line(text, 0, len(text)) == split_line_reference(text, 0, len(text))
    if len(text) > 4:
        assert sentences._split_line(text, 2, len(text) - 1) == split_line_reference(text, 2, len(text) - 1)


def _alternatives(pattern: str, opening: str) -> list[str]:
    """The literal alternatives of the group opened by ``opening`` in ``pattern``."""
    body = pattern[pattern.index(opening) + len(opening):]
    depth = 0
    for end, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return body[:end].split("|")
    raise AssertionError(f"no group {opening} in {pattern}")


def test_speedups_prefilter_literals_cover_every_alternative() -> None:
    """A regex is skipped when none of its literals is in the sentence: every way it can
    match must then contain one of them."""
    from positions import speakers

    according = ["حسب", "حسبما", "وفق", "وفقا", "طبقا", "لسان"]  # ب?حسب and علي\W+لسان hold these
    assert all(word in speakers._ACCORDING.pattern for word in according)
    assert all(any(lit in word for lit in speakers._ACCORDING_LITERALS) for word in according)
    sources = ["نقلت", "نقل", *_alternatives(speakers._SOURCE_NAMED.pattern, r"|(?:")]
    assert "بيانا" in sources and all(any(lit in word for lit in speakers._SOURCE_LITERALS) for word in sources)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["وقال", "وزير", "الخارجيه", "الفرنسي", "موقف", "روسيا", "بحسب", "وفقا", "لافروف",
                                 "ان", "بيان", "نقلت", "عن", "الموقف", "السوري", "رد", ":", "،", "«", "الاسد"]),
                max_size=14))
def test_speedups_attribute_shortcuts_change_nothing(words: list[str]) -> None:
    """Sentences with no speaker and none to carry take a shortcut; the full pass agrees."""
    from positions import speakers
    from positions.lexicon import load_lexicon

    lexicon = load_lexicon()
    sentence = " ".join(words)
    mentions = speakers.find_mentions(sentence, lexicon)
    if mentions:
        return
    assert speakers.attribute(sentence, mentions, lexicon, None) == \
        speakers._attribute_by_words(sentence, mentions, lexicon, None, False)
    assert speakers._according_to(sentence, mentions, lexicon) is None


# --- word gates (positions.wordscan): each regex tried only at the words that can open it ---

def _gates() -> list[tuple[str, object, object]]:
    """(name, regex, gate) of every word-gated regex."""
    from positions.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert lexicon.title_gate is not None  # titles.tsv is plain words: the gate, not the fallback, is in use
    return [("speaker", lexicon.speaker_regex, lexicon.speaker_gate), ("title", lexicon.title_regex, lexicon.title_gate),
            ("verb", lexicon.verb_regex, lexicon.verb_gate),
            ("position noun", lexicon.position_noun_regex, lexicon.position_noun_gate)]


def _found(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def _assert_gates_agree(sentence: str) -> None:
    """Every gate finds what its regex's ``finditer`` finds, alone and with the shared word list."""
    from positions.wordscan import sentence_words

    words = sentence_words(sentence)
    for name, regex, gate in _gates():
        expected = _found(regex.finditer(sentence))
        assert _found(gate.matches(sentence)) == expected, (name, sentence)
        assert _found(gate.matches(sentence, words)) == expected, (name, sentence)


def _gate_vocabulary() -> list[str]:
    """Words the gated regexes are made of: speaker names' words, titles, nationality stems,
    verb forms (a sample), position nouns, and a few words they must not be confused with."""
    from positions.lexicon import load_lexicon

    lexicon = load_lexicon()
    words = {w for name in lexicon.speakers for w in name.split()}
    words |= {w for title in lexicon.titles for w in title.split()} | set(lexicon.nationality)
    words |= set(sorted(lexicon.verb_kind)[::25]) | set(lexicon.position_nouns)
    words |= {"المملكه", "العربيه", "السعوديه", "الاهالي", "جهاله", "وزاره", "الخارجيه", "ان", "قال", "2015", "_"}
    return sorted(words)


GATE_VOCABULARY = _gate_vocabulary()
gate_word = st.builds(lambda clitic, article, word, ending: clitic + article + word + ending,
                      st.sampled_from(["", "", "و", "ف", "ب", "ل", "وب", "فل", "ك"]), st.sampled_from(["", "", "ال"]),
                      st.sampled_from(GATE_VOCABULARY), st.sampled_from(["", "", "ه", "ها", "هم", "ين", "ون", "ان", "ال"]))
gate_separator = st.sampled_from([" ", " ", " ", "", "، ", ": ", " «", "» ", "-", "\n", "_", "."])


def _titled() -> st.SearchStrategy[str]:
    """A title with its nationality adjective after it ("ووزير الخارجيه الروسي"), which a
    title match needs and random words seldom give."""
    from positions.lexicon import load_lexicon

    lexicon = load_lexicon()
    return st.builds(lambda clitic, title, nationality, ending: f"{clitic}{title} {nationality}{ending}",
                     st.sampled_from(["", "و", "ف", "ب", "ل", "وب", "فل"]), st.sampled_from(sorted(lexicon.titles)),
                     st.sampled_from(sorted(lexicon.nationality_words)), st.sampled_from(["", "ه", "ون"]))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.one_of(gate_word, gate_word, _titled()), gate_separator), max_size=12))
def test_speedups_word_gates_find_what_the_regexes_find(parts: list[tuple[str, str]]) -> None:
    """On sentences made of the regexes' own words with clitics, articles, endings, glued
    words ("المملكهالعربيه", an empty separator) and punctuation."""
    _assert_gates_agree("".join(word + separator for word, separator in parts))


def test_speedups_word_gates_find_what_the_regexes_find_on_the_sample_corpus() -> None:
    from positions.normalise import normalise
    from positions.readers import read_documents
    from positions.records import Document
    from positions.sentences import split_sentences
    from tests.conftest import SAMPLE

    count = 0
    for doc in read_documents([SAMPLE]):
        if isinstance(doc, Document):
            norm = normalise(doc.text)
            for span in split_sentences(doc.text):
                _assert_gates_agree(norm.text[norm.norm_index(span.start):norm.norm_index(span.end)])
                count += 1
    assert count > 1000


def test_speedups_word_gates_glued_names() -> None:
    """A name whose word in ة runs into the next article is still found, and only there."""
    from positions import speakers
    from positions.lexicon import load_lexicon

    lexicon = load_lexicon()
    glued = [name for name in lexicon.speakers if " ال" in name and name.split()[0].endswith("ه")]
    assert glued
    for name in glued[:50]:
        first, rest = name.split(" ", 1)
        for sentence in (f"وقالت {first}{rest} ان", f"و{first}{rest}، ", f"الاهالي {first}{rest}"):
            _assert_gates_agree(sentence)
            assert lexicon.speaker_gate.matches(sentence), sentence  # the glued name itself
            assert speakers.find_mentions(sentence, lexicon)


def test_speedups_verb_gate_knows_the_verb_regex_clitic() -> None:
    """The verb gate slices only words opening on a clitic letter: they must be the letters of
    the regex's own clitic, and a verb after each clitic is still found."""
    from positions.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert "(?P<clitic>[وف]?ل?)" in lexicon.verb_regex.pattern
    assert set(lexicon.verb_gate.clitics) == {"و", "ف", "ل"}
    for clitic in ("و", "ف", "ل", "ول", "فل"):
        for sentence in (f"{clitic}اكد الوزير", f"ثم {clitic}قال ان", f"انه {clitic}يرفضها"):
            _assert_gates_agree(sentence)


def test_speedups_denied_after_needs_a_denying_phrase() -> None:
    """``_denied_before`` asks ``denied_after`` only in a sentence ``may_deny`` lets through."""
    from positions.features import _denied_before
    from positions.stance import denied_after, may_deny
    from positions.stems import tokens

    for sentence in ("رحيل الاسد غير وارد", "«شرط رحيل الاسد» لن يتحقق", "رحيل الاسد غير مقبول الا بشروط",
                     "رحيل الاسد مطلوب"):
        denied = {end for end in range(len(sentence) + 1) if denied_after(sentence, end, 2)}
        assert may_deny(sentence) or not denied, sentence
        words = tokens(sentence)
        assert _denied_before(words, sentence) == {i for i, token in enumerate(words[:-1]) if token.end in denied}

@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["سوري", "سوريا", "ا", "اسد", "الاسد", "حلب", "x", ""]), max_size=6),
       st.text(alphabet=st.sampled_from(list("سوريااسدحلبx ")), max_size=20))
def test_speedups_shortest_substrings_answer_the_same(strings: list[str], text: str) -> None:
    """The Syria gate tests only the stems no other stem is part of: the same answer."""
    from positions.lexicon import _shortest_substrings

    assert any(s in text for s in _shortest_substrings(strings)) == any(s in text for s in strings)


def test_speedups_phrase_index_starts_hold_every_phrase() -> None:
    """Topic and companion phrases are looked for only at ``PhraseIndex.starts``: nowhere
    else does ``at`` find one (every sample-corpus sentence, every index)."""
    from positions.normalise import normalise, spelled
    from positions.readers import read_documents
    from positions.records import Document
    from positions.sentences import split_sentences
    from positions.stems import tokens
    from positions.topics import _indexes, load_topic_terms
    from tests.conftest import SAMPLE

    indexes = _indexes(load_topic_terms())
    phrase_indexes = [indexes.terms, *indexes.companions.values()]
    opened = 0
    for doc in read_documents([SAMPLE]):
        if not isinstance(doc, Document):
            continue
        norm = normalise(doc.text)
        for span in split_sentences(doc.text)[:40]:
            start, end = norm.norm_index(span.start), norm.norm_index(span.end)
            words = tokens(norm.text[start:end], spelled(doc.text[span.start:span.end]))
            for index in phrase_indexes:
                starts = set(index.starts(words))
                assert all(not index.at(words, i) for i in range(len(words)) if i not in starts)
                opened += sum(1 for i in starts if index.at(words, i))
    assert opened > 100


def _raw_search_alphabet() -> list[str]:
    """The letters of the Syria stems and every character that normalises to one of them
    (hamza seats, ة, ى, Persian yeh, presentation forms), dropped ones (marks, tatweel,
    direction marks), ligatures that unfold to two letters, and characters the raw search
    does not know."""
    from positions.lexicon import load_lexicon
    from positions.normalise import _TABLE

    letters = {char for stem in load_lexicon().syria_stems for char in stem}
    mapped = [chr(code) for code, out in _TABLE.items() if out == "" or len(out) > 1 or out in letters]
    return sorted(letters | set(mapped[::3]) | set("ً ّ ـ\u200f\u00a0\n.«»xYéﻷﻻ😀ﺱ"))


@settings(max_examples=2000, deadline=None)
@given(st.data())
def test_speedups_raw_search_answers_as_normalising(data: st.DataObject) -> None:
    """``RawSearch.found`` (the Syria gate asked of the raw text) is None or exactly what
    normalising and looking for the stems gives."""
    from positions.extract import _syria_search, about_syria
    from positions.lexicon import load_lexicon
    from positions.normalise import normalise

    lexicon = load_lexicon()
    raw = data.draw(st.text(alphabet=st.sampled_from(_raw_search_alphabet()), max_size=30))
    found = _syria_search(lexicon.syria_stems).found(raw)
    assert found is None or found == about_syria(normalise(raw).text, lexicon)


def test_speedups_raw_search_on_the_sample_corpus() -> None:
    """Every sample document, and each with a mark, a tatweel or a ligature inside its first
    Syria stem: the raw search answers (not None) as normalising does, or says it cannot."""
    from positions.extract import _syria_search, about_syria
    from positions.lexicon import load_lexicon
    from positions.normalise import normalise
    from positions.readers import read_documents
    from positions.records import Document
    from tests.conftest import SAMPLE

    lexicon = load_lexicon()
    search = _syria_search(lexicon.syria_stems)
    answered = {True: 0, False: 0}
    for doc in read_documents([SAMPLE]):
        if not isinstance(doc, Document):
            continue
        for raw in (doc.text, doc.text.replace("سوري", "سُوري"), doc.text.replace("سوري", "ســوري"),
                    doc.text.replace("حلب", "حَ\u200fلب"), doc.text.replace("سوري", "سوري").replace("الأسد", "ﻷسد")):
            found = search.found(raw)
            assert found is None or found == about_syria(normalise(raw).text, lexicon)
            if found is not None:
                answered[found] += 1
    assert answered[True] > 20
    assert search.found("قال وزير الخارجية إن الحل في سُورية سياسي") is True
    assert search.found("رئيس الوزراء البريطاني في لندن") is False
    assert search.found("الأسـد") is True and search.found("ﻷسد") is None


def test_speedups_settled_documents_are_what_process_gives() -> None:
    """Ingest answers for most documents without a worker (``db.extraction.settled``): the
    same result ``process`` gives, or None (then ``process`` extracts it). Each sample
    document as it is, dated and undated (``unread`` then always says extract it)."""
    from dataclasses import replace

    from db.extraction import process, settled
    from positions.readers import read_documents
    from positions.records import Document
    from tests.conftest import SAMPLE

    other = "أعلنت وزارة الصحة في الرياض اليوم افتتاح مستشفى جديد في جدة، وقال الوزير إنه يخدم المنطقة."
    documents = [doc for doc in read_documents([SAMPLE]) if isinstance(doc, Document)]
    documents += [Document(name="other", text=other, date="2015-07-21", date_basis="metadata"),
                  Document(name="other-ligature", text=other + " ﻷسد", date="2015-07-21", date_basis="metadata")]
    answered = 0
    for doc in documents:
        for variant in (doc, replace(doc, date="2015-10-30", date_basis="metadata"),
                        replace(doc, date=None, date_basis=None)):
            expected = process(variant)
            found = settled(variant)
            assert found is None or found == expected
            answered += found is not None
    assert answered > 0
