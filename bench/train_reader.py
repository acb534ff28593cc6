"""Fit the exact-answer reader (qa/answering/reader.json) on dev splits; report every split.

For each question whose answer is one short span (how much / how many / when / where / who /
which), every gold paragraph is read as a cited passage is (its sentences scored against the
question, qa.answering.typed's candidates of the asked-for type, qa.answering.reader's
features); a candidate is positive when its words match a gold answer (token F1 >= 0.5).
Logistic regression over those rows is fitted on the dev splits only: our dev set, XQuAD
questions of dev articles (the BBC gold's sha1 rule) and the BBC dev questions. Prints, per
split, the mean token F1 of the candidate chosen by the shipped weights, by the new fit and
by an oracle (the best candidate there is), and 5-fold cross-validation on the dev questions,
which is what features are chosen by. `--write` saves the fit.

    .venv/bin/python bench/train_reader.py --bbc-index DIR [--write]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from train_decline import arguments, corpora, split_of  # the corpora, and the gold's held-aside rule

from qa.answering import reader, typed
from qa.answering.highlight import EXACT_KINDS, score_sentences
from qa.answering.logistic import Logistic
from qa.answering.question import analyse
from qa.answering.sentences import SentenceVectors
from qa.attribution import entities
from qa.engine import Engine
from qa.evaluate import SPAN_KINDS, GoldQuestion, token_f1
from qa.index import store
from qa.index.embedding import load_query_encoder

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "qa" / "answering" / "reader.json"
POSITIVE_F1 = 0.5
MAX_PAIRS = 30
# The hand-set rule the reader replaced, as weights: the best sentence holding a candidate, then
# a place after "in"/"at", a placeable date, the first asked-for type, the one nearest the words.
RULE = Logistic(0.0, {"sentence_share": 1e4, "placed": 1e3, "dated": 1e2, "first_type": 10.0, "near": 1.0})


@dataclass(frozen=True, slots=True)
class Read:
    """One question's candidates over its gold paragraphs: features (one row each) and their F1."""

    x: np.ndarray
    f1: np.ndarray
    group: str  # "bbc dev", "xquad heldout", ...


def spans_asked(question: GoldQuestion) -> bool:
    return bool(question.answers) and (
        question.kind in SPAN_KINDS or analyse(question.question).kind in EXACT_KINDS
    )


def read(engine: Engine, questions: Sequence[GoldQuestion], name: str) -> list[Read]:
    """Each span question's candidates in its gold paragraphs, as a cited passage is read."""
    snapshot = store.load(Path(engine.location))
    assert snapshot is not None, f"no index at {engine.location}"
    sentences = SentenceVectors(load_query_encoder(engine.model))
    queries = [analyse(q.question) for q in questions]
    vectors = load_query_encoder(engine.model).encode([q.text for q in queries], batch_size=64)
    found = []
    for question, query, vector in zip(questions, queries, vectors, strict=True):
        rows, f1 = [], []
        for doc, paragraph in sorted(question.gold):
            if doc not in snapshot.documents:
                continue
            row = snapshot.documents[doc].first_paragraph + paragraph
            text = snapshot.paragraphs[row].text
            sims = sentences.similarities(vector, [text])[0]
            scored = score_sentences(query, text, snapshot.vocabulary.idf, sims)
            held = typed.sentences_holding(query, text, scored, entities.at(snapshot.entities, row))
            for c in reader.weigh(query, text, scored, held):
                rows.append([c.values[n] for n in NAMES])
                words = text[c.entity.start : c.entity.end]
                f1.append(max(token_f1(words, answer) for answer in question.answers))
        if rows:
            found.append(Read(np.array(rows), np.array(f1), f"{name} {split_of(question)}"))
    return found


def chosen_f1(reads: Sequence[Read], weights: np.ndarray) -> float:
    """Mean F1 of each question's top-scored candidate (questions without candidates left out)."""
    return float(np.mean([r.f1[int(np.argmax(r.x @ weights))] for r in reads])) if reads else 0.0


def fit(reads: Sequence[Read], trained_on: str) -> Logistic:
    """Pairwise logistic regression: a right candidate over a wrong one of the same question.

    Only the order within one passage's candidates matters, so the model learns from their
    differences (a ranking fit, no bias); a question's pairs are capped so long passages do
    not outweigh short ones."""
    rng = np.random.default_rng(5)
    pairs = []
    for r in reads:
        right, wrong = np.flatnonzero(r.f1 >= POSITIVE_F1), np.flatnonzero(r.f1 < POSITIVE_F1)
        both = [(i, j) for i in right for j in wrong]
        for k in rng.permutation(len(both))[:MAX_PAIRS]:
            i, j = both[k]
            pairs.append(r.x[i] - r.x[j])
    x = np.vstack([*pairs, *(-p for p in pairs)])
    y = np.array([1] * len(pairs) + [0] * len(pairs))
    fitted = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False).fit(x, y)
    weights = {name: round(float(w), 6) for name, w in zip(NAMES, fitted.coef_[0], strict=True)}
    return Logistic(0.0, weights, trained_on)


def vector(model: Logistic) -> np.ndarray:
    return np.array([model.weights.get(name, 0.0) for name in NAMES])


def cross_validated(reads: Sequence[Read], folds: int = 5) -> float:
    scores = []
    for k in range(folds):
        train = [r for i, r in enumerate(reads) if i % folds != k]
        test = [r for i, r in enumerate(reads) if i % folds == k]
        scores.append(chosen_f1(test, vector(fit(train, ""))) * len(test))
    return sum(scores) / len(reads)


def _names() -> tuple[str, ...]:
    query = analyse("Who won?")
    text = "Ann won."
    scored = score_sentences(query, text, lambda _: 1.0)
    held = [(0, [entities.Entity(0, 3, "person")])]
    return tuple(reader.weigh(query, text, scored, held)[0].values)


NAMES = _names()


def main() -> None:
    args = arguments(__doc__ or "", MODEL)
    engines, sets = corpora(args.bbc_index)
    reads = [
        r
        for name, questions in sets.items()
        for r in read(engines[name], [q for q in questions if q.answerable and spans_asked(q)], name)
    ]
    train = [r for r in reads if r.group.endswith(" dev")]
    learnable = [r for r in train if (r.f1 >= POSITIVE_F1).any() and (r.f1 < POSITIVE_F1).any()]
    counts = {g: sum(r.group == g for r in reads) for g in sorted({r.group for r in reads})}
    model = fit(learnable, f"bench/train_reader.py, dev split only: {counts}")
    print(
        f"5-fold cross-validated F1 on dev questions: {cross_validated(learnable):.3f} (of those with a right candidate)"
    )
    print(f"{'split':<16} {'n':>5} {'rule':>8} {'shipped':>8} {'new fit':>8} {'oracle':>8}")
    for group in counts:
        part = [r for r in reads if r.group == group]
        shipped = chosen_f1(part, vector(reader.model())) if MODEL.exists() else float("nan")
        oracle = float(np.mean([r.f1.max() for r in part]))
        rule = chosen_f1(part, vector(RULE))
        print(
            f"{group:<16} {len(part):>5} {rule:>8.3f} {shipped:>8.3f} {chosen_f1(part, vector(model)):>8.3f} {oracle:>8.3f}"
        )
    print(
        "\nweights:", {k: round(v, 2) for k, v in sorted(model.weights.items(), key=lambda kv: -abs(kv[1]))}
    )
    if args.write:
        MODEL.write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
