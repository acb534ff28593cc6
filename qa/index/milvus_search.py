"""The Search calls answered by a Milvus generation: filtered top-k in Milvus, fusion left to qa.

Dense: the windows collection searched by inner product, each paragraph taken at its best
window, as the folder index does. BM25: Milvus's BM25 function over qa's own terms, with
the folder index's k1 and b; Milvus's score is bm25s's times (k1 + 1) (its term weight
keeps Lucene's old numerator), so it is divided back and the two backends give one
number. A filter is qa's row mask sent as a row expression: Milvus applies it before it
ranks, so a narrow filter still gets its k passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qa.index import dense
from qa.index.lexical import idf, resembles
from qa.index.milvus_client import Target, failures, in_list
from qa.index.search import LexicalHits, Ranked

PAGE = 16_000  # rows a query returns at most (Milvus caps a result at 16,384)
EF_SEARCH = 256  # a server's HNSW beam, as the folder index's (qa.index.dense.HNSW_EF_SEARCH)


def row_filter(allowed: np.ndarray, starts: np.ndarray) -> str:
    """The rows a mask allows as a Milvus expression of at most two lists: the articles it allows
    whole (`doc_key`, their index in row order; `starts` holds each one's first row), then single
    rows (a `speaker:` filter's). A chain of ranges instead fails in Milvus past a few hundred."""
    sizes = np.diff(np.append(starts, len(allowed)))
    allowed_per_doc = (
        np.add.reduceat(allowed.astype(np.int64), starts) if len(starts) else np.zeros(0, np.int64)
    )
    whole = np.flatnonzero((allowed_per_doc == sizes) & (sizes > 0))
    partly = np.flatnonzero((allowed_per_doc > 0) & (allowed_per_doc < sizes))
    rows = [
        int(r) for d in partly for r in np.flatnonzero(allowed[starts[d] : starts[d] + sizes[d]]) + starts[d]
    ]
    parts = ([f"doc_key in {in_list(whole)}"] if len(whole) else []) + (
        [f"row in {in_list(rows)}"] if rows else []
    )
    return " or ".join(parts)


@dataclass(frozen=True, slots=True)
class MilvusVocabulary:
    """Each term's paragraph count, kept with the generation: the folder index's idf, exactly."""

    frequencies: dict[str, int]
    size: int

    def idf(self, term: str) -> float:
        return idf(float(self.frequencies.get(term, 0)), self.size)

    def knows(self, term: str) -> bool:
        return self.frequencies.get(term, 0) > 0

    def resembles(self, term: str) -> bool:
        return resembles(term, self.frequencies)


@dataclass(frozen=True, slots=True)
class MilvusSearch:
    client: Any
    where: Target
    paragraphs: str  # collection names of this generation
    windows: str
    size: int  # paragraph rows
    k1: float
    starts: np.ndarray  # each article's first row, in row order (an article's doc_key is its place here)

    def _search(self, collection: str, data: list[Any], field: str, limit: int, expression: str) -> list[Any]:
        params = {} if self.where.lite or field != "vector" else {"params": {"ef": max(EF_SEARCH, limit)}}
        with failures(self.where, "to search"):
            found: list[Any] = self.client.search(
                collection,
                data=data,
                anns_field=field,
                limit=limit,
                filter=expression,
                output_fields=["row"],
                search_params=params,
            )
        return found

    def _dense(self, queries: np.ndarray, depth: int, expression: str) -> list[Ranked]:
        data = [np.asarray(q, dtype=np.float32).tolist() for q in queries]
        found = self._search(self.windows, data, "vector", min(depth * 2, 16_384), expression)
        return [
            dense.best_paragraphs(((float(h["distance"]), int(h["entity"]["row"])) for h in hits), depth)
            for hits in found
        ]

    def dense(self, queries: np.ndarray, depth: int) -> list[Ranked]:
        return self._dense(queries, depth, "") if self.size else [[] for _ in queries]

    def dense_within(self, query: np.ndarray, allowed: np.ndarray, depth: int) -> Ranked:
        return (
            self._dense(query[None, :], depth, row_filter(allowed, self.starts))[0] if allowed.any() else []
        )

    def similarity(self, rows: Sequence[int], query: np.ndarray) -> dict[int, float]:
        """Exact cosine with each row's best window, from the stored vectors (as the folder index)."""
        if not rows:
            return {}
        with failures(self.where, "to read vectors"):
            windows = self.client.query(
                self.windows, filter=f"row in {in_list(rows)}", output_fields=["row", "vector"], limit=PAGE
            )
        best = dict.fromkeys(rows, 0.0)
        vectors: dict[int, list[np.ndarray]] = {}
        for window in sorted(windows, key=lambda w: int(w["id"])):
            vectors.setdefault(int(window["row"]), []).append(np.asarray(window["vector"], dtype=np.float32))
        for row, stacked in vectors.items():
            best[row] = float((np.stack(stacked) @ query).max())
        return best

    def _bm25(self, terms: Sequence[str], limit: int, expression: str) -> dict[int, float]:
        found = self._search(self.paragraphs, [" ".join(terms)], "sparse", limit, expression)
        return {int(h["entity"]["row"]): float(h["distance"]) / (self.k1 + 1) for h in found[0]}

    def lexical(
        self, terms: Sequence[str], depth: int, allowed: np.ndarray | None, rows: Sequence[int]
    ) -> LexicalHits:
        if not terms or (allowed is not None and not allowed.any()):
            return LexicalHits([], dict.fromkeys(rows, 0.0))
        expression = row_filter(allowed, self.starts) if allowed is not None else ""
        # twice the depth, so rows tied at the cut are cut by row, as the folder index cuts them
        scores = self._bm25(terms, min(2 * depth, 16_384), expression) if depth else {}
        top = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:depth]
        missing = [row for row in rows if row not in scores]
        if missing:
            scores.update(self._bm25(terms, len(missing), f"row in {in_list(missing)}"))
        wanted = {row for row, _ in top} | set(rows)
        return LexicalHits(top, {row: scores.get(row, 0.0) for row in wanted})

    def rows_with(self, terms: Sequence[str]) -> np.ndarray:
        """Rows holding any of the terms: every row BM25 scores above zero (milvus-lite 2.5 has no
        TEXT_MATCH), a range of rows at a time when one search cannot return them all."""
        if not terms:
            return np.zeros(0, np.int64)
        found = self._bm25(terms, PAGE, "")
        if len(found) >= PAGE:
            for begin in range(0, self.size, PAGE):
                found.update(self._bm25(terms, PAGE, f"row >= {begin} and row < {begin + PAGE}"))
        return np.array(sorted(found), dtype=np.int64)
