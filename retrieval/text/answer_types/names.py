"""Names of people, places and organisations in a sentence: a heuristic reading, not a trained recogniser.

Arabic has no capital letters, so a name is found by what stands before it:

- PERSON: a title or role word (الأمير، الملك، ولي العهد، وزير، الرئيس، الشيخ، الدكتور، اللواء، المتحدث، المدرب،
  السيد ... Mr, Dr, President, Minister, Prince, King, Sheikh, coach ...), perhaps followed by what it is of
  (وزير الخارجية السعودي، مدير عام الخطوط السعودية), then the name words; a name stops at punctuation, a
  preposition or other function word, a verb of speech or action (قال، أكد، استقبل ...), a number or date, or
  after a word with the article (the family name: عادل الجبير), except that بن، ابن، أبو، آل، عبد chain on
  (محمد بن سلمان بن عبدالعزيز، عبد العزيز). An Arabic chain "X بن Y" or a name in عبد is a name by itself.
- A common given name (`retrieval/data/given_names.txt`: محمد، عبدالله، روبرت، جون ...; none that is also an
  everyday word) starts a name by itself.
- PLACE: a place word (مدينة، محافظة، منطقة، حي، مطار، ملعب ... city, province, airport ...) before the name,
  or a name of the shipped gazetteer (`places`).
- ORGANISATION: an organisation word (وزارة، هيئة، شركة، جامعة، مجلس، نادي ... Ministry, Company, Council ...)
  and the words of its name after it (وزارة الخارجية، الهيئة العامة للإحصاء); the span includes the word.
- In an English sentence, a run of capitalised words (not opening the sentence unless there are several) is a
  place when the gazetteer knows it, an organisation when it holds an organisation word or is an acronym, and
  a person otherwise.

Its recall is measured by `benchmarks/answer_types_check.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from retrieval.text.answer_types.model import AnswerType
from retrieval.text.answer_types.places import find_places
from retrieval.text.answer_types.vocabulary import (
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    folded_words,
    is_one_of,
)
from retrieval.text.answer_types.words import Word
from retrieval.text.arabic import STOPWORDS, content_stems, fold
from retrieval.text.dates.names import EN_MONTHS, EN_WEEKDAYS
from retrieval.text.glossary import shipped_glossary

Span = tuple[int, int, AnswerType]  # first word, last word + 1, type

MAX_NAME_WORDS = 6
MAX_DESCRIPTOR_WORDS = 8  # رئيس لجنة الحكام الرئيسية بالاتحاد السعودي لكرة القدم [...] عمر المهنا
MAX_PLACE_WORDS = 4

# --- Arabic vocabulary ----------------------------------------------------------------------------------

PERSON_TITLES = folded_words("""
أمير الأمير ملك الملك الملكة الأميرة رئيس الرئيس رئيسة الرئيسة نائب النائب وزير الوزير وزيرة الوزيرة شيخ الشيخ
الشيخة الدكتور الدكتورة د المهندس المهندسة اللواء العميد الفريق العقيد المقدم النقيب الرائد الملازم المشير الجنرال
السفير السفيرة المتحدث المتحدثة الناطق المدير مدير مديرة المديرة المدرب مدرب اللاعب لاعب الكاتب الكاتبة السيد السيدة
الأستاذ الأستاذة الإمام القاضي المستشار المحامي الداعية الشاعر الشاعرة الفنان الفنانة الإعلامي الإعلامية المذيع
المذيعة الصحفي الصحفية البروفيسور الحكم المحافظ محافظ الأمين أمين سمو معالي فضيلة سعادة الرئيس المطران البابا
السناتور السيناتور الحاكم النائبة المرشح المرشحة الوزيرة
القائد قائد المفتي مفتي العاهل الزعيم المبعوث المنسق الخبير الباحث المخرج المغني المطرب الممثل المهاجم المدافع
الحارس النجم
""")
# Two-word titles: ولي العهد، خادم الحرمين الشريفين
PERSON_TITLE_PAIRS = {("ولي", "العهد"), ("خادم", "الحرمين")}
# What a title may be "of" before the name: مدير عام ...، رئيس مجلس إدارة ...، نائب وزير ...
TITLE_COMPLEMENTS = folded_words("""
عام العام عامة إدارة مجلس هيئة شركة لجنة مكتب قسم فرع دائرة شؤون مركز قطاع أمانة غرفة بلدية جهاز مصلحة وزارة
جمعية مؤسسة جامعة كلية فريق نادي منتخب حزب اتحاد مجموعة صندوق بنك برنامج مشروع وحدة باسم ولي الحرمين الشريفين
الوزراء الدولة وفد سمو معالي ركن طيار بحري
""")
NAME_LINKS = folded_words("بن ابن بنت أبو أبي أبا آل عبد")
# Place words: of an area, before its name (مدينة جدة: "جدة"), or of a venue, part of its name (مطار الملك خالد).
PLACE_TRIGGERS = folded_words("""
مدينة محافظة منطقة قرية حي دولة عاصمة جزيرة إقليم ولاية بلدة مقاطعة إمارة مخيم بحيرة نهر جبل وادي ضاحية جمهورية
مملكة سلطنة خليج مضيق بحر جبال صحراء هضبة سهل بلاد قارة
""")
VENUE_TRIGGERS = folded_words("""
ميناء مطار شارع ملعب معبر ساحة مسجد جامع قاعدة سجن حديقة متنزه قصر فندق برج منتجع ميدان كورنيش استاد
""")
# Words after which "في / على / قرب X" names where something is: يقع في، ولد في، مقرها في، بالقرب من.
LOCATION_VERBS = folded_words("""
يقع تقع ولد ولدت توفي توفيت عاش عاشت نشأ نشأت مقره مقرها يتخذ تتخذ دفن دفنت تأسس تأسست
""")
LOCATION_PREPOSITIONS = folded_words("في على")
NEAR_WORDS = folded_words("قرب بالقرب مقربة")
ORGANISATION_TRIGGERS = folded_words("""
وزارة هيئة شركة جامعة مجلس منظمة بنك مصرف نادي جمعية مؤسسة صندوق وكالة لجنة اتحاد حزب جيش قوات محكمة مستشفى
غرفة أمانة كلية معهد صحيفة جريدة قناة إذاعة مديرية حركة جماعة تنظيم تحالف منتخب فريق مجموعة مصنع مكتب
مركز بلدية
""")
# Words a name never holds: verbs of speech and action that follow a name, and function words.
NAME_STOPS = STOPWORDS | folded_words("""
قال قالت أكد أكدت أعلن أعلنت أشار أشارت أوضح أوضحت أضاف أضافت شدد شددت لفت بحث استقبل استقبلت التقى زار زارت
وصل وصلت غادر دعا دعت اعتبر رأى أفاد ذكر ذكرت صرح كشف كشفت وقع افتتح ترأس رعى حضر شارك تلقى أجرى عقد قدم
أبدى أعرب هنأ وجه أمر يقول تقول يؤكد يرى أن إن ان لأن كما الذي التي إلى خلال عبر لدى أمام وسط نحو ضد حيث بعد
قبل منذ أثناء بينما عندما حين إذ إذا لكن بل أو أم ثم كي لكي لدى عليه عليها يوم اليوم صباح مساء أمس غدا
عن على في من مع و ب ل ف نائبا رئيسا يلتقي يزور يصل يبحث يستقبل يؤكد يعلن تعلن يرأس يشارك يفتتح يدعو يجري يتوجه
يغادر يشهد لدينا لديه لديها لديهم أيضا فقط جدا كذلك فيما حفظه حفظها حفظهم
""")
# Words after a place or organisation word that say what kind it is, not which: منطقة عازلة، دولة عربية، ملعب دولي.
_KIND_ADJECTIVES = folded_words("""
عازلة عسكرية سكنية صناعية كبيرة صغيرة جديدة واحدة أخرى آمنة حدودية بيانات كبرى عظمى مجاورة شقيقة صديقة عضو دولي
سكني عسكري حكومي خاص عام جديد كبير صغير واحد آخر أهلية أهلي محلية محلي
""")

# Nationalities before a name with no title (الأرجنتيني ماكسيميليانو موراليز، الروسي سيرغي لافروف): the name
# then needs two words at least.
NATIONALITIES = folded_words("""
السعودي المصري الأردني السوري اللبناني العراقي الكويتي القطري الإماراتي البحريني العماني اليمني الفلسطيني الليبي
التونسي الجزائري المغربي السوداني الموريتاني الإيراني التركي الروسي الأوكراني الأمريكي الأميركي البريطاني
الإنجليزي الإنكليزي الفرنسي الألماني الإيطالي الإسباني البرتغالي الهولندي البلجيكي السويسري السويدي النرويجي
الدنماركي البولندي اليوناني الصيني الياباني الكوري الهندي الباكستاني الأفغاني الإندونيسي الماليزي الأسترالي الكندي
المكسيكي البرازيلي الأرجنتيني التشيلي الكولومبي الأوروغوياني النيجيري الكاميروني الغاني السنغالي الإثيوبي
الكيني الجنوب الأفريقي الصربي الكرواتي الروماني التشيكي المجري
""")

# Nouns of a kind of thing, not a name: after يقع في they say where only in general (المستشفى، المنطقة).
_GENERIC_NOUNS = PLACE_NOUNS | ORGANISATION_NOUNS | PERSON_NOUNS | folded_words("المنزل منزل البيت بيت الخارج")

# --- English vocabulary ---------------------------------------------------------------------------------

EN_PERSON_TITLES = folded_words("""
mr mrs ms miss dr president minister prince princess king queen sheikh sheikha emir sultan coach gen general col
colonel lt lieutenant sen senator rep governor mayor secretary chairman ceo ambassador judge imam pope sir lord
lady manager striker midfielder goalkeeper defender spokesman spokeswoman envoy premier chancellor professor prof
""")
EN_ORGANISATION_WORDS = folded_words("""
ministry company council bank university club agency authority organization organisation union party army
forces force corporation group association institute committee commission court league federation airlines
airways fund foundation society church college school hospital department office network bureau chamber
assembly parliament congress senate guard police
""")
EN_PLACE_WORDS = folded_words("""
city province region port airport stadium street road island district county state kingdom republic emirate
governorate village town
""")
EN_NAME_LINKS = folded_words("bin ibn bint al el abu abd de da van von der of for")
EN_NOT_NAMES = folded_words(
    " ".join(EN_MONTHS + EN_WEEKDAYS)
    + """ the a an in on at of for to from by with and or but he she it they we i this that these those his her
    its their there here when where who what which why how after before during while since as if then also
    according meanwhile however mr mrs ms dr"""
)


GIVEN_NAMES_FILE = "given_names.txt"


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The folded given names of the shipped list (multi-word ones as written, one space apart)."""
    text = resources.files("retrieval").joinpath("data", GIVEN_NAMES_FILE).read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            names.update(" ".join(fold(n).split()) for n in line.split("|") if n.strip())
    return frozenset(names)


