"""An article's publication date, read from its header.

`find_publication_date(text)` reads the date an article was published from its header, never from its body:

* the header is the first five non-empty lines, each read up to its 400th character;
* there, a line that is only a date counts (`الجمعة, 3 أكتوبر 2025 12:10 AM`: weekday and time allowed),
  and so does a full date right after a cue (`date 2025-11-16`, `Date:`, `تاريخ النشر:`, `نشر في`,
  `Published on`, a republishing note `... نشر ... تم جلبه ... بتاريخ ٤ شباط ٢٠٢٦`);
* further down, only a line that starts with such a cue, or a republishing note (`مصدره الأصلي بتاريخ`);
* only a full absolute date (day, month and year) is accepted; otherwise the answer is None, never a guess.
"""

from __future__ import annotations

import re
from datetime import date

from retrieval.text.arabic import fold_keeping_offsets
from retrieval.text.dates.mentions import WEEKDAY_PATTERN, WORD_START, DateMention, find_dates

_HEADER_LINES = 5
_HEADER_CHARS = 400
_CUE = (
    r"(?:تاريخ\s+النشر|اخر\s+تحديث|نشر(?:ت)?\s+(?:بتاريخ|في|يوم)|(?:نشر|جلب|نقل)[^\n]{0,100}?بتاريخ"
    r"|(?:published|posted|updated)(?:\s+on)?|last\s+updated|date|التاريخ|تاريخ)(?!\w)\s*:?"
)
_HEADER_CUE = re.compile(WORD_START + _CUE)
_LINE_START_CUE = re.compile(rf"^\W*{_CUE}|{WORD_START}مصدره\s+الاصلي\s+بتاريخ")
_GAP = re.compile(r"[\s:،,|\-–—]*(?:يوم\s*)?")
_TIME = re.compile(
    r"t?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?"  # 12:10, T10:00:00Z
    r"|\b(?:am|pm|gmt|utc)\b|(?<!\w)(?:ص|م|صباحا|مساء)(?!\w)"
)


def find_publication_date(text: str) -> date | None:
    """The article's publication date from its header (or a cue line), or None when it does not say."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        if number < _HEADER_LINES:
            head = line[:_HEADER_CHARS]
            found = _date_after_cue(head, _HEADER_CUE) or _date_line(head)
        else:
            found = _date_after_cue(line, _LINE_START_CUE)
        if found is not None:
            return found
    return None


def _full_dates(line: str) -> list[DateMention]:
    """The absolute single-day dates in `line`."""
    return [m for m in find_dates(line, None) if not m.relative and m.granularity == "day" and m.earliest == m.latest]


def _date_after_cue(line: str, cue: re.Pattern[str]) -> date | None:
    """A full date that follows a cue such as `تاريخ النشر:` with only punctuation between them."""
    folded, origin = fold_keeping_offsets(line)
    dates = _full_dates(line)
    for found in cue.finditer(folded):
        cue_end = origin[found.end()]
        for mention in dates:
            if mention.start >= cue_end and _GAP.fullmatch(fold_keeping_offsets(line[cue_end : mention.start])[0]):
                return mention.earliest
    return None


def _date_line(line: str) -> date | None:
    """The date of a line that holds nothing but a full date, a weekday and a time."""
    dates = _full_dates(line)
    if not dates:
        return None
    rest = fold_keeping_offsets(line[: dates[0].start] + " " + line[dates[0].end :])[0]
    rest = re.sub(WEEKDAY_PATTERN, " ", _TIME.sub(" ", rest))
    return None if re.search(r"\w", rest) else dates[0].earliest
