import datetime as dt

import pytest

from retrieval.ingest.passages import chunk
from retrieval.records import Article, Span
from retrieval.text.sentences import ends_sentence, split_long, split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_arabic_sentence_ends() -> None:
    assert texts("وصل الوفد. هل انتهى؟ نعم! أولا؛ ثانيا") == ["وصل الوفد.", "هل انتهى؟", "نعم!", "أولا؛", "ثانيا"]


def test_line_breaks_end_sentences_and_bullets_are_trimmed() -> None:
    assert texts("- البند الأول\n- البند الثاني.\n\nعنوان") == ["البند الأول", "البند الثاني.", "عنوان"]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert texts('قال "نعم." ثم غادر.') == ['قال "نعم."', "ثم غادر."]


def test_decimal_points_do_not_split() -> None:
    assert texts("بلغت النسبة 3.5 في المئة. ثم ارتفعت.") == ["بلغت النسبة 3.5 في المئة.", "ثم ارتفعت."]


def test_offsets_are_shifted() -> None:
    assert split_sentences("أ ب. ج د.", offset=10) == [Span(10, 14), Span(15, 19)]


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("وصل الوفد إلى موسكو.", True),
        ("هل وصل الوفد؟", True),
        ("قال: «وصلنا.»", True),
        ("عاجل: وصول الوفد", False),
        ("سياسة", False),
        ("It arrived!  ", True),
    ],
)
def test_ends_sentence(text: str, ends: bool) -> None:
    assert ends_sentence(text) is ends


def test_split_long_cuts_at_commas_and_fits() -> None:
    text = "كلمة، " * 50
    pieces = split_long(Span(0, len(text.rstrip())), text, 60)
    assert all(p.end - p.start <= 60 for p in pieces)
    assert pieces[0].start == 0 and pieces[-1].end == len(text.rstrip())
    assert all(text[p.end - 1] == "،" for p in pieces[:-1])


def test_chunk_quotes_exact_article_text() -> None:
    text = " ".join(f"هذه الجملة رقم {i} في المقال." for i in range(40))
    article = Article(article_id="x.txt", title="t", text=text, published=dt.date(2025, 1, 1))
    passages = chunk(article, target_chars=200, overlap=1, article_hash="h" * 64)
    assert len(passages) > 3
    for p in passages:
        assert p.text == text[p.start : p.end]
        assert len(p.text) <= 200
        assert p.passage_count == len(passages)
        for span, sentence in p.sentence_texts():
            assert sentence == text[span.start : span.end]
    # Neighbours share one sentence; together they cover every sentence.
    assert passages[0].sentences[-1] == passages[1].sentences[0]
    covered = {s for p in passages for s in p.sentences}
    assert covered == set(split_sentences(text))
    assert [p.passage_id for p in passages] == [f"{'h' * 20}-{i:04d}" for i in range(len(passages))]
