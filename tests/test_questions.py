import pytest

from retrieval.text.questions import QuestionKind, question_kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did the port open?", QuestionKind.WHEN),
        ("On what date was the treaty signed?", QuestionKind.WHEN),
        ("متى افتتح الميناء؟", QuestionKind.WHEN),
        ("في أي عام أنشئت القاعدة؟", QuestionKind.WHEN),
        ("How many docks does the port have?", QuestionKind.COUNT),
        ("كم رصيفا في الميناء؟", QuestionKind.COUNT),
        ("ما عدد الشعراء المشاركين؟", QuestionKind.COUNT),
        ("Who opened the port?", QuestionKind.WHO),
        ("من افتتح الميناء؟", QuestionKind.WHO),
        ("من هو وزير الزراعة؟", QuestionKind.WHO),
        ("Why was the port built?", QuestionKind.WHY),
        ("What was the purpose of the visit?", QuestionKind.WHY),
        ("لماذا بني الميناء؟", QuestionKind.WHY),
        ("What did the minister say about the port?", QuestionKind.OTHER),
        ("ماذا بحث الوزير في القاهرة؟", QuestionKind.OTHER),
    ],
)
def test_question_kind(question: str, kind: QuestionKind) -> None:
    assert question_kind(question) is kind
