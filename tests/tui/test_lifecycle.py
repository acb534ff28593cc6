"""The engine's life in the chat, one phase at a time: loading, ready, re-indexing, failed.

The table of moves is checked on its own, then the app is driven through it: a question
typed while loading waits and is answered once ready, a failed open is shown and keeps
the questions waiting, and a re-index after it brings the app back and answers them.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.widgets import LoadingIndicator

from qa.engine import Engine, IndexStatus
from qa.errors import QAError
from tests.conftest import DEFAULT_CORPUS
from tests.tui import phase, settle
from tui.app import QAApp, make_app
from tui.lifecycle import NOT_LOADED, TRANSITIONS, InvalidTransition, Lifecycle, Phase, Step
from tui.messages import AnswerReady, EngineFailed, EngineReady, IndexFinished, QuestionSubmitted
from tui.widgets.exchange import WAITING
from tui.widgets.question_input import QuestionInput
from tui.widgets.status import LOADING

pytestmark = pytest.mark.anyio

SULLIVAN = "What did Sullivan say?"
SHARPE = "What did Tom Sharpe say?"
BROKEN = "The index folder is damaged: manifest.json is not JSON"
STATUS = IndexStatus("fresh", 3, 99)
WATCHED = (QuestionSubmitted, EngineReady, EngineFailed, IndexFinished, AnswerReady)


class Record:
    """A message_hook: each watched message once (screens see some before the app), with the
    phase the app was in when it arrived."""

    def __init__(self) -> None:
        self.app: QAApp | None = None
        self.seen: list[tuple[Message, Phase]] = []

    def __call__(self, message: Message) -> None:
        if self.app is None or not isinstance(message, WATCHED):
            return
        if not any(seen is message for seen, _ in self.seen):
            self.seen.append((message, self.app.phase))

    @property
    def kinds(self) -> list[tuple[str, Phase]]:
        return [(type(message).__name__, at) for message, at in self.seen]


def gated_open(engine: Engine, monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> threading.Event:
    """Hold the engine's first open until the returned event is set; then fail it, or not.
    Later opens (a re-index opens the new index) go through."""
    gate = threading.Event()
    real_open = engine.open
    calls: list[int] = []

    def slow_open(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            gate.wait(10)
            if fail:
                raise QAError(BROKEN)
        return real_open(**kwargs)

    monkeypatch.setattr(engine, "open", slow_open)
    return gate


@pytest.fixture
def own_engine(tmp_path: Path, default_index: Path) -> Engine:
    """An engine with a private copy of the shared index, so a re-index may write to it."""
    shutil.copytree(default_index, tmp_path / "idx")
    return Engine(DEFAULT_CORPUS, index_dir=tmp_path / "idx")


@pytest.mark.parametrize(("before", "step", "after"), [(b, s, a) for (b, s), a in TRANSITIONS.items()])
def test_each_allowed_move(before: Phase, step: Step, after: Phase) -> None:
    assert Lifecycle(before).after(step).phase is after


@pytest.mark.parametrize(
    ("before", "step"), [(b, s) for b in Phase for s in Step if (b, s) not in TRANSITIONS]
)
def test_a_move_out_of_order_is_refused(before: Phase, step: Step) -> None:
    with pytest.raises(InvalidTransition, match=before.value):
        Lifecycle(before).after(step)


def test_what_each_phase_allows() -> None:
    assert [p for p in Phase if p.answers] == [Phase.READY, Phase.INDEXING]
    assert [p for p in Phase if p.indexing] == [Phase.INDEXING, Phase.RETRYING]
    assert [p for p in Phase if p.failed] == [Phase.FAILED, Phase.RETRYING]
    assert [p for p in Phase if p.settled] == [Phase.READY, Phase.FAILED]


def test_the_index_in_use_is_kept_until_another_opens() -> None:
    opened = Lifecycle().after(Step.OPENED, STATUS)
    stopped = opened.after(Step.INDEX_STARTED).after(Step.INDEX_STOPPED)
    assert stopped == Lifecycle(Phase.READY, STATUS)
    newer = IndexStatus("fresh", 4, 101)
    assert stopped.after(Step.INDEX_STARTED).after(Step.INDEX_FINISHED, newer).status == newer
    assert Lifecycle().after(Step.OPEN_FAILED).status is None


async def type_question(app: QAApp, pilot: Any, question: str) -> None:
    app.chat.query_one(QuestionInput).value = question
    await pilot.press("enter")
    await pilot.pause()


async def test_questions_typed_while_loading_are_queued_and_answered_in_order_once_ready(
    default_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(DEFAULT_CORPUS, index_dir=default_index)
    gate = gated_open(engine, monkeypatch)
    record = Record()
    app = make_app(engine)
    record.app = app
    async with app.run_test(size=(140, 45), message_hook=record) as pilot:
        await pilot.pause()
        await type_question(app, pilot, SULLIVAN)
        await type_question(app, pilot, SHARPE)
        assert phase(app) is Phase.LOADING and app.chat.status.text == LOADING
        assert [question for _, question in app.questions.waiting] == [SULLIVAN, SHARPE]
        assert app.questions.asking is None  # nothing is asked before the engine is ready
        assert all(e.answer_view.render().plain == WAITING for e in app.chat.exchanges)
        gate.set()
        await settle(pilot)
        assert phase(app) is Phase.READY and not app.questions.waiting and app.questions.asking is None
        assert [e.answer.question for e in app.chat.exchanges if e.answer] == [SULLIVAN, SHARPE]
    assert record.kinds == [
        ("QuestionSubmitted", Phase.LOADING),
        ("QuestionSubmitted", Phase.LOADING),
        ("EngineReady", Phase.LOADING),
        ("AnswerReady", Phase.READY),
        ("AnswerReady", Phase.READY),
    ]
    submitted = [m.text for m, _ in record.seen if isinstance(m, QuestionSubmitted)]
    answered = [m.answer.question for m, _ in record.seen if isinstance(m, AnswerReady)]
    assert submitted == answered == [SULLIVAN, SHARPE]


async def test_a_failed_open_is_the_failed_phase_with_the_error_shown(
    own_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = gated_open(own_engine, monkeypatch, fail=True)
    record = Record()
    app = make_app(own_engine)
    record.app = app
    async with app.run_test(size=(140, 45), message_hook=record) as pilot:
        await pilot.pause()
        await type_question(app, pilot, SULLIVAN)
        gate.set()
        await settle(pilot)
        assert phase(app) is Phase.FAILED
        assert app.chat.status.text == f"Cannot load: {BROKEN}"
        assert any(n.message == BROKEN and n.severity == "error" for n in app._notifications)
        await type_question(app, pilot, SHARPE)
        await settle(pilot)
        for exchange in app.chat.exchanges:  # both wait, saying why, with no spinner running
            assert exchange.answer is None and exchange.answer_view.render().plain == NOT_LOADED
            assert not any(spinner.display for spinner in exchange.query(LoadingIndicator))
        assert [question for _, question in app.questions.waiting] == [SULLIVAN, SHARPE]

        (reindex,) = [c for c in app.get_system_commands(app.screen) if c.title == "Re-index the corpus"]
        reindex.callback()
        assert phase(app) is Phase.RETRYING
        await settle(pilot)
        assert phase(app) is Phase.READY and app.chat.status.text == "Ready — 3 articles, 99 paragraphs"
        assert [e.answer.question for e in app.chat.exchanges if e.answer] == [SULLIVAN, SHARPE]
    assert [kind for kind in record.kinds if kind[0] != "QuestionSubmitted"] == [
        ("EngineFailed", Phase.LOADING),
        ("IndexFinished", Phase.RETRYING),
        ("AnswerReady", Phase.READY),
        ("AnswerReady", Phase.READY),
    ]