def name_spans(words: Sequence[Word], taken: Iterable[tuple[int, int]]) -> list[Span]:
    """People, places and organisations among `words`, as word spans, without overlaps (the longest wins).
    Words inside `taken` (dates and numbers) are never part of a name."""
    blocked = frozenset(i for first, last in taken for i in range(first, last))
    candidates: list[Span] = []
    candidates += [(a, b, AnswerType.PLACE) for a, b, _ in find_places(words)]
    candidates += _after_triggers(words, blocked)
    candidates += _arabic_chains(words, blocked)
    candidates += _given_names(words, blocked)
    candidates += _where_something_is(words, blocked)
    candidates += _capitalised_runs(words, blocked)
    candidates = [c for c in candidates if not any(i in blocked for i in range(c[0], c[1]))]
    kept: list[Span] = []
    for c in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(c[1] <= k[0] or c[0] >= k[1] for k in kept):
            kept.append(c)
    return sorted(kept)


# --- after a title, a place word or an organisation word -------------------------------------------------


def _after_triggers(words: Sequence[Word], blocked: frozenset[int]) -> list[Span]:
    found: list[Span] = []
    for i, word in enumerate(words):
        if not word.is_arabic:
            continue
        if is_one_of(word.folded, PERSON_TITLES) or _title_pair_at(words, i):
            start = i + (2 if _title_pair_at(words, i) else 1)
            name = _person_name(words, start, blocked)
            if name:
                found.append((*name, AnswerType.PERSON))
        elif is_one_of(word.folded, PLACE_TRIGGERS | VENUE_TRIGGERS) and not _is_definite(word):  # المدينة
            quoted = _quoted_name(words, i + 1)
            end = quoted or _proper_name_end(words, i + 1, blocked)
            if end > i + 1:
                venue = is_one_of(word.folded, VENUE_TRIGGERS) and not quoted  # ملعب «لوفتس رود»: the name
                found.append((i if venue else i + 1, end, AnswerType.PLACE))
        elif is_one_of(word.folded, ORGANISATION_TRIGGERS):
            quoted = None if _is_definite(word) else _quoted_name(words, i + 1)
            end = quoted or _proper_name_end(words, i + 1, blocked, definite_only=_is_definite(word))
            if end > i + 1:
                found.append((i, end, AnswerType.ORGANISATION))
        elif word.folded in NATIONALITIES:
            end = _name_after_nationality(words, i + 1, blocked)
            if end:
                found.append((i + 1, end, AnswerType.PERSON))
    return found


