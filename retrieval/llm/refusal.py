"""Recognising a refusal in the model's own words ("The sources do not say who ...", "لا تذكر المقالات ..."):
a sentence that says the articles do not give the answer, in either language.

A refusal is read by what it says, not by one fixed phrase: the patterns cover a negated verb of saying or
containing ("do not mention", "لم تذكر"), "no information", and a participle of the same verbs after a
negation ("is not specified", "غير مذكور"). They are matched on folded text (`retrieval.text.arabic.fold`).
"""

from __future__ import annotations

import re

from retrieval.text.arabic import fold

_SAY = (
    r"say|says|said|mention|mentions|state|states|specify|specifies|provide|provides|contain|contains|include"
    r"|includes|give|gives|indicate|indicates|report|reports|answer|find|know|tell|tells|reveal|reveals"
    r"|identify|identifies|name|names|address|addresses|cover|covers|discuss|discusses|offer|offers|clarify"
    r"|explain|explains|disclose|discloses|detail|details"
)
_SAID = (
    r"mentioned|stated|specified|provided|given|found|available|reported|known|clear|indicated|named"
    r"|identified|disclosed|revealed|addressed|covered|discussed|detailed|included|answered|explained"
)
_ENGLISH = re.compile(
    rf"\b(?:do|does|did|could|can|would)(?: not|n't|n’t|not)\s+(?:\w+\s+){{0,3}}?(?:{_SAY})\b"
    rf"|\b(?:is|are|was|were|be|been)\s+not\s+(?:\w+\s+)?(?:{_SAID})\b"
    rf"|\bnot\s+(?:{_SAID})\s+in\s+the\b"
    r"|\bno (?:information|mention|details?|data|answer|indication|reference|specific)\b"
    r"|\b(?:unable|not able) to (?:find|answer|determine|say|identify)\b"
    r"|\bcannot be (?:determined|found|answered|identified)\b"
    r"|\bthere is nothing\b|\bnothing (?:in|about)\b.{0,40}\b(?:articles?|sources?|sentences?)\b"
)
_ARABIC_VERBS = (
    r"ذكر|تذكر|يذكر|ترد|يرد|اجد|نجد|يجد|تشر|يشر|تشير|يشير|تحدد|يحدد|تتضمن|يتضمن|توضح|يوضح|تقدم|يقدم|يوجد|توجد"
    r"|تتوفر|يتوفر|تحتوي|يحتوي|تتطرق|يتطرق|تكشف|يكشف|تذكره|يتم|تبين|يبين|تحدث|تتحدث|يتحدث|تعط|يعط|تعطي|يعطي"
)
_ARABIC = re.compile(
    rf"(?:^|\s)(?:و|ف)?(?:لا|لم|ليس|ليست)\s+(?:{_ARABIC_VERBS})(?:\s|$|[.،,؟])"
    r"|(?:غير|ليس|ليست)\s+(?:مذكور|مذكوره|محدد|محدده|واضح|واضحه|متوفر|متوفره|متاح|متاحه|معروف|معروفه)"
    r"|(?:لا|ليس هناك|لا توجد|لا يوجد)\s+(?:اي\s+)?(?:معلومات|معلومه|ذكر|اشاره|تفاصيل|اجابه)"
)


# A refusal speaks of the sources, or in the first person: "He said Russia would not give up its bases"
# negates a verb of saying too, but reports the news.
_ENGLISH_SOURCES = re.compile(
    r"\b(?:articles?|sources?|sentences?|texts?|passages?|reports?|context|information|provided|given)\b|^i\b"
)
_ARABIC_SOURCES = re.compile(
    r"مقال|مصادر|المصدر|النص|نصوص|الجمل|جمله|المعلومات|الاخبار|الخبر|الاجابه|^(?:لم|لا) (?:اجد|نجد)"
)


def is_refusal(sentence: str) -> bool:
    """Whether `sentence` says that the articles do not give the answer."""
    folded = fold(sentence).strip()
    if _ENGLISH.search(folded) and _ENGLISH_SOURCES.search(folded):
        return True
    return bool(_ARABIC.search(folded) and _ARABIC_SOURCES.search(folded))
