"""End to end with the bundled model: two near-identical reports of one event, from two outlets, become
one story, and the answer cites both outlets once each."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.ingest.articles import load_articles
from retrieval.service import Isnad
from retrieval.settings import load_settings

pytestmark = pytest.mark.e2e
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
OUTLETS = ("الجزيرة نت", "وكالة سانا")
QUESTION = "كم شخصية ضم الوفد الروسي الذي زار دمشق؟"


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory) -> Isnad:
    """The seed report of the Russian delegation in Damascus, and a wire rewrite of it by another outlet: the
    first sentence reworded, the last paragraph dropped, published the next day."""
    empty = tmp_path_factory.mktemp("no-seeds")
    settings = load_settings(_env_file=None, data_dir=tmp_path_factory.mktemp("stories") / "data", seeds_dir=empty)
    original = load_articles([SEEDS / "002_7fa08adb6b02ef67.txt"], max_bytes=10**6).articles[0]
    paragraphs = original.text.split("\n")
    rewrite = "\n".join(
        [paragraphs[0].replace("بحث وزير الدفاع السوري", "التقى وزير الدفاع السوري", 1), *paragraphs[1:-1]]
    )
    first = replace(original, article_id="aljazeera/delegation", outlet=OUTLETS[0])
    second = replace(
        original, article_id="sana/delegation", outlet=OUTLETS[1], text=rewrite, published=dt.date(2025, 11, 17)
    )
    service = Isnad(settings)
    service.ingest_articles([first])
    service.ingest_articles([second])  # joins the story through the store, as a later feed item would
    return service


def test_two_near_identical_reports_become_one_story(two_reports: Isnad) -> None:
    sources = {s.article_id: s for s in two_reports.sources()}
    story = sources["aljazeera/delegation"].story_id
    assert story is not None and sources["sana/delegation"].story_id == story
    hits = two_reports.search("الوفد الروسي 190 شخصية", 4)
    assert {h.passage.story_id for h in hits} == {story}


def test_the_answer_quotes_the_shared_sentence_once_and_cites_both_outlets_once_each(two_reports: Isnad) -> None:
    answer = two_reports.answer(QUESTION)
    assert not answer.abstained and "190" in answer.text
    numbers_by_outlet: dict[str | None, set[int]] = {}
    for citation in answer.citations:
        numbers_by_outlet.setdefault(citation.outlet, set()).add(citation.n)
    assert set(numbers_by_outlet) == set(OUTLETS)
    assert all(len(numbers) == 1 for numbers in numbers_by_outlet.values())  # each outlet cited once
    shared = next(c.quote for c in answer.citations if "190" in c.quote)
    assert len(re.findall(re.escape(shared), answer.text)) == 1  # the sentence quoted once
    assert re.search(re.escape(shared) + r"» \[\d\]\[\d\] \(نقلته 2 من وسائل الإعلام\)", answer.text)


@pytest.fixture(scope="module")
def disagreeing_reports(tmp_path_factory: pytest.TempPathFactory) -> Isnad:
    """The same two reports, but the second outlet gives the delegation's size as 200."""
    empty = tmp_path_factory.mktemp("no-seeds-2")
    settings = load_settings(_env_file=None, data_dir=tmp_path_factory.mktemp("disagree") / "data", seeds_dir=empty)
    original = load_articles([SEEDS / "002_7fa08adb6b02ef67.txt"], max_bytes=10**6).articles[0]
    assert original.text.count("190") == 1
    first = replace(original, article_id="aljazeera/delegation", outlet=OUTLETS[0])
    second = replace(
        original,
        article_id="sana/delegation",
        outlet=OUTLETS[1],
        text=original.text.replace("190", "200"),
        published=dt.date(2025, 11, 17),
    )
    service = Isnad(settings)
    service.ingest_articles([first])
    service.ingest_articles([second])
    return service


def test_where_outlets_disagree_on_a_number_both_versions_are_quoted_each_cited(disagreeing_reports: Isnad) -> None:
    sources = {s.article_id: s for s in disagreeing_reports.sources()}
    assert sources["aljazeera/delegation"].story_id == sources["sana/delegation"].story_id is not None
    answer = disagreeing_reports.answer(QUESTION)
    assert not answer.abstained
    cited = {c.outlet: c for c in answer.citations if "190" in c.quote or "200" in c.quote}
    assert set(cited) == set(OUTLETS)  # each version cited, from its own outlet
    assert "190" in cited[OUTLETS[0]].quote and "200" in cited[OUTLETS[1]].quote
    versions = [line for line in answer.text.splitlines() if line.startswith("«") and ("190" in line or "200" in line)]
    assert len(versions) == 2 and sum("(رواية وسيلة إعلام أخرى)" in line for line in versions) == 1
    assert cited[OUTLETS[0]].n != cited[OUTLETS[1]].n