def _name_after_nationality(words: Sequence[Word], i: int, blocked: frozenset[int]) -> int | None:
    """The end of a name of two words or more right after a nationality: الأرجنتيني ماكسيميليانو موراليز."""
    if i >= len(words) or words[i].after_break or _is_definite(words[i]) or not _starts_name(words[i]):
        return None
    end = _name_end(words, i, blocked)
    return end if end >= i + 2 else None


_OPENING_QUOTES = ("«", '"', "“", "'", "‘", "(")
_CLOSING_QUOTES = ("»", '"', "”", "'", "’", ")")


def _quoted_name(words: Sequence[Word], i: int) -> int | None:
    """The end of a name in quotes right after a place or organisation word: ملعب «لوفتس رود»."""
    if i >= len(words) or not words[i].gap.strip().endswith(_OPENING_QUOTES):
        return None
    end = i + 1
    while end < len(words) and end - i < MAX_NAME_WORDS and not words[end].after_break:
        end += 1
    closes = end < len(words) and words[end].gap.strip().startswith(_CLOSING_QUOTES)
    return end if closes or end == len(words) else None


def _is_definite(word: Word) -> bool:
    """The word carries the article, perhaps after a clitic: المدينة، بالمدينة، للمدينة."""
    return any(f.startswith("ال") for f in word.forms)


