"""Verification of generated answers: citations, numbers, dates, abstention, sentence-level quotes."""

from __future__ import annotations

import datetime as dt

from llm_fakes import ARRIVED_THURSDAY, ARRIVED_WEDNESDAY, SECOND_VISIT, VISIT, passage, sources

from retrieval.llm.verify import says_not_found, verify_answer

VISIT_SOURCES = sources(VISIT, SECOND_VISIT)


def test_a_correct_answer_is_verified_with_sentence_citations() -> None:
    result = verify_answer("Al-Sharaa first visited Russia on 15 October 2025 [1].", VISIT_SOURCES, "en")
    assert result.verified and not result.abstained and result.problems == ()
    assert result.text == "Al-Sharaa first visited Russia on 15 October 2025 [1]."
    (citation,) = result.citations
    assert citation.n == 1 and citation.article_id == "visit.txt"
    assert citation.quote == VISIT.sentence_texts()[2][1]
    assert (citation.start, citation.end) == (VISIT.sentences[2].start, VISIT.sentences[2].end)
    assert citation.published == dt.date(2025, 11, 16) and citation.outlet == "الجزيرة"


def test_invented_citation_numbers_are_removed() -> None:
    result = verify_answer("The Russian delegation had about 190 members [1][7]. [9]", VISIT_SOURCES, "en")
    assert result.verified
    assert result.text == "The Russian delegation had about 190 members [1]."
    assert [c.article_id for c in result.citations] == ["visit.txt"]


def test_an_answer_citing_only_invented_numbers_is_rejected() -> None:
    result = verify_answer("The delegation had about 190 members [5].", VISIT_SOURCES, "en")
    assert not result.verified and result.citations == ()
    assert "cites no source" in result.problems[0]


def test_an_answer_without_citations_is_rejected() -> None:
    result = verify_answer("Al-Sharaa visited Moscow twice.", VISIT_SOURCES, "en")
    assert not result.verified
    assert result.problems == ("the answer cites no source",)
    assert result.text == "Al-Sharaa visited Moscow twice."  # kept for the log, not shown


def test_a_changed_number_is_rejected() -> None:
    result = verify_answer("The Russian delegation had about 200 members [1].", VISIT_SOURCES, "en")
    assert not result.verified
    assert result.problems == ("the number 200 is not in source [1]",)


def test_a_changed_date_is_rejected() -> None:
    result = verify_answer("Al-Sharaa first visited Russia on 16 October 2025 [1].", VISIT_SOURCES, "en")
    assert not result.verified
    assert result.problems == ("the date “16 October 2025” is not in source [1]",)


def test_a_date_resolved_from_the_publication_date_matches_at_any_precision() -> None:
    for text in ("It was on 15 October 2025 [1].", "It was in October 2025 [1].", "It was in 2025 [1]."):
        assert verify_answer(text, VISIT_SOURCES, "en").verified, text
    assert not verify_answer("It was in October 2024 [1].", VISIT_SOURCES, "en").verified


def test_the_publication_date_of_a_cited_source_counts_as_stated() -> None:
    result = verify_answer("An article of Sunday 16 November 2025 reports the talks [1].", VISIT_SOURCES, "en")
    assert result.verified


def test_facts_must_be_in_a_source_the_same_sentence_cites() -> None:
    text = "Al-Sharaa went to Moscow on a Wednesday [2]. His first visit was on 15 October 2025 [2]."
    result = verify_answer(text, VISIT_SOURCES, "en")
    assert not result.verified
    assert result.problems == ("the date “15 October 2025” is not in source [2]",)


def test_an_uncited_sentence_with_a_number_is_rejected() -> None:
    result = verify_answer("He visited Russia in October [2]. About 190 people went along.", VISIT_SOURCES, "en")
    assert not result.verified
    assert result.problems == ("the number 190 is not in any cited source (the sentence cites none)",)


def test_undated_sources_allow_their_own_wording_but_no_invented_calendar_date() -> None:
    assert verify_answer("He arrived in Moscow on a Wednesday [2].", VISIT_SOURCES, "en").verified
    assert verify_answer("His first visit was in October [2].", VISIT_SOURCES, "en").verified
    assert not verify_answer("He arrived in Moscow on a Thursday [2].", VISIT_SOURCES, "en").verified
    assert not verify_answer("He arrived in Moscow on 14 January 2026 [2].", VISIT_SOURCES, "en").verified
    assert not verify_answer("His first visit was in October 2025 [2].", VISIT_SOURCES, "en").verified


def test_number_words_and_duals_count_as_numbers() -> None:
    assert verify_answer("It was his second visit in less than four months [2].", VISIT_SOURCES, "en").verified
    assert not verify_answer("It was his second visit in less than five months [2].", VISIT_SOURCES, "en").verified
    bases = sources(passage("bases.txt", ["تحتفظ روسيا بقاعدتين عسكريتين في سوريا."]))
    assert verify_answer("Russia keeps two military bases in Syria [1].", bases, "en").verified
    assert not verify_answer("Russia keeps three military bases in Syria [1].", bases, "en").verified


