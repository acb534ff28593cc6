"""The chat app driven like a person would: type, press Enter, read, open the source, go back."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, ProgressBar

from qa.engine import Engine
from qa.index.passages import IndexProgress
from qa.paths import data_dir
from qa.transcript import answer_markdown, transcript_path
from tests.conftest import DEFAULT_CORPUS
from tests.tui import ask, marker_offset, phase, ready, settle, wait_for
from tui.app import QAApp, make_app
from tui.lifecycle import Phase
from tui.screens.chat import ChatScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import ParagraphView, ReaderScreen
from tui.widgets.citation_card import CitationCard
from tui.widgets.exchange import WAITING, AnswerView, Exchange
from tui.widgets.question_input import QuestionInput
from tui.widgets.status import LOADING

pytestmark = pytest.mark.anyio

SULLIVAN = "What did Sullivan say?"
OFF_TOPIC = "Who won the 1998 football world cup?"
WIDE = (140, 45)
NARROW = (80, 24)


@pytest.fixture
def own_engine(corpus_copy: Path, tmp_path: Path, default_index: Path) -> Engine:
    """An engine over a private corpus copy with its own index dir, seeded from the shared index
    (same files, same stamps) so it starts fresh and a re-index embeds only what a test changes."""
    shutil.copytree(default_index, tmp_path / "idx")
    return Engine(corpus_copy, index_dir=tmp_path / "idx")


def cards(app: QAApp) -> list[CitationCard]:
    return list(app.chat.query(CitationCard))


def visible(reader: ReaderScreen, view: ParagraphView) -> bool:
    article = reader.query_one("#article")
    return article.region.contains_region(view.region)


async def test_answer_shows_citation_cards_with_highlighted_spans(default_engine: Engine) -> None:
    expected = default_engine.ask(SULLIVAN)
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.chat.status.text == "Ready — 3 articles, 99 paragraphs"
        await pilot.press(*SULLIVAN, "enter")
        await settle(pilot)
        (exchange,) = app.chat.exchanges
        assert exchange.question == SULLIVAN and exchange.answer is not None
        assert exchange.answer.text == expected.text and "Sullivan" in expected.text
        rendered = exchange.answer_view.render().plain
        assert rendered.startswith(expected.text)
        shown = cards(app)
        assert [card.citation.n for card in shown] == [c.n for c in expected.citations]
        assert [card.citation.doc for card in shown] == [c.doc for c in expected.citations]
        for card, citation in zip(shown, expected.citations, strict=True):
            where = card.query_one(".where").render()
            assert (
                f"[{citation.n}] {citation.doc} · ¶ {citation.paragraph + 1} · line {citation.line}"
                in str(where)
            )
            marked = [citation.text[s:e] for s, e in citation.highlights] if citation.supports else []
            assert card.passage.highlighted_texts == marked  # a passage the answer does not cite: unmarked
            assert card.has_class("-uncited") is not citation.supports
        # The quote passage highlights the quoted words, not the whole paragraph.
        quote = next(card.passage for card in shown if card.citation.text.startswith("Mr Sullivan said:"))
        assert quote.highlighted_texts == ["Ukraine would not be using these munitions in some foreign land."]
        title = app.chat.query_one("#evidence-title").render()
        assert f"5 passages for “{SULLIVAN}”" in str(title)
        assert app.chat.query_one(QuestionInput).value == ""


async def test_enter_on_a_card_opens_the_reader_at_the_paragraph(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, SULLIVAN)
        citation = cards(app)[1].citation
        await pilot.press("tab")
        assert isinstance(app.focused, CitationCard) and app.focused.citation.n == 1
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.citation == citation
        cited = reader.cited
        assert cited.paragraph.text == citation.text and cited.paragraph.line == citation.line
        assert cited.highlighted_texts == [citation.text[s:e] for s, e in citation.highlights]
        views = list(reader.query(ParagraphView))
        position = views.index(cited)
        assert visible(reader, cited)
        assert visible(reader, views[position - 1]) and visible(reader, views[position + 1])
        assert "citation 2 of 5" in str(reader.query_one("#reader-title").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)


async def test_clicking_a_marker_or_a_card_opens_that_citation(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, SULLIVAN)
        view = app.chat.query_one(AnswerView)
        await pilot.click(view, offset=marker_offset(view, "open_citation(3)"))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.citation.n == 3
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click(cards(app)[3], offset=(4, 2))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.citation.n == 4
        reader = app.screen
        assert visible(reader, reader.cited)


async def test_digits_open_citations_and_the_reader_steps_through_them(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await ask(pilot, SULLIVAN)
        await pilot.press("tab", "5")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.citation.n == 5
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.citation.n == 4
        assert visible(app.screen, app.screen.cited)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and len(app.screen_stack) == 1


async def test_out_of_corpus_question_abstains_and_shows_closest_passages(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, OFF_TOPIC)
        (exchange,) = app.chat.exchanges
        assert exchange.has_class("-abstained")
        assert exchange.answer_view.render().plain.startswith("The corpus doesn't say.")
        shown = cards(app)
        title = str(app.chat.query_one("#evidence-title").render())
        assert title == f"Closest, not an answer · {len(shown)} passages"
        assert shown and all(card.has_class("-closest") for card in shown)


async def test_question_typed_while_loading_is_answered_when_ready(
    default_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(DEFAULT_CORPUS, index_dir=default_index)
    gate = threading.Event()
    real_open = engine.open

    def slow_open(**kwargs: Any) -> Any:
        gate.wait(10)
        return real_open(**kwargs)

    monkeypatch.setattr(engine, "open", slow_open)
    app = make_app(engine)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.chat.status.text == LOADING and phase(app) is Phase.LOADING
        app.chat.query_one(QuestionInput).value = SULLIVAN
        await pilot.press("enter")
        (exchange,) = app.chat.exchanges
        assert exchange.has_class("-pending") and exchange.answer_view.render().plain == WAITING
        gate.set()
        await settle(pilot)
        assert (
            phase(app) is Phase.READY and exchange.answer is not None and not exchange.has_class("-pending")
        )
        assert cards(app)


async def test_history_walks_back_and_restores_the_draft(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await ask(pilot, "first question")
        await ask(pilot, SULLIVAN)
        box = app.chat.query_one(QuestionInput)
        box.value = "draft"
        await pilot.press("up")
        assert box.value == SULLIVAN
        await pilot.press("up", "up")
        assert box.value == "first question"
        await pilot.press("down")
        assert box.value == SULLIVAN
        await pilot.press("down")
        assert box.value == "draft"


async def test_a_refused_question_is_a_notice_not_a_crash(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        app.chat.query_one(Input).value = "why " * 600
        await pilot.press("enter")
        await settle(pilot)
        assert app.chat.exchanges == []
        assert any("limit is 2,000" in n.message for n in app._notifications)
        app.chat.query_one(Input).value = "  "
        await pilot.press("enter")
        await settle(pilot)
        assert any("Type a question first." in n.message for n in app._notifications)


async def test_transcript_is_saved_after_each_answer_and_restored(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, SULLIVAN)
        saved = json.loads(transcript_path(DEFAULT_CORPUS).read_text(encoding="utf-8"))
        assert [turn["question"] for turn in saved["turns"]] == [SULLIVAN]
    reopened = make_app(default_engine)
    async with reopened.run_test(size=WIDE) as pilot:
        await ready(pilot)
        (exchange,) = reopened.chat.exchanges
        assert exchange.question == SULLIVAN and exchange.has_class("-selected")
        assert len(cards(reopened)) == 5
        await pilot.press("up")
        assert reopened.chat.query_one(QuestionInput).value == SULLIVAN


async def test_palette_copies_exports_and_clears(
    default_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, SULLIVAN)
        await run_command(pilot, "copy")
        await settle(pilot)
        last = app.chat.exchanges[-1].answer
        assert last is not None and app.clipboard == answer_markdown(last)
        assert (
            app.clipboard.startswith(last.text)
            and "Sources:" in app.clipboard
            and "\n- [5] " in app.clipboard
        )
        await run_command(pilot, "export")
        await settle(pilot)
        assert not list(tmp_path.glob("qa-chat-*.md"))  # never the current folder (it may be the corpus)
        (exported,) = (data_dir() / "exports").glob("qa-chat-*.md")
        assert f"## {SULLIVAN}" in exported.read_text(encoding="utf-8")
        assert any(str(exported) in n.message for n in app._notifications)
        await run_command(pilot, "clear")
        await pilot.press("n")  # asked first: no keeps the chat
        await settle(pilot)
        assert len(app.chat.exchanges) == 1
        await run_command(pilot, "clear")
        await pilot.press("y")
        await settle(pilot)
        assert app.chat.exchanges == [] and cards(app) == []
        await settle(pilot)
        saved = json.loads(transcript_path(DEFAULT_CORPUS).read_text(encoding="utf-8"))
        assert saved["turns"] == []


async def run_command(pilot: Any, title: str) -> None:
    """Pick a command from the palette; does not wait for the workers it starts."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.pause(0.2)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_reindex_from_the_palette_keeps_the_app_usable(
    own_engine: Engine, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = own_engine
    gate = threading.Event()
    real_index = engine.index

    def gated_index(**kwargs: Any) -> Any:
        kwargs["progress"](IndexProgress(0, 10, time.monotonic()))
        gate.wait(10)
        return real_index(**kwargs)

    app = make_app(engine)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        assert app.chat.status.text.startswith("Ready — 3 articles")
        (corpus_copy / "new.txt").write_text(
            "Zelensky thanked Lithuania for hosting the summit.\n", encoding="utf-8"
        )
        monkeypatch.setattr(engine, "index", gated_index)
        await run_command(pilot, "re-index")
        bar = app.chat.query_one("#index-progress", ProgressBar)
        assert phase(app) is Phase.INDEXING and bar.display and bar.total == 10
        assert "re-indexing" in app.chat.status.text
        app.chat.query_one(QuestionInput).value = SULLIVAN
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.chat.exchanges[-1].answer is not None)
        assert phase(app) is Phase.INDEXING, "the question was answered while re-indexing"
        gate.set()
        await settle(pilot)
        assert phase(app) is Phase.READY and not bar.display
        assert app.chat.status.text.startswith("Ready — 4 articles")
        await ask(pilot, "Who thanked Lithuania?")
        answer = app.chat.exchanges[-1].answer
        assert answer is not None and answer.citations[0].doc == "new.txt"