def _title_pair_at(words: Sequence[Word], i: int) -> bool:
    return i + 1 < len(words) and any((f, words[i + 1].folded) in PERSON_TITLE_PAIRS for f in words[i].forms)


def _person_name(words: Sequence[Word], i: int, blocked: frozenset[int]) -> tuple[int, int] | None:
    """The name after a title: skip what the title is of (definite words, complements, further titles), then
    take the name words. After a long complement, or right after a title without the article (رئيس شرعي
    منتخب), the words must look like a name by themselves (see `_looks_like_name`)."""
    indefinite_title = not _is_definite(words[i - 1]) and not _title_pair_at(words, i - 2)
    skipped, through_preposition = 0, False
    while i < len(words) and skipped < MAX_DESCRIPTOR_WORDS and not words[i].after_break and i not in blocked:
        w = words[i]
        if is_one_of(w.folded, PERSON_TITLES) or _title_pair_at(words, i):
            return None  # the next title names the person itself: its own match takes it
        if w.folded.startswith("ال") or _has_attached_article(w) or is_one_of(w.folded, TITLE_COMPLEMENTS):
            i += 1  # الخارجية، بالاتحاد، للمزارعين، مجلس
            skipped += 1
            continue
        if _is_given(w):
            break
        if w.folded[:1] in "بل" and len(w.folded) > 3:
            i += 1  # لكرة القدم، بنادي النصر، لأرسنال: what the title is of, not a name
            skipped += 1
            through_preposition = True
            continue
        break
    if i >= len(words) or words[i].after_break or i in blocked or not _starts_name(words[i]):
        return None
    end = _name_end(words, i, blocked)
    doubtful = skipped >= 3 or through_preposition or (indefinite_title and skipped == 0)
    if end <= i or (doubtful and not _looks_like_name(words[i:end])):
        return None
    return i, end


