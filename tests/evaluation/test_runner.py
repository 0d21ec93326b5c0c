import json
from pathlib import Path

import pytest

from retrieval.errors import InputError
from retrieval.evaluation.runner import evaluate, render, run_evaluation, summarize, write_outputs
from retrieval.evaluation.splits import held_out, split_of
from retrieval.evaluation.squad import read_squad
from retrieval.evaluation.squad_runner import evaluate_squad, spread
from tests.evaluation.conftest import WordHashEmbeddings

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
    assert [p.name for p in written] == ["report.json", "recall.png", "risk_coverage.png"]
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


# --- the answer path: held-out paragraphs, tune/measure parts -------------------------------------------

# At a share of 0.1 the fixed hash (`splits.held_out`) holds out paragraph Nile#0 only, so q1 and q2 are
# unanswerable; Nile falls in the tune part, Desert in the measure part (`splits.split_of`).
SHARE = 0.1


def test_the_fixture_holds_out_what_these_tests_assume():
    assert [held_out(p, SHARE) for p in ("Nile#0", "Nile#1", "Desert#0")] == [True, False, False]
    assert (split_of("Nile"), split_of("Desert")) == ("tune", "measure")


@pytest.fixture
def held_out_run(squad_file, settings, service_factory, embeddings):
    return run_evaluation(
        squad_file,
        settings=settings,
        service_factory=service_factory,
        embeddings=embeddings,
        unanswerable=SHARE,
        progress=False,
    )


def test_held_out_paragraphs_are_not_indexed_and_their_questions_are_unanswerable(held_out_run, services):
    assert {p.article_id for p in services[0].passages} == {"Nile#1", "Desert#0"}
    summary = summarize(held_out_run)
    assert (summary["question_count"], summary["answerable_count"], summary["held_out_paragraphs"]) == (5, 3, 1)
    rows = {q["id"]: q for q in summary["questions"]}
    assert [rows[q]["answerable"] for q in ("q1", "q2", "q3", "q4", "q5")] == [False, False, True, True, True]
    assert rows["q1"]["ranks"] == {} and rows["q1"]["answer_hit"] is None
    # the retrievers are measured on the answerable questions only: q3 and q4 rank first, q5 matches no word
    assert summary["retrievers"]["lexical"]["recall@1"] == pytest.approx(2 / 3, abs=1e-4)


