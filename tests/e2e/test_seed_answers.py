"""End to end with the real bundled model on the seed articles: what a new user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from retrieval.service import Isnad
from retrieval.settings import load_settings

pytestmark = pytest.mark.e2e
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Isnad:
    settings = load_settings(data_dir=tmp_path_factory.mktemp("seeded") / "data", seeds_dir=SEEDS)
    service = Isnad(settings)
    service.ingest([SEEDS])
    return service


def test_ingesting_the_seeds_twice_adds_nothing(tmp_path: Path) -> None:
    env = {"ISNAD_DATA_DIR": str(tmp_path / "data"), "ISNAD_SEEDS_DIR": str(SEEDS)}
    runner = CliRunner()
    first = json.loads(runner.invoke(cli, ["ingest", str(SEEDS), "--json"], env=env).stdout)
    second = json.loads(runner.invoke(cli, ["ingest", str(SEEDS), "--json"], env=env).stdout)
    assert first["articles"]["added"] == 5 and first["passages"]["added"] > 5
    assert second["passages"]["added"] == 0 and second["articles"]["unchanged"] == 5


def test_the_users_example_names_both_visits_with_citations(seeded: Isnad) -> None:
    answer = seeded.answer("When did al-Sharaa visit Moscow?")
    assert not answer.abstained and answer.language == "en"
    assert "15 October 2025" in answer.text and "January 2026" in answer.text
    cited = {c.article_id for c in answer.citations}
    assert "002_7fa08adb6b02ef67.txt" in cited and "003_428dc1458aead153.txt" in cited
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text


def test_citations_quote_the_cleaned_article_exactly(seeded: Isnad) -> None:
    from retrieval.ingest.articles import load_articles

    texts = {a.article_id: a.text for a in load_articles([SEEDS], max_bytes=10**6).articles}
    answer = seeded.answer("من استقبل الوفد السوري في موسكو؟")
    assert answer.citations
    for c in answer.citations:
        assert texts[c.article_id][c.start : c.end] == c.quote


def test_arabic_question_gets_an_arabic_answer(seeded: Isnad) -> None:
    answer = seeded.answer("كم شخصية ضم الوفد الروسي الذي زار دمشق؟")
    assert answer.language == "ar" and not answer.abstained
    assert "190" in answer.text
    assert answer.citations[0].article_id == "002_7fa08adb6b02ef67.txt"


@pytest.mark.parametrize(
    "question",
    [
        "What is the population of Brazil?",
        "ما هي عاصمة أستراليا؟",
        "How much did the Syrian defense minister earn last year?",
    ],
)
def test_questions_the_articles_do_not_answer_are_declined(seeded: Isnad, question: str) -> None:
    answer = seeded.answer(question)
    assert answer.abstained and not answer.citations


def test_undated_article_leaves_relative_dates_unresolved(seeded: Isnad) -> None:
    events = seeded.timeline("الشرع يصل إلى موسكو لإجراء محادثات حول القواعد")
    undated = [e for e in events if e.citation.article_id == "004_a79a51704cc33d42.txt"]
    assert undated and all(e.earliest is None for e in undated if "الأربعاء" in e.citation.quote)
    dated = [e.earliest for e in events if e.earliest is not None]
    assert dated == sorted(dated)
