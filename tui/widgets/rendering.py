"""Corpus text to Textual `Content`: always plain text, styled by character offsets.

Articles may contain markup-like brackets (`[bold]`) or terminal escape sequences.
Nothing here formats a markup string: text goes into `Content` as plain characters,
control characters are shown as their Unicode pictures, and highlights are applied
by offset. Styles are component-class names (".name"), so colours
come from the theme's CSS and work in both dark and light themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content
from textual.style import Style

from qa.answering.answer import Answer
from qa.answering.location import place
from qa.language.text import visible, visible_name

_MARKER = re.compile(r"\[(\d{1,3})\](?=\s|$)")


def shown(text: str) -> str:
    """Corpus or typed text as displayed: control characters as visible pictures, tabs as spaces.

    Both replacements are one character for one, so highlight offsets need no remapping.
    """
    return visible(text).replace("\t", " ")


def plain(text: str) -> Content:
    """User or corpus text shown verbatim: brackets stay brackets, escapes are dropped."""
    return Content(shown(text))


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str | Style) -> Content:
    """A passage with the given character spans styled, e.g. the words that answer."""
    content = Content(shown(text))
    for start, end in spans:
        if end > start:
            content = content.stylize(style, start, end)
    return content


def answer_content(answer: Answer, marker_style: str) -> Content:
    """The answer text with every `[n]` that names one of its citations made clickable."""
    text = shown(answer.text)
    known = {c.n for c in answer.citations}
    content = Content(text)
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n in known:
            start, end = match.span()
            content = content.stylize(marker_style, start, end)
            content = content.stylize(Style.from_meta({"@click": f"open_citation({n})"}), start, end)
    return content


def location(doc: str, paragraph: int, line: int) -> str:
    """Where a passage is, as a person reads it: "doc · ¶ 1 · line 1" for a file's first paragraph."""
    return f"{visible_name(doc)} · {place(paragraph, line)}"
