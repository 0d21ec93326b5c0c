"""How the command line reports failures: click's own `ClickException`, one line on stderr, an exit code.

    2    bad input: an unusable question or option, a missing path, invalid settings (`InputError`,
         `SourceError`, a settings validation error)
    1    any other `IsnadError` (an unusable index, an unreachable server, ...)
    130  interrupted with Ctrl+C

Tracebacks only appear in the log, with `ISNAD_LOG_LEVEL=DEBUG`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import click
from pydantic import ValidationError

from retrieval import InputError, IsnadError, SourceError

log = logging.getLogger(__name__)

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class CommandError(click.ClickException):
    """A failure the user can act on: click prints `Error: <message>` and exits with `exit_code`."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the library's errors and Ctrl+C into `CommandError` / exit codes instead of tracebacks."""
    try:
        yield
    except (InputError, SourceError) as err:
        raise CommandError(str(err), EXIT_USAGE) from err
    except IsnadError as err:
        log.debug("Failed", exc_info=True)
        raise CommandError(str(err), EXIT_FAILURE) from err
    except KeyboardInterrupt:
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


def invalid_settings(err: ValidationError, prefix: str, what: str = "settings") -> CommandError:
    """A settings validation error as `invalid settings: VARIABLE: problem; ...`, named as the user sets them."""
    problems = "; ".join(f"{prefix}{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in err.errors())
    return CommandError(f"invalid {what}: {problems}", EXIT_USAGE)
