"""Where the command line writes: results on stdout, everything else on stderr.

stdout is data (an answer, JSON Lines); progress, warnings and errors go to stderr,
so `qa batch q.txt > out.jsonl` never mixes the two. Messages may quote file names,
which can hold terminal escapes or newlines: control characters are shown as their pictures.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from qa.language.text import visible_name

if TYPE_CHECKING:
    from rich.console import Console

    from qa.index.passages import IndexProgress


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


@contextmanager
def index_progress() -> Iterator[Callable[[IndexProgress], None]]:
    """A progress bar on stderr when it is a terminal (passages/s and time left; a long paragraph
    is embedded as several passages); silent otherwise."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.0f} passages/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task("embedding", total=None, rate=0.0)

        def report(progress: IndexProgress) -> None:
            bar.update(task, completed=progress.done, total=progress.total, rate=progress.rate)

        yield report
