"""`qa batch`: a file of questions in, one JSON line per question out, in input order.

With `-o OUT` the lines go to `OUT.partial` and are renamed to OUT only when the
batch completes, so an interrupted run never clobbers an earlier OUT; then
`OUT.manifest.json` records what OUT was made from (see `qa.cli.batchmanifest`).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
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
from qa.cli.filtering import add_filter_option, filters_from
from qa.engine import Engine
from qa.errors import EXIT_FAILURE, EXIT_OK, QuestionError, UsageError

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


@contextmanager
def _input(name: str) -> Iterator[Iterable[str]]:
    if name == "-":
        buffer = getattr(sys.stdin, "buffer", None)  # absent when stdin was replaced by a text stream
        if buffer is None:
            yield sys.stdin
            return
        # Bytes that are not UTF-8 become U+FFFD, as in a file: one odd question, not a crashed batch.
        decoded = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace")
        try:
            yield decoded
        finally:
            decoded.detach()  # stdin itself stays open
        return
    try:
        handle = Path(name).open(encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
    except OSError as error:
        raise UsageError(f"cannot read {name}: {error.strerror}") from error
    with handle:
        yield handle


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    partial = path.with_name(path.name + ".partial")
    try:
        handle = partial.open("w", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from error
    with handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def answer_rows(
    engine: Engine, items: Iterable[BatchItem], k: int, filters: Filters = NO_FILTERS
) -> Iterator[dict[str, Any]]:
    """One output row per item, in order; `filters` hold for every question (with those it types).

    Standalone questions are embedded CHUNK at a time; a conversation's turns are
    answered one after another, each read against the turns before it.
    """
    conversations: dict[str, Conversation] = {}
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        alone = [item.question for item in chunk if item.question is not None and item.conversation is None]
        results = iter(engine.ask_many(alone, k=k, filters=filters) if alone else [])
        for item in chunk:
            if item.question is None:
                yield {"id": item.id, "question": None, "error": item.error}
                continue
            result: Answer | QuestionError
            if item.conversation is None:
                result = next(results)
            else:
                try:
                    result, after = engine.follow_up(
                        conversations.get(item.conversation, Conversation()), item.question, k, filters
                    )
                    conversations[item.conversation] = after
                except QuestionError as error:
                    result = error
            if isinstance(result, QuestionError):
                yield {"id": item.id, "question": item.question, "error": f"line {item.line}: {result}"}
            else:
                yield result.to_json(item.id)


def run(args: argparse.Namespace) -> int:
    filters = filters_from(args)
    with _input(args.file) as lines:
        # Before the output exists: a corpus error (or a --frozen refusal) leaves no partial file.
        engine = batchrecord.open_frozen(args) if args.frozen else open_engine(args)
        record = batchrecord.Record(args, engine)
        with _output(args.output) as out:
            failures = rows = 0
            started = time.perf_counter()
            for row in answer_rows(engine, read_items(record.reading(lines)), args.k, filters):
                failures += "error" in row
                rows += 1
                line = json.dumps(row, ensure_ascii=False) + "\n"
                out.write(line)
                out.flush()
                record.wrote(line, "error" in row)
            seconds = time.perf_counter() - started
        record.finish()
    rate = f" ({rows / seconds:.1f} questions/s)" if seconds > 0 and rows else ""
    print(f"qa: {rows:,} line(s) in {seconds:.1f} s{rate}", file=sys.stderr)  # stdout is data
    if failures:
        print(f'qa: {failures} question(s) could not be answered; see their "error" fields', file=sys.stderr)
    return EXIT_FAILURE if failures else EXIT_OK
