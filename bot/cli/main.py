"""The `isnad` command line: ingest, ask, chat, sources, timeline, feeds, follow, telegram, eval.

Errors the user can act on are printed as one line (`bot.cli.errors`: exit code 2 for bad input, paths or
settings, 1 for the rest, 130 on Ctrl+C); tracebacks only appear in the log with `ISNAD_LOG_LEVEL=DEBUG`.
"""

from __future__ import annotations

import datetime as dt
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
@click.argument("paths", nargs=-1)
@click.option("--rebuild", is_flag=True, help="Empty the index first, then index everything again.")
@click.option("--prune", is_flag=True, help="Remove articles that are not among PATHS any more.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], rebuild: bool, prune: bool, as_json: bool) -> None:
    """Index articles from folders, .txt/.md/.jsonl files or article links (https://...); default: the seed
    articles."""
    settings: Settings = ctx.obj["settings"]
    links = [p for p in paths if p.lower().startswith(("http://", "https://"))]
    files = [Path(p) for p in paths if p not in links]
    if links and (rebuild or prune):
        raise CommandError("--rebuild and --prune apply to folders and files, not to links.", EXIT_USAGE)
    service = service_for(ctx)
    reports = []
    if files or not links:
        targets = files or [settings.seeds_dir]
        reports.append(service.ingest(targets, rebuild=rebuild, prune=prune, progress=sys.stderr.isatty()))
    if links:
        reports.append(service.ingest_links(links))
    click.echo(render.INGEST.show(render.combined(reports), as_json=as_json))


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
@click.option(
    "--since",
    metavar="WHEN",
    help="Only articles indexed since WHEN: a date or time (2026-02-04, 2026-02-04T09:30) in UTC, or a "
    "span back from now (90m, 24h, 7d). Newest arrival first.",
)
@click.pass_context
def sources(ctx: click.Context, as_json: bool, since: str | None) -> None:
    """List the indexed articles with their dates and passage counts, and the stories several outlets tell."""
    moment = parse_since(since) if since else None
    found = service_for(ctx).sources(since=moment) if moment else service_for(ctx).sources()
    click.echo(render.SOURCES.show(found, as_json=as_json))


def parse_since(value: str) -> dt.datetime:
    """`--since`: an ISO date or time (UTC unless it says otherwise), or `N` m/h/d back from now."""
    value = value.strip()
    spans = {"m": "minutes", "h": "hours", "d": "days"}
    if value[:-1].isdigit() and value[-1:].lower() in spans:
        return dt.datetime.now(dt.UTC) - dt.timedelta(**{spans[value[-1].lower()]: int(value[:-1])})
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--since {value!r} is not a date, a time or a span; try 2026-02-04, 2026-02-04T09:30 or 24h.", EXIT_USAGE
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@cli.group()
def feeds() -> None:
    """The RSS and Atom feeds `isnad follow` polls."""


@feeds.command("add")
@click.argument("url")
@click.pass_context
def feeds_add(ctx: click.Context, url: str) -> None:
    """Follow the feed at URL."""
    from retrieval import FeedStore

    added = FeedStore(ctx.obj["settings"]).add(url)
    click.echo(f"Following {url.strip()}." if added else f"{url.strip()} is followed already.")


@feeds.command("remove")
@click.argument("url")
@click.pass_context
def feeds_remove(ctx: click.Context, url: str) -> None:
    """Stop following the feed at URL (its articles stay indexed)."""
    from retrieval import FeedStore

    if not FeedStore(ctx.obj["settings"]).remove(url):
        raise CommandError(f"{url.strip()} is not followed; `isnad feeds list` shows the feeds.", EXIT_USAGE)
    click.echo(f"Stopped following {url.strip()}.")


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the feeds as JSON.")
@click.pass_context
def feeds_list(ctx: click.Context, as_json: bool) -> None:
    """List the followed feeds: when each was polled, and its last error."""
    from retrieval import FeedStore

    click.echo(render.FEEDS.show(list(FeedStore(ctx.obj["settings"]).load().values()), as_json=as_json))


@cli.command()
@click.option("--once", is_flag=True, help="Poll every feed once, then exit (for cron).")
@click.pass_context
def follow(ctx: click.Context, once: bool) -> None:
    """Poll the followed feeds and index new articles, until Ctrl+C (see `isnad feeds`)."""
    from bot.cli.follow import run_follow

    run_follow(service_for(ctx), ctx.obj["settings"], once=once)


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
