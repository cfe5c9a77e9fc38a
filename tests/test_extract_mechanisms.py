"""Table-driven tests of the mechanisms behind detection (issue 9), on sentences written for
this suite: attribution constructions, topic detection by stem, negation and composition of
cues, sentence splitting, speech-act dates, and the model's blindness to who speaks.

Each table exercises one module directly, so the cases do not depend on the trained
model's weights; the last tests run the whole pipeline.
"""

from __future__ import annotations

from datetime import date

import pytest

from positions import Document, extract
from positions.candidates import candidates
from positions.dates import sentence_date
from positions.extract import analyse, speech_end
from positions.features import features
from positions.lexicon import load_lexicon
from positions.normalise import normalise, normalise_plain, spelled
from positions.sentences import split_sentences
from positions.speakers import attribute, find_mentions
from positions.stance import choose, condition_marks, find_cues
from positions.stems import stem, tokens, word_stems
from positions.topics import find_topics

LEX = load_lexicon()


def speakers_of(text: str, previous: str = "") -> list[tuple[str, bool]]:
    """(country, nested) of each attribution of the last sentence, after ``previous``."""
    last = None
    quoted = False
    for sentence in [previous, text] if previous else [text]:
        norm = normalise_plain(sentence)
        attributions, last = attribute(norm, find_mentions(norm, LEX), LEX, last, inside_quote=quoted)
        quoted = '"' in sentence and sentence.count('"') % 2 == 1
    return [(m.country, a.nested_in is not None) for a in attributions for m in a.speakers]


