"""Loading articles from folders, text/Markdown files and JSONL files, with an optional metadata sidecar.

A folder may hold `metadata.toml` whose tables, keyed by file name, give or override `title`,
`published`, `url` and `outlet` for that file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from retrieval.errors import SourceError
from retrieval.ingest.cleaning import clean, normalize
from retrieval.records import Article
from retrieval.text.dates import find_publication_date

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SIDECAR_NAME = "metadata.toml"
_DATE_PREFIX = re.compile(r"^\s*(?:date|التاريخ|تاريخ النشر)\s*:?\s*\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:]+)?\s*", re.I)
_MAX_DATE_LINE_CHARS = 48
_MAX_TITLE_CHARS = 160
_FALLBACK_TITLE_WORDS = 12


@dataclass(slots=True)
class LoadResult:
    """Articles read, and one message for every file that was skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def load_articles(paths: Sequence[Path], *, max_bytes: int) -> LoadResult:
    """Load every article under `paths` (folders are walked, sorted, without following links out).

    Refused, each with a message naming it while the rest is loaded: files over `max_bytes`, binary
    files, anything that is not a regular file, and links (to files or folders) that leave the folder
    being ingested. A single file given by name may link anywhere inside its own folder."""
    result = LoadResult()
    for path in paths:
        if not path.exists():
            raise SourceError(f"No such file or folder: {path}")
        if path.is_dir():
            root = path.resolve()
            sidecar = _read_sidecar(path / SIDECAR_NAME, root, max_bytes, result)
            for entry in sorted(path.rglob("*")):
                if entry.is_dir():
                    _check_linked_folder(entry, root, result)  # never followed; only reported when it leaves
                elif entry.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                    article_id = entry.relative_to(path).as_posix()
                    _load_file(entry, article_id, root, sidecar.get(article_id, {}), max_bytes, result)
        else:
            root = path.parent.resolve()
            sidecar = _read_sidecar(path.parent / SIDECAR_NAME, root, max_bytes, result)
            _load_file(path, path.name, root, sidecar.get(path.name, {}), max_bytes, result)
    return result


def _check_linked_folder(entry: Path, root: Path, result: LoadResult) -> None:
    """Report a link to a folder outside `root` (`rglob` does not follow folder links, so this is all)."""
    if entry.is_symlink() and not entry.resolve().is_relative_to(root):
        _skip(result, f"Skipped {entry}: it links outside the folder being ingested.")


def _load_file(file: Path, article_id: str, root: Path, meta: dict, max_bytes: int, result: LoadResult) -> None:
    data = _read_checked(file, root, max_bytes, result)
    if data is None:
        return
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as err:
        _skip(result, f"Skipped {file}: not UTF-8 text (byte {err.start}).")
        return
    if not raw.strip():
        _skip(result, f"Skipped {file}: the file is empty.")
    elif file.suffix.lower() in JSONL_SUFFIXES:
        result.articles.extend(jsonl_articles(raw, file, result))
    else:
        article = article_from_text(raw, article_id=article_id, source_path=str(file))
        if article.text:
            result.articles.append(_apply_sidecar(article, meta, file, result))
        else:
            _skip(result, f"Skipped {file}: no article text left after cleaning.")


def _read_checked(file: Path, root: Path, max_bytes: int, result: LoadResult) -> bytes | None:
    """The bytes of `file`, or None (with the reason recorded) when it must not be ingested."""
    try:
        resolved = file.resolve(strict=True)
    except OSError:
        return _skip(result, f"Skipped {file}: a broken link.")
    if not resolved.is_relative_to(root):
        return _skip(result, f"Skipped {file}: it links outside the folder being ingested.")
    if not resolved.is_file():  # a FIFO or device would block or never end
        return _skip(result, f"Skipped {file}: not a regular file.")
    try:
        with resolved.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # never more than the limit, even if the file grows meanwhile
            size = max(len(data), resolved.stat().st_size)
    except OSError as err:
        return _skip(result, f"Skipped {file}: cannot be read ({err.strerror}).")
    if size > max_bytes:
        limit = f"the {max_bytes:,}-byte limit (ISNAD_MAX_FILE_BYTES)"
        return _skip(result, f"Skipped {file}: {size:,} bytes is over {limit}.")
    if b"\x00" in data[:8192]:
        return _skip(result, f"Skipped {file}: a binary file, not text.")
    return data


