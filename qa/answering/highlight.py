"""Question + passage to character spans: the words that answer, not the whole passage.

A passage's sentences are scored by what they share with the question (BM25-style
weighted term overlap) blended with their embedding similarity to it, so a
paraphrase with no shared word still finds its sentence. Quote questions narrow
the span to the quoted words. Pure functions over offsets; rendering is elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.answering.question import Query
from qa.attribution.quotes import quote_spans
from qa.language.lexicon import (
    AMOUNT_SUFFIXES,
    CURRENCY_SIGNS,
    MONTHS,
    NUMBER_WORDS,
    PLACE_PREPOSITIONS,
    ROLE_WORDS,
    SENTENCE_ADVERBS,
    STOPWORDS,
    UNITS,
    WEEKDAYS,
)
from qa.language.names import PROPER_NAME_RE
from qa.language.text import sentence_spans, term_set, tokens

Span = tuple[int, int]
LEXICAL_WEIGHT = 0.5

_NUMBER_WORDS = "|".join(NUMBER_WORDS)
_SUFFIXES = "|".join(sorted(AMOUNT_SUFFIXES | {"thousand"}, key=len, reverse=True))
_AMOUNT = (
    rf"(?:[{''.join(CURRENCY_SIGNS)}]\s?)?\d[\d,.]*(?:\s?(?:%|per ?cent|(?:{_SUFFIXES})\b))?"
    rf"|\b(?:{_NUMBER_WORDS})\b(?:[\s-](?:{_NUMBER_WORDS}|million|billion))*"
)
_MONTHS = "|".join(MONTHS)
_DATE = (
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?|(?:{_MONTHS})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|"
    rf"(?:{'|'.join(WEEKDAYS)})|\d{{3,4}}s?|\d+(?:st|nd|rd|th)|BP|BC|AD|"
    r"centur(?:y|ies)|decades?|years? ago|"
    r"yesterday|today|tonight|tomorrow|last (?:week|month|year|night)|this (?:week|month|year))\b"
)
EXACT_KINDS = ("how_much", "how_many", "when", "where", "who")
TYPED = {
    "how_much": re.compile(_AMOUNT, re.I),
    "how_many": re.compile(_AMOUNT, re.I),
    "when": re.compile(_DATE),
}


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    span: Span
    lexical: float
    dense: float

    @property
    def score(self) -> float:
        return LEXICAL_WEIGHT * self.lexical + (1 - LEXICAL_WEIGHT) * self.dense


def coverage(query: Query, text: str, idf: Callable[[str], float]) -> float:
    """Share of the question's term weight present in `text` (0..1)."""
    wanted = {term: max(idf(term), 0.1) for term in query.terms}
    total = sum(wanted.values())
    if total == 0:
        return 0.0
    present = term_set(text)
    return sum(weight for term, weight in wanted.items() if term in present) / total


def score_sentences(
    query: Query, text: str, idf: Callable[[str], float], dense: Sequence[float] | None = None
) -> list[ScoredSentence]:
    """Every sentence of the passage with its lexical coverage and (if given) dense similarity."""
    spans = sentence_spans(text)
    similarities = list(dense) if dense is not None else [0.0] * len(spans)
    return [
        ScoredSentence(span, coverage(query, text[span[0] : span[1]], idf), sim)
        for span, sim in zip(spans, similarities, strict=True)
    ]


def best_sentence(scored: Sequence[ScoredSentence]) -> ScoredSentence | None:
    """Highest blended score; the earlier sentence wins a tie (news puts the point first)."""
    best: ScoredSentence | None = None
    for sentence in scored:
        if best is None or sentence.score > best.score + 1e-9:
            best = sentence
    return best


_PLACE_LEAD = re.compile(rf"\b(?:{'|'.join(PLACE_PREPOSITIONS)})\s+(?:the\s+)?$")


def after_place_word(text: str, at: int, floor: int = 0) -> bool:
    """Does a place preposition lead up to `at` ("in the", "at")? Looked for no earlier than `floor`."""
    return bool(_PLACE_LEAD.search(text[max(floor, at - 20) : at]))


def anchors(query: Query, text: str, sentence: Span) -> list[int]:
    """Where the question's own words stand in the sentence: an answer is looked for near them."""
    wanted = set(query.terms)
    return [t.start + sentence[0] for t in tokens(text[slice(*sentence)]) if t.term in wanted]


def _nearest(found: list[Span], text: str, sentence: Span, query: Query) -> Span:
    near = anchors(query, text, sentence)
    if not near:
        return found[0]
    return min(found, key=lambda span: min(abs(span[0] - a) for a in near))