def test_disagreeing_sources_are_each_checked_against_their_own_publication_date() -> None:
    both = sources(ARRIVED_WEDNESDAY, ARRIVED_THURSDAY)
    text = (
        "The sources differ: one says the delegation arrived on Wednesday 1 October 2025 [1], "
        "another on Thursday 2 October 2025 [2]."
    )
    assert verify_answer(text, both, "en").verified
    split = "The delegation arrived on 1 October 2025 [1]. Another report says 2 October 2025 [2]."
    assert verify_answer(split, both, "en").verified
    swapped = "The delegation arrived on 1 October 2025 [2]. Another report says 2 October 2025 [1]."
    assert not verify_answer(swapped, both, "en").verified


def test_arabic_answer_with_arabic_indic_digits() -> None:
    text = "ضم الوفد الروسي نحو ١٩٠ شخصية [١]، وزار الشرع روسيا في ١٥ أكتوبر ٢٠٢٥ [١]."
    result = verify_answer(text, VISIT_SOURCES, "ar")
    assert result.verified
    assert result.text == "ضم الوفد الروسي نحو ١٩٠ شخصية [1]، وزار الشرع روسيا في ١٥ أكتوبر ٢٠٢٥ [1]."
    changed = verify_answer("ضم الوفد الروسي نحو ١٩١ شخصية [١].", VISIT_SOURCES, "ar")
    assert not changed.verified and changed.problems == ("the number 191 is not in source [1]",)


def test_markers_after_the_full_stop_belong_to_that_sentence() -> None:
    result = verify_answer("The delegation had about 190 members. [1] It met the minister. [1]", VISIT_SOURCES, "en")
    assert result.verified
    assert result.text == "The delegation had about 190 members. [1] It met the minister. [1]"


def test_list_numbers_and_marker_variants() -> None:
    text = "1. The delegation had about 190 members [1, 2].\n2. He visited in October [source 2]."
    result = verify_answer(text, VISIT_SOURCES, "en")
    assert result.verified
    assert result.text == "1. The delegation had about 190 members [1][2].\n2. He visited in October [2]."


def test_abstention_in_either_language() -> None:
    english = verify_answer("I could not find the answer in the articles.", VISIT_SOURCES, "en")
    assert english.verified and english.abstained and english.citations == ()
    assert english.text == "I could not find the answer in the articles."
    arabic = verify_answer("لم أجد الإجابة في المقالات", VISIT_SOURCES, "ar")
    assert arabic.verified and arabic.abstained and arabic.text == "لم أجد الإجابة في المقالات."
    assert says_not_found("Sorry - I couldn't find the answer in the articles!")
    assert not says_not_found("The answer is in the articles [1].")


def test_an_abstention_that_also_cites_is_checked_as_an_answer() -> None:
    text = "I could not find the answer in the articles. They only say the delegation had 190 members [1]."
    result = verify_answer(text, VISIT_SOURCES, "en")
    assert result.verified and not result.abstained and len(result.citations) == 1


def test_citations_are_renumbered_in_order_of_first_use() -> None:
    text = "He arrived on a Wednesday [3]. The delegation had about 190 members [1]. He came back [3]."
    result = verify_answer(text, sources(VISIT, ARRIVED_WEDNESDAY, SECOND_VISIT), "en")
    assert result.verified
    assert result.text == "He arrived on a Wednesday [1]. The delegation had about 190 members [2]. He came back [1]."
    assert [(c.n, c.article_id) for c in result.citations] == [(1, "second.txt"), (2, "visit.txt")]


def test_the_quoted_sentence_is_the_one_sharing_most_words_ties_going_to_the_earliest() -> None:
    three = passage(
        "port.txt",
        [
            "افتتحت الحكومة ميناء جديدا في مدينة العقبة.",
            "ويضم الميناء ثلاثة أرصفة للسفن.",
            "وقال الوزير إن المشروع كلف كثيرا.",
        ],
        published=dt.date(2025, 6, 12),
    )
    docks = verify_answer("يضم الميناء الجديد ثلاثة أرصفة [1].", sources(three), "ar")
    assert docks.citations[0].quote == "ويضم الميناء ثلاثة أرصفة للسفن."
    unrelated = verify_answer("This is what the article reports [1].", sources(three), "en")
    assert unrelated.citations[0].quote == "افتتحت الحكومة ميناء جديدا في مدينة العقبة."


def test_english_answers_find_arabic_sentences_through_names_numbers_and_dates() -> None:
    result = verify_answer("Russia's delegation numbered about 190 [1].", VISIT_SOURCES, "en")
    assert result.citations[0].quote == "وقالت مصادر حكومية إن الوفد الروسي يضم نحو 190 شخصية."
    result = verify_answer("The first visit was on 15 October 2025 [1].", VISIT_SOURCES, "en")
    assert result.citations[0].quote.startswith("وكان الرئيس السوري أحمد الشرع قد أجرى في 15")


def test_overlapping_passages_quoting_the_same_sentence_share_one_number() -> None:
    shared = "وقالت مصادر حكومية إن الوفد الروسي يضم نحو 190 شخصية."
    first = passage("talks.txt", ["بحث الوزير التعاون.", shared], position=0)
    second = passage("talks.txt", [shared, "وناقش الجانبان الأمن."], offset=first.sentences[1].start, position=1)
    result = verify_answer("The delegation had about 190 members [1][2].", sources(first, second), "en")
    assert result.verified
    assert result.text == "The delegation had about 190 members [1]."
    assert len(result.citations) == 1
