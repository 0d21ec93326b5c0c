from retrieval.answer.decline import absent_terms, root_key
from retrieval.index.lexical import LexicalIndex
from retrieval.text.query import QueryTerms

PASSAGES = [
    "أعلنت الحكومة سقوط النظام في العاصمة.",
    "زار الوزير الميناء الجديد وحرصها على التعاون واضح.",
]


def index() -> LexicalIndex:
    return LexicalIndex.build(["p1", "p2"], PASSAGES, "g")


def test_root_key_joins_verbs_and_nouns() -> None:
    assert root_key("سقط") == root_key("سقوط")
    assert root_key("تحرص") == root_key("حرص")


def test_an_arabic_word_no_passage_has_is_absent() -> None:
    missing = absent_terms(QueryTerms.of("من فاز بكأس العالم؟"), index())
    assert sorted(stem for term in missing for stem in term.stems) == ["عالم", "فاز", "كاس"]


def test_inflected_forms_are_not_absent() -> None:
    assert absent_terms(QueryTerms.of("متى سقط النظام؟ لماذا تحرص الحكومة؟"), index()) == []


def test_english_words_and_dates_are_never_judged() -> None:
    assert absent_terms(QueryTerms.of("What is the GDP in March 2025?"), index()) == []