async def test_reindex_can_be_cancelled(own_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = own_engine
    gate = threading.Event()
    real_index = engine.index

    def gated_index(**kwargs: Any) -> Any:
        gate.wait(10)
        return real_index(**kwargs)

    app = make_app(engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        monkeypatch.setattr(engine, "index", gated_index)
        await run_command(pilot, "rebuild")
        assert phase(app) is Phase.INDEXING
        await run_command(pilot, "cancel")
        gate.set()
        await settle(pilot)
        assert phase(app) is Phase.READY
        assert any("cancelled" in n.message for n in app._notifications)
        assert app.chat.status.text.startswith("Ready — 3 articles")


async def test_corpus_markup_and_escapes_are_shown_as_text(own_engine: Engine, corpus_copy: Path) -> None:
    hostile = "Marcus Quayle said [bold]nothing[/bold] about [link=https://evil.example]the\x1b[31m treaty\x1b[0m[/link].\n"
    (corpus_copy / "hostile.txt").write_text(hostile, encoding="utf-8")
    app = make_app(own_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, "What did Marcus Quayle say?")
        card = cards(app)[0]
        assert card.citation.doc == "hostile.txt"
        shown = card.passage.render()
        expected = "Marcus Quayle said [bold]nothing[/bold] about [link=https://evil.example]the␛[31m treaty␛[0m[/link]."
        assert shown.plain == expected
        assert all(span.style == card.passage.mark_style for span in shown.spans)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        cited = app.screen.cited
        assert cited.text().plain == expected
        drawn = "".join(
            segment.text for strip in cited.render_lines(cited.region.reset_offset) for segment in strip
        )
        assert "[bold]nothing[/bold]" in drawn and "\x1b" not in drawn


async def test_layout_side_by_side_when_wide_and_stacked_when_narrow(default_engine: Engine) -> None:
    for size, stacked in ((WIDE, False), (NARROW, True)):
        app = make_app(default_engine)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            transcript = app.chat.query_one("#transcript").region
            evidence = app.chat.query_one("#evidence").region
            if stacked:
                assert evidence.y >= transcript.bottom and evidence.x == transcript.x
            else:
                assert evidence.x >= transcript.right and evidence.y == transcript.y


async def test_f1_opens_help_and_escape_closes_it(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


async def test_clicking_an_earlier_answer_shows_its_evidence(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, SULLIVAN)
        await ask(pilot, OFF_TOPIC)
        first, second = app.chat.exchanges
        assert second.has_class("-selected") and app.chat.evidence.answer == second.answer
        await pilot.click(first.answer_view, offset=(2, 0))
        await settle(pilot)
        assert first.has_class("-selected") and app.chat.evidence.answer == first.answer
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert app.chat.evidence.answer == second.answer


def test_make_app_returns_the_app(default_engine: Engine) -> None:
    app = make_app(default_engine, k=3)
    assert isinstance(app, QAApp) and app.k == 3 and isinstance(app.get_default_screen(), ChatScreen)
    assert isinstance(Exchange(0, "q"), Exchange)


async def test_a_long_load_error_is_shown_whole_in_the_status_line(tmp_path: Path) -> None:
    empty = tmp_path / ("a-folder-with-a-long-name-" * 4) / "empty"
    empty.mkdir(parents=True)
    app = make_app(Engine(empty, index_dir=tmp_path / "idx"))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        label = app.chat.status.query_one("#status-text")
        assert phase(app) is Phase.FAILED and len(app.chat.status.text) > label.size.width
        assert label.size.height > 1  # wrapped over lines, not cut at the edge
        shown = "".join(line.text for line in label.render_lines(label.region.reset_offset))
        assert "".join(app.chat.status.text.split()) in "".join(shown.split())  # every word, the end too


async def test_an_unloadable_corpus_is_reported_not_a_crash(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(Engine(empty, index_dir=tmp_path / "idx"))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert phase(app) is Phase.FAILED
        assert (
            app.chat.status.text.startswith("Cannot load:")
            and "no .txt or .md articles" in app.chat.status.text
        )
        await ask(pilot, SULLIVAN)
        (exchange,) = app.chat.exchanges
        assert exchange.answer is None and "could not be loaded" in exchange.answer_view.render().plain
