"""Paragraphs to model-sized passages, embedded in length-sorted batches with live progress.

A paragraph longer than the model's limit is cut into overlapping windows of equal
size, never truncated; each window keeps the paragraph it came from.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from qa.errors import Cancelled
from qa.index.embedding import BuildEncoder
from qa.ingest.paragraphs import Paragraph

BATCH = 32  # windows per encode call, one batch: the bar moves after each
OVERLAP = 32  # tokens shared by neighbouring windows of a long paragraph
SLACK = 8  # tokens kept free in a window: re-tokenising a piece cut mid-word can add a few


EMBEDDING, READING = "embedding", "reading"  # a build's two long steps, in the order they end


@dataclass(frozen=True)
class IndexProgress:
    """Reported while building: passages embedded of total, then, if spaCy is still reading the
    articles for who said what when the embedding ends, paragraphs read of total."""

    done: int
    total: int
    started: float
    step: str = EMBEDDING

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0


Progress = Callable[[IndexProgress], None]


def windows(paragraph: str, tokenizer: object, max_tokens: int) -> list[str]:
    """Overlapping pieces of a paragraph that each fit the model, so nothing is truncated."""
    encoding = tokenizer.encode(paragraph, add_special_tokens=False)  # type: ignore[attr-defined]
    return [piece for piece, _ in cut(paragraph, encoding.offsets, max_tokens)]


def cut(paragraph: str, offsets: Sequence[tuple[int, int]], max_tokens: int) -> list[tuple[str, int]]:
    """Pieces of a tokenised paragraph with their token counts.

    A paragraph that fits with [CLS]/[SEP] stays whole. A longer one is cut into the fewest
    windows of equal size that overlap by OVERLAP tokens: no short tail that costs a
    window for a few words, and no more repeated text than the overlap.
    """
    count = len(offsets)
    if count <= max_tokens - 2:
        return [(paragraph, count)]
    budget = max(2 * OVERLAP, max_tokens - 2 - SLACK)
    pieces = -(-(count - OVERLAP) // (budget - OVERLAP))
    size = -(-(count + (pieces - 1) * OVERLAP) // pieces)
    out: list[tuple[str, int]] = []
    for k in range(pieces):
        begin = k * (size - OVERLAP)
        end = count if k == pieces - 1 else begin + size
        out.append((paragraph[offsets[begin][0] : offsets[end - 1][1]], end - begin))
    return out


def embed(
    encoder: BuildEncoder,
    pieces: Sequence[str],
    tokens: Sequence[int],
    progress: Progress | None,
    cancel: threading.Event | None,
) -> np.ndarray:
    """Encode one length-sorted batch per call, so padding stays small and progress stays live."""
    out = np.zeros((len(pieces), encoder.dim), dtype=np.float32)
    started = time.monotonic()
    done = 0
    for rows in batches(tokens, BATCH):
        if cancel is not None and cancel.is_set():
            raise Cancelled("indexing cancelled; the previous index is unchanged")
        out[rows] = encoder.encode([pieces[i] for i in rows], batch_size=BATCH)
        done += len(rows)
        if progress is not None:
            progress(IndexProgress(done, len(pieces), started))
    return out


def batches(tokens: Sequence[int], size: int) -> list[list[int]]:
    """Rows in batches of similar token counts, shortest and longest batches taken in turn.

    Sorting keeps padding small; alternating the ends keeps the running rate, and so the
    time left on the bar, close to the true average from the first seconds on.
    """
    order = sorted(range(len(tokens)), key=tokens.__getitem__)
    groups = [order[begin : begin + size] for begin in range(0, len(order), size)]
    turns: list[list[int]] = []
    for k in range((len(groups) + 1) // 2):
        turns.append(groups[k])
        if len(groups) - 1 - k != k:
            turns.append(groups[len(groups) - 1 - k])
    return turns


@dataclass(frozen=True)
class Passages:
    """The passages to embed, each with its token count and its (doc, paragraph index)."""

    texts: list[str]
    tokens: list[int]
    owners: list[tuple[str, int]]


def split(paragraphs: Sequence[Paragraph], encoder: BuildEncoder) -> Passages:
    """Every paragraph as the passages the model can take whole, in one tokenizer pass."""
    encodings = encoder.tokenizer().encode_batch([p.text for p in paragraphs], add_special_tokens=False)
    passages = Passages([], [], [])
    for paragraph, encoding in zip(paragraphs, encodings, strict=True):
        for piece, count in cut(paragraph.text, encoding.offsets, encoder.max_tokens):
            passages.texts.append(piece)
            passages.tokens.append(count)
            passages.owners.append((paragraph.doc, paragraph.index))
    return passages
