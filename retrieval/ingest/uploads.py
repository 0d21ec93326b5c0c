"""Articles from a file that arrives as bytes (sent to the Telegram bot): `.txt`, `.md`, `.jsonl`, `.html`.

The same rules as files on disk: the size limit, UTF-8 text, the same cleaning and dating; an HTML file is
read like an article page (`retrieval.ingest.web`). Article ids are `upload/FILE NAME` (a JSONL record
keeps its own `id`), so an upload never replaces a file ingested from a folder.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from retrieval.ingest.articles import JSONL_SUFFIXES, TEXT_SUFFIXES, LoadResult, article_from_text, jsonl_articles
from retrieval.ingest.web import article_from_html

HTML_SUFFIXES = frozenset({".html", ".htm"})
UPLOAD_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
UPLOAD_PREFIX = "upload/"


def articles_from_upload(name: str, data: bytes, *, max_bytes: int) -> LoadResult:
    """The articles in the file `name` with content `data`, and a message for anything refused."""
    result = LoadResult()
    file = PurePosixPath(PurePosixPath(name).name or "upload.txt")
    suffix = file.suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        kinds = ", ".join(sorted(UPLOAD_SUFFIXES))
        result.skipped.append(f"Skipped {file}: only {kinds} files can be added.")
        return result
    if len(data) > max_bytes:
        result.skipped.append(f"Skipped {file}: {len(data):,} bytes is over the {max_bytes:,}-byte limit.")
        return result
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as err:
        result.skipped.append(f"Skipped {file}: not UTF-8 text (byte {err.start}).")
        return result
    article_id = UPLOAD_PREFIX + file.name
    if not raw.strip():
        result.skipped.append(f"Skipped {file}: the file is empty.")
    elif suffix in JSONL_SUFFIXES:
        result.articles.extend(jsonl_articles(raw, file, result))  # type: ignore[arg-type]
    elif suffix in HTML_SUFFIXES:
        article = article_from_html(raw, url=None, article_id=article_id)
        if article is None:
            result.skipped.append(f"Skipped {file}: no article text was found in it.")
        else:
            result.articles.append(article)
    else:
        article = article_from_text(raw, article_id=article_id, source_path=str(file))
        if article.text:
            result.articles.append(article)
        else:
            result.skipped.append(f"Skipped {file}: no article text left after cleaning.")
    return result
