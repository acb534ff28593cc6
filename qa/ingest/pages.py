"""Saved article pages (.html, .htm): the article's own text and metadata, through trafilatura.

trafilatura keeps the main text and drops navigation, adverts, footers and
comments; the title, author, outlet (`og:site_name`), date and canonical URL come
from the page's meta tags. Its date search is kept to the page's metadata and
markup: the wider search guesses from any year on the page ("© Metro 2024" became
2024-01-01), and a guessed date would be an invented one.

The extracted text has one paragraph a line; a paragraph's `line` is its 1-based
line in that text, which is what the reader view shows (a page's markup lines mean
nothing to a person reading the article).
"""

from __future__ import annotations

from qa.ingest.metadata import DocumentMeta, iso_date, text_of

SUFFIXES = frozenset({".html", ".htm"})


def extract(html: str) -> tuple[str, DocumentMeta]:
    """The page's main text (paragraphs one a line, "" when it has none) and what it says of itself."""
    import trafilatura  # ~0.25 s with lxml and its date parsers: only when a page is read

    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None:
        return "", DocumentMeta()
    fields = found if isinstance(found, dict) else found.as_dict()
    date = text_of(fields.get("date"))
    meta = DocumentMeta(
        title=text_of(fields.get("title")),
        source=text_of(fields.get("sitename")),
        author=text_of(fields.get("author")),
        date=iso_date(date) or date,
        url=text_of(fields.get("url")),
    )
    return str(fields.get("text") or ""), meta
