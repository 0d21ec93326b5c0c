"""What kind of answer a question asks for, read from its wording, in English and Arabic.

The question is read word by word, and the first word that says what is asked decides ("when", "how many",
"أين", "كم" ...); a question word that does not say ("what did ...", "ماذا", "هل") stops the reading with
OTHER, so that a later "when" in a subordinate clause does not count. The rules:

- when / what year / on what date / متى / في أي عام / ما تاريخ / حتى متى / اعتبارا من أي → DATE;
- how long / how old / how many days / for how much time / كم استمر / ما مدة / كم من الوقت / كم يوما /
  منذ متى / منذ كم → DURATION (an age is said as a length of time: 61 عاما);
- how many / number of / how far / كم عدد / ما عدد / ما نسبة / كم + noun → COUNT;
- how much / what ... cost / price / value / بكم / كم تكلفة / ما قيمة / ما سعر / كم يبلغ راتب → MONEY; "how
  much" and كم + a verb are money only when a money word (cost, paid, riyal, غرامة, تكلفة ...) is in the
  question, else COUNT;
- who / whom / whose / which official / من هو / من الذي / من + verb / مع من / بمن → PERSON;
- which company, ministry, club ... / أي شركة / أي وزارة / ما الجهة → ORGANISATION;
- where / in which city / أين / في أي مدينة / إلى أين / من أين → PLACE;
- why / for what purpose / what caused / لماذا / لم / ما سبب / ما الهدف / ما الذي دفع → REASON;
- anything else → OTHER.

"which X", "what (is the) X", "أي X", "ما (هو) X", "ما اسم X" are typed by the noun X (see `vocabulary`): the
last word of the English noun phrase, the first word of the Arabic one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.text.answer_types.model import AnswerType
from retrieval.text.answer_types.vocabulary import (
    AMOUNT_NOUNS,
    COUNT_NOUNS,
    CURRENCY_WORDS,
    DURATION_VERBS,
    MONEY_WORDS,
    NOUN_TYPES,
    PERSON_NOUNS,
    TIME_UNITS,
    WORD,
    accusative_base,
    folded_words,
    forms,
    is_one_of,
)
from retrieval.text.arabic import fold

_EN_COPULA = folded_words("""
is was are were be been 's the a an this that these those usually often typically generally commonly currently
still also now actually exactly roughly approximately
""")
_EN_NP_STOPS = folded_words("""
did does do is was were are will would has have had can could should may might must of in on at to for from with
by about between during that which who whom whose where when as than and or if after before since under over into
against per among across through a an the
said led made took won became gave held went came met saw told found left began sent built wrote ran fell rose
stood brought bought sold paid kept lost lies lay
""")
_EN_LENGTHS = folded_words("longest shortest long short maximum minimum average usual")
_EN_QUANTITY_ADJECTIVES = folded_words("far high tall deep big large wide heavy fast often long-term")
_EN_AUXILIARIES = folded_words("did does do is was were are will would has have had can could should may might must")
_EN_MORE = folded_words("more fewer less extra additional")
_EN_CAUSE_VERBS = folded_words("""
caused causes cause led leads prompted prompts made makes drove drives motivated triggered sparked forced pushed
""")
_EN_LENGTH_NOUNS = folded_words("""
road bridge border river tunnel wall line runway coast coastline track pipeline route fence railway highway street
canal corridor cable
""")
_AR_PRONOUNS = folded_words("هو هي هم هما هن")
_AR_NAME_WORDS = folded_words("اسم أسماء")
# Elatives before the noun they qualify: ما أكبر مدينة، ما آخر برنامج، ما أقصى مدة.
_AR_ELATIVES = folded_words("""
أكبر أصغر أعلى أدنى أقصى أول آخر أطول أقصر أكثر أقل أهم أبرز أحدث أقدم أفضل أسوأ أكثرية أشهر مدى
""")  # and مدى: ما مدى سرعة is "how fast"
_AR_LINK_VERBS = folded_words("""
بلغ بلغت يبلغ تبلغ سيبلغ ستبلغ كان كانت يكون تكون سيكون ستكون أصبح أصبحت يصبح تصبح سيصبح ستصبح وصل وصلت يصل تصل
سيصل ستصل قدر قدرت يقدر تقدر يساوي تساوي بات باتت صار صارت يوجد توجد هناك يتجاوز تتجاوز تجاوز ناهز يناهز يقارب
قارب هو هي
""")
_AR_MODALS = folded_words("يجب ينبغي يمكن يلزم")
_AR_TIME_NOUNS = folded_words("وقت الوقت زمن الزمن مدة فترة")
_AR_AGE = folded_words("عمر")
_AR_CAUSE_VERBS = folded_words("دفع دفعت أدى أدت تسبب تسببت جعل جعلت حمل أجبر أجبرت دعا دعت")
_AR_RELATIVES = folded_words("الذي التي الذين اللذين اللتين اللواتي اللاتي")
_AR_NOT_WHO_AFTER = folded_words("خلال بين قبل بعد ضمن جانب جهة حيث دون")  # من خلال، من بين ...: "from"
_AR_WHO_AFTER_PREPOSITION = folded_words("مع عن على إلى الى لصالح")  # مع من، إلى من
_PUNCTUATION_AFTER = re.compile(r"\s*[,،:;؛.?؟!]")
_PUNCTUATION_BEFORE = re.compile(r"[,،:;؛.?؟!\-–—(\"«]\s*$")

Reading = AnswerType | None  # None: this word does not say; OTHER: a question word that does not say either


def answer_type(question: str) -> AnswerType:
    """The kind of answer `question` asks for (see the module docstring); OTHER when its wording does not say."""
    reader = _Reader(question)
    for i in range(len(reader.words)):
        found = reader.read_at(i)
        if found is not None:
            return found
    return AnswerType.OTHER


class _Reader:
    """The folded words of a question, and the rules that read a cue at one of them."""

    def __init__(self, question: str) -> None:
        self.text = fold(question)
        matches = list(WORD.finditer(self.text))
        self.words = [m.group() for m in matches]
        self.starts = [m.start() for m in matches]
        self.has_money_word = any(is_one_of(w, MONEY_WORDS) for w in self.words)

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def opens_clause(self, i: int) -> bool:
        """The word starts the question or follows punctuation (بحسب المقال، من ...)."""
        return i == 0 or bool(_PUNCTUATION_BEFORE.search(self.text[: self.starts[i]]))

    def read_at(self, i: int) -> Reading:
        word = self.words[i]
        rule = _EN_RULES.get(word) if word.isascii() else _arabic_rule(word)
        return rule(self, i) if rule else None

    # --- English -------------------------------------------------------------------------------------

    def how(self, i: int) -> Reading:
        nxt = self.word(i + 1)
        if nxt == "long":
            head = self.english_head(i + 2)
            return AnswerType.COUNT if head in _EN_LENGTH_NOUNS else AnswerType.DURATION
        if nxt == "old":
            return AnswerType.DURATION
        if nxt in ("many", "much"):
            j = i + 2 + (self.word(i + 2) in _EN_MORE)
            after = self.word(j)
            if is_one_of(after, TIME_UNITS) or after == "time":
                return AnswerType.DURATION
            if nxt == "many":
                return AnswerType.MONEY if is_one_of(after, CURRENCY_WORDS) else AnswerType.COUNT
            if after and after not in _EN_AUXILIARIES and not is_one_of(after, MONEY_WORDS):
                return AnswerType.COUNT  # how much oil, how much land
            return AnswerType.MONEY if self.has_money_word else AnswerType.COUNT
        if nxt in _EN_QUANTITY_ADJECTIVES:
            return AnswerType.COUNT
        return AnswerType.OTHER

    def what(self, i: int) -> Reading:
        if self.words[i] == "what" and self.word(i + 1) in _EN_CAUSE_VERBS:
            return AnswerType.REASON
        phrase = self.english_phrase(i + 1)
        if phrase and phrase[-1] in ("time", "period") and _EN_LENGTHS & set(phrase):
            return AnswerType.DURATION  # the longest time, the maximum period
        return self.typed_by(phrase[-1] if phrase else "")

    def english_head(self, j: int) -> str:
        phrase = self.english_phrase(j)
        return phrase[-1] if phrase else ""

    def english_phrase(self, j: int) -> list[str]:
        """The English noun phrase from word `j`, its head last: up to a verb, preposition or participle,
        after "is the", "name of the" ...; empty when there is none ("what did ...")."""
        while self.word(j) in _EN_COPULA:
            j += 1
        if self.word(j) in ("name", "names", "title") and self.word(j + 1) == "of":
            j += 2
            while self.word(j) in _EN_COPULA:
                j += 1
        if self.word(j) in ("kind", "type", "sort") and self.word(j + 1) == "of":
            return []
        words: list[str] = []
        while j < len(self.words) and self.words[j] not in _EN_NP_STOPS:
            word = self.words[j]
            if words and len(word) > 4 and word.endswith(("ed", "ing")):
                break  # "the soldier jailed for ...": the participle starts a clause
            if words and word.endswith("s") and self.typed_by(words[-1]) is not AnswerType.OTHER:
                break  # "which neighbourhood lies west": a verb after a typed noun
            words.append(word)
            j += 1
        return words

    def is_definition(self, j: int) -> bool:
        """Whether the words from `j` to the end only name someone, as in "who is Alfred Nobel?" / "من هو ألفرد
        نوبل؟": a question of what they are, not of a name (no role noun, no elative, at most three words)."""
        rest = self.words[j:]
        if not rest or len(rest) > 3 or self.words[j] in ("the", "a", "an"):
            return False
        return not any(is_one_of(w, PERSON_NOUNS) or is_one_of(w, _AR_ELATIVES) for w in rest)

    def typed_by(self, head: str, following: str = "") -> AnswerType:
        """The type a head noun asks for: PLACE for "city", MONEY for "price" ...; an amount noun ("volume",
        مقدار) is money when the next word is; OTHER for nouns of no type."""
        if not head:
            return AnswerType.OTHER
        candidates = [*forms(head), accusative_base(fold(head))]
        if any(form in AMOUNT_NOUNS for form in candidates):
            return AnswerType.MONEY if is_one_of(following, MONEY_WORDS) or self.has_money_word else AnswerType.COUNT
        for name, nouns in NOUN_TYPES:
            if any(form in nouns for form in candidates):
                return AnswerType[name]
        return AnswerType.OTHER

    def who(self, i: int) -> Reading:
        if self.word(i + 1) in ("is", "was", "are", "were") and self.is_definition(i + 2):
            return AnswerType.OTHER
        return AnswerType.PERSON

    def number_of(self, i: int) -> Reading:
        return AnswerType.COUNT if self.word(i + 1) == "of" else None

    # --- Arabic --------------------------------------------------------------------------------------

    def when_ar(self, i: int) -> Reading:
        return AnswerType.DURATION if self.word(i - 1) == "منذ" else AnswerType.DATE  # منذ متى: for how long

    def who_ar(self, i: int) -> Reading:
        nxt = self.word(i + 1)
        if nxt in ("اين",):
            return AnswerType.PLACE
        if nxt == "اي":
            return self.which_ar(i + 1)
        if nxt == "اجل":
            return AnswerType.REASON
        if nxt in _AR_NOT_WHO_AFTER:
            return None
        if nxt in _AR_PRONOUNS:  # من هو / من هي / من هم
            if self.is_definition(i + 2):
                return AnswerType.OTHER
            typed = self.typed_by(self.word(i + 2))  # من هو الحزب ...: who is the party
            return typed if typed in (AnswerType.ORGANISATION, AnswerType.PLACE) else AnswerType.PERSON
        if self.words[i] != "من" or i == len(self.words) - 1:  # ممن، بمن، لمن، عمن; يتناوله من؟
            return AnswerType.PERSON
        if not (self.opens_clause(i) or self.word(i - 1) in _AR_WHO_AFTER_PREPOSITION):
            return None  # "from" inside the sentence
        if nxt.startswith("ال") and nxt not in _AR_RELATIVES and self.word(i + 2) in _AR_RELATIVES:
            typed = self.typed_by(nxt)  # من الفريق الذي فاز: who is the team
            if typed in (AnswerType.ORGANISATION, AnswerType.PLACE):
                return typed
        return AnswerType.PERSON

    def which_ar(self, i: int) -> Reading:
        if self.word(i - 1) == "من" and self.word(i - 2) in ("اعتبارا", "ابتداء", "بدءا"):
            return AnswerType.DATE  # اعتبارا من أي ...: "starting from which"
        return self.typed_by(self.word(i + 1), self.word(i + 2))

    def what_ar(self, i: int) -> Reading:
        if i + 1 >= len(self.words) or _PUNCTUATION_AFTER.match(self.text[self.starts[i] + len(self.words[i]) :]):
            return None  # شخص ما، / شيء ما: "some", not "what"
        j = i + 1
        if self.word(j) in _AR_RELATIVES:
            return AnswerType.REASON if is_one_of(self.word(j + 1), _AR_CAUSE_VERBS) else AnswerType.OTHER
        if is_one_of(self.word(j), _AR_CAUSE_VERBS):
            return AnswerType.REASON  # ما دفع الوزير إلى ...
        while self.word(j) in _AR_PRONOUNS or is_one_of(self.word(j), _AR_NAME_WORDS):
            j += 1
        while is_one_of(self.word(j), _AR_ELATIVES):
            j += 1
        return self.typed_by(self.word(j), self.word(j + 1))

    def how_many_ar(self, i: int) -> Reading:
        if self.words[i] == "بكم":  # "for how much": a price, unless a count follows
            after = [self.word(i + 1), self.word(i + 2)]
            return AnswerType.COUNT if any(is_one_of(w, COUNT_NOUNS) for w in after) else AnswerType.MONEY
        return self.how_many_from(i + 1)

    def how_many_from(self, j: int) -> AnswerType:
        """كم followed by the words from `j`: what they count, measure or cost."""
        if self.word(j) == "من":  # كم من الوقت، كم من الأشخاص
            j += 1
        word = self.word(j)
        if not word:
            return AnswerType.COUNT
        if is_one_of(word, _AR_TIME_NOUNS) or is_one_of(word, _AR_AGE) or _is_time_unit(word):
            return AnswerType.DURATION
        if is_one_of(word, DURATION_VERBS):
            return AnswerType.DURATION
        if is_one_of(word, MONEY_WORDS):
            return AnswerType.MONEY
        if is_one_of(word, _AR_LINK_VERBS):  # كم يبلغ ...: the word after decides
            return self.how_many_linked(self.word(j + 1), self.word(j + 2))
        if is_one_of(word, _AR_MODALS):  # كم يجب أن يبلغ عمر ...: read on past the modal
            return self.how_many_from(j + 1 + (self.word(j + 1) == "ان"))
        return AnswerType.COUNT  # كم + the counted noun

    def how_many_linked(self, word: str, following: str) -> AnswerType:
        if is_one_of(word, _AR_TIME_NOUNS) or is_one_of(word, _AR_AGE):
            return AnswerType.DURATION
        if is_one_of(word, MONEY_WORDS):
            return AnswerType.MONEY
        if is_one_of(word, COUNT_NOUNS):
            return AnswerType.COUNT
        if is_one_of(word, AMOUNT_NOUNS):
            return AnswerType.MONEY if is_one_of(following, MONEY_WORDS) or self.has_money_word else AnswerType.COUNT
        return AnswerType.MONEY if self.has_money_word else AnswerType.COUNT

    def why_short_ar(self, i: int) -> Reading:
        return AnswerType.REASON if self.opens_clause(i) else None  # لم at the start; elsewhere "did not"

    def count_ar(self, i: int) -> Reading:
        return AnswerType.COUNT if self.opens_clause(i) else None  # عدد ... ؟


