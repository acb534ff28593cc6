"""The BM25 side: built with bm25s, scored at query time with numpy alone.

bm25s (lucene variant) precomputes the BM25 score of every (term, paragraph) pair into
a sparse column-per-term matrix and saves it as plain npy/JSON files. A query's scores
are the sum of its terms' columns, so the query path reads those arrays itself (memory
mapped: a question touches only its terms' columns) and never imports bm25s, which
pulls in scipy: 0.28 s of a 1.1 s cold `qa ask` on this machine. The folder we write
is still one bm25s can load, and tests compare our scores with `BM25.get_scores`.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

DATA = "data.csc.index.npy"  # BM25 score of each (term, paragraph) pair, column after column
INDICES = "indices.csc.index.npy"  # the paragraph row of each score
INDPTR = "indptr.csc.index.npy"  # column c is data[indptr[c] : indptr[c + 1]]
VOCAB = "vocab.index.json"  # term -> column
PARAMS = "params.index.json"  # k1, b, method, dtype, num_docs, bm25s version
SCORED = ("lucene", "robertson", "atire")  # pure sums of columns (bm25l/bm25+ add a non-occurrence term)


def idf(df: float, size: int) -> float:
    """Smoothed inverse document frequency; a term the corpus never uses is as rare as can be."""
    return math.log(1.0 + (size - df + 0.5) / (df + 0.5))


def resembles(term: str, vocabulary: Iterable[str]) -> bool:
    """A known term spelled almost the same (a typo of a name the corpus holds)."""
    if len(term) < 5:
        return False
    candidates = [w for w in vocabulary if w[:1] == term[:1] and abs(len(w) - len(term)) <= 2]
    return bool(difflib.get_close_matches(term, candidates, n=1, cutoff=0.8))


def document_frequencies(lexical: Lexical) -> dict[str, int]:
    """Each known term's paragraph count (what a Milvus generation keeps beside its BM25)."""
    return {
        term: int(lexical.doc_freq[column])
        for term, column in lexical.vocab.items()
        if lexical.doc_freq[column]
    }


@dataclass(frozen=True)
class Lexical:
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    vocab: dict[str, int]
    size: int
    params: dict[str, Any] = field(default_factory=dict)
    doc_freq: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "doc_freq", np.diff(np.asarray(self.indptr)))

    def idf(self, term: str) -> float:
        column = self.vocab.get(term)
        return idf(float(self.doc_freq[column]) if column is not None else 0.0, self.size)

    def knows(self, term: str) -> bool:
        column = self.vocab.get(term)
        return column is not None and self.doc_freq[column] > 0

    def resembles(self, term: str) -> bool:
        return resembles(term, self.vocab)

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every paragraph row (zeros when no query term is known).

        Same as bm25s `get_scores`: unknown terms are skipped and a repeated term counts
        each time. Within a column every row appears once, so a fancy-indexed add is exact.
        """
        scores = np.zeros(self.size, dtype=self.data.dtype)
        for term in query_terms:
            column = self.vocab.get(term)
            if column is None:
                continue
            begin, end = int(self.indptr[column]), int(self.indptr[column + 1])
            scores[self.indices[begin:end]] += self.data[begin:end]
        return scores


def top_rows(scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The best `depth` positive scores as (row, score), best first, ties by row."""
    count = min(depth, int((scores > 0).sum()))
    if count == 0:
        return []
    kth = -np.partition(-scores, count - 1)[count - 1]  # the score at the cut
    above = np.flatnonzero(scores > kth)
    top = np.concatenate([above, np.flatnonzero(scores == kth)[: count - len(above)]])  # ties cut by row too
    top = top[np.lexsort((top, -scores[top]))]
    return [(int(row), float(scores[row])) for row in top]