ATTRIBUTION = [
    # a title and a name set off by commas between the verb and its words
    ("وقال أمين مجلس الأمن القومي الإيراني، علي شمخاني، إن بلاده تدعم الحوار.", "", [("IRN", False)]),
    ("اعتبر رئيس معهد الدراسات في وزارة الخارجية الروسية، سيرغي لافروف، أن الحل سياسي.", "", [("RUS", False)]),
    # a feminine title before a state name
    ("وشددت مندوبة فرنسا على ضرورة الحل السياسي.", "", [("FRA", False)]),
    # a newspaper or agency relays the named source: the source speaks
    ("ونقلت وكالة الأنباء عن وزير الخارجية الإيراني قوله إن طهران تؤيد الحوار.", "", [("IRN", False)]),
    ("وجاء في بيان لوزارة الخارجية الروسية أن موسكو ترحب بالمحادثات.", "", [("RUS", False)]),
    ("وأضاف على لسان المتحدثة الأميركية أن واشنطن تدعم العملية السياسية.", "", [("USA", False)]),
    # a position named after its holder, with no verb
    ("ويقوم المنطق الفرنسي على رفض أي دور للأسد.", "", [("FRA", False)]),
    ("وبقي موقف روسيا من الأزمة ثابتا.", "", [("RUS", False)]),
    # the verbal noun of a speech verb with its speaker, and no verb
    ("وسط تشديد وزير الخارجية الإيراني على أن الحل سياسي.", "", [("IRN", False)]),
    ("وجاء ذلك بعد تأكيد الكرملين أن موسكو ستشارك في المحادثات.", "", [("RUS", False)]),
    ("ولقي تعهد المملكة بدعم الحل السياسي صدى واسعا.", "", [("SAU", False)]),
    # the noun a relative clause hangs on is its verb's subject, even after a preposition
    ("ووصل الوزير قادما من طهران التي تحدثت عن مبادرة جديدة للحل.", "", [("IRN", False)]),
    # the speaker's own state joins the position it reports: both speak
    ("وأكد الجبير أن السعودية وروسيا تتفقان على أهمية الحل السياسي.", "", [("SAU", False), ("SAU", False), ("RUS", False)]),
    # an honorific, a collective subject, an object before بأن, an adverb: the last speaker continues
    ("وأشار معاليه إلى أهمية الحوار.", "وقال كيري إن الحل سياسي.", [("USA", False)]),
    ("وأكد الجانبان أهمية الحوار.", "وقال لافروف ونظيره الأمريكي جون كيري إن الحل سياسي.", [("RUS", False), ("USA", False)]),
    ("ووصف المبادرة بأنها خطوة مهمة.", "وقال ظريف إن إيران تدعم الحوار.", [("IRN", False)]),
    ("وقال عقب لقائه نظيره إن الحوار ضروري.", "وأكد الجبير أن الحل سياسي.", [("SAU", False)]),
    # a quotation left open by the sentence before still holds the speaker's words
    ("ولا بد من حل سياسي.", 'وقال هولاند: "الأسد لا مكان له.', [("FRA", False)]),
    # the communiqué named in the headline speaks on
    ("وجاء في البيان أن موسكو تدعم المفاوضات.", "الخارجية الروسية في بيان: الحل في سوريا سياسي", [("RUS", False)]),
    # a name set off by commas before its verb
    ("وزير الخارجية الروسي، سيرغي لافروف، أكد أن الحل في سوريا سياسي.", "", [("RUS", False)]),
    # a state name glued to the word before it in scraped copy
    ("وأكدت المملكةالعربية السعودية دعمها للحل السياسي.", "", [("SAU", False)]),
    # a source named later in a long sentence ("على لسان …") does not take the words of a
    # speaker who spoke before it with a verb of his own
    ("وأكد وزير الخارجية السعودي عادل الجبير أن رحيل الأسد ضروري وقد اتهم الحلف على لسان أمينه العام "
     "روسيا بقصف المعارضة.", "", [("SAU", False)]),
    # a title in construct with a state's name, with or without the person's name after it
    ("وأكد وزير خارجية إيران محمد جواد ظريف أن الحل سياسي.", "", [("IRN", False)]),
    ("وقال رئيس وزراء بريطانيا إن الحوار ضروري.", "", [("GBR", False)]),
    ("وطالب مندوب المملكة لدى الأمم المتحدة بحل سياسي.", "", [("SAU", False)]),
    # a sentence opening with «وأن» goes on with the clause the last speaker opened
    ("وأن الحل العسكري لن ينجح.", "وأشار ظريف إلى أن الحوار ضروري.", [("IRN", False)]),
    ("وأنها لن تقبل بشروط مسبقة.", "وأكدت الخارجية الروسية أن موسكو تدعم المحادثات.", [("RUS", False)]),
    # a source relays a named official's saying: the official speaks
    ("وذكرت صحيفة محلية أن الجبير قال إن الحل سياسي.", "", [("SAU", False)]),
    ("ونشرت وكالة الأنباء أن وزير الخارجية الفرنسي قال: إن الحوار ضروري.", "", [("FRA", False)]),
    # "for his part" hands the word to the speaker it names
    ("ومن جانبه، أكد لافروف أن الحل سياسي.", "وقال الجبير إن الحوار ضروري.", [("RUS", False)]),
    # officials of states beyond the core five speak for their own state
    ("وقال وزير الخارجية الإيطالي إن الحل سياسي.", "", [("ITA", False)]),
    ("وأكد وزير خارجية سلطنة عمان أن الحوار ضروري.", "", [("OMN", False)]),
    # a man after a feminine verb is its object: the pronoun in the verb is the subject, and
    # the speaker's words go on over him
    ("وقال كيري إن بلاده لا ترى الأسد جزءا من مستقبل سوريا.", "", [("USA", False)]),
    ("وقالت زاخاروفا إن الحل سياسي.", "", [("RUS", False)]),
    # outside a quotation, "we" after a reported third party is the voice the text goes on in
    ("وطالب المبعوث الأممي باستئناف المفاوضات في جنيف، ونحن نؤيد هذا الطلب.",
     "قال وزير الخارجية الفرنسي إن بلاده تدعم الحل السياسي.", [("UN", False), ("FRA", False)]),
    # … inside the third party's quotation it is his own
    ('وقال المبعوث الأممي: "نحن نؤيد استئناف المفاوضات في جنيف".',
     "قال وزير الخارجية الفرنسي إن بلاده تدعم الحل السياسي.", [("UN", False)]),
    # "ذلك أن …" argues on in the last speaker's words; a past form after هو / هي is the
    # pronoun's predicate ("هي أمر"), not a verb with a subject of its own
    ("ذلك أن مشاركة المعارضة في المفاوضات هي أمر ضروري.", "قال لافروف إن الحل سياسي.", [("RUS", False)]),
    ("ذلك أن الحوار بين الحكومة والمعارضة هو أمر ضروري.", "قال لافروف إن الحل سياسي.", [("RUS", False)]),
    # a demonstrative points back to the source just named
    ("وأكدت هذه المصادر أن الحوار ضروري.", "وقالت مصادر دبلوماسية روسية إن الحل سياسي.", [("RUS", False)]),
    # a name in quotation marks of its own, before or after its verb
    ('فالرئيس الروسي "فلاديمير بوتين" يطلق مبادرة للحل في سوريا.', "", [("RUS", False)]),
    ("وقال «لافروف» إن الحل سياسي.", "", [("RUS", False)]),
    # auxiliaries (كان، قد) between a subject and its verb
    ("وكان لافروف قد أكد أن الحل سياسي.", "", [("RUS", False)]),
    ("وأشار إلى أن الرئيس الأمريكي كان قد أبلغ دول مجلس التعاون بأنه لا مكان للأسد.", "", [("USA", False)]),
    # a named person's act that an unknown speaker relays
    ("وأوضح المعارض أن «راتني شجع على استمرار الحوار».", "", [("USA", False)]),
    # a past form after the preposition ل is a verbal noun with no subject of its own
    ("وقال كيري إن الولايات المتحدة مستعدة لبحث أي خيار دبلوماسي.", "", [("USA", False)]),
    # a state the speaker's words have already described stays inside them when they go on
    # to what he hopes it does, and the next sentence is still the speaker's
    ("وأضاف الجبير بأن الموقف الروسي داعم للنظام، معربا عن أمله بأن تؤيد روسيا الحل السياسي.", "",
     [("SAU", False), ("RUS", True), ("RUS", True)]),
    ("وأوضح أن الحوار ضروري.", "وأضاف الجبير بأن الموقف الروسي داعم للنظام، معربا عن أمله بأن تؤيد روسيا الحل.",
     [("SAU", False)]),
    # an honorific before the title or between the title and the name (the press of the Gulf)
    ("وأكد معالي وزير الخارجية عادل الجبير أن الحل في سوريا سياسي.", "", [("SAU", False)]),
    ("وأوضح وزير الخارجية الأستاذ عادل الجبير أن الحل في سوريا سياسي.", "", [("SAU", False)]),
    ("وصرح فخامة الرئيس حسن روحاني بأن الحوار هو الطريق الوحيد.", "", [("IRN", False)]),
    # a nasab (بن + the father's name) inside a name the gazetteer gives without it
    ("وقال المندوب عبدالله بن يحيى المعلمي إن المملكة تدعم الحل السياسي.", "", [("SAU", False)]),
    ("وأكد وزير الخارجية عادل بن أحمد الجبير أن الحل في سوريا سياسي.", "", [("SAU", False)]),
    # a nationality in its broken plural after a plural title, alone or joined to another
    ("وقال دبلوماسيون روس إن الحل في سوريا سياسي.", "", [("RUS", False)]),
    ("وأكد المسؤولون الروس والإيرانيون أن الحوار ضروري.", "", [("RUS", False), ("IRN", False)]),
    ("وأكد المسؤولون الأتراك أن الحوار ضروري.", "", [("TUR", False)]),
    # a name spelled like a particle (بان = بأن) is the subject it opens, not the end of the slot
    ("وقال بان كي مون إن الحل في سوريا سياسي.", "", [("UN", False)]),
    ("وأكد بان كي مون أن الحوار ضروري.", "وقال لافروف إن الحل سياسي.", [("UN", False)]),
    ("وأكد بأن الحوار ضروري.", "وقال لافروف إن الحل سياسي.", [("RUS", False)]),
    # "according to" opening the sentence behind و (وبحسب، وحسب), the words after it are the source's
    ("وبحسب لافروف، فإن الحوار ضروري.", "", [("RUS", False)]),
    ("وحسب وزير الخارجية الفرنسي فإن الحوار ضروري.", "", [("FRA", False)]),
    ("ولا غرابة أن تحسم المفاوضات مستقبل المنطقة لدولتين فحسب: إيران وروسيا.", "", []),
    # a palace named with its institution
    ("وأكد قصر الإليزيه في بيان أن الحل في سوريا سياسي.", "", [("FRA", False)]),
    # "each of" opens a joint subject: one speaker per state
    ("وأكدت كل من روسيا وإيران في بيان مشترك أن الحل في سوريا سياسي.", "", [("RUS", False), ("IRN", False)]),
    ("وأكد كل من وزير الخارجية الأمريكي جون كيري ونظيره الفرنسي لوران فابيوس أن الحوار ضروري.", "",
     [("USA", False), ("FRA", False)]),
    ("ودعا كل من يريد السلام إلى دعم المفاوضات.", "", []),
    ("ودعت السعودية كل من روسيا وإيران إلى دعم الحل السياسي.", "", [("SAU", False)]),
    # a dual or coordinated title with each official's name after his adjective
    ("وأكد وزيرا الخارجية الإيراني محمد جواد ظريف والفرنسي لوران فابيوس أن الحوار ضروري.", "",
     [("IRN", False), ("FRA", False)]),
    ("ودعا الرئيسان الروسي فلاديمير بوتين والأمريكي باراك أوباما إلى استئناف المفاوضات.", "",
     [("RUS", False), ("USA", False)]),
    # a dual title in construct with two states joined by و names an official of each
    ("وطالب وزيرا خارجية فرنسا وبريطانيا في بيان مشترك بإطلاق المفاوضات.", "", [("FRA", False), ("GBR", False)]),
    ("وأكد رئيسا وزراء تركيا وقطر أن الحل سياسي.", "", [("TUR", False), ("QAT", False)]),
    ("وقال الوزير إن تعيينه سفيرا روسيا لم يتم.", "", []),
    # a source relayed with «نقلا عن»: the words are the source's, whoever prints them
    ("وذكرت صحيفة روسية نقلا عن مصدر في وزارة الخارجية الروسية أن موسكو تؤيد الحوار.", "", [("RUS", False)]),
    ("وأفادت وكالة الأنباء نقلاً عن وزير الخارجية الإيراني أن طهران تؤيد الحل السياسي.", "", [("IRN", False)]),
    ("وذكرت الوكالة نقلا عن شهود عيان أن القصف استمر.", "", []),
    # an official's act (met, visited, held, received) names who the next subjectless verb is
    ("وقال إن بلاده تؤيد استئناف الحوار.", "والتقى وزير الخارجية الإيراني محمد جواد ظريف نظيره العماني في مسقط.",
     [("IRN", False)]),
    ("وأضاف أن الحل سياسي.", "وعقد الرئيس الفرنسي فرانسوا هولاند مؤتمرا صحفيا في باريس مساء الأربعاء.",
     [("FRA", False)]),
    ("واستقبل الملك سلمان وزير الخارجية الروسي في جدة، وأكد أن المملكة تدعم الحل السياسي.", "", [("SAU", False)]),
    ("وزار لافروف طهران حيث التقى مع الرئيس الإيراني حسن روحاني، وقال إن موسكو تدعم الحوار.", "",
     [("RUS", False)]),
    # the act says nothing itself; inside someone's words or a relative clause its name is no actor
    ("والتقى وزير الخارجية الإيراني محمد جواد ظريف نظيره العماني في مسقط.", "", []),
    ("وأضاف أن الحل سياسي.", "وقال المتحدث إن الوفد الذي التقى لافروف عاد إلى دمشق.", []),
    ("وأضاف أن الحل سياسي.", "وقال الجبير إنه التقى كيري في الدوحة.", [("SAU", False)]),
    ("كما التقى وزير الخارجية السعودي عادل الجبير نظيره الروسي سيرغي لافروف في الدوحة.",
     "وقال كيري إن الحل سياسي.", []),
    # an office, its qualifier (the body, the posting) and the person holding it; not "في لقائه"
    ("وقال المندوب الدائم لدى الأمم المتحدة فيتالي تشوركين إن موسكو تدعم الحوار.", "", [("RUS", False)]),
    ("وأكد المبعوث الخاص إلى سوريا مايكل راتني أن واشنطن تدعم المفاوضات.", "", [("USA", False)]),
    ("وقال الأمين العام للأمم المتحدة بان كي مون إن الحل سياسي.", "", [("UN", False)]),
    ("وقال وزير الخارجية في لقائه لافروف إن الحل سياسي.", "", []),
    ("وقال وزير الخارجية لدى لقائه لافروف إن الحل سياسي.", "", []),
    ("وقال المتحدث للصحفيين عقب اجتماعه مع لافروف إن الحل سياسي.", "", []),
    # a gazetteer name in either spelling of «عبد ال…»; a relayed official's saying with a
    # circumstance before his words («أكد خلال الاتصال أن …»)
    ("وأكد الملك سلمان بن عبدالعزيز أن المملكة تدعم الحل السياسي.", "", [("SAU", False)]),
    ("وذكرت وكالة الأنباء في بيان أن الملك سلمان بن عبدالعزيز أكد خلال الاتصال أن المملكة تدعم الحل.",
     "", [("SAU", False)]),
    # a preposition governs a noun, never a verb: the state before "على رفض" does not speak;
    # with its agent after it or in its pronoun the noun still names who speaks
    ("ودعت الصحيفة في افتتاحيتها المعارضة السورية إلى رفض أي تسوية مع دمشق.", "", []),
    ("وكان التوافق واضحا في وصف وزير الخارجية القطري نظام الأسد بالفاقد للشرعية.", "", [("QAT", False)]),
    # a verb in the first person has its subject in it: the name after it is its object
    ("وقال كيري: «إننا لا نعتبر الأسد شريكا في أي حكومة مقبلة».", "", [("USA", False)]),
    ("وقال ظريف إننا ندعم الأسد في حربه على الإرهاب.", "", [("IRN", False)]),
]


@pytest.mark.parametrize("text, previous, expected", ATTRIBUTION, ids=[str(i) for i in range(len(ATTRIBUTION))])
def test_attribution_construction(text: str, previous: str, expected: list[tuple[str, bool]]) -> None:
    assert speakers_of(text, previous) == expected


