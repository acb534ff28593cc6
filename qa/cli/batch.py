"""`qa batch`: a file of questions in, one JSON line per question out, in input order.

With `-o OUT` the lines go to a temporary file of this run's own and are renamed to
OUT only when the batch completes, so an interrupted run never clobbers an earlier OUT
and two runs never mix their lines; then `OUT.manifest.json` records what OUT was made
from (see `qa.cli.batchmanifest`). A device, FIFO or `-` is written straight through,
with no manifest. The input is read once, and hashed as it is read: a pipe cannot be
read twice.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any

from qa.answering.answer import Answer
from qa.answering.conversation import Conversation
from qa.answering.filters import NO_FILTERS, Filters
from qa.cli import batchrecord
from qa.cli.batchfile import BatchItem, read_items
from qa.cli.common import add_engine_options, add_k_option, open_engine
from qa.cli.console import json_line
from qa.cli.filtering import add_filter_option, filters_from
from qa.engine import Engine
from qa.errors import EXIT_FAILURE, EXIT_OK, QuestionError, UsageError
from qa.files import atomic_writer

CHUNK = 64


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "batch",
        help="answer a file of questions as JSON Lines",
        description="Answer every question in FILE (plain text, one a line, or JSON Lines with "
        '"question", optional "id" and "conversation"; "-" for stdin). Lines with the same "conversation" '
        "are follow-ups read in turn. Writes one JSON object per question, in input order. "
        "Exit status 1 when any line had an error (every other line is still answered).",
    )
    parser.add_argument("file", help='questions file, or "-" for standard input')
    add_engine_options(parser)
    add_k_option(parser)
    add_filter_option(parser)
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="write JSON Lines here instead of stdout, and what they were made from to OUT.manifest.json",
    )
    parser.add_argument(
        "--frozen",
        action="store_true",
        help="never build or update the index: refuse when it is stale, or differs (index or model) "
        "from the run OUT.manifest.json records",
    )
    parser.set_defaults(run=run)


class _Hashing(io.RawIOBase):
    """Bytes read through it are hashed as they pass: `sha256sum FILE` gives the same digest."""

    def __init__(self, raw: IO[bytes], digest: Any) -> None:
        self.raw, self.digest = raw, digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read1(len(buffer)) if hasattr(self.raw, "read1") else self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        return len(data)


@contextmanager
def _input(name: str, digest: Any) -> Iterator[Iterable[str]]:
    """The questions, read once; `digest` sees every byte (a pipe or FIFO cannot be opened twice).

    Bytes that are not UTF-8 become U+FFFD, as in a file: one odd question, not a crashed batch."""
    if name == "-" and getattr(sys.stdin, "buffer", None) is None:  # stdin replaced by a text stream
        yield (digest.update(line.encode("utf-8")) or line for line in sys.stdin)
        return
    try:
        raw = sys.stdin.buffer if name == "-" else Path(name).open("rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise UsageError(f"cannot read {name}: {error.strerror}") from error
    decoded = io.TextIOWrapper(io.BufferedReader(_Hashing(raw, digest)), encoding="utf-8", errors="replace")
    try:
        yield decoded
    finally:
        if name != "-":  # stdin itself stays open
            raw.close()


def straight_through(path: Path | None) -> bool:
    """`-`, a device or a FIFO (/dev/stdout among them): written as it goes, since renaming a
    finished file over it would replace the device with a file."""
    if path is None or str(path) == "-":
        return path is not None
    given = str(path.absolute())  # /dev/stdout itself, and where it leads
    if any(where.startswith(("/dev/", "/proc/")) for where in (given, os.path.realpath(path))):
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_output(path: Path | None) -> None:
    """Before anything is answered: an OUT that cannot be written fails now, not after the batch."""
    if path is None or straight_through(path):
        return
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder; give -o a file name")
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {path}: no folder {target.parent}")
    if not os.access(target.parent, os.W_OK):
        raise UsageError(f"cannot write {path}: its folder is not writable")


@contextmanager
def _output(path: Path | None, commit: Callable[[], None]) -> Iterator[IO[str]]:
    """Where the rows go; a regular OUT appears whole, with `commit` (its manifest) under one folder lock."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    if straight_through(path):
        with path.open("w", encoding="utf-8") as handle:
            yield handle
        return
    target = Path(os.path.realpath(path))  # a link to a file stays a link; the file behind it is replaced
    with atomic_writer(target, then=commit) as handle:  # OUT and its manifest land together
        yield handle


def answer_rows(
    engine: Engine, items: Iterable[BatchItem], k: int, filters: Filters = NO_FILTERS
) -> Iterator[dict[str, Any]]:
    """One output row per item, in order; `filters` hold for every question (with those it types).

    Standalone questions are embedded CHUNK at a time; a conversation's turns are
    answered one after another, each read against the turns before it. A standalone line is the
    first turn of its own conversation: "did he mention Iraq?" with no one named is asked back
    ("Who do you mean by “he”?"), as `qa ask` and the chat do, not answered with anyone's quotes.
    """
    conversations: dict[str, Conversation] = {}
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        standalone = [_alone(item) for item in chunk]
        alone = [
            item.question
            for item, on_its_own in zip(chunk, standalone, strict=True)
            if on_its_own and item.question is not None
        ]
        results = iter(engine.ask_many(alone, k=k, filters=filters) if alone else [])
        for item, on_its_own in zip(chunk, standalone, strict=True):
            if item.question is None:
                yield {"id": item.id, "question": None, "error": item.error}
                continue
            result: Answer | QuestionError
            if on_its_own:
                result = next(results)
            else:
                try:
                    result, after = engine.follow_up(
                        conversations.get(item.conversation or "", Conversation()), item.question, k, filters
                    )
                    if item.conversation is not None:
                        conversations[item.conversation] = after
                except QuestionError as error:
                    result = error
            if isinstance(result, QuestionError):
                yield {"id": item.id, "question": item.question, "error": f"line {item.line}: {result}"}
            else:
                yield result.to_json(item.id)


def _alone(item: BatchItem) -> bool:
    """A line answered on its own, in a batch with others: no conversation, and no pronoun left unclear."""
    if item.question is None or item.conversation is not None:
        return False
    return Conversation().read(item.question).unclear is None


def run(args: argparse.Namespace) -> int:
    filters = filters_from(args)
    check_output(args.output)
    digest = hashlib.sha256()
    with _input(args.file, digest) as lines:
        # Before the output exists: a corpus error (or a --frozen refusal) leaves no partial file.
        engine = batchrecord.open_frozen(args) if args.frozen else open_engine(args)
        manifest_for = None if straight_through(args.output) else args.output
        record = batchrecord.Record(args, engine, digest, manifest_for)
        with _output(args.output, record.finish) as out:
            failures = rows = 0
            started = time.perf_counter()
            for row in answer_rows(engine, read_items(lines), args.k, filters):
                failures += "error" in row
                rows += 1
                line = json_line(row, out)
                out.write(line)
                out.flush()
                record.wrote(line, "error" in row)
            seconds = time.perf_counter() - started
    rate = f" ({rows / seconds:.1f} questions/s)" if seconds > 0 and rows else ""
    print(f"qa: {rows:,} line(s) in {seconds:.1f} s{rate}", file=sys.stderr)  # stdout is data
    if failures:
        print(f'qa: {failures} question(s) could not be answered; see their "error" fields', file=sys.stderr)
    return EXIT_FAILURE if failures else EXIT_OK
