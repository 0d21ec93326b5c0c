"""Verification of generated answers, one rule at a time, against numbered evidence sentences.

The sources below are numbered as the prompt numbers them: VISIT's sentences [1]-[3] (an article of Sunday
16 November 2025), SECOND_VISIT's [4]-[5] (an undated article).
"""

from __future__ import annotations

import datetime as dt

import pytest
from llm_fakes import ARRIVED_THURSDAY, ARRIVED_WEDNESDAY, SECOND_VISIT, VISIT, passage, pick, sources

from retrieval.llm.sources import select_sources
from retrieval.llm.verify import verify_answer

VISIT_SOURCES = sources(VISIT, SECOND_VISIT)
Q_WHEN = "When did the Russian delegation meet the Syrian defence minister?"
Q_HOW_MANY = "How many people were in the Russian delegation?"
Q_WHO = "Who led the Russian military delegation?"


def test_the_numbering_is_the_prompts() -> None:
    assert [(s.n, s.passage.article_id) for s in VISIT_SOURCES] == [
        (1, "visit.txt"), (2, "visit.txt"), (3, "visit.txt"), (4, "second.txt"), (5, "second.txt"),
    ]  # fmt: skip


# --- something must be said ------------------------------------------------------------------------------


@pytest.mark.parametrize("reply", ["", "   \n "])
def test_an_empty_answer_fails(reply: str) -> None:
    result = verify_answer(reply, VISIT_SOURCES, Q_HOW_MANY)
    assert not result.verified and result.problems == ("the answer is empty",)


@pytest.mark.parametrize(
    ("reply", "placeholder"),
    [
        ("The chief of the general staff of the Syrian army is [n][1].", "[n]"),
        ("The delegation had 190 members [source].", "[source]"),
        ("The delegation was led by … [1].", "…"),
        ("وزير الدفاع السوري هو [n].", "[n]"),
    ],
)
def test_a_placeholder_fails(reply: str, placeholder: str) -> None:
    result = verify_answer(reply, VISIT_SOURCES, Q_WHO)
    assert not result.verified
    assert result.problems == (f"the answer holds the placeholder “{placeholder}”",)


@pytest.mark.parametrize("reply", ["[1] [2]", "[1][3].", " [2] . [5]"])
def test_an_answer_of_markers_only_fails(reply: str) -> None:
    result = verify_answer(reply, VISIT_SOURCES, Q_WHO)
    assert not result.verified and result.problems == ("the answer is only citation markers",)


def test_an_answer_that_repeats_the_question_fails_even_when_cited() -> None:
    result = verify_answer("The Russian military delegation was led [1].", VISIT_SOURCES, Q_WHO)
    assert not result.verified and result.problems == ("the answer only repeats the question",)
    restated = verify_answer("Who led the Russian military delegation? [2]", VISIT_SOURCES, Q_WHO)
    assert not restated.verified and restated.problems == ("the answer only repeats the question",)


def test_an_answer_without_citations_fails() -> None:
    result = verify_answer("The delegation had about 190 members.", VISIT_SOURCES, Q_HOW_MANY)
    assert not result.verified and result.problems == ("the answer cites no source",)
    invented = verify_answer("The delegation had about 190 members [9].", VISIT_SOURCES, Q_HOW_MANY)
    assert not invented.verified and invented.problems == ("the answer cites no source",)


# --- refusals in the model's own words ------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "The sources do not provide information on who led the delegation.",
        "The articles do not say who led the delegation [2].",  # a refusal that cites is still a refusal
        "I could not find the answer in the articles.",
        "Who led it is not specified in the sentences.",
        "لا تذكر المقالات من ترأس الوفد.",
        "لم أجد الإجابة في المقالات.",
    ],
)
def test_a_refusal_in_either_language_is_an_abstention_without_citations(reply: str) -> None:
    result = verify_answer(reply, VISIT_SOURCES, Q_WHO)
    assert result.verified and result.abstained and result.citations == ()


def test_a_reported_negation_is_not_a_refusal() -> None:
    result = verify_answer("Russia said it would not give up its bases in Syria [4].", VISIT_SOURCES, Q_WHO)
    assert not result.abstained


def test_a_refusal_beside_an_answer_may_only_repeat_the_question() -> None:
    question = "How many people came, and when did they leave in 2025?"
    fine = "The delegation had about 190 members [2]. The articles do not say when they left in 2025."
    assert verify_answer(fine, VISIT_SOURCES, question).verified
    added = "The delegation had about 190 members [2]. The articles do not say whether 40 of them left."
    result = verify_answer(added, VISIT_SOURCES, question)
    assert not result.verified and result.problems == ("the number 40 is not cited",)


# --- numbers --------------------------------------------------------------------------------------------


def test_an_unsupported_number_fails() -> None:
    result = verify_answer("The Russian delegation had about 200 members [2].", VISIT_SOURCES, Q_HOW_MANY)
    assert not result.verified and result.problems == ("the number 200 is not in sentence [2]",)