NO_SPEAKER = [
    # the writer's own first person ("أرى") outside any quotation
    ("وأرى أن الحل سياسي.", "وقال لافروف إن الحوار ضروري."),
    # an unknown subject stops the carry
    ("وقال المحلل إن الحل سياسي.", "وقال لافروف إن الحوار ضروري."),
    # what a state thinks, as an unknown speaker puts it, is his reading, not its saying
    ("وقال الخبير إن موسكو تعتبر أن الحل سياسي.", ""),
    ("وقال المحلل إن الخارجية الروسية ترى أن الحوار ضروري.", ""),
    ("وقال المحلل إن لافروف يرى أن الحوار ضروري.", ""),
    # a title whose state stands after a preposition is not in construct with it
    ("وقال المبعوث إلى سوريا إن الحل سياسي.", ""),
    # "for his part" hands the word to another speaker: an unknown one, or one left unnamed,
    # is not the last one
    ("من جانبه أبان مسؤول أوروبي أن الحل سياسي، مؤكدا دعم الحوار.", "وقال الجبير إن الحل سياسي."),
    ("ومن جهته، أكد أن الحوار ضروري.", "وقال الجبير إن الحل سياسي."),
    # a verbal noun whose genitive is its object or a name says nothing of that state's
    ("ويأتي ذلك وسط دعوة روسيا إلى الانضمام للتحالف.", ""),
    ("ونص إعلان موسكو على دعم الحل السياسي.", ""),
    # a state opening a quotation is not the quoting verb's subject
    ('وقال المحلل: "روسيا تدعم الحل".', ""),
]


@pytest.mark.parametrize("text, previous", NO_SPEAKER)
def test_attribution_gives_no_state(text: str, previous: str) -> None:
    assert speakers_of(text, previous) == []


def analysed(text: str, every_sentence: bool = False) -> list:
    """A one-document text through ``analyse``."""
    return analyse(Document(name="t", text=text), normalise(text), LEX, every_sentence=every_sentence)


def attributed(text: str) -> list[tuple[str, list[str]]]:
    """(how, states) of each attribution of a document's last sentence, through ``analyse``."""
    return [(a.how, sorted({m.country for m in a.speakers})) for a in analysed(text, every_sentence=True)[-1].attributions]


@pytest.mark.parametrize("text, expected", [
    # the participants named together in the headline speak as one
    ("وزير الخارجية الروسي يلتقي وزير الخارجية الفرنسي في باريس\n"
     "وشدد الوزيران على ضرورة استئناف المفاوضات بين الحكومة السورية والمعارضة.", [("collective", ["FRA", "RUS"])]),
    # the GCC speaking collectively is coded for Saudi Arabia (CODEBOOK)
    ("اجتماع وزراء خارجية دول مجلس التعاون مع وزير الخارجية الأمريكي\n"
     "وعبر المجتمعون عن القلق.\nودعا الوزراء إلى انتقال سياسي في سوريا.", [("carried", ["SAU", "USA"])]),
    # nobody named together before: the collective names no one
    ("وشدد المجتمعون على ضرورة استئناف المفاوضات بين الحكومة السورية والمعارضة.", []),
    # one state's officials are no group; states named as places are no participants
    ("الرئيس الروسي ووزير خارجيته في طهران وسوريا\nوأكد الجانبان دعم المفاوضات.", []),
])
def test_a_collective_subject_is_the_participants_named_together(text: str, expected: list) -> None:
    assert attributed(text) == expected


def test_attribution_first_person_plural_past_is_the_speaker() -> None:
    assert speakers_of("وقال: «أكدنا أن الحوار ضروري».", "وقال لافروف إن الحل سياسي.") == [("RUS", False)]


def topics_of(text: str, previous: str = "") -> list[tuple[str, str]]:
    norm = normalise(text).text
    context = tokens(normalise(previous).text, spelled(previous)) if previous else None
    return sorted({(h.topic, h.role) for h in find_topics(norm, tokens(norm, spelled(text)), context)})


TOPICS = [
    # inflections and clitics match by stem
    ("ورحب بالمفاوضات السورية في جنيف", "", [("negotiations", "")]),
    ("ودعا إلى تشكيل هيئة الحكم الانتقالية", "", [("transition", "")]),
    # synonyms as data: talks, a process, a ceasefire tied to them
    ("وأكد أهمية المساعي الدبلوماسية لحل الأزمة السورية", "", [("negotiations", "")]),
    ("وطالب بإصلاحات سياسية في سوريا", "", [("transition", "")]),
    # order-free companions: a fate word with Assad on either side, or in the sentence before
    ("وقال إن الأسد مصيره يقرره السوريون", "", [("assad_future", "")]),
    ("وشدد على أن رحيله شرط لأي تسوية", "وتحدث عن الرئيس السوري بشار الأسد.", [("assad_future", ""), ("negotiations", "")]),
    # words that are topics only beside Syria
    ("وتحدث عن الانتخابات الرئاسية", "", []),
    # non-position roles: a time reference, a bilateral conversation, another country's elections
    ("وقال بعد انطلاق المرحلة الانتقالية إن", "", [("transition", "time")]),
    ("وبحث خلال محادثاته مع نظيره السوري", "", [("negotiations", "time")]),
    ("وتناولت المباحثات مع نظيره الروسي الوضع في سوريا", "", [("negotiations", "bilateral")]),
    ("وعلق على الانتخابات الأمريكية وعلى سوريا", "", [("transition", "other-country")]),
    # where the speaker spoke is no forum of the talks
    ("وقال في مؤتمر صحفي عقده في موسكو إن الوضع في سوريا خطير", "", [("negotiations", "setting")]),
    ("وأضاف خلال لقائه الصحافي الأسبوعي أن سوريا تحتاج إلى السلام", "", [("negotiations", "time")]),
    # … nor is the tour he makes; a round of the talks is
    ("وقال أوباما الذي يقوم بجولة قصيرة في أفريقيا إن الحرب في سوريا يجب أن تنتهي", "", [("negotiations", "setting")]),
    ("وأضاف لافروف الذي أنهى جولته الخليجية أن الأزمة في سوريا معقدة", "", [("negotiations", "setting")]),
    ("وأكد أن الجولة المقبلة من المفاوضات السورية ستعقد الشهر المقبل", "", [("negotiations", "")]),
    ("وأضاف أن جولتها المقبلة بشأن سوريا ستبدأ في التاسع من الشهر", "", [("negotiations", "")]),
    # the Geneva communiqué names the transition's blueprint, not the talks
    ("وشدد على التمسك ببيان جنيف الأول", "", [("transition", "")]),
    # "part of the solution" said of Assad is his fate; said of another state, who sits at the talks
    ("وأضاف أن الأسد جزء من المشكلة وليس جزءا من الحل في سوريا", "", [("assad_future", ""), ("negotiations", "assad")]),
    ("ورأى أن بشار الأسد، بعد كل ما جرى في سوريا، لن يكون جزءا من حل الأزمة", "",
     [("assad_future", ""), ("negotiations", "assad")]),
    ("وقال إنه لا يمكن لإيران أن تكون جزءا من الحل في سوريا", "", [("negotiations", "")]),
    ("وأكد أن روسيا جزء من الحل في سوريا وليست داعمة للأسد", "", [("assad_future", ""), ("negotiations", "")]),
]


@pytest.mark.parametrize("text, previous, expected", TOPICS, ids=[str(i) for i in range(len(TOPICS))])
def test_topic_detection(text: str, previous: str, expected: list[tuple[str, str]]) -> None:
    assert topics_of(text, previous) == expected


def test_a_companion_reaches_back_two_sentences() -> None:
    # "the diplomatic process" is about Syria when Syria was named two sentences before, not five
    syria, aside = "وتحدث الوزير عن الأزمة في سوريا.", "وأشار إلى أن الطقس كان باردا."
    words = "وقال كيري إن بلاده تدعم العملية الدبلوماسية."

    def last_topics(*sentences: str) -> set[str]:
        text = " ".join(sentences)
        last = analyse(Document(name="t", text=text), normalise(text), LEX, every_sentence=True)[-1]
        return {h.topic for h in last.topics if not h.blocked}

    assert last_topics(syria, words) == {"negotiations"}
    assert last_topics(syria, aside, words) == {"negotiations"}
    assert last_topics(syria, aside, aside, aside, aside, words) == set()
    assert last_topics(words) == set()


def test_stems_tell_short_words_apart() -> None:
    # Snowball takes the root letter of بقاء (staying) for a preposition, as in للقاء (for the
    # meeting): a common word whose remainder is no word keeps it, and the lexicon keeps them apart
    assert stem("بقاء") != stem("للقاء")
    assert "بقاء" not in word_stems("لقاء") and stem("بقاء") not in word_stems("لقاء")
    assert "للقاء" in word_stems("لقاء")
    assert stem("والمفاوضات") == stem("المفاوضات")


@pytest.mark.parametrize("bare, other", [
    ("وزير", "الوزير"), ("بلاد", "البلاد"), ("وجود", "الوجود"), ("وجود", "بوجود"), ("بقاء", "وبقاء"),
    ("قال", "وقال"), ("روسيا", "وروسيا"),
])
def test_a_root_letter_is_not_a_clitic(bare: str, other: str) -> None:
    # Snowball strips an initial و/ب from the bare word ("وزير" → "زير") but not after ال
    # ("الوزير" → "وزير"); a word and its forms with a clitic or the article share one stem
    assert stem(bare) == stem(other)


def verdict(text: str, topic: str) -> str | None:
    norm = normalise_plain(text)
    hits = find_cues(norm, LEX)
    chosen = choose(hits, norm, LEX, 0).get(topic)
    return chosen.code if chosen else None


