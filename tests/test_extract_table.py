"""Table-driven extraction tests: sentences written for this suite (not from the gold set),
one or more per stance code and per attribution construction."""

from __future__ import annotations

import pytest

from positions import Document, extract
from positions.lexicon import load_lexicon
from positions.normalise import normalise_plain

LEX = load_lexicon()

DOC_DATE = "2015-11-20"  # a Friday


def run(text: str, date: str | None = DOC_DATE) -> list[tuple[str, str, str, str]]:
    statements = extract(Document(name="t.txt", text=text, date=date))
    return [(s.speaker, s.country, s.topic, s.stance) for s in statements]


CASES = [
    # assad_future, every code
    ("وقال وزير الخارجية الفرنسي لوران فابيوس إن على الأسد أن يرحل عن السلطة في سوريا.",
     ("Laurent Fabius", "FRA", "assad_future", "assad_must_go")),
    ("وأكد الرئيس الأمريكي باراك أوباما أنه لا مستقبل لبشار الأسد في سورية.",
     ("Barack Obama", "USA", "assad_future", "assad_must_go")),
    ("وقال الجبير إن الأسد لن يكون جزءا من مستقبل سوريا.",
     ("Adel al-Jubeir", "SAU", "assad_future", "assad_must_go")),
    ("وشدد هولاند على أن الأسد لا يمكن أن يترشح في أي انتخابات مقبلة في سوريا.",
     ("Francois Hollande", "FRA", "assad_future", "assad_no_role_after_transition")),
    ("وقالت الخارجية الأميركية إن مصير الأسد سيتقرر خلال المفاوضات بين الأطراف السورية.",
     ("foreign ministry", "USA", "assad_future", "assad_fate_open")),
    ("وقال لافروف إن الشعب السوري وحده هو من يقرر مصير الرئيس بشار الأسد.",
     ("Sergey Lavrov", "RUS", "assad_future", "assad_syrians_decide")),
    ("وأكد ظريف أن مستقبل سوريا يقرره السوريون عبر صناديق الاقتراع.",
     ("Mohammad Javad Zarif", "IRN", "assad_future", "assad_syrians_decide")),
    ("وقال ولايتی إن الأسد خط أحمر بالنسبة لإيران في سوریا.",
     ("Ali Akbar Velayati", "IRN", "assad_future", "assad_support")),
    ("وأعلن المتحدث باسم الكرملين رفض موسكو رحيل الرئيس السوري تحت الضغط.",
     ("Dmitry Peskov", "RUS", "assad_future", "assad_support")),
    # transition, every code
    ("ورفض المعلم فكرة هيئة حكم انتقالية في سوريا جملة وتفصيلا.",
     ("Walid Muallem", "SYR", "transition", "transition_rejected")),
    ("وقال وزير الخارجية السوري إن دمشق مستعدة لتشكيل حكومة وحدة وطنية تضم معارضين.",
     ("foreign ministry", "SYR", "transition", "transition_under_assad")),
    ("ودعا كيري إلى صياغة دستور جديد لسوريا وإجراء انتخابات خلال 18 شهرا.",
     ("John Kerry", "USA", "transition", "transition_process")),
    ("وطالب وزير الخارجية السعودي بتشكيل هيئة حكم انتقالية بصلاحيات كاملة في سوريا.",
     ("foreign ministry", "SAU", "transition", "transition_support")),
    ("وقال فابيوس إن فرنسا تريد مرحلة انتقالية في سوريا من دون بشار الأسد.",
     ("Laurent Fabius", "FRA", "transition", "transition_without_assad")),
    # negotiations, every code
    ("وقال خامنئي إن إيران لن تتفاوض مع واشنطن حول سوريا وترفض الحوار معها.",
     ("Ali Khamenei", "IRN", "negotiations", "talks_reject")),
    ("وقال لافروف إن موسكو تريد وضع قائمة بالمنظمات الإرهابية قبل بدء المفاوضات السورية.",
     ("Sergey Lavrov", "RUS", "negotiations", "talks_conditional")),
    ("وأعلنت إيران أنها ستنسحب من محادثات فيينا حول سوريا إذا لم تكن مثمرة.",
     ("Iran", "IRN", "negotiations", "talks_conditional")),
    ("ورحب الملك سلمان بانطلاق المحادثات بين الحكومة والمعارضة السورية في جنيف.",
     ("King Salman", "SAU", "negotiations", "talks_support")),
    ("ودعا جون كيري إلى بدء المفاوضات بين النظام السوري والمعارضة دون شروط مسبقة.",
     ("John Kerry", "USA", "negotiations", "talks_support")),
    # talks on a condition, where no cue reads the talks: the model's code is composed too
    ("وقال فابيوس إن باريس لن تحضر أي اجتماع دولي حول سوريا ما لم يتوقف قصف المدنيين.",
     ("Laurent Fabius", "FRA", "negotiations", "talks_conditional")),
    # not until: a refusal that holds only until a condition is met
    ("وقال لافروف إن موسكو لن توافق على بدء المفاوضات السورية إلا بعد الاتفاق على وقف القصف.",
     ("Sergey Lavrov", "RUS", "negotiations", "talks_conditional")),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[1][3] + "-" + str(i) for i, c in enumerate(CASES)])
