"""'What did X say (about Y)?': every paragraph X is quoted in, found through attribution.

Attribution is made at index time (`qa.attribution.annotations`); here the documents that
mention X are searched for quotes credited to X by name or by role, and come back in
article order, a quote that runs over several paragraphs kept whole. With a topic,
the answer keeps the runs that touch it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from qa.answering.question import Query, asked_role
from qa.answering.retrieve import Hit
from qa.attribution.record import QuoteRecord, Speaker
from qa.attribution.roles import fits
from qa.attribution.speakers import OPENERS, matches
from qa.index import store
from qa.language.text import terms

MAX_QUOTED = 12  # paragraphs cited for one speaker; more would bury the answer
NEAR = 3  # paragraphs before a quote credited to a role that a mention may be its speaker in


@dataclass(frozen=True, slots=True)
class QuotedRow:
    row: int
    record: QuoteRecord


Mentions = Mapping[str, set[int]]  # document -> the paragraphs that mention a person


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """A speaker's quote paragraphs to cite (article order) and those on the asked topic.

    `mentions` are the paragraphs naming the speaker, found once (one BM25 pass) and
    read again to tell a person never quoted from one the attribution left open.
    """

    rows: tuple[int, ...]
    answer_rows: frozenset[int]
    mentions: Mentions = field(default_factory=dict)

    def within(self, allowed: np.ndarray) -> SpeakerQuotes:
        """Only the rows the question's filters allow."""
        kept = frozenset(r for r in self.rows if allowed[r])
        return replace(
            self, rows=tuple(r for r in self.rows if r in kept), answer_rows=self.answer_rows & kept
        )


NO_QUOTES = SpeakerQuotes((), frozenset())


@dataclass(frozen=True, slots=True)
class RoleHolder:
    """Who the articles give an asked role, and a paragraph that names them."""

    row: int
    speaker: Speaker


