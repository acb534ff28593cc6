"""News dumps: a JSON Lines file or a JSON array, one article per record.

A record is document `FILE#N`, N its 0-based position in the file (for JSON Lines,
counting every non-blank line, so mending a broken line does not renumber the rest),
and keeps the 1-based line where it starts, so an editor opens the record. A
top-level object holding the list (`{"articles": [...]}`, as news APIs return) is
read the same way. The body is the first of BODY_FIELDS that has text; title, source,
author, date and url come from their usual names (`qa.ingest.metadata.ALIASES`), any case;
other scalar fields are kept as `extra`, nested values dropped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from qa.ingest.corpus import MAX_FILE_BYTES, Warn
from qa.ingest.metadata import MAX_FIELD_CHARS, DocumentMeta, meta_from_fields, recognised

SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
BODY_FIELDS = ("body", "text", "content", "article", "maintext", "description")
LIST_KEYS = ("articles", "items", "data", "results", "records", "documents", "entries", "stories", "posts")
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")
_TAG = re.compile(r"<(/?)(\w+)[^>]*>")
_BREAKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"})


@dataclass(frozen=True, slots=True)
class Record:
    index: int
    line: int  # 1-based line of the file where the record starts
    body: str
    meta: DocumentMeta


def records(name: str, text: str, warn: Warn) -> list[Record]:
    """The articles in one dump file, in file order; records without a body are skipped, with a warning."""
    raw = list(_jsonl(name, text, warn) if not name.lower().endswith(".json") else _json(name, text, warn))
    found: list[Record] = []
    empty = 0
    for index, line, value in raw:
        record = _record(index, line, value) if isinstance(value, Mapping) else None
        if record is None:
            empty += 1
        elif len(record.body) > MAX_FILE_BYTES // 4 and len(record.body.encode()) > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)  # a dump may be big; one article in it may not
            warn(f"{name}: record {index} is over the {limit} MB limit for one article; skipped")
        else:
            found.append(record)
    if empty:
        fields = "/".join(BODY_FIELDS)
        warn(f"{name}: skipped {empty} of {len(raw)} record(s) with no {fields} text")
    return found


def _jsonl(name: str, text: str, warn: Warn) -> Iterator[tuple[int, int, Any]]:
    index = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield index, number, json.loads(line)
        except (ValueError, RecursionError) as error:
            warn(f"{name}: line {number} is not JSON ({_reason(error).split(':')[0]}); skipped")
        index += 1


def _json(name: str, text: str, warn: Warn) -> Iterator[tuple[int, int, Any]]:
    """Elements of the top-level array (or of the list inside a top-level object), with their lines."""
    try:
        start = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
        if text[start : start + 1] == "{":
            start = _list_in_object(text, start)
        if start < 0 or text[start : start + 1] != "[":
            value, _ = _DECODER.raw_decode(text, max(start, 0))
            if isinstance(value, Mapping):  # one article in a file of its own
                yield 0, text.count("\n", 0, max(start, 0)) + 1, value
            return
        yield from _elements(text, start)
    except (ValueError, RecursionError) as error:
        warn(f"{name}: not valid JSON ({_reason(error)}); skipped")


def _reason(error: ValueError | RecursionError) -> str:
    """Why a text is not JSON, in a few words: nesting past Python's recursion limit is one (a 6 KB file)."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


def _elements(text: str, start: int) -> Iterator[tuple[int, int, Any]]:
    position = _SPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    index = 0
    line = text.count("\n", 0, position) + 1
    while text[position : position + 1] != "]":
        value, end = _DECODER.raw_decode(text, position)
        yield index, line, value
        line += text.count("\n", position, end)
        index += 1
        after = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if text[after : after + 1] == ",":
            after = _SPACE.match(text, after + 1).end()  # type: ignore[union-attr]
        elif text[after : after + 1] != "]":
            raise ValueError(f"expected , or ] at line {text.count(chr(10), 0, after) + 1}")
        line += text.count("\n", end, after)
        position = after


def _list_in_object(text: str, start: int) -> int:
    """Where the list of records starts inside a top-level object, or -1 (the object is the record)."""
    position = _SPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    while text[position : position + 1] == '"':
        key, position = _DECODER.raw_decode(text, position)
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if text[position : position + 1] != ":":
            raise ValueError(f"expected : at line {text.count(chr(10), 0, position) + 1}")
        position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
        if str(key).lower() in LIST_KEYS and text[position : position + 1] == "[":
            return position
        _, position = _DECODER.raw_decode(text, position)
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if text[position : position + 1] == ",":
            position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
    return -1 if text[position : position + 1] == "}" else start


def _record(index: int, line: int, fields: Mapping[str, Any]) -> Record | None:
    lowered = {str(key).lower(): key for key in fields}
    used = next((lowered[f] for f in BODY_FIELDS if f in lowered and _body(fields[lowered[f]])), None)
    if used is None:
        return None
    extra = tuple(
        (str(key), " ".join(str(value).split())[:MAX_FIELD_CHARS])
        for key, value in fields.items()
        if key != used
        and not recognised(str(key))
        and isinstance(value, str | int | float | bool)
        and str(value).strip()
    )
    return Record(index, line, _body(fields[used]), meta_from_fields(fields, extra))


def _body(value: Any) -> str:
    """A body as plain text: a list of paragraphs joined by blank lines, HTML markup made plain."""
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value if isinstance(v, str | int | float))
    if not isinstance(value, str):
        return ""
    if _TAG.search(value):
        value = _TAG.sub(lambda tag: "\n\n" if tag.group(2).lower() in _BREAKS else "", value)
        value = html.unescape(value)
    return re.sub(r"\n{3,}", "\n\n", value.replace("\r\n", "\n")).strip()