def test_extract_table_code(text: str, expected: tuple[str, str, str, str]) -> None:
    found = run(text)
    assert expected[1:] in [f[1:] for f in found], found


CONSTRUCTIONS = [
    # verb–subject with a title and a nationality
    ("وقال المتحدث باسم وزارة الخارجية الروسية إن مصير الأسد يحدده الشعب السوري.", "RUS"),
    # subject–verb
    ("موسكو تؤكد أن الشعب السوري هو الذي يقرر مصير الأسد.", "RUS"),
    # colon headline
    ("كيري: لا مستقبل للأسد في سوريا", "USA"),
    # imperfect, plural and feminine forms, clitics
    ("ويؤكد المسؤولون الإيرانيون أن الشعب السوري وحده يقرر مصير الأسد.", "IRN"),
    ("وشددت المستشارة الألمانية أنجيلا ميركل على أنه لا مستقبل للأسد في سوريا.", "DEU"),
    # participle
    ("واعتبر الرئيس الفرنسي أن التدخل الروسي لن ينقذ الأسد، مؤكدا ضرورة الحل السياسي.", "FRA"),
    # institution
    ("وأعلن البيت الأبيض أن الأسد فقد الشرعية ويجب أن يرحل.", "USA"),
    ("وقال الإليزيه إن بشار الأسد يجب أن يتنحى.", "FRA"),
    # Persian letters in Iranian agency copy
    ("وقال عبد اللهیان إن الشعب السوری هو الذی یقرر مصیر الأسد.", "IRN"),
    # spelling variants
    ("وقال وزير الخارجية الامريكي جون كيرى إن على الاسد ان يرحل.", "USA"),
    # agreement: a feminine verb before a capital has it as subject
    ("ودعت واشنطن إلى استئناف المفاوضات بين السوريين في جنيف.", "USA"),
    # the first person inside a quotation is the quoted speaker
    ("وقال لافروف: «نريد حلا سياسيا. وأعتقد أن الحوار بين السوريين هو الطريق الوحيد».", "RUS"),
    # a political step on conditions, and refusing to attend the talks
    ("وأكد وليد المعلم أن سوريا ترحب بأي مبادرة سياسية تتم بالتنسيق مع الحكومة السورية.", "SYR"),
    ("ورفضت تركيا المشاركة في مؤتمر جنيف بشأن سوريا.", "TUR"),
    # a hint is a saying too
    ("وألمح وزير الخارجية الأمريكي جون كيري إلى أن على الأسد أن يرحل عن السلطة في سوريا.", "USA"),
    # after an unknown speaker's words, a named speaker's own verb still counts
    ("واعتبر المحلل السياسي سمير نصار أن الحل بعيد، فيما أكد لافروف أن مصير الأسد يقرره السوريون.", "RUS"),
]


@pytest.mark.parametrize("text, country", CONSTRUCTIONS, ids=[f"{c}-{i}" for i, (_, c) in enumerate(CONSTRUCTIONS)])
def test_extract_construction_finds_speaker_state(text: str, country: str) -> None:
    assert country in {f[1] for f in run(text)}, run(text)


LAVROV = "وقال وزير الخارجية الروسي سيرغي لافروف إن الوضع في سوريا صعب جدا.\n"

