"""The chat shows the exact span inside a highlight, and every other place a passage appears."""

from __future__ import annotations

import pytest

from qa.engine import Engine
from tests.tui import ask, ready
from tui.app import make_app
from tui.widgets.citation_card import CitationCard

pytestmark = pytest.mark.anyio
WIDE = (140, 45)


async def test_card_marks_the_exact_sum_and_lists_copies(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, "How much is the aid package worth?")
        first = app.chat.query(CitationCard).first()
        passage = first.passage
        content = passage.render()
        exact = passage.get_visual_style("passage--exact")
        assert [content.plain[s.start : s.end] for s in content.spans if s.style == exact] == ["$800 million"]

        await ask(pilot, "What did Vassily Nebenzia tell the UN Security Council?")
        card = next(c for c in app.chat.query(CitationCard) if c.citation.paragraph == 51)
        also = str(card.query_one(".also").render())
        assert "also in 004_000a7fc3f8c0d5df.txt · ¶ 64 · line 64" in also


async def test_only_the_passage_that_answers_is_marked(default_engine: Engine) -> None:
    """ "Who said the munitions should not be delivered?": Rachel Reeves is marked in her card, and
    no other card carries a support colour or an answer mark ("Ukraine", "Cluster", "Sometimes")."""
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, "Who said the munitions should not be delivered?")
        first, *others = app.chat.query(CitationCard)
        content = first.passage.render()
        exact = first.passage.get_visual_style("passage--exact")
        assert [content.plain[s.start : s.end] for s in content.spans if s.style == exact] == [
            "Rachel Reeves"
        ]
        assert others and all(card.has_class("-uncited") for card in others)
        for card in others:
            assert card.passage.exact is None and not card.passage.spans and not card.passage.render().spans
            assert "not cited" in str(card.query_one(".where").render())