def _checked(
    data: np.ndarray,
    indices: np.ndarray,
    indptr: np.ndarray,
    raw_vocab: dict[str, Any],
    size: int,
    params: dict[str, Any],
) -> Lexical:
    """A Lexical whose arrays agree with each other; ValueError (a damaged index) otherwise."""
    if data.ndim != 1 or indices.shape != data.shape or indptr.ndim != 1 or len(indptr) == 0:
        raise ValueError("BM25 arrays have the wrong shapes")
    if int(indptr[-1]) != len(data) or int(params.get("num_docs", size)) != size:
        raise ValueError("BM25 arrays disagree with each other or with the paragraphs")
    if str(params.get("method", "lucene")) not in SCORED:
        raise ValueError(f"BM25 method {params.get('method')!r} is not one we can score")
    columns = len(indptr) - 1
    vocab = {str(k): int(v) for k, v in raw_vocab.items() if k and 0 <= int(v) < columns}
    return Lexical(data, indices, indptr, vocab, size, params)


def build(paragraph_terms: Sequence[Sequence[str]]) -> Lexical:
    """Index the paragraphs' terms with bm25s (lucene BM25, k1 1.5, b 0.75)."""
    import bm25s  # 0.28 s here, scipy included; index builds only

    bm25 = bm25s.BM25()
    if any(paragraph_terms):  # bm25s cannot index an empty vocabulary (say, articles of emoji only)
        bm25.index([list(t) for t in paragraph_terms], show_progress=False)
    params = {
        "k1": bm25.k1,
        "b": bm25.b,
        "delta": bm25.delta,
        "method": bm25.method,
        "idf_method": bm25.idf_method,
        "dtype": bm25.dtype,
        "int_dtype": bm25.int_dtype,
        "num_docs": len(paragraph_terms),
        "version": bm25s.__version__,
        "backend": bm25.backend,
    }
    if not any(paragraph_terms):
        none = np.zeros(0, dtype=np.float32)
        return _checked(
            none, none.astype(np.int32), np.zeros(1, dtype=np.int32), {}, len(paragraph_terms), params
        )
    data, indices, indptr = (np.asarray(bm25.scores[name]) for name in ("data", "indices", "indptr"))
    return _checked(data, indices, indptr, dict(bm25.vocab_dict), len(paragraph_terms), params)


def empty(size: int, params: dict[str, Any]) -> Lexical:
    """No BM25 arrays in this process (a Milvus generation scores BM25 itself), `params` kept."""
    none = np.zeros(0, dtype=np.float32)
    return Lexical(none, none.astype(np.int32), np.zeros(1, dtype=np.int32), {}, size, params)


def save(lexical: Lexical, folder: Path) -> None:
    """The same files bm25s writes, so `bm25s.BM25.load(folder)` reads them too."""
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / DATA, np.asarray(lexical.data), allow_pickle=False)
    np.save(folder / INDICES, np.asarray(lexical.indices), allow_pickle=False)
    np.save(folder / INDPTR, np.asarray(lexical.indptr), allow_pickle=False)
    (folder / VOCAB).write_text(json.dumps(lexical.vocab, ensure_ascii=False), encoding="utf-8")
    (folder / PARAMS).write_text(json.dumps({**lexical.params, "num_docs": lexical.size}, indent=4))


def load(folder: Path, size: int, *, mmap: bool = True) -> Lexical:
    """Read a saved index; memory mapped by default, so a question reads only its columns."""
    mode: Literal["r"] | None = "r" if mmap else None
    data = np.load(folder / DATA, allow_pickle=False, mmap_mode=mode)
    indices = np.load(folder / INDICES, allow_pickle=False, mmap_mode=mode)
    indptr = np.load(folder / INDPTR, allow_pickle=False)  # small, read on every lookup
    raw_vocab = json.loads((folder / VOCAB).read_text(encoding="utf-8"))
    params = json.loads((folder / PARAMS).read_text(encoding="utf-8"))
    if not isinstance(raw_vocab, dict) or not isinstance(params, dict):
        raise ValueError("BM25 vocabulary or parameters are not JSON objects")
    return _checked(data, indices, indptr, raw_vocab, size, params)
