"""The interactive REPL (`isnad chat` on a terminal) and its scriptable twin for piped input."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TextIO

import click

from bot.cli import render
from retrieval import Answer, Isnad, IsnadError, Turn

HELP = """Ask a question about the articles, in English or Arabic. Follow-up questions use the conversation.
  /sources          list the indexed articles
  /timeline TOPIC   dated events about TOPIC, oldest first
  /reset            forget the conversation
  /help             this text
  /quit             leave (Ctrl-D works too)"""


class Conversation:
    """A bounded history of turns, as the library wants it for follow-up questions."""

    def __init__(self, max_turns: int) -> None:
        self.max_turns = max_turns
        self.turns: list[Turn] = []

    def add(self, answer: Answer) -> None:
        self.turns.append(Turn(answer.question, answer.text, answer.standalone_question))
        del self.turns[: max(0, len(self.turns) - self.max_turns)]

    def reset(self) -> None:
        self.turns.clear()


def run_repl(service: Isnad) -> None:
    """Read questions at a prompt with line editing until /quit or end of input."""
    with contextlib.suppress(ImportError):  # not on every platform
        import readline  # noqa: F401 - importing it gives input() line editing and history
    click.echo("isnad: ask about the articles (/help for commands).")
    report = service.ensure_indexed(progress=True)
    if report is not None:
        click.echo(f"Indexed the seed articles: {report.articles_added} articles, {report.passages_added} passages.")
    conversation = Conversation(service.settings.history_turns)
    while True:
        try:
            line = input("isnad> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not handle_line(service, conversation, line, as_json=False):
            return


def run_script(service: Isnad, lines: Iterable[str] | TextIO, *, as_json: bool) -> None:
    """Answer one question a line, keeping the conversation across lines like the REPL does."""
    conversation = Conversation(service.settings.history_turns)
    for line in lines:
        if line.strip() and not handle_line(service, conversation, line, as_json=as_json):
            return


def handle_line(service: Isnad, conversation: Conversation, line: str, *, as_json: bool) -> bool:
    """Act on one input line; False means the user asked to leave."""
    text = line.strip()
    if not text:
        return True
    command, _, argument = text.partition(" ")
    try:
        if command in ("/quit", "/exit"):
            return False
        if command == "/help":
            click.echo(HELP)
        elif command == "/reset":
            conversation.reset()
            click.echo("The conversation was reset.")
        elif command == "/sources":
            click.echo(render.SOURCES.show(service.sources(), as_json=as_json))
        elif command == "/timeline":
            click.echo(render.TIMELINE.show(service.timeline(argument), as_json=as_json))
        elif command.startswith("/"):
            click.echo(f"Unknown command {command}; /help lists the commands.")
        elif service.chat_model is not None and not as_json:
            conversation.add(_stream_answer(service, text, conversation.turns))
        else:
            answer = service.answer(text, conversation.turns)
            conversation.add(answer)
            click.echo(render.ANSWER.show(answer, as_json=as_json))
    except IsnadError as err:
        if as_json:
            click.echo(render.json_line({"question": text, "error": str(err)}))
        else:
            click.echo(f"Error: {err}", err=True)
    return True


def _stream_answer(service: Isnad, question: str, history: list[Turn]) -> Answer:
    """Print an LLM answer as it is generated; if it is replaced by the extractive one, say so and show that."""
    shown = False
    for part in service.stream(question, history):
        if isinstance(part, str):
            click.echo(part, nl=False)
            shown = True
            continue
        if part.fallback:
            click.echo("\n" if shown else "", nl=False)
            click.echo(render.answer_text(part))
        else:
            click.echo(render.sources_block(part) if shown else render.answer_text(part))
        return part
    raise AssertionError("Isnad.stream always ends with an Answer")
