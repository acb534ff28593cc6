"""A passage of an article with the words that support an answer highlighted.

The highlight colour is read from the `passage--highlight` component class when
rendering, so it follows the theme. It is resolved to a full style (not a partial
one) because Textual drops an opaque background from partial component styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from tui.widgets.rendering import highlighted


class Passage(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"passage--highlight", "passage--exact"}

    def __init__(
        self,
        text: str,
        spans: Sequence[tuple[int, int]] = (),
        *,
        exact: tuple[int, int] | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.text = text
        self.spans = tuple(spans)
        self.exact = exact  # the sum, date or name inside the highlight, marked more strongly

    @property
    def mark_style(self) -> Style:
        return self.get_visual_style("passage--highlight")

    def render(self) -> Content:
        content = highlighted(self.text, self.spans, self.mark_style)
        if self.exact is None:
            return content
        return content.stylize(self.get_visual_style("passage--exact"), *self.exact)

    @property
    def highlighted_texts(self) -> list[str]:
        """The highlighted pieces as displayed (what a reader sees marked)."""
        content = self.render()
        style = self.mark_style
        return [content.plain[s.start : s.end] for s in content.spans if s.style == style]
