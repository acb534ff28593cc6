"""Fit the hybrid fusion weights (qa/answering/fusion.json) on dev splits; report every split.

Each answerable question's candidates are gathered as `qa ask` gathers them (dense and BM25
top 50, qa.answering.candidates) with the evidence fusion weighs (qa.answering.fusion); a
candidate is positive when it is a gold paragraph. Logistic regression over those features is
fitted on the dev splits only: our dev set, XQuAD questions of dev articles (the BBC gold's
sha1 rule) and the BBC dev questions. Prints recall@1/@5 and MRR of the candidates ranked by the
plain weighted sum, the shipped weights and the new fit, on dev and held-aside splits apart;
5-fold cross-validation over the dev questions is what to choose features by, not the held-aside
rows. `--write` saves the fit.

    .venv/bin/python bench/train_fusion.py --bbc-index DIR [--write]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from train_decline import arguments, split_of  # the held-aside rule of the gold, for XQuAD's articles

from qa.answering import fusion
from qa.answering.candidates import gather
from qa.answering.logistic import Logistic
from qa.answering.question import analyse
from qa.answering.quoted import Attributions
from qa.answering.request import Context, Request
from qa.answering.sentences import SentenceVectors
from qa.engine import Engine
from qa.evaluate import GoldQuestion, load_questions
from qa.index import store
from qa.index.embedding import load_query_encoder

ROOT = Path(__file__).resolve().parent.parent
XQUAD = ROOT.parent / "shared" / "bench" / "xquad_en"
BBC = ROOT.parent / "shared" / "bench" / "bbc_news" / "corpus"
MODEL = ROOT / "qa" / "answering" / "fusion.json"
NAMES = tuple(fusion.features(0.0, 0.0, fusion.News(0.0, 0.0, False)))
PLAIN = Logistic(0.0, {"hybrid": 1.0}, "the weighted sum")


@dataclass(frozen=True, slots=True)
class Ranked:
    """One question's candidates: their features (one row each), which are gold, and the row ids."""

    x: np.ndarray
    gold: np.ndarray
    rows: np.ndarray
    group: str  # "bbc dev", "xquad heldout", ...


def candidates(engine: Engine, questions: Sequence[GoldQuestion], group: str) -> list[Ranked]:
    """Each answerable question's candidates as hybrid retrieval gathers them."""
    snapshot = store.load(Path(engine.location))
    assert snapshot is not None, f"no index at {engine.location}"
    encoder = load_query_encoder(engine.model)
    context = Context(snapshot, Attributions(), SentenceVectors(encoder))
    queries = [analyse(q.question) for q in questions]
    vectors = encoder.encode([q.text for q in queries], batch_size=64)
    found = []
    for question, query, vector, dense in zip(
        questions, queries, vectors, snapshot.search.dense(vectors, 50), strict=True
    ):
        c = gather(context, Request(query, vector, dense, 5))
        rows = sorted(c.dense_of)
        top = max(c.lexical_of.values(), default=0.0) or 1.0
        values = [fusion.features(c.dense_of[r], c.lexical_of[r] / top, c.news.get(r)) for r in rows]
        x = np.array([[v.get(name, 0.0) for name in NAMES] for v in values])
        gold_rows = {
            snapshot.documents[doc].first_paragraph + p
            for doc, p in question.gold
            if doc in snapshot.documents
        }
        found.append(Ranked(x, np.array([r in gold_rows for r in rows]), np.array(rows), group))
    return found


def vector(model: Logistic) -> np.ndarray:
    return np.array([model.weights.get(name, 0.0) for name in NAMES])


def scores(w: np.ndarray, ranked: Sequence[Ranked]) -> str:
    """Recall@1, recall@5 and MRR of the candidates ordered by x . w (gold not gathered: a miss)."""
    ranks = []
    for r in ranked:
        order = np.lexsort((r.rows, -(r.x @ w)))
        hits = np.flatnonzero(r.gold[order])
        ranks.append(int(hits[0]) + 1 if len(hits) else 0)
    n = np.array(ranks)
    share = max(len(n), 1)
    r1, r5, mrr = (n == 1).sum() / share, ((n >= 1) & (n <= 5)).sum() / share, (1 / n[n > 0]).sum() / share
    return f"{r1:>9.3f} {r5:>9.3f} {mrr:>7.3f}"