def _arabic_rule(word: str) -> Callable[[_Reader, int], Reading] | None:
    """The rule of an Arabic question word, perhaps after a clitic: ومتى، فمن، لأي، وما."""
    for cut in (0, 1, 2):
        if cut and (cut >= len(word) or word[cut - 1] not in "وفبل"):
            break
        if word[cut:] in _AR_RULES:
            return _AR_RULES[word[cut:]]
    return None


def _is_time_unit(word: str) -> bool:
    return any(form in TIME_UNITS or accusative_base(form) in TIME_UNITS for form in forms(word))


def _fixed(kind: AnswerType) -> Callable[[_Reader, int], Reading]:
    return lambda reader, i: kind


_EN_RULES: dict[str, Callable[[_Reader, int], Reading]] = {
    "when": _fixed(AnswerType.DATE),
    "where": _fixed(AnswerType.PLACE),
    "who": _Reader.who,
    "whom": _fixed(AnswerType.PERSON),
    "whose": _fixed(AnswerType.PERSON),
    "why": _fixed(AnswerType.REASON),
    "how": _Reader.how,
    "what": _Reader.what,
    "which": _Reader.what,
    "name": lambda reader, i: reader.typed_by(reader.english_head(i + 1)) if i == 0 else None,
    "number": _Reader.number_of,
}
_AR_RULES: dict[str, Callable[[_Reader, int], Reading]] = {
    "متي": _Reader.when_ar,
    "اين": _fixed(AnswerType.PLACE),
    "لماذا": _fixed(AnswerType.REASON),
    "لم": _Reader.why_short_ar,
    "من": _Reader.who_ar,
    "ممن": _Reader.who_ar,
    "بمن": _Reader.who_ar,
    "لمن": _Reader.who_ar,
    "عمن": _Reader.who_ar,
    "اي": _Reader.which_ar,
    "ما": _Reader.what_ar,
    "ماهو": _Reader.what_ar,  # ما هو written as one word
    "ماهي": _Reader.what_ar,
    "ماذا": _fixed(AnswerType.OTHER),
    "هل": _fixed(AnswerType.OTHER),
    "كيف": _fixed(AnswerType.OTHER),
    "كم": _Reader.how_many_ar,
    "بكم": _Reader.how_many_ar,
    "عدد": _Reader.count_ar,
    "اذكر": lambda reader, i: reader.typed_by(reader.word(i + 1), reader.word(i + 2)) if i == 0 else None,
}
