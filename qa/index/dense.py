"""The FAISS side: unit vectors, inner product, one row per embedded window.

A paragraph longer than the model's 256 word pieces is embedded as several
overlapping windows; its dense score is the best of its windows.

The index kind follows the corpus size. `flat` compares a question with every
window: exact, nothing to tune, and cheap while the corpus is small, but one question
reads every vector (~7 ms at 50,000 windows, ~13 ms at 100,000, ~130 ms at
1,000,000 here). From HNSW_FROM windows on we build `hnsw`, a FAISS IndexHNSWFlat
graph: ~1 ms and recall@10 0.986 at 1,000,000 windows. Measured with
bench/scale.py; the tables behind every constant are in docs/scaling.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

FLAT = "flat"
HNSW = "hnsw"
KINDS = (FLAT, HNSW)
# Below this a flat scan costs a question at most ~7 ms and an update rebuilds it in
# under a second; a graph would be rebuilt whole on every update (6 s at 50,000).
HNSW_FROM = 50_000
HNSW_M = 32  # links per node: as good as 16 on clustered vectors, twice the recall on uniform ones
HNSW_EF_CONSTRUCTION = 80  # build-time beam: 40 lost 2 points of recall, 160 doubled the build
HNSW_EF_SEARCH = 256  # query-time beam (a question asks for 100 windows): 0.99 recall at 1M


def choose_kind(windows: int) -> str:
    """The index kind for a corpus of this many windows."""
    return HNSW if windows >= HNSW_FROM else FLAT


def build(vectors: np.ndarray, kind: str | None = None) -> Any:
    """An inner-product index over the window vectors; `kind` defaults to choose_kind."""
    import faiss  # ~0.05 s here

    kind = kind or choose_kind(len(vectors))
    if kind not in KINDS:
        raise ValueError(f"unknown dense index kind {kind!r}; choose from {', '.join(KINDS)}")
    dim = int(vectors.shape[1])
    index: Any
    if kind == HNSW:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def kind_of(index: Any) -> str:
    """Which of KINDS a loaded or built index is."""
    return HNSW if hasattr(index, "hnsw") else FLAT


def save(index: Any, path: Path) -> None:
    """Written through Python's file, so a full disk is an OSError like any other write (faiss's own
    writer raised a RuntimeError naming faiss::write_index)."""
    import faiss

    with path.open("wb") as handle:
        faiss.write_index(index, faiss.PyCallbackIOWriter(handle.write))  # type: ignore[attr-defined]


def load(path: Path) -> Any:
    """Read an index, its vectors memory mapped; the search beam is set here, not from the file.

    Mapped, a 1,000,000-window index opens in milliseconds instead of reading 1.5 GB,
    its pages are shared by every qa process and stay in the page cache (file-backed,
    not anonymous memory). The file must outlive the index: a pruned generation's
    file does, on POSIX, until the last mapping goes.
    """
    import faiss

    index: Any = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC)
    if kind_of(index) == HNSW:
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def search_paragraphs(
    index: Any, window_paragraph: np.ndarray, queries: np.ndarray, depth: int
) -> list[list[tuple[int, float]]]:
    """For each query, paragraphs ranked by their best window score, at most `depth` of them."""
    if index.ntotal == 0:
        return [[] for _ in range(len(queries))]
    windows = min(int(index.ntotal), depth * 2)
    scores, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), windows)
    return [
        best_paragraphs(
            (
                (float(s), int(window_paragraph[w]))
                for s, w in zip(row_scores.tolist(), row_ids.tolist(), strict=True)
                if w >= 0
            ),
            depth,
        )
        for row_scores, row_ids in zip(scores, ids, strict=True)
    ]


def best_paragraphs(found: Iterable[tuple[float, int]], depth: int) -> list[tuple[int, float]]:
    """(score, paragraph) of windows, best first, to each paragraph's best window score, `depth` of them."""
    best: dict[int, float] = {}
    for score, paragraph in found:
        best.setdefault(paragraph, score)
    return list(best.items())[:depth]


# Up to this many allowed windows a filtered question scores them exactly with numpy (about
# 2 ms at 20,000 x 384 here); past it, FAISS searches with an ID selector: an HNSW beam then
# skips windows outside the filter, which costs recall only when few pass, and those go exact.
EXACT_UP_TO = 20_000


def search_within(
    index: Any,
    vectors: np.ndarray,
    window_paragraph: np.ndarray,
    query: np.ndarray,
    allowed: np.ndarray,
    depth: int,
    exact_up_to: int = EXACT_UP_TO,
) -> list[tuple[int, float]]:
    """Like `search_paragraphs` for one query, over the paragraphs `allowed` (a row mask) only.

    The ranking is made among allowed rows, not cut from the whole corpus's top list, so a
    narrow filter still gets `depth` paragraphs when it has them."""
    windows = np.flatnonzero(allowed[window_paragraph]) if len(window_paragraph) else np.zeros(0, np.int64)
    if len(windows) == 0:
        return []
    wanted = min(len(windows), depth * 2)
    if len(windows) <= exact_up_to:
        scores = np.asarray(vectors[windows], dtype=np.float32) @ np.asarray(query, dtype=np.float32)
        top = np.argsort(-scores, kind="stable")[:wanted]
        found: list[tuple[float, int]] = list(zip(scores[top].tolist(), windows[top].tolist(), strict=True))
    else:
        import faiss

        params: Any = faiss.SearchParameters()
        if kind_of(index) == HNSW:
            params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]  # missing from faiss's stubs
            params.efSearch = max(HNSW_EF_SEARCH, wanted)
        selector = faiss.IDSelectorBatch(windows.astype(np.int64))
        params.sel = selector  # the selector must outlive the search: `selector` holds it
        matrix = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, ids = index.search(matrix, wanted, params=params)
        found = list(zip(scores[0].tolist(), ids[0].tolist(), strict=True))
    return best_paragraphs(((float(s), int(window_paragraph[w])) for s, w in found if w >= 0), depth)


def paragraph_similarity(
    vectors: np.ndarray, window_paragraph: np.ndarray, rows: Sequence[int], query: np.ndarray
) -> dict[int, float]:
    """Exact cosine of the query to each given paragraph (best window), for rows BM25 found alone."""
    result: dict[int, float] = {}
    for row in rows:
        lo, hi = np.searchsorted(window_paragraph, [row, row + 1])
        result[row] = float((vectors[lo:hi] @ query).max()) if hi > lo else 0.0
    return result
