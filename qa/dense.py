"""The FAISS side: unit vectors, inner product, one row per embedded window.

A paragraph longer than the model's 256 word pieces is embedded as several
overlapping windows; its dense score is the best of its windows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

FLAT = "flat"


def build(vectors: np.ndarray) -> Any:
    """An exact inner-product index: at this corpus size a scan costs well under a millisecond."""
    import faiss  # ~0.08 s

    index = faiss.IndexFlatIP(int(vectors.shape[1]))
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save(index: Any, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load(path: Path) -> Any:
    import faiss

    return faiss.read_index(str(path))


def search_paragraphs(
    index: Any, window_paragraph: np.ndarray, queries: np.ndarray, depth: int
) -> list[list[tuple[int, float]]]:
    """For each query, paragraphs ranked by their best window score, at most `depth` of them."""
    if index.ntotal == 0:
        return [[] for _ in range(len(queries))]
    windows = min(int(index.ntotal), depth * 2)
    scores, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), windows)
    ranked: list[list[tuple[int, float]]] = []
    for row_scores, row_ids in zip(scores, ids, strict=True):
        best: dict[int, float] = {}
        for score, window in zip(row_scores.tolist(), row_ids.tolist(), strict=True):
            if window < 0:
                continue
            paragraph = int(window_paragraph[window])
            if paragraph not in best:
                best[paragraph] = float(score)
        ranked.append(list(best.items())[:depth])
    return ranked
