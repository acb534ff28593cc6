"""Where the command line writes: results on stdout, everything else on stderr.

stdout is data (an answer, JSON Lines); progress, warnings and errors go to stderr,
so `qa batch q.txt > out.jsonl` never mixes the two. Messages may quote file names,
which can hold terminal escapes or newlines: control characters are shown as their pictures.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from qa.index.passages import EMBEDDING, READING, IndexProgress
from qa.language.text import visible_name

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import TaskID


UNWRAPPED = 100_000  # columns: wide enough that no line of an answer or a table is ever wrapped


def json_line(value: object, stream: IO[str]) -> str:
    """One JSON line for `stream`: UTF-8 text where the stream takes it, else \\u escapes (the same JSON),
    so PYTHONIOENCODING=ascii cannot fail a batch."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return json.dumps(value, ensure_ascii=encoding not in ("utf-8", "utf8")) + "\n"


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    print(f"qa: warning: {visible_name(message)}", file=sys.stderr)  # one line, whatever names it quotes


def warn_once() -> Callable[[str], None]:
    """A warn function for one command: each distinct warning printed once.

    One command may walk the corpus twice (checking freshness, then building); a skipped
    file is still one line.
    """
    said: set[str] = set()

    def once(message: str) -> None:
        if message not in said:
            said.add(message)
            warn(message)

    return once


def error(message: str) -> None:
    print(f"qa: error: {visible_name(message)}", file=sys.stderr)


def print_rich(renderable: RenderableType) -> None:
    """In a terminal Rich lays the output out to its width; piped or redirected, each line is
    printed whole, unwrapped and without the padding that fills a terminal's width."""
    from rich.console import Console

    if sys.stdout.isatty():
        Console(highlight=False).print(renderable)
        return
    capture = Console(highlight=False, width=UNWRAPPED, color_system=None, file=io.StringIO())
    with capture.capture() as captured:
        capture.print(renderable)
    lines = [line.rstrip() for line in captured.get().splitlines()]
    while lines and not lines[-1]:  # the space below the last passage is for a terminal's next prompt
        lines.pop()
    for line in lines:
        print(line)


def counted(n: int, what: str) -> str:
    """ "1 article", "4 articles"."""
    return f"{n} {what}{'s' * (n != 1)}"


def stage(message: str) -> None:
    """One step of a long command (building the index), on stderr whether or not it is a terminal."""
    print(f"qa: {message}", file=sys.stderr, flush=True)


# What each step of a build is called on stderr: its start, its quarters, its end.
_STARTS = {
    EMBEDDING: "embedding {total} passages",
    READING: "reading who said what: {left} of {total} paragraphs left",
}
_QUARTERS = {
    EMBEDDING: "embedded {done}/{total} passages ({rate:.0f}/s)",
    READING: "read {done}/{total} paragraphs",
}
_ENDS = {
    EMBEDDING: "embedded {done} passages in {elapsed:.1f} s",
    READING: "read {done} paragraphs in {elapsed:.1f} s",
}
_UNITS = {EMBEDDING: "passages", READING: "paragraphs"}


def _said(words: dict[str, str], progress: IndexProgress) -> None:
    elapsed = time.monotonic() - progress.started
    left = progress.total - progress.done
    stage(words[progress.step].format(**vars(progress), rate=progress.rate, elapsed=elapsed, left=left))


class _Lines:
    """Build progress as lines, for a stderr that is a log or a pipe: each step's start, every
    quarter, and its end. The embedding comes first; reading for who said what is reported only
    when it outlasts the embedding."""

    def __init__(self) -> None:
        self.last: dict[str, IndexProgress] = {}
        self.quarter = 0

    def __call__(self, progress: IndexProgress, quiet: bool = False) -> None:
        quarter = 4 * progress.done // max(progress.total, 1)
        if progress.step not in self.last:
            if self.last:
                self.ended()
            if not quiet:
                _said(_STARTS, progress)
            self.quarter = (
                quarter if progress.step == READING else 0
            )  # reading: counted from where it is seen
        if self.quarter < quarter < 4 and not quiet:
            _said(_QUARTERS, progress)
        self.last[progress.step] = progress
        self.quarter = max(self.quarter, quarter)

    def ended(self) -> None:
        """The end line of the step reported last."""
        if self.last:
            step, progress = list(self.last.items())[-1]
            _said(_ENDS, replace(progress, done=progress.total) if step == READING else progress)
            self.last.pop(step)


@contextmanager
def index_progress() -> Iterator[Callable[[IndexProgress], None]]:
    """Build progress on stderr: a bar in a terminal (passages/s and time left; a long paragraph
    is embedded as several passages), lines otherwise. Nothing shows until there is something to
    embed, so a fresh index shows nothing and a loading model no "0/?"; each step's end says how
    long it took."""
    lines = _Lines()
    if not sys.stderr.isatty():
        yield lines
    else:
        with _bar() as bar:

            def report(progress: IndexProgress) -> None:
                lines(progress, quiet=True)
                bar(progress)

            yield report
    lines.ended()


@contextmanager
def _bar() -> Iterator[Callable[[IndexProgress], None]]:
    """A transient Rich bar per step, started at the step's first report (when its total is
    known): before it, not even the cursor is touched."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.0f} {task.fields[unit]}/s"),
        TimeRemainingColumn(),
    )
    bar = Progress(*columns, console=stderr_console(), transient=True, auto_refresh=False)
    tasks: dict[str, TaskID] = {}

    def report(progress: IndexProgress) -> None:
        if progress.step not in tasks:
            for task in tasks.values():
                bar.update(task, visible=False)
            name = "embedding" if progress.step == EMBEDDING else "who said what"
            unit = _UNITS[progress.step]
            tasks[progress.step] = bar.add_task(name, total=progress.total, rate=0.0, unit=unit)
            bar.start()
        bar.update(tasks[progress.step], completed=progress.done, total=progress.total, rate=progress.rate)
        bar.refresh()

    try:
        yield report
    finally:
        if tasks:
            bar.stop()