def test_a_number_must_be_in_the_sentence_cited_not_elsewhere_in_the_article() -> None:
    result = verify_answer("The Russian delegation had about 190 members [1].", VISIT_SOURCES, Q_HOW_MANY)
    assert not result.verified and result.problems == ("the number 190 is not in sentence [1]",)


def test_numbers_spelled_out_match_digits_and_duals() -> None:
    port = passage("port.txt", ["ويضم الميناء ثلاثة أرصفة.", "وشارك عشرون شاعرا في المهرجان."])
    bases = passage("bases.txt", ["تحتفظ روسيا بقاعدتين عسكريتين في سوريا."])
    shown = sources(port, bases)
    assert verify_answer("The port has 3 docks [1].", shown, "How many docks?").verified
    assert verify_answer("Twenty poets took part [2].", shown, "How many poets?").verified
    assert verify_answer("Russia keeps two military bases in Syria [3].", shown, "How many bases?").verified
    wrong = verify_answer("Russia keeps three military bases in Syria [3].", shown, "How many bases?")
    assert not wrong.verified and wrong.problems == ("the number 3 is not in sentence [3]",)


def test_a_number_word_after_a_determiner_is_not_a_number_claim() -> None:
    reply = "The two countries discussed military cooperation [1]."
    assert verify_answer(reply, VISIT_SOURCES, "What did Syria and Russia discuss?").verified
    counted = verify_answer("Two countries discussed military cooperation [1].", VISIT_SOURCES, "What?")
    assert not counted.verified and counted.problems == ("the number 2 is not in sentence [1]",)


def test_arabic_indic_digits() -> None:
    assert verify_answer("ضم الوفد الروسي نحو ١٩٠ شخصية [٢].", VISIT_SOURCES, "كم عدد الوفد؟").verified
    changed = verify_answer("ضم الوفد الروسي نحو ١٩١ شخصية [٢].", VISIT_SOURCES, "كم عدد الوفد؟")
    assert not changed.verified and changed.problems == ("the number 191 is not in sentence [2]",)


# --- dates ----------------------------------------------------------------------------------------------


def test_a_translated_date_resolved_from_a_relative_one_is_supported() -> None:
    """ "اليوم الأحد" in an article published on Sunday 16 November 2025 states that day."""
    result = verify_answer("They met on Sunday, 16 November 2025 [1].", VISIT_SOURCES, Q_WHEN)
    assert result.verified
    assert verify_answer("They met in November 2025 [1].", VISIT_SOURCES, Q_WHEN).verified
    wrong = verify_answer("They met on 17 November 2025 [1].", VISIT_SOURCES, Q_WHEN)
    assert not wrong.verified and wrong.problems == ("the date “17 November 2025” is not in sentence [1]",)


def test_last_october_resolves_against_the_publication_year() -> None:
    question = "When did al-Sharaa first visit Russia?"
    assert verify_answer("Al-Sharaa first went to Russia on 15 October 2025 [3].", VISIT_SOURCES, question).verified
    wrong = verify_answer("Al-Sharaa first went to Russia on 15 October 2024 [3].", VISIT_SOURCES, question)
    assert not wrong.verified


def test_an_undated_article_allows_its_own_wording_but_no_calendar_date() -> None:
    question = "When did al-Sharaa arrive in Moscow?"
    assert verify_answer("Al-Sharaa arrived in Moscow on a Wednesday [4].", VISIT_SOURCES, question).verified
    assert not verify_answer("Al-Sharaa arrived in Moscow on a Thursday [4].", VISIT_SOURCES, question).verified
    assert not verify_answer("Al-Sharaa arrived in Moscow on 14 January 2026 [4].", VISIT_SOURCES, question).verified


def test_sources_that_disagree_are_each_checked_against_their_own_date() -> None:
    both = sources(ARRIVED_WEDNESDAY, ARRIVED_THURSDAY)
    question = "When did the Syrian delegation arrive in Moscow?"
    text = "One report says it arrived on 1 October 2025 [1]; another says 2 October 2025 [2]."
    assert verify_answer(text, both, question).verified
    swapped = "One report says it arrived on 1 October 2025 [2]; another says 2 October 2025 [1]."
    assert not verify_answer(swapped, both, question).verified


# --- Latin names against Arabic ---------------------------------------------------------------------------

DELEGATION = passage(
    "delegation.txt",
    [
        "وصل وفد عسكري روسي إلى دمشق.",
        "وترأس الوفد يونس بك يفكيروف نائب وزير الدفاع الروسي.",
    ],
    published=dt.date(2025, 11, 16),
    title="وفد روسي",
)


def test_a_latin_name_is_found_in_the_arabic_sentence_it_cites() -> None:
    shown = sources(DELEGATION)
    assert verify_answer("The delegation was led by Yunus-bek Yevkurov [2].", shown, Q_WHO).verified
    assert verify_answer("It was led by Deputy Defence Minister Yevkurov [2].", shown, Q_WHO).verified


