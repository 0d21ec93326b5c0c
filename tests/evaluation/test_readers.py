import json
from pathlib import Path

import pytest

from retrieval.errors import InputError
from retrieval.evaluation.gold import conversations_path_for, read_conversations, read_gold_questions
from retrieval.evaluation.squad import read_squad, with_questions_from


def write(path: Path, document: object) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def squad(*qas: dict, context: str = "A paragraph.") -> dict:
    return {"data": [{"title": "T", "paragraphs": [{"context": context, "qas": list(qas)}]}]}


# --- SQuAD-format files ---------------------------------------------------------------------------


def test_read_squad_makes_one_article_per_paragraph(squad_file: Path):
    dataset = read_squad(squad_file)
    assert [p.article_id for p in dataset.paragraphs] == ["Nile#0", "Nile#1", "Desert#0"]
    assert dataset.paragraphs[2].title == "Desert"
    assert dataset.paragraphs[1].text.startswith("Aswan dam")
    assert [(q.question_id, q.paragraph_id) for q in dataset.questions] == [
        ("q1", "Nile#0"),
        ("q2", "Nile#0"),
        ("q3", "Nile#1"),
        ("q4", "Desert#0"),
        ("q5", "Desert#0"),
    ]
    assert dataset.questions[0].answers == ("Mediterranean",)


def test_duplicate_answers_are_kept_once_and_shared_titles_get_distinct_ids(tmp_path: Path):
    qa = {"id": "a", "question": "Q?", "answers": [{"text": "x"}, {"text": "x"}, {"text": "y"}]}
    document = {"data": [squad(qa)["data"][0], squad({**qa, "id": "b"})["data"][0]]}
    dataset = read_squad(write(tmp_path / "d.json", document))
    assert dataset.questions[0].answers == ("x", "y")
    assert [p.article_id for p in dataset.paragraphs] == ["T#0", "T@1#0"]


