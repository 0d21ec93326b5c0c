from retrieval.ingest.cleaning import clean, normalize


def test_normalize_folds_presentation_forms_and_line_ends() -> None:
    assert normalize("ﻻ بأس  \r\nسطر\u200f ثان") == "لا بأس\nسطر ثان"


def test_share_prompt_and_read_also_lines_go() -> None:
    text = "جملة أولى.\nمشاركة المقال:\nشاهد ايضاً: خبر آخر لا علاقة له\nجملة ثانية."
    assert clean(text).text == "جملة أولى.\nجملة ثانية."


def test_related_news_tail_goes_with_everything_after_it() -> None:
    text = "الخبر نفسه.\nأخبار ذات صلة\n\nعنوان خبر آخر\nنص خبر آخر."
    assert clean(text).text == "الخبر نفسه."


def test_repeated_category_lines_at_the_end_go() -> None:
    assert clean("نص الخبر.\nسياسة\nسياسة\nسياسة").text == "نص الخبر."


def test_a_single_short_closing_line_stays() -> None:
    assert clean("نص الخبر.\nانتهى").text == "نص الخبر.\nانتهى"


def test_duplicated_title_line_goes() -> None:
    text = "عنوان الخبر\n\nعنوان الخبر\n\nنص الخبر."
    assert clean(text).text == "عنوان الخبر\n\nنص الخبر."


def test_republishing_disclaimer_goes_and_names_the_outlet() -> None:
    text = (
        "عنوان\n"
        'هذا الخبر بعنوان "كذا" نشر أولاً على موقع example_news وتم جلبه من مصدره الأصلي بتاريخ ٤ شباط ٢٠٢٦.\n'
        "لا يتحمل موقعنا مضمونه بأي شكل من الأشكال.\n"
        "نص الخبر."
    )
    cleaned = clean(text)
    assert cleaned.text == "عنوان\nنص الخبر."
    assert cleaned.outlet == "example_news"
    assert len(cleaned.header_lines) == 2


def test_sentences_are_kept_verbatim() -> None:
    text = 'قال المحلل إن "العلاقات مهمة"، وأضاف: نعم.\n\nفقرة ثانية؛ وفيها تفاصيل.'
    assert clean(text).text == text