COMPOSITION = [
    # an exceptive restricts rather than negates
    ("لا نرى حلا في سوريا إلا عبر الحوار بين السوريين", "negotiations", "talks_support"),
    # a denying predicate after a cue negates it (a negated call for his departure is vetoed,
    # not a call), also across a closing quote; an exceptive after it restricts instead
    ("وقال إن رحيل الأسد عن السلطة غير وارد في هذه المرحلة", "assad_future", None),
    ('إن ما يطرحه الغرب عن "شرط رحيل الأسد" لن يتحقق', "assad_future", None),
    ("إن رحيل الأسد غير مقبول إلا بعد الانتخابات", "assad_future", "assad_must_go"),
    # a negated objection or refusal accepts the talks
    ("إن بلاده لا تمانع المشاركة في المحادثات حول سوريا", "negotiations", "talks_support"),
    ("إن دمشق لا ترفض الحوار مع المعارضة السورية", "negotiations", "talks_support"),
    # a negated permission over his departure backs him (any person, and what it composes
    # is not negated again), over his staying wants him gone; an exceptive is no such permission
    ("إن طهران لن تسمح برحيل الرئيس السوري بشار الأسد", "assad_future", "assad_support"),
    ("إن موسكو لا توافق على إسقاط الأسد بالقوة", "assad_future", "assad_support"),
    ("إن روسيا لن تسمح بإسقاط الحكومة الشرعية في سوريا", "assad_future", "assad_support"),
    ("إن المملكة لا تقبل ببقاء الأسد في السلطة", "assad_future", "assad_must_go"),
    ("إن المملكة لن تقبل إلا برحيل الأسد عن السلطة", "assad_future", "assad_must_go"),
    ("إن واشنطن لم تطالب برحيل الأسد في هذه المرحلة", "assad_future", None),
    ("لن نقبل بأي حل سياسي لا يتضمن رحيل الأسد", "assad_future", None),
    # no longer insisting on his departure first
    ("إن واشنطن لم تعد تصر على رحيل الأسد في بداية المرحلة", "assad_future", "assad_no_role_after_transition"),
    # a transition tied to his departure excludes him
    ("ندعو إلى مرحلة انتقالية تضمن رحيل بشار الأسد", "transition", "transition_without_assad"),
    ("تمسك بهيئة حكم انتقالية لا يكون الأسد جزءا منها", "transition", "transition_without_assad"),
    # the specific cue wins over the generic one: a timetable is the process
    ("ويجب وضع جدول زمني للمرحلة الانتقالية في سوريا", "transition", "transition_process"),
    # a condition refused is not a condition set
    ("إن مشاركة إيران في مؤتمر فيينا حول سوريا غير مشروطة وتدعم الحوار", "negotiations", "talks_support"),
    ("ودعا إلى الامتناع عن إملاء الشروط في المفاوضات السورية وأمل نجاحها", "negotiations", "talks_support"),
    ("إن بلاده مستعدة للحوار بشرط وقف القصف في سوريا", "negotiations", "talks_conditional"),
    # an obligation to leave with Assad as its pronoun ("عليه الرحيل")
    ("إن موقفنا واضح من الأسد، عليه الرحيل عند بدء العملية السياسية", "assad_future", "assad_must_go"),
    # no settlement while he (or his regime) stays; no partnership with him
    ("وقال الوزير إنه لا يمكن تحقيق سلام في سوريا مع بقاء الأسد", "assad_future", "assad_must_go"),
    ("وجدد رفض بلاده أي تعاون مع نظام الأسد في سوريا", "assad_future", "assad_must_go"),
    # insisting on his staying backs him; no longer insisting leaves his fate open
    ("وقال إن طهران تصر على بقاء الرئيس السوري في منصبه", "assad_future", "assad_support"),
    ("وقال إن طهران لم تعد تصر على بقاء الأسد في منصبه", "assad_future", "assad_fate_open"),
    # taking no part in toppling him backs him
    ("إن بلاده لن تشارك في أي جهود تهدف إلى إسقاط الرئيس السوري", "assad_future", "assad_support"),
    # a diplomatic option is talks
    ("إن فرنسا مستعدة لدعم المساعي الدبلوماسية في سوريا", "negotiations", "talks_support"),
    # staying to the end of his term backs him
    ("إن الأسد سيبقى في السلطة حتى نهاية ولايته", "assad_future", "assad_support"),
    # postponing a round and announcing a meeting are procedural
    ("وأعلن تأجيل الجولة المقبلة من المفاوضات السورية", "negotiations", "talks_procedural"),
    ("إن مجموعة دعم سوريا ستجتمع في فيينا الأسبوع المقبل", "negotiations", "talks_procedural"),
    # proposing a plan, blaming a party for obstructing the talks
    ("وطرحت طهران مبادرة من أربع نقاط لحل الأزمة السورية", "negotiations", "talks_support"),
    ("وحمل النظام السوري مسؤولية عرقلة المفاوضات في جنيف", "negotiations", "talks_support"),
    # his departure no longer a precondition (denied after it, or not required before it):
    # he may stay for a while, not −2
    ("إن رحيل الأسد لم يعد شرطا مسبقا لبدء العملية السياسية", "assad_future", "assad_no_role_after_transition"),
    ("إن تنحي الرئيس السوري ليس أولوية في هذه المرحلة", "assad_future", "assad_no_role_after_transition"),
    ("إن باريس لا تشترط رحيل الأسد قبل تشكيل الحكومة الانتقالية", "assad_future", "assad_no_role_after_transition"),
    # his staying denied after it is his departure
    ("إن استمرار الأسد في الحكم أمر غير مقبول بعد كل ما جرى", "assad_future", "assad_must_go"),
    # his fate is the Syrians' affair, whatever the verb's person
    ("وأضاف أن مسألة بقاء الأسد تعود إلى الشعب السوري وحده", "assad_future", "assad_syrians_decide"),
    ("إن مستقبل الأسد شأن السوريين وحدهم", "assad_future", "assad_syrians_decide"),
    # a departure verb whose subject is Assad, however referred to; not when it is negated
    ("وأضاف أن الأسد إما أن يرحل عبر الحل السياسي أو بالقوة", "assad_future", "assad_must_go"),
    ("وقال إن الرئيس السوري سيتنحى قريبا", "assad_future", "assad_must_go"),
    # … and eventually, a departure deferred (the gold codes «سيرحل آجلا أم عاجلا» so)
    ("وقال إن الرئيس السوري سيتنحى في نهاية المطاف", "assad_future", "assad_no_role_after_transition"),
    ("وقال إننا لا نطالب بأن يرحل الأسد الآن", "assad_future", None),
    # taking part tied to a condition, a seat no one may monopolise, a political step only
    # with the government's acceptance: conditions on the talks
    ("وربطت الرياض مشاركتها في اجتماع فيينا بحضور ممثلي المعارضة", "negotiations", "talks_conditional"),
    ("إن مشاركة بلاده في المفاوضات مرهونة بوقف الغارات على المدنيين", "negotiations", "talks_conditional"),
    ("وقال إن وفد الرياض لا يمثل كل المعارضة السورية في المفاوضات", "negotiations", "talks_conditional"),
    ("وانتقد احتكار فصيل واحد تمثيل المعارضة في مفاوضات جنيف", "negotiations", "talks_conditional"),
    ("إن أي حل سياسي في سوريا يجب أن يكون بقبول الحكومة السورية", "negotiations", "talks_conditional"),
    # the Syrians' right to decide, and a deciding verb before "the Syrians alone"
    ("وأكد أن للشعب السوري وحده الحق في تقرير مصيره ومستقبل بلاده", "assad_future", "assad_syrians_decide"),
    ("وقال إن الحل يأتي عندما يقرر السوريون أنفسهم من يحكمهم", "assad_future", "assad_syrians_decide"),
    # seeing no part or future for him; a military option denied is a call for talks
    ("وقال المتحدث إننا لا نرى الأسد جزءا من مستقبل سوريا", "assad_future", "assad_must_go"),
    ("وشدد على أنه لا خيار عسكريا لإنهاء الحرب في سوريا", "negotiations", "talks_support"),
    # tying something else is no condition on the talks
    ("وقال إن بلاده تربط اقتصادها بدعم الحل السياسي في سوريا", "negotiations", "talks_support"),
    # a denied alternative affirms what follows; a plain negation still negates
    ("وأضاف أنه لا بديل عن انتقال سياسي حقيقي في سوريا", "transition", "transition_support"),
    ("وقالت إنه لا بديل لرحيل الأسد عن السلطة", "assad_future", "assad_must_go"),
    ("وقال إنه لا انتقال سياسي في سوريا", "transition", "transition_rejected"),
    ("وقال إن بلاده لا ترى بديلا عن المفاوضات بين الحكومة والمعارضة السوريتين", "negotiations", "talks_support"),
    ("وأكد أنه ليس هناك بديل عن مرحلة انتقالية في سوريا", "transition", "transition_support"),
    # will not sit, talk or go to the forum, in any person: a refusal; "not until" a condition
    ("إن الحكومة السورية لن تجلس إلى طاولة واحدة مع الجماعات المسلحة", "negotiations", "talks_reject"),
    ("وقال إن دمشق لن تحاور من حمل السلاح", "negotiations", "talks_reject"),
    ("إن وفد المعارضة السورية لن يذهب إلى جنيف في موعد الجولة المقبلة", "negotiations", "talks_reject"),
    ("إن الوفد السوري لن يدخل في أي محادثات قبل أن تتوقف الغارات", "negotiations", "talks_conditional"),
    ("وأضاف أنهم لن يشاركوا في المفاوضات حتى يرفع الحصار عن المدن السورية", "negotiations", "talks_conditional"),
    ("وقال إن طهران ترفض مؤتمر المعارضة السورية في الرياض", "negotiations", "talks_reject"),
    # a negated objection to sitting together accepts the talks; a plain one refuses them
    ("إن بلاده لا تمانع الجلوس مع المعارضة السورية على طاولة واحدة", "negotiations", "talks_support"),
    # guards: "won't go" or "won't sit" without the talks, "not until" without them
    ("وقال إن تركيا لن تجلس مكتوفة الأيدي أمام ما يجري في سوريا", "negotiations", None),
    ("وقال إن روسيا لن تشارك في أي عملية برية في سوريا حتى الآن", "negotiations", None),
    ("وقال إن تضحيات الشعب السوري لن تذهب سدى", "negotiations", None),
    # no one else decides whether he leaves or stays; the priority, said further on
    ("إنه لا يحق لأي طرف خارجي أن يقرر رحيل الأسد أو بقاءه", "assad_future", "assad_syrians_decide"),
    ("إن الأولوية في سوريا يجب أن تكون لمكافحة الإرهاب قبل أي خطوة أخرى", "negotiations", "talks_conditional"),
    ("إنه ليس لأحد خارج سوريا تحديد مستقبل الأسد", "assad_future", "assad_syrians_decide"),
    # talks or his fate said to be premature; his departure denied as a precondition
    ("وقال إن الذهاب إلى مفاوضات جنيف سابق لأوانه في ظل الوضع الحالي في سوريا", "negotiations", "talks_conditional"),
    ("وأضاف أنه من السابق لأوانه التفكير في جولة جديدة من المفاوضات السورية", "negotiations", "talks_conditional"),
    ("وقال إن الكلام عن مستقبل الأسد سابق لأوانه", "assad_future", "assad_fate_open"),
    ("وأكد أن تنحي الرئيس السوري لم يعد شرطا لبدء المرحلة الانتقالية", "assad_future", "assad_no_role_after_transition"),
    ("إننا لا نعتبر رحيل الأسد شرطا لأي اتفاق", "assad_future", "assad_no_role_after_transition"),
    # opposing his departure backs him; rejecting his staying or any role wants him gone
    ("وقال إن موسكو تعارض أي حديث عن رحيل الرئيس السوري", "assad_future", "assad_support"),
    ("وأكد أن المملكة ترفض وجود الأسد في أي صيغة للحل", "assad_future", "assad_must_go"),
    ("وقال إن الرئيس الأسد باق ولن يتنحى", "assad_future", "assad_support"),
    # what his departure or his staying would bring: chaos backs him, war wants him gone
    ("وقال إن رحيل الأسد الآن سيؤدي إلى انهيار مؤسسات الدولة", "assad_future", "assad_support"),
    ("وقال إن سقوط النظام سيحول البلاد إلى ملاذ للإرهاب", "assad_future", "assad_support"),
    ("وأضاف أن بقاء الأسد في السلطة يعني استمرار الحرب", "assad_future", "assad_must_go"),
    ("وقال إن رحيل الأسد سيؤدي إلى حل الأزمة", "assad_future", "assad_must_go"),
    # backing his staying in a verb; his staying conceded, then his end: no role at the end
    ("وقال إن موسكو تدعم بقاء الأسد في السلطة", "assad_future", "assad_support"),
    ("وقال إن بلاده تقبل ببقاء الأسد لفترة قصيرة شريطة أن يرحل بعدها", "assad_future", "assad_no_role_after_transition"),
    # guards: another party's demand after «لكن», and «على أن» that only goes on
    ("وقال إن موسكو تدعم بقاء الأسد، لكن بعض الدول الغربية تطالب برحيل الأسد", "assad_future", "assad_support"),
    ("وقال إن موسكو تدعم بقاء الأسد وتشدد على أن من يطالب برحيل الأسد واهم", "assad_future", "assad_support"),
    # harm predicates read their object: defeating terrorism is no harm
    ("وقال إن بقاء الأسد سيؤدي إلى القضاء على الإرهاب", "assad_future", None),
    ("وقال إن إيران ترفض وجود قوات أجنبية تقاتل الأسد", "assad_future", None),
    ("إن الأسد قد يبقى في منصبه لفترة، لكنه لن يكون له دور في مستقبل سوريا", "assad_future",
     "assad_no_role_after_transition"),
    ("وقال إنه لا مانع من بقاء الأسد في المرحلة الانتقالية، غير أنه لا يمكن أن يكون جزءا من مستقبل سوريا",
     "assad_future", "assad_no_role_after_transition"),
    ("وقال إن موسكو ترفض رحيل الأسد، لكن على المعارضة أن ترحل عن حلب", "assad_future", "assad_support"),
    # a negator followed by a word that makes it an affirming idiom negates nothing: still,
    # as long as, must, no doubt
    ("وقال إن موسكو لا تزال تدعم بقاء الرئيس السوري في منصبه", "assad_future", "assad_support"),
    ("وقال إن باريس ما زالت تطالب برحيل الأسد", "assad_future", "assad_must_go"),
    ("وقال إن بلاده لا تزال تدعم المفاوضات بين الحكومة السورية والمعارضة", "negotiations", "talks_support"),
    ("وقال إنه لا بد من دعم المفاوضات بين الحكومة السورية والمعارضة", "negotiations", "talks_support"),
    ("وقال إن بلاده تدعم كل الجهود الدولية، لا سيما دعم المفاوضات بين الحكومة السورية والمعارضة",
     "negotiations", "talks_support"),
    ("وقال إن لندن لا تدعم المفاوضات بين الحكومة السورية والمعارضة في هذه الظروف", "negotiations", "talks_reject"),
    # a negator in a cue's gap denies the cue: "{ASSAD} ~ يبقى … في_السلطة" across «لا يمكن أن»
    ("وقال إن الرئيس السوري لا يمكن أن يبقى في السلطة بعد كل هذه الدماء", "assad_future", "assad_must_go"),
    ("وقال إن بشار الأسد لن يبقى رئيسا لسوريا", "assad_future", "assad_must_go"),
    ("وقال إن بشار الأسد سيبقى رئيسا لسوريا", "assad_future", "assad_support"),
    # … nor where an exceptive follows it: «لا … إلا» restricts
    ("وقال إن رحيل الأسد أمر لا يقرره إلا السوريون أنفسهم", "assad_future", "assad_syrians_decide"),
    # … nor one in a relative clause there, nor one a contrast restricts («ليس … بل»)
    ("وقال إن الأسد الذي لم يهزم سيبقى في السلطة", "assad_future", "assad_support"),
    ("وقال إن مصير الأسد ليس من شأن واشنطن بل يقرره السوريون", "assad_future", "assad_syrians_decide"),
    # … nor «ما» there, which is "what" or "as soon as"
    ("وقال إن دمشق جاهزة للحوار ما أن تتلقى قائمة وفد المعارضة السورية", "negotiations", "talks_support"),
    # … but not from another clause
    ("وقال إن الأسد، لا غيره، سيبقى رئيسا لسوريا", "assad_future", "assad_support"),
    # «يجب ألا» (أن + لا) denies him a place: no place for him, and a transition without him
    ("وقال إن أي حكومة انتقالية في سوريا يجب ألا يكون لبشار الأسد مكان فيها", "assad_future", "assad_must_go"),
    ("وقال إن أي حكومة انتقالية في سوريا يجب ألا يكون لبشار الأسد مكان فيها", "transition", "transition_without_assad"),
    # not attached to his person is his fate left open
    ("وقال إن طهران لا تتمسك بشخص بشار الأسد", "assad_future", "assad_fate_open"),
    # no place for him in the future; troops that are not there say nothing of him
    ("وقال إنه لا وجود لبشار الأسد في مستقبل سوريا", "assad_future", "assad_must_go"),
    ("وقال إنه لا وجود لقوات إيرانية تدعم الأسد في سوريا", "assad_future", None),
    # a refusal of any role of his, in a negated acceptance too
    ("وقال إن الرياض لن تقبل بأي دور لبشار الأسد في المستقبل", "assad_future", "assad_must_go"),
    # «غير» negates the one word it governs: an indirect round still starts; not ready is a refusal
    ("وقال إن الجولة المقبلة من المحادثات غير المباشرة بين الحكومة السورية والمعارضة ستبدأ الاثنين",
     "negotiations", "talks_procedural"),
    ("وقال إن موسكو غير مستعدة للمشاركة في مفاوضات جنيف بشأن سوريا", "negotiations", "talks_reject"),
    ("وقال إن الرياض غير راغبة في استئناف المفاوضات السورية في جنيف", "negotiations", "talks_reject"),
    ("وقال إن باريس غير مستعدة للقبول ببقاء الأسد في السلطة", "assad_future", "assad_must_go"),
    # still at odds over his fate, in the adjective as in the noun
    ("وقال إن البلدين ما زالا مختلفين حول مستقبل الأسد", "assad_future", "assad_fate_open"),
    # no agreement reached on his fate, whatever the verb's person
    ("وقال إن الوزراء لم يتفقوا بعد على مصير الأسد", "assad_future", "assad_fate_open"),
    ("وقال إن المجتمعين لم يتوصلوا إلى اتفاق بشأن مستقبل الأسد", "assad_future", "assad_fate_open"),
    # a particle takes no suffix: «الإسلام» is no «إلا», «سويسرا» no «سوى»
    ("وقال إن موسكو لن تقبل بجلوس ممثلي جيش الإسلام إلى طاولة المفاوضات السورية", "negotiations", None),
    ("وقال إن بلاده لن ترسل أحدا إلى سويسرا لحضور المفاوضات السورية", "negotiations", None),
    # «ك» before alef needs the article: «كاملة» is no «ك» + «أمل»
    ("وقال إن الوفد سلم الوثائق كاملة إلى رئيس المفاوضات السورية", "negotiations", None),
    # a denying predicate agrees with what it denies (ليست مطروحة)
    ("وقال إن مسألة رحيل الأسد ليست مطروحة الآن", "assad_future", None),
    # «أي» under a negation carries it over its phrase
    ("وقال إن البيان الختامي لا يتضمن أي إشارة إلى رحيل الأسد", "assad_future", None),
    ("وقال إن البيان الختامي يتضمن إشارة واضحة إلى رحيل الأسد", "assad_future", "assad_must_go"),
    # … not when «أن» opens a clause of its own before «أي» («غير أن» is "however")
    ("وقال الوزير غير أن أي تسوية تتطلب رحيل الأسد", "assad_future", "assad_must_go"),
    ("وقال إنه ليس سرا أن أي اتفاق يعني رحيل الأسد", "assad_future", "assad_must_go"),
    # a departure deferred by its time (data/delays.tsv) is no role after the transition;
    # one said to come early, or not late, stays a departure
    ("وقال إن رحيل الأسد لا يتعين أن يكون في اليوم الأول من المرحلة الانتقالية", "assad_future",
     "assad_no_role_after_transition"),
    ("وقال إن الأسد سيرحل آجلا أم عاجلا", "assad_future", "assad_no_role_after_transition"),
    ("وقال إن الأسد لا يمكن أن يكون جزءا من الحل على المدى البعيد", "assad_future", "assad_no_role_after_transition"),
    ("وقال إن رحيل الأسد يجب أن يكون فورا", "assad_future", "assad_must_go"),
    ("وقال إنه لا حل إلا برحيل الأسد فورا", "assad_future", "assad_must_go"),
    ("وقال إنه لا دور للأسد على المدى الطويل", "assad_future", "assad_no_role_after_transition"),
    # a qualifier in another clause defers nothing
    ("وقال إن على الأسد أن يرحل، مضيفا أن الاقتصاد السوري سيتعافى على المدى البعيد", "assad_future", "assad_must_go"),
    ("وقال إن على الأسد أن يرحل وإن الحل في نهاية المطاف سياسي", "assad_future", "assad_must_go"),
    ("وقال إن رحيل الأسد يجب أن يكون في بداية المرحلة الانتقالية وليس في نهاية المرحلة الانتقالية",
     "assad_future", "assad_must_go"),
    # part of the problem, not of the solution; denied, no departure
    ("وقال إن الأسد جزء من المشكلة وليس من الحل", "assad_future", "assad_must_go"),
    ("وقال إن الأسد ليس جزءا من المشكلة", "assad_future", None),
    ("وقال إن إيران وهي جزء من المشكلة تقاتل في سوريا منذ أن تولى الأسد الحكم", "assad_future", None),
    # not a candidate in any election: no role after the transition
    ("وقال إن الأسد لا يمكن أن يكون مرشحا في الانتخابات المقبلة", "assad_future", "assad_no_role_after_transition"),
    # reconsidering one's part is a threat to withdraw; suspending it a boycott, not a postponed round
    ("وقال إن طهران قد تعيد النظر في مشاركتها في المحادثات السورية", "negotiations", "talks_conditional"),
    ("وقال إن واشنطن علقت مشاركتها في المحادثات مع موسكو بشأن سوريا", "negotiations", "talks_reject"),
    # «تعليقا على» is a comment, not a suspension
    ("وقال، تعليقا على مشاركة إيران في محادثات فيينا بشأن سوريا، إن مشاركتها ضرورية", "negotiations", None),
    ("وقال إن الأمم المتحدة علقت المحادثات السورية حتى إشعار آخر", "negotiations", "talks_procedural"),
]


