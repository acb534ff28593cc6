"""'Did X mention Y?': what a mention is, read on texts written here, and the yes or no on the default corpus."""

from __future__ import annotations

import json

import pytest

from qa.answering.mentions import mention_span
from qa.answering.question import analyse
from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS


def _whole(text: str) -> tuple[tuple[int, int], ...]:
    return ((0, len(text)),)


def _mentioned(text: str, about: str, spans: tuple[tuple[int, int], ...] | None = None) -> str | None:
    span = mention_span(text, spans if spans is not None else _whole(text), about)
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("text", "about", "marked"),
    [
        ("We will lift the sanctions soon.", "sanction", "sanctions"),  # an inflection is the word
        ("Russia's army is tired.", "Russia", "Russia's"),
        ("The Russian army is tired.", "Russia", "Russian"),  # a demonym stands for its place
        ("The aid package is worth a lot.", "the aid package", "aid package"),  # the words together
        ("A package of aid is coming.", "aid package", "package of aid"),  # in any order, as they come
        ("Putin understands only strength.", "Vladimir Putin", "Putin"),  # a surname for the full name
        ("Mr Putin understands only strength.", "putin", "Putin"),
    ],
)
def test_what_a_mention_is(text, about, marked):
    assert _mentioned(text, about) == marked


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("We will lift the sanctions soon.", "Russia"),
        ("The aid is coming.", "aid package"),  # every content word of Y, not some
        ("It understands only strength.", "Putin"),  # a pronoun mentions nothing
        ("The House voted.", "White House"),  # an institution's last word is not its short form
    ],
)
def test_what_is_no_mention(text, about):
    assert _mentioned(text, about) is None


def test_only_the_speakers_own_words_count_not_the_writers_frame():
    text = "Asked about Russia, Smith said: 'We will lift the sanctions.'"
    quoted = ((text.index("We"), len(text) - 1),)
    assert _mentioned(text, "Russia", quoted) is None
    assert _mentioned(text, "sanctions", quoted) == "sanctions"


@pytest.mark.parametrize(
    ("question", "speaker", "mention"),
    [
        ("Did Sullivan mention Russia?", "Sullivan", "Russia"),
        ("Has Keir Starmer said anything about the convention?", "Keir Starmer", "the convention"),
        ("Did the Prime Minister talk about cluster bombs?", "the Prime Minister", "cluster bombs"),
        ("Did Tom Sharpe ever refer to Putin?", "Tom Sharpe", "Putin"),
        ("did he mention Russia?", "he", None),  # who he is is the conversation's to say
    ],
)
def test_a_yes_no_question_about_someones_words(question, speaker, mention):
    query = analyse(question)
    assert (query.kind, query.speaker, query.mention) == ("quote", speaker, mention)


def test_only_the_speaker_must_be_named_in_the_corpus():
    query = analyse("Did Sullivan mention Zanzibar?")
    assert [name for name, _ in query.names] == ["Sullivan"]  # a Y never named is a plain "No"


def test_no_names_every_quote_searched(default_engine):
    answer = default_engine.ask("Did Sullivan mention Russia?")
    assert answer.verdict == "no" and not answer.abstained
    assert answer.text == "No: none of Jake Sullivan’s 3 quotes mention Russia [1] [2] [3]."
    assert [c.paragraph for c in answer.citations] == [6, 7, 8]  # his quotes, and nothing beside them
    assert all(c.supports and c.answer_span is None for c in answer.citations)


def test_yes_cites_the_quotes_that_mention_it_marked(default_engine):
    answer = default_engine.ask("Did Tom Sharpe mention Putin?")
    assert answer.verdict == "yes" and answer.text.startswith(
        "Yes: 1 of Tom Sharpe’s 4 quotes mentions Putin."
    )
    (cited,) = answer.citations
    assert cited.answer_span is not None and cited.text[slice(*cited.answer_span)] == "Putin"


def test_a_speaker_never_named_is_declined_as_before(default_engine):
    answer = default_engine.ask("Did Macron mention Russia?")
    assert answer.abstained and answer.verdict is None and "Macron" in answer.text


@pytest.mark.parametrize(
    ("question", "topic_name"),
    [
        ("What did Sullivan say about Putin?", "Putin"),
        ("What did Tom Sharpe say about Vladimir Putin?", "Vladimir Putin"),
        ("What did Sullivan say about the munitions?", None),  # a topic in words, not a name
        ("What did Sullivan tell reporters?", None),
    ],
)
def test_a_topic_that_is_a_name(question, topic_name):
    assert analyse(question).topic_name == topic_name


def test_what_someone_said_about_a_name_none_of_their_quotes_mentions(default_engine):
    answer = default_engine.ask("What did Sullivan say about Putin?")
    assert answer.text == "None of Jake Sullivan’s 3 quotes mention Putin [1] [2] [3]."
    assert not answer.abstained and answer.verdict is None  # not a yes-or-no question
    assert [c.paragraph for c in answer.citations] == [6, 7, 8]


def test_what_someone_said_about_a_name_they_mention_is_answered_with_those_quotes(default_engine):
    answer = default_engine.ask("What did Tom Sharpe say about Putin?")
    assert answer.verdict is None and not answer.text.startswith(("None", "Yes", "No"))
    assert any("Putin" in c.text for c in answer.citations)  # his one run of quotes, Putin in it


def test_the_verdict_is_in_the_json(capsys, default_index):
    where = ["--corpus", str(DEFAULT_CORPUS), "--index", str(default_index)]
    code = main(["ask", "Did Sullivan say anything about Russia?", "--json", *where])
    row = json.loads(capsys.readouterr().out)
    assert code == 0 and row["verdict"] == "no" and len(row["citations"]) == 3
