"""Answer or decline, and the confidence shown: one calibrated logistic model over the evidence.

No single threshold tells a near miss from an answer: a passage can share every word of the
question and still lack the figure asked for, or share none and paraphrase it. The signals
(dense and BM25 scores, the margin to the next passage, coverage, names the corpus lacks,
whether an entity of the asked-for type was found, ...) are weighed by logistic regression
trained in `bench/train_decline.py` on questions generated there, never on those reported.
Its coefficients ship as plain JSON and are scored here with a dot product: no pickle and no
scikit-learn on the question path. The confidence a user sees is the model's probability
that the corpus answers the question, at the odds of questions as people ask them (the
training script moves the bias there from the mostly unanswerable generated mix).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from qa.answering.logistic import Logistic

KINDS = ("quote", "who", "when", "where", "how_much", "how_many", "which")
MODEL_FILE = "decline.json"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The signals an answer is judged on; kept on the answer for eval and debugging."""

    top_dense: float
    top_coverage: float
    missing_names: tuple[str, ...] = ()
    kind: str = "other"
    unquoted: str | None = None  # a person asked about whom the articles mention but never quote
    speaker: str | None = None  # the attributed speaker when the answer is someone's quotes
    all_quotes: bool = False  # "what did X say?" with no topic: X's quotes are the answer, however worded
    role_holder: str | None = None  # "Who is X's lawyer?": the person the articles call that, X named
    untyped: bool = False  # a figure, date or age question whose best passages hold none
    unfocused: str | None = None  # "the population of": what is asked for, which no answering sentence names
    filters: tuple[str, ...] = ()  # the question's filters as typed (qa.answering.filters)
    dense_margin: float = 0.0  # the best passage's cosine above the next one's
    top_lexical: float = 0.0  # the best BM25 score among the cited, per unit of the question's idf
    names_asked: int = 0  # names and acronyms the question types
    expects: bool = False  # the question asks for an entity of a type (a sum, a date, a person)
    typed: bool = False  # and a top passage's answering sentence holds one
    quoted_rows: int = 0  # the asked speaker's quote paragraphs found
    terms: int = 0  # the question's content terms
    unknown_terms: int = 0  # of which no article holds the word or one like it
    sentence_coverage: float = 0.0  # the best share of the question's term weight in one answering sentence
    typed_coverage: float = 0.0  # the same among sentences holding an entity of the asked-for type
    absent_from_top: tuple[str, ...] = ()  # the names asked about that the best passage lacks, as typed
    sentence_dense: float = 0.0  # the best cosine of one answering sentence to the question
    figures_asked: int = 0  # the years and numbers the question names
    figures_absent: tuple[str, ...] = ()  # of which the best passage lacks these ("in 2022")
    figures_unknown: int = 0  # and no article holds this many
    years_instead: tuple[str, ...] = ()  # an asked year the best passage lacks, the years it gives instead
    age: bool = False  # "How old is X?": what is asked for is an age (a reason names it; no model input)
    past: tuple[str, str] | None = None  # a year asked past every cited article, and the latest they reach
    other_voice: tuple[str, str] | None = None  # (speaker, source): the figures found were another's


def features(evidence: Evidence) -> dict[str, float]:
    """The model's inputs, by name; each in or near 0..1."""
    asked = max(evidence.names_asked, 1)
    values = {
        "top_dense": evidence.top_dense,
        "dense_margin": evidence.dense_margin,
        "top_lexical": min(evidence.top_lexical, 3.0) / 3.0,
        "top_coverage": evidence.top_coverage,
        "missing_share": len(evidence.missing_names) / asked,
        "missing_any": float(bool(evidence.missing_names)),
        "names_asked": min(evidence.names_asked, 3) / 3.0,
        "expects": float(evidence.expects),
        "typed": float(evidence.typed),
        "typed_missing": float(evidence.expects and not evidence.typed),
        "untyped": float(evidence.untyped),
        "unfocused": float(evidence.unfocused is not None),
        "quoted_rows": min(evidence.quoted_rows, 5) / 5.0,
        "all_quotes": float(evidence.all_quotes),
        "terms": min(evidence.terms, 12) / 12.0,
        "unknown_share": evidence.unknown_terms / max(evidence.terms, 1),
        "sentence_coverage": evidence.sentence_coverage,
        "typed_coverage": evidence.typed_coverage,
        "names_in_top": 1.0 - len(evidence.absent_from_top) / asked if evidence.names_asked else 1.0,
        "sentence_dense": evidence.sentence_dense,
        "dense_x_coverage": evidence.top_dense * evidence.top_coverage,
        "figures_asked": min(evidence.figures_asked, 2) / 2.0,
        "figures_in_top": 1.0 - len(evidence.figures_absent) / evidence.figures_asked
        if evidence.figures_asked
        else 1.0,
        "figures_unknown": evidence.figures_unknown / max(evidence.figures_asked, 1),
        "years_instead": float(bool(evidence.years_instead)),
        **_rules(evidence),
    }
    values.update({f"kind_{kind}": float(evidence.kind == kind) for kind in KINDS})
    return values


# The hand-set rules qa declined by before the model (dense cut-offs, and a figure, date or
# name missing where the words are not all there) are inputs it weighs, not the decision.
_MIN_DENSE, _WEAK_DENSE, _WEAK_COVERAGE, _FULL_COVERAGE = 0.22, 0.40, 0.5, 0.8


def _rules(evidence: Evidence) -> dict[str, float]:
    dense, covered = evidence.top_dense, evidence.top_coverage
    partial = covered < _FULL_COVERAGE or dense < _WEAK_DENSE
    return {
        "rule_far": float(dense < _MIN_DENSE or (dense < _WEAK_DENSE and covered < _WEAK_COVERAGE)),
        "rule_untyped": float(evidence.untyped and partial),
        "rule_unfocused": float(evidence.unfocused is not None and partial),
        "rule_missing": float(bool(evidence.missing_names) and covered < 0.75),
    }


@dataclass(frozen=True, slots=True)
class Model(Logistic):
    """The logistic model over `features`: P(the corpus answers), declined below `threshold`."""

    threshold: float = 0.5  # below it, the answer is declined

    def probability(self, evidence: Evidence) -> float:
        return self.score(features(evidence))

    def to_json(self) -> str:
        fields = {"bias": self.bias, "weights": self.weights, "threshold": self.threshold}
        return json.dumps({**fields, "trained_on": self.trained_on}, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        fit = Logistic.from_json(text)
        threshold = float(json.loads(text)["threshold"])
        return cls(fit.bias, fit.weights, fit.trained_on, threshold=threshold)


@cache
def model() -> Model:
    """The shipped model (qa/answering/decline.json), read once."""
    return Model.from_json(resources.files("qa.answering").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
