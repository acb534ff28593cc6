"""Markdown articles read as Markdown: a paragraph's text is what a reader of the rendered page sees.

`**bold**`, `*emphasis*`, `[text](url)`, `# ` headings, list markers and backslash escapes
would otherwise be quoted raw in answers and citations. Paragraphs are still cut where the
file has them (`qa.ingest.paragraphs`), so each keeps the line and offset where it starts in
the file: an editor opens a citation at the right place. Only its text is rendered, with
markdown-it-py (CommonMark, plus tables and strikethrough); a paragraph that renders to
nothing (a rule, an HTML comment) is not a paragraph.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from qa.ingest.paragraphs import Paragraph, split_paragraphs

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SHOWN_BLOCKS = frozenset({"fence", "code_block"})  # code is shown as written
LINE_BREAKS = frozenset({"softbreak", "hardbreak"})


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline(children: list[Token]) -> str:
    """The words of an inline run: text, code and image descriptions, without the markup."""
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            out.append(child.content)
        elif child.type in LINE_BREAKS:
            out.append("\n")
    return "".join(out)


def plain(markdown: str) -> str:
    """The rendered words of one Markdown paragraph, one line per block it holds."""
    blocks: list[str] = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            blocks.append(_inline(token.children or []))
        elif token.type in SHOWN_BLOCKS:
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(block.strip() for block in blocks if block.strip())


def markdown_paragraphs(doc: str, text: str) -> list[Paragraph]:
    """`split_paragraphs` for Markdown: the same places in the file, the rendered text."""
    kept: list[Paragraph] = []
    for paragraph in split_paragraphs(doc, text):
        rendered = plain(paragraph.text)
        if rendered:
            kept.append(replace(paragraph, index=len(kept), text=rendered))
    return kept