# (text, a state that must NOT get a statement, the state that must, or None)
NOT_THE_SPEAKER = [
    # a former official speaks for no state
    ("وقال وزير الخارجية الفرنسي الأسبق إن على الأسد أن يرحل عن السلطة في سوريا.", "FRA", None),
    ("ورأى وزير الخارجية الفرنسي السابق لوران فابيوس أن لا مستقبل للأسد في سوريا.", "FRA", None),
    # a masculine verb before a (feminine) capital: the capital is its object
    (LAVROV + "ودعا واشنطن إلى دعم المفاوضات بين الأطراف السورية في جنيف.", "USA", "RUS"),
    # … and an institution whose name is feminine («المعارضة»)
    (LAVROV + "ودعا المعارضة السورية إلى المشاركة في مفاوضات جنيف.", "SYR-OPP", "RUS"),
    # a verb whose ending holds its own dual subject: the speaker after it is an object
    ("وطالبا الأمم المتحدة بالعمل على استئناف مفاوضات جنيف بشأن سوريا.", "UN", None),
    # a relative clause pointing back to its noun describes the noun
    ("وأعرب الوزير عن أمله في المرونة التي تبديها موسكو تجاه مطالب الشعب السوري بأن لا مستقبل للأسد.",
     "RUS", None),
    # the writer's own voice outside any quotation
    (LAVROV + "وأنا أرى أن الحل السياسي في سوريا هو الطريق الوحيد.", "RUS", None),
    # what an unknown speaker says of a state is not that state's statement
    ("واعتبر المحلل السياسي سمير نصار أن بقاء نظام الأسد يعتبر مستحيلا وأن الحل السياسي في سوريا هو الطريق الوحيد.",
     "SYR", None),
    # another file with no Syria term of its own
    ("وقال الجبير إن الوضع في سوريا صعب.\nوشدد على حرص المملكة على سلامة اليمن، مشيرا إلى أن التدخل كان "
     "بطلب من الرئيس الشرعي عبدربه منصور هادي.", "SAU", None),
]


@pytest.mark.parametrize("text, absent, present", NOT_THE_SPEAKER,
                         ids=[f"not-{a}-{i}" for i, (_, a, _p) in enumerate(NOT_THE_SPEAKER)])
def test_extract_no_statement_for_who_is_not_speaking(text: str, absent: str, present: str | None) -> None:
    countries = {f[1] for f in run(text)}
    assert absent not in countries, run(text)
    if present:
        assert present in countries, run(text)



def test_extract_carries_speaker_over_to_wa_adafa() -> None:
    text = ("وقال وزير الخارجية الروسي سيرغي لافروف في مؤتمر صحفي إن الوضع في سوريا صعب.\n"
            "وأضاف أن الشعب السوري وحده هو الذي يقرر مصير الأسد.")
    assert ("Sergey Lavrov", "RUS", "assad_future", "assad_syrians_decide") in run(text)


def test_extract_carried_speaker_keeps_its_written_name() -> None:
    """The Arabic name shown as evidence is the one written where the speaker was named."""
    text = ("وقال وزير الخارجية الروسيُّ سيرغي لافروف إن الوضع في سوريا صعب جدا.\n"
            "وأضاف أن الشعب السوري وحده هو الذي يقرر مصير الأسد.")
    [statement] = extract(Document(name="t.txt", text=text, date=DOC_DATE))
    assert statement.speaker_ar == "وزير الخارجية الروسيُّ سيرغي لافروف"


def test_extract_joint_subject_gives_both_states() -> None:
    text = "واتفق لافروف ونظيره الأميركي على دعم المفاوضات بين الأطراف السورية في فيينا."
    countries = {f[1] for f in run(text) if f[2] == "negotiations"}
    assert countries == {"RUS", "USA"}


def test_extract_unknown_subject_stops_carry_over() -> None:
    text = ("وقال لافروف إن الوضع صعب في سوريا.\n"
            "وقال مدير المرصد السوري لحقوق الإنسان إن المفاوضات لن تنجح.\n"
            "وأضاف أن الحوار هو الحل الوحيد.")
    assert [f for f in run(text) if f[1] == "RUS"] == []


def test_extract_negation_drops_must_go() -> None:
    assert run("وقال لافروف إن روسيا لم تطالب برحيل الأسد عن السلطة في سوريا.") == []


