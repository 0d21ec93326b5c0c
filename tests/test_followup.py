import pytest

from retrieval.answer.followup import condense_by_rule, is_followup
from retrieval.records import Turn

HISTORY = [Turn("When did the agriculture minister visit Cairo?", "…")]


@pytest.mark.parametrize(
    "question",
    [
        "And the second time?",
        "And who received him there?",
        "What about the port?",
        "وماذا عن الميناء؟",
        "كم شخصا رافقه؟",
    ],
)
def test_followups_are_recognised(question: str) -> None:
    assert is_followup(question)


@pytest.mark.parametrize(
    "question",
    ["Who opened the new port in Aqaba?", "من هو وزير الزراعة المصري؟", "How many docks does the new port have?"],
)
def test_standalone_questions_are_left_alone(question: str) -> None:
    assert not is_followup(question)
    assert condense_by_rule(question, HISTORY) == question


def test_followup_carries_the_previous_subject() -> None:
    assert condense_by_rule("And the second time?", HISTORY) == (
        "And the second time? (agriculture minister visit Cairo)"
    )


def test_arabic_followup_carries_the_previous_subject() -> None:
    history = [Turn("متى زار وزير الزراعة القاهرة؟", "…")]
    assert condense_by_rule("كم شخصا رافقه؟", history) == "كم شخصا رافقه؟ (زار وزير الزراعة القاهرة)"


def test_the_chain_of_followups_uses_the_last_standalone_form() -> None:
    history = [Turn("And the second time?", "…", standalone_question="And the second time? (minister visit Cairo)")]
    assert condense_by_rule("Who went with him?", history) == "Who went with him? (second time minister visit Cairo)"


def test_no_history_means_no_rewrite() -> None:
    assert condense_by_rule("And the second time?", []) == "And the second time?"
