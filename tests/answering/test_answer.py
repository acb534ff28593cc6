"""Abstention, confidence and composing the answer from cited parts, on evidence and texts written here."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest

from qa.answering import decline
from qa.answering.answer import (
    ABSTAIN_PREFIX,
    HARD_DECLINE,
    MAX_ANSWER_PARTS,
    MAX_QUOTE_PARTS,
    Answer,
    AnswerPart,
    Citation,
    Source,
    abstention_reason,
    compose,
    confidence,
)
from qa.answering.decline import Evidence, Model
from qa.ingest.metadata import DocumentMeta
from qa.ingest.paragraphs import Paragraph


def strong(**given: Any) -> Evidence:
    """Evidence that answers, on dense similarity and coverage alone."""
    return Evidence(0.6, 0.9, **given)


NOTHING = "Nothing in the articles comes close to answering this."
# A model written here, so the reasons do not hang on the shipped coefficients:
# it answers when the best passage's cosine is at least 0.25.
BY_DENSE = Model(-1.0, {"top_dense": 4.0}, threshold=0.5)


@pytest.fixture(autouse=True)
def _by_dense(monkeypatch):
    monkeypatch.setattr(decline, "model", lambda: BY_DENSE)


@pytest.mark.parametrize(
    ("evidence", "reason"),
    [
        (strong(), None),
        # facts decline outright, however close the passages: a person no article mentions ...
        (Evidence(0.9, 1.0, missing_names=("Kirby",), kind="quote"), "No article mentions Kirby."),
        (Evidence(0.9, 1.0, missing_names=("Kirby",), kind="who"), "No article mentions Kirby."),
        # ... or mentions but never quotes
        (
            Evidence(0.9, 0.9, kind="quote", unquoted="Kirby"),
            "The articles mention Kirby but do not quote them.",
        ),
        (
            Evidence(0.9, 0.9, kind="quote", unquoted="Kirby", filters=("doc:a.txt",)),
            "The articles matching doc:a.txt mention Kirby but do not quote them.",
        ),
        # a speaker's quotes asked for whole are the answer however they are worded
        (Evidence(0.1, 0.0, kind="quote", all_quotes=True), None),
        (
            Evidence(0.1, 0.0, kind="quote", all_quotes=True, unquoted="Kirby"),
            "The articles mention Kirby but do not quote them.",
        ),
        # a year past every cited article: they were written before it, however close their words
        (
            Evidence(0.9, 1.0, kind="how_many", past=("2012", "2005")),
            "The articles closest to the question go up to 2005; none tells of 2012.",
        ),
        (
            Evidence(0.9, 1.0, kind="who", past=("2012", "2005"), role_holder="Tom Smith"),
            "The articles closest to the question go up to 2005; none tells of 2012.",
        ),
        # the rest is the model's: a missing name of another kind only when it declines
        (Evidence(0.6, 0.5, missing_names=("Kirby",), kind="when"), None),
        (Evidence(0.2, 0.5, missing_names=("Kirby",), kind="when"), "No article mentions Kirby."),
        (
            Evidence(0.2, 0.5, missing_names=("Kirby", "NATO"), filters=("source:metro", "since:2024-09-01")),
            "No article matching source:metro since:2024-09-01 mentions Kirby, NATO.",
        ),
        # and when it declines, the reason names what is missing
        (
            Evidence(0.2, 0.8, kind="how_many", expects=True, other_voice=("Network Box", "F-Secure")),
            "The closest passages give Network Box's figure, not F-Secure's.",
        ),
        (
            Evidence(0.6, 0.8, kind="how_many", other_voice=("Network Box", "F-Secure")),
            None,
        ),  # not a fact alone
        (
            Evidence(0.2, 0.8, kind="when", untyped=True),
            "No passage close to the question gives a date for it.",
        ),
        (
            Evidence(0.2, 0.8, kind="how_much", expects=True, typed=False),
            "No passage close to the question gives a figure for it.",
        ),
        (
            Evidence(0.2, 0.8, kind="who", expects=True, typed=False),
            "No passage close to the question gives a name for it.",
        ),
        (
            Evidence(0.2, 0.7, kind="how_many", unfocused="civilians"),
            "No passage close to the question speaks of the civilians asked about.",
        ),
        # a near miss: the closest passage names the rest of the question but not this
        (
            Evidence(0.2, 0.8, names_asked=2, absent_from_top=("Sussex",)),
            "The closest passage does not mention Sussex.",
        ),
        (Evidence(0.2, 0.8, names_asked=1, absent_from_top=("Sussex",)), NOTHING),  # it names nothing asked
        (
            Evidence(0.2, 0.8, names_asked=1, figures_asked=1, figures_absent=("2022",)),
            "The closest passage does not mention 2022.",
        ),
        (Evidence(0.2, 0.3, figures_asked=1, figures_absent=("1998",)), NOTHING),  # far, not a near miss
        (
            Evidence(0.2, 0.8, figures_asked=1, figures_absent=("2006",), years_instead=("2005",)),
            "The closest passage gives 2005, not 2006.",
        ),
        (Evidence(0.2, 1.0), NOTHING),
        (Evidence(0.25, 0.0), None),
        (
            Evidence(0.2, 0.8, untyped=True, expects=True, age=True),
            "No passage close to the question gives an age for it.",
        ),
    ],
)
def test_abstention_reason(evidence, reason):
    assert abstention_reason(evidence) == reason


def test_a_missing_name_is_the_first_reason_given():
    evidence = Evidence(0.1, 0.0, missing_names=("Kirby",), kind="when", untyped=True)
    assert abstention_reason(evidence) == "No article mentions Kirby."


def test_confidence_is_the_models_probability():
    assert confidence(Evidence(0.25, 0.0)) == 0.5
    assert confidence(Evidence(0.75, 0.0)) == round(1 / (1 + math.exp(-2.0)), 4)
    assert confidence(Evidence(0.0, 1.0)) == round(1 / (1 + math.exp(1.0)), 4)


def test_a_fact_that_declines_shows_a_low_confidence_whatever_the_model_says():
    assert confidence(Evidence(0.9, 1.0, missing_names=("Kirby",), kind="who")) == HARD_DECLINE
    assert confidence(Evidence(0.9, 1.0, kind="quote", unquoted="Kirby")) == HARD_DECLINE
    assert confidence(Evidence(0.9, 1.0, kind="when", past=("2020", "2005"))) == HARD_DECLINE


def _paragraph(index: int, text: str, doc: str = "a.txt") -> Paragraph:
    return Paragraph(doc, index, 2 * index + 1, 0, text)


def _citation(n: int, text: str = "", doc: str = "a.txt") -> Citation:
    return Citation.of(n, _paragraph(n - 1, text or f"Passage {n}.", doc), 0.5, ((0, 5),))


CITATIONS = tuple(_citation(n) for n in range(1, 8))


def test_compose_keeps_parts_close_to_the_strongest_and_reads_them_in_citation_order():
    parts = [
        AnswerPart(2, "B was said.", 1.0),
        AnswerPart(1, "A was said.", 0.75),  # exactly the ratio: kept
        AnswerPart(3, "C was said.", 0.74),  # under it: left out
    ]
    answer = compose("Q?", CITATIONS[:3], parts, strong())
    assert answer == Answer(
        "Q?",
        "A was said. [1] B was said. [2]",
        False,
        confidence(strong()),
        (*CITATIONS[:2], replace(CITATIONS[2], supports=False)),  # [3] is shown, not cited: no support
        strong(),
    )


def test_a_sentence_holding_an_answer_of_the_asked_type_is_given_however_a_restatement_scores():
    parts = [  # "How much is Jones seeking?": the sentence that restates the question scores best
        AnswerPart(2, "Jones has filed a lawsuit against Conte.", 1.0),
        AnswerPart(1, "She is seeking $25m in the suit.", 0.5, typed=True),
        AnswerPart(3, "Conte denies it.", 0.3),  # under the ratio of the typed sentence: left out
    ]
    text = compose("How much is Jones seeking?", CITATIONS[:3], parts, strong()).text
    assert text == "She is seeking $25m in the suit. [1] Jones has filed a lawsuit against Conte. [2]"


def test_compose_leaves_out_the_same_words_given_twice():
    parts = [
        AnswerPart(1, "Power is back.", 1.0),
        AnswerPart(2, "  power IS   back. ", 1.0),
        AnswerPart(3, "", 1.0),
    ]
    assert compose("Q?", CITATIONS[:3], parts, strong()).text == "Power is back. [1]"


def test_compose_gives_at_most_three_parts():
    parts = [AnswerPart(n, f"Part {n}.", 1.0) for n in (4, 3, 2, 1)]
    assert MAX_ANSWER_PARTS == 3
    assert compose("Q?", CITATIONS[:4], parts, strong()).text == "Part 2. [2] Part 3. [3] Part 4. [4]"


def test_compose_gives_a_speakers_quotes_up_to_six_however_weak():
    parts = [AnswerPart(n, f"Quote {n}.", 1.0 if n == 1 else 0.1) for n in range(1, 8)]
    evidence = strong(kind="quote", speaker="John Kirby", all_quotes=True)
    text = compose("What did Kirby say?", CITATIONS, parts, evidence).text
    assert MAX_QUOTE_PARTS == 6
    assert (
        text
        == "John Kirby said: Quote 1. [1] Quote 2. [2] Quote 3. [3] Quote 4. [4] Quote 5. [5] Quote 6. [6]"
    )


def test_the_speaker_is_named_before_their_own_words_not_before_a_sentence_reporting_them():
    parts = [
        AnswerPart(
            1, "Kirby called it 'a hard decision' on Friday.", 1.0, reported=True, quoted="a hard decision"
        ),
        AnswerPart(2, "We did not take this lightly.", 1.0),
        AnswerPart(3, "It will help Ukraine.", 1.0),
    ]
    evidence = strong(kind="quote", speaker="John Kirby")
    assert compose("Q?", CITATIONS[:3], parts, evidence).text == (
        "Kirby called it 'a hard decision' on Friday. [1] John Kirby said: We did not take this lightly. [2]"
        " It will help Ukraine. [3]"
    )


def test_a_sentence_reporting_part_of_a_quote_gives_way_to_the_whole_quote():
    parts = [
        AnswerPart(
            1,
            "Nebenzia warned that 'Nato will be a direct party' to it.",
            1.0,
            reported=True,
            quoted="Nato will be a direct party",
        ),
        AnswerPart(2, "Nato will be a direct party to the conflict.", 0.9),
    ]
    evidence = strong(kind="quote", speaker="Vassily Nebenzia")
    assert compose("Q?", CITATIONS[:2], parts, evidence).text == (
        "Vassily Nebenzia said: Nato will be a direct party to the conflict. [2]"
    )


def test_with_no_part_the_first_citation_is_the_answer():
    citations = (_citation(1, "The storm cut power."), _citation(2, "Engineers worked on."))
    answer = compose("Q?", citations, [], strong())
    assert (answer.text, answer.abstained) == ("The storm cut power. [1]", False)


def test_an_abstention_keeps_its_citations_and_says_why():
    weak = Evidence(0.1, 0.9)
    answer = compose("Who won?", CITATIONS[:2], [AnswerPart(1, "A.", 1.0)], weak)
    closest = tuple(replace(c, supports=False) for c in CITATIONS[:2])  # the closest passages support nothing
    assert answer == Answer("Who won?", f"{ABSTAIN_PREFIX} {NOTHING}", True, confidence(weak), closest, weak)
    assert ABSTAIN_PREFIX == "The corpus doesn't say."


def test_no_citations_under_filters_says_no_article_matches_them():
    evidence = strong(filters=("source:metro", "doc:004*"))
    answer = compose("Who won?", (), [], evidence)
    assert (answer.text, answer.abstained, answer.citations) == (
        "The corpus doesn't say. No article matches source:metro doc:004*.",
        True,
        (),
    )


def test_no_citations_and_no_filters_is_an_empty_corpus():
    answer = compose("Who won?", (), [], strong())
    assert (answer.text, answer.abstained) == ("The corpus doesn't say. The corpus is empty.", True)


def test_citation_to_json():
    paragraph = Paragraph("a.txt", 3, 7, 120, "The aid is worth $800 million.")
    citation = Citation.of(2, paragraph, 0.123456789, ((0, 30),), (17, 29), (Source("b.txt", 1, 3),))
    assert citation.to_json() == {
        "n": 2,
        "doc": "a.txt",
        "paragraph": 3,
        "line": 7,
        "text": "The aid is worth $800 million.",
        "score": 0.123457,
        "highlights": [[0, 30]],
        "answer_span": [17, 29],
        "also": [{"doc": "b.txt", "paragraph": 1, "line": 3}],
        "speaker": None,  # whose words, when attribution knows: kind, name, roles, aliases
        "form": None,  # and how the passage gives them: direct, indirect or both
        "supports": True,  # the answer is made of its words
    }


def test_citation_to_json_carries_the_known_metadata_only():
    meta = DocumentMeta(title="Aid", source="Metro", date="2024-09-14", extra=(("id", "7"),))
    citation = Citation.of(1, _paragraph(0, "Text."), 0.5, (), meta=meta)
    data = citation.to_json()
    assert list(data) == [
        "n", "doc", "paragraph", "line", "title", "source", "date",
        "text", "score", "highlights", "answer_span", "also", "speaker", "form", "supports",
    ]  # fmt: skip
    assert (data["title"], data["source"], data["date"], data["answer_span"], data["also"]) == (
        "Aid",
        "Metro",
        "2024-09-14",
        None,
        [],
    )


def test_answer_to_json():
    citation = _citation(1, "Power is back.")
    answer = Answer("Is power back?", "Power is back. [1]", False, 0.876543, (citation,), strong())
    assert answer.to_json(7) == {
        "id": 7,
        "question": "Is power back?",
        "resolved_question": "Is power back?",
        "answer": "Power is back. [1]",
        "verdict": None,  # "yes" or "no" only for "did X mention Y?"
        "abstained": False,
        "confidence": 0.8765,
        "citations": [citation.to_json()],
    }


def test_answer_to_json_with_filters_and_a_rewritten_question():
    evidence = strong(filters=("source:metro",))
    answer = Answer("And him?", "No.", True, 0.2, (), evidence, resolved_question="What did Kirby say?")
    data = answer.to_json("q1")
    assert list(data) == [
        "id", "question", "resolved_question", "filters", "answer", "verdict", "abstained", "confidence",
        "citations",
    ]  # fmt: skip
    assert (data["resolved_question"], data["filters"], data["citations"]) == (
        "What did Kirby say?",
        ["source:metro"],
        [],
    )
