"""`qa eval`'s metrics on outcomes written here: retrieval ranks, exact spans, declines, calibration."""

from __future__ import annotations

import pytest

from qa.evaluate import GoldQuestion, Outcome, Report, calibration_error, token_f1


def _question(n: int, answerable: bool = True, kind: str = "who") -> GoldQuestion:
    gold = frozenset({("a.txt", n)}) if answerable else frozenset()
    return GoldQuestion(f"q{n}", f"Question {n}?", kind, gold, ("Ann Lee",) if answerable else ())


def test_token_f1_is_squads_overlap_of_normalised_words():
    assert token_f1("The Ann Lee", "ann lee") == 1.0  # case, articles
    assert token_f1("42", "42 players") == pytest.approx(2 / 3)
    assert token_f1("Bob", "Ann Lee") == 0.0


def test_calibration_error_is_the_size_weighted_gap_in_each_bin():
    assert calibration_error([], []) is None
    assert calibration_error([1.0, 0.0], [True, False]) == 0.0
    # one bin (0.8-0.9) holding both: mean confidence 0.85, one of two answerable
    assert calibration_error([0.82, 0.88], [True, False]) == pytest.approx(0.35)
    assert calibration_error([0.95, 0.05, 0.95, 0.05], [True, True, False, False]) == pytest.approx(0.45)


def test_the_metrics_of_a_report():
    outcomes = (
        Outcome(_question(1), 1, 1, True, True, False, 1.0, True, 0.9),
        Outcome(_question(2), 3, 1, False, False, False, 0.5, False, 0.6),
        Outcome(_question(3), None, 0, False, False, True, 0.0, False, 0.1),  # a false decline
        Outcome(_question(4, answerable=False), None, 0, False, False, True, None, False, 0.1),
        Outcome(_question(5, answerable=False), None, 0, False, False, False, None, False, 0.7),
    )
    metrics = Report(outcomes, k=5, mode="hybrid").metrics()
    assert metrics["recall@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["recall@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["mrr"] == pytest.approx(round((1 + 1 / 3) / 3, 4))
    assert metrics["span_f1"] == 0.5 and metrics["span_exact"] == pytest.approx(round(1 / 3, 4))
    assert (metrics["abstain_precision"], metrics["abstain_recall"], metrics["false_abstentions"]) == (
        0.5,
        0.5,
        1,
    )
    assert metrics["calibration_error"] == calibration_error(
        [0.9, 0.6, 0.1, 0.1, 0.7], [True, True, True, False, False]
    )
