"""Fusion of dense and BM25 rankings, demotion, and exact paragraph similarity, checked by hand and numpy."""

from __future__ import annotations

import numpy as np
import pytest

from qa.answering import fusion
from qa.answering.fusion import DENSE_WEIGHT
from qa.answering.retrieve import MODES, RRF_K, Hit, demote, fuse, rrf
from qa.index.dense import paragraph_similarity


def test_rrf_against_a_hand_computation():
    fused = rrf([[3, 1, 2], [1, 4]])
    assert fused == pytest.approx(
        {
            3: 1 / 61,
            1: 1 / 62 + 1 / 61,
            2: 1 / 63,
            4: 1 / 62,
        }
    )
    assert RRF_K == 60


def test_rrf_with_another_k_and_no_rankings():
    assert rrf([[7, 8]], k=1) == pytest.approx({7: 1 / 2, 8: 1 / 3})
    assert rrf([]) == {}
    assert rrf([[], []]) == {}


DENSE = {0: 0.9, 1: 0.5, 2: 0.3}
LEXICAL = {1: 8.0, 2: 4.0, 3: 2.0}  # row 3 found by BM25 alone, row 0 by dense alone


def _rows(hits: list[Hit]) -> list[int]:
    return [hit.row for hit in hits]


def _learned(dense: float, lexical: float, news: fusion.News | None = None) -> float:
    return fusion.model().score(fusion.features(dense, lexical, news))


def test_fuse_hybrid_is_the_learned_score_of_cosine_and_max_normalised_bm25():
    hits = fuse(DENSE, LEXICAL, "hybrid")
    weighted = {
        0: DENSE_WEIGHT * 0.9,
        1: DENSE_WEIGHT * 0.5 + (1 - DENSE_WEIGHT) * 1.0,
        2: DENSE_WEIGHT * 0.3 + (1 - DENSE_WEIGHT) * 0.5,
        3: (1 - DENSE_WEIGHT) * 0.25,
    }
    assert DENSE_WEIGHT == 0.6
    assert _rows(hits) == [1, 0, 2, 3]  # no headlines: the order of the weighted sum, 0.7, 0.54, 0.38, 0.1
    assert {h.row: h.score for h in hits} == pytest.approx(
        {row: fusion.model().score({"hybrid": value}) for row, value in weighted.items()}
    )
    assert {h.row: (h.dense, h.lexical) for h in hits} == {
        0: (0.9, 0.0),
        1: (0.5, 8.0),
        2: (0.3, 4.0),
        3: (0.0, 2.0),
    }


def test_fuse_hybrid_weighs_the_news_evidence_of_rows_that_have_it():
    news = {2: fusion.News(coverage=1.0, article=1.0, untyped=False)}
    plain = fuse(DENSE, LEXICAL, "hybrid")
    weighed = fuse(DENSE, LEXICAL, "hybrid", news)
    assert {h.row: h.score for h in weighed} == pytest.approx(
        {h.row: _learned(h.dense, h.lexical / 8.0, news.get(h.row)) for h in plain}
    )
    assert {h.row: h.score for h in weighed if h.row != 2} == {h.row: h.score for h in plain if h.row != 2}


def test_fuse_is_hybrid_by_default():
    assert fuse(DENSE, LEXICAL) == fuse(DENSE, LEXICAL, "hybrid")


def test_fuse_hybrid_with_no_bm25_score_ranks_by_cosine():
    hits = fuse({0: 0.2, 1: 0.4}, {0: 0.0, 1: 0.0}, "hybrid")
    assert [h.row for h in hits] == [1, 0]
    assert [h.score for h in hits] == pytest.approx([_learned(0.4, 0.0), _learned(0.2, 0.0)])


def test_fuse_dense_ranks_by_cosine():
    hits = fuse(DENSE, LEXICAL, "dense")
    assert [(h.row, h.score) for h in hits] == [(0, 0.9), (1, 0.5), (2, 0.3), (3, 0.0)]


