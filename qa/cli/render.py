"""An answer as a person reads it in a terminal: the answer, then each cited passage
with its supporting words highlighted and where to find it.

Corpus text goes into rich `Text` objects, styled by offsets, never through markup,
and with control characters made visible: an article cannot restyle or drive the
terminal.
"""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from qa.answering.answer import UNCITED, Answer, Citation, Source
from qa.answering.location import place
from qa.cli.console import print_rich
from qa.language.text import visible, visible_name

HIGHLIGHT = "bold black on yellow"
EXACT = "bold underline black on bright_yellow"  # the sum, date or name inside the highlight


def citation_text(citation: Citation) -> Text:
    """The passage with its supporting words marked; one that does not support the answer is dimmed, unmarked."""
    if not citation.supports:
        return Text(visible(citation.text), style="dim")
    text = Text(visible(citation.text))
    for start, end in citation.highlights:
        text.stylize(HIGHLIGHT, start, end)
    if citation.answer_span is not None:
        text.stylize(EXACT, *citation.answer_span)
    return text


def location(citation: Citation | Source) -> str:
    return f"{visible_name(citation.doc)} {place(citation.paragraph, citation.line)}"


def render_answer(answer: Answer) -> Group:
    heading = Text(visible(answer.text), style="bold yellow" if answer.abstained else "bold")
    if answer.unclear:  # a question back ("Who do you mean by “he”?"): nothing was looked up
        return Group(heading)
    confidence = Text(f"confidence {answer.confidence:.2f}", style="dim")
    parts: list[Text | Padding] = [heading, confidence, Text()]
    if answer.resolved_question and answer.resolved_question != answer.question:  # a follow-up, rewritten
        parts.insert(0, Text(f"Reading this as: {visible(answer.resolved_question)}", style="dim italic"))
    if answer.citations:
        label = "Closest passages, not an answer:" if answer.abstained else "Sources:"
        parts.append(Text(label, style="dim" if answer.abstained else "bold"))
    for citation in answer.citations:
        head = Text.assemble((f"[{citation.n}] ", "bold cyan"), (location(citation), "cyan"))
        if citation.said_by:
            head.append(f"  {visible(citation.said_by)}", style="dim")
        if not citation.supports and not answer.abstained:
            head.append(f"  {UNCITED}", style="dim italic")
        parts.append(head)
        if citation.meta.summary():  # title, outlet, author, date, URL: what is known of the article
            about = Text(visible(citation.meta.summary()), style="dim")
            parts.append(Padding(about, (0, 0, 0, 4), expand=False))
        below = 0 if citation.also else 1
        parts.append(Padding(citation_text(citation), (0, 0, below, 4), expand=False))
        if citation.also:
            also = "also in " + ", ".join(location(source) for source in citation.also)
            parts.append(Padding(Text(also, style="dim"), (0, 0, 1, 4), expand=False))
    return Group(*parts)


def print_answer(answer: Answer) -> None:
    print_rich(render_answer(answer))
