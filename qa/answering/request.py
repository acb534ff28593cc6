"""The values every answering stage reads: what was asked, of which index, with which parts on.

A question goes through candidates (`qa.answering.candidates`), citations and the
answer (`qa.answering.respond`); each stage takes these frozen values and returns new
ones, so a stage can be tested on its own and switched off for ablation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.answering.question import Query
from qa.answering.quoted import Attributions
from qa.answering.sentences import SentenceVectors
from qa.index import store


@dataclass(frozen=True, slots=True)
class Features:
    """The parts of answering that `qa eval --without` can switch off, one at a time."""

    attribution: bool = True  # speakers' quotes for "what did X say?", "who said ...?"
    demotion: bool = True  # captions, sign-up lines and repeated paragraphs never outrank text
    dense_sentences: bool = True  # the answering sentence chosen by meaning as well as words
    name_check: bool = True  # abstain when a name asked about is in no article
    typed_check: bool = True  # abstain when a "how much / when" finds no figure or date

    @classmethod
    def without(cls, names: str) -> Features:
        """`"attribution,demotion"` -> those switched off; an unknown name is a ValueError."""
        off = [n.strip().replace("-", "_") for n in names.split(",") if n.strip()]
        unknown = [n for n in off if n not in cls.__dataclass_fields__]
        if unknown:
            raise ValueError(f"unknown feature {unknown[0]!r}; choose from {', '.join(FEATURES)}")
        return cls(**dict.fromkeys(off, False))


FEATURES = tuple(Features.__dataclass_fields__)
ALL_FEATURES = Features()


@dataclass(frozen=True, slots=True)
class Context:
    """One loaded index generation and what answering keeps beside it."""

    snapshot: store.Snapshot
    attributions: Attributions
    sentences: SentenceVectors


@dataclass(frozen=True, slots=True)
class Request:
    """One question as answering takes it: read, embedded, and its dense neighbours found (in a batch)."""

    query: Query
    vector: np.ndarray
    dense_ranked: list[tuple[int, float]]
    k: int
    mode: str = "hybrid"
    features: Features = ALL_FEATURES
    exclude: frozenset[tuple[str, int]] = frozenset()  # (doc, paragraph) shown already ("what else?")
