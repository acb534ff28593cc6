"""The FAISS side against numpy brute force, on small clustered data with real FAISS."""

import numpy as np
import pytest

from qa.index import dense

DIM = 384


def clustered(n: int, seed: int, topics: int = 30) -> np.ndarray:
    """Unit vectors around a few shared topic centres, so near neighbours exist."""
    centres = np.random.default_rng(0).standard_normal((topics, DIM)).astype(np.float32)
    rng = np.random.default_rng(seed)
    points = centres[rng.integers(topics, size=n)] + 0.9 * rng.standard_normal((n, DIM)).astype(np.float32)
    return np.asarray(points / np.linalg.norm(points, axis=1, keepdims=True), dtype=np.float32)


@pytest.fixture(scope="module")
def corpus() -> tuple[np.ndarray, np.ndarray]:
    """3,000 windows; about one paragraph in five has a second window."""
    vectors = clustered(3000, 1)
    continued = np.random.default_rng(2).random(len(vectors)) < 0.2
    continued[0] = False
    return vectors, (np.cumsum(~continued) - 1).astype(np.int32)


@pytest.fixture(scope="module")
def hnsw(corpus):
    return dense.build(corpus[0], dense.HNSW)


def brute_force(vectors, window_paragraph, query, depth):
    """Best window score per paragraph, best paragraphs first, in numpy."""
    best = np.full(int(window_paragraph.max()) + 1, -np.inf)
    np.maximum.at(best, window_paragraph, vectors @ query)
    order = np.argsort(-best, kind="stable")[:depth]
    return [(int(p), float(best[p])) for p in order]


def test_flat_search_equals_numpy_brute_force(corpus):
    vectors, window_paragraph = corpus
    index = dense.build(vectors, dense.FLAT)
    queries = clustered(20, 3)
    for query, found in zip(
        queries, dense.search_paragraphs(index, window_paragraph, queries, 25), strict=True
    ):
        expected = brute_force(vectors, window_paragraph, query, 25)
        assert [p for p, _ in found] == [p for p, _ in expected]
        assert np.allclose([s for _, s in found], [s for _, s in expected], atol=1e-5)


def test_hnsw_recall_at_10_is_high(corpus, hnsw):
    vectors, window_paragraph = corpus
    exact = dense.build(vectors, dense.FLAT)
    queries = clustered(200, 4)
    truth = dense.search_paragraphs(exact, window_paragraph, queries, 10)
    found = dense.search_paragraphs(hnsw, window_paragraph, queries, 50)
    recall = np.mean(
        [len({p for p, _ in t} & {p for p, _ in f[:10]}) / 10 for t, f in zip(truth, found, strict=True)]
    )
    assert recall >= 0.97


def test_kind_follows_size(monkeypatch):
    assert dense.choose_kind(0) == dense.choose_kind(dense.HNSW_FROM - 1) == dense.FLAT
    assert dense.choose_kind(dense.HNSW_FROM) == dense.HNSW
    monkeypatch.setattr(dense, "HNSW_FROM", 500)
    assert dense.kind_of(dense.build(clustered(499, 5))) == dense.FLAT
    assert dense.kind_of(dense.build(clustered(500, 5))) == dense.HNSW
    with pytest.raises(ValueError, match="unknown dense index kind"):
        dense.build(clustered(5, 5), "ivf")


@pytest.mark.parametrize("kind", dense.KINDS)
def test_save_load_round_trip(corpus, hnsw, tmp_path, kind):
    vectors, window_paragraph = corpus
    index = hnsw if kind == dense.HNSW else dense.build(vectors, kind)
    dense.save(index, tmp_path / "dense.faiss")
    loaded = dense.load(tmp_path / "dense.faiss")
    assert dense.kind_of(loaded) == kind and loaded.ntotal == len(vectors)
    queries = clustered(30, 6)
    assert dense.search_paragraphs(loaded, window_paragraph, queries, 20) == dense.search_paragraphs(
        index, window_paragraph, queries, 20
    )
    if kind == dense.HNSW:
        assert loaded.hnsw.efSearch == dense.HNSW_EF_SEARCH


def test_empty_index_finds_nothing(tmp_path):
    index = dense.build(np.zeros((0, DIM), dtype=np.float32))
    dense.save(index, tmp_path / "empty.faiss")
    loaded = dense.load(tmp_path / "empty.faiss")
    assert dense.search_paragraphs(loaded, np.zeros(0, np.int32), clustered(2, 7), 5) == [[], []]


def test_asking_for_more_than_the_corpus_holds(corpus):
    vectors, window_paragraph = corpus
    small = dense.build(vectors[:7], dense.FLAT)
    found = dense.search_paragraphs(small, window_paragraph[:7], clustered(1, 8), 50)[0]
    assert sorted(p for p, _ in found) == sorted(set(window_paragraph[:7].tolist()))