def test_extract_disagreement_is_fate_open() -> None:
    found = run("وقال فابيوس إن الاجتماع انتهى بخلاف كبير حول مستقبل الرئيس السوري بشار الأسد.")
    assert ("Laurent Fabius", "FRA", "assad_future", "assad_fate_open") in found


NO_STATEMENT = {
    "military claims": "وقالت وزارة الدفاع الروسية إن الطائرات نفذت 40 طلعة جوية في سوريا وأصابت 60 هدفا.\n"
                       "وأعلن المرصد السوري مقتل 20 شخصا في غارات على ريف حلب.",
    "humanitarian news": "وقالت الأمم المتحدة إن أكثر من أربعة ملايين لاجئ سوري فروا من البلاد منذ 2011.",
    "no speaker": "تتواصل المفاوضات في جنيف بين وفدي الحكومة السورية والمعارضة وسط أجواء متوترة.",
    "other file (nuclear talks)": "وقال الأسد إن الوضع في سوريا صعب.\n"
                                  "وأكد ظريف أن المفاوضات النووية في فيينا حققت تقدما كبيرا.",
    "talks without Syria nearby": "ودعا كيري إلى استئناف المحادثات في جنيف بين الأطراف الليبية.",
    "other file (Iraq)": "وتناول اللقاء تطورات الأزمة السورية.\n"
                         "وشدد الجبير على أهمية إشراك جميع المكونات في العملية السياسية ودعم وحدة العراق.",
    "other file (the PKK)": "وقال إردوغان إن تركيا لن تسمح بقيام كيان كردي في شمال سوريا.\n"
                            "وأضاف إردوغان أن مواصلة المحادثات مع حزب العمال الكردستاني باتت مستحيلة.",
    "a question's lead-in is not the answer":
        "وعلى سؤال «هل تريدون حكومة انتقالية من دون الأسد في سوريا؟»، أجاب كيري: «لا أستطيع التحدث عن ذلك».",
}


@pytest.mark.parametrize("text", NO_STATEMENT.values(), ids=NO_STATEMENT.keys())
def test_extract_no_statement(text: str) -> None:
    assert run(text) == []


@pytest.mark.parametrize("text", [
    # counter-terror cooperation on conditions is not a position on the talks
    "ونقل التلفزيون السوري عن وزير الخارجية وليد المعلم قوله إن سوريا تدعم أي جهود للتصدي للإرهاب "
    "إذا جرت بالتنسيق مع دمشق.",
    # refusing to join military operations is not refusing the talks
    "ورفضت تركيا المشاركة في عمليات التحالف ضد تنظيم داعش في سوريا.",
])
def test_extract_no_talks_statement_for_military_cooperation(text: str) -> None:
    assert [f for f in run(text) if f[2] == "negotiations"] == []


def test_what_a_sentence_says_of_another_file_it_also_names_is_not_said_of_syria() -> None:
    """One sentence on Syria, then on Yemen: the legitimate president and the political
    process after «اليمني» are Yemen's; the solution for Syria before it stays."""
    text = ("وأكد وزير الخارجية السعودي أن المملكة تدعم إيجاد حل سياسي للأزمة في سوريا، ثم انتقل إلى الملف "
            "اليمني فشدد على دعم بلاده للرئيس الشرعي هناك وعلى استئناف العملية السياسية المتعثرة.")
    found = run(text)
    assert ("SAU", "negotiations", "talks_support") in [f[1:] for f in found], found
    assert [f for f in found if f[2] == "assad_future"] == [], found
    norm = normalise_plain(text)
    assert [norm[a:b] for a, b, other in LEX.file_terms(norm) if other] == ["اليمني"]


@pytest.mark.parametrize("text, expected", [
    # the file named right after a phrase decides, so an Iraqi speaker's Syria position stays
    ("وقال رئيس الوزراء العراقي حيدر العبادي إن بغداد تدعم الحل السياسي للأزمة السورية.", "IRQ"),
    ("وأكد جون كيري ضرورة محاربة تنظيم داعش في العراق ودعم الحل السياسي للأزمة السورية.", "USA"),
    # Syria coordinated with the other file: the talks before or after both are Syria's
    ("وقال ظريف إن طهران مستعدة للحوار مع دول الجوار حول اليمن وسوريا.", "IRN"),
    ("وقال لافروف إن موسكو ستدعم الحكومتين في سوريا والعراق وتؤيد إطلاق المفاوضات بين الحكومة "
     "والمعارضة.", "RUS"),
])
def test_a_sentence_naming_syria_and_another_file_keeps_what_it_says_of_syria(text: str, expected: str) -> None:
    assert (expected, "negotiations", "talks_support") in [f[1:] for f in run(text)], run(text)


