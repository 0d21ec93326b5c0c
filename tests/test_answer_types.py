"""Answer types: the type a question asks for, the typed mentions of a sentence, and which are new to a question.
Every rule has literal English and Arabic cases with their exact expected output."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from retrieval.text.answer_types import AnswerType, TypedMention, answer_type, new_mentions, typed_mentions
from retrieval.text.answer_types.places import GazetteerError, parse_places, shipped_places
from retrieval.text.dates import DateMention

T = AnswerType
WED_2015_08_05 = date(2015, 8, 5)


# --- answer_type ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # DATE
        ("When did the port open?", T.DATE),
        ("What year was the treaty signed?", T.DATE),
        ("On what date was the treaty signed?", T.DATE),
        ("In which year did the base open?", T.DATE),
        ("متى افتتح الميناء؟", T.DATE),
        ("ومتى يبدأ المهرجان؟", T.DATE),
        ("في أي عام أنشئت القاعدة؟", T.DATE),
        ("ما تاريخ توقيع الاتفاقية؟", T.DATE),
        ("حتى متى يستمر الحظر؟", T.DATE),
        ("اعتباراً من أي عام يطبق القرار؟", T.DATE),
        # DURATION
        ("How long did the meeting last?", T.DURATION),
        ("For how many days did the festival run?", T.DURATION),
        ("How many hours did the flight take?", T.DURATION),
        ("How much time does the repair need?", T.DURATION),
        ("How old was the king?", T.DURATION),
        ("What is the longest time a licence is valid for?", T.DURATION),
        ("كم استمر الاجتماع؟", T.DURATION),
        ("ما مدة الزيارة؟", T.DURATION),
        ("ما أقصى مدة للإقامة؟", T.DURATION),
        ("كم من الوقت تستغرق الرحلة؟", T.DURATION),
        ("كم يوماً دام المعسكر؟", T.DURATION),
        ("منذ متى يعاني السكان من انقطاع الماء؟", T.DURATION),
        ("منذ كم عاماً يعمل في التحكيم؟", T.DURATION),
        ("كم يجب أن يبلغ عمر المتقدم؟", T.DURATION),
        ("ما هو العمر الوسطي للإصابة؟", T.DURATION),
        ("What is the age of the universe?", T.DURATION),
        # COUNT
        ("How many people were evacuated?", T.COUNT),
        ("What is the number of victims?", T.COUNT),
        ("What percentage of voters took part?", T.COUNT),
        ("How much oil does the field produce?", T.COUNT),
        ("How much did production rise?", T.COUNT),  # "how much" with no money word near
        ("How far is the border?", T.COUNT),
        ("How long is the border?", T.COUNT),  # a length, not a time
        ("كم عدد أعضاء الوفد؟", T.COUNT),
        ("ما عدد الضحايا؟", T.COUNT),
        ("كم دولة شاركت في القمة؟", T.COUNT),
        ("كم رصيفا في الميناء؟", T.COUNT),
        ("ما نسبة البطالة؟", T.COUNT),
        ("كم يبلغ عدد السكان؟", T.COUNT),
        ("ماهو تعداد سكان المدينة؟", T.COUNT),
        ("ما مدى سرعة الفهد؟", T.COUNT),
        ("ما مدى تأثير القرار؟", T.OTHER),
        # MONEY
        ("How much did the deal cost?", T.MONEY),
        ("How much will the coach be paid?", T.MONEY),
        ("What was the price of a ticket?", T.MONEY),
        ("How many riyals does a ticket cost?", T.MONEY),
        ("What monthly allowance do trainees receive?", T.MONEY),
        ("بكم بيعت اللوحة؟", T.MONEY),
        ("كم تكلفة المشروع؟", T.MONEY),
        ("ما قيمة الصفقة؟", T.MONEY),
        ("ما سعر برميل النفط؟", T.MONEY),
        ("كم يبلغ راتب المدرب؟", T.MONEY),
        ("كم دفع النادي مقابل اللاعب؟", T.MONEY),
        ("ما مقدار الغرامة المالية؟", T.MONEY),
        ("كم بلغ مجموع المبالغ المدفوعة؟", T.MONEY),
        # PERSON
        ("Who received the delegation?", T.PERSON),
        ("Whom did the minister meet?", T.PERSON),
        ("Which official announced the deal?", T.PERSON),
        ("What is the name of the coach who resigned?", T.PERSON),
        ("Who is the president of the club?", T.PERSON),
        ("What Harvard alumni became prime minister?", T.PERSON),
        ("من هو أشهر شعراء الجاهلية؟", T.PERSON),
        ("من استقبل الوفد؟", T.PERSON),
        ("من هو وزير الخارجية السعودي؟", T.PERSON),
        ("من الذي أعلن الخبر؟", T.PERSON),
        ("مع من التقى الوزير؟", T.PERSON),
        ("بمن اتصل الرئيس؟", T.PERSON),
        ("من المسؤول الذي أعلن الخبر؟", T.PERSON),
        ("بحسب المقال، من افتتح المعرض؟", T.PERSON),
        ("المعرض افتتحه من؟", T.PERSON),
        ("أشرف عليه شخص ما، من هو هذا الشخص؟", T.PERSON),  # ما after a noun is "some", not "what"
        # "who is X" asks what X is, not for a name
        ("Who was Nikola Tesla?", T.OTHER),
        ("من هو ألفرد نوبل؟", T.OTHER),
        ("من هو محمد بن سلمان؟", T.OTHER),
        # ORGANISATION
        ("Which company won the contract?", T.ORGANISATION),
        ("Which ministry announced the recall?", T.ORGANISATION),
        ("أي شركة فازت بالعقد؟", T.ORGANISATION),
        ("أي وزارة أعلنت القرار؟", T.ORGANISATION),
        ("ما الجهة التي نظمت المعرض؟", T.ORGANISATION),
        ("ما اسم النادي الذي تعاقد معه؟", T.ORGANISATION),
        ("من الفريق الذي فاز بالكأس؟", T.ORGANISATION),
        ("إلى أي حزب ينتمي النائب؟", T.ORGANISATION),
        # PLACE
        ("Where was the meeting held?", T.PLACE),
        ("In which city did the talks take place?", T.PLACE),
        ("Which country signed the treaty?", T.PLACE),
        ("Which neighbourhood lies west of the river?", T.PLACE),
        ("أين عقد الاجتماع؟", T.PLACE),
        ("في أي مدينة أقيم المعسكر؟", T.PLACE),
        ("إلى أين توجه الوفد؟", T.PLACE),
        ("من أين جاء الوفد؟", T.PLACE),
        ("من أي دولة جاء اللاعب؟", T.PLACE),
        ("على أي ملعب تقام المباراة؟", T.PLACE),
        ("ما عاصمة جورجيا؟", T.PLACE),
        # REASON
        ("Why was the port built?", T.REASON),
        ("What was the purpose of the visit?", T.REASON),
        ("For what reason was the match postponed?", T.REASON),
        ("What caused the fire?", T.REASON),
        ("What is usually the goal of a plea bargain?", T.REASON),
        ("لماذا بني الميناء؟", T.REASON),
        ("لم تأخر القطار؟", T.REASON),
        ("ما سبب استدعاء السيارات؟", T.REASON),
        ("ما الهدف من الزيارة؟", T.REASON),
        ("ما الذي دفع الحكومة إلى القرار؟", T.REASON),
        ("ما الذي تسبب في الحريق؟", T.REASON),
        ("لأي سبب أجلت البطولة؟", T.REASON),
        # OTHER
        ("What did the minister say about the port?", T.OTHER),
        ("What did the minister say when he arrived?", T.OTHER),  # a "when" in a clause does not count
        ("Which programme did the presenter host last?", T.OTHER),
        ("ماذا بحث الوزير في القاهرة؟", T.OTHER),
        ("هل وافق البرلمان على القانون؟", T.OTHER),
        ("كيف رد الوزير؟", T.OTHER),
        ("ما الوسيلة التي استخدمت في الهجوم؟", T.OTHER),
        ("لم يحضر الوزير، فماذا قال؟", T.REASON),  # a question-opening لم is "why"
        ("الوزير لم يحضر؟", T.OTHER),  # elsewhere لم is "did not"
    ],
)
def test_answer_type(question: str, kind: AnswerType) -> None:
    assert answer_type(question) is kind


def test_answer_type_of_empty_or_junk_is_other() -> None:
    assert [answer_type(q) for q in ("", "   ", "<b>؟؟</b>", "12345")] == [T.OTHER] * 4


# --- typed_mentions ---------------------------------------------------------------------------------------


def typed(sentence: str, kind: AnswerType, published: date | None = WED_2015_08_05) -> list[TypedMention]:
    mentions = typed_mentions(sentence, published)
    assert all(sentence[m.start : m.end] == m.text for m in mentions)  # offsets are exact
    return [m for m in mentions if m.type is kind]


def texts(sentence: str, kind: AnswerType, published: date | None = WED_2015_08_05) -> list[str]:
    return [m.text for m in typed(sentence, kind, published)]


def test_date_mentions_carry_their_resolved_date() -> None:
    (m,) = typed("وصل الوفد إلى الرياض أمس الثلاثاء.", T.DATE)
    assert (m.text, type(m.value), m.value.earliest) == ("أمس الثلاثاء", DateMention, date(2015, 8, 4))
    (hijri,) = typed("في التاسع من شهر رمضان 1436 هـ", T.DATE)
    assert (hijri.value.earliest, hijri.value.parts.calendar) == (date(2015, 6, 26), "hijri")
    (en,) = typed("The talks began on 15 October 2025.", T.DATE)
    assert en.value.earliest == date(2025, 10, 15)


@pytest.mark.parametrize(
    ("sentence", "text", "days", "unit"),
    [
        ("استمر الاجتماع لمدة ثلاث ساعات.", "ثلاث ساعات", 3 / 24, "hour"),
        ("استمر الاجتماع ساعتين.", "ساعتين", 2 / 24, "hour"),
        ("بقي الوفد يومين في دمشق", "يومين", 2.0, "day"),
        ("عاش هناك عامين", "عامين", 2 * 365.25, "year"),
        ("زيارة لمدة أسبوع", "أسبوع", 7.0, "week"),
        ("أمضى 5 سنوات في السجن", "5 سنوات", 5 * 365.25, "year"),
        ("سجن تسعة أعوام", "تسعة أعوام", 9 * 365.25, "year"),
        ("استمرت الحملة 10 أيام", "10 أيام", 10.0, "day"),
        ("عقد لمدة ثلاثة مواسم", "ثلاثة مواسم", 3 * 365.25, "season"),
        ("للفترة المنتهية (اثنا عشر شهراً)", "اثنا عشر شهراً", 12 * 30.4375, "month"),
        ("انتظرنا نصف ساعة", "نصف ساعة", 0.5 / 24, "hour"),
        ("The two-day visit ended.", "two-day", 2.0, "day"),
        ("They spoke for 45 minutes.", "45 minutes", 45 / 1440, "minute"),
        ("He stayed for a week.", "a week", 7.0, "week"),
    ],
)
def test_duration(sentence: str, text: str, days: float, unit: str) -> None:
    (m,) = typed(sentence, T.DURATION)
    assert (m.text, m.unit) == (text, unit)
    assert m.value == pytest.approx(days)


def test_a_range_of_durations_gives_both_ends_the_unit() -> None:
    found = typed("تستغرق الرحلة من 3 إلى 5 أيام", T.DURATION)
    assert [(m.text, m.value, m.unit) for m in found] == [("3", 3.0, "day"), ("5 أيام", 5.0, "day")]


@pytest.mark.parametrize(
    "sentence",
    [
        "يحكم الحزب منذ عام 2011",  # a date, not a duration
        "في العام الماضي",
        "قال إن الأيام المقبلة حاسمة",  # a time word with no number
    ],
)
def test_not_durations(sentence: str) -> None:
    assert typed(sentence, T.DURATION) == []


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("وقعت صفقة بقيمة 2.5 مليار ريال", "2.5 مليار ريال", 2.5e9, "riyal"),
        ("بتكلفة ثلاثة ملايين ريال سعودي.", "ثلاثة ملايين ريال سعودي", 3e6, "SAR"),
        ("بلغت الغرامة 500 ألف ريال", "500 ألف ريال", 5e5, "riyal"),
        ("اشتراها بملياري دولار", "بملياري دولار", 2e9, "dollar"),
        ("سعر التذكرة 20 دولارا", "20 دولارا", 20.0, "dollar"),
        ("يدفع 500 فلس فقط", "500 فلس", 500.0, "fils"),
        ("بلغت 10 ملايين يورو", "10 ملايين يورو", 1e7, "EUR"),
        ("The visit cost $5 million.", "$5 million", 5e6, "USD"),
        ("a fee of SAR 500 a year", "SAR 500", 500.0, "SAR"),
        ("prices rose to €10 on Monday", "€10", 10.0, "EUR"),
        ("he paid 300 pounds", "300 pounds", 300.0, "pound"),
    ],
)
def test_money(sentence: str, text: str, value: float, unit: str) -> None:
    (m,) = typed(sentence, T.MONEY)
    assert (m.text, m.value, m.unit) == (text, value, unit)
    assert typed(sentence, T.COUNT) == []  # money is not also a count


def test_a_range_of_amounts_carries_the_scale() -> None:
    found = typed("تكلف ما بين 2 و3 مليارات دولار", T.MONEY)
    assert [(m.text, m.value) for m in found] == [("2", 2e9), ("3 مليارات دولار", 3e9)]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "counted"),
    [
        ("يضم الوفد نحو 190 شخصية من وزارات مختلفة", "190", 190.0, "شخصية"),
        ("زار ثلاثة وزراء القاعدة", "ثلاثة", 3.0, "وزراء"),
        ("حضر ثلاثة وعشرون شخصا", "ثلاثة وعشرون", 23.0, "شخصا"),
        ("سجل ١٬٥٠٠ طالب", "١٬٥٠٠", 1500.0, "طالب"),
        ("وخمسة آلاف زائر", "وخمسة آلاف", 5000.0, "زائر"),
        ("شارك ثلاثة عشر فريقا", "ثلاثة عشر", 13.0, "فريقا"),
        ("أحد عشر لاعبا", "أحد عشر", 11.0, "لاعبا"),
        ("شاركت إحدى عشرة دولة", "إحدى عشرة", 11.0, "دولة"),
        ("يضم الوفد 190 من المسؤولين", "190", 190.0, "المسؤولين"),
        ("وبلغ عدد الضحايا 12.", "12", 12.0, "الضحايا"),  # nothing after: the word before
        ("للبحث عن المواطنين الأربعة المفقودين", "الأربعة", 4.0, "المواطنين"),  # after the noun it counts
        ("The delegation had 190 Saudi officials.", "190", 190.0, "Saudi officials"),
        ("Three ministers attended.", "Three", 3.0, "ministers"),
    ],
)
def test_count(sentence: str, text: str, value: float, counted: str) -> None:
    (m,) = typed(sentence, T.COUNT)
    assert (m.text, m.value, m.counted) == (text, value, counted)


def test_a_dual_noun_counts_two_and_is_its_own_counted_word() -> None:
    (m,) = typed("زار الوفد القاعدتين الروسيتين في سوريا", T.COUNT)  # the adjective agrees: not a second dual
    assert (m.text, m.value, m.counted) == ("القاعدتين", 2.0, "القاعدتين")


@pytest.mark.parametrize("sentence", ["زرعت الأشجار في البستان", "زار باكستان وأفغانستان"])
def test_words_in_tan_that_are_not_duals(sentence: str) -> None:
    assert typed(sentence, T.COUNT) == []


def test_a_percentage_is_a_count_in_percent() -> None:
    (m,) = typed("ارتفعت النسبة إلى 20% هذا العام", T.COUNT)
    assert (m.text, m.value, m.unit, m.counted) == ("20%", 20.0, "percent", "%")
    (words,) = typed("بلغت البطالة 12 في المئة", T.COUNT)
    assert (words.text, words.unit) == ("12 في المئة", "percent")


@pytest.mark.parametrize(
    "sentence",
    [
        "طبق القرار 2254 بالكامل",  # a resolution's number
        "اشترت طائرات F-16 حديثة",
        "في قمة G20 الأخيرة",
        "في تمام الساعة 10:30 صباحا",
        "يحكم منذ عام 2015",  # a year
        "المنتدى السنوي 2015",  # a bare year names an edition
    ],
)
def test_numbers_that_are_not_counts(sentence: str) -> None:
    assert typed(sentence, T.COUNT) == []


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        # after a title or role, past what it is of
        ("وقال وزير الخارجية السعودي عادل الجبير إن الزيارة ناجحة", ["عادل الجبير"]),
        ("أكد ولي ولي العهد وزير الدفاع الأمير محمد بن سلمان بن عبد العزيز ذلك", ["محمد بن سلمان بن عبد العزيز"]),
        ("صرح المتحدث الرسمي باسم وزارة الداخلية اللواء منصور التركي بأن", ["منصور التركي"]),
        ("التقى الرئيس السوري أحمد الشرع، في دمشق", ["أحمد الشرع"]),
        ("استقبل المدير العام المهندس صالح الجاسر الطائرة", ["صالح الجاسر"]),
        ("وانتقدت السناتور دايان فاينستاين كبيرة الديمقراطيين البرنامج", ["دايان فاينستاين"]),
        ("اللواء ركن حمد بن علي العطية وزير الدولة", ["حمد بن علي العطية"]),
        ("بحضور المهندس صالح بن ناصر الجاسر، وعدد", ["صالح بن ناصر الجاسر"]),
        ("استقبل الأمير محمد بن سلمان الوفد في جدة", ["محمد بن سلمان"]),  # الوفد, a news word, is no family name
        ("برئاسة الدكتور فهد التخيفي.", ["فهد التخيفي"]),
        ("رئيس لجنة الحكام بالاتحاد السعودي لكرة القدم عمر المهنا.", ["عمر المهنا"]),
        ("قال رئيس بلدية محافظة أبو عريش محمد القحطاني إن", ["محمد القحطاني"]),
        # a chain or a given name without a title
        ("وصل محمد بن سلمان إلى عمان", ["محمد بن سلمان"]),
        ("كتب عبد الرحمن منيف روايته", ["عبد الرحمن منيف"]),
        ("أسس الشركة روبرت لين وبنجامين فايل", ["روبرت لين", "وبنجامين فايل"]),
        ("ألفه ابن خلدون في تونس", ["ابن خلدون"]),
        # a nationality, then a name of two words or more
        ("تعاقد مع الأرجنتيني ماكسيميليانو موراليز", ["ماكسيميليانو موراليز"]),
        # English: capitalised words, titles kept
        ("The visit by President Barack Obama ended.", ["President Barack Obama"]),
        ("Mr Smith said the talks went well.", ["Smith"]),
    ],
)
def test_person(sentence: str, names: list[str]) -> None:
    assert texts(sentence, T.PERSON) == names


@pytest.mark.parametrize(
    "sentence",
    [
        "قال الوزير إن الزيارة ناجحة",  # a title, then a function word
        "أعلن رئيس الجمهورية، أمس، القرار",  # a title, then punctuation
        "وكان رئيس الوزراء قد أعلن",
        "The Ministry said on Monday.",  # an organisation word alone is no person
        "قمة G20 وطائرات F-16",  # single letters are labels
        "فهو رئيس شرعي منتخب من الشعب",  # a title without the article, then what it is
        "قال المدير الفني لأرسنال حامل لقب الكأس إن",  # "of Arsenal", then no name
        "رحب رئيس النقابة بقرار المفوضية الأوروبية توسيع تدابير الدعم",
        "قال المتحدث باسم مستشفى النور إن",  # an organisation word opens no person's name
    ],
)
def test_no_person(sentence: str) -> None:
    assert texts(sentence, T.PERSON) == []


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        ("اندلع حريق في مبنى سكني بحي السديري، وتم", ["السديري"]),
        ("وصل إلى مدينة جدة مساء", ["جدة"]),
        ("أقيمت المباراة على ملعب الملك فهد الدولي بالرياض", ["ملعب الملك فهد الدولي", "بالرياض"]),
        ("تقام على ملعب «لوفتس رود» بالعاصمة البريطانية لندن", ["لوفتس رود", "لندن"]),
        ("استقبله في قصر السلام بجدة", ["قصر السلام", "بجدة"]),
        ("زار الوفد الرياض والقاهرة وللدار البيضاء", ["الرياض", "والقاهرة", "وللدار البيضاء"]),
        ("في المملكة العربية السعودية", ["المملكة العربية السعودية"]),
        ("تقع المدينة في وادي الدواسر", ["وادي الدواسر"]),
        ("ولد في قرية آرادان عام 1956", ["آرادان"]),
        ("ولد في الأغواط عام 1804", ["الأغواط"]),
        ("He flew from Riyadh to New York.", ["Riyadh", "New York"]),
    ],
)
def test_place(sentence: str, places: list[str]) -> None:
    assert texts(sentence, T.PLACE) == places


@pytest.mark.parametrize(
    "sentence",
    [
        "قرأت الخبر في المدينة",  # الخبر "the news", المدينة "the city"
        "انضمت دولة عربية إلى الاتفاق",
        "توفي في المستشفى",
        "أنشئت قاعدة بيانات جديدة",
    ],
)
def test_no_place(sentence: str) -> None:
    assert texts(sentence, T.PLACE) == []


@pytest.mark.parametrize(
    ("sentence", "organisations"),
    [
        ("أعلنت وزارة الخارجية السعودية أمس", ["وزارة الخارجية السعودية"]),
        ("وفد من الهيئة العامة للإحصاء برئاسة", ["الهيئة العامة للإحصاء"]),
        ("وقعت مع شركة أرامكو السعودية عقدا", ["شركة أرامكو السعودية"]),
        ("تخرج في جامعة الملك سعود في الرياض", ["جامعة الملك سعود"]),  # not a person "سعود"
        ("قالت وزارة الصحة تعلن عن", ["وزارة الصحة"]),  # the verb after the name is left out
        ("قال رئيس بلدية محافظة أبو عريش محمد القحطاني إن", ["بلدية محافظة أبو عريش"]),  # a name starts
        ("The Ministry of Finance said", ["Ministry of Finance"]),
        ("OPEC cut output", ["OPEC"]),
    ],
)
def test_organisation(sentence: str, organisations: list[str]) -> None:
    assert texts(sentence, T.ORGANISATION) == organisations
    if "سعود" in sentence:
        assert texts(sentence, T.PERSON) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "وقالت الوزارة إن القرار نهائي",  # the ministry, then a function word
        "وصلت البلدية للمرتبة العاشرة",  # the municipality, then a preposition
        "أول مستشفى بالمملكة ينفذ التجربة",  # a hospital, then "in the Kingdom"
    ],
)
def test_no_organisation(sentence: str) -> None:
    assert texts(sentence, T.ORGANISATION) == []


@pytest.mark.parametrize(
    ("sentence", "reasons"),
    [
        ("وصل الوزير إلى الرياض بهدف تعزيز التعاون بين البلدين.", ["بهدف تعزيز التعاون بين البلدين"]),
        ("أغلق الطريق بسبب الأمطار الغزيرة", ["بسبب الأمطار الغزيرة"]),
        ("وذلك لتعزيز العلاقات؛ ثم غادر", ["وذلك لتعزيز العلاقات"]),
        ("تأتي الزيارة في إطار جهود السلام", ["في إطار جهود السلام"]),
        ("The match was postponed because of the storm; fans left.", ["because of the storm"]),
        ("He travelled to Riyadh in order to sign the deal.", ["in order to sign the deal"]),
        ("فرضت روسيا الحظر ردا على العقوبات الأوروبية.", ["ردا على العقوبات الأوروبية"]),
        ("تكثف نشاطها استعداداً لاستقبال الحجاج.", ["استعداداً لاستقبال الحجاج"]),
        # the cause before the marker
        ("لكن عدم جاهزية الملاعب كان وراء التأجيل.", ["لكن عدم جاهزية الملاعب كان وراء"]),
        ("وقع الحادث، ثم التماس كهربائي تسبب في الحريق.", ["ثم التماس كهربائي تسبب في"]),
        ("Heavy rain caused the delay.", ["Heavy rain caused"]),
        # the cause after سبب ... إلى
        ("أرجعت الفرق سبب الحادث إلى التماس كهربائي.", ["سبب الحادث إلى التماس كهربائي"]),
    ],
)
def test_reason(sentence: str, reasons: list[str]) -> None:
    assert texts(sentence, T.REASON) == reasons


def test_mentions_come_in_order_and_never_overlap_but_for_reasons() -> None:
    sentence = (
        "استقبل الأمير محمد بن سلمان في جدة أمس وفدا من 190 شخصية لمدة ساعتين بهدف بحث صفقة بقيمة 2.5 مليار ريال."
    )
    found = typed_mentions(sentence, WED_2015_08_05)
    assert [(m.type, m.text) for m in found] == [
        (T.PERSON, "محمد بن سلمان"),
        (T.PLACE, "جدة"),
        (T.DATE, "أمس"),
        (T.COUNT, "190"),
        (T.DURATION, "ساعتين"),
        (T.REASON, "بهدف بحث صفقة بقيمة 2.5 مليار ريال"),
        (T.MONEY, "2.5 مليار ريال"),
    ]
    typed_only = [m for m in found if m.type is not T.REASON]
    assert all(a.end <= b.start for a, b in pairwise(typed_only))


def test_without_a_publication_date_relative_dates_stay_unresolved() -> None:
    (m,) = typed("وصل أمس", T.DATE, published=None)
    assert (m.value.resolved, m.value.parts.relation) == (False, ("day", -1))


def test_empty_and_odd_sentences() -> None:
    assert typed_mentions("", None) == []
    assert typed_mentions("³²¹ ①②", None) == []  # digits that are not decimal do not break the number reader


# --- new_mentions -----------------------------------------------------------------------------------------


def new(question: str, sentence: str, published: date | None = WED_2015_08_05) -> list[tuple[AnswerType, str]]:
    return [(m.type, m.text) for m in new_mentions(typed_mentions(sentence, published), question)]


def test_the_question_own_date_is_no_answer() -> None:
    assert new("ماذا حدث في 15 أكتوبر 2025؟", "في 15 أكتوبر 2025 وصل الوفد.") == []
    assert new("What happened in 2015?", "في عام 2015 بدأ التدخل") == []
    assert new("متى وصل الوفد؟", "وصل الوفد في 15 أكتوبر 2025.") == [(T.DATE, "15 أكتوبر 2025")]
    # an unresolved date in the question is compared by what its words fix
    assert new("ماذا قال الوزير أمس؟", "قال الوزير أمس إن") == []


def test_the_question_own_number_is_no_answer() -> None:
    question = "متى وصل الوفد الذي يضم 190 شخصية؟"
    assert new(question, "يضم الوفد 190 شخصية.") == []
    assert new(question, "وصل الوفد الذي يضم 190 شخصية يوم الثلاثاء.") == [(T.DATE, "يوم الثلاثاء")]
    assert new("How many bases did Russia keep after the 2.5 billion riyal deal?", "صفقة بقيمة 2.5 مليار ريال") == []


def test_the_question_own_name_is_no_answer() -> None:
    sentence = "استقبل الأمير محمد بن سلمان وزير الخارجية فيصل بن فرحان في جدة."
    assert new("من استقبل فيصل بن فرحان؟", sentence) == [(T.PERSON, "محمد بن سلمان"), (T.PLACE, "جدة")]
    # English question, Arabic sentence: names by their consonant skeleton, places through the gazetteer
    assert new("Who received Faisal bin Farhan in Jeddah?", sentence) == [(T.PERSON, "محمد بن سلمان")]


def test_amounts_compare_by_value_whatever_the_wording() -> None:
    assert new("ما الذي اشتراه بثلاثة ملايين ريال؟", "اشترى الأرض بمبلغ 3 ملايين ريال") == []
    assert new("What happened during the three-day visit?", "خلال الزيارة التي استمرت ثلاثة أيام") == []
    assert new("كم استمرت الزيارة التي كلفت 3 ملايين ريال؟", "استمرت الزيارة ثلاثة أيام") == [
        (T.DURATION, "ثلاثة أيام")
    ]


def test_a_different_count_is_new() -> None:
    assert new("كم شخصا يضم الوفد الذي زار 3 مدن؟", "زار الوفد 3 مدن وضم 190 شخصية") == [(T.COUNT, "190")]


# --- the gazetteer ------------------------------------------------------------------------------------------


def test_the_shipped_gazetteer_loads_in_both_languages() -> None:
    places = shipped_places().names
    assert places[("riyadh",)].name == places[("الرياض",)].name == "Riyadh"
    assert places[("المملكه", "العربيه", "السعوديه")].kind == "country"
    assert ("الخبر",) not in places  # "the news" is not Khobar
    assert shipped_places().longest["المملكه"] == 3


def test_a_bad_gazetteer_line_is_named() -> None:
    with pytest.raises(GazetteerError, match=r"places.tsv:2: expected kind"):
        parse_places("# comment\ncity\tRiyadh\n")


def test_asking_for_one_type_gives_exactly_the_mentions_of_that_type() -> None:
    sentence = "استقبل الوزير خالد الفالح في الرياض أمس الأحد وفدا من 40 شخصا لمدة ساعتين بهدف بحث التعاون."
    published = date(2015, 8, 10)
    everything = typed_mentions(sentence, published)
    for wanted in AnswerType:
        assert typed_mentions(sentence, published, wanted=wanted) == [m for m in everything if m.type is wanted]


@pytest.mark.parametrize("question", ["و", "ب ل؟", "و ما هو؟", "ف"])
def test_one_letter_words_are_read_without_failing(question: str) -> None:
    assert isinstance(answer_type(question), AnswerType)
