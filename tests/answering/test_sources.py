"""Whose figure a question asks for, and figures in someone else's words, on texts written here."""

from __future__ import annotations

import pytest

from qa.answering.question import analyse
from qa.answering.sources import asked_source, others_left_out
from qa.attribution.entities import Entity
from qa.attribution.record import QuoteRecord, Speaker


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("How many copies of the virus did F-Secure say it had stopped?", "F-Secure"),
        ("How many copies an hour did security firm Network Box say it was stopping?", "Network Box"),
        ("What share of users upload content, according to Demos?", "Demos"),
        (
            "How old is Nick Griffin, according to West Yorkshire Police's statement on his arrest?",
            "West Yorkshire Police",
        ),
        ("According to the Ofsted survey, how many pupils knew?", "Ofsted"),
        (
            "How many users does China have, according to the analysts at the FT conference?",
            None,
        ),  # no name leads
        ("How many medals did Team GB win in Athens?", None),  # no source asked
    ],
)
def test_the_source_a_question_asks_a_figure_of(question, source):
    assert asked_source(question) == source


def test_a_quote_question_asks_no_source():
    assert analyse("What did Sullivan say about Russia?").source is None
    assert analyse("How many copies did F-Secure say it stopped?").source == "F-Secure"


TEXT = "Network Box said it stopped 30,000 copies. F-Secure's Mikko Hypponen said it saw 5,000. About 900 were sent."


def _words(words: str) -> tuple[tuple[int, int], ...]:
    return ((TEXT.index(words), TEXT.index(words) + len(words)),)


RECORDS = (
    QuoteRecord(0, _words("it stopped 30,000 copies"), Speaker("organisation", "Network Box"), "indirect"),
    QuoteRecord(
        0,
        _words("it saw 5,000"),
        Speaker("person", "Mikko Hypponen", ("director of research for F-Secure",)),
        "indirect",
    ),
)
ENTITIES = tuple(
    Entity(TEXT.index(words), TEXT.index(words) + len(words), "count") for words in ("30,000", "5,000", "900")
)


def test_a_figure_in_another_speaker_s_words_is_left_out_and_the_source_s_kept():
    kept, other = others_left_out(ENTITIES, RECORDS, "F-Secure")
    assert [TEXT[e.start : e.end] for e in kept] == ["5,000", "900"]  # the source's own, and no one's
    assert other is not None and other.name == "Network Box"


def test_no_source_asked_keeps_every_figure():
    assert others_left_out(ENTITIES, RECORDS, None) == (ENTITIES, None)
