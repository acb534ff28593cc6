"""Filters typed with a question: `source:metro since:2024-09 until:2024-10-01 speaker:Sullivan doc:004*`.

Only these five keys are filters, and only as a word of their own with the value
right after the colon, so "10:30", "Note: ..." or "the speaker: who?" stay words of
the question. A value with spaces is quoted (`speaker:"Jake Sullivan"`). Different
keys narrow together (AND); the same key given twice widens (`source:bbc
source:metro` is either), except `since`/`until`, which can be given once each.

Filters restrict the rows a question is ranked over, before ranking (`allowed_rows`),
so the k passages and the abstention signals come from matching articles only.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import numpy as np

from qa.attribution.speakers import matches
from qa.errors import QuestionError
from qa.ingest.metadata import DocumentMeta

if TYPE_CHECKING:
    from qa.index.store import Snapshot

KEYS = ("source", "since", "until", "speaker", "doc")
_TOKEN = re.compile(
    r"""(?<!\S)(?P<key>source|since|until|speaker|doc):(?P<value>"[^"]*"|'[^']*'|\S+)""", re.I
)
_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
_GLOB = re.compile(r"[*?\[]")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, slots=True)
class Filters:
    """What a question is restricted to; the empty value restricts nothing."""

    sources: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    def __bool__(self) -> bool:
        return bool(self.sources or self.speakers or self.docs or self.since or self.until)

    def tokens(self) -> tuple[str, ...]:
        """The filters as they would be typed, dates as full days: `("source:metro", "since:2024-09-01")`."""

        def typed(key: str, value: str) -> str:
            return f'{key}:"{value}"' if " " in value else f"{key}:{value}"

        return (
            *(typed("source", v) for v in self.sources),
            *((f"since:{self.since.isoformat()}",) if self.since else ()),
            *((f"until:{self.until.isoformat()}",) if self.until else ()),
            *(typed("speaker", v) for v in self.speakers),
            *(typed("doc", v) for v in self.docs),
        )

    def __str__(self) -> str:
        return " ".join(self.tokens())

    def __add__(self, other: Filters) -> Filters:
        """Both sets of filters; `since` or `until` in both is a QuestionError."""
        for key in ("since", "until"):
            if getattr(self, key) and getattr(other, key):
                raise QuestionError(f"{key}: is given twice; give one {key}: date")
        combined = Filters(
            self.sources + other.sources,
            self.speakers + other.speakers,
            self.docs + other.docs,
            self.since or other.since,
            self.until or other.until,
        )
        if combined.since and combined.until and combined.since > combined.until:
            raise QuestionError(
                f"since:{combined.since.isoformat()} is after until:{combined.until.isoformat()}; nothing can match"
            )
        return combined


NO_FILTERS = Filters()


def parse(token: str) -> Filters:
    """One `key:value` filter (as given to `--filter`); a malformed one is a QuestionError."""
    match = _TOKEN.fullmatch(token.strip())
    if match is None:
        key = token.partition(":")[0].strip().lower()
        if key in KEYS:
            raise QuestionError(f"filter {token!r} has no value; for example {key}:{_EXAMPLES[key]}")
        raise QuestionError(f"unknown filter {token!r}; use {', '.join(k + ':' for k in KEYS)}")
    return _one(match.group("key").lower(), match.group("value"))


def split(question: str) -> tuple[str, Filters]:
    """The question without its filter words, and the filters they give."""
    found = NO_FILTERS
    for match in _TOKEN.finditer(question):
        found = found + _one(match.group("key").lower(), match.group("value"))
    rest = " ".join(_TOKEN.sub(" ", question).split())
    return rest, found


_EXAMPLES = {
    "source": "reuters",
    "since": "2024-09",
    "until": "2024-10-01",
    "speaker": "Smith",
    "doc": "politics/*",
}


def _one(key: str, raw: str) -> Filters:
    quoted = raw[:1] in "\"'" and raw[-1:] == raw[:1] and len(raw) >= 2
    value = raw[1:-1].strip() if quoted else raw.rstrip(".,;!" if key == "doc" else ".,;!?")
    if not value:
        raise QuestionError(f"filter {key}: has no value; for example {key}:{_EXAMPLES[key]}")
    if key in {"since", "until"}:
        day = _day(value, end=key == "until")
        if day is None:
            raise QuestionError(
                f"{key}:{value} is not a date; use {DATE_FORMS} (for example {_EXAMPLES[key]})"
            )
        return Filters(since=day) if key == "since" else Filters(until=day)
    if key == "source":
        return Filters(sources=(value,))
    return Filters(speakers=(value,)) if key == "speaker" else Filters(docs=(value,))


def _day(value: str, end: bool) -> dt.date | None:
    """The first day (or with `end`, the last) of a year, month or day as typed; None if not one."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year = int(match.group("year"))
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # year 0 is no date (it raised a ValueError that ended a batch)
        return None
    month = int(match.group("month") or (12 if end else 1))
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(match.group("day") or (last if end else 1))
    return dt.date(year, month, day) if 1 <= day <= last else None


def source_matches(pattern: str, meta: DocumentMeta) -> bool:
    """Outlet name or URL host: whole words in any case (`metro` fits "Metro", metro.co.uk), or a glob."""
    names = [n.casefold() for n in (meta.source, _host(meta.url)) if n]
    wanted = pattern.casefold()
    if _GLOB.search(wanted):
        return any(fnmatchcase(name, wanted) for name in names)
    words = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    return any(words.search(name) for name in names)


def doc_matches(pattern: str, doc: str) -> bool:
    """A glob over document ids (any case); a plain file name also takes all of a dump's records."""
    wanted, doc = pattern.casefold(), doc.casefold()
    if _GLOB.search(wanted):
        return fnmatchcase(doc, wanted)
    return doc == wanted or doc.startswith(wanted + "#")


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def document_allowed(filters: Filters, doc: str, meta: DocumentMeta) -> bool:
    """Does this article pass the article-level filters (all but `speaker`)?

    A date filter passes only articles with an ISO date: one given in another form is not guessed at."""
    if filters.docs and not any(doc_matches(p, doc) for p in filters.docs):
        return False
    if filters.sources and not any(source_matches(p, meta) for p in filters.sources):
        return False
    if filters.since or filters.until:
        day = meta.day
        if day is None or (filters.since and day < filters.since) or (filters.until and day > filters.until):
            return False
    return True


def allowed_rows(snapshot: Snapshot, filters: Filters) -> np.ndarray:
    """A boolean mask over the index's paragraph rows: True where the filters let a row be ranked.

    `speaker:` keeps the paragraphs whose quote the index attributes to that person."""
    allowed = np.zeros(len(snapshot.paragraphs), dtype=bool)
    for doc, entry in snapshot.documents.items():
        if not document_allowed(filters, doc, entry.meta):
            continue
        if not filters.speakers:
            allowed[entry.first_paragraph : entry.first_paragraph + entry.paragraphs] = True
            continue
        for record in snapshot.quotes.get(doc, ()):
            if any(matches(name, record) for name in filters.speakers):
                allowed[entry.first_paragraph + record.paragraph] = True
    return allowed