def _skip(result: LoadResult, message: str) -> None:
    result.skipped.append(message)
    log.warning("%s", message)


def article_from_text(raw: str, *, article_id: str, source_path: str | None = None) -> Article:
    """Build an article from the raw text of a news page: clean it, find its title, date and outlet."""
    published = find_publication_date(normalize(raw))
    cleaned = clean(raw)
    text = _strip_date_header(cleaned.text)
    return Article(
        article_id=article_id,
        title=_title(text) or article_id,
        text=text,
        published=published,
        outlet=cleaned.outlet,
        source_path=source_path,
    )


def _strip_date_header(text: str) -> str:
    """Remove a leading dateline (`الجمعة, 3 أكتوبر 2025 12:10 AM` or `date 2025-11-16`)."""
    text = _DATE_PREFIX.sub("", text, count=1)
    first, _, rest = text.partition("\n")
    if len(first.strip()) <= _MAX_DATE_LINE_CHARS and find_publication_date(first) is not None:
        return rest.strip()
    return text.strip()


def _title(text: str) -> str:
    """The first line when it reads like a headline, else the opening words of the first sentence."""
    first = text.split("\n", 1)[0].strip().lstrip("-• ").strip()
    if first and len(first) <= _MAX_TITLE_CHARS and not first.endswith((".", "؟", "?", "!")):
        return first
    words = re.split(r"(?<=[.؟?!])\s", first, maxsplit=1)[0].split()
    if not words:
        return ""
    head = " ".join(words[:_FALLBACK_TITLE_WORDS])
    return head + ("…" if len(words) > _FALLBACK_TITLE_WORDS else "")


def jsonl_articles(raw: str, file: Path, result: LoadResult) -> Iterable[Article]:
    """The articles of a JSONL file's text, one a line; bad lines are recorded in `result.skipped`."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            result.skipped.append(f"Skipped {where}: not valid JSON ({err.msg}).")
            continue
        if not isinstance(record, dict) or not str(record.get("id", "")).strip() or not record.get("text"):
            result.skipped.append(f"Skipped {where}: a record needs `id` and `text`.")
            continue
        text = clean(str(record["text"])).text
        if not text:
            result.skipped.append(f"Skipped {where}: no article text left after cleaning.")
            continue
        published = _parse_date(record.get("published"))
        yield Article(
            article_id=str(record["id"]).strip(),
            title=str(record.get("title") or "").strip() or _title(text) or str(record["id"]),
            text=text,
            published=published if published is not None else find_publication_date(str(record["text"])),
            outlet=_optional_str(record.get("outlet")),
            url=_optional_str(record.get("url")),
            source_path=where,
        )


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return find_publication_date(value)
    return None


def _optional_str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def _read_sidecar(path: Path, root: Path, max_bytes: int, result: LoadResult) -> dict[str, dict]:
    if not (path.is_file() or path.is_symlink()):
        return {}
    data = _read_checked(path, root, max_bytes, result)
    if data is None:
        return {}
    try:
        tables = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        _skip(result, f"Ignored {path}: {err}.")
        return {}
    return {name: table for name, table in tables.items() if isinstance(table, dict)}


def _apply_sidecar(article: Article, meta: dict, file: Path, result: LoadResult) -> Article:
    if not meta:
        return article
    changes: dict[str, object] = {}
    for key in ("title", "url", "outlet"):
        if key in meta:
            changes[key] = _optional_str(meta[key])
    if "published" in meta:
        published = _parse_date(meta["published"])
        if published is None:
            result.skipped.append(f"Ignored `published` for {file} in {SIDECAR_NAME}: not a date.")
        changes["published"] = published
    return replace(article, **changes)