def fit(ranked: Sequence[Ranked], trained_on: str) -> Logistic:
    """Pointwise logistic regression, gold and other candidates weighed alike."""
    x = np.concatenate([r.x for r in ranked])
    y = np.concatenate([r.gold for r in ranked]).astype(int)
    fitted = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(x, y)
    weights = {name: round(float(w), 6) for name, w in zip(NAMES, fitted.coef_[0], strict=True)}
    return Logistic(round(float(fitted.intercept_[0]), 6), weights, trained_on)


def cross_validated(ranked: Sequence[Ranked], folds: int = 5) -> dict[str, list[Ranked]]:
    """Each dev question with its fold's score (a fit on the other folds) as its only feature."""
    order = np.random.default_rng(0).permutation(len(ranked))
    scored: dict[str, list[Ranked]] = {}
    for k in range(folds):
        test = set(order[k::folds].tolist())
        model = fit([r for i, r in enumerate(ranked) if i not in test], "")
        w = vector(model)
        for i in sorted(test):
            r = ranked[i]
            scored.setdefault(r.group, []).append(Ranked((r.x @ w)[:, None], r.gold, r.rows, r.group))
    return scored


def collect(bbc_index: Path | None) -> list[Ranked]:
    """The candidates of every split of our sets, XQuAD and the BBC gold."""
    default = Engine(ROOT / "corpus")
    xquad = Engine(XQUAD / "corpus")
    bbc = Engine(BBC, index_dir=bbc_index)
    parts: list[tuple[Engine, list[GoldQuestion], str]] = [
        (default, load_questions(ROOT / "bench" / "devset.jsonl"), "default dev"),
        (default, load_questions(ROOT / "bench" / "heldout.jsonl"), "default heldout"),
    ]
    for engine, path, name in (
        (xquad, XQUAD / "questions.jsonl", "xquad"),
        (bbc, ROOT / "bench" / "gold" / "bbc_questions.jsonl", "bbc"),
    ):
        questions = load_questions(path)
        parts += [
            (engine, [q for q in questions if split_of(q) == s], f"{name} {s}") for s in ("dev", "heldout")
        ]
    for engine in (default, xquad, bbc):
        engine.open()
    return [
        r for engine, qs, group in parts for r in candidates(engine, [q for q in qs if q.answerable], group)
    ]


def main() -> None:
    args = arguments(__doc__ or "", MODEL)
    ranked = collect(args.bbc_index)
    groups = list(dict.fromkeys(r.group for r in ranked))
    train = [r for r in ranked if r.group.endswith(" dev")]
    sizes = {g: sum(r.group == g for r in train) for g in groups if g.endswith(" dev")}
    model = fit(train, f"bench/train_fusion.py, dev splits only (questions): {sizes}")
    folds = cross_validated(train)
    print(f"{'split':<16} {'ranked by':<20} {'n':>5} {'recall@1':>9} {'recall@5':>9} {'mrr':>7}")
    for group in groups:
        part = [r for r in ranked if r.group == group]
        runs = [("weighted sum", PLAIN), ("shipped", fusion.model()), ("new fit", model)]
        for label, m in runs:
            print(f"{group:<16} {label:<20} {len(part):>5} {scores(vector(m), part)}")
        if group in folds:
            print(f"{group:<16} {'new fit, 5-fold':<20} {len(part):>5} {scores(np.ones(1), folds[group])}")
    print(
        "\nweights:", ", ".join(f"{n} {w:+.2f}" for n, w in model.weights.items()), f"bias {model.bias:+.2f}"
    )
    if args.write:
        MODEL.write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
