"""Where a paragraph is, as a person reads it: counted from 1, like lines.

The index and the batch JSON keep paragraphs 0-based (`paragraph`, scripts depend on it);
everything a person reads (the chat, `qa ask`, `qa people`, `qa show`, exports) says
"¶ 1 · line 1" for a file's first paragraph, through this one function.
"""

from __future__ import annotations


def paragraph_number(index: int) -> int:
    """The 1-based number a person reads for the 0-based paragraph `index`."""
    return index + 1


def place(index: int, line: int) -> str:
    """ "¶ 6 · line 7": the paragraph (from 1) and the line of the file (from 1) it starts on."""
    return f"¶ {paragraph_number(index)} · line {line}"