def _looks_like_name(name: Sequence[Word]) -> bool:
    """A given name, a chain (بن، عبد ...), or a first name and a family name with the article that is not a
    news word (عمر المهنا; not توسيع التدابير)."""
    return (
        _is_given(name[0])
        or any(w.folded in NAME_LINKS for w in name)
        or (len(name) == 2 and name[1].folded.startswith("ال") and not _is_common_word(name[1]))
    )


def _has_attached_article(w: Word) -> bool:
    """A clitic and the article on one word: بالاتحاد، للمزارعين، والعاملين are never part of a name."""
    return not w.folded.startswith("ال") and any(f.startswith("ال") for f in w.forms[1:])


def _is_given(w: Word) -> bool:
    return any(f in given_names() for f in w.forms)


def _starts_name(w: Word) -> bool:
    """A name word that can open a name: not one with the conjunction و (والعاملين، ودوري) unless it is a
    given name after it (ومحمد)."""
    if is_one_of(w.folded, ORGANISATION_TRIGGERS | PLACE_TRIGGERS | VENUE_TRIGGERS):
        return False  # مستشفى النور is an organisation, not a person
    return _is_name_word(w) and (not w.folded.startswith("و") or _is_given(w) or len(w.folded) <= 3)


def _is_name_word(w: Word) -> bool:
    return (
        w.is_arabic
        and not w.is_number
        and w.folded not in NAME_STOPS
        and not any(f in NAME_STOPS for f in w.forms[1:2])  # وقال، وأكد
        and not is_one_of(w.folded, PERSON_TITLES)
        and not _has_attached_article(w)
        and len(w.folded) > 1
    )


def _name_end(words: Sequence[Word], i: int, blocked: frozenset[int]) -> int:
    """The end of an Arabic personal name starting at word `i`."""
    end = i
    while end < len(words) and end - i < MAX_NAME_WORDS:
        w = words[end]
        if end > i and (w.after_break or end in blocked):
            break
        if w.folded in NAME_LINKS and end + 1 < len(words) and not words[end + 1].after_break:
            end += 2  # بن سلمان، عبد العزيز، آل سعود
            if words[end - 1].folded in NAME_LINKS and end < len(words) and not words[end].after_break:
                end += 1  # بن عبد العزيز
            continue
        if not _is_name_word(w):
            break
        if end > i and w.folded.startswith("و") and not any(f in given_names() for f in w.forms[:1]):
            break  # روبرت لين وبنجامين فايل: و joins two names
        if _name_units(words[i:end]) >= 2 and (w.folded.startswith("ال") or w.folded.endswith("ه")):
            break  # كريج باوسون البالغ، دايان فاينستاين كبيرة: a first and a last name are there already
        if w.folded.startswith("ال") and end > i + 1 and _after_chain(words, i, end) and _is_common_word(w):
            break  # محمد بن سلمان الوفد: after a chain, a news word is the next phrase, not a family name
        end += 1
        if w.folded.startswith("ال") and end > i + 1 and words[end - 2].folded not in NAME_LINKS:
            break  # a family name with the article closes the name
    return end


