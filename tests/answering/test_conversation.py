"""Follow-up questions: rewritten from the turns before, shown as read, left alone when they stand alone."""

import pytest

from qa.answering.answer import Answer, Citation
from qa.answering.conversation import Conversation, Reading
from qa.answering.decline import Evidence


def _answer(question: str, speaker: str | None = None, span: str | None = None) -> Answer:
    text = f"{span} leads it." if span else "Something."
    citation = Citation(1, "d.txt", 0, 1, text, 1.0, ((0, len(text)),), (0, len(span)) if span else None)
    return Answer(question, text, False, 0.5, (citation,), Evidence(0.6, 0.8, speaker=speaker, kind="other"))


def _after(question: str, speaker: str | None = None, span: str | None = None) -> Conversation:
    return Conversation().after(Reading(question, question), _answer(question, speaker, span))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what about Tom Sharpe?", "What did Tom Sharpe say?"),
        ("and Lord Ricketts?", "What did Lord Ricketts say?"),
        ("did he mention Putin?", "What did Jake Sullivan say about Putin?"),
        ("what did his team say?", "What did Jake Sullivan’s team say?"),
        ("what about the convention?", "What did Jake Sullivan say about the convention?"),
        ("what else?", "What did Sullivan say?"),
        ("why?", "Why (What did Sullivan say)?"),
        ("How much is the aid package worth?", "How much is the aid package worth?"),  # stands alone
        ("When did Tesla get his patent?", "When did Tesla get his patent?"),  # his is Tesla's
        ("and what did Sunak say?", "and what did Sunak say?"),  # a question of its own
    ],
)
def test_follow_ups_after_a_quote_question(question, expected):
    conversation = _after("What did Sullivan say?", speaker="Jake Sullivan")
    assert conversation.read(question).resolved == expected


def test_a_who_answer_is_the_person_a_pronoun_means():
    conversation = _after("Who is the Shadow Chancellor?", span="Rachel Reeves")
    assert conversation.read("what did she say?").resolved == "What did Rachel Reeves say?"


def test_nothing_to_point_back_to_in_a_new_conversation():
    reading = Conversation().read("what did he say?")
    assert reading.resolved == "what did he say?" and not reading.rewritten


def test_what_else_excludes_what_was_shown():
    conversation = _after("What did Sullivan say?", speaker="Jake Sullivan")
    reading = conversation.read("what else?")
    assert reading.exclude == {("d.txt", 0)}


NEWS = "004_000a7fc3f8c0d5df.txt"


def test_a_conversation_on_the_default_corpus(default_engine):
    conversation = Conversation()
    first, conversation = default_engine.follow_up(conversation, "What did Sullivan say?")
    assert first.resolved_question == "What did Sullivan say?" and "Jake Sullivan said" in first.text
    second, conversation = default_engine.follow_up(conversation, "what about Tom Sharpe?")
    assert second.question == "what about Tom Sharpe?"
    assert second.resolved_question == "What did Tom Sharpe say?"
    assert {(NEWS, p) for p in (56, 57, 58, 59)} <= {(c.doc, c.paragraph) for c in second.citations}
    third, conversation = default_engine.follow_up(conversation, "did he mention Putin?")
    assert third.resolved_question == "What did Tom Sharpe say about Putin?"
    assert "Putin" in third.text and not third.abstained
    new, _ = default_engine.follow_up(conversation, "How much is the aid package worth?")
    assert new.resolved_question == new.question and "$800 million" in new.text


def test_a_speaker_filter_names_the_pronoun_and_is_not_a_rewrite(default_engine):
    answer, _ = default_engine.follow_up(Conversation(), "What did he say? speaker:Sharpe")
    assert answer.resolved_question == answer.question  # only filters came off: nothing to restate
    assert answer.text.startswith("Tom Sharpe said:") and not answer.abstained
    assert {(NEWS, p) for p in (56, 57, 58, 59)} <= {(c.doc, c.paragraph) for c in answer.citations}
