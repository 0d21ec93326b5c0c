"""`isnad follow`: poll the followed feeds until interrupted, indexing new articles.

Runs beside `isnad telegram` (or any other process) on the same data folder and Chroma server: ingests
take turns under the index's file lock, and a bot sees each new article at its next search. Every feed
that fails is logged and polled again after its back-off; nothing a feed serves stops the loop.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType

from retrieval import IsnadError, Settings, StoreUnavailable

log = logging.getLogger(__name__)

IDLE_CHECK_S = 5.0  # how often an idle follow looks for feeds added meanwhile


def run_follow(service, settings: Settings, *, once: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Poll due feeds, sleep until the next is due, repeat; stop on SIGINT/SIGTERM (or after one round)."""
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        log.info("Stopping after the current feed (signal %s).", signum)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    if "log_level" not in settings.model_fields_set and log.getEffectiveLevel() > logging.INFO:
        log.setLevel(logging.INFO)
        logging.getLogger("retrieval.ingest.feeds").setLevel(logging.INFO)
    try:
        with service.follower() as follower:
            log.info("Following %d feeds (every %.0f s); data folder %s.", len(follower.store.load()),
                     settings.feed_interval_s, settings.data_dir.resolve())  # fmt: skip
            while not stop.is_set():
                for feed in follower.store.load().values():
                    if stop.is_set() or feed.next_poll > time.time():
                        continue
                    try:
                        result = follower.poll(feed)
                    except StoreUnavailable as err:  # the index is down: the items stay unseen, tried next round
                        log.warning("Feed %s: %s", feed.url, err)
                        continue
                    except IsnadError as err:
                        log.error("Feed %s: %s", feed.url, err)
                        continue
                    report = result.report
                    if report is not None:
                        for article in report.written:
                            log.info(
                                "Indexed %s (%s passages): %s", article.article_id, article.passages, article.title
                            )
                if once:
                    return
                due = follower.next_due()
                wait = IDLE_CHECK_S if due is None else min(max(due - time.time(), 0.0), IDLE_CHECK_S)
                stop.wait(wait)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