@pytest.mark.parametrize("text, topic, expected", COMPOSITION,
                         ids=[f"{c[2]}-{i}" for i, c in enumerate(COMPOSITION)])
def test_cue_composition(text: str, topic: str, expected: str | None) -> None:
    assert verdict(text, topic) == expected


OBSTRUCTION = [
    # a negative verb or a negator before an obstruction word bears on the obstruction: the
    # speaker who rejects it stands by the talks
    ("واتهم النظام السوري بعرقلة المفاوضات في جنيف", True, "talks_support"),
    ("ورفض أي محاولة لإفشال الحوار بين السوريين", True, "talks_support"),
    ("إن موسكو لن تسمح بتعطيل المفاوضات السورية", False, "talks_support"),
    # with no obstruction between them, the refusal bears on the talks
    ("ورفض المشاركة في المفاوضات السورية", True, "talks_reject"),
]


@pytest.mark.parametrize("text, negative_verb, expected", OBSTRUCTION, ids=[str(i) for i in range(len(OBSTRUCTION))])
def test_a_negation_bears_on_the_obstruction_it_precedes(text: str, negative_verb: bool, expected: str) -> None:
    norm = normalise_plain(text)
    hits = find_cues(norm, LEX, [(0, len(norm))] if negative_verb else [])
    chosen = choose([h for h in hits if not h.vetoed], norm, LEX, 0).get("negotiations")
    assert chosen is not None and chosen.code == expected