class Attributions:
    """Questions about who said what, answered from the attribution stored with the index."""

    @staticmethod
    def of(snapshot: store.Snapshot, doc: str) -> tuple[QuoteRecord, ...]:
        return snapshot.quotes.get(doc, ())

    @staticmethod
    def mentions(snapshot: store.Snapshot, asked: str) -> dict[str, set[int]]:
        """The documents that mention the asked person, with the paragraphs that do."""
        found: dict[str, set[int]] = {}
        for row in snapshot.search.rows_with(terms(asked)):
            paragraph = snapshot.paragraphs[int(row)]
            found.setdefault(paragraph.doc, set()).add(paragraph.index)
        return found

    def may_be_quoted(self, snapshot: store.Snapshot, mentions: Mentions) -> bool:
        """Could a quote the attribution left open be the asked person's?

        True where, just after a mention of them, a quote is credited only to a role ("the
        Prime Minister") or to no one.
        """
        for doc, near in mentions.items():
            for record in self.of(snapshot, doc):
                open_ = record.speaker is None or record.speaker.kind == "role"
                if open_ and set(range(record.paragraph - NEAR, record.paragraph + 2)) & near:
                    return True
        return False

    def quoted_rows(self, snapshot: store.Snapshot, asked: str, mentions: Mentions) -> list[QuotedRow]:
        """Every paragraph whose quote is attributed to the asked person, in corpus order."""
        found: list[QuotedRow] = []
        for doc in mentions:  # found in row order: corpus order
            first = snapshot.documents[doc].first_paragraph
            found.extend(
                QuotedRow(first + r.paragraph, r) for r in self.of(snapshot, doc) if matches(asked, r)
            )
        rows: dict[int, QuotedRow] = {}
        for quoted in found:
            rows.setdefault(quoted.row, quoted)  # two speakers that both fit: the paragraph once
        own = [q for q in rows.values() if q.record.form != "indirect"]
        return own + [q for q in rows.values() if q.record.form == "indirect"]  # their words, then reports

    def role_holder(self, snapshot: store.Snapshot, query: Query) -> RoleHolder | None:
        """For "Who is Marion Jones's lawyer?": a paragraph naming the speaker the articles give
        that role of whom the question asks about ("Jones' lawyer Richard Nicholls").

        The role must name one of the question's names ("Argentina's President" is no answer
        to "Who is the president of the United States?"); the speaker whose roles hold most of
        them wins, then the one in the article naming most of them, then the first in corpus order."""
        role = asked_role(query)
        if role is None or not query.names:
            return None
        names = {term for _, term in query.names}
        found: dict[str, int] = {}
        for surface, _ in query.names:
            for doc in self.mentions(snapshot, surface):
                found[doc] = found.get(doc, 0) + 1
        best: tuple[int, int, int] | None = None
        holder: RoleHolder | None = None
        for doc, named in found.items():
            first = snapshot.documents[doc].first_paragraph
            for record in self.of(snapshot, doc):
                speaker, row = record.speaker, first + record.paragraph
                if speaker is None or speaker.kind != "person" or not fits(role, speaker.roles):
                    continue
                if speaker.named_in(snapshot.paragraphs[row].text) is None:
                    continue  # credited there, named elsewhere: cite where the name is
                owned = max((len(names & set(terms(r))) for r in speaker.roles), default=0)
                rank = (owned, named, -row)
                if owned and (best is None or rank > best):  # "Argentina's President" is not the US's
                    best, holder = rank, RoleHolder(row, speaker)
        return holder

    def speaker_quotes(self, snapshot: store.Snapshot, query: Query, fused: Sequence[Hit]) -> SpeakerQuotes:
        """For "what did X say (about Y)?": X's quote paragraphs, in article order.

        All of them are cited when they fit (a reader wants every quote); with a topic,
        the answer is made of the runs that touch it, and they come first (article order).
        """
        if query.speaker is None:
            return NO_QUOTES
        mentions = self.mentions(snapshot, query.speaker)
        quoted = self.quoted_rows(snapshot, query.speaker, mentions)
        if not quoted or not query.topic:
            rows = tuple(q.row for q in quoted[:MAX_QUOTED])
            return SpeakerQuotes(rows, frozenset(rows), mentions)
        topic = set(query.topic)
        rank = {hit.row: i for i, hit in enumerate(fused)}
        best = min((rank.get(q.row, len(rank)) for q in quoted), default=0)

        def relevant(row: int) -> bool:
            shares = topic & set(terms(snapshot.paragraphs[row].text))
            return bool(shares) or rank.get(row, len(rank)) <= best + 2

        on = [q.row for q in on_topic(quoted, relevant, partial(runs_on, snapshot))]
        kept = frozenset(on)
        rest = [q.row for q in quoted if q.row not in kept] if len(quoted) <= MAX_QUOTED else []
        return SpeakerQuotes((*on, *rest), kept, mentions)  # the quotes on the topic first

    def unquoted(self, snapshot: store.Snapshot, query: Query, quotes: SpeakerQuotes) -> str | None:
        """A named person the articles mention but never quote: no answer to "what did X say?"."""
        if query.speaker is None or quotes.rows:
            return None
        asked = terms(query.speaker)
        if not asked or not all(snapshot.vocabulary.knows(t) for t in asked):
            return None  # a name the corpus lacks is handled as a missing name
        return None if self.may_be_quoted(snapshot, quotes.mentions) else query.speaker

    def records_at(self, snapshot: store.Snapshot, row: int) -> tuple[QuoteRecord, ...]:
        """Whose words one paragraph row gives, one record a speaker."""
        paragraph = snapshot.paragraphs[row]
        return tuple(r for r in self.of(snapshot, paragraph.doc) if r.paragraph == paragraph.index)

    def said_at(self, snapshot: store.Snapshot, row: int, asked: str | None = None) -> QuoteRecord | None:
        """Whose words a paragraph row gives: the speaker asked about when they speak there, else
        the first whose own (quoted) words are there, else the first reported."""
        speaking = [r for r in self.records_at(snapshot, row) if r.speaker is not None]
        if asked is not None:
            speaking = [r for r in speaking if matches(asked, r)] or speaking
        speaking.sort(key=lambda r: r.form == "indirect")
        return speaking[0] if speaking else None


def runs_on(snapshot: store.Snapshot, quoted: QuotedRow) -> bool:
    """Does the paragraph end inside a quote of its speaker, which the next paragraph carries on?

    News marks a quote that runs over paragraphs by leaving it open (no closing mark) at the
    paragraph's end; a quote closed there is whole, and the next paragraph's quote another one."""
    text = snapshot.paragraphs[quoted.row].text
    end = len(text.rstrip())
    return quoted.record.form != "indirect" and any(
        stop == end and text[start - 1 : start] in OPENERS for start, stop in quoted.record.spans
    )


def runs(rows: list[QuotedRow], continues: Callable[[QuotedRow], bool]) -> list[list[QuotedRow]]:
    """Consecutive paragraphs of one speaker where each before the next `continues`: one quote."""
    grouped: list[list[QuotedRow]] = []
    for quoted in rows:
        if grouped and grouped[-1][-1].row == quoted.row - 1 and continues(grouped[-1][-1]):
            grouped[-1].append(quoted)
        else:
            grouped.append([quoted])
    return grouped


def on_topic(
    rows: list[QuotedRow], relevant: Callable[[int], bool], continues: Callable[[QuotedRow], bool]
) -> list[QuotedRow]:
    """Keep whole quotes (runs) of which some paragraph is relevant; all of them if none is."""
    quotes = runs(rows, continues)
    kept = [run for run in quotes if any(relevant(q.row) for q in run)]
    return [q for run in kept or quotes for q in run][:MAX_QUOTED]
