from pathlib import Path

from retrieval.evaluation.datasets import gold_set, squad_set
from retrieval.evaluation.splits import held_out, split_of


def test_squad_set_holds_paragraphs_out_and_marks_their_questions(squad_file: Path):
    evaluation = squad_set("tiny", squad_file, share=0.25)
    # the fixed hash holds out both Nile paragraphs at 0.25 (see test_runner's SHARE for 0.1)
    assert [held_out(p, 0.25) for p in ("Nile#0", "Nile#1", "Desert#0")] == [True, True, False]
    assert [a.article_id for a in evaluation.articles] == ["Desert#0"]
    assert {q.question_id: q.answerable for q in evaluation.questions} == {
        "q1": False,
        "q2": False,
        "q3": False,
        "q4": True,
        "q5": True,
    }
    assert {q.question_id: q.lang for q in evaluation.questions}["q4"] == "ar"
    assert {q.question_id: q.lang for q in evaluation.questions}["q5"] == "en"
    assert {q.split for q in evaluation.part("measure")} == {"measure"}
    assert len(evaluation.part(None)) == 5


def test_gold_set_keeps_a_conversation_in_one_part_and_gives_its_turns_its_language(tmp_path: Path, write_jsonl):
    articles = write_jsonl("articles.jsonl", {"id": "x1", "title": "t", "text": "Some text here."})
    questions = write_jsonl("q.jsonl", {"id": "a", "question": "Which?", "support": ["x1"]})
    # without `article`, turns with different supports would fall on different sides; the conversation decides
    other = next(s for s in ("s2", "s3", "s4", "s5", "s6") if split_of(s) != split_of("s1"))
    chats = write_jsonl(
        "c.jsonl",
        {"id": "c9", "lang": "en", "turns": [{"q": "متى؟", "support": [other]}, {"q": "Who?", "support": ["s1"]}]},
    )
    evaluation = gold_set("news", [questions], articles, [chats])
    by_id = {q.question_id: q for q in evaluation.questions}
    assert by_id["a"].split == split_of("x1") and by_id["a"].lang == "en"
    assert by_id["c9#1"].split == by_id["c9#2"].split == split_of("c9")
    assert by_id["c9#1"].lang == "en"  # the conversation's language, though the turn is written in Arabic
    assert (by_id["c9#1"].conversation, by_id["c9#2"].turn) == ("c9", 1)
