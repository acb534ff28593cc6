"""Every citation carries its own speaker, and an answer names each speaker before their words."""

from __future__ import annotations

import pytest

from qa.engine import Engine

ARTICLES = {
    "budget.txt": (
        "State budget passes\n\n"
        "NSW Premier Chris Minns said the budget would fund 40 new schools.\n\n"
        "“We promised schools and we are building them,” the Premier said.\n\n"
        "Opposition leader Mark Speakman said the budget was a fraud.\n"
    ),
    "talks.txt": (
        "Talks in Geneva\n\n"
        "Jake Sullivan, the US national security adviser, said: “The talks were serious.”\n\n"
        "Lord Ricketts, a former national security adviser, said: “They will take years.”\n"
    ),
    "pensions.txt": (
        "Retirement age rules\n\n"
        "The business group welcomed the plan. “This is the best of both worlds,” it said. "
        "But Age Concern called it a u-turn. “This makes a mockery of the law,” said Gordon Lishman, "
        "director general of Age Concern.\n"
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root = tmp_path_factory.mktemp("speakers")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    engine = Engine(corpus, index_dir=root / "index")
    engine.open()
    return engine


def test_a_role_asked_for_finds_the_person_given_it(engine: Engine) -> None:
    answer = engine.ask("What did the Premier say?")
    assert not answer.abstained
    cited = {(c.doc, c.paragraph) for c in answer.citations if c.speaker and c.speaker.name == "Chris Minns"}
    assert {("budget.txt", 1), ("budget.txt", 2)} <= cited
    assert "Chris Minns said: We promised schools" in answer.text  # the reported sentence may come first


def test_each_citation_is_labelled_with_its_own_speaker(engine: Engine) -> None:
    answer = engine.ask("What did Sullivan say?")
    first = answer.citations[0]
    assert first.speaker is not None and first.speaker.kind == "person"
    assert first.speaker.name == "Jake Sullivan" and "US national security adviser" in first.speaker.roles
    assert "Lord Ricketts said" not in answer.text


def test_citation_speakers_go_into_the_json(engine: Engine) -> None:
    data = engine.ask("What did Mark Speakman say?").to_json(1)
    speakers = [c["speaker"] for c in data["citations"] if c["speaker"]]
    assert speakers and speakers[0]["name"] == "Mark Speakman" and speakers[0]["kind"] == "person"


def test_only_the_asked_speakers_words_are_marked_where_a_paragraph_quotes_two(engine: Engine) -> None:
    answer = engine.ask("What did Gordon Lishman say?")
    first = answer.citations[0]
    assert first.speaker is not None and first.speaker.name == "Gordon Lishman"
    marked = [first.text[a:b] for a, b in first.highlights]
    assert marked == ["This makes a mockery of the law,"]
    assert "best of both worlds" not in answer.text