@pytest.mark.parametrize("text, hedged", [
    ("إن الأسد قد يبقى في السلطة", True),
    ("وقال إن الحل قد تتأخر نتائجه", True),
    # before a past verb «قد» asserts; «فقد» may be the verb "lost"
    ("وقال إنه قد أكد رحيل الأسد", False),
    ("وقال إن النظام فقد شرعيته", False),
])
def test_qad_hedges_only_before_an_imperfect_verb(text: str, hedged: bool) -> None:
    assert (LEX.weakener_regex.search(normalise_plain(text)) is not None) == hedged


SPLITS = [
    ('وقال إن الحديث "خط أحمر".وفي حديثه أكد الوزير ذلك.', 2),
    ("انتهى الاجتماع.&&وأكد الوزير أن الحل سياسي.", 2),
    ("في عام 2015وأكد الوزير أن الحل سياسي.", 2),
    ("وقال: «الحل سياسي.. ولا شيء غيره» وأضاف كلاما.", 1),
    ("عقد الاجتماع في 12 و13 نوفمبر.", 1),
    # a stop between a number and a letter ends a sentence; between two digits it is a decimal point
    ("انعقد المؤتمر في عام 2015.وأكد الوزير أن الحل سياسي.", 2),
    ("وبلغت النسبة 2.5 في المئة.", 1),
]


@pytest.mark.parametrize("text, count", SPLITS)
def test_sentence_splitting(text: str, count: int) -> None:
    spans = split_sentences(text)
    assert len(spans) == count
    assert not text[spans[-1].start].startswith("&")


def date_of(text: str, doc_day: date) -> tuple[date | None, str]:
    doc = Document(name="d.txt", text=text)
    sentence = analyse(doc, normalise(text), LEX)[0]
    return sentence_date(sentence.text, doc_day, speech_end(sentence.text, sentence.attributions[0]))


def test_dates_of_the_speech_act_not_of_what_is_talked_about() -> None:
    day = date(2015, 10, 28)
    said = "وأعلنت الخارجية الروسية مساء أمس الأول أن اجتماع 30 أكتوبر حول سوريا سيعقد في فيينا."
    assert date_of(said, day) == (date(2015, 10, 26), "day-before-yesterday")
    talked_about = "وقال لافروف إن اجتماع 25 أكتوبر حول سوريا كان مفيدا."
    assert date_of(talked_about, day) == (day, "document")
    since = "وقال لافروف في تصريح منذ 20 أكتوبر إن الحوار ضروري."
    assert date_of(since, day)[1] == "document"
    dated = "وقال لافروف في 26 أكتوبر إن الحوار حول سوريا ضروري."
    assert date_of(dated, day) == (date(2015, 10, 26), "explicit")


def test_a_negative_verb_reaches_only_to_the_next_speech_act() -> None:
    """"Washington condemns X; on Syria, Kerry said …": Kerry's words are not condemned."""
    text = ("وقال المتحدث إن واشنطن تدين هجمات الحوثيين في اليمن, وفي الشأن السوري قال كيري: "
            "\"سياستنا واضحة, والأسد يجب أن يرحل عن السلطة\".")
    doc = Document(name="d.txt", text=text)
    cues = [h for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX) for h in c.cue_hits
            if h.topic == "assad_future"]
    assert cues and all(h.code == "assad_must_go" and not h.negated for h in cues)


@pytest.mark.parametrize("text, negated", [
    # his own state's position is what he denies ...
    ("ونفى المتحدث باسم الخارجية الأمريكية جون كيربي أن تكون واشنطن قد طالبت برحيل الأسد فورا.", True),
    # ... another state's, set beside the denial, is not denied
    ("ونفى المتحدث باسم الخارجية الروسية أن تكون موسكو طرفا في الخلاف، بينما تطالب السعودية برحيل الأسد.", False),
])
def test_a_denial_reaches_over_the_deniers_own_state(text: str, negated: bool) -> None:
    norm = normalise(text)
    sentence = analyse(Document(name="d.txt", text=text), norm, LEX, every_sentence=True)[0]
    hits = [h for h in sentence.cues if h.topic == "assad_future"]
    assert hits and all((h.negated or h.vetoed) == negated for h in hits)


