"""Documents to paragraphs, each keeping where it stands in its file.

A citation must open in an editor at the right place, so every paragraph keeps its
0-based index in the document, the 1-based line where it starts and its character
offset in the decoded file text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")


@dataclass(frozen=True, slots=True)
class Paragraph:
    doc: str
    index: int
    line: int
    start: int
    text: str


def _lines_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (1-based line number, offset, line text without its newline)."""
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, offset, line
        offset += len(line) + 1


def has_blank_line_separators(text: str) -> bool:
    """True when the file uses blank lines between paragraphs (and not only at its ends)."""
    return _BLANK_LINE.search(text.strip("\n \t")) is not None


def split_paragraphs(doc: str, text: str) -> list[Paragraph]:
    """Split on blank lines when the file has them, otherwise one paragraph per non-empty line.

    `text` must already have universal newlines (`\\n`); offsets refer to it.
    Leading and trailing white space of a paragraph is not part of its text.
    """
    by_blocks = has_blank_line_separators(text)
    paragraphs: list[Paragraph] = []
    block: list[tuple[int, int, str]] = []

    def flush() -> None:
        if not block:
            return
        first_line, first_offset, _ = block[0]
        _, last_offset, last_text = block[-1]
        raw = text[first_offset : last_offset + len(last_text)]
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        paragraphs.append(Paragraph(doc, len(paragraphs), first_line, first_offset + lead, stripped))
        block.clear()

    for number, offset, line in _lines_with_offsets(text):
        if not line.strip():
            flush()
            continue
        block.append((number, offset, line))
        if not by_blocks:
            flush()
    flush()
    return paragraphs
