"""The exact-answer reader: its features on texts written here, and the shipped weights."""

from __future__ import annotations

from qa.answering import reader
from qa.answering.highlight import ScoredSentence
from qa.answering.question import analyse
from qa.attribution.entities import Entity

TEXT = "Paula Radcliffe will run the London Marathon again, said race director David Bedford."
#       0         1         2         3         4         5         6         7         8
RADCLIFFE, BEDFORD = Entity(0, 15, "person"), Entity(71, 84, "person")
SCORED = [ScoredSentence((0, 85), 0.8, 0.5)]


def _weighed(question: str) -> list[reader.Candidate]:
    return reader.weigh(analyse(question), TEXT, SCORED, [(0, [RADCLIFFE, BEDFORD])])


def test_a_candidate_is_weighed_on_the_question_words_around_it():
    radcliffe, bedford = _weighed("Who is the race director of the London Marathon?")
    assert bedford.values["right_before"] == 1.0 and radcliffe.values["right_before"] == 0.0
    assert bedford.values["words_before"] > radcliffe.values["words_before"]
    assert radcliffe.values["opens"] == 1.0 and radcliffe.values["first_of_type"] == 1.0
    assert all(0.0 <= v <= 1.0 for c in (radcliffe, bedford) for v in c.values.values())


def test_the_shipped_reader_takes_the_person_the_question_words_lead_up_to():
    pick = reader.best(_weighed("Who is the race director of the London Marathon?"))
    assert pick.entity == BEDFORD  # not the person who opens the sentence, nearer "London Marathon"
    pick = reader.best(_weighed("Who will run the London Marathon again?"))
    assert pick.entity == RADCLIFFE


def test_a_when_candidate_that_gives_a_date_a_reader_can_place_is_marked_so():
    text = "She has presented it weekly. Her last show is on 5 March."
    query = analyse("When is her last show?")
    scored = [ScoredSentence((0, 28), 0.5, 0.0), ScoredSentence((29, 57), 0.9, 0.0)]
    weekly, march = reader.weigh(
        query, text, scored, [(0, [Entity(21, 27, "date")]), (1, [Entity(49, 56, "date")])]
    )
    assert (weekly.values["dated"], march.values["dated"]) == (0.0, 1.0)
    assert reader.best([weekly, march]).entity.start == 49


def test_the_shipped_weights_are_trained_and_cover_every_feature():
    shipped = reader.model()
    assert shipped.trained_on.startswith("bench/train_reader.py")
    assert set(shipped.weights) == set(_weighed("Who won?")[0].values)