def test_a_concession_is_read_in_the_speakers_own_words() -> None:
    """The concession («لكنه») is looked for between the two cues where they stand in the
    sentence, also when the speaker's words begin after a lead-in."""
    text = "وفي مؤتمر صحفي في موسكو أمس، قال لافروف إن الأسد قد يبقى في منصبه لفترة، لكنه لن يكون له دور في مستقبل سوريا."
    doc = Document(name="d.txt", text=text)
    verdicts = {c.cue.code for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX) if c.cue}
    assert verdicts == {"assad_no_role_after_transition"}


def test_backing_the_call_needs_the_talks_named_here_or_just_before() -> None:
    """"ونحن نؤيد هذه الدعوة": a call for talks only when the talks were named (here or in
    the sentence before); otherwise it could be a call for anything."""
    sentence = normalise_plain("ونحن نؤيد تماما هذه الدعوة.")
    before = normalise_plain("ودعا المبعوث الدولي إلى استئناف المفاوضات السورية في جنيف.")
    assert [h.code for h in find_cues(sentence, LEX, [], before) if h.topic == "negotiations"] == ["talks_support"]
    elsewhere = normalise_plain("ودعا الوزير إلى زيادة المساعدات الإنسانية.")
    assert not [h for h in find_cues(sentence, LEX, [], elsewhere) if h.topic == "negotiations"]


def test_a_topic_word_inside_the_speakers_title_is_not_his_words() -> None:
    text = "وقال المبعوث الخاص للرئيس الروسي إن الجولة القادمة من المفاوضات السورية ستعقد في جنيف."
    doc = Document(name="d.txt", text=text)
    topics = {c.topic for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX)}
    assert topics == {"negotiations"}


@pytest.mark.parametrize("text", [
    "وقال وزير الخارجية الفرنسي الذي سيشارك في اجتماع فيينا غدا إن على الأسد أن يرحل.",
    "وأكدت إيران، التي دعيت إلى المؤتمر الدولي حول سوريا، أن مصير الأسد يقرره السوريون.",
])
def test_a_topic_word_in_the_clause_describing_the_speaker_is_not_his_words(text: str) -> None:
    doc = Document(name="d.txt", text=text)
    topics = {c.topic for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX)}
    assert topics == {"assad_future"}


@pytest.mark.parametrize("text, code", [
    ("وقال المتحدث باسم الخارجية الإيرانية إن طهران لا تصر على بقاء الرئيس السوري في منصبه مدى الحياة.", "assad_fate_open"),
    ("وقال المتحدث إن موسكو لم تعد تتمسك ببقاء الأسد في السلطة.", "assad_fate_open"),
    ("وقال الجبير إن المملكة لن تقبل ببقاء الأسد في السلطة.", "assad_must_go"),
])
def test_a_state_speakers_words_begin_with_the_negation_of_its_verb(text: str, code: str) -> None:
    """"طهران لا تصر على …": the لا before the verb is Tehran's, so the negated cue is read whole."""
    doc = Document(name="d.txt", text=text)
    cues = {c.cue.code for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX) if c.cue}
    assert cues == {code}


@pytest.mark.parametrize("text", [
    "وقال المتحدث باسم الخارجية الأمريكية جون كيربي إن بلاده تدعم تشكيل هيئة حكم انتقالية وفق بيان جنيف.",
    "وأكد الجبير أن المملكة تدعم جهود دي ميستورا لاستئناف المفاوضات.",
])
def test_a_forum_or_envoy_of_the_syrian_file_alone_is_a_syria_term(text: str) -> None:
    """Talks and transition cues need a Syria term near them; «بيان جنيف» or «دي ميستورا» is one."""
    assert LEX.mentions("SYRIA", normalise_plain(text))
    assert not LEX.mentions("SYRIA", normalise_plain("وقال إن المفاوضات في جنيف ستستأنف الأسبوع المقبل."))


def test_a_negated_rejecting_verb_allows_what_follows() -> None:
    """"لم يستبعد أن …" (did not rule out) keeps the cue; "استبعد أن …" negates it away."""
    def negotiation_cues(text: str) -> list[tuple[bool, list[tuple[str, bool]]]]:
        doc = Document(name="d.txt", text=text)
        return [(c.vetoed, [(h.code, h.negated) for h in c.cue_hits]) for s in analyse(doc, normalise(text), LEX)
                for c in candidates(s, LEX) if c.topic == "negotiations"]

    rest = "نائب وزير الخارجية الروسي ميخائيل بوغدانوف أن تعقد الجولة القادمة من المفاوضات السورية الشهر المقبل."
    assert negotiation_cues("ولم يستبعد " + rest) == [(False, [("talks_procedural", False)])]
    assert negotiation_cues("واستبعد " + rest) == [(True, [])]


def test_a_denying_predicate_negates_the_words_before_it() -> None:
    """«رحيل الأسد غير وارد»: the model reads the departure as negated, as after «لا»."""
    def negated_words(text: str) -> set[str]:
        doc = Document(name="d.txt", text=text)
        return {name for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX)
                for name in features(c) if name.startswith("neg:")}

    assert "neg:" + stem("رحيل") in negated_words("وقال وزير الخارجية الإيراني إن رحيل الأسد غير وارد.")
    assert "neg:" + stem("رحيل") not in negated_words("وقال وزير الخارجية الإيراني إن رحيل الأسد ضروري.")
    assert "neg:" + stem("رحيل") not in negated_words("وقال وزير الخارجية الإيراني إن رحيل الأسد، لن يتحقق بالقوة.")


@pytest.mark.parametrize("text, conditional, by_itself", [
    ("وقال لإذاعة فرنسا الدولية إن بلاده تدعم المفاوضات السورية", False, False),  # «إذاعة» is no «إذا»
    ("وقال إن بلاده تدعم المفاوضات السورية إذا توقف القصف", True, False),
    ("وقال إن بلاده ستشارك في المحادثات السورية شريطة وقف القصف", True, True),
])
def test_condition_markers_are_whole_words(text: str, conditional: bool, by_itself: bool) -> None:
    norm = normalise_plain(text)
    assert bool(condition_marks(norm, LEX)) is conditional
    assert bool(condition_marks(norm, LEX, by_itself=True)) is by_itself


def test_any_under_a_negation_negates_its_phrase() -> None:
    """«لا يتضمن أي إشارة إلى رحيله»: the model reads the departure as negated."""
    def negated_words(text: str) -> set[str]:
        doc = Document(name="d.txt", text=text)
        return {name for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX)
                for name in features(c) if name.startswith("neg:")}

    assert "neg:" + stem("رحيل") in negated_words("وقال وزير الخارجية الروسي إن البيان لا يتضمن أي إشارة إلى رحيل الأسد.")
    assert "neg:" + stem("رحيل") not in negated_words("وقال وزير الخارجية الروسي إن البيان يتضمن أي إشارة إلى رحيل الأسد.")
    assert "neg:" + stem("رحيل") not in negated_words("وقال وزير الخارجية الروسي غير أن أي تسوية تعني رحيل الأسد.")
    assert "neg:" + stem("ندعم") not in negated_words("وقال وزير الخارجية الروسي إننا لم نتلق أي رد ونحن ندعم رحيل الأسد.")


def test_function_words_are_no_features() -> None:
    """Prepositions, pronouns and particles (data/function_words.tsv) say nothing of a
    position: the model never weighs them, so no decision is explained by «على» or «الذي»;
    negators and conditions stay features."""
    doc = Document(name="d.txt", text="وقال وزير الخارجية الفرنسي إن على الأسد الذي فقد شرعيته أن يرحل إذا لم يقبل الحل.")
    names = {name for s in analyse(doc, normalise(doc.text), LEX) for c in candidates(s, LEX) for name in features(c)}
    words = {name.split(":", 1)[1] for name in names if name.startswith(("stem:", "win:", "neg:", "before:", "after:"))}
    assert names and not words & {stem(w) for w in ("على", "الذي", "أن", "إن")}
    assert {stem("يرحل"), stem("شرعيته")} <= words
    assert any(name.startswith(("stem:", "win:")) and name.endswith(stem("إذا")) for name in names)


def test_features_never_see_who_speaks() -> None:
    """The same words said by Russia's and by America's foreign minister have the same
    features: a stance can only come from the sentence, never from a prior by country."""
    def feature_sets(text: str) -> list[dict[str, float]]:
        doc = Document(name="d.txt", text=text)
        return [features(c) for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX)]

    russian = feature_sets("وقال وزير الخارجية الروسي سيرغي لافروف إن مصير الأسد يقرره الشعب السوري.")
    american = feature_sets("وقال وزير الخارجية الأمريكي جون كيري إن مصير الأسد يقرره الشعب السوري.")
    assert russian and russian == american
    assert not any("روس" in name or "امريك" in name or "لافروف" in name for f in russian for name in f)


def test_extract_explains_each_statement() -> None:
    text = "وقال وزير الخارجية الروسي سيرغي لافروف إن مصير الأسد يقرره الشعب السوري وحده."
    statements = extract(Document(name="d.txt", text=text, date="2015-11-20"))
    assert [(s.country, s.topic, s.stance) for s in statements] == [("RUS", "assad_future", "assad_syrians_decide")]
    statement = statements[0]
    assert text[statement.char_start:statement.char_end] == text
    assert statement.cue_text and 0 < statement.confidence < 1


