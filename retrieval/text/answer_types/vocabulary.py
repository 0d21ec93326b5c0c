"""The words answer types are read from, in both languages, folded for matching (`retrieval.text.arabic.fold`).

Arabic words are listed without the article or a clitic (`مدينة`, not `المدينة` or `بمدينة`): `forms(word)`
gives every reading of a written word with those taken off, and `is_one_of(word, words)` looks them up.
English nouns are listed in the singular; a plural `s` is taken off when looking them up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from retrieval.text.arabic import fold


def folded_words(raw: str) -> frozenset[str]:
    return frozenset(fold(word) for word in raw.split())


# --- what kind of thing a noun names (heads of "which X", "ما X", "أي X") ----------------------------------

PERSON_NOUNS = folded_words("""
person people man men woman women official minister president leader king queen prince princess sheikh emir
sultan player coach manager referee senator member director chairman chairwoman chief spokesman spokeswoman
spokesperson ambassador envoy general commander officer soldier journalist presenter broadcaster writer author
poet artist singer actor actress scientist doctor imam cleric preacher judge governor mayor deputy secretary
candidate winner victim suspect businessman businesswoman founder owner figure politician lawyer analyst expert
student teacher boy girl child son daughter wife husband father mother brother sister footballer striker
goalkeeper midfielder defender captain pilot driver bomber attacker gunman killer emperor pope prophet inventor
composer philosopher engineer architect explorer astronaut guard head chair individual resident citizen
advisor adviser partner associate colleague assistant successor predecessor rival opponent heir descendant friend
alumnus alumni graduate
شخص اشخاص شخصية شخصيات رجل رجال امرأة نساء سيدة مسؤول مسؤولة مسؤولين وزير وزيرة رئيس رئيسة قائد زعيم ملك ملكة
أمير أميرة شيخ سلطان لاعب لاعبة مدرب مدربة عضو عضوة مدير مديرة نائب نائبة متحدث متحدثة ناطق سفير سفيرة مبعوث
ضابط جندي عسكري صحفي صحفية صحافي إعلامي إعلامية مذيع مذيعة كاتب كاتبة شاعر شاعرة فنان فنانة مغني مغنية ممثل
ممثلة طبيب طبيبة إمام خطيب قاضي قاض محافظ مستشار مرشح مرشحة فائز متهم مشتبه مؤسس مالك صاحب مخرج منتج مؤلف ناشط
ناشطة محلل خبير باحث طالب معلم طفل شاب فتى فتاة ابن ابنة زوج زوجة والد والدة شقيق شقيقة مهاجم حارس مدافع قاتل
منفذ انتحاري سائق طيار مخترع خليفة ضحية مواطن مقيم مكتشف مستشار مساعد خليفة شريك منافس
""")
ORGANISATION_NOUNS = folded_words("""
company firm ministry organisation organization club team bank agency authority body council committee
university college school institution institute group party union association society foundation fund
newspaper channel network station government department court army force militia federation corporation
airline carrier manufacturer brand hospital chamber alliance coalition movement faction regulator operator
office embassy parliament assembly cabinet board entity side network band
شركة وزارة هيئة منظمة نادي فريق منتخب جهة بنك مصرف جامعة كلية مدرسة مؤسسة جمعية صندوق وكالة لجنة مجلس اتحاد
حزب جيش قوات محكمة مستشفى صحيفة جريدة قناة إذاعة مجموعة حركة جماعة تنظيم تحالف إدارة أمانة غرفة دائرة مكتب
برلمان حكومة سفارة شرطة مصنع رابطة فصيل ميليشيا طرف شبكة
""")
PLACE_NOUNS = folded_words("""
city town village country nation state province region area district neighbourhood neighborhood place
location site capital port airport stadium venue street road island continent governorate emirate county
territory river sea lake mountain desert building park square hotel mosque palace base camp prison zone valley
coast gulf ocean peninsula municipality destination gorge strait bay canyon plain plateau
مدينة بلدة قرية دولة بلد بلاد منطقة محافظة إقليم ولاية إمارة حي مكان موقع عاصمة ميناء مطار ملعب شارع طريق
جزيرة قارة مقاطعة مسجد قصر قاعدة معسكر سجن مخيم ساحة فندق حديقة متنزه نهر بحر جبل صحراء وادي وجهة
""")
DATE_NOUNS = folded_words("""
date day year month time decade century era deadline weekday
تاريخ يوم عام سنة شهر وقت موعد ساعة قرن
""")
DURATION_NOUNS = folded_words("duration age مدة فترة عمر")  # an age is said as a length of time: 61 عاما
COUNT_NOUNS = folded_words("""
number population percentage percent percentile proportion share rate total toll count tally score height length
distance weight capacity speed
عدد نسبة حصيلة كمية طول ارتفاع مساحة عمق وزن مسافة معدل سعة تعداد سرعة
""")
# Nouns of an amount that may be money or not: the next word decides (ما مقدار الغرامة / ما حجم الإنتاج).
AMOUNT_NOUNS = folded_words("amount volume size مقدار حجم مجموع إجمالي")
MONEY_NOUNS = folded_words("""
price cost value worth budget salary wage pay fee fine sum allowance bonus prize reward compensation revenue
profit income loss investment funding grant loan debt deficit fortune tariff tax rent subsidy donation money
fare endowment
سعر أسعار ثمن تكلفة تكاليف كلفة قيمة مبلغ مبالغ راتب رواتب أجر أجور ميزانية موازنة غرامة غرامات تعويض تعويضات
جائزة مكافأة مكافآت إيرادات أرباح خسائر دخل استثمار استثمارات تمويل قرض منحة تبرع تبرعات رسوم ضريبة إيجار رصيد
بدل مخصصات إعانة قسط مال أموال
""")
REASON_NOUNS = folded_words("""
reason purpose aim goal cause motive objective rationale justification motivation
سبب أسباب هدف أهداف غرض دافع دوافع داعي مبرر مبررات علة
""")
NOUN_TYPES = (  # checked in this order
    ("PERSON", PERSON_NOUNS),
    ("ORGANISATION", ORGANISATION_NOUNS),
    ("PLACE", PLACE_NOUNS),
    ("DATE", DATE_NOUNS),
    ("DURATION", DURATION_NOUNS),
    ("MONEY", MONEY_NOUNS),
    ("COUNT", COUNT_NOUNS),
    ("REASON", REASON_NOUNS),
)

# Verbs that ask for an amount of money after "how much" / كم.
MONEY_VERBS = folded_words("""
pay paid pays cost costs spend spent spends earn earned earns invest invested raise raised charge charged fined
sell sold buy bought donate donated allocate allocated owe owed borrow borrowed lend lent fund funded lose lost
loses afford
يكلف تكلف كلف كلفت دفع دفعت يدفع تدفع دفعها أنفق أنفقت ينفق تنفق خصص خصصت رصد رصدت تبرع يتقاضى تقاضى يتقاضون
يربح ربح خسر خسرت اشترى باع يكسب كسب استثمر يبيع تبيع يشتري تشتري
""")
CURRENCIES: dict[str, tuple[str, str | None]] = {  # folded word → (name, code when the word alone fixes it)
    **dict.fromkeys(folded_words("ريال ريالا ريالات riyal riyals rial rials"), ("riyal", None)),
    **dict.fromkeys(folded_words("sr sar"), ("riyal", "SAR")),
    **dict.fromkeys(folded_words("دولار دولارا دولارات dollar dollars"), ("dollar", None)),
    **dict.fromkeys(folded_words("usd $"), ("dollar", "USD")),
    **dict.fromkeys(folded_words("يورو euro euros eur €"), ("euro", "EUR")),
    **dict.fromkeys(folded_words("جنيه جنيها جنيهات pound pounds"), ("pound", None)),
    **dict.fromkeys(folded_words("gbp £"), ("pound", "GBP")),
    **dict.fromkeys(folded_words("درهم دراهم درهما dirham dirhams"), ("dirham", None)),
    "aed": ("dirham", "AED"),
    **dict.fromkeys(folded_words("دينار دنانير دينارا dinar dinars"), ("dinar", None)),
    **dict.fromkeys(folded_words("ليرة ليرات lira"), ("lira", None)),
    **dict.fromkeys(folded_words("روبل روبلات rouble roubles ruble rubles"), ("rouble", "RUB")),
    **dict.fromkeys(folded_words("yen"), ("yen", "JPY")),  # not ين, which is بين without its ب
    **dict.fromkeys(folded_words("يوان yuan"), ("yuan", "CNY")),
    # the hundredths: هللة (of the riyal), فلس، قرش، سنت
    **dict.fromkeys(folded_words("هللة هللات halala halalas"), ("halala", None)),
    **dict.fromkeys(folded_words("فلس فلسا فلوس fils"), ("fils", None)),
    **dict.fromkeys(folded_words("قرش قرشا قروش piastre piastres"), ("piastre", None)),
    **dict.fromkeys(folded_words("سنت سنتا سنتات cent cents"), ("cent", None)),
}
# The adjective after a currency that says whose it is: ريال سعودي، دولار أمريكي، جنيه إسترليني.
CURRENCY_COUNTRIES: dict[str, str] = {
    **dict.fromkeys(folded_words("سعودي سعوديا saudi"), "SAR"),
    **dict.fromkeys(folded_words("أمريكي أميركي أمريكيا أميركيا american us"), "USD"),
    **dict.fromkeys(folded_words("إماراتي اماراتي"), "AED"),
    "كويتي": "KWD", "قطري": "QAR", "بحريني": "BHD", "عماني": "OMR", "مصري": "EGP", "اردني": "JOD",
    "استرليني": "GBP", "تركي": "TRY", "سوري": "SYP", "لبناني": "LBP", "عراقي": "IQD", "ليبي": "LYD",
    "تونسي": "TND", "جزايري": "DZD", "مغربي": "MAD", "يمني": "YER", "ايراني": "IRR", "روسي": "RUB",
}  # fmt: skip

CURRENCY_WORDS = frozenset(CURRENCIES)
# Words that make "how much / كم" a question of money wherever they stand in it.
MONEY_WORDS = MONEY_NOUNS | MONEY_VERBS | CURRENCY_WORDS | folded_words("financial monetary مالي مالية نقدي نقدية")

# Time units: what a duration is counted in; days per unit.
TIME_UNITS: dict[str, tuple[str, float]] = {}
for _unit, _days, _raw in (
    ("minute", 1 / 1440, "minute minutes min mins دقيقة دقيقه دقائق دقيقتين دقيقتان"),
    ("hour", 1 / 24, "hour hours hr hrs ساعة ساعات ساعتين ساعتان"),
    ("day", 1.0, "day days يوم يوما أيام يومين يومان"),
    ("week", 7.0, "week weeks أسبوع أسبوعا أسابيع أسبوعين أسبوعان"),
    ("month", 30.4375, "month months شهر شهرا أشهر شهور شهرين شهران"),
    ("year", 365.25, "year years سنة سنوات سنين عام عاما أعوام سنتين سنتان عامين عامان سنة"),
    ("decade", 3652.5, "decade decades عقد عقود عقدين عقدان"),
    ("season", 365.25, "season seasons موسم موسما مواسم موسمين موسمان"),  # a sports season: a year
):
    TIME_UNITS |= dict.fromkeys(folded_words(_raw), (_unit, _days))
# Dual time nouns count two by themselves: يومين, ساعتين (find_quantities reads only some duals). عقد
# ("decade", also "contract") is a unit only after a number, never alone.
DUAL_TIME_UNITS = folded_words(
    "دقيقتين دقيقتان ساعتين ساعتان يومين يومان أسبوعين أسبوعان شهرين شهران سنتين سنتان عامين عامان"
)
# Arabic verbs of lasting: كم استمر / كم تستغرق ask for a duration.
DURATION_VERBS = folded_words("""
استمر استمرت يستمر تستمر سيستمر ستستمر دام دامت يدوم تدوم استغرق استغرقت يستغرق تستغرق ستستغرق سيستغرق ظل ظلت
بقي بقيت يبقى تبقى مكث مكثت يمكث امتد امتدت يمتد تمتد
""")

_ARABIC_CLITICS = ("و", "ف", "ب", "ل", "ك")


@lru_cache(maxsize=65536)
def forms(word: str) -> tuple[str, ...]:
    """A folded word and its readings without one or two clitics (و ف ب ل ك), the article, or both; for an
    English word, also without a plural `s`: `وبالمدينه` → (`وبالمدينه`, `بالمدينه`, `المدينه`, `مدينه` ...);
    `للرياض` → (..., `الرياض`, `رياض`)."""
    word = fold(word)
    if word.isascii():
        plural = len(word) > 3 and word.endswith("s") and not word.endswith("ss")
        return (word, word[:-1]) if plural else (word,)
    found = [word]
    rest = word
    for _ in range(2):  # a conjunction may come before a preposition: وب، فل
        if rest[:1] in _ARABIC_CLITICS and len(rest) > 2 and (rest is word or word[0] in "وف"):
            rest = rest[1:]
            found.append(rest)
    for candidate in list(found):
        if candidate.startswith("لل") and len(candidate) > 4:  # للمدينه: ل + المدينه, its alef dropped
            candidate = "ا" + candidate[1:]
            found.append(candidate)
        if candidate.startswith("ال") and len(candidate) > 4:
            found.append(candidate[2:])
    return tuple(dict.fromkeys(found))


def is_one_of(word: str, words: Iterable[str] | frozenset[str]) -> bool:
    """Whether any reading of `word` (see `forms`) is in `words`."""
    return any(form in words for form in forms(word))


def accusative_base(word: str) -> str:
    """A folded word without the alef of the accusative (شخصا → شخص, يوما → يوم)."""
    return word[:-1] if len(word) > 3 and word.endswith("ا") else word


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[$€£%]")
