"""The first answering stages: candidate passages, a speaker's quotes, the passages to cite.

Dense neighbours and BM25's top rows are fused (BM25 scored once per question, among
the rows the filters allow), captions and repeats demoted, a speaker's quote
paragraphs put first, passages already shown left out, and copies of one passage
collapsed into a citation that lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.answering import fusion, retrieve
from qa.answering.filters import allowed_rows
from qa.answering.quoted import NO_QUOTES, RoleHolder, SpeakerQuotes
from qa.answering.request import Context, Request
from qa.attribution.annotations import same_text
from qa.attribution.speakers import MIN_SHARED_QUOTE, quoted_words
from qa.language.text import terms


@dataclass(frozen=True, slots=True)
class Candidates:
    """Fused, demoted hits; each candidate row's dense similarity; the rows the filters allow.

    `lexical_of` and `news` are the BM25 scores and news evidence the fusion weighed (what
    `bench/train_fusion.py` learns from)."""

    fused: list[retrieve.Hit]
    dense_of: dict[int, float]
    allowed: np.ndarray | None
    lexical_of: dict[int, float]
    news: dict[int, fusion.News]


@dataclass(frozen=True, slots=True)
class Chosen:
    """The passages to cite, each with the rows that say the same, and the speaker's among them."""

    passages: list[tuple[int, list[int]]]
    speaker_rows: list[int]
    quotes: SpeakerQuotes
    holder: RoleHolder | None = None  # "Who is X's lawyer?": where the speaker with that role is named

    def names_holder(self, row: int, copies: Sequence[int]) -> bool:
        """Is this passage (or a copy of it) the one naming the role holder asked about?"""
        return self.holder is not None and self.holder.row in (row, *copies)


def gather(context: Context, request: Request) -> Candidates:
    """Dense and BM25 candidates fused by the request's mode; filtered rows never become candidates."""
    snapshot, query, vector = context.snapshot, request.query, request.vector
    search = snapshot.search
    allowed = allowed_rows(snapshot, query.filters) if query.filters else None
    dense_ranked = request.dense_ranked
    if allowed is not None:  # ranked among the rows the filters allow, not cut from the corpus's top list
        dense_ranked = search.dense_within(vector, allowed, len(dense_ranked) or 50)
    depth = len(dense_ranked) or 50
    dense_of = dict(dense_ranked)
    lexical = search.lexical(query.terms, depth, allowed, list(dense_of))
    missing = [row for row, _ in lexical.top if row not in dense_of]
    dense_of.update(search.similarity(missing, vector))
    lexical_of = {row: lexical.scores.get(row, 0.0) for row in dense_of}
    news: dict[int, fusion.News] = {}
    if request.mode == "hybrid":  # the candidates' articles' other paragraphs, in one more BM25 lookup
        around = search.lexical(query.terms, 0, allowed, fusion.article_rows(snapshot, list(dense_of))).scores
        news = fusion.news(snapshot, query, list(dense_of), {**around, **lexical_of})
    fused = retrieve.fuse(dense_of, lexical_of, request.mode, news)
    if request.features.demotion:  # a caption, sign-up line or repeat (qa.attribution.annotations)
        fused = retrieve.demote(fused, lambda row: bool(snapshot.flags[row]))
    return Candidates(fused, dense_of, allowed, lexical_of, news)


def speaker_quotes(context: Context, request: Request, candidates: Candidates) -> SpeakerQuotes:
    """For "what did X say?": X's quote paragraphs that the filters allow (none with attribution off)."""
    if not request.features.attribution:
        return NO_QUOTES
    quotes = context.attributions.speaker_quotes(context.snapshot, request.query, candidates.fused)
    return quotes.within(candidates.allowed) if candidates.allowed is not None else quotes


def choose(context: Context, request: Request, candidates: Candidates, quotes: SpeakerQuotes) -> Chosen:
    """The speaker's quotes first, then the fused ranking; what was shown already left out."""
    paragraphs = context.snapshot.paragraphs
    speaker_rows = list(quotes.rows)
    holder = _holder(context, request, candidates) if not speaker_rows else None
    lead = speaker_rows + ([holder.row] if holder is not None else [])
    taken = set(lead)
    ranked = lead + [hit.row for hit in candidates.fused if hit.row not in taken]
    if request.exclude:
        ranked = [r for r in ranked if (paragraphs[r].doc, paragraphs[r].index) not in request.exclude]
        still = set(ranked)
        speaker_rows = [r for r in speaker_rows if r in still]
        holder = holder if holder is not None and holder.row in still else None
    passages = collapse(context, ranked, max(request.k, len(speaker_rows)))
    return Chosen(passages, speaker_rows, quotes, holder)


def _holder(context: Context, request: Request, candidates: Candidates) -> RoleHolder | None:
    """The paragraph naming who holds the role asked about, first (none with attribution off)."""
    if not request.features.attribution:
        return None
    holder = context.attributions.role_holder(context.snapshot, request.query)
    allowed = candidates.allowed
    return holder if holder is not None and (allowed is None or allowed[holder.row]) else None


def _quoted(context: Context, row: int) -> set[str]:
    """The paragraph's quotes long enough to tell one quote from another, normalised."""
    text = context.snapshot.paragraphs[row].text
    records = context.attributions.records_at(context.snapshot, row)
    found = [w for r in records if r.form != "indirect" for w in quoted_words(text, r.spans)]
    return {words for words in found if len(words) >= MIN_SHARED_QUOTE}


def collapse(context: Context, rows: list[int], limit: int) -> list[tuple[int, list[int]]]:
    """The first `limit` distinct passages, each with the rows that say the same (any article).

    Two passages are one when each holds the other's words, or when they carry the
    same quote: outlets frame a quote in their own words ("Sullivan told reporters").
    """
    chosen: list[tuple[int, set[str], set[str], list[int]]] = []
    for row in rows[: 3 * limit]:
        words, quotes = set(terms(context.snapshot.paragraphs[row].text)), _quoted(context, row)
        twin = next(
            (c for c in chosen if (same_text(words, c[1]) and same_text(c[1], words)) or quotes & c[2]), None
        )
        if twin is not None:
            twin[3].append(row)
        elif len(chosen) < limit:
            chosen.append((row, words, quotes, []))
    return [(row, copies) for row, _, _, copies in chosen]
