"""Where the chat's engine is in its life: loading, ready, re-indexing or failed, as one value.

The app used to keep four booleans (ready, loaded, indexing, failed) that had to agree;
here the phase is a single Enum and every allowed move between phases is one row of
`TRANSITIONS`, so an impossible pair (say, answering while the open failed) cannot be
represented and a move the table does not list is a bug that fails loudly.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from qa.engine import IndexStatus

NOT_LOADED = "Not answered yet: the index could not be loaded. Fix the corpus, then re-index (ctrl+p)."


class Phase(Enum):
    LOADING = "loading"  # opening the engine, building or updating the index first if needed
    READY = "ready"  # answering
    INDEXING = "indexing"  # re-indexing in the background; questions use the index in use
    FAILED = "failed"  # the open failed: nothing to answer from
    RETRYING = "retrying"  # re-indexing after a failed open; still nothing to answer from

    @property
    def answers(self) -> bool:
        """Questions can be asked and sources opened (an index is open)."""
        return self in (Phase.READY, Phase.INDEXING)

    @property
    def indexing(self) -> bool:
        return self in (Phase.INDEXING, Phase.RETRYING)

    @property
    def failed(self) -> bool:
        """No index could be opened: questions wait, noted as not loaded."""
        return self in (Phase.FAILED, Phase.RETRYING)

    @property
    def settled(self) -> bool:
        """Neither loading nor re-indexing, so a re-index may start."""
        return self in (Phase.READY, Phase.FAILED)


class Step(Enum):
    """What happened to the engine, as reported by a worker or started by the app."""

    OPENED = "opened"
    OPEN_FAILED = "open failed"
    INDEX_STARTED = "index started"
    INDEX_FINISHED = "index finished"
    INDEX_STOPPED = "index stopped"  # cancelled or failed: the index before is still the one in use


TRANSITIONS: Mapping[tuple[Phase, Step], Phase] = {
    (Phase.LOADING, Step.OPENED): Phase.READY,
    (Phase.LOADING, Step.OPEN_FAILED): Phase.FAILED,
    (Phase.READY, Step.INDEX_STARTED): Phase.INDEXING,
    (Phase.FAILED, Step.INDEX_STARTED): Phase.RETRYING,
    (Phase.INDEXING, Step.INDEX_FINISHED): Phase.READY,
    (Phase.RETRYING, Step.INDEX_FINISHED): Phase.READY,
    (Phase.INDEXING, Step.INDEX_STOPPED): Phase.READY,
    (Phase.RETRYING, Step.INDEX_STOPPED): Phase.FAILED,
}


class InvalidTransition(RuntimeError):
    """A step the phase cannot take (a message out of order): a bug in the app, not the user's."""


@dataclass(frozen=True)
class Lifecycle:
    """The phase, and the index in use once one opened (shown again when a re-index stops)."""

    phase: Phase = Phase.LOADING
    status: IndexStatus | None = None

    def after(self, step: Step, status: IndexStatus | None = None) -> Lifecycle:
        """The lifecycle once `step` happened; `status` is the index it opened, if it opened one."""
        phase = TRANSITIONS.get((self.phase, step))
        if phase is None:
            raise InvalidTransition(f"{step.value!r} while {self.phase.value}")
        return Lifecycle(phase, status if status is not None else self.status)


@dataclass
class Reindexing:
    """Files the watcher saw change, waiting for the next re-index, and the running one's cancel."""

    changed: set[str] = field(default_factory=set)
    cancel: threading.Event = field(default_factory=threading.Event)

    def take_due(self, phase: Phase) -> int:
        """How many changed files to re-index now: none while loading or re-indexing (this is
        asked again when that ends). The files taken are forgotten."""
        if not phase.settled:
            return 0
        count = len(self.changed)
        self.changed.clear()
        return count

    def start(self) -> threading.Event:
        """A fresh cancel event for a re-index about to start (the last one may have been set)."""
        self.cancel = threading.Event()
        return self.cancel