@lru_cache(maxsize=1)
def _news_stems() -> frozenset[str]:
    """The Arabic stems of the news glossary: common words of the news, which are not family names."""
    return frozenset().union(*shipped_glossary().values())


def _is_common_word(word: Word) -> bool:
    return any(stem in _news_stems() for stem in content_stems(word.text))


def _after_chain(words: Sequence[Word], i: int, end: int) -> bool:
    """The name so far ends with a link and its word: ... بن سلمان."""
    return end - i >= 3 and words[end - 2].folded in NAME_LINKS


def _name_units(words: Sequence[Word]) -> int:
    """The parts of a name that stand alone: its plain words, and a first name in عبد / أبو (عبد الرحمن); not
    a link (بن ...) nor the word it takes. محمد بن سلمان is 1, عبد الرحمن منيف 2."""
    plain = sum(
        1
        for k, w in enumerate(words)
        if w.folded not in NAME_LINKS and (k == 0 or words[k - 1].folded not in NAME_LINKS)
    )
    return plain + (bool(words) and words[0].folded in NAME_LINKS)


def _proper_name_end(words: Sequence[Word], i: int, blocked: frozenset[int], *, definite_only: bool = False) -> int:
    """The end of the name of a place or organisation after its word: name words, with or without the article
    (حي السديري، ملعب الملك فهد الدولي، الهيئة العامة للإحصاء); after a definite word (الهيئة) only definite
    words follow."""
    end = i
    while end < len(words) and end - i < MAX_NAME_WORDS:
        w = words[end]
        if w.after_break or end in blocked or not w.is_arabic or w.is_number:
            break
        definite = w.folded.startswith(("ال", "لل"))
        if definite_only and not definite:
            break
        if w.folded in NAME_STOPS or (not definite and any(f in NAME_STOPS for f in w.forms[1:2])):
            break
        if end == i and (w.folded in _KIND_ADJECTIVES or (not definite and w.folded.endswith("يه"))):
            break  # دولة عربية: what kind of place, not which
        if end > i and is_one_of(w.folded, PERSON_TITLES) and not is_one_of(words[end - 1].folded, PLACE_TRIGGERS):
            break  # وزارة الداخلية اللواء ...: a title starts a person; but جامعة الملك سعود
        if end > i and _is_given(w) and not is_one_of(words[end - 1].folded, PERSON_TITLES):
            break  # بلدية محافظة أبو عريش محمد القحطاني: a person's name starts; but جامعة الملك سعود
        if _has_attached_article(w) and w.folded[:1] in "بكف":
            break  # مستشفى بالمملكة: a preposition, not the name (للإحصاء، والتقنية go on)
        if end == i and definite_only and not w.folded.startswith("ال"):
            break  # البلدية للمرتبة: after a definite word, its name goes on with an adjective (الهيئة العامة)
        if end > i and not definite:
            before = words[end - 1]
            if before.folded.startswith(("ال", "لل")) and not is_one_of(before.folded, PERSON_TITLES):
                break  # وزارة الصحة تعلن: after the name, a verb; but جامعة الملك سعود
        end += 1
    return end


# --- Arabic names without a title ------------------------------------------------------------------------


