"""`isnad eval DATASET`: measure retrieval and answers on a SQuAD-format file or a gold question file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli.errors import CommandError, reported_errors

if TYPE_CHECKING:  # the harness, Chroma and the model load only when the command runs
    from langchain_core.embeddings import Embeddings

    from retrieval import Settings
    from retrieval.evaluation.workspace import ServiceFactory

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_ARTICLES = click.Path(exists=True, path_type=Path)


def settings_from(ctx: click.Context) -> Settings:
    """The settings the `isnad` group loaded (`ctx.obj["settings"]`), else loaded here."""
    from retrieval import Settings, load_settings

    if isinstance(ctx.obj, Settings):
        return ctx.obj
    if isinstance(ctx.obj, dict) and isinstance(ctx.obj.get("settings"), Settings):
        return ctx.obj["settings"]
    return load_settings()


def make_eval_command(
    *, service_factory: ServiceFactory | None = None, embeddings: Embeddings | None = None
) -> click.Command:
    """The `eval` command over `service_factory` and `embeddings` (tests pass fakes; None: `Isnad` and the
    embedder the settings name)."""

    @click.command("eval")
    @click.argument("dataset", type=_FILE)
    @click.option("--questions", type=_FILE, help="Ask the questions of this parallel SQuAD file (matched by id).")
    @click.option(
        "--conversations",
        type=_FILE,
        help="Conversation file for a gold question file [default: NAME_conversations.jsonl beside it].",
    )
    @click.option(
        "--articles",
        type=_ARTICLES,
        help="For a gold question file: a folder or JSONL file of articles to index [default: the seed articles].",
    )
    @click.option(
        "--unanswerable",
        type=click.FloatRange(min=0, max=1, max_open=True),
        default=0.0,
        show_default=True,
        metavar="SHARE",
        help="For a SQuAD file: hold this share of paragraphs out of the index and ask their questions as "
        "unanswerable ones.",
    )
    @click.option(
        "--split",
        type=click.Choice(["tune", "measure", "all"]),
        default="all",
        show_default=True,
        help="Ask only the questions of the part answers are tuned on, or of the part they are only measured on.",
    )
    @click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        help="Write report.json, recall.png and risk_coverage.png here.",
    )
    @click.option("--limit", type=click.IntRange(min=1), help="Ask only N questions, spread evenly over the file.")
    @click.option("--json", "as_json", is_flag=True, help="Print report.json instead of the table.")
    @click.option(
        "--cache",
        type=click.Path(dir_okay=False, path_type=Path),
        show_default="~/.cache/isnad/embeddings.sqlite",
        help="Embedding cache (sqlite), keyed by model and text hash.",
    )
    @click.option("--no-cache", is_flag=True, help="Keep embeddings in memory only.")
    @click.pass_context
    def eval_command(
        ctx: click.Context,
        dataset: Path,
        questions: Path | None,
        conversations: Path | None,
        articles: Path | None,
        unanswerable: float,
        split: str,
        out: Path | None,
        limit: int | None,
        as_json: bool,
        cache: Path | None,
        no_cache: bool,
    ) -> None:
        """Measure isnad on DATASET in a throwaway index (never yours).

        DATASET is a SQuAD-format JSON file (XQuAD, TyDi QA GoldP, ARCD, ...): every paragraph is indexed
        (but the --unanswerable share) and every question asked of the lexical, dense and hybrid
        retrievers and of the answer path, with recall@k, MRR and latency per retriever. Or a gold
        question file (.jsonl), asked over the seed articles (or --articles) and scored by its `expect`,
        `support` and `answerable` fields.

        For the answer path: answer hit, wrong answers, declines (shares of the answerable questions) and
        abstention on the unanswerable ones, overall, per tune/measure part and per question language,
        and the risk-coverage curve as a threshold on the answer's confidence rises.
        """
        from retrieval.evaluation.runner import evaluate, render, write_outputs
        from retrieval.evaluation.workspace import default_service_factory
        from retrieval.index.embedding_cache import default_cache_path

        with reported_errors():
            summary = evaluate(
                dataset,
                settings=settings_from(ctx),
                questions=questions,
                conversations=conversations,
                articles=articles,
                unanswerable=unanswerable,
                split=None if split == "all" else split,
                limit=limit,
                cache_path=None if no_cache else (cache or default_cache_path()),
                service_factory=service_factory or default_service_factory,
                embeddings=embeddings,
            )
        try:
            written = write_outputs(summary, out) if out is not None else []
        except OSError as err:
            raise CommandError(f"Cannot write the report into {out}: {err}") from err
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else render(summary))
        for path in written:
            click.echo(f"wrote {path}", err=True)

    return eval_command


eval_command = make_eval_command()
