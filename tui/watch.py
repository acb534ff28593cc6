"""Watching the corpus folder while the chat is open, so added, edited and deleted articles
are re-indexed without the user asking.

`watch` runs in a thread worker for the life of the app. watchfiles (inotify here, a
Rust notifier) groups a burst of events, such as an editor's write-then-rename or a
folder copied in, into one batch: it yields once no new event came for STEP_MS, and at
the latest after DEBOUNCE_MS. Only article files count; the watcher reports which ones
changed and the app decides when to re-index. It stops within one step of `stop` being
set or the worker being cancelled, so quitting the app never waits on it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message
from textual.worker import NoActiveWorker, Worker, get_current_worker

from qa.ingest.corpus import ARTICLE_SUFFIXES
from tui.messages import Notice

DEBOUNCE_MS = 1600  # the longest a burst is held before it is reported
STEP_MS = 300  # a quiet gap this long ends a burst (an editor's save is a few events within ms)


@dataclass
class CorpusChanged(Message):
    """Article files under the corpus were added, changed or deleted (ids relative to the corpus)."""

    docs: tuple[str, ...]


def is_article(path: Path, root: Path, ignore: Path | None = None) -> bool:
    """An article file the corpus would index: a known suffix, nothing hidden on the way down,
    and not inside `ignore` (an index folder kept in the corpus: its writes must not re-trigger it)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if ignore is not None and path.is_relative_to(ignore):
        return False
    return (
        bool(parts) and path.suffix.lower() in ARTICLE_SUFFIXES and not any(p.startswith(".") for p in parts)
    )


class _Stop:
    """What watchfiles polls each step: our event, or Textual cancelling the worker at exit."""

    def __init__(self, event: threading.Event) -> None:
        self.event = event
        self.worker: Worker[None] | None
        try:
            self.worker = get_current_worker()
        except NoActiveWorker:  # called directly (a test), not from a worker
            self.worker = None

    def is_set(self) -> bool:
        return self.event.is_set() or (self.worker is not None and self.worker.is_cancelled)


def watch(
    corpus: Path, stop: threading.Event, post: Callable[[Message], object], ignore: Path | None = None
) -> None:
    """Post a CorpusChanged for every burst of article changes under `corpus` until stopped."""
    from watchfiles import watch as changes  # ~20 ms; only the chat watches

    root = corpus.resolve()
    ignored = ignore.resolve() if ignore is not None else None
    try:
        for batch in changes(
            root,
            watch_filter=lambda _, path: is_article(Path(path), root, ignored),
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=_Stop(stop),  # polled every step, so a stop is seen within STEP_MS
            raise_interrupt=False,
        ):
            docs = sorted({Path(path).relative_to(root).as_posix() for _, path in batch})
            if docs:
                post(CorpusChanged(tuple(docs)))
    except (OSError, RuntimeError) as error:  # the folder went away, or too many inotify watches
        post(Notice(f"Stopped watching the corpus for changes ({error}); re-index with ctrl+p.", "warning"))