def _arabic_chains(words: Sequence[Word], blocked: frozenset[int]) -> list[Span]:
    """ "X بن Y" and names in عبد (عبدالله، عبد الرحمن), with the name words around them."""
    found: list[Span] = []
    for i, w in enumerate(words):
        if i in blocked or not w.is_arabic:
            continue
        is_link = w.folded == "بن" and i > 0 and not w.after_break and _is_name_word(words[i - 1])
        is_abd = w.folded.startswith("عبد") and (len(w.folded) > 5 or w.folded == "عبد")
        opens = w.folded == "ابن" and i + 1 < len(words) and not words[i + 1].folded.startswith("ال")  # ابن خلدون
        if not (is_link or is_abd or opens):
            continue
        start = i - 1 if is_link else i
        if start > 0 and not words[start].after_break and any(f in given_names() for f in words[start - 1].forms):
            start -= 1  # محمد عبد الله: a given name before the chain
        end = _name_end(words, start, blocked)
        if end > i:
            found.append((start, end, AnswerType.PERSON))
    return found


def _where_something_is(words: Sequence[Word], blocked: frozenset[int]) -> list[Span]:
    """يقع في X، ولد في X، مقرها في X، قرب X، بالقرب من X: X, when it is a name (not المستشفى, the hospital)."""
    found: list[Span] = []
    for i, w in enumerate(words):
        if not w.is_arabic:
            continue
        start = None
        if is_one_of(w.folded, LOCATION_VERBS) and i + 1 < len(words) and words[i + 1].folded in LOCATION_PREPOSITIONS:
            start = i + 2
        elif is_one_of(w.folded, NEAR_WORDS):
            start = i + 1 + (i + 1 < len(words) and words[i + 1].folded == "من")
        if start is None or start >= len(words) or words[start].after_break or start in blocked:
            continue
        if is_one_of(words[start].folded, _GENERIC_NOUNS):
            continue
        end = _proper_name_end(words, start, blocked)
        if end > start:
            found.append((start, min(end, start + MAX_PLACE_WORDS), AnswerType.PLACE))
    return found


def _given_names(words: Sequence[Word], blocked: frozenset[int]) -> list[Span]:
    """A given name of the list and the name words after it: روبرت لين، محمد الأحمد."""
    names = given_names()
    found: list[Span] = []
    for i, w in enumerate(words):
        if i in blocked or not w.is_arabic or not any(f in names for f in w.forms):
            continue
        end = _name_end(words, i, blocked)
        if end > i:
            found.append((i, end, AnswerType.PERSON))
    return found


# --- English: runs of capitalised words -------------------------------------------------------------------


def _capitalised_runs(words: Sequence[Word], blocked: frozenset[int]) -> list[Span]:
    found: list[Span] = []
    i = 0
    while i < len(words):
        w = words[i]
        if not (w.is_latin and w.is_capitalised) or i in blocked:
            i += 1
            continue
        end = i + 1
        while end < len(words) and end not in blocked and not words[end].after_break and words[end].is_latin:
            nxt = words[end]
            if nxt.is_capitalised or (
                nxt.folded in EN_NAME_LINKS and end + 1 < len(words) and words[end + 1].is_capitalised
            ):
                end += 1
            else:
                break
        run = list(range(i, end))
        if all(len(words[k].folded) == 1 for k in run):
            run = []  # single letters: G20, F-16, U.S. are labels, not names
        # Drop leading words that are not names: "The", "In", "President" (kept as a title below).
        while run and words[run[0]].folded in EN_NOT_NAMES:
            run.pop(0)
        if run:
            kind = _english_kind(words, run)
            first = run[0]
            if kind and not (first == 0 and len(run) == 1 and kind is AnswerType.PERSON):
                found.append((run[0], run[-1] + 1, kind))
        i = end
    return found


def _english_kind(words: Sequence[Word], run: list[int]) -> AnswerType | None:
    folded = [words[i].folded for i in run]
    if any(f in EN_ORGANISATION_WORDS for f in folded) or (
        len(run) == 1 and words[run[0]].text.isupper() and 2 <= len(words[run[0]].text) <= 6
    ):
        return AnswerType.ORGANISATION
    if any(f in EN_PLACE_WORDS for f in folded):
        return AnswerType.PLACE
    if all(f in EN_PERSON_TITLES for f in folded):
        return None
    return AnswerType.PERSON
