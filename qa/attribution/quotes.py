"""Direct quotes inside a paragraph, as character spans of the quoted words.

News copy mixes straight and curly marks, double and single, and an apostrophe
looks like a closing single quote ("they’re"), so a closing mark counts only when
no letter follows it. A quote still open at the paragraph's end runs to the end:
that is how a quote continues into the next paragraph.
"""

from __future__ import annotations

import re

_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[:—–-]))([“\"‘'])(?=\S)")
_CLOSERS = {"“": '”"', '"': '”"', "‘": "’'", "'": "’'"}
_SINGLE = frozenset("’'")


def _closing(text: str, opener: str, start: int) -> int | None:
    """Index of the mark that closes a quote opened just before `start`, if any.

    A quote inside the quote ("hear, 'We are working on this' while") opens after a
    space and closes before the outer one does, so marks are counted in pairs.
    """
    closers = _CLOSERS[opener]
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        before = text[index - 1 : index]
        after = text[index + 1 : index + 2]
        if char == opener and before.isspace() and after.isalpha() and index > start:
            depth += 1  # a quote opened inside this one
            continue
        if char not in closers:
            continue
        if char in _SINGLE and (after.isalpha() or before.isspace()):
            continue  # an apostrophe (they’re) or an opening mark, not a close
        if index > start:
            if depth:
                depth -= 1
                continue
            return index
    return None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the words inside quote marks, without the marks themselves."""
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        match = _OPEN.search(text, position)
        if match is None:
            return spans
        begin = match.end()
        close = _closing(text, match.group(1), begin)
        end = len(text) if close is None else close
        inner = text[begin:end].rstrip()
        if inner:
            spans.append((begin, begin + len(inner)))
        if close is None:
            return spans
        position = close + 1
