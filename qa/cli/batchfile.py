"""Reading a batch of questions: plain text (one a line) or JSON Lines, mixed freely.

Each input line becomes one item, in order; a line that cannot be used carries its
error instead of a question, so the batch reports it and goes on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _printable(text: str) -> str:
    """JSON may spell lone surrogates (\\ud800) that no UTF-8 output can write: shown as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True, slots=True)
class BatchItem:
    line: int
    id: Any
    question: str | None
    error: str | None = None
    conversation: str | None = None  # lines with the same id are turns of one conversation, in file order


def _from_json(line_number: int, raw: str) -> BatchItem:
    try:
        record = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return BatchItem(line_number, line_number, None, f"line {line_number}: not valid JSON ({error.msg})")
    except (ValueError, RecursionError) as error:  # NaN/Infinity, or nested past Python's recursion limit
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        return BatchItem(line_number, line_number, None, f"line {line_number}: not valid JSON ({reason})")
    if not isinstance(record, dict):
        return BatchItem(line_number, line_number, None, f"line {line_number}: a JSON line must be an object")
    identifier = record.get("id", line_number)
    if (
        not isinstance(identifier, str | int | float)
        or isinstance(identifier, bool)
        or (isinstance(identifier, float) and not math.isfinite(identifier))
    ):
        identifier = line_number
    elif isinstance(identifier, str):
        identifier = _printable(identifier)
    question = record.get("question")
    if not isinstance(question, str):
        return BatchItem(line_number, identifier, None, f'line {line_number}: no "question" string')
    conversation = record.get("conversation")
    if conversation is not None and (
        not isinstance(conversation, str | int) or isinstance(conversation, bool)
    ):
        return BatchItem(
            line_number, identifier, None, f'line {line_number}: "conversation" must be a string'
        )
    thread = _printable(str(conversation)) if conversation is not None else None
    return BatchItem(line_number, identifier, _printable(question), conversation=thread)


def read_items(lines: Iterable[str]) -> Iterator[BatchItem]:
    """Items from the lines of a batch file; blank lines are skipped, ids default to the line number."""
    for line_number, line in enumerate(lines, start=1):
        raw = line.strip().lstrip("\ufeff")
        if not raw:
            continue
        if raw.startswith("{"):
            yield _from_json(line_number, raw)
        else:
            yield BatchItem(line_number, line_number, raw)
