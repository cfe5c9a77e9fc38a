"""The cue prefilter never changes what ``find_cues`` finds.

``find_cues`` skips a cue when the sentence lacks its literal words and answers each
required phrase set once per sentence (``Lexicon.mentions``); these tests hold it to the
plain loop it replaced — every cue's regex searched, every required macro searched in the
sentence and its context — on every sentence of the sample corpus and on sentences made of
the lexicon's own words, where cues match densely.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from positions.lexicon import GAPS, Cue, CueIndex, load_lexicon, present, read_tsv
from positions.normalise import normalise_plain
from positions.readers import read_documents
from positions.records import Document
from positions.sentences import split_sentences
from positions.stance import CueHit, _drop_swallowed, cue_hit, find_cues, of_syria
from tests.conftest import SAMPLE

LEX = load_lexicon()


def reference_find_cues(sentence: str, negative_regions: list[tuple[int, int]] = (), context: str = "") -> list[CueHit]:
    """``find_cues`` without the prefilter: every cue's regex searched, every required macro
    searched in the sentence and its context, nothing remembered; each match read by the
    same ``cue_hit`` (negation, obstruction, denial), which is not what is under test."""
    hits: list[CueHit] = []
    vetoes: list[CueHit] = []
    if LEX.requires["OTHER_FILES"].search(sentence) is not None and LEX.requires["SYRIA"].search(sentence) is None:
        return hits
    for cue in LEX.cues:
        if cue.requires:
            required = LEX.requires[cue.requires]
            if not required.search(sentence) and not required.search(context):
                continue
        for match in cue.regex.finditer(sentence):
            hit = cue_hit(sentence, cue, match, LEX, negative_regions)
            if hit is not None:
                (vetoes if hit.vetoed else hits).append(hit)
    files = LEX.file_terms(sentence)
    return _drop_swallowed(of_syria(hits, sentence, files)) + of_syria(vetoes, sentence, files)


def corpus_sentences() -> list[str]:
    sentences = []
    for doc in read_documents([SAMPLE]):
        if isinstance(doc, Document):
            sentences += [normalise_plain(doc.text[s.start:s.end]) for s in split_sentences(doc.text)]
    return sentences


SENTENCES = corpus_sentences()


def literals_hold(sentence: str) -> None:
    """Wherever a cue or a macro matches, its literals are there (else the prefilter would drop it)."""
    for cue in LEX.cues:
        if cue.regex.search(sentence):
            assert present(cue.literals, sentence), (cue.pattern, sentence)
    for name, literals in LEX.macro_literals.items():
        if LEX.requires[name].search(sentence):
            assert present((literals,), sentence), (name, sentence)


@pytest.mark.slow
def test_stance_prefilter_literals_hold_on_the_sample_corpus() -> None:
    assert len(SENTENCES) > 1000
    for sentence in SENTENCES:
        literals_hold(sentence)


def test_stance_prefilter_equals_the_plain_loop_on_the_sample_corpus() -> None:
    """Every fourth sentence (with the one before as context): the plain loop takes ~10 ms a
    sentence, which is what the prefilter is for."""
    found = 0
    for index in range(1, len(SENTENCES), 4):
        sentence, context = SENTENCES[index], SENTENCES[index - 1]
        expected = reference_find_cues(sentence, [(0, len(sentence) // 3)], context)
        assert find_cues(sentence, LEX, [(0, len(sentence) // 3)], context) == expected, sentence
        found += len(expected)
    assert found > 50  # the corpus really exercises the cues


def _vocabulary() -> list[str]:
    """Every word of every cue and macro pattern, as written in the data files."""
    words = set()
    patterns = [cue.pattern for cue in LEX.cues] + [row["pattern"] for row in read_tsv("macros.tsv")]
    for pattern in patterns:
        for token in pattern.split():
            if token in GAPS:
                continue
            for alternative in token.rstrip("?").split("|"):
                if not alternative.startswith("{"):
                    words.update(w.rstrip("=") for w in alternative.split("_") if w)
    return sorted(words)


VOCABULARY = _vocabulary()
word = st.builds(lambda prefix, w, suffix: prefix + w + suffix, st.sampled_from(["", "و", "ف", "ب", "ل", "لل", "وال"]),
                 st.sampled_from(VOCABULARY), st.sampled_from(["", "", "ه", "ها", "هم", "ات"]))
sentence = st.lists(st.one_of(word, st.sampled_from(["سوريا", "الأسد", "بشار", "لا", "لن", "إلى", "أن", "على"])),
                    min_size=2, max_size=14).map(lambda ws: normalise_plain(" ".join(ws)))


@settings(max_examples=300, deadline=None)
@given(sentence, sentence)
def test_stance_prefilter_equals_the_plain_loop_on_lexicon_words(text: str, context: str) -> None:
    literals_hold(text)
    assert find_cues(text, LEX, (), context) == reference_find_cues(text, (), context)


def test_stance_prefilter_cue_regexes_all_compile() -> None:
    """Cue regexes compile on first use; a malformed one must still fail here, not in a batch."""
    for cue in LEX.cues:
        assert isinstance(cue.regex, re.Pattern)
        assert cue.literals, cue.pattern  # every cue has at least one literal word to look for


def _plain_cues(text: str, cues: list) -> list:
    """The cues the plain loop keeps: every literal set tested with ``present``."""
    return [cue for cue in cues if present(cue.literals, text)]


def test_stance_prefilter_cue_index_equals_the_plain_test_on_the_sample_corpus() -> None:
    """``CueIndex`` (one scan per sentence) keeps exactly the cues ``present`` keeps."""
    kept = 0
    for sentence in SENTENCES:
        expected = _plain_cues(sentence, LEX.cues)
        assert LEX.cue_index.cues_in(sentence) == expected, sentence
        kept += len(expected)
    assert kept > 1000


@settings(max_examples=500, deadline=None)
@given(sentence)
def test_stance_prefilter_cue_index_equals_the_plain_test_on_lexicon_words(text: str) -> None:
    assert LEX.cue_index.cues_in(text) == _plain_cues(text, LEX.cues)


def _cue(literals: tuple) -> Cue:
    return Cue("t", "c", "p", 1, "-", "", "", "x", literals)


SYNTHETIC_CUES = [_cue((frozenset({"اب"}),)), _cue((frozenset({"ابت", "ث"}), frozenset({"ب"}))), _cue(()),
                  _cue((frozenset({"ا"}),)), _cue((frozenset({"تث", "ابتث"}), frozenset({"ث", "ا"}))),
                  _cue((frozenset({"ثث"}),))]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتث ")), max_size=12))
def test_stance_prefilter_cue_index_with_literals_inside_literals(text: str) -> None:
    """Literals that are prefixes of others ("ا"، "اب"، "ابت"، "ابتث"), overlapping ones, and a
    cue with no literal to test (always tried)."""
    assert CueIndex(SYNTHETIC_CUES).cues_in(text) == _plain_cues(text, SYNTHETIC_CUES)
