"""Stories at ingest: near-duplicate reports share a story id, a later report joins (and relabels) the
story, reports far apart in time or in wording stay alone; `isnad sources` lists stories with their
outlets; every article records when it was indexed."""

from __future__ import annotations

import datetime as dt
import time

from langchain_core.embeddings import DeterministicFakeEmbedding

from bot.cli.render import sources_text
from retrieval.ingest.stories import SAME_STORY_JACCARD, jaccard, shingles
from retrieval.records import Article
from retrieval.service import Isnad
from retrieval.settings import Settings

REPORT = (
    "وصل رئيس هيئة الأركان العامة للجيش السوري إلى موسكو على رأس وفد رسمي من وزارة الدفاع.\n"
    "وتأتي الزيارة بعد زيارة سابقة لوزير الدفاع ووزير الخارجية لبحث التعاون العسكري بين البلدين.\n"
    "وتحتفظ روسيا بقاعدتين عسكريتين في سوريا هما قاعدة حميميم الجوية وقاعدة طرطوس البحرية."
)
OTHER = "افتتحت الحكومة ميناء جديدا في مدينة العقبة أمس الأربعاء. ويضم الميناء ثلاثة أرصفة للسفن التجارية الكبيرة."


def report(article_id: str, outlet: str, day: int, text: str = REPORT) -> Article:
    return Article(article_id, f"خبر {article_id}", text, published=dt.date(2025, 10, day), outlet=outlet)


def stories(isnad: Isnad) -> dict[str, str | None]:
    return {s.article_id: s.story_id for s in isnad.sources()}


def test_near_duplicates_share_a_story_and_a_later_report_joins_it(settings: Settings) -> None:
    isnad = Isnad(settings, embeddings=DeterministicFakeEmbedding(size=16))
    rewrite = REPORT.replace("وصل رئيس", "قد وصل رئيس").replace("البلدين", "دمشق وموسكو")
    assert jaccard(shingles(REPORT), shingles(rewrite)) >= SAME_STORY_JACCARD
    isnad.ingest_articles([report("a", "عنب بلدي", 2), report("port", "الغد", 2, OTHER)])
    assert stories(isnad) == {"a": None, "port": None}  # alone: in no story

    time.sleep(1.1)  # arrival times are kept to the second
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    isnad.ingest_articles([report("b", "حلب اليوم", 3, rewrite), report("late", "سانا", 20)])
    found = stories(isnad)
    assert found["a"] is not None and found["b"] == found["a"]  # "a" was relabelled when "b" joined
    assert found["late"] is None and found["port"] is None  # the same text 18 days later is another story
    assert sorted(s.article_id for s in isnad.sources(since=started)) == ["b", "late"]
    assert all(s.ingested_at and s.ingested_at >= started for s in isnad.sources(since=started))

    text = sources_text(isnad.sources())
    assert "Stories told by several articles:" in text
    assert f"{found['a']}: 2 articles, reported by حلب اليوم, عنب بلدي" in text


def test_an_article_that_bridges_two_stories_merges_them(settings: Settings) -> None:
    isnad = Isnad(settings, embeddings=DeterministicFakeEmbedding(size=16))
    first_half = REPORT.split("\n")
    long_one = "\n".join([*first_half, OTHER])
    isnad.ingest_articles([report("x1", "o1", 2), report("x2", "o2", 2)])
    isnad.ingest_articles([report("y1", "o3", 2, OTHER + " " + OTHER), report("y2", "o4", 2, OTHER + " " + OTHER)])
    before = stories(isnad)
    assert before["x1"] == before["x2"] and before["y1"] == before["y2"] and before["x1"] != before["y1"]
    isnad.ingest_articles([report("bridge", "o5", 2, long_one)])
    after = stories(isnad)
    linked = {after[a] for a in ("x1", "x2", "bridge")}
    assert len(linked) == 1 and None not in linked
