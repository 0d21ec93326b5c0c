"""The evaluation harness: SQuAD-format datasets (XQuAD, ARCD) and gold question files.

- `read_squad`, `with_questions_from`: SQuAD JSON → paragraphs (one `Article` each) and questions.
- `read_gold_questions`, `read_conversations`: gold `.jsonl` files.
- `evaluate_squad`, `evaluate_gold`: a run over a throwaway index (one row per retriever for SQuAD).
- `evaluate`, `render`, `write_outputs`: the whole thing, as `isnad eval` and the benchmarks use it.
"""

from retrieval.evaluation.gold import GoldConversation, GoldQuestion, read_conversations, read_gold_questions
from retrieval.evaluation.gold_runner import GoldRun, evaluate_gold
from retrieval.evaluation.runner import evaluate, render, write_outputs
from retrieval.evaluation.squad import SquadDataset, SquadQuestion, read_squad, with_questions_from
from retrieval.evaluation.squad_runner import SquadRun, evaluate_squad

__all__ = [
    "GoldConversation",
    "GoldQuestion",
    "GoldRun",
    "SquadDataset",
    "SquadQuestion",
    "SquadRun",
    "evaluate",
    "evaluate_gold",
    "evaluate_squad",
    "read_conversations",
    "read_gold_questions",
    "read_squad",
    "render",
    "with_questions_from",
    "write_outputs",
]
