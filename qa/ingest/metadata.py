"""What is known about an article beyond its words: title, outlet, author, date, URL.

Metadata comes from the article itself (a page's meta tags, a dump record's fields,
Markdown front matter) and is never guessed: a field nobody gave stays None and is
left out of every citation. Dates are normalised to ISO `YYYY-MM-DD` when they parse,
so `since:` and `until:` can compare them; one that does not parse is kept as given,
shown, and never matched by a date filter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

FIELDS = ("title", "source", "author", "date", "url")
# Field names news dumps and front matter use, by what they mean; matched case-insensitively.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site_name", "sitename", "source_name"),
    "author": ("author", "authors", "byline", "creator"),
    "date": (
        "date",
        "published",
        "published_at",
        "publishedat",
        "published_date",
        "publish_date",
        "date_published",
        "datepublished",
        "pubdate",
    ),
    "url": ("url", "link", "canonical_url"),
}
MAX_FIELD_CHARS = 500  # a title or byline longer than this is a body pasted in the wrong field
_TEXT_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y/%m/%d", "%Y.%m.%d")


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """One article's metadata; None where the article does not say."""

    title: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD when it parsed, else as given
    url: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # a dump record's other scalar fields, in record order

    @property
    def day(self) -> dt.date | None:
        """The date as a calendar day, when it is ISO (what since:/until: compare)."""
        try:
            return dt.date.fromisoformat(self.date) if self.date and len(self.date) == 10 else None
        except ValueError:
            return None

    def fields(self) -> dict[str, str]:
        """The known fields of FIELDS only, as a citation carries them: absent means unknown."""
        return {name: value for name in FIELDS if (value := getattr(self, name))}

    def summary(self) -> str:
        """The known fields on one line, for people: "Title · Metro · Jane Reporter · 2024-09-14 · https://…"."""
        return " · ".join(self.fields().values())

    def to_json(self) -> dict[str, Any]:
        """What the index stores: the known fields, and `extra` when the record had any."""
        return {**self.fields(), **({"extra": dict(self.extra)} if self.extra else {})}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> DocumentMeta:
        extra = tuple((str(k), str(v)) for k, v in dict(data.get("extra") or {}).items())
        known = {name: str(data[name]) for name in FIELDS if data.get(name)}
        return DocumentMeta(**known, extra=extra)


NO_META = DocumentMeta()


def iso_date(raw: object) -> str | None:
    """`raw` as ISO YYYY-MM-DD when it is a date in a common news format, else None.

    ISO 8601 (with or without time and zone: the day as written), RFC 2822 (RSS `pubDate`),
    "14 September 2024", "September 14, 2024", "2024/09/14", and Unix seconds or
    milliseconds. Day-first or month-first numbers ("09/10/2024") are ambiguous and not read.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        seconds = raw / 1000 if raw > 1e11 else raw
        if 1e8 < seconds < 4e9:  # 1973 to 2096: a timestamp, not a count
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
        return None
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    for form in _TEXT_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, form).date().isoformat()
        except ValueError:
            continue
    return None


def text_of(value: object) -> str | None:
    """A field value as one line of text: lists joined ("A, B"), objects by their name, else None."""
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("title")
    if isinstance(value, list):
        parts = [text_of(v) for v in value]
        value = ", ".join(p for p in parts if p)
    if isinstance(value, bool) or value is None:
        return None
    text = " ".join(str(value).split())
    return text[:MAX_FIELD_CHARS] or None


def meta_from_fields(fields: Mapping[str, object], extra: tuple[tuple[str, str], ...] = ()) -> DocumentMeta:
    """Metadata from a mapping with any of the ALIASES as keys (any case); the first alias given wins,
    except that a date which parses wins over one that does not."""
    lowered = {key.lower(): value for key, value in fields.items()}
    found: dict[str, str | None] = {}
    for name, aliases in ALIASES.items():
        given = [lowered[a] for a in aliases if a in lowered and text_of(lowered[a])]
        found[name] = text_of(given[0]) if given else None
        if name == "date":
            found[name] = next((d for d in map(iso_date, given) if d), found[name])
    return DocumentMeta(**found, extra=extra)


def recognised(key: str) -> bool:
    """Is `key` one of the metadata field names (any case)?"""
    return any(key.lower() in aliases for aliases in ALIASES.values())


_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")


def front_matter(text: str) -> tuple[DocumentMeta, int]:
    """Metadata from a Markdown file's YAML front matter, and where the article after it begins.

    Only flat `key: value` lines are read (quotes stripped; a list of `- item` lines under
    a key is joined), which is what news front matter holds; no YAML library is needed.
    Without front matter: no metadata, and the article begins at 0.
    """
    match = _FRONT.match(text)
    if match is None:
        return NO_META, 0
    fields: dict[str, object] = {}
    key: str | None = None
    for line in (match.group("body") or "").splitlines():
        item = re.match(r"^\s+-\s+(.*)$", line)
        if item is not None and key is not None:
            listed = fields.get(key)
            fields[key] = [*(listed if isinstance(listed, list) else []), _unquote(item.group(1))]
            continue
        field = _FIELD.match(line)
        if field is None:
            continue
        key = field.group("key")
        fields[key] = _unquote(field.group("value")) if field.group("value") else []
    return meta_from_fields(fields), match.end()


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
