"""Dates in news text: when an article was published, the dates its sentences name, and how to show them.

- `find_publication_date(text)`: the publication date, from the article's header only (`publication`).
- `find_dates(sentence, published)`: every date expression, resolved against the publication date
  (`mentions`); Hijri dates are converted to Gregorian (`hijri`).
- `format_date(mention, lang)`, `format_day(day, lang)`: dates as the reader sees them (`display`).
"""

from retrieval.text.dates.display import format_date, format_day
from retrieval.text.dates.hijri import hijri_month_name
from retrieval.text.dates.mentions import DateMention, DateParts, event_dates, find_dates
from retrieval.text.dates.names import month_name, weekday_name
from retrieval.text.dates.publication import find_publication_date

__all__ = [
    "DateMention",
    "DateParts",
    "event_dates",
    "find_dates",
    "find_publication_date",
    "format_date",
    "format_day",
    "hijri_month_name",
    "month_name",
    "weekday_name",
]
