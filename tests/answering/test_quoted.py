"""A speaker's quotes on a topic: a quote left open at a paragraph's end runs on; a closed one is whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answering.question import analyse
from qa.answering.quoted import Attributions
from qa.answering.retrieve import Hit
from qa.index import store
from tests.conftest import indexed

ARTICLE = (
    "Council leader Mary Holt set out her plans on Monday.\n\n"
    'Ms Holt said: "The new bridge will open to traffic in May.\n\n'
    '"It will carry buses first, and cyclists after the summer."\n\n'
    'Ms Holt said: "Our schools need more teachers, not more forms."\n\n'
    "The council meets again next week.\n"
)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory, session_cache: Path) -> store.Snapshot:
    return indexed({"holt.txt": ARTICLE}, tmp_path_factory.mktemp("quoted"), session_cache)


def _ranked(*rows: int) -> list[Hit]:
    """A fused ranking: `rows` in order, rows of no paragraph between so that the later ones are
    too far down to count as near the best (only the topic's words bring them in)."""
    first, *rest = rows
    return [Hit(r, 1.0, 0.5, 0.0) for r in (first, 100, 101, 102, 103, *rest)]


def test_a_quote_open_at_the_paragraph_end_runs_on_and_a_closed_one_is_whole(snapshot):
    question = analyse("What did Mary Holt say about buses?")
    quotes = Attributions().speaker_quotes(snapshot, question, _ranked(2, 1, 3))
    assert quotes.rows == (1, 2, 3)  # all of her quotes, the topic's first
    assert quotes.answer_rows == frozenset({1, 2})  # "... in May. / "It will carry buses ...": one quote


def test_a_closed_quote_before_is_not_carried_into_the_next_paragraph(snapshot):
    question = analyse("What did Mary Holt say about schools?")
    quotes = Attributions().speaker_quotes(snapshot, question, _ranked(3, 1, 2))
    assert quotes.answer_rows == frozenset({3})
