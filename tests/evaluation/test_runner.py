import json
from pathlib import Path

import pytest

from retrieval.errors import InputError
from retrieval.evaluation.runner import evaluate, render, write_outputs
from retrieval.evaluation.squad import read_squad
from retrieval.evaluation.squad_runner import evaluate_squad, spread

RETRIEVER_KEYS = {
    "recall@1",
    "recall@5",
    "recall@10",
    "mrr",
    "answer_hit",
    "mean_cited_sentences",
    "latency_ms_p50",
    "latency_ms_p95",
    "recall_curve",
}


@pytest.fixture
def squad_report(squad_file, settings, service_factory, embeddings, tmp_path):
    return evaluate(
        squad_file,
        settings=settings,
        service_factory=service_factory,
        embeddings=embeddings,
        cache_path=tmp_path / "cache.sqlite",
        progress=False,
    )


def test_squad_report_has_known_figures(squad_report):
    lexical = squad_report["retrievers"]["lexical"]
    # q1-q4 share words with their paragraph only; q5 ("Mona Lisa") shares none with anything
    assert (lexical["recall@1"], lexical["recall@5"], lexical["mrr"]) == (0.8, 0.8, 0.8)
    assert lexical["recall_curve"] == [0.8] * 20
    assert lexical["answer_hit"] is None and lexical["mean_cited_sentences"] is None
    hybrid = squad_report["retrievers"]["hybrid"]
    # answers quote the best lexical sentence: q1-q3 hold their answer, q4's is the next sentence, q5 abstains
    assert hybrid["answer_hit"] == 0.6
    assert hybrid["mean_cited_sentences"] == 0.8
    assert hybrid["abstained"] == 0.2
    assert set(squad_report["retrievers"]) == {"lexical", "dense", "hybrid"}
    for row in squad_report["retrievers"].values():
        assert set(row) >= RETRIEVER_KEYS
        assert 0 <= row["recall@1"] <= row["recall@5"] <= row["recall@10"] <= 1
        assert row["latency_ms_p50"] >= 0


