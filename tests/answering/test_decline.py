"""The decline model: its JSON, its probability, and the shipped coefficients' behaviour."""

from __future__ import annotations

import math

from qa.answering.decline import Evidence, Model, features, model


def test_the_probability_is_the_logistic_of_the_weighted_features():
    m = Model(-1.0, {"top_dense": 2.0, "top_coverage": 1.0}, threshold=0.4)
    evidence = Evidence(0.5, 0.25)
    assert math.isclose(m.probability(evidence), 1 / (1 + math.exp(-(-1.0 + 1.0 + 0.25))))


def test_the_model_round_trips_through_json():
    m = Model(0.5, {"typed": -1.25}, threshold=0.2, trained_on="here")
    assert Model.from_json(m.to_json()) == m


def test_every_feature_is_a_number_near_the_unit_range():
    evidence = Evidence(0.7, 1.0, ("X",), "who", top_lexical=9.0, names_asked=5, terms=30, unknown_terms=3)
    values = features(evidence)
    assert all(-1.0 <= v <= 1.0 for v in values.values())
    assert values["kind_who"] == 1.0 and values["missing_share"] == 0.2


def test_the_shipped_model_is_trained_and_weighs_every_feature_it_knows():
    shipped = model()
    assert shipped.trained_on.startswith("bench/train_decline.py")
    assert 0.0 < shipped.threshold < 1.0
    assert set(shipped.weights) == set(features(Evidence(0.0, 0.0)))


def test_the_shipped_model_answers_a_close_passage_and_declines_a_far_one():
    shipped = model()
    close = Evidence(0.75, 1.0, sentence_dense=0.7, sentence_coverage=1.0, dense_margin=0.2, terms=6)
    far = Evidence(
        0.12, 0.1, sentence_dense=0.1, sentence_coverage=0.1, terms=6, names_asked=1, absent_from_top=("X",)
    )
    assert shipped.probability(close) >= shipped.threshold > shipped.probability(far)
    closer = Evidence(0.5, 0.6, sentence_dense=0.5, terms=6)
    assert shipped.probability(closer) > shipped.probability(Evidence(0.3, 0.6, sentence_dense=0.3, terms=6))


def test_a_year_the_best_passage_lacks_lowers_the_probability():
    shipped = model()
    holds = Evidence(0.6, 0.8, sentence_dense=0.6, terms=6, figures_asked=1)
    lacks = Evidence(0.6, 0.8, sentence_dense=0.6, terms=6, figures_asked=1, figures_absent=("2022",))
    assert features(lacks)["figures_in_top"] == 0.0 and features(holds)["figures_in_top"] == 1.0
    assert shipped.probability(lacks) < shipped.probability(holds)
