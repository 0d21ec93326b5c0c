"""The LLM path measured against the extractive answerer on the same questions, with the LLM that `ISNAD_LLM`
names (for example a local GGUF model: `ISNAD_LLM=llamacpp:/path/model.gguf ISNAD_LLM_THREADS=1`).

    ISNAD_LLM=llamacpp:/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf ISNAD_LLM_TIMEOUT_S=120 \\
        python benchmarks/run_llm.py [--news-every 8]      # writes benchmarks/results/llm/<label>.json

Question sets:
- `seeds_dev`: the published development questions and their conversation over `seeds/` (all of them);
- `news`: the project's own news questions (`benchmarks/data/news_questions_*.jsonl`) over the SaudiNewsNet
  sample, measure part only (`retrieval.evaluation.splits`), every k-th question (`--news-every`, in file
  order) to keep a run within an hour on a laptop CPU.

Each question is asked of both answerers over one index built for the set. Reported for the LLM path:
correct (the answer shown, the extractive fallback included, scored like `isnad eval`), verified (the LLM's
own answer shown), fallback rate, wrong-but-verified (an LLM answer shown, not abstaining, and wrong),
content-free answers shown, English questions answered in English, time to first token and total time
(p50/p95), and prompt size in tokens (from llama.cpp's own count, for `llamacpp:` models).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from retrieval.errors import IsnadError
from retrieval.evaluation.datasets import EvalQuestion, EvalSet, gold_set
from retrieval.index.embedding_cache import CachedEmbeddings, default_cache_path
from retrieval.index.embeddings import build_embeddings
from retrieval.llm import build_chat_model, release_chat_model
from retrieval.llm.citations import find_markers, find_placeholder
from retrieval.records import Answer, Turn
from retrieval.service import Isnad
from retrieval.settings import Settings, load_settings
from retrieval.text.arabic import content_stems

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"  # beside the checkout; --shared points elsewhere
NEWS_QUESTIONS = sorted((ROOT / "benchmarks" / "data").glob("news_questions_*.jsonl"))
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Asked:
    """One question asked of both answerers."""

    question: EvalQuestion
    llm: Answer
    extractive: Answer
    first_token_s: float | None  # None when the LLM streamed nothing (declined before it, or failed at once)
    total_s: float
    extractive_s: float
    prompt_tokens: int | None
    cached_tokens: int | None
    written: str = ""  # what the LLM streamed, before verification


def question_sets(shared: Path, news_every: int, limit: int | None) -> list[tuple[EvalSet, list[EvalQuestion]]]:
    """The sets and the questions asked of each (see the module's note); at most `limit` a set."""
    seeds_dev = shared / "eval" / "seeds_dev.jsonl"
    news_articles = shared / "data" / "news_sample" / "saudinewsnet_sample.jsonl"
    sets = []
    if seeds_dev.is_file():
        conversations = [seeds_dev.with_name(f"{seeds_dev.stem}_conversations.jsonl")]
        dev = gold_set("seeds_dev", [seeds_dev], ROOT / "seeds", [p for p in conversations if p.is_file()])
        sets.append((dev, list(dev.questions)[:limit]))
    else:
        click.echo(f"skipping seeds_dev: {seeds_dev} is missing", err=True)
    if news_articles.is_file() and NEWS_QUESTIONS:
        news = gold_set("news", NEWS_QUESTIONS, news_articles)
        sets.append((news, list(news.part("measure"))[::news_every][:limit]))
    else:
        click.echo(f"skipping news: {news_articles} or the question files are missing", err=True)
    return sets


def ask_all(settings: Settings, eval_set: EvalSet, questions: Sequence[EvalQuestion]) -> list[Asked]:
    """Index the set's articles once, then ask every question of the extractive answerer and the LLM path."""
    with tempfile.TemporaryDirectory(prefix="isnad-llm-bench-", ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        (root / "no-seeds").mkdir()
        base = settings.model_copy(
            update={"data_dir": root / "index", "chroma_url": None, "seeds_dir": root / "no-seeds"}
        )
        with CachedEmbeddings(build_embeddings(base), default_cache_path()) as embeddings:
            extractive = Isnad(base.model_copy(update={"llm": "none"}), embeddings=embeddings)
            extractive.ingest_articles(eval_set.articles)
            chat_model = build_chat_model(base)
            llm = Isnad(base, embeddings=embeddings, chat_model=chat_model)
            histories: dict[str, tuple[list[Turn], list[Turn]]] = {}
            asked = []
            try:
                for n, question in enumerate(questions, start=1):
                    ext_history, llm_history = histories.setdefault(question.conversation or "", ([], []))
                    if not question.conversation:
                        ext_history, llm_history = [], []
                    record = _ask(question, extractive, llm, chat_model, ext_history, llm_history)
                    asked.append(record)
                    ext_history.append(
                        Turn(question.text, record.extractive.text, record.extractive.standalone_question)
                    )
                    llm_history.append(Turn(question.text, record.llm.text, record.llm.standalone_question))
                    click.echo(
                        f"[{eval_set.name} {n}/{len(questions)}] {question.question_id} "
                        f"llm={'ok' if _correct(question, record.llm) else 'wrong'}"
                        f"{'' if record.llm.fallback is None else ' (fallback)'} "
                        f"ext={'ok' if _correct(question, record.extractive) else 'wrong'} "
                        f"ttft={_seconds(record.first_token_s)} total={record.total_s:.1f}s",
                        err=True,
                    )
            finally:
                release_chat_model(chat_model)
    return asked


def _ask(
    question: EvalQuestion,
    extractive: Isnad,
    llm: Isnad,
    chat_model: Any,
    ext_history: Sequence[Turn],
    llm_history: Sequence[Turn],
) -> Asked:
    started = time.perf_counter()
    ext_answer = extractive.answer(question.text, ext_history)
    extractive_s = time.perf_counter() - started
    started = time.perf_counter()
    first: float | None = None
    final: Answer | None = None
    written: list[str] = []
    for part in llm.stream(question.text, llm_history):
        if isinstance(part, Answer):
            final = part
            continue
        written.append(part)
        if first is None and part.strip():
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    assert final is not None
    timings = getattr(chat_model, "last_timings", {}) if final.timings_ms.get("llm") or final.fallback else {}
    prompt = timings.get("prompt_n")
    cached = timings.get("cache_n")
    return Asked(
        question=question,
        llm=final,
        extractive=ext_answer,
        first_token_s=first if (final.fallback or final.timings_ms.get("llm")) else None,
        total_s=total,
        extractive_s=extractive_s,
        prompt_tokens=None if prompt is None else int(prompt) + int(cached or 0),
        cached_tokens=None if cached is None else int(cached),
        written="".join(written) if (final.fallback or final.timings_ms.get("llm")) else "",
    )


def _correct(question: EvalQuestion, answer: Answer) -> bool:
    if question.answerable:
        return question.is_hit(answer)
    return answer.abstained and not answer.citations


def _llm_shown(answer: Answer) -> bool:
    """The LLM's own answer was shown (verified), not the extractive one."""
    return answer.fallback is None and "llm" in answer.timings_ms


def _content_free(question: EvalQuestion, answer: Answer) -> bool:
    """A shown answer that says nothing: a placeholder, only markers, or only the question's own words."""
    text = answer.text
    for marker in reversed(find_markers(text)):
        text = text[: marker.start] + " " + text[marker.end :]
    return find_placeholder(answer.text) is not None or not (
        set(content_stems(text)) - set(content_stems(question.text))
    )


def _in_english(text: str) -> bool:
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return latin > 0 and arabic <= 0.1 * (arabic + latin)


def summarise(asked: Sequence[Asked], timeout_s: float) -> dict[str, Any]:
    """The figures of one set (see the module's note)."""
    called = [a for a in asked if a.first_token_s is not None or a.llm.fallback]
    shown = [a for a in asked if _llm_shown(a.llm)]
    claims = [a for a in shown if not a.llm.abstained]
    english = [a for a in claims if _lang(a) == "en"]
    ttft = [a.first_token_s for a in called if a.first_token_s is not None]
    totals = [a.total_s for a in called]
    prompts = [a.prompt_tokens for a in called if a.prompt_tokens is not None]
    return {
        "questions": len(asked),
        "extractive_correct": sum(_correct(a.question, a.extractive) for a in asked),
        "llm_correct": sum(_correct(a.question, a.llm) for a in asked),
        "llm_asked": len(called),
        "declined_before_llm": len(asked) - len(called),
        "verified": len(shown),
        "verified_abstentions": sum(a.llm.abstained for a in shown),
        "fallbacks": sum(bool(a.llm.fallback) for a in asked),
        "fallback_rate": round(sum(bool(a.llm.fallback) for a in asked) / len(called), 3) if called else None,
        "verified_correct": sum(_correct(a.question, a.llm) for a in shown),
        "wrong_but_verified": sum(not _correct(a.question, a.llm) for a in claims),
        "abstained_on_answerable": sum(a.question.answerable for a in shown if a.llm.abstained),
        "content_free_shown": sum(_content_free(a.question, a.llm) for a in claims),
        "english_answers_in_english": f"{sum(_in_english(a.llm.text) for a in english)}/{len(english)}",
        "english_questions_written_in_english": _english_written(called),
        "first_token_s_p50": _percentile(ttft, 50),
        "first_token_s_p95": _percentile(ttft, 95),
        "total_s_p50": _percentile(totals, 50),
        "total_s_p95": _percentile(totals, 95),
        f"first_token_over_{timeout_s:g}s": sum(t > timeout_s for t in ttft),
        "extractive_s_p50": _percentile([a.extractive_s for a in asked], 50),
        "extractive_s_p95": _percentile([a.extractive_s for a in asked], 95),
        "prompt_tokens_p50": _percentile(prompts, 50),
        "prompt_tokens_max": max(prompts) if prompts else None,
        "fallback_reasons": _reasons(asked),
    }


def _english_written(called: Sequence[Asked]) -> str:
    """Of the English questions the LLM wrote an answer for (verified or not), how many it wrote in English."""
    english = [a for a in called if _lang(a) == "en" and a.written.strip()]
    return f"{sum(_in_english(a.written) for a in english)}/{len(english)}"


def _lang(asked: Asked) -> str:
    return asked.llm.language


def _reasons(asked: Sequence[Asked]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for a in asked:
        if a.llm.fallback and a.llm.notice:
            found = re.search(r"verification \((.*?)[;)]", a.llm.notice)
            reason = found.group(1) if found else a.llm.notice.split(".")[0]
            reason = re.sub(r"“[^”]*”|\d+", "…", reason)  # "the name “X” is not in …" counts once
            counts[reason] = counts.get(reason, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def _percentile(values: Sequence[float], p: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 2)
    return round(statistics.quantiles(values, n=100, method="inclusive")[p - 1], 2)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}s"


def _record(a: Asked) -> dict[str, Any]:
    return {
        "id": a.question.question_id,
        "question": a.question.text,
        "answerable": a.question.answerable,
        "llm_correct": _correct(a.question, a.llm),
        "extractive_correct": _correct(a.question, a.extractive),
        "llm_shown": _llm_shown(a.llm),
        "abstained": a.llm.abstained,
        "fallback": a.llm.fallback,
        "notice": a.llm.notice,
        "answer": a.llm.text,
        "llm_wrote": a.written,
        "first_token_s": None if a.first_token_s is None else round(a.first_token_s, 2),
        "total_s": round(a.total_s, 2),
        "prompt_tokens": a.prompt_tokens,
        "cached_tokens": a.cached_tokens,
    }


@click.command()
@click.option("--news-every", default=8, show_default=True, help="Ask every k-th measure-part news question.")
@click.option("--limit", type=int, default=None, help="Ask at most this many questions of each set.")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=SHARED, show_default=True)
@click.option("--label", default=None, help="File name of the results (default: the model and its threads).")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=ROOT / "benchmarks" / "results" / "llm"
)
def main(news_every: int, limit: int | None, shared: Path, label: str | None, out: Path) -> None:
    """Ask every set's questions of both answerers and write one JSON file of figures and answers."""
    settings = load_settings()
    if settings.llm.strip().lower() in ("", "none"):
        raise click.ClickException("Set ISNAD_LLM to the model to measure (e.g. llamacpp:/path/model.gguf).")
    label = label or re.sub(r"[^A-Za-z0-9.-]+", "-", Path(settings.llm.split(":", 1)[1]).name) + (
        f".t{settings.llm_threads}" if settings.llm.startswith("llamacpp:") else ""
    )
    report: dict[str, Any] = {
        "llm": settings.llm,
        "llm_threads": settings.llm_threads,
        "llm_timeout_s": settings.llm_timeout_s,
        "llm_evidence_sentences": settings.llm_evidence_sentences,
        "news_every": news_every,
        "load_average_before": os.getloadavg(),
        "sets": {},
    }
    started = time.time()
    try:
        for eval_set, questions in question_sets(shared, news_every, limit):
            asked = ask_all(settings, eval_set, questions)
            report["sets"][eval_set.name] = {
                "summary": summarise(asked, settings.llm_timeout_s),
                "questions": [_record(a) for a in asked],
            }
    except IsnadError as err:
        raise click.ClickException(str(err)) from err
    report["load_average_after"] = os.getloadavg()
    report["wall_s"] = round(time.time() - started)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{label}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"wrote {path}", err=True)
    click.echo(table(report))


def table(report: dict[str, Any]) -> str:
    """The README's table rows for one report."""
    lines = [
        "| set | questions | extractive correct | LLM path correct | LLM verified (abstained) | fallback rate "
        "| wrong but verified | content-free shown | English in English | first token p50 / p95 s "
        "| total p50 / p95 s | prompt tokens p50 / max |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, data in report["sets"].items():
        s = data["summary"]
        lines.append(
            f"| {name} | {s['questions']} | {s['extractive_correct']} | {s['llm_correct']} "
            f"| {s['verified']} ({s['verified_abstentions']}) | {s['fallback_rate']} | {s['wrong_but_verified']} "
            f"| {s['content_free_shown']} | {s['english_answers_in_english']} "
            f"| {s['first_token_s_p50']} / {s['first_token_s_p95']} | {s['total_s_p50']} / {s['total_s_p95']} "
            f"| {s['prompt_tokens_p50']} / {s['prompt_tokens_max']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