def test_fuse_lexical_ranks_by_bm25_and_breaks_ties_by_cosine():
    hits = fuse({0: 0.1, 1: 0.7, 2: 0.3}, {0: 5.0, 1: 5.0, 2: 9.0}, "lexical")
    assert _rows(hits) == [2, 1, 0]
    assert [h.score for h in hits] == pytest.approx([9.0 + 3e-7, 5.0 + 7e-7, 5.0 + 1e-7])


def test_fuse_rrf_fuses_the_two_rankings_leaving_unscored_rows_to_dense():
    hits = fuse(DENSE, LEXICAL, "rrf")
    # dense ranking: 0, 1, 2, 3 (3 at 0.0); BM25 ranking of positive scores: 1, 2, 3 (0 scores nothing)
    expected = {
        0: 1 / 61,
        1: 1 / 62 + 1 / 61,
        2: 1 / 63 + 1 / 62,
        3: 1 / 64 + 1 / 63,
    }
    assert _rows(hits) == [1, 2, 3, 0]
    assert {h.row: h.score for h in hits} == pytest.approx(expected)


def test_fuse_ties_are_ranked_by_row():
    hits = fuse({5: 0.5, 2: 0.5, 9: 0.5}, {}, "dense")
    assert _rows(hits) == [2, 5, 9]


def test_fuse_of_nothing_is_nothing():
    for mode in MODES:
        assert fuse({}, {}, mode) == []


def test_demote_halves_flagged_rows_and_reranks():
    hits = [Hit(0, 0.9, 0.9, 1.0), Hit(1, 0.8, 0.7, 2.0), Hit(2, 0.5, 0.5, 0.0)]
    demoted = demote(hits, lambda row: row == 0)
    assert demoted == [Hit(1, 0.8, 0.7, 2.0), Hit(2, 0.5, 0.5, 0.0), Hit(0, 0.45, 0.9, 1.0)]


def test_demote_keeps_order_among_equals_by_row():
    hits = [Hit(4, 0.6, 0.6, 0.0), Hit(1, 0.6, 0.6, 0.0), Hit(3, 1.2, 0.1, 0.0), Hit(2, 0.6, 0.6, 0.0)]
    demoted = demote(hits, lambda row: row == 3)  # 1.2 halved: level with the others
    assert [h.row for h in demoted] == [1, 2, 3, 4]
    assert [h.score for h in demoted] == [0.6, 0.6, 0.6, 0.6]


def test_demote_with_another_factor_and_nothing_flagged():
    hits = [Hit(0, 0.9, 0.9, 0.0), Hit(1, 0.8, 0.8, 0.0)]
    assert demote(hits, lambda row: False) == hits
    scaled = demote(hits, lambda row: True, factor=0.1)
    assert [(h.row, h.dense) for h in scaled] == [(0, 0.9), (1, 0.8)]
    assert [h.score for h in scaled] == pytest.approx([0.09, 0.08])


def _unit(rows: np.ndarray) -> np.ndarray:
    unit: np.ndarray = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    return unit


def test_paragraph_similarity_is_the_best_window_cosine():
    rng = np.random.default_rng(7)
    vectors = _unit(rng.normal(size=(7, 16)))
    window_paragraph = np.array([0, 0, 1, 3, 3, 3, 4])  # paragraph 2 has no window
    query = _unit(rng.normal(size=(1, 16)))[0]
    found = paragraph_similarity(vectors, window_paragraph, [4, 0, 2, 3], query)
    cosines = vectors @ query
    assert list(found) == [4, 0, 2, 3]
    assert found == pytest.approx(
        {
            0: max(cosines[0], cosines[1]),
            2: 0.0,
            3: max(cosines[3], cosines[4], cosines[5]),
            4: cosines[6],
        },
        abs=1e-6,
    )
    assert all(isinstance(value, float) for value in found.values())


def test_paragraph_similarity_of_no_rows_is_empty():
    vectors = _unit(np.ones((2, 4)))
    assert paragraph_similarity(vectors, np.array([0, 1]), [], vectors[0]) == {}
