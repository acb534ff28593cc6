"""Learned fusion: headlines told from lead sentences, the news evidence of a passage, the shipped weights.

The news evidence is checked on an index of three short articles written here, two of them
opening with a headline (rows in index order, documents sorted by name):

     0 jeeves.txt ¶0   Ask Jeeves profit doubles            (a headline)
     1 jeeves.txt ¶1   the search firm's $17m quarter
     2 jeeves.txt ¶2   its chief on advertising
     3 rain.txt ¶0     a sentence: no headline, no news evidence
     4 rain.txt ¶1
     5 yahoo.txt ¶0    Yahoo profit beats forecasts          (a headline)
     6 yahoo.txt ¶1    Yahoo's profit, with no figure
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from qa.answering import fusion
from qa.answering.fusion import DENSE_WEIGHT, News, features, is_headline
from qa.answering.highlight import coverage
from qa.answering.logistic import Logistic
from qa.answering.question import analyse
from qa.index import store
from tests.conftest import indexed

ARTICLES = {
    "jeeves.txt": "Ask Jeeves profit doubles\n\n"
    "The search firm made $17m in the last three months of 2004, up from $8m a year earlier.\n\n"
    "Its chief executive said online advertising had returned after a slow year.\n",
    "rain.txt": "Heavy rain flooded roads across Kent on Monday.\n\n"
    "The Environment Agency issued six flood warnings.\n",
    "yahoo.txt": "Yahoo profit beats forecasts\n\n"
    "Yahoo said its profit rose strongly as advertisers spent more online.\n",
}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory, session_cache: Path) -> Iterator[store.Snapshot]:
    yield indexed(ARTICLES, tmp_path_factory.mktemp("fusion"), session_cache)


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Ask Jeeves tips online ad revival", True),
        ("Could Yukos be a blessing in disguise?", True),
        ("Renault boss hails 'great year'", True),
        ("Heavy rain flooded roads across Kent on Monday.", False),
        (
            "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen",
            False,
        ),
    ],
)
def test_a_headline_is_a_short_first_line_not_ending_as_a_sentence(text, headline):
    assert is_headline(text) is headline


def test_features_of_a_passage_without_a_headline_are_the_weighted_sum_alone():
    assert features(0.5, 0.25, None) == pytest.approx(
        {"hybrid": DENSE_WEIGHT * 0.5 + (1 - DENSE_WEIGHT) * 0.25}
    )


def test_features_of_a_news_passage_add_its_evidence_by_name():
    values = features(0.5, 0.25, News(coverage=0.75, article=0.5, untyped=True, sentence=0.25))
    assert values == pytest.approx(
        {
            "hybrid": DENSE_WEIGHT * 0.5 + (1 - DENSE_WEIGHT) * 0.25,
            "news_dense": 0.5,
            "news_lexical": 0.25,
            "news_coverage": 0.75,
            "news_article": 0.5,
            "news_untyped": 1.0,
            "news_sentence": 0.25,
        }
    )


def test_the_score_is_the_logistic_of_the_weighted_features_and_round_trips_through_json():
    m = Logistic(-1.0, {"hybrid": 2.0, "news_article": 1.0}, trained_on="here")
    assert m.score({"hybrid": 0.5, "news_article": 0.25, "unknown": 9.0}) == pytest.approx(
        1 / (1 + math.exp(-(-1.0 + 1.0 + 0.25)))
    )
    assert Logistic.from_json(m.to_json()) == m


def test_the_shipped_weights_are_trained_and_cover_every_feature():
    shipped = fusion.model()
    assert shipped.trained_on.startswith("bench/train_fusion.py")
    assert set(shipped.weights) == set(features(0.0, 0.0, News(0.0, 0.0, False)))


def test_without_headlines_the_shipped_weights_rank_as_the_weighted_sum():
    rng = np.random.default_rng(3)
    pairs = rng.uniform(0, 1, size=(50, 2))
    learned = [fusion.model().score(features(d, b, None)) for d, b in pairs]
    weighted = [DENSE_WEIGHT * d + (1 - DENSE_WEIGHT) * b for d, b in pairs]
    assert list(np.argsort(learned)) == list(np.argsort(weighted))


def test_the_shipped_weights_prefer_a_news_passage_holding_the_question_and_its_type():
    shipped = fusion.model()
    full = shipped.score(features(0.5, 0.5, News(coverage=1.0, article=1.0, untyped=False)))
    partial = shipped.score(features(0.5, 0.5, News(coverage=0.5, article=1.0, untyped=False)))
    untyped = shipped.score(features(0.5, 0.5, News(coverage=1.0, article=1.0, untyped=True)))
    beside = shipped.score(features(0.5, 0.5, News(coverage=1.0, article=1.0, untyped=False, sentence=1.0)))
    assert full > partial and full > untyped and beside > full


def test_article_rows_are_those_of_headlined_articles_only(snapshot):
    assert fusion.article_rows(snapshot, [1, 3, 6, 2]) == [0, 1, 2, 5, 6]
    assert fusion.article_rows(snapshot, [4]) == []


def test_news_evidence_is_coverage_the_articles_best_other_bm25_and_the_asked_type(snapshot):
    query = analyse("How much profit did Ask Jeeves make?")
    bm25 = snapshot.lexical.scores(query.terms)
    lexical_of = {row: float(bm25[row]) for row in range(7)}
    found = fusion.news(snapshot, query, [0, 1, 2, 3, 6], lexical_of)
    assert set(found) == {0, 1, 2, 6}  # rain.txt opens with a sentence: no news evidence
    top = float(bm25.max())
    assert top == bm25[0] > max(bm25[1], bm25[2])  # the headline's own score is not its article's
    assert found[0].article == pytest.approx(max(bm25[1], bm25[2]) / top)
    assert found[1].article == pytest.approx(max(bm25[0], bm25[2]) / top)  # the headline names Ask Jeeves
    assert found[6].article == pytest.approx(bm25[5] / top)
    assert found[1].coverage == pytest.approx(
        coverage(query, snapshot.paragraphs[1].text, snapshot.lexical.idf)
    )
    assert not found[1].untyped  # $17m: a sum, as "how much" asks
    assert found[2].untyped and found[6].untyped  # no sum in either


def test_the_sentence_evidence_is_the_best_coverage_of_a_sentence_holding_the_asked_type(snapshot):
    query = analyse("How much did the search firm's profit reach in 2004?")
    lexical_of = dict.fromkeys(range(7), 1.0)
    found = fusion.news(snapshot, query, [1, 2, 6], lexical_of)
    sentence = snapshot.paragraphs[1].text  # one sentence, holding $17m
    assert found[1].sentence > 0
    assert found[1].sentence == pytest.approx(coverage(query, sentence, snapshot.lexical.idf))
    assert found[2].sentence == found[6].sentence == 0.0  # Yahoo's profit, but no sum beside it
    untyped = fusion.news(snapshot, analyse("Why did Yahoo's profit rise?"), [6], lexical_of)
    assert untyped[6].sentence == pytest.approx(
        coverage(analyse("Why did Yahoo's profit rise?"), snapshot.paragraphs[6].text, snapshot.lexical.idf)
    )
