"""Sentence embeddings of cited passages, for choosing the sentence that answers.

Embedding every sentence of the corpus at index time would double the build; a
question only needs the sentences of its few cited passages. Those are embedded on
demand and kept (bounded, least recently used first out), since the same passages
come back across a conversation or a batch.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from qa.index.embedding import Encoder
from qa.language.text import sentence_spans

CAPACITY = 8192  # passages; ~5 sentences x 384 floats each: about 60 MB at most


class SentenceVectors:
    def __init__(self, encoder: Encoder, capacity: int = CAPACITY) -> None:
        self._encoder = encoder
        self._capacity = capacity
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _lookup(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            found = {t: self._cache[t] for t in texts if t in self._cache}
            for text in found:
                self._cache.move_to_end(text)
        return found

    def _store(self, computed: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._cache.update(computed)
            while len(self._cache) > self._capacity:
                self._cache.popitem(last=False)

    def similarities(self, question: np.ndarray, passages: Sequence[str]) -> list[list[float]]:
        """Cosine of the question to each sentence of each passage (sentences as `sentence_spans` cuts them)."""
        known = self._lookup(passages)
        missing = list(dict.fromkeys(p for p in passages if p not in known))
        spans = [sentence_spans(p) for p in missing]
        texts = [p[s:e] for p, row in zip(missing, spans, strict=True) for s, e in row]
        if texts:
            vectors = self._encoder.encode(texts, batch_size=64)
            computed: dict[str, np.ndarray] = {}
            position = 0
            for passage, row in zip(missing, spans, strict=True):
                computed[passage] = vectors[position : position + len(row)]
                position += len(row)
            self._store(computed)
            known.update(computed)
        empty = np.zeros((0, len(question)), dtype=np.float32)
        return [(known.get(p, empty) @ question).tolist() for p in passages]
