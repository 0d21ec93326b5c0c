"""Questions a reader asked of the seed articles that the first answerer got wrong, end to end with the bundled
model and the shipped fitted parameters: each is answered, or declined, as the articles warrant."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import Isnad, load_settings

pytestmark = pytest.mark.e2e
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Isnad:
    service = Isnad(load_settings(data_dir=tmp_path_factory.mktemp("examples") / "data", seeds_dir=SEEDS))
    service.ingest([SEEDS])
    return service


def shown(answer) -> str:  # type: ignore[no-untyped-def]
    return "\n".join([answer.text, *(c.quote for c in answer.citations)])


CROSS_LINGUAL_MISS = pytest.mark.xfail(
    strict=True,
    reason="known miss: the English question ranks the Arabic sentence with the count too low (stage 1) for the "
    "decision model to answer; see the README's quality section",
)
NAME_MISS = pytest.mark.xfail(
    strict=True,
    reason="known miss: names are a feature, not a requirement, and a sentence about the delegation's arrival "
    "outranks the one naming who received it",
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param(
            "How many officials came with the Russian delegation to Damascus?", [["190"]], marks=CROSS_LINGUAL_MISS
        ),
        ("ما هي القاعدتان الروسيتان في سوريا؟", [["حميميم"], ["طرطوس"]]),
        pytest.param("من استقبل أعضاء الوفد السوري في موسكو؟", [["يفكيروف"]], marks=NAME_MISS),
        ("أين تقع قاعدة حميميم؟", [["اللاذقية", "جبلة"]]),
        ("متى أُسقط نظام بشار الأسد؟", [["2024"]]),
    ],
)
def test_answerable_questions_are_answered_with_a_cited_answer(
    seeded: Isnad, question: str, expected: list[list[str]]
) -> None:
    answer = seeded.answer(question)
    assert not answer.abstained, answer.text
    assert all(any(word in shown(answer) for word in group) for group in expected), shown(answer)
    assert answer.answer_line and answer.text.startswith(answer.answer_line)


@pytest.mark.parametrize(
    "question",
    ["What is the population of Moscow?", "How long did the meeting between Putin and al-Sharaa last?"],
)
def test_questions_the_articles_do_not_answer_get_no_quotes(seeded: Isnad, question: str) -> None:
    answer = seeded.answer(question)
    assert answer.abstained and not answer.citations, answer.text


def test_an_off_topic_question_is_declined_with_a_hint_of_what_the_articles_cover(seeded: Isnad) -> None:
    answer = seeded.answer("Who won the 2022 football World Cup?")
    assert answer.abstained and not answer.citations
    assert answer.text.startswith("I could not find the answer in the articles. They cover, for example: «")


@pytest.mark.parametrize("junk", ["<p><br></p>", "?!?!... ###"])
def test_junk_input_is_declined_the_same_way(seeded: Isnad, junk: str) -> None:
    answer = seeded.answer(junk)
    assert answer.abstained and not answer.citations