_TITLED = re.compile(r"\sand\s")


_OPENING_MARKS = " “\"‘'("  # what may stand before a sentence's first word


def _participle(text: str, at: int) -> bool:
    """A verb form (the sentence's first word, at `at`) before a function word: "Speaking on ...",
    "Asked whether ...".

    Capitalised only by its place. "Reading beat Leeds" keeps its club: a verb follows, not a
    function word (no part of speech is read here, so "Reading are top" would lose it)."""
    word = re.match(r"[A-Za-z]+", text[at:])
    if word is None or not word.group().endswith(("ing", "ed")):
        return False
    following = re.match(r"\s+([a-z]+)\b", text[at + word.end() :])
    return following is not None and following.group(1) in STOPWORDS


def _proper_spans(text: str, sentence: Span, query: Query) -> list[Span]:
    """Names in the sentence, less the words the question already has and bare titles.

    "Shadow Chancellor Rachel Reeves" answers "Who is the Shadow Chancellor?" with
    "Rachel Reeves": each capitalised run is cut at the words asked about (and, for
    "who", at role words), and its longest remaining piece is the candidate.
    """
    start, end = sentence
    asked = set(query.terms)
    dropped = ROLE_WORDS if query.kind == "who" else frozenset()
    found = []
    opening = end - len(text[start:end].lstrip(_OPENING_MARKS))  # where the first word starts
    for match in PROPER_NAME_RE.finditer(text, start, end):
        if query.kind == "who" and _TITLED.search(match.group()):
            continue  # "Football Operations and General Manager": a title, no one ("Alexander the Great" is)
        pieces: list[list[tuple[int, int]]] = [[]]
        cut_asked = False
        for word in re.finditer(r"[\w’'\-]+", match.group()):
            term = next((t.term for t in tokens(word.group())), "")
            cut_asked = cut_asked or term in asked
            bare = word.group()
            role = bare.lower() in dropped and (len(bare) > 2 or bare.isupper())  # "UN", not "Kim Jong Un"
            at = match.start() + word.start()
            opener = bare.lower() in SENTENCE_ADVERBS or (at == opening and _participle(text, at))
            if term in asked or role or bare.lower() in STOPWORDS or opener:
                pieces.append([])
            else:
                pieces[-1].append((match.start() + word.start(), match.start() + word.end()))
        best = max(pieces, key=len)
        if best and not (cut_asked and len(best) == 1):  # "Volodymyr" of an asked "Zelensky"
            found.append((best[0][0], best[-1][1], len(best)))
    if query.kind == "who" and any(n >= 2 for *_, n in found):
        found = [f for f in found if f[2] >= 2]  # people are named in full: "Last week" is not one
    return [(a, b) for a, b, _ in found]


_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")


def counts_a_thing(text: str, span: Span) -> bool:
    """Is the figure followed by what it counts ("four passes"), not a unit ("15 years", "$800 million")?"""
    if text[span[0] : span[0] + 1] in "$£€¥":
        return False  # a sum of money counts no things
    word = _NEXT_WORD.match(text, span[1])
    return word is not None and word.group(1) not in UNITS and word.group(1) not in STOPWORDS


def exact_span(query: Query, text: str, sentence: Span) -> Span | None:
    """The exact sum, number, date, place or name inside the answering sentence, nearest the question's words."""
    start, end = sentence
    pattern = TYPED.get(query.kind)
    if pattern is not None:
        found = [
            (m.start() + start, m.end() + start)
            for m in pattern.finditer(text[start:end])
            if m.group().strip()
        ]
    elif query.kind in {"where", "who", "which"}:
        found = _proper_spans(text, sentence, query)
        if query.kind == "where":
            found = [s for s in found if after_place_word(text, s[0], start)] or found
    else:
        return None
    return _nearest(found, text, sentence, query) if found else None


def highlights(
    query: Query, text: str, answering: ScoredSentence | None, own: Sequence[Span] | None = None
) -> list[Span]:
    """The spans to mark in a cited passage: the quoted words, or the sentence that answers.

    `own` are the asked speaker's words in it, when the attribution credits them: a paragraph
    can quote two people, and only the quotes of the one asked about are marked as theirs.
    """
    if query.kind == "quote":
        quoted = [
            (a, b)
            for a, b in quote_spans(text)
            if b > a and (own is None or any(a < end and start < b for start, end in own))
        ]
        if quoted:
            return quoted
    return [answering.span] if answering is not None else []