def test_questions_from_a_parallel_file_keep_the_gold_paragraph(tmp_path: Path, squad_file: Path):
    english = squad(
        {"id": "q3", "question": "When was the Aswan dam completed?", "answers": [{"text": "1970"}]},
        {"id": "q4", "question": "Where is the Sahara?", "answers": [{"text": "North Africa"}]},
        {"id": "not-in-dataset", "question": "Q?", "answers": []},
    )
    dataset = with_questions_from(read_squad(squad_file), write(tmp_path / "en.json", english))
    assert [(q.question_id, q.paragraph_id) for q in dataset.questions] == [("q3", "Nile#1"), ("q4", "Desert#0")]
    assert dataset.questions[0].text == "When was the Aswan dam completed?"
    assert dataset.questions[1].answers == ("شمال أفريقيا", "North Africa")
    assert dataset.questions_path == tmp_path / "en.json"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "no `data` list"),
        ({"version": "1.1"}, "no `data` list"),
        ({"data": ["x"]}, "data[0] is not a JSON object"),
        ({"data": [{"title": "T"}]}, "data[0] has no `paragraphs`"),
        ({"data": [{"paragraphs": [{"qas": []}]}]}, "data[0].paragraphs[0] has no `context`"),
        ({"data": [{"paragraphs": [{"context": "", "qas": []}]}]}, "context is not a non-empty string"),
        (squad({"question": "Q?", "answers": []}), "data[0].paragraphs[0].qas[0] has no `id`"),
        (squad({"id": "a", "answers": []}), "qas[0] has no `question`"),
        (squad({"id": "a", "question": "Q?", "answers": "x"}), "qas[0].answers is not a list"),
        (squad({"id": "a", "question": "Q?", "answers": [{"answer_start": 1}]}), "answers[0] has no `text`"),
        (squad({"id": "a", "question": "Q?"}, {"id": "a", "question": "R?"}), "question id 'a' appears twice"),
        ({"data": [{"paragraphs": []}]}, "has no questions"),
    ],
)
def test_malformed_squad_files_name_the_file_and_the_problem(tmp_path: Path, document: object, message: str):
    path = write(tmp_path / "bad.json", document)
    with pytest.raises(InputError) as caught:
        read_squad(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_missing_squad_file(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        read_squad(tmp_path / "absent.json")


def test_parallel_file_sharing_no_id_is_refused(tmp_path: Path, squad_file: Path):
    other = write(tmp_path / "other.json", squad({"id": "zz", "question": "Q?", "answers": []}))
    with pytest.raises(InputError, match="shares no question id"):
        with_questions_from(read_squad(squad_file), other)


# --- gold question files --------------------------------------------------------------------------


def test_read_gold_questions(write_jsonl):
    path = write_jsonl(
        "dev.jsonl",
        {
            "id": "d01",
            "lang": "en",
            "question": "When?",
            "expect": [["15 october", "oct 15"], ["january"]],
            "support": ["002.txt"],
            "answerable": True,
        },
        "",
        {"question": "Bread price?", "answerable": False, "expect": [], "support": []},
    )
    first, second = read_gold_questions(path)
    assert first.question_id == "d01"
    assert first.expect == (("15 october", "oct 15"), ("january",))
    assert first.support == ("002.txt",)
    assert (second.question_id, second.answerable, second.lang) == ("line 3", False, None)


def test_read_conversations_and_find_them_beside_the_questions(write_jsonl, tmp_path: Path):
    path = write_jsonl(
        "dev_conversations.jsonl",
        {"id": "c1", "turns": [{"q": "Who?", "expect": [["belousov"]]}, {"question": "When?"}]},
    )
    (conversation,) = read_conversations(path)
    assert [t.question_id for t in conversation.turns] == ["c1#1", "c1#2"]
    assert [t.text for t in conversation.turns] == ["Who?", "When?"]
    assert conversations_path_for(tmp_path / "dev.jsonl") == path


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["{oops"], ":1: not valid JSON"),
        (['["a list"]'], ":1: not a JSON object"),
        ([{"id": "a", "question": "Q?"}, {"id": "b", "expect": []}], ":2: missing `question`"),
        ([{"id": "a", "question": "  "}], ":1: missing `question`"),
        ([{"question": "Q?", "expect": ["belousov"]}], "`expect[]` must be a list of non-empty strings"),
        ([{"question": "Q?", "expect": "belousov"}], "`expect` must be a list of groups"),
        ([{"question": "Q?", "support": "a.txt"}], "`support` must be a list of non-empty strings"),
        ([{"question": "Q?", "answerable": "no"}], "`answerable` must be true or false"),
        ([{"id": "a", "question": "Q?"}, {"id": "a", "question": "R?"}], ":2: id 'a' appears twice"),
        ([], "is empty"),
    ],
)
def test_malformed_gold_files_name_the_file_line_and_problem(write_jsonl, lines: list, message: str):
    path = write_jsonl("bad.jsonl", *lines)
    with pytest.raises(InputError) as caught:
        read_gold_questions(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([{"id": "c1"}], ":1: missing `turns`"),
        ([{"id": "c1", "turns": []}], ":1: missing `turns`"),
        ([{"id": "c1", "turns": [{"q": "Q?"}, {"expect": []}]}], ":1: turn 2: missing `q`"),
        ([{"id": "c1", "turns": ["Q?"]}], ":1: turn 1: not a JSON object"),
    ],
)
def test_malformed_conversation_files(write_jsonl, lines: list, message: str):
    path = write_jsonl("bad_conversations.jsonl", *lines)
    with pytest.raises(InputError) as caught:
        read_conversations(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_shared_dev_files_parse():
    shared = Path(__file__).resolve().parents[3] / "shared" / "eval"
    if not (shared / "seeds_dev.jsonl").is_file():
        pytest.skip("shared/eval is not next to this checkout")
    assert len(read_gold_questions(shared / "seeds_dev.jsonl")) >= 10
    assert read_conversations(shared / "seeds_dev_conversations.jsonl")[0].turns
