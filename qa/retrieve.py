"""Hybrid retrieval as pure functions: dense and BM25 rankings fused by reciprocal rank.

Names and numbers are where embeddings are weakest and BM25 strongest; paraphrases
the other way round. Rank fusion needs no score calibration between the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RRF_K = 60
MODES = ("hybrid", "dense", "lexical")


@dataclass(frozen=True, slots=True)
class Hit:
    """One paragraph row with its fused score and the evidence behind it."""

    row: int
    score: float
    dense: float
    lexical: float


def rrf(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: sum of 1/(k + rank) over the rankings a row appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
    return fused


def paragraph_similarity(
    vectors: np.ndarray, window_paragraph: np.ndarray, rows: Sequence[int], query: np.ndarray
) -> dict[int, float]:
    """Exact cosine of the query to each given paragraph (best window), for rows BM25 found alone."""
    result: dict[int, float] = {}
    for row in rows:
        lo, hi = np.searchsorted(window_paragraph, [row, row + 1])
        result[row] = float((vectors[lo:hi] @ query).max()) if hi > lo else 0.0
    return result


def fuse(
    dense_ranked: Sequence[tuple[int, float]],
    lexical_ranked: Sequence[tuple[int, float]],
    dense_of: dict[int, float],
    mode: str = "hybrid",
) -> list[Hit]:
    """Rank candidate rows by the chosen mode; every hit carries both raw scores."""
    lexical_of = dict(lexical_ranked)
    if mode == "dense":
        order = [(row, score) for row, score in dense_ranked]
    elif mode == "lexical":
        order = list(lexical_ranked)
    else:
        fused = rrf([[r for r, _ in dense_ranked], [r for r, _ in lexical_ranked]])
        order = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    return [Hit(row, score, dense_of.get(row, 0.0), lexical_of.get(row, 0.0)) for row, score in order]
