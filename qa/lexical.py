"""The BM25 side, on bm25s over the shared tokenizer's terms.

bm25s stores its index as plain npy/JSON files (no pickle), which fits the index
folder; document frequencies come from the same matrix, for question analysis.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Lexical:
    bm25: Any
    vocab: dict[str, int]
    doc_freq: np.ndarray
    size: int

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; a term the corpus never uses is as rare as can be."""
        column = self.vocab.get(term)
        df = float(self.doc_freq[column]) if column is not None else 0.0
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def knows(self, term: str) -> bool:
        column = self.vocab.get(term)
        return column is not None and self.doc_freq[column] > 0

    def resembles(self, term: str) -> bool:
        """A known term spelled almost the same (a typo of a name the corpus holds)."""
        if len(term) < 5:
            return False
        candidates = [w for w in self.vocab if w[:1] == term[:1] and abs(len(w) - len(term)) <= 2]
        return bool(difflib.get_close_matches(term, candidates, n=1, cutoff=0.8))

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every paragraph row (zeros when no query term is known)."""
        known = [t for t in query_terms if t in self.vocab]
        if not known or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)

    def search(self, query_terms: Sequence[str], depth: int) -> list[tuple[int, float]]:
        """Paragraph rows ranked by BM25, only those that share a term with the query."""
        return top_rows(self.scores(query_terms), depth)


def top_rows(scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The best `depth` positive scores as (row, score), best first, ties by row."""
    count = min(depth, int((scores > 0).sum()))
    if count == 0:
        return []
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.lexsort((top, -scores[top]))]
    return [(int(row), float(scores[row])) for row in top]


def _wrap(bm25: Any, size: int) -> Lexical:
    doc_freq = np.diff(np.asarray(bm25.scores["indptr"]))
    vocab = {str(k): int(v) for k, v in bm25.vocab_dict.items() if k and int(v) < len(doc_freq)}
    return Lexical(bm25, vocab, doc_freq, size)


def build(paragraph_terms: Sequence[Sequence[str]]) -> Lexical:
    import bm25s  # ~0.2 s with scipy

    bm25 = bm25s.BM25()
    bm25.index([list(t) for t in paragraph_terms], show_progress=False)
    return _wrap(bm25, len(paragraph_terms))


def save(lexical: Lexical, folder: Path) -> None:
    lexical.bm25.save(str(folder), show_progress=False)


def load(folder: Path, size: int) -> Lexical:
    import bm25s

    return _wrap(bm25s.BM25.load(str(folder), show_progress=False, mmap=False), size)
