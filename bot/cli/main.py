"""The `isnad` command line: ingest, ask, chat, sources, timeline, telegram, eval.

Errors the user can act on are printed as one line (`bot.cli.errors`: exit code 2 for bad input, paths or
settings, 1 for the rest, 130 on Ctrl+C); tracebacks only appear in the log with `ISNAD_LOG_LEVEL=DEBUG`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from bot.cli import render
from bot.cli.errors import EXIT_USAGE, CommandError, invalid_settings, reported_errors
from bot.cli.eval import make_eval_command
from retrieval import Settings, load_settings

log = logging.getLogger(__name__)


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # chromadb and bm25s are chatty at INFO; their warnings still come through.
    for noisy in ("chromadb", "bm25s", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def service_for(ctx: click.Context):  # type: ignore[no-untyped-def]
    """The `Isnad` service, built once per command from the settings the group loaded."""
    from retrieval import Isnad  # deferred: `--help` should not load Chroma or the model

    if "service" not in ctx.obj:
        ctx.obj["service"] = Isnad(ctx.obj["settings"])
    return ctx.obj["service"]


class IsnadGroup(click.Group):
    """The `isnad` group: every command's library errors become one-line messages with exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        with reported_errors():
            return super().invoke(ctx)


@click.group(cls=IsnadGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """isnad: cited answers from Arabic news articles."""
    try:
        settings = load_settings()
    except ValidationError as err:
        raise invalid_settings(err, "ISNAD_") from None
    configure_logging(settings.log_level)
    ctx.obj = {"settings": settings}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Empty the index first, then index everything again.")
@click.option("--prune", is_flag=True, help="Remove articles that are not among PATHS any more.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], rebuild: bool, prune: bool, as_json: bool) -> None:
    """Index articles from folders, .txt/.md files or .jsonl files (default: the seed articles)."""
    settings: Settings = ctx.obj["settings"]
    targets = list(paths) or [settings.seeds_dir]
    report = service_for(ctx).ingest(targets, rebuild=rebuild, prune=prune, progress=sys.stderr.isatty())
    click.echo(render.INGEST.show(report, as_json=as_json))


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool) -> None:
    """Answer one QUESTION with citations."""
    answer = service_for(ctx).answer(question)
    click.echo(render.ANSWER.show(answer, as_json=as_json))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per answer (JSON Lines).")
@click.pass_context
def chat(ctx: click.Context, as_json: bool) -> None:
    """Ask questions in a conversation (reads one question a line when input is not a terminal)."""
    from bot.cli.repl import run_repl, run_script

    service = service_for(ctx)
    if sys.stdin.isatty() and not as_json:
        run_repl(service)
    else:
        run_script(service, sys.stdin, as_json=as_json)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
def sources(ctx: click.Context, as_json: bool) -> None:
    """List the indexed articles with their dates and passage counts."""
    found = service_for(ctx).sources()
    click.echo(render.SOURCES.show(found, as_json=as_json))


@cli.command()
@click.argument("topic")
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@click.pass_context
def timeline(ctx: click.Context, topic: str, as_json: bool) -> None:
    """List dated events about TOPIC across the articles, oldest first."""
    events = service_for(ctx).timeline(topic)
    click.echo(render.TIMELINE.show(events, as_json=as_json))


@cli.command()
@click.pass_context
def telegram(ctx: click.Context) -> None:
    """Run the Telegram bot (token from TELEGRAM_BOT_TOKEN; see the README)."""
    from bot.telegram import MissingToken, run

    try:
        run(ctx.obj["settings"])
    except MissingToken as err:
        raise CommandError(str(err), EXIT_USAGE) from None


cli.add_command(make_eval_command())


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="isnad")


if __name__ == "__main__":
    main()
