"""Follow-up questions: rewritten from the turns before, shown as read, left alone when they stand alone."""

from dataclasses import replace

import pytest

from qa.answering.answer import Answer, Citation
from qa.answering.conversation import Conversation, Reading
from qa.answering.decline import Evidence
from qa.attribution.record import Speaker


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
        ("did he mention Putin?", "Did Jake Sullivan mention Putin?"),  # a yes or no, about him
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
    assert reading.unclear == "he"  # no one to be: the reply asks who is meant


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
    assert third.resolved_question == "Did Tom Sharpe mention Putin?"
    assert third.verdict == "yes" and "Putin" in third.text and not third.abstained
    new, _ = default_engine.follow_up(conversation, "How much is the aid package worth?")
    assert new.resolved_question == new.question and "$800 million" in new.text


def test_a_speaker_filter_names_the_pronoun_and_is_not_a_rewrite(default_engine):
    answer, _ = default_engine.follow_up(Conversation(), "What did he say? speaker:Sharpe")
    assert answer.resolved_question == answer.question  # only filters came off: nothing to restate
    assert answer.text.startswith("Tom Sharpe said:") and not answer.abstained
    assert {(NEWS, p) for p in (56, 57, 58, 59)} <= {(c.doc, c.paragraph) for c in answer.citations}


def _quoted(question: str, name: str, gender: str) -> Answer:
    """An answer citing `name`'s words, with the gender the index knows of them."""
    text = f"{name} said: 'It is done.'"
    citation = replace(
        Citation(1, "d.txt", 0, 1, text, 1.0, ((0, len(text)),)),
        speaker=Speaker("person", name, gender=gender),
    )
    return Answer(question, text, False, 0.5, (citation,), Evidence(0.6, 0.8, speaker=name, kind="quote"))


def _talk(*turns: tuple[str, str, str]) -> Conversation:
    conversation = Conversation()
    for question, name, gender in turns:
        conversation = conversation.after(conversation.read(question), _quoted(question, name, gender))
    return conversation


def test_a_pronoun_means_the_latest_person_it_agrees_with():
    conversation = _talk(
        ("What did Rachel Reeves say?", "Rachel Reeves", "f"), ("And Tom Sharpe?", "Tom Sharpe", "m")
    )
    assert conversation.read("did she mention Russia?").resolved == "Did Rachel Reeves mention Russia?"
    assert conversation.read("did he mention Russia?").resolved == "Did Tom Sharpe mention Russia?"
    assert conversation.read("what did they say?").resolved == "What did Tom Sharpe say?"  # anyone


def test_a_person_of_unknown_gender_agrees_with_either():
    conversation = _talk(("What did Sam Lee say?", "Sam Lee", ""))
    assert conversation.read("did she mention Russia?").resolved == "Did Sam Lee mention Russia?"


def test_a_typed_title_gives_the_gender_when_the_index_does_not():
    conversation = Conversation().after(Reading("What did Mr Lee say?", "What did Mr Lee say?"), _answer("Q"))
    assert conversation.people[0].gender == "m"
    assert conversation.read("what did she say?").unclear == "she"


def test_no_one_who_agrees_is_asked_about_never_guessed():
    conversation = _talk(("What did Rachel Reeves say?", "Rachel Reeves", "f"))
    reading = conversation.read("did he mention Russia?")
    assert reading.unclear == "he" and reading.resolved == "did he mention Russia?"
    reply = conversation.asked_who(reading)
    assert reply.unclear == "he" and reply.abstained and not reply.citations
    assert (
        reply.text
        == "Who do you mean by “he”? No one named so far fits it (Rachel Reeves): ask again with the name."
    )


def test_a_first_question_with_he_asks_who_but_they_of_a_group_is_left_alone():
    assert Conversation().read("Why did he resign?").unclear == "he"
    assert Conversation().read("What did they say?").unclear == "they"  # asks for someone's words
    assert Conversation().read("Why did they ban cluster bombs?").unclear is None  # a country, a club


def test_after_a_new_topic_the_people_before_are_offered_by_name():
    fresh = _talk(("What did Tom Sharpe say?", "Tom Sharpe", "m")).new_topic()
    reading = fresh.read("did he mention Putin?")
    assert reading.unclear == "he"
    assert fresh.asked_who(reading).text == (
        "Who do you mean by “he”? Named before this topic: Tom Sharpe. "
        "Ask again with the name, for example “Did Tom Sharpe mention Putin?”."
    )


def test_what_else_keeps_the_person_the_filters_and_the_topic():
    question = "What did Jake Sullivan say about Russia?"
    answer = replace(
        _quoted(question, "Jake Sullivan", "m"),
        evidence=Evidence(0.6, 0.8, speaker="Jake Sullivan", filters=("source:metro",)),
    )
    conversation = Conversation().after(Reading(question, question), answer)
    reading = conversation.read("what else?")
    assert reading.resolved == question and reading.exclude == {("d.txt", 0)}
    assert str(reading.filters) == 'source:metro speaker:"Jake Sullivan"'


def test_what_else_on_the_default_corpus_gives_only_his_words(default_engine):
    conversation = Conversation()
    first, conversation = default_engine.follow_up(conversation, "What did Jake Sullivan say about Russia?")
    assert first.text == "None of Jake Sullivan’s 3 quotes mention Russia [1] [2] [3]."
    more, _ = default_engine.follow_up(conversation, "what else?")
    assert more.resolved_question == 'What did Jake Sullivan say about Russia? speaker:"Jake Sullivan"'
    assert all(c.speaker is not None and c.speaker.name == "Jake Sullivan" for c in more.citations)
    assert more.text.startswith("Nothing more to show")  # all three of his quotes were shown already


def test_after_new_topic_he_is_asked_about_on_the_default_corpus(default_engine):
    _, conversation = default_engine.follow_up(Conversation(), "What did Sullivan say?")
    assert conversation.people[0].name == "Jake Sullivan" and conversation.people[0].gender == "m"
    answer, after = default_engine.follow_up(conversation.new_topic(), "did he mention Russia?")
    assert answer.unclear == "he" and not answer.citations and answer.confidence == 0.0
    assert "Jake Sullivan" in answer.text and after.last is None


def test_a_yes_or_no_turn_read_again_without_its_evidence_keeps_the_person_asked_about():
    """`qa ask --continue` replays saved answers, which keep no evidence: 'Ukraine' is not a person."""
    conversation = _after("What did Sullivan say?", speaker="Jake Sullivan")
    reading = conversation.read("did he mention Ukraine?")
    conversation = conversation.after(reading, _answer(reading.resolved))
    assert conversation.people[0].name == "Jake Sullivan"