def test_answer_figures_with_unanswerable_questions(held_out_run):
    answers = summarize(held_out_run)["answers"]
    # q1 and q2 share "the"/"does"/"through"... with the Aswan sentences, so the fake quotes one: wrong answers
    # to unanswerable questions; q3 is a hit, q4 quotes the wrong sentence, q5 is declined.
    rates = answers["all"]
    assert (rates["answerable"], rates["unanswerable"]) == (3, 2)
    assert rates["answer_hit"] == pytest.approx(1 / 3, abs=1e-4)
    assert rates["wrong_answer_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert rates["declined_answerable"] == pytest.approx(1 / 3, abs=1e-4)
    assert rates["abstention_unanswerable"] == 0.0
    assert answers["by_split"]["tune"]["questions"] == 3 and answers["by_split"]["measure"]["questions"] == 2
    assert set(answers["by_lang"]) == {"ar", "en"}
    curve = answers["risk_coverage"]
    assert curve["operating_point"] == {"coverage": 0.8, "risk": 0.75}
    # the fake's confidence is the share of the question's words it quotes: q2 0.125, q1 0.143, q4 0.5, q3 0.8
    assert curve["coverage"] == [0.8, 0.6, 0.4, 0.2]
    assert curve["risk"] == [0.75, 0.6667, 0.5, 0.0]


def test_a_part_of_a_run_is_summarized_on_its_own(held_out_run):
    measure = summarize(held_out_run, "measure")
    assert measure["part"] == "measure"
    assert {q["id"] for q in measure["questions"]} == {"q4", "q5"}
    assert measure["answers"]["all"]["questions"] == 2 and list(measure["answers"]["by_split"]) == ["measure"]
    tune = summarize(held_out_run, "tune")
    assert {q["id"] for q in tune["questions"]} == {"q1", "q2", "q3"}
    assert tune["retrievers"]["hybrid"]["recall@1"] == 1.0  # q3, the only answerable tune question


def test_split_asks_only_that_part_but_indexes_every_paragraph(squad_file, settings, service_factory, services):
    report = evaluate(
        squad_file,
        settings=settings,
        service_factory=service_factory,
        embeddings=WordHashEmbeddings(),
        split="measure",
        progress=False,
    )
    assert report["part"] == "measure"
    assert [q["id"] for q in report["questions"]] == ["q4", "q5"]
    assert {p.article_id for p in services[0].passages} == {"Nile#0", "Nile#1", "Desert#0"}
    assert "measure part" in render(report)


def test_no_unanswerable_share_keeps_every_question_answerable(squad_report):
    assert squad_report["unanswerable_share"] == 0.0 and squad_report["held_out_paragraphs"] == 0
    assert squad_report["answers"]["all"]["unanswerable"] == 0
    assert squad_report["answers"]["all"]["answer_hit"] == squad_report["retrievers"]["hybrid"]["answer_hit"] == 0.6


def test_the_tables_show_the_answer_figures(held_out_run):
    table = render(summarize(held_out_run))
    assert "(1 held out: their 2 questions asked as unanswerable)" in table
    lines = table.splitlines()
    header = next(line for line in lines if line.startswith("answer path "))
    assert header.split()[2:] == ["questions", "answerable", "hit", "wrong", "declined", "unanswerable", "abstained"]
    assert next(line for line in lines if line.startswith("all ")).split()[1:] == [
        "5",
        "3",
        "0.333",
        "0.333",
        "0.333",
        "2",
        "0.000",
    ]
    assert any(line.startswith("tune ") for line in lines) and any(line.startswith("lang ar ") for line in lines)
    assert "operating point: answers 0.800 of the questions, 0.750 of those answers wrong" in table


def test_risk_coverage_plot_beside_recall_plot(held_out_run, tmp_path: Path):
    written = write_outputs(summarize(held_out_run), tmp_path / "out")
    assert [p.name for p in written] == ["report.json", "recall.png", "risk_coverage.png"]
    assert (tmp_path / "out" / "risk_coverage.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved["answers"]["risk_coverage"]["operating_point"] == {"coverage": 0.8, "risk": 0.75}


def test_options_that_cannot_hold(squad_file, settings, service_factory, write_jsonl):
    gold = write_jsonl("dev.jsonl", {"question": "Q?"})
    with pytest.raises(InputError, match="--unanswerable applies to SQuAD"):
        evaluate(gold, unanswerable=0.25, settings=settings)
    with pytest.raises(InputError, match="--articles applies to gold"):
        evaluate(squad_file, articles=gold, settings=settings)
    with pytest.raises(InputError, match="--unanswerable must be"):
        evaluate(squad_file, unanswerable=1.0, settings=settings, service_factory=service_factory, progress=False)


# --- gold files over other articles, by part --------------------------------------------------------------


@pytest.fixture
def news(tmp_path: Path, write_jsonl) -> Path:
    return write_jsonl(
        "news.jsonl",
        {"id": "n2", "title": "Gulf cup", "text": "The Gulf cup was postponed to December 2016."},
        {"id": "n1", "title": "Fire", "text": "Eleven people left the burning building in Medina."},
    )


def test_gold_questions_over_an_articles_file_by_part(news, settings, service_factory, services, write_jsonl):
    assert (split_of("n2"), split_of("n1")) == ("tune", "measure")
    questions = write_jsonl(
        "news_questions.jsonl",
        {
            "id": "a1",
            "lang": "en",
            "question": "When was the Gulf cup postponed to?",
            "expect": [["december 2016"]],
            "support": ["n2"],
            "article": "n2",
        },
        {"id": "a2", "lang": "ar", "question": "Price of the Gulf cup tickets?", "answerable": False, "article": "n2"},
        {"id": "a3", "question": "How many people left the burning building?", "expect": [["eleven"]], "article": "n1"},
    )
    write_jsonl(
        "news_questions_conversations.jsonl",
        {"id": "c1", "article": "n1", "lang": "en", "turns": [{"q": "Where was the fire?", "expect": [["medina"]]}]},
    )
    run = run_evaluation(
        questions,
        articles=news,
        settings=settings,
        service_factory=service_factory,
        embeddings=WordHashEmbeddings(),
        progress=False,
    )
    assert {p.article_id for p in services[0].passages} == {"n1", "n2"}  # not the seeds
    report = summarize(run)
    assert report["articles"].endswith("news.jsonl") and report["article_count"] == 2
    by_id = {q["id"]: q for q in report["questions"]}
    assert {k: by_id[k]["split"] for k in by_id} == {"a1": "tune", "a2": "tune", "a3": "measure", "c1#1": "measure"}
    assert (by_id["a3"]["lang"], by_id["c1#1"]["lang"]) == ("en", "en")
    # a2 shares "gulf cup" with n2, so the fake quotes it instead of declining; c1#1 shares more words ("was
    # the") with the Gulf cup sentence than with the fire one, so it quotes the wrong article
    assert (by_id["a1"]["passed"], by_id["a2"]["abstention_ok"], by_id["a3"]["correct"]) == (True, False, True)
    assert (by_id["c1#1"]["correct"], by_id["c1#1"]["cited_support"]) == (False, None)
    totals = report["totals"]
    assert totals["correct_with_support"] == {"count": 2, "of": 3, "rate": 0.6667}
    assert totals["unanswerable_declined"] == {"count": 0, "of": 1, "rate": 0.0}
    assert report["totals_by_split"]["measure"]["correct"] == {"count": 1, "of": 2, "rate": 0.5}
    assert report["answers"]["by_split"]["tune"]["abstention_unanswerable"] == 0.0
    assert report["answers"]["all"]["answer_hit"] == pytest.approx(2 / 3, abs=1e-4)
    measure = summarize(run, "measure")
    assert [q["id"] for q in measure["questions"]] == ["a3", "c1#1"]
    table = render(measure)
    assert "(measure part)" in table and "correct with a supporting citation: 1/2" in table


def test_gold_split_asks_only_that_part(news, settings, service_factory, services, write_jsonl):
    questions = write_jsonl(
        "q.jsonl",
        {"id": "a1", "question": "When was the Gulf cup postponed to?", "article": "n2"},
        {"id": "a3", "question": "How many people left the building?", "article": "n1"},
    )
    report = evaluate(
        questions,
        articles=news,
        split="tune",
        settings=settings,
        service_factory=service_factory,
        embeddings=WordHashEmbeddings(),
        progress=False,
    )
    assert [q["id"] for q in report["questions"]] == ["a1"] and report["part"] == "tune"
    assert len(services[0].histories) == 1


def test_several_gold_files_and_conversation_files_in_one_run(
    news, settings, service_factory, services, write_jsonl, tmp_path
):
    first = write_jsonl("a.jsonl", {"id": "a1", "question": "Gulf cup?", "article": "n2"})
    second = write_jsonl("b.jsonl", {"id": "b1", "question": "Fire?", "article": "n1"})
    chats = write_jsonl("a_conversations.jsonl", {"id": "c1", "turns": [{"q": "Gulf cup?"}, {"q": "When?"}]})
    report = evaluate(
        [first, second],
        conversations=[chats],
        articles=news,
        settings=settings,
        service_factory=service_factory,
        embeddings=WordHashEmbeddings(),
        progress=False,
    )
    assert [q["id"] for q in report["questions"]] == ["a1", "b1", "c1#1", "c1#2"]
    assert report["dataset"].endswith("b.jsonl") and ", " in report["dataset"]
    assert [len(h) for h in services[0].histories] == [0, 0, 0, 1]
    # a conversation without an article keeps its turns in one part
    assert len({q["split"] for q in report["questions"] if q["conversation"] == "c1"}) == 1


def test_no_articles_to_index_is_bad_input(settings, tmp_path, write_jsonl):
    empty = tmp_path / "empty"
    empty.mkdir()
    gold = write_jsonl("dev.jsonl", {"question": "Q?"})
    with pytest.raises(InputError, match="holds no articles"):
        evaluate(gold, articles=empty, settings=settings, progress=False)
