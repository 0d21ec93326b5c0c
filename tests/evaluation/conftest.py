"""Fixtures for the harness tests, and hand-written deterministic fakes for the embedder and `Isnad`.

`FakeIsnad` keeps one passage per sentence, so a paragraph usually has several passages and the
harness must count distinct articles. Lexical search scores shared folded words; dense search is a dot
product of `WordHashEmbeddings` vectors; hybrid fuses the two by reciprocal rank.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from retrieval.records import Answer, Article, Citation, Hit, IngestReport, Passage, Span, Turn
from retrieval.settings import Settings, load_settings
from retrieval.text.arabic import tokens

_SENTENCE = re.compile(r"[^.!?؟]+[.!?؟]?")


class WordHashEmbeddings(Embeddings):
    """Folded words hashed into 32 buckets, L2-normalised; counts the texts it is asked to embed."""

    identity = "fake:word-hash-32"

    def __init__(self) -> None:
        self.documents_embedded: list[str] = []
        self.queries_embedded: list[str] = []

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * 32
        for token in tokens(text):
            vector[zlib.crc32(token.encode()) % 32] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded.extend(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.queries_embedded.append(text)
        return self._vector(text)


def sentence_passages(article: Article) -> list[Passage]:
    spans = [
        Span(m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
        for m in _SENTENCE.finditer(article.text)
        if m.group().strip()
    ]
    return [
        Passage(
            passage_id=f"{article.article_id}:{n}",
            article_id=article.article_id,
            title=article.title,
            text=article.text[s.start : s.end],
            start=s.start,
            end=s.end,
            sentences=(s,),
            position=n,
            passage_count=len(spans),
        )
        for n, s in enumerate(spans)
    ]


class FakeIsnad:
    """Implements the part of `Isnad` the harness drives, deterministically."""

    def __init__(self, settings: Settings, *, embeddings: Embeddings | None = None) -> None:
        assert embeddings is not None
        self.settings = settings
        self.embeddings = embeddings
        self.passages: list[Passage] = []
        self.vectors: list[list[float]] = []
        self.search_calls: list[tuple[str, int, str]] = []
        self.histories: list[tuple[Turn, ...]] = []

    def ingest_articles(self, articles: Sequence[Article], *, prune: bool = False) -> IngestReport:
        passages = [p for a in articles for p in sentence_passages(a)]
        self.passages.extend(passages)
        self.vectors.extend(self.embeddings.embed_documents([p.text for p in passages]))
        return IngestReport(articles_added=len(articles), passages_added=len(passages))

    def ingest(self, paths: Sequence[Path], *, rebuild: bool = False, prune: bool = False) -> IngestReport:
        articles = []
        for folder in paths:
            for file in sorted(Path(folder).glob("*.txt")):
                text = file.read_text(encoding="utf-8")
                articles.append(Article(article_id=file.name, title=text.splitlines()[0], text=text))
        return self.ingest_articles(articles)

    def _lexical(self, query: str) -> list[tuple[int, float]]:
        words = set(tokens(query))
        scored = [(i, float(len(words & set(tokens(p.text))))) for i, p in enumerate(self.passages)]
        return sorted(((i, s) for i, s in scored if s > 0), key=lambda x: (-x[1], x[0]))

    def _dense(self, query: str) -> list[tuple[int, float]]:
        q = self.embeddings.embed_query(query)
        scored = [(i, sum(a * b for a, b in zip(q, v, strict=True))) for i, v in enumerate(self.vectors)]
        return sorted(scored, key=lambda x: (-x[1], x[0]))

    def search(self, query: str, k: int, *, mode: str = "hybrid") -> list[Hit]:
        self.search_calls.append((query, k, mode))
        if mode == "lexical":
            ranked = self._lexical(query)
        elif mode == "dense":
            ranked = self._dense(query)
        else:
            fused: dict[int, float] = {}
            for ranking in (self._lexical(query), self._dense(query)):
                for rank, (i, _) in enumerate(ranking, start=1):
                    fused[i] = fused.get(i, 0.0) + 1 / (60 + rank)
            ranked = sorted(fused.items(), key=lambda x: (-x[1], x[0]))
        return [Hit(passage=self.passages[i], score=s) for i, s in ranked[:k]]

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        self.histories.append(tuple(history))
        lexical = self._lexical(question)
        if not lexical:
            return Answer(
                question=question, text="The articles do not say.", language="en", abstained=True, confidence=0.0
            )
        best = self.passages[lexical[0][0]]
        citation = Citation(1, best.article_id, best.title, best.text, best.start, best.end)
        confidence = lexical[0][1] / len(set(tokens(question)))  # the share of the question's words it quotes
        return Answer(
            question=question, text=f"{best.text} [1]", language="en", citations=(citation,), confidence=confidence
        )


# --- fixtures -------------------------------------------------------------------------------------

SQUAD = {
    "version": "1.1",
    "data": [
        {
            "title": "Nile",
            "paragraphs": [
                {
                    "context": "The Nile flows north through Egypt. Its delta meets the Mediterranean sea.",
                    "qas": [
                        {
                            "id": "q1",
                            "question": "Which sea does the Nile delta meet?",
                            "answers": [{"answer_start": 52, "text": "Mediterranean"}],
                        },
                        {
                            "id": "q2",
                            "question": "Through which country does the Nile flow north?",
                            "answers": [{"answer_start": 29, "text": "Egypt"}],
                        },
                    ],
                },
                {
                    "context": "Aswan dam was finished in 1970. The dam controls floods.",
                    "qas": [
                        {
                            "id": "q3",
                            "question": "When was Aswan dam finished?",
                            "answers": [{"answer_start": 26, "text": "1970"}],
                        }
                    ],
                },
            ],
        },
        {
            "title": "Desert",
            "paragraphs": [
                {
                    "context": "الصحراء الكبرى أكبر صحراء حارة. تقع في شمال أفريقيا.",
                    "qas": [
                        {
                            "id": "q4",
                            "question": "أين تقع الصحراء الكبرى؟",
                            "answers": [{"answer_start": 40, "text": "شمال أفريقيا"}],
                        },
                        {"id": "q5", "question": "Who painted Mona Lisa?", "answers": [{"text": "Leonardo"}]},
                    ],
                }
            ],
        },
    ],
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "user-index", seeds_dir=tmp_path / "seeds")


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.ar.json"
    path.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def embeddings() -> WordHashEmbeddings:
    return WordHashEmbeddings()


@pytest.fixture
def new_embeddings() -> type[WordHashEmbeddings]:
    """The fake embedder's class, for tests that need several instances."""
    return WordHashEmbeddings


@pytest.fixture
def services() -> list[FakeIsnad]:
    """Every `FakeIsnad` the factory fixture built, for inspection."""
    return []


@pytest.fixture
def service_factory(services: list[FakeIsnad]) -> Callable[..., FakeIsnad]:
    def build(settings: Settings, *, embeddings: Embeddings | None = None) -> FakeIsnad:
        services.append(FakeIsnad(settings, embeddings=embeddings))
        return services[-1]

    return build


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write records (dicts, or raw strings for malformed lines) one a line into `tmp_path / name`."""

    def write(name: str, *records: object) -> Path:
        path = tmp_path / name
        lines = (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path

    return write
