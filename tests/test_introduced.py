"""The document's own gazetteer (positions/introduced.py), on sentences written for this suite:
an official introduced by title and name speaks for his state when later named by surname
alone; words after a title that are no name register nothing."""

from __future__ import annotations

import pytest

from positions import Document
from positions.extract import analyse
from positions.introduced import Registry, introduce, introduce_before
from positions.lexicon import load_lexicon
from positions.normalise import normalise, normalise_plain
from positions.speakers import find_mentions

LEX = load_lexicon()


def speakers_per_sentence(text: str) -> list[list[str]]:
    doc = Document(name="t.txt", text=text, date="2015-11-01")
    return [[m.country for a in s.attributions for m in a.speakers]
            for s in analyse(doc, normalise(text), LEX, every_sentence=True)]


def test_an_official_introduced_by_title_speaks_for_his_state_by_surname() -> None:
    text = ("وقال وزير الدفاع التركي فكري إيشيق إن بلاده تدعم الحل السياسي في سوريا. "
            "وأضاف إيشيق أن رحيل الأسد ضروري.")
    assert speakers_per_sentence(text) == [["TUR"], ["TUR"]]


def test_a_name_set_off_before_its_title_speaks_for_the_titles_state() -> None:
    text = ("وقال جوناثان ويلكس، المبعوث البريطاني إلى المعارضة السورية، إن الحل سياسي. "
            "وأضاف ويلكس أن رحيل الأسد ضروري.")
    assert speakers_per_sentence(text) == [["GBR"], ["GBR"]]


@pytest.mark.parametrize("text", [
    # the title as the bare apposition of the name, no comma: the verb before the name is required
    "وأكد كريستوف دولان وزير الخارجية الإيطالي أن بلاده تدعم الحل السياسي في سوريا. وأضاف دولان أن رحيل الأسد ضروري.",
    # a surname too common in news to be looked for alone: the whole name is still his
    "وقال جانلوكا جونسون وزير الخارجية الإيطالي إن الحل في سوريا سياسي. وأضاف جانلوكا جونسون أن رحيل الأسد ضروري.",
])
def test_a_name_with_its_title_as_bare_apposition_speaks_for_the_titles_state(text: str) -> None:
    assert speakers_per_sentence(text) == [["ITA"], ["ITA"]]


@pytest.mark.parametrize("sentence", [
    # no verb before the words: they may be anything
    "في هذه الأثناء جانلوكا فيرمو وزير الخارجية الإيطالي يصل إلى دمشق.",
    # a title with the article after words opens a new subject, it is no apposition
    "وقال جانلوكا فيرمو الوزير الإيطالي إن الحل سياسي.",
    # words every one of which is common in news are no name
    "وقال كريم سعيد وزير الخارجية الإيطالي إن الحل سياسي.",
    # an act's object stands there, not its subject
    "واستقبل جانلوكا فيرمو وزير الخارجية الإيطالي في مكتبه.",
])
def test_words_before_a_bare_title_that_are_no_name_register_nothing(sentence: str) -> None:
    norm = normalise_plain(sentence)
    assert introduce_before(norm, find_mentions(norm, LEX), LEX) == []


def test_a_name_of_common_words_after_a_title_is_not_looked_for_again() -> None:
    """"كافة أطراف" after a title is no name: not registered, whole or by its last word."""
    text = ("ودعا وزير الخارجية الإيطالي كافة أطراف النزاع إلى وقف القتال في سوريا. "
            "وأكدت كافة أطراف مجموعة الدعم التزامها بالحل السياسي للأزمة السورية.")
    assert speakers_per_sentence(text)[1] == []


@pytest.mark.parametrize("sentence", [
    # the words before the comma follow a preposition, not the verb whose subject they would be
    "والتقى الوزير في مكتبه كريم سعيد، السفير الفرنسي، لبحث الحل السياسي.",
    # one word is too little to be a name
    "وقال ويلكس، المبعوث البريطاني، إن الحل سياسي.",
    # words with the article are no name
    "وقال المحلل السياسي، المبعوث البريطاني السابق، إن الحل سياسي.",
])
def test_words_before_a_title_that_are_no_name_register_nothing(sentence: str) -> None:
    norm = normalise_plain(sentence)
    assert introduce_before(norm, find_mentions(norm, LEX), LEX) == []


def test_the_surname_is_found_after_a_clitic_and_as_the_subject_before_its_verb() -> None:
    text = ("وأعلن نائب وزير الخارجية الإيراني عباس عراقجي أن طهران تدعم الحوار في سوريا. "
            "وعراقجي قال إن المفاوضات ضرورية.")
    assert speakers_per_sentence(text)[1] == ["IRN"]


@pytest.mark.parametrize("sentence", [
    # a time word, a preposition or punctuation right after the title
    "وقال وزير الخارجية الروسي خلال مؤتمر صحفي إن الحل سياسي.",
    "وقال الرئيس الفرنسي يوم الجمعة إن الحل سياسي.",
    "وقال وزير الخارجية الروسي، في مؤتمر صحفي، إن الحل سياسي.",
    # common words of Arabic news, a common word behind a clitic or before a pronoun
    "وقال مسؤول أمريكي كبير طلب عدم نشر اسمه إن الحل سياسي.",
    "وأكد وزير الخارجية المصري بمقر الوزارة أن الحل سياسي.",
    # a single word is too little to be a name
    "وقال المتحدث باسم الخارجية الأمريكية كيربي إن الحل سياسي.",
])
def test_words_after_a_title_that_are_no_name_register_nothing(sentence: str) -> None:
    norm = normalise_plain(sentence)
    assert introduce(norm, find_mentions(norm, LEX), LEX) == []


@pytest.mark.parametrize("text", [
    # a first name spelled like the preposition على, after the title and before it
    "وقال وزير الثقافة الإيراني علي جنتي إن بلاده تدعم الحل السياسي في سوريا.",
    "وقال علي جنتي، وزير الثقافة الإيراني، إن بلاده تدعم الحل السياسي في سوريا.",
])
def test_a_first_name_spelled_like_a_preposition_opens_a_name(text: str) -> None:
    later = " وقال لافروف إن الحل سياسي. وأضاف جنتي أن رحيل الأسد ليس مطروحا."
    assert speakers_per_sentence(text + later) == [["IRN"], ["RUS"], ["IRN"]]


@pytest.mark.parametrize("sentence", [
    # على and a common word after a title is where he spoke, not who he is
    "وقال وزير الخارجية الروسي على هامش المؤتمر إن الحل سياسي.",
    "وأكد وزير الخارجية الإيراني على ضرورة الحل السياسي.",
])
def test_ala_before_a_common_word_after_a_title_registers_nothing(sentence: str) -> None:
    norm = normalise_plain(sentence)
    assert introduce(norm, find_mentions(norm, LEX), LEX) == []


def test_a_registered_surname_is_found_only_as_a_whole_word() -> None:
    norm = normalise_plain("وقال وزير الدفاع التركي فكري إيشيق إن الحل سياسي.")
    registry = Registry()
    registry.add(introduce(norm, find_mentions(norm, LEX), LEX))
    assert [m.country for m in registry.mentions(normalise_plain("وأكد إيشيق أن الحوار ضروري."), [])] == ["TUR"]
    assert registry.mentions(normalise_plain("وأكد إيشيقي أن الحوار ضروري."), []) == []


def test_a_known_speaker_is_not_registered_again() -> None:
    norm = normalise_plain("وقال وزير الخارجية الروسي سيرغي لافروف إن الحل سياسي.")
    assert introduce(norm, find_mentions(norm, LEX), LEX) == []
