"""Reading the bot's messages as a user would: the visible text of Telegram HTML, and its layout on screen
under the Unicode bidirectional algorithm (`python-bidi`), in a left-to-right and a right-to-left paragraph."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bidi import get_display

from bot.telegram.direction import strip_isolates

TELEGRAM_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler", "span"}
# Pieces that must keep their left-to-right order on screen: citation markers and dates written with digits.
CITATION_MARKER = re.compile(r"\[\d+\]")
DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}"
)


class _TagChecker(HTMLParser):
    """Fails on unbalanced or unknown tags and on bare `&`/`<`; collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in TELEGRAM_TAGS, tag
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(message: str) -> str:
    """The text Telegram would show for `message`, checking the markup on the way."""
    assert not re.search(r"&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)", message), "bare & in the HTML"
    checker = _TagChecker()
    checker.feed(message)
    checker.close()
    assert not checker.open, f"unclosed tags {checker.open}"
    return "".join(checker.text)


def on_screen(line: str, paragraph: str) -> str:
    """`line` as laid out left to right on screen in an `L` or `R` paragraph, isolate marks removed."""
    return strip_isolates(get_display(line, base_dir=paragraph))


def reading_problems(text: str, quotes: tuple[str, ...] = ()) -> list[str]:
    """What reads wrong in `text` (plain, several lines) in either paragraph direction; empty when nothing.

    Each line must look the same in a left-to-right and a right-to-left paragraph; every citation marker
    and date in it must appear on screen as written; the Arabic words of every quote in `quotes` found
    in it must appear together, in right-to-left order.
    """
    problems = []
    for line in text.splitlines():
        logical = strip_isolates(line)
        if not logical.strip():
            continue
        left, right = on_screen(line, "L"), on_screen(line, "R")
        if left != right:
            problems.append(f"differs by paragraph direction: {left!r} / {right!r}")
        for screen in {left, right}:
            for piece in CITATION_MARKER.findall(logical) + DATE.findall(logical):
                if piece not in screen:
                    problems.append(f"{piece!r} is not shown as written in {screen!r}")
            for quote in quotes:
                if quote in logical and not _contains(_arabic_words(screen), _shown_right_to_left(quote)):
                    problems.append(f"the quote {quote[:30]!r}… is scrambled in {screen!r}")
    return problems


def _arabic_words(value: str) -> list[str]:
    return re.findall(r"[\u0600-\u06ff]+", value)


def _shown_right_to_left(quote: str) -> list[str]:
    """The quote's Arabic words as they appear on screen, left to right: last word first, each mirrored."""
    return [word[::-1] for word in reversed(_arabic_words(quote))]


def _contains(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))
