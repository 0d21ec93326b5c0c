import pytest

from retrieval.text.answer_types import AnswerType, answer_type


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did the port open?", AnswerType.DATE),
        ("On what date was the treaty signed?", AnswerType.DATE),
        ("متى افتتح الميناء؟", AnswerType.DATE),
        ("في أي عام أنشئت القاعدة؟", AnswerType.DATE),
        ("How many docks does the port have?", AnswerType.COUNT),
        ("كم رصيفا في الميناء؟", AnswerType.COUNT),
        ("ما عدد الشعراء المشاركين؟", AnswerType.COUNT),
        ("Who opened the port?", AnswerType.PERSON),
        ("من افتتح الميناء؟", AnswerType.PERSON),
        ("من هو وزير الزراعة؟", AnswerType.PERSON),
        ("Why was the port built?", AnswerType.REASON),
        ("What was the purpose of the visit?", AnswerType.REASON),
        ("لماذا بني الميناء؟", AnswerType.REASON),
        ("What did the minister say about the port?", AnswerType.OTHER),
        ("ماذا بحث الوزير في القاهرة؟", AnswerType.OTHER),
    ],
)
def test_answer_type(question: str, kind: AnswerType) -> None:
    assert answer_type(question) is kind
