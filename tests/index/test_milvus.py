"""The Milvus backend gives the folder index's answers: same catalogue, same citations, same filters.

Real milvus-lite, real model. The default corpus is built through `Engine.index` into a
.db file; XQuAD's folder generation is written into Milvus as it is (same vectors), so
the comparison is of retrieval alone. `bench/milvus_same.py` runs all 1,190 XQuAD questions
on the whole XQuAD corpus, and the dev set, both built both ways.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from qa.answering.filters import parse
from qa.engine import Engine
from qa.index.milvus_client import target
from qa.index.milvus_search import row_filter
from qa.index.milvus_store import MilvusIndex
from tests.conftest import ROOT

XQUAD = ROOT.parent / "shared" / "bench" / "xquad_en"
XQUAD_ARTICLES = 8  # of 48: a build of all XQuAD costs the suite ~45 s; bench/milvus_same.py asks all 1,190
XQUAD_SAMPLE = 10  # every 10th question of those articles (20)


def cited(answer):
    return answer.abstained, [(c.doc, c.paragraph) for c in answer.citations]


def copied(folder: Engine, db: Path) -> Engine:
    """The folder engine's live generation written into Milvus as it is, and an engine reading it."""
    writer = MilvusIndex(target(str(db)))
    writer.write(folder.backend.load(verify=True) or pytest.fail("no index"))
    writer.close()
    engine = Engine(folder.corpus, milvus=str(db))
    engine.open()
    return engine


@pytest.fixture(scope="module")
def milvus_engine(tmp_path_factory, session_cache, default_engine) -> Iterator[Engine]:
    """The default corpus in milvus-lite (built through the engine in test_milvus_reliability.py)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    engine = copied(default_engine, tmp_path_factory.mktemp("milvus") / "news.db")
    mp.undo()
    yield engine
    engine.close()


def test_the_catalogue_comes_back_as_written(milvus_engine, default_engine):
    ours, theirs = milvus_engine._loaded(), default_engine._loaded()
    assert ours.paragraphs == theirs.paragraphs
    assert ours.documents == theirs.documents
    assert ours.quotes == theirs.quotes
    assert np.array_equal(ours.flags, theirs.flags)
    assert ours.manifest.files == theirs.manifest.files and ours.manifest.windows == theirs.manifest.windows


def test_bm25_scores_are_the_folder_index_scores(milvus_engine, default_engine):
    terms = ["cluster", "munit", "ukrain", "sullivan"]
    rows = list(range(0, 99, 7))
    ours = milvus_engine._loaded().search.lexical(terms, 20, None, rows)
    theirs = default_engine._loaded().search.lexical(terms, 20, None, rows)
    assert [row for row, _ in ours.top] == [row for row, _ in theirs.top]
    assert ours.scores.keys() == theirs.scores.keys()
    for row, score in theirs.scores.items():
        assert ours.scores[row] == pytest.approx(score, rel=1e-5, abs=1e-6)


def test_bm25_at_depth_zero_scores_only_the_rows_asked_about(milvus_engine, default_engine):
    terms = ["cluster", "munit"]
    found = default_engine._loaded().search.lexical(terms, 3, None, [])
    rows = [row for row, _ in found.top] + [next(r for r in range(99) if r not in found.scores)]
    ours = milvus_engine._loaded().search.lexical(terms, 0, None, rows)
    theirs = default_engine._loaded().search.lexical(terms, 0, None, rows)
    assert ours.top == theirs.top == []
    assert ours.scores.keys() == theirs.scores.keys() == set(rows)
    assert any(score > 0 for score in theirs.scores.values())
    for row, score in theirs.scores.items():
        assert ours.scores[row] == pytest.approx(score, rel=1e-5, abs=1e-6)


def test_dev_questions_cite_the_same_paragraphs(milvus_engine, default_engine):
    rows = [json.loads(line) for line in (ROOT / "bench" / "devset.jsonl").read_text().splitlines()]
    questions = [row["question"] for row in rows]
    ours = milvus_engine.ask_many(questions, k=5)
    theirs = default_engine.ask_many(questions, k=5)
    assert [cited(a) for a in ours] == [cited(a) for a in theirs]


@pytest.mark.parametrize(
    "filters",
    ["doc:003*", "speaker:Sullivan", "doc:004* speaker:Sharpe", "doc:000* doc:003*"],
)
def test_filters_narrow_milvus_as_they_narrow_the_folder(milvus_engine, default_engine, filters):
    given = parse(filters.split()[0])
    for token in filters.split()[1:]:
        given = given + parse(token)
    for question in ("What did he say about cluster munitions?", "Who is sending weapons to Ukraine?"):
        ours = milvus_engine.ask(question, k=4, filters=given)
        theirs = default_engine.ask(question, k=4, filters=given)
        assert cited(ours) == cited(theirs)
        assert ours.citations, filters


@pytest.fixture(scope="module")
def xquad_engines(tmp_path_factory, session_cache) -> Iterator[tuple[Engine, Engine]]:
    if not (XQUAD / "corpus").is_dir():
        pytest.skip(f"XQuAD is not at {XQUAD}")
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    work = tmp_path_factory.mktemp("xquad")
    corpus = work / "corpus"
    corpus.mkdir()
    for article in sorted((XQUAD / "corpus").iterdir())[:XQUAD_ARTICLES]:
        shutil.copy(article, corpus / article.name)
    folder = Engine(corpus, index_dir=work / "index")
    folder.index()
    milvus = copied(folder, work / "xquad.db")
    mp.undo()
    yield folder, milvus
    milvus.close()


def test_xquad_questions_cite_the_same_paragraphs(xquad_engines):
    folder, milvus = xquad_engines
    docs = {path.name for path in folder.corpus.iterdir()}
    rows = [json.loads(line) for line in (XQUAD / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    questions = [row["question"] for row in rows if row["doc"] in docs][::XQUAD_SAMPLE]
    assert len(questions) >= 15
    assert [cited(a) for a in milvus.ask_many(questions)] == [cited(a) for a in folder.ask_many(questions)]


def test_a_filter_is_two_lists_at_most_whatever_it_allows():
    starts = np.array([0, 3, 5, 9])  # four articles over 12 rows
    allowed = np.zeros(12, bool)
    allowed[[0, 1, 2, 6, 9, 10, 11]] = True
    assert row_filter(allowed, starts) == "doc_key in [0,3] or row in [6]"
    assert row_filter(np.arange(12) == 4, starts) == "row in [4]"
    every_other = np.zeros(100_000, bool)
    every_other[::2] = True  # 50,000 one-row articles allowed: still one list, never a chain of ranges
    assert row_filter(every_other, np.arange(100_000)).count(" or ") == 0


def test_an_index_at_a_milvus_uri_is_reported_where_it_is(milvus_engine):
    assert milvus_engine.location.endswith("news.db") and Path(milvus_engine.location).is_file()