def test_a_state_that_speaks_is_not_the_other_file_talked_about() -> None:
    """«وأكد العراق …»: Iraq is the speaker, not the Iraqi file; the talks named a sentence
    before are still the Syrian ones."""
    text = "وبحث الوزيران تطورات الأزمة السورية ومساعي الحل.\nوأكد العراق دعمه للحل السياسي وللمفاوضات الجارية في جنيف."
    assert ("IRQ", "negotiations", "talks_support") in [f[1:] for f in run(text)], run(text)


@pytest.mark.parametrize("text", [
    # a condition denied
    "وقال كيري إن رحيل الأسد لم يعد شرطا مسبقا للذهاب إلى محادثات جنيف بشأن سوريا.",
    # «ما لم» whose verb takes «ما» back as its object: what the rounds did not achieve
    "وأكد كيري أن محادثات فيينا حول سوريا حققت ما لم تحققه الجولات السابقة.",
    # not before a time: a schedule
    "وقال كيري إن الجولة المقبلة من محادثات جنيف بشأن سوريا لن تعقد إلا بعد عطلة نهاية الأسبوع.",
])
def test_what_sets_no_condition_leaves_the_talks_unconditional(text: str) -> None:
    assert [f for f in run(text) if f[1:] == ("USA", "negotiations", "talks_conditional")] == [], run(text)


def test_extract_reported_position_is_flagged() -> None:
    text = "وقال عبد اللهيان إن السعودية تصر على رحيل الأسد قبل أي انتخابات في سوريا."
    statements = extract(Document(name="t.txt", text=text, date=DOC_DATE))
    own = [s for s in statements if not s.reported]
    reported = [s for s in statements if s.reported]
    assert own and own[0].country == "IRN"
    assert reported and reported[0].country == "SAU" and reported[0].reported_by == "Hossein Amir-Abdollahian"


def test_extract_statement_keeps_raw_span_and_cue() -> None:
    text = "عنوان\n\nوقال لافروفُ إنَّ الشعبَ السوريَّ وحده هو الذي يقرر مصير الأسد."
    [statement] = extract(Document(name="t.txt", text=text, date=DOC_DATE))
    assert text[statement.char_start:statement.char_end] == statement.sentence
    assert statement.sentence.startswith("وقال لافروفُ")
    assert statement.cue_text in statement.sentence
    assert statement.score == 1


def test_extract_dates_weekday_and_phase() -> None:
    [statement] = extract(Document(name="t.txt", date="2015-11-16",
                                   text="وقال لافروف يوم السبت إن الشعب السوري هو الذي يقرر مصير الأسد."))
    assert (statement.date, statement.date_basis, statement.phase) == ("2015-11-14", "weekday", "vienna_2")


def test_extract_adviser_of_leader_is_the_speaker() -> None:
    text = "وقال مستشار خامنئي الدكتور علي أكبر ولايتي إن الأسد خط أحمر بالنسبة لإيران في سوريا."
    assert [f[0] for f in run(text)] == ["Ali Akbar Velayati"]


def test_extract_critic_describing_support_is_not_support() -> None:
    text = "وقال كيري إن الحرس الثوري يسعى إلى زعزعة المنطقة عن طريق دعم النظام الوحشي للرئيس السوري بشار الأسد."
    assert [f for f in run(text) if f[3] == "assad_support"] == []


def test_extract_hedge_lowers_confidence() -> None:
    plain = extract(Document(name="t.txt", text="وقال لافروف إن الشعب السوري وحده هو الذي يقرر مصير الأسد.", date=DOC_DATE))
    hedged = extract(Document(name="t.txt", text="وقال لافروف إنه ربما الشعب السوري وحده هو الذي يقرر مصير الأسد.",
                              date=DOC_DATE))
    assert plain[0].stance == hedged[0].stance and hedged[0].confidence < plain[0].confidence
