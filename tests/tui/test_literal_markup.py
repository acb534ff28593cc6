"""An article full of Rich/Textual markup and terminal escapes is shown literally, in the chat
(answer, citation card, reader) and in `qa ask`: never styled, never run, never sent to the terminal."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from qa.cli.main import main
from qa.engine import Engine
from tests.tui import ask, ready, settle, wait_for
from tui.app import QAApp, make_app
from tui.screens.reader import ParagraphView, ReaderScreen
from tui.widgets.citation_card import CitationCard

pytestmark = pytest.mark.anyio

DOC = "[bold red]harbour [@click=app.quit] \x1b[2J$notice.txt"  # the file name is hostile too
DOC_SHOWN = "[bold red]harbour [@click=app.quit] ␛[2J$notice.txt"
MARKUP = "the [bold red]ferry[/bold red] timetable [@click=app.quit]changes[/] on [link=http://x.example]Monday[/link]"
ESCAPES = "\x1b[31mALL SAILINGS CANCELLED\x1b[0m\x1b]0;pwned\x07 until \x1b[2J further notice"
ARTICLE = (
    f"Harbour officials said {MARKUP}.\n\n"
    f"A second notice at the pier read: {ESCAPES} about the ferry timetable.\n\n"
    "The lighthouse keeper retired after forty years on the rock.\n"
)
QUESTION = "What did harbour officials say about the ferry timetable?"
# What a reader must see: the same characters, control characters as their Unicode pictures.
SHOWN_MARKUP = MARKUP
SHOWN_ESCAPES = "␛[31mALL SAILINGS CANCELLED␛[0m␛]0;pwned␇ until ␛[2J further notice"


@pytest.fixture(scope="module")
def hostile_engine(tmp_path_factory: pytest.TempPathFactory, session_cache: Path) -> Engine:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    (corpus / DOC).write_text(ARTICLE, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    engine = Engine(corpus, index_dir=tmp_path_factory.mktemp("hostile-index"))
    engine.index()
    mp.undo()
    return engine


def _screen_text(app: QAApp) -> str:
    """The characters actually painted on the screen (from the SVG screenshot), rows joined."""
    svg = app.export_screenshot()
    return html.unescape(svg).replace("\xa0", " ")


async def test_markup_and_escapes_are_shown_literally_in_the_chat(hostile_engine: Engine) -> None:
    app = make_app(hostile_engine, k=3)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        await ask(pilot, f"[bold]{QUESTION}[/bold] \x1b[31m")
        (exchange,) = app.chat.exchanges
        assert exchange.answer is not None and not exchange.answer.abstained
        cards = {card.citation.text: card for card in app.chat.query(CitationCard)}
        markup_card = next(card for text, card in cards.items() if MARKUP in text)
        escape_card = next(card for text, card in cards.items() if "SAILINGS" in text)
        assert SHOWN_MARKUP in markup_card.passage.render().plain
        assert SHOWN_ESCAPES in escape_card.passage.render().plain
        assert "\x1b" not in escape_card.passage.render().plain
        assert DOC_SHOWN in str(markup_card.query_one(".where").render())
        question_shown = str(exchange.query_one(".question").render())
        assert f"[bold]{QUESTION}[/bold] ␛[31m" in question_shown
        assert "\x1b" not in exchange.answer_view.render().plain
        painted = _screen_text(app)
        for piece in ("[bold red]ferry[/bold red]", "[@click=app.quit]changes[/]", "␛[31mALL", DOC_SHOWN):
            assert piece in painted, piece

        markup_card.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        views = list(reader.query(ParagraphView))
        assert [view.text().plain for view in views[:2]] == [
            f"Harbour officials said {SHOWN_MARKUP}.",
            f"A second notice at the pier read: {SHOWN_ESCAPES} about the ferry timetable.",
        ]
        painted = _screen_text(app)
        assert "[bold red]ferry[/bold red]" in painted and "␛]0;pwned␇" in painted
        assert app.is_running  # the [@click=app.quit] in the article was text, not an action


def test_markup_and_escapes_are_shown_literally_by_qa_ask(
    capsys: pytest.CaptureFixture[str], hostile_engine: Engine
) -> None:
    argv = ["ask", QUESTION, "-k", "3", "--corpus", str(hostile_engine.corpus)]
    assert main([*argv, "--index", str(hostile_engine.index_dir)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "\x1b" not in out and "\x07" not in out, out
    assert "[bold red]ferry[/bold red]" in out and "[@click=app.quit]changes[/]" in out
    assert "␛[31mALL SAILINGS CANCELLED␛[0m" in out
    assert f"{DOC_SHOWN} ¶ 1 · line 1" in out
