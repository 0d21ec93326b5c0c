"""Month and weekday names in English and Arabic."""

from __future__ import annotations

from datetime import date
from typing import Literal

Lang = Literal["en", "ar"]

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
AR_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AR_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")


def month_name(month: int, lang: Lang) -> str:
    """The month's name (1 = January): English, or the Arabic form used across Egypt and the Gulf."""
    return (AR_MONTHS if lang == "ar" else EN_MONTHS)[month - 1]


def weekday_name(d: date, lang: Lang) -> str:
    """The weekday of `d` in English or Arabic."""
    return (AR_WEEKDAYS if lang == "ar" else EN_WEEKDAYS)[d.weekday()]
