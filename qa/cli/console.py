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
from typing import IO, TYPE_CHECKING

from qa.language.text import visible_name

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import TaskID

    from qa.index.passages import IndexProgress

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


class _Lines:
    """Embedding progress as lines, for a stderr that is a log or a pipe: the start, every
    quarter, and the end."""

    def __init__(self) -> None:
        self.last: IndexProgress | None = None
        self.quarter = 0

    def __call__(self, progress: IndexProgress) -> None:
        if self.last is None:
            stage(f"embedding {progress.total} passages")
        self.last = progress
        quarter = 4 * progress.done // max(progress.total, 1)
        if self.quarter < quarter < 4:
            stage(f"embedded {progress.done}/{progress.total} passages ({progress.rate:.0f}/s)")
        self.quarter = quarter


@contextmanager
def index_progress() -> Iterator[Callable[[IndexProgress], None]]:
    """Embedding progress on stderr: a bar in a terminal (passages/s and time left; a long paragraph
    is embedded as several passages), lines otherwise. Nothing shows until there is something to
    embed, so a fresh index shows nothing and a loading model no "0/?"; the end says how long it took."""
    lines = _Lines()
    if not sys.stderr.isatty():
        yield lines
    else:
        with _bar() as bar:

            def report(progress: IndexProgress) -> None:
                lines.last = progress
                bar(progress)

            yield report
    if lines.last is not None:
        elapsed = time.monotonic() - lines.last.started
        stage(f"embedded {lines.last.done} passages in {elapsed:.1f} s")


@contextmanager
def _bar() -> Iterator[Callable[[IndexProgress], None]]:
    """A transient Rich bar, started at the first report (when the total is known): before it,
    not even the cursor is touched."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.0f} passages/s"),
        TimeRemainingColumn(),
    )
    bar = Progress(*columns, console=stderr_console(), transient=True, auto_refresh=False)
    tasks: list[TaskID] = []

    def report(progress: IndexProgress) -> None:
        if not tasks:
            tasks.append(bar.add_task("embedding", total=progress.total, completed=progress.done, rate=0.0))
            bar.start()
        bar.update(tasks[0], completed=progress.done, total=progress.total, rate=progress.rate)
        bar.refresh()

    try:
        yield report
    finally:
        if tasks:
            bar.stop()
