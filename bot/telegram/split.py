"""Pack HTML blocks into messages under the length limit; split a block only when it alone is too long.

`pack_messages` keeps each block (an answer line, a cited article, a timeline item) whole, starting a
new message where the next block would not fit. `split_html` cuts one long block, never inside a tag
or an entity:

The HTML is read as a row of indivisible units (a tag, an entity, a run of text ending at a
space, a slice of a very long word). A message ends after the unit that gives the best cut
within the limit: a line break, then a sentence end, then a space, then anything. Elements
open at a cut are closed at the end of one message and reopened at the start of the next.
Lengths are counted on the HTML source in UTF-16 code units, as Telegram counts, which is
never less than the length Telegram measures after parsing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_MESSAGE_LENGTH = 4096

_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]")
_PIECE = re.compile(r"\S*\s*")
_SENTENCE_END = re.compile(r"[.!?؟…۔][\"'»”’)\]]*\s+$")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")
_LONGEST_PIECE = 64  # longer words are cut into slices of this many characters

# How good a cut right after a unit is.
_NEVER, _ANYWHERE, _SPACE, _SENTENCE, _LINE = -1, 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Unit:
    html: str
    size: int
    cut: int  # quality of a cut right after this unit
    open_after: tuple[str, ...]  # opening tags of the elements still open after this unit
    blank: bool = False  # whitespace only: dropped at the start of a message


def utf16_length(value: str) -> int:
    """Length as Telegram counts it (characters outside the BMP count twice)."""
    return len(value.encode("utf-16-le")) // 2


def pack_messages(blocks: Sequence[str], limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Messages of at most `limit` UTF-16 units holding `blocks` in order, a blank line between two blocks."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in split_html(block, limit):
            joined = f"{current}\n\n{piece}" if current else piece
            if utf16_length(joined) <= limit:
                current = joined
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def split_html(html: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Messages of at most `limit` UTF-16 units whose concatenated text is `html`'s text."""
    html = html.strip()
    if utf16_length(html) <= limit:
        return [html] if html else []
    units = _units(html)
    messages: list[str] = []
    start = 0
    while start < len(units):
        reopen = units[start - 1].open_after if start else ()
        end = _end_of_message(units, start, limit - utf16_length("".join(reopen)))
        body = "".join(unit.html for unit in units[start : end + 1]).rstrip()
        message = ("".join(reopen) + body + _closing(units[end].open_after)).strip()
        if message:
            messages.append(message)
        start = end + 1
        while start < len(units) and units[start].blank:
            start += 1
    return messages


def _end_of_message(units: list[_Unit], start: int, budget: int) -> int:
    """Index of the last unit of the message that begins at `start`."""
    best: dict[int, int] = {}  # cut quality -> last unit index with that quality, past half the budget
    size = 0
    last_fitting = -1
    for i in range(start, len(units)):
        size += units[i].size
        if size + utf16_length(_closing(units[i].open_after)) > budget:
            break
        last_fitting = i
        if size >= budget // 2:
            best[units[i].cut] = i
    else:
        return len(units) - 1  # the rest fits
    if last_fitting < start:
        raise ValueError(f"limit {budget} is too small for the markup around {units[start].html[:40]!r}")
    for quality in (_LINE, _SENTENCE, _SPACE):
        candidates = [i for q, i in best.items() if q >= quality]
        if candidates:
            return max(candidates)
    end = last_fitting
    while end > start and units[end].cut == _NEVER:  # do not end right after an opening tag
        end -= 1
    return end


def _units(html: str) -> list[_Unit]:
    units: list[_Unit] = []
    stack: list[str] = []
    for token in _TOKEN.findall(html):
        if token.startswith("<") and len(token) > 1:
            match = _TAG_NAME.match(token)
            name = match.group(1).lower() if match else ""
            if token.startswith("</"):
                while stack and _name(stack.pop()) != name:
                    pass
                cut = units[-1].cut if units else _ANYWHERE
            else:
                stack.append(token)
                cut = _NEVER
            units.append(_Unit(token, utf16_length(token), cut, tuple(stack)))
        elif token.startswith("&") and len(token) > 1:
            units.append(_Unit(token, utf16_length(token), _ANYWHERE, tuple(stack)))
        else:
            units += _text_units(token, tuple(stack))
    return units


def _text_units(value: str, stack: tuple[str, ...]) -> list[_Unit]:
    units = []
    for piece in _PIECE.findall(value):
        if not piece:
            continue
        slices = [piece[i : i + _LONGEST_PIECE] for i in range(0, len(piece), _LONGEST_PIECE)]
        for part in slices[:-1]:
            units.append(_Unit(part, utf16_length(part), _ANYWHERE, stack))
        last = slices[-1]
        if "\n" in last:
            cut = _LINE
        elif _SENTENCE_END.search(piece):
            cut = _SENTENCE
        elif last[-1].isspace():
            cut = _SPACE
        else:
            cut = _ANYWHERE
        units.append(_Unit(last, utf16_length(last), cut, stack, blank=not last.strip()))
    return units


def _name(opening_tag: str) -> str:
    match = _TAG_NAME.match(opening_tag)
    return match.group(1).lower() if match else ""


def _closing(open_tags: tuple[str, ...]) -> str:
    return "".join(f"</{_name(tag)}>" for tag in reversed(open_tags))
