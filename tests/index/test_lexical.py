"""Our numpy BM25 scoring against bm25s itself, on real and random paragraphs."""

import json
import subprocess
import sys

import bm25s
import numpy as np
import pytest

from qa.index import lexical
from qa.ingest.paragraphs import split_paragraphs
from qa.language import text
from tests.conftest import DEFAULT_CORPUS


@pytest.fixture(scope="module")
def corpus_terms() -> list[list[str]]:
    terms: list[list[str]] = []
    for path in sorted(DEFAULT_CORPUS.glob("*.txt")):
        for paragraph in split_paragraphs(path.name, path.read_text(encoding="utf-8")):
            terms.append(text.terms(paragraph.text))
    return terms


@pytest.fixture(scope="module")
def reference(corpus_terms) -> bm25s.BM25:
    bm25 = bm25s.BM25()
    bm25.index(corpus_terms, show_progress=False)
    return bm25


QUESTIONS = [
    "What did Sullivan say about cluster munitions?",
    "How much is the aid package worth?",
    "Ukraine Ukraine Ukraine cluster",  # a repeated term counts each time, as in bm25s
    "Did the zzyzx quorble mention Biden?",  # unknown terms are skipped
    "munitions",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_scores_equal_bm25s_on_the_default_corpus(corpus_terms, reference, question):
    ours = lexical.build(corpus_terms)
    terms = text.terms(question)
    expected = reference.get_scores(terms)
    assert expected.any()
    assert np.allclose(ours.scores(terms), expected, rtol=1e-6, atol=1e-6)


def test_scores_equal_bm25s_on_random_corpora():
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(300)]
    weights = 1.0 / np.arange(1, len(words) + 1)  # Zipf-like: some terms in most paragraphs
    weights /= weights.sum()
    for _ in range(3):
        docs = [list(rng.choice(words, size=int(rng.integers(1, 60)), p=weights)) for _ in range(400)]
        bm25 = bm25s.BM25()
        bm25.index(docs, show_progress=False)
        ours = lexical.build(docs)
        for _ in range(40):
            query = [*rng.choice(words, size=int(rng.integers(1, 8))), "unknown-term"]
            assert np.allclose(ours.scores(query), bm25.get_scores(query), rtol=1e-6, atol=1e-6)


def test_a_repeated_term_counts_twice(corpus_terms, reference):
    ours = lexical.build(corpus_terms)
    once, twice = ours.scores(["cluster"]), ours.scores(["cluster", "cluster"])
    assert np.allclose(twice, 2 * once)
    assert np.allclose(twice, reference.get_scores(["cluster", "cluster"]))


def test_only_unknown_terms_score_zero(corpus_terms):
    ours = lexical.build(corpus_terms)
    scores = ours.scores(["zzyzx", "quorble"])
    assert scores.shape == (len(corpus_terms),) and not scores.any()
    assert not ours.scores([]).any()
    assert lexical.top_rows(ours.scores(["zzyzx"]), 10) == []


@pytest.mark.parametrize("mmap", [True, False])
def test_save_load_round_trip_and_bm25s_reads_our_folder(corpus_terms, tmp_path, mmap):
    built = lexical.build(corpus_terms)
    lexical.save(built, tmp_path / "lex")
    loaded = lexical.load(tmp_path / "lex", len(corpus_terms), mmap=mmap)
    theirs = bm25s.BM25.load(str(tmp_path / "lex"), show_progress=False)
    for question in QUESTIONS:
        terms = text.terms(question)
        assert np.array_equal(loaded.scores(terms), built.scores(terms))
        assert np.allclose(loaded.scores(terms), theirs.get_scores(terms))
    assert loaded.vocab == built.vocab
    assert np.array_equal(loaded.doc_freq, built.doc_freq)


def test_loading_a_folder_for_other_paragraphs_is_an_error(corpus_terms, tmp_path):
    lexical.save(lexical.build(corpus_terms), tmp_path / "lex")
    with pytest.raises(ValueError, match="disagree"):
        lexical.load(tmp_path / "lex", len(corpus_terms) + 1)
    params = tmp_path / "lex" / lexical.PARAMS
    params.write_text(json.dumps({**json.loads(params.read_text()), "method": "bm25+"}))
    with pytest.raises(ValueError, match="bm25"):
        lexical.load(tmp_path / "lex", len(corpus_terms))


def test_idf_knows_and_resembles(corpus_terms):
    ours = lexical.build(corpus_terms)
    assert ours.knows("cluster") and not ours.knows("zzyzx")
    assert ours.idf("zzyzx") > ours.idf("munit") > ours.idf("cluster") > 0
    assert ours.resembles(text.stem("sulivan")) and not ours.resembles(text.stem("macron"))


def test_top_rows_best_first_ties_by_row():
    scores = np.array([0.0, 2.0, 1.0, 2.0, 0.5], dtype=np.float32)
    assert lexical.top_rows(scores, 3) == [(1, 2.0), (3, 2.0), (2, 1.0)]
    assert lexical.top_rows(scores, 10) == [(1, 2.0), (3, 2.0), (2, 1.0), (4, 0.5)]
    assert lexical.top_rows(np.zeros(4, dtype=np.float32), 3) == []


def test_scoring_a_saved_index_imports_neither_bm25s_nor_scipy(corpus_terms, tmp_path):
    lexical.save(lexical.build(corpus_terms), tmp_path / "lex")
    code = (
        "import sys\nfrom pathlib import Path\nfrom qa.index import lexical\n"
        f"lex = lexical.load(Path({str(tmp_path / 'lex')!r}), {len(corpus_terms)})\n"
        "assert lex.scores(['cluster', 'munit']).any()\n"
        "print(sorted(m for m in ('bm25s', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
