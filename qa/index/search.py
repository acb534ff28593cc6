"""What answering asks of an index backend: filtered top-k on each side, exact scores, term statistics.

qa fuses the dense and the BM25 lists itself (`qa.answering.retrieve`), so ranking is the
same whatever answers these calls: the folder index (FAISS and bm25s arrays, here) or a
Milvus collection (`qa.index.milvus_search`). A filter arrives as the row mask
`qa.answering.filters.allowed_rows` made, and the backend ranks within it, before the
cut to k: a narrow filter still gets its k passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from qa.index import dense
from qa.index.lexical import Lexical, top_rows

Ranked = list[tuple[int, float]]  # (paragraph row, score), best first


@dataclass(frozen=True, slots=True)
class LexicalHits:
    """BM25's best rows among those allowed, and the exact BM25 score of every row asked about."""

    top: Ranked
    scores: dict[int, float]


class Vocabulary(Protocol):
    """The corpus's term statistics, for highlighting and for "is this name in the corpus?"."""

    def idf(self, term: str) -> float: ...

    def knows(self, term: str) -> bool: ...

    def resembles(self, term: str) -> bool: ...


class Search(Protocol):
    """Retrieval over one index generation; rows are paragraph rows in the generation's order."""

    def dense(self, queries: np.ndarray, depth: int) -> list[Ranked]: ...

    def dense_within(self, query: np.ndarray, allowed: np.ndarray, depth: int) -> Ranked: ...

    def similarity(self, rows: Sequence[int], query: np.ndarray) -> dict[int, float]: ...

    def lexical(
        self, terms: Sequence[str], depth: int, allowed: np.ndarray | None, rows: Sequence[int]
    ) -> LexicalHits:
        """BM25's best `depth` rows among those allowed (none for 0) and the score of each of `rows`."""
        ...

    def rows_with(self, terms: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class FolderSearch:
    """The folder index's arrays, searched in this process."""

    index: Any
    vectors: np.ndarray
    window_paragraph: np.ndarray
    bm25: Lexical

    def dense(self, queries: np.ndarray, depth: int) -> list[Ranked]:
        return dense.search_paragraphs(self.index, self.window_paragraph, queries, depth)

    def dense_within(self, query: np.ndarray, allowed: np.ndarray, depth: int) -> Ranked:
        return dense.search_within(self.index, self.vectors, self.window_paragraph, query, allowed, depth)

    def similarity(self, rows: Sequence[int], query: np.ndarray) -> dict[int, float]:
        return dense.paragraph_similarity(self.vectors, self.window_paragraph, rows, query)

    def lexical(
        self, terms: Sequence[str], depth: int, allowed: np.ndarray | None, rows: Sequence[int]
    ) -> LexicalHits:
        scores = self.bm25.scores(terms)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        top = top_rows(scores, depth)
        wanted = {row for row, _ in top} | set(rows)
        return LexicalHits(top, {row: float(scores[row]) for row in wanted})

    def rows_with(self, terms: Sequence[str]) -> np.ndarray:
        return np.flatnonzero(self.bm25.scores(terms) > 0)
