"""The source article, scrolled to a cited paragraph with its supporting words highlighted.

Neighbouring paragraphs stay visible around it so the citation can be read in
context. The article comes from the index the answer was given against; if the file
changed since (a restored chat), the paragraph is found by its text, else by number.
Stepping to another citation posts `OpenCitation(replace=True)` up to the app, which
shows it in place of this reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from qa.answering.answer import Answer, Citation
from qa.ingest.paragraphs import Paragraph
from tui.messages import OpenCitation
from tui.widgets.rendering import location, plain, shown

GUTTER = 5


class ParagraphView(Widget):
    """A paragraph with its first line number in a gutter, so wrapped lines stay aligned.

    One widget per paragraph (a two-column grid, not nested widgets) keeps opening a
    long article quick. The text is a Rich `Text` built from the plain string and
    styled by offset, like everything else shown from the corpus.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"paragraph-view--highlight", "paragraph-view--gutter"}

    def __init__(
        self, paragraph: Paragraph, spans: Sequence[tuple[int, int]] = (), cited: bool = False
    ) -> None:
        super().__init__(classes="-cited" if cited else "")
        self.paragraph = paragraph
        self.spans = tuple(spans)

    @property
    def mark_style(self) -> RichStyle:
        return self.get_component_rich_style("paragraph-view--highlight")

    def text(self) -> Text:
        text = Text(shown(self.paragraph.text), end="")
        style = self.mark_style
        for start, end in self.spans:
            if end > start:
                text.stylize(style, start, end)
        return text

    @property
    def highlighted_texts(self) -> list[str]:
        """The highlighted pieces as displayed (what a reader sees marked)."""
        text = self.text()
        style = self.mark_style
        return [text.plain[span.start : span.end] for span in text.spans if span.style == style]

    def render(self) -> Table:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=GUTTER, justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        gutter = Text(str(self.paragraph.line), style=self.get_component_rich_style("paragraph-view--gutter"))
        grid.add_row(gutter, self.text())
        return grid


def find_cited(paragraphs: Sequence[Paragraph], citation: Citation) -> tuple[int, bool]:
    """The position of the cited paragraph, and whether its text is still the cited text."""
    if 0 <= citation.paragraph < len(paragraphs) and paragraphs[citation.paragraph].text == citation.text:
        return citation.paragraph, True
    for position, paragraph in enumerate(paragraphs):
        if paragraph.text == citation.text:
            return position, True
    return min(max(citation.paragraph, 0), max(len(paragraphs) - 1, 0)), False


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "step(1)", "Next citation"),
        Binding("p", "step(-1)", "Previous"),
        Binding("c", "center", "To cited"),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, answer: Answer, n: int, paragraphs: Sequence[Paragraph]) -> None:
        super().__init__()
        self.answer = answer
        self.citation = next(c for c in answer.citations if c.n == n)
        self.paragraphs = tuple(paragraphs)
        self.cited_position, self.matches = find_cited(self.paragraphs, self.citation)

    def compose(self) -> ComposeResult:
        c = self.citation
        kind = "closest passage" if self.answer.abstained else "citation" if c.supports else "related passage"
        title = Content(f"[{c.n}] ").stylize("bold") + Content(location(c.doc, c.paragraph, c.line))
        detail = Content(f"{kind} {c.n} of {len(self.answer.citations)} for ") + plain(
            f"“{self.answer.question}”"
        )
        if not self.matches:
            detail = Content("The article changed since this answer; showing the paragraph by its number.")
        if c.meta.summary():  # title, outlet, author, date, URL: what is known of the article
            title += Content("\n") + plain(c.meta.summary()).stylize("italic")
        yield Static(title + Content("\n") + detail, id="reader-title")
        with VerticalScroll(id="article"):
            for position, paragraph in enumerate(self.paragraphs):
                cited = position == self.cited_position
                spans = c.highlights if cited and self.matches and c.supports else ()
                yield ParagraphView(paragraph, spans, cited=cited)
        yield Footer()

    @property
    def cited(self) -> ParagraphView:
        return self.query_one(".-cited", ParagraphView)

    def on_mount(self) -> None:
        self.query_one("#article", VerticalScroll).focus()
        self.call_after_refresh(self.action_center)

    def action_center(self) -> None:
        """Scroll so the cited paragraph sits in the middle, its neighbours above and below."""
        if self.paragraphs:
            self.query_one("#article", VerticalScroll).scroll_to_center(
                self.cited, animate=False, immediate=True
            )

    def action_scroll(self, lines: int) -> None:
        """j / k, as in a pager."""
        article = self.query_one("#article", VerticalScroll)
        article.scroll_relative(y=lines, animate=False)

    def action_step(self, delta: int) -> None:
        numbers = [c.n for c in self.answer.citations]
        position = numbers.index(self.citation.n) + delta
        if 0 <= position < len(numbers):
            self.post_message(OpenCitation(self.answer, numbers[position], replace=True))
        else:
            self.app.bell()
