"""Cleaning of article text: drop the page furniture that news sites wrap around an article.

What goes: share prompts, "read also" links, related-news tails, republishing disclaimers, repeated
category lines and duplicated title lines. What stays: every sentence a reader needs, verbatim, so
that citation offsets into the cleaned text quote the article exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from retrieval.text.sentences import ends_sentence

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SHARE_LINE = re.compile(
    r"^\s*(مشاركة\s+(?:المقال|الخبر)|شارك(?:\s+(?:المقال|الخبر|على))?|share(?:\s+this)?(?:\s+article)?)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_READ_ALSO_LINE = re.compile(
    r"^\s*(شاهد\s+[أا]يضا|[اإأ]قر[أا]\s+[أا]يضا|[اإأ]قر[أا]\s+المزيد|read\s+(?:also|more)|see\s+also)", re.IGNORECASE
)
_RELATED_TAIL = re.compile(
    r"^\s*(أخبار\s+ذات\s+صلة|اخبار\s+ذات\s+صلة|مواضيع\s+ذات\s+صلة|مقالات\s+ذات\s+صلة|related(?:\s+(?:news|articles|stories))?)\s*:?\s*$",
    re.IGNORECASE,
)
_REPUBLISH_CUES = (
    "نشر أولاً على موقع",
    "نشر أولا على موقع",
    "تم جلبه من مصدره",
    "لا يتحمل موقعنا",
    "من خلال مصدره الأصلي",
)
_REPUBLISH_OUTLET = re.compile(r"نشر أولاً? على موقع\s+([^\s.،,]+)")
_MAX_CATEGORY_WORDS = 2


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The cleaned text and what the dropped furniture told us."""

    text: str
    outlet: str | None
    header_lines: tuple[str, ...]  # the dropped disclaimer lines, still useful for finding a date


def normalize(text: str) -> str:
    """NFKC (folds presentation forms), invisible marks removed, LF line ends, no trailing spaces."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def clean(text: str) -> CleanedText:
    """Remove page furniture from normalised text, keeping every article sentence as it was."""
    lines = _drop_category_tail(_cut_related_tail(normalize(text).split("\n")))
    outlet: str | None = None
    dropped: list[str] = []
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if any(cue in stripped for cue in _REPUBLISH_CUES):
            found = _REPUBLISH_OUTLET.search(stripped)
            outlet = outlet or (found.group(1) if found else None)
            dropped.append(stripped)
            continue
        if _SHARE_LINE.match(stripped) or _READ_ALSO_LINE.match(stripped):
            continue
        if stripped and _is_duplicate_heading(stripped, kept):
            continue
        kept.append(line)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return CleanedText(text=body, outlet=outlet, header_lines=tuple(dropped))


def _cut_related_tail(lines: list[str]) -> list[str]:
    """Everything after a related-news heading is other articles."""
    for i, line in enumerate(lines):
        if _RELATED_TAIL.match(line.strip()):
            return lines[:i]
    return lines


def _is_duplicate_heading(line: str, kept: list[str]) -> bool:
    """A heading-like line repeating an earlier one (sites print the title twice)."""
    return not ends_sentence(line) and line in (k.strip() for k in kept)


def _is_category_line(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _MAX_CATEGORY_WORDS and not ends_sentence(line)


def _drop_category_tail(lines: list[str]) -> list[str]:
    """Drop a closing run of two or more short tag lines ("سياسة" x4); one short last line may be real."""
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or _is_category_line(lines[end - 1].strip())):
        end -= 1
    tags = [line for line in lines[end:] if line.strip()]
    return lines[:end] if len(tags) >= 2 else lines