def test_reported_position_never_carries_the_reporters_words() -> None:
    """A state's position as another speaker renders it: kept only from a cue in the
    ascribed clause, flagged as reported; never from the reporter's own wording."""
    own_words = ("وانتقد عبد اللهيان وزير الخارجية السعودي، مشيرا إلى أن الجبير يصر على «أن يقرر المجتمعون "
                 "مصير الرئيس الشرعي لسوريا بدلا من الشعب السوري».")
    found = extract(Document(name="d.txt", text=own_words, date="2015-10-30"))
    assert not [s for s in found if s.country == "SAU"]
    ascribed = "وقال ظريف إن السعودية مصرة على رحيل الأسد عن السلطة في سوريا."
    found = extract(Document(name="d.txt", text=ascribed, date="2015-10-30"))
    saudi = [s for s in found if s.country == "SAU"]
    assert [(s.stance, s.reported, s.reported_by) for s in saudi] == [("assad_must_go", True, "Mohammad Javad Zarif")]


def candidate_states(text: str) -> set[tuple[str, str]]:
    """(state, topic) of every candidate of a one-sentence document."""
    return {(c.speaker.country, c.topic) for s in analysed(text) for c in candidates(s, LEX)}


def test_what_a_speaker_relays_another_state_saying_is_not_his_own() -> None:
    relayed = "وقال الكرملين في بيان إن الرئيس السوري قال إنه يأمل أن تقود المفاوضات في جنيف إلى نتائج."
    assert candidate_states(relayed) == {("SYR", "negotiations")}
    # what the speaker says of another state's stance, with no saying of its own, stays his too
    ascribed = "وقال الكرملين إن دمشق تؤيد المفاوضات في جنيف."
    assert ("RUS", "negotiations") in candidate_states(ascribed)


def test_a_cue_in_a_position_ascribed_to_another_state_is_that_states() -> None:
    """"قال لافروف إن السعودية تطالب برحيل الأسد": the demand is Riyadh's (reported), not
    Lavrov's evidence; his own comment after the clause is his again."""
    text = "وقال لافروف إن السعودية تطالب برحيل الأسد، وهذا أمر لا يقرره إلا الشعب السوري."
    doc = Document(name="d.txt", text=text)
    found = [c for s in analyse(doc, normalise(text), LEX) for c in candidates(s, LEX) if c.topic == "assad_future"]
    by_state = {c.speaker.country: c for c in found}
    assert by_state["SAU"].reported and {h.code for h in by_state["SAU"].cue_hits} >= {"assad_must_go"}
    assert {h.code for h in by_state["RUS"].cue_hits} == {"assad_syrians_decide"} and not by_state["RUS"].ascribed
    plain = "وقال لافروف إن السعودية تطالب برحيل الأسد."
    lavrov = next(c for s in analyse(Document(name="d.txt", text=plain), normalise(plain), LEX)
                  for c in candidates(s, LEX) if c.speaker.country == "RUS")
    assert not lavrov.cue_hits and lavrov.ascribed


def test_a_comma_before_wa_opens_another_speakers_clause() -> None:
    """The object of the first clause is not a co-subject of the second («رحيل الأسد، وموسكو
    تعتبر»), and a cue running on into the second speaker's words is not the first's."""
    text = "وقال فابيوس إن فرنسا تدعم رحيل بشار الأسد، وموسكو تعتبر أن مستقبل الأسد شأن السوريين."
    found = extract(Document(name="d.txt", text=text, date="2015-10-01"))
    assert {(s.country, s.stance) for s in found if not s.reported} == {("FRA", "assad_must_go")}
    assert "SYR" not in {s.country for s in found}


@pytest.mark.parametrize("text, expected", [
    # a place after a preposition is not the subject of the verb that follows it
    ("وفي طهران اعتبر الرئيس الإيراني حسن روحاني أن الحل في سوريا سياسي ويجب دعم المفاوضات.", "Hassan Rouhani"),
    ("ومن باريس، أكد فابيوس أن الحل في سوريا سياسي ويجب دعم المفاوضات.", "Laurent Fabius"),
    # a title's qualifier (portfolio, destination) between it and the name of its holder
    ("وصرح نائب وزير الخارجية الروسي لشؤون الشرق الأوسط، ميخائيل بوغدانوف، بأن الحل في سوريا سياسي ويجب دعم "
     "المفاوضات.", "Mikhail Bogdanov"),
    ("وقال رئيس وفد المعارضة السورية إلى محادثات جنيف محمد علوش إن الحل في سوريا سياسي ويجب دعم المفاوضات.",
     "Mohammed Alloush"),
    # not a person of another state, nor one the title meets («مع»)
    ("وقال وزير الخارجية الروسي في مؤتمر صحفي مع نظيره الأمريكي جون كيري إن الحل في سوريا سياسي ويجب دعم "
     "المفاوضات.", "Sergey Lavrov"),
    ("وقال الرئيس الروسي في اتصال مع وزير الخارجية سيرغي لافروف إن الحل في سوريا سياسي ويجب دعم المفاوضات.",
     "Vladimir Putin"),
])
def test_the_speaker_is_who_speaks(text: str, expected: str) -> None:
    assert {s.speaker for s in extract(Document(name="d.txt", text=text, date="2016-02-01"))} == {expected}


DUAL_TITLES = [
    # a dual title with two nationality adjectives joined by و: one official of each state
    ("وأكد وزيرا الخارجية الروسي والأمريكي أن الحل في سوريا سياسي ويجب دعم المفاوضات.",
     {"Sergey Lavrov", "John Kerry"}),
    ("وشدد الرئيسان الفرنسي والتركي على أن الحل في سوريا سياسي ويجب دعم المفاوضات.",
     {"Francois Hollande", "Recep Tayyip Erdogan"}),
    ("وأكد الجانبان السعودي والروسي، أن الحل في سوريا سياسي ويجب دعم المفاوضات.",
     {"side (Saudi Arabia)", "side (Russia)"}),
    # an adjective joined to what the speaker talks about is no second speaker
    ("وقال وزير الخارجية الروسي إن الحل في سوريا سياسي ويجب دعم المفاوضات بين الحكومتين السورية والتركية.",
     {"Sergey Lavrov"}),
    # a title in ا with one adjective is an accusative, no speaker ("انتخابه رئيسا")
    ("ودعا أنصاره إلى انتخابه رئيسا فرنسيا، وقال وزير الخارجية الروسي إن الحل في سوريا سياسي ويجب دعم "
     "المفاوضات.", {"Sergey Lavrov"}),
]


@pytest.mark.parametrize("text, expected", DUAL_TITLES, ids=[str(i) for i in range(len(DUAL_TITLES))])
def test_a_dual_title_names_one_official_of_each_state(text: str, expected: set[str]) -> None:
    assert {s.speaker for s in extract(Document(name="d.txt", text=text, date="2016-02-01"))} == expected


@pytest.mark.parametrize("text, expected", [
    # a named body between a title and its adjective is what the title heads
    ("وقال المتحدث باسم وفد المعارضة السورية إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "SYR-OPP"),
    ("وقال رئيس وفد الهيئة العليا للمفاوضات السورية إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "SYR-OPP"),
    # with none, the adjective's state
    ("وقال نائب وزير الخارجية السوري إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "SYR"),
])
def test_a_title_speaks_for_the_body_it_heads(text: str, expected: str) -> None:
    assert {s.country for s in extract(Document(name="d.txt", text=text, date="2016-02-01"))} == {expected}


@pytest.mark.parametrize("text, day, expected", [
    ("وقال وزير الخارجية الروسي إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2015-11-20", "Sergey Lavrov"),
    ("وقال وزير الخارجية الفرنسي إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2015-11-20", "Laurent Fabius"),
    ("وقال وزير الخارجية الفرنسي إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2016-03-05", "Jean-Marc Ayrault"),
    ("وأكد لافروف ونظيره الأمريكي أن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2015-11-20", "John Kerry"),
    ("وقال الناطق باسم وزارة الدفاع الروسية إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2015-11-20",
     "spokesperson (Russia)"),
    # an office is its words and then only its state: «رئيس» heading another body is not the
    # president, nor «رئيس الوزراء» the president because both open with «رئيس»
    ("وقال رئيس الوفد الروسي إلى جنيف إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2016-02-01", "head (Russia)"),
    ("وقال رئيس لجنة الأمن القومي في البرلمان الإيراني إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2016-02-01",
     "head (Iran)"),
    ("وقال رئيس مجلس الشورى الإيراني إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2016-02-01", "Ali Larijani"),
    ("وقال رئيس الوزراء التركي إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2016-02-01", "Ahmet Davutoglu"),
    ("وقال رئيس الحكومة التركية إن الحل في سوريا سياسي ويجب دعم المفاوضات.", "2016-08-01", "Binali Yildirim"),
])
def test_titled_speakers_are_shown_as_the_office_holder(text: str, day: str, expected: str) -> None:
    """A speaker named by title is the person holding the office on the statement's date,
    else the title in English with its state — never the normalised Arabic of the match."""
    names = {s.speaker for s in extract(Document(name="d.txt", text=text, date=day))}
    assert expected in names
    assert all(name.isascii() for name in names)
