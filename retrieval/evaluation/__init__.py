"""The evaluation harness: SQuAD-format datasets (XQuAD, ARCD) and gold question files.

- `read_squad`, `with_questions_from`: SQuAD JSON → paragraphs (one `Article` each) and questions.
- `read_gold_questions`, `read_conversations`: gold `.jsonl` files.
- `squad_set`, `gold_set` (`datasets`): evaluation sets with tune/measure parts and unanswerable questions.
- `evaluate_squad`, `evaluate_gold`: a run over a throwaway index (one row per retriever for SQuAD).
- `answer_metrics`: answer hit, wrong answers, declines, abstention, the risk–coverage curve.
- `run_evaluation`, `summarize`, `evaluate`, `render`, `write_outputs`: the whole thing, as `isnad eval` and
  the benchmarks use it.
"""

from retrieval.evaluation.datasets import EvalQuestion, EvalSet, gold_set, squad_set
from retrieval.evaluation.gold import GoldConversation, GoldQuestion, read_conversations, read_gold_questions
from retrieval.evaluation.gold_runner import GoldRun, evaluate_gold
from retrieval.evaluation.runner import evaluate, render, run_evaluation, summarize, write_outputs
from retrieval.evaluation.squad import SquadDataset, SquadQuestion, read_squad, with_questions_from
from retrieval.evaluation.squad_runner import SquadRun, evaluate_squad

__all__ = [
    "EvalQuestion",
    "EvalSet",
    "GoldConversation",
    "GoldQuestion",
    "GoldRun",
    "SquadDataset",
    "SquadQuestion",
    "SquadRun",
    "evaluate",
    "evaluate_gold",
    "evaluate_squad",
    "gold_set",
    "read_conversations",
    "read_gold_questions",
    "read_squad",
    "render",
    "run_evaluation",
    "squad_set",
    "summarize",
    "with_questions_from",
    "write_outputs",
]
