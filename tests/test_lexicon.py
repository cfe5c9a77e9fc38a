import re

import pytest

from positions.lexicon import (
    LexiconError,
    compile_macros,
    load_lexicon,
    pattern_regex,
    verb_forms,
    word_literal,
    word_regex,
)
from positions.normalise import normalise_plain


def matches(pattern: str, text: str, macros: dict | None = None) -> bool:
    return re.search(pattern_regex(pattern, macros or {}), normalise_plain(text)) is not None


def test_lexicon_pattern_clitics_and_suffixes() -> None:
    assert matches("رحيل الأسد", "وطالب برحيل الأسد")
    assert matches("رحيل الأسد", "رحيله الأسد") is True  # suffix on a non-exact word
    assert matches("الأسد=", "للأسد")
    assert not matches("الأسد=", "الأسدي")


TIED_FEMININE = [
    # (cue word, text, matches): a final ة is written ت before a suffix, also after ال / لل
    ("مشاركة", "مشاركتها", True),
    ("مشاركة", "ومشاركته", True),
    ("المشاركة", "للمشاركة", True),
    ("الحكومة", "بالحكومتين", True),
    ("مشاركة", "مشاركت", False),  # ت only before a suffix
    ("مشاركة=", "مشاركتها", False),  # an exact word takes no suffix
    ("عليه", "عليتها", False),  # a pronoun ه is not a tied feminine
]


@pytest.mark.parametrize("word, text, expected", TIED_FEMININE)
def test_lexicon_tied_feminine_before_a_suffix(word: str, text: str, expected: bool) -> None:
    exact = word.endswith("=")
    found = re.fullmatch(word_regex(word.rstrip("="), exact=exact), normalise_plain(text))
    assert (found is not None) is expected
    if found:  # the prefilter's literal is in every match
        assert word_literal(word.rstrip("="), exact=exact) in normalise_plain(text)


def test_lexicon_pattern_gaps() -> None:
    assert matches("دعم ~ الأسد", "دعم الرئيس بشار الأسد")
    assert not matches("دعم ~ الأسد", "دعم كل من في الحكومة في سوريا الأسد")
    assert matches("دعم … الأسد", "دعم كل من في الحكومة في سوريا الأسد")


def test_lexicon_pattern_optional_word_and_macro() -> None:
    macros = compile_macros([{"name": "X", "pattern": "الرئيس? الأسد="}])
    assert matches("رحيل {X}", "رحيل الرئيس الأسد", macros)
    assert matches("رحيل {X}", "رحيل الأسد", macros)
    with pytest.raises(LexiconError):
        pattern_regex("رحيل {NOPE}", macros)


def test_lexicon_verb_forms_cover_persons_and_tenses() -> None:
    forms = verb_forms({"past": "أكد", "imperfect": "يؤكد", "participle": "مؤكد", "masdar": "تأكيد", "extra": ""})
    for form in ("اكد", "اكدت", "اكدوا", "يوكد", "توكد", "نوكد", "يوكدون", "سيوكد", "موكدا", "موكده", "تاكيده"):
        assert form in forms


def test_lexicon_data_files_are_consistent() -> None:
    lexicon = load_lexicon()
    codes = set(lexicon.codebook["stances"])
    assert {cue.code for cue in lexicon.cues} <= codes
    for cue in lexicon.cues:
        assert cue.topic == lexicon.codebook["stances"][cue.code]["topic"], cue.pattern
        assert cue.if_negated in codes | {"-", "="}
    countries = set(lexicon.codebook["countries"])
    assert {entry.country for entry in lexicon.speakers.values()} <= countries
    assert set(lexicon.nationality.values()) <= countries


def test_lexicon_scores_are_the_codebook_scores() -> None:
    lexicon = load_lexicon()
    expected = {"assad_must_go": -2, "assad_no_role_after_transition": -1, "assad_fate_open": 0,
                "assad_syrians_decide": 1, "assad_support": 2, "transition_rejected": -2,
                "transition_under_assad": -1, "transition_process": 0, "transition_support": 1,
                "transition_without_assad": 2, "talks_reject": -2, "talks_conditional": -1,
                "talks_procedural": 0, "talks_support": 1}
    assert {code: lexicon.score(code) for code in expected} == expected