def test_squad_report_describes_the_run(squad_report, settings):
    assert squad_report["kind"] == "squad"
    assert squad_report["question_count"] == 5
    assert squad_report["paragraph_count"] == 3
    assert squad_report["passage_count"] == 6  # one passage per sentence in the fake
    assert squad_report["questions_file"] is None
    assert squad_report["settings"]["embedding_model"] == settings.embedding_model
    assert "data_dir" not in squad_report["settings"]
    assert squad_report["embedding"]["texts_embedded"] == 6
    ranks = {q["id"]: q["ranks"]["lexical"] for q in squad_report["questions"]}
    assert ranks == {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": None}


def test_the_harness_never_touches_the_user_index(squad_report, settings, services):
    (service,) = services
    assert service.settings.data_dir != settings.data_dir
    assert not settings.data_dir.exists()
    assert not service.settings.data_dir.exists()  # the temporary index is gone afterwards
    assert service.settings.chroma_url is None
    assert service.settings.seeds_dir != settings.seeds_dir


def test_each_question_is_embedded_once_and_search_asks_for_more_than_k(
    squad_file, settings, service_factory, services, embeddings
):
    evaluate(squad_file, settings=settings, service_factory=service_factory, embeddings=embeddings, progress=False)
    assert sorted(embeddings.queries_embedded) == sorted(q.text for q in read_squad(squad_file).questions)
    assert {k for _, k, _ in services[0].search_calls} == {6}  # all 6 passages: fewer than 20 paragraphs exist


def test_a_rerun_embeds_no_passage_again(squad_file, settings, service_factory, new_embeddings, tmp_path):
    cache = tmp_path / "cache.sqlite"
    first, second = new_embeddings(), new_embeddings()
    for model in (first, second):
        evaluate(
            squad_file,
            settings=settings,
            service_factory=service_factory,
            embeddings=model,
            cache_path=cache,
            progress=False,
        )
    assert len(first.documents_embedded) == 6
    assert second.documents_embedded == []


def test_limit_spreads_questions_over_the_file(squad_file, settings, service_factory, embeddings):
    assert spread(list(range(10)), 3) == (0, 3, 6)
    assert spread([1, 2], 5) == (1, 2)
    run = evaluate_squad(
        read_squad(squad_file),
        settings=settings,
        service_factory=service_factory,
        embeddings=embeddings,
        limit=2,
        progress=False,
    )
    assert [o.question_id for o in run.outcomes] == ["q1", "q3"]
    assert len(run.dataset.paragraphs) == 3  # every paragraph is still indexed


def test_questions_from_a_parallel_file(squad_file, settings, service_factory, embeddings, tmp_path):
    english = {
        "data": [
            {
                "title": "x",
                "paragraphs": [
                    {
                        "context": "c",
                        "qas": [
                            {
                                "id": "q4",
                                "question": "Where does the Sahara lie?",
                                "answers": [{"text": "North Africa"}],
                            },
                        ],
                    }
                ],
            }
        ]
    }
    other = tmp_path / "tiny.en.json"
    other.write_text(json.dumps(english), encoding="utf-8")
    report = evaluate(
        squad_file,
        questions=other,
        settings=settings,
        service_factory=service_factory,
        embeddings=embeddings,
        progress=False,
    )
    assert report["question_count"] == 1
    assert report["questions_file"].endswith("tiny.en.json")
    assert embeddings.queries_embedded == ["Where does the Sahara lie?"]


def test_outputs_and_table(squad_report, tmp_path: Path):
    written = write_outputs(squad_report, tmp_path / "out")
    assert [p.name for p in written] == ["report.json", "recall.png"]
    saved = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved["retrievers"]["lexical"]["recall@1"] == 0.8
    assert (tmp_path / "out" / "recall.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = render(squad_report)
    lines = table.splitlines()
    assert any(line.startswith("lexical ") and "0.800" in line for line in lines)
    assert any(line.startswith("hybrid ") and "0.600" in line for line in lines)
    assert "5 questions, 3 paragraphs in 6 passages" in table


# --- gold question files ----------------------------------------------------------------------------


@pytest.fixture
def seeds(settings) -> Path:
    settings.seeds_dir.mkdir(parents=True)
    (settings.seeds_dir / "001.txt").write_text(
        "Moscow visit\nThe minister met Belousov in Moscow. The visit was in October.", encoding="utf-8"
    )
    (settings.seeds_dir / "002.txt").write_text("Ports\nTartus port hosts a naval base.", encoding="utf-8")
    return settings.seeds_dir


def test_gold_file_scores_and_conversations(seeds, settings, service_factory, services, embeddings, write_jsonl):
    questions = write_jsonl(
        "dev.jsonl",
        {
            "id": "d1",
            "lang": "en",
            "question": "Whom did the minister meet in Moscow?",
            "expect": [["belousov"]],
            "support": ["001.txt"],
            "answerable": True,
        },
        {
            "id": "d2",
            "lang": "en",
            "question": "Which naval base is in Tartus?",
            "expect": [["hmeimim"]],
            "support": ["002.txt"],
            "answerable": True,
        },
        {"id": "d3", "lang": "en", "question": "Price of bread?", "expect": [], "support": [], "answerable": False},
    )
    write_jsonl(
        "dev_conversations.jsonl",
        {"id": "c1", "turns": [{"q": "Who met Belousov?", "expect": [["minister"]]}, {"q": "When was the visit?"}]},
    )
    report = evaluate(
        questions, settings=settings, service_factory=service_factory, embeddings=embeddings, progress=False
    )
    assert report["kind"] == "gold"
    assert report["conversations_file"].endswith("dev_conversations.jsonl")
    assert report["article_count"] == 2
    by_id = {q["id"]: q for q in report["questions"]}
    assert (by_id["d1"]["correct"], by_id["d1"]["cited_support"], by_id["d1"]["passed"]) == (True, True, True)
    assert (by_id["d2"]["correct"], by_id["d2"]["cited_support"]) == (False, True)
    assert (by_id["d3"]["correct"], by_id["d3"]["abstention_ok"], by_id["d3"]["abstained"]) == (True, True, True)
    assert by_id["c1#2"]["conversation"] == "c1"
    assert report["totals"]["correct"] == {"count": 4, "of": 5, "rate": 0.8}
    assert report["totals"]["cited_support"] == {"count": 2, "of": 2, "rate": 1.0}
    # turn 2 was asked with turn 1 as history
    histories = services[0].histories
    assert [len(h) for h in histories] == [0, 0, 0, 0, 1]
    assert histories[-1][0].question == "Who met Belousov?"
    assert "met Belousov in Moscow" in histories[-1][0].answer
    table = render(report)
    assert "correct 4/5" in table and "abstained where it should 5/5" in table


def test_gold_options_that_do_not_apply_are_refused(squad_file, settings, write_jsonl):
    gold = write_jsonl("dev.jsonl", {"question": "Q?"})
    with pytest.raises(InputError, match="--questions applies to SQuAD"):
        evaluate(gold, questions=squad_file, settings=settings)
    with pytest.raises(InputError, match="--conversations applies to gold"):
        evaluate(squad_file, conversations=gold, settings=settings)
    with pytest.raises(InputError, match="--limit"):
        evaluate(squad_file, limit=0, settings=settings)
