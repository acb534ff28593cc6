"""'Did X mention Y?': X's quotes that mention Y, and an answer that says yes or no.

What "mention" means: a paragraph of X's words mentions Y when the words the index
credits to X there (the quoted words, or the reported clause; never the writer's
sentence around them) hold every content word of Y, in any order, compared as the
index compares words: Snowball stems, so "sanctions" mentions "sanction" and
"France's" mentions France. A demonym stands for its place ("French" mentions
France) and a surname for a person's full name ("Merkel" mentions Angela Merkel).
Pronouns are not followed: "it" mentions nothing.

"Yes" cites the paragraphs that mention Y, Y marked in each; "No" cites X's quotes
and says how many there are, so a reader sees what was searched. Never a bare repeat
of X's quotes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from qa.answering.answer import Answer, AnswerPart, Citation, abstention_reason, compose, confidence
from qa.answering.candidates import Chosen, collapse
from qa.answering.decline import Evidence
from qa.answering.highlight import Span
from qa.answering.quoted import MAX_QUOTED, SpeakerQuotes
from qa.answering.request import Context, Request
from qa.language.lexicon import DEMONYMS, INSTITUTION_WORDS
from qa.language.names import fits_short_form, is_full_name, is_name
from qa.language.text import Token, terms, tokens


@dataclass(frozen=True, slots=True)
class Mentions:
    """X's quote paragraphs to cite (those that mention Y, else all), how many X has, where Y is."""

    quotes: SpeakerQuotes
    total: int
    marks: Mapping[int, Span]  # row -> where X's words there mention Y

    @property
    def verdict(self) -> str:
        return "yes" if self.marks else "no"


def _stands_for(token: Token) -> set[str]:
    """The terms one word of X's stands for: itself, and for a demonym its place's."""
    place = DEMONYMS.get(token.surface.lower())
    return {token.term, *(terms(place) if place else ())}


def mention_span(text: str, spans: Sequence[Span], about: str) -> Span | None:
    """Where, inside the spans of `text` that are X's words, `about` is mentioned; None if it is not."""
    wanted = terms(about)
    said = [
        replace(t, start=t.start + a, end=t.end + a) for a, b in spans for t in tokens(text[a:b]) if b > a
    ]
    stands = [_stands_for(t) for t in said]
    if wanted and all(any(w in s for s in stands) for w in wanted):
        for i in range(len(said)):  # the words of Y together, where they come together
            window = stands[i : i + len(wanted)]
            if len(window) == len(wanted) and all(any(w in s for s in window) for w in wanted):
                return said[i].start, said[i + len(wanted) - 1].end
        first = next(i for i, s in enumerate(stands) if wanted[0] in s)
        return said[first].start, said[first].end
    words = about.split()
    if is_full_name(about) and is_name(about) and words[-1].lower() not in INSTITUTION_WORDS:
        short = next((t for t in said if t.surface[:1].isupper() and fits_short_form(t.surface, about)), None)
        if short is not None:  # "Merkel" for "Angela Merkel"
            return short.start, short.end
    return None


def find(
    context: Context, request: Request, quotes: SpeakerQuotes, allowed: np.ndarray | None
) -> Mentions | None:
    """For "did X mention Y?": X's quotes, and those that mention Y; None when X has none to search."""
    query, snapshot = request.query, context.snapshot
    if query.mention is None or query.speaker is None:
        return None
    quoted = context.attributions.quoted_rows(snapshot, query.speaker, quotes.mentions)
    quoted = [q for q in quoted if allowed is None or allowed[q.row]]
    if not quoted:
        return None  # never quoted: answered as any quote question is, by a plain decline
    marks: dict[int, Span] = {}
    for q in quoted:
        span = mention_span(snapshot.paragraphs[q.row].text, q.record.spans, query.mention)
        if span is not None:
            marks.setdefault(q.row, span)
    shown = request.exclude
    unseen = [
        q.row
        for q in quoted
        if (snapshot.paragraphs[q.row].doc, snapshot.paragraphs[q.row].index) not in shown
    ]
    cited = ([r for r in unseen if r in marks] or unseen)[:MAX_QUOTED]
    rows = tuple(dict.fromkeys(cited))
    return Mentions(replace(quotes, rows=rows, answer_rows=frozenset(rows)), len(quoted), marks)


def chosen(context: Context, found: Mentions) -> Chosen:
    """The passages a yes or no cites: X's own, nothing else beside them."""
    rows = list(found.quotes.rows)
    return Chosen(collapse(context, rows, len(rows)), rows, found.quotes)


def verdict(
    question: str,
    citations: Sequence[Citation],
    rows: Sequence[int],
    parts: Sequence[AnswerPart],
    evidence: Evidence,
    found: Mentions,
    about: str,
    polar: bool = True,
) -> Answer:
    """ "Yes: …" with the quotes that mention Y, marked; "No: none of X's N quotes mention Y" with X's quotes.

    Not `polar` ("What did X say about Y?" of which no quote speaks): "None of X's N quotes mention Y"."""
    if abstention_reason(evidence) is not None or not citations:
        return compose(question, citations, [], evidence)  # the plain decline: X never named, never quoted
    name = evidence.speaker or "the speaker"
    scope = f" matching {' '.join(evidence.filters)}" if evidence.filters else ""
    quotes = f"{found.total} quote{'s' if found.total != 1 else ''}{scope}"
    if not found.marks:
        markers = " ".join(f"[{c.n}]" for c in citations)
        text = (
            f"{name}’s only quote{scope} does not mention {about} {markers}."
            if found.total == 1
            else f"none of {name}’s {quotes} mention {about} {markers}."
        )
        text = f"No: {text}" if polar else text[:1].upper() + text[1:]
        verdict = "no" if polar else None
        return Answer(
            question, text, False, confidence(evidence), tuple(citations), evidence, verdict=verdict
        )
    marked = tuple(
        replace(c, answer_span=found.marks[row]) if row in found.marks else c
        for c, row in zip(citations, rows, strict=True)
    )
    answer = compose(question, marked, parts, evidence)
    count = len(found.marks)
    every = "both" if count == 2 else f"all {count}"
    said = (
        f"{name}’s only quote{scope} mentions {about}"
        if found.total == 1
        else f"{every if count == found.total else count} of {name}’s {quotes} mention{'s' if count == 1 else ''} {about}"
    )
    return replace(answer, text=f"Yes: {said}. {answer.text}", verdict="yes")