def test_an_invented_or_misplaced_name_fails() -> None:
    shown = sources(DELEGATION)
    invented = verify_answer("The delegation was led by Andrei Belousov [2].", shown, Q_WHO)
    assert not invented.verified
    assert invented.problems == (
        "the name “Andrei” is not in sentence [2]",
        "the name “Belousov” is not in sentence [2]",
    )
    short = verify_answer("The delegation was led by Youssef Bek [2].", shown, Q_WHO)
    assert short.problems == ("the name “Youssef” is not in sentence [2]",)


def test_a_name_from_the_article_title_counts_but_not_one_from_the_question() -> None:
    shown = sources(DELEGATION)
    titled = sources(passage("titled.txt", ["وترأس الوفد يونس بك يفكيروف."], title="وفد روسي في دمشق"))
    assert verify_answer("In Damascus, the delegation was led by Yevkurov [1].", titled, Q_WHO).verified
    question = "Who led the Russian delegation to Aleppo?"
    elsewhere = verify_answer("The delegation in Aleppo was led by Yevkurov [2].", shown, question)
    assert not elsewhere.verified and elsewhere.problems == ("the name “Aleppo” is not in sentence [2]",)


def test_a_claim_restating_the_question_must_cite_a_sentence_about_its_subject() -> None:
    """Sentence [2] names Yevkurov as the Russian deputy defence minister, not the Syrian minister."""
    shown = sources(DELEGATION)
    question = "من هو وزير الدفاع السوري؟"
    wrong = verify_answer("وزير الدفاع السوري هو يونس بك يفكيروف [2].", shown, question)
    assert not wrong.verified
    assert wrong.problems == (
        "“السوري” (a word of the question) is not in sentence [2]",
        "the phrase “دفاع سور” (of the question) is not in sentence [2]",
    )
    english = verify_answer(
        "The Syrian defence minister is Yevkurov [2].", shown, "Who is the Syrian defence minister?"
    )
    assert not english.verified and english.problems == ("the name “Syrian” is not in sentence [2]",)
    right = verify_answer("نائب وزير الدفاع الروسي هو يونس بك يفكيروف [2].", shown, "من هو نائب وزير الدفاع الروسي؟")
    assert right.verified


def test_a_phrase_of_the_question_must_be_a_phrase_of_the_cited_sentence() -> None:
    """Both words are in the sentence, but "السوري" describes the delegation, not the minister."""
    shown = sources(passage("received.txt", ["وكان نائب وزير الدفاع الروسي يونس بك يفكيروف في استقبال الوفد السوري."]))
    wrong = verify_answer("وزير الدفاع السوري هو يونس بك [1].", shown, "من هو وزير الدفاع السوري؟")
    assert not wrong.verified
    assert wrong.problems == ("the phrase “دفاع سور” (of the question) is not in sentence [1]",)


def test_the_sentence_before_may_support_a_claim_and_is_then_quoted_too() -> None:
    shown = select_sources(pick(DELEGATION, 1), 6)
    assert shown[0].context and shown[0].context[1] == "وصل وفد عسكري روسي إلى دمشق."
    result = verify_answer("Yevkurov's delegation came to Damascus [1].", shown, "Where did the delegation go?")
    assert result.verified
    (citation,) = result.citations
    assert citation.quote == DELEGATION.text  # both sentences: one run of the article's text


# --- citations ------------------------------------------------------------------------------------------


def test_citations_quote_the_cited_sentences_numbered_by_article() -> None:
    text = "He arrived on a Wednesday [4]. The delegation had about 190 members [2] and met on 16 November 2025 [1]."
    result = verify_answer(text, VISIT_SOURCES, "What happened?")
    assert result.verified
    assert result.text == (
        "He arrived on a Wednesday [1]. The delegation had about 190 members [2] and met on 16 November 2025 [2]."
    )
    assert [(c.n, c.article_id, c.quote) for c in result.citations] == [
        (1, "second.txt", SECOND_VISIT.sentence_texts()[0][1]),
        (2, "visit.txt", VISIT.sentence_texts()[0][1]),
        (2, "visit.txt", VISIT.sentence_texts()[1][1]),
    ]
    for citation, source in zip(result.citations, [VISIT_SOURCES[3], VISIT_SOURCES[0], VISIT_SOURCES[1]], strict=True):
        assert (citation.start, citation.end) == (source.span.start, source.span.end)
    assert result.citations[1].published == dt.date(2025, 11, 16)


def test_invented_marker_numbers_are_dropped_and_markers_after_the_full_stop_count() -> None:
    result = verify_answer("The delegation had about 190 members. [2][7] [9]", VISIT_SOURCES, Q_HOW_MANY)
    assert result.verified and result.text == "The delegation had about 190 members. [1]"
    assert len(result.citations) == 1
