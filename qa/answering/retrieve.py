"""Hybrid retrieval as pure functions: dense and BM25 evidence fused into one ranking.

Names and numbers are where embeddings are weakest and BM25 strongest; paraphrases
the other way round. `hybrid` weighs both (and, in news, the passage's article: see
`qa.answering.fusion`) by learned weights; `rrf` fuses ranks and needs no weights at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from qa.answering import fusion

RRF_K = 60
MODES = ("hybrid", "rrf", "dense", "lexical")


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


def _ranking(scores: dict[int, float]) -> list[int]:
    return [row for row, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]


def fuse(
    dense_of: dict[int, float],
    lexical_of: dict[int, float],
    mode: str = "hybrid",
    news: Mapping[int, fusion.News] | None = None,
) -> list[Hit]:
    """Rank the candidate rows (the union of both sides' best) by the chosen mode.

    Both score maps cover every candidate: a row found by one side alone still gets
    its exact score from the other, so fusion never treats "not in your top list" as
    "unrelated". `hybrid` is the learned score (`qa.answering.fusion`) of cosine,
    max-normalised BM25 and, for rows in `news`, their news evidence; `rrf` is
    reciprocal rank fusion over the same candidates.
    """
    rows = dense_of.keys() | lexical_of.keys()
    dense = {row: dense_of.get(row, 0.0) for row in rows}
    lexical = {row: lexical_of.get(row, 0.0) for row in rows}
    if mode == "dense":
        fused = dense
    elif mode == "lexical":
        fused = {row: lexical[row] + 1e-6 * dense[row] for row in rows}
    elif mode == "rrf":
        fused = rrf([_ranking(dense), _ranking({r: s for r, s in lexical.items() if s > 0})])
    else:
        top = max(lexical.values(), default=0.0) or 1.0
        weights, extra = fusion.model(), news or {}
        fused = {
            row: weights.score(fusion.features(dense[row], lexical[row] / top, extra.get(row)))
            for row in rows
        }
    return [Hit(row, fused.get(row, 0.0), dense[row], lexical[row]) for row in _ranking(fused)]


def demote(hits: Sequence[Hit], penalised: Callable[[int], bool], factor: float = 0.5) -> list[Hit]:
    """Scale down the score of penalised rows (captions, sign-up lines) and re-rank."""
    scaled = [Hit(h.row, h.score * factor, h.dense, h.lexical) if penalised(h.row) else h for h in hits]
    return sorted(scaled, key=lambda h: (-h.score, h.row))
