"""Ranked passages to an answer: cited sentences in the corpus's own words, or an honest no.

Whether to answer is decided on the evidence by one calibrated model (qa.answering.decline),
beside two facts that decline outright: a person no article mentions, or never quotes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from qa.answering import decline
from qa.answering.decline import Evidence
from qa.answering.highlight import Span
from qa.attribution.record import Speaker
from qa.ingest.metadata import NO_META, DocumentMeta
from qa.ingest.paragraphs import Paragraph

ABSTAIN_PREFIX = "The corpus doesn't say."
UNCITED = "not cited"  # said of a passage shown beside an answer that is not made of it
SECONDARY_RATIO = 0.75  # another passage joins the answer when its sentence scores this close
MAX_ANSWER_PARTS = 3
MAX_QUOTE_PARTS = 6  # a speaker's quote, paragraph by paragraph; the rest stay cited
PERSON_KINDS = frozenset({"quote", "who"})  # no quote or name can come from someone never mentioned


@dataclass(frozen=True, slots=True)
class Source:
    """Where a passage stands: document, 0-based paragraph, 1-based line."""

    doc: str
    paragraph: int
    line: int

    @classmethod
    def of(cls, paragraph: Paragraph) -> Source:
        return cls(paragraph.doc, paragraph.index, paragraph.line)

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "paragraph": self.paragraph, "line": self.line}


@dataclass(frozen=True, slots=True)
class Citation:
    n: int
    doc: str
    paragraph: int
    line: int
    text: str
    score: float
    highlights: tuple[Span, ...]
    answer_span: Span | None = None  # the exact sum, number, date, place or name inside a highlight
    also: tuple[Source, ...] = ()  # the same words elsewhere: other articles that carry the quote
    meta: DocumentMeta = NO_META  # the cited article's title, outlet, author, date and URL, where known
    speaker: Speaker | None = None  # whose words the passage gives, when attribution knows
    form: str = ""  # how it gives them: "direct" (quoted), "indirect" (reported), "both"; "" unknown
    supports: bool = True  # the answer is made of this passage's words; else shown only as related, unmarked

    @property
    def said_by(self) -> str:
        """ "quoted: Jake Sullivan" / "reported: US": whose words the passage gives, as a person reads it."""
        if self.speaker is None:
            return ""
        return f"{'reported' if self.form == 'indirect' else 'quoted'}: {self.speaker.name}"

    @classmethod
    def of(
        cls,
        n: int,
        paragraph: Paragraph,
        score: float,
        highlights: tuple[Span, ...],
        answer_span: Span | None = None,
        also: tuple[Source, ...] = (),
        meta: DocumentMeta = NO_META,
    ) -> Citation:
        return cls(
            n,
            paragraph.doc,
            paragraph.index,
            paragraph.line,
            paragraph.text,
            score,
            highlights,
            answer_span,
            also,
            meta,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "doc": self.doc,
            "paragraph": self.paragraph,
            "line": self.line,
            **self.meta.fields(),  # title, source, author, date, url: each only when known
            "text": self.text,
            "score": round(self.score, 6),
            "highlights": [list(span) for span in self.highlights],
            "answer_span": list(self.answer_span) if self.answer_span else None,
            "also": [source.to_json() for source in self.also],
            "speaker": self.speaker.to_json() if self.speaker is not None else None,
            "form": self.form or None,
            "supports": self.supports,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    text: str
    abstained: bool
    confidence: float
    citations: tuple[Citation, ...]
    evidence: Evidence = field(default=Evidence(0.0, 0.0))
    resolved_question: str | None = None  # a follow-up as read in its conversation, when rewritten
    verdict: str | None = None  # "yes" or "no" for "did X mention Y?" (qa.answering.mentions), else None
    unclear: str | None = None  # a follow-up's pronoun no one earlier fits: the reply asks who is meant

    def to_json(self, id: Any) -> dict[str, Any]:
        filters = {"filters": list(self.evidence.filters)} if self.evidence.filters else {}
        unclear = {"unclear": self.unclear} if self.unclear else {}
        return {
            "id": id,
            "question": self.question,
            "resolved_question": self.resolved_question or self.question,
            **filters,
            "answer": self.text,
            "verdict": self.verdict,
            **unclear,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "citations": [c.to_json() for c in self.citations],
        }


def abstention_reason(evidence: Evidence) -> str | None:
    """Why the corpus cannot answer, or None when it can.

    Three facts decline outright: a person asked about whom no article mentions, or whom the
    articles mention but never quote, and a year asked about that the articles were written
    before (qa.answering.dating). A speaker's quotes asked for whole are the answer, and so
    is the person the articles give the role asked about, of the one asked about. The
    rest is the calibrated model's call (`qa.answering.decline`); its reason names what is missing."""
    scope = f" matching {' '.join(evidence.filters)}" if evidence.filters else ""
    names = ", ".join(evidence.missing_names)
    if evidence.missing_names and evidence.kind in PERSON_KINDS:
        return f"No article{scope} mentions {names}."
    if evidence.unquoted:
        return f"The articles{scope} mention {evidence.unquoted} but do not quote them."
    if evidence.past:
        year, latest = evidence.past
        return f"The articles{scope} closest to the question go up to {latest}; none tells of {year}."
    if evidence.all_quotes or evidence.role_holder:
        return None
    decider = decline.model()
    if decider.probability(evidence) >= decider.threshold:
        return None
    if evidence.missing_names:
        return f"No article{scope} mentions {names}."
    if evidence.other_voice:  # qa.answering.sources: "according to Demos", and only others' figures
        other, source = evidence.other_voice
        return f"The closest passages give {other}'s figure, not {source}'s."
    if evidence.untyped or (evidence.expects and not evidence.typed):
        wanted = _WANTED.get("age" if evidence.age else evidence.kind, "what it asks for")
        return f"No passage close to the question gives {wanted}."
    if evidence.unfocused:
        return f"No passage close to the question speaks of the {evidence.unfocused} asked about."
    partly = evidence.absent_from_top if len(evidence.absent_from_top) < evidence.names_asked else ()
    near = evidence.top_coverage >= NEAR_COVERAGE
    if near and evidence.years_instead and not partly:  # "The closest passage gives 2005, not 2006."
        given = ", ".join(evidence.years_instead[:3])
        return f"The closest passage gives {given}, not {', '.join(evidence.figures_absent)}."
    figures = evidence.figures_absent if near else ()
    if partly or figures:  # a near miss: "The closest passage does not mention 2022."
        return f"The closest passage does not mention {', '.join((*partly, *figures))}."
    return "Nothing in the articles comes close to answering this."


_WANTED = {
    "when": "a date for it",
    "how_much": "a figure for it",
    "how_many": "a figure for it",
    "who": "a name for it",
    "where": "a place for it",
    "age": "an age for it",
}
NEAR_COVERAGE = 0.5  # a passage with half the question's words, but not its year, is a near miss
HARD_DECLINE = 0.05  # the confidence shown when a fact, not the model, declines


def confidence(evidence: Evidence) -> float:
    """The model's probability that the corpus answers; low when a fact declines outright."""
    value = decline.model().probability(evidence)
    hard = evidence.unquoted or evidence.past or (evidence.missing_names and evidence.kind in PERSON_KINDS)
    return round(min(value, HARD_DECLINE) if hard else value, 4)


@dataclass(frozen=True, slots=True)
class AnswerPart:
    """A highlighted piece of a citation, with how strongly its sentence answered."""

    n: int
    text: str
    strength: float
    reported: bool = False  # a sentence that reports a quoted phrase, not the speaker's own words
    quoted: str = ""  # the quoted words of a reported sentence, to spot the same quote given whole
    typed: bool = False  # its sentence holds an answer of the type asked for (qa.answering.typed)


def compose(
    question: str, citations: Sequence[Citation], parts: Sequence[AnswerPart], evidence: Evidence
) -> Answer:
    reason = abstention_reason(evidence)
    if not citations and evidence.filters:
        reason = f"No article matches {' '.join(evidence.filters)}."
    if reason is not None or not citations:
        text = f"{ABSTAIN_PREFIX} {reason or 'The corpus is empty.'}"
        return Answer(question, text, True, confidence(evidence), supported(citations, ()), evidence)
    typed = [p for p in parts if p.typed]
    best = max((p.strength for p in typed or parts), default=0.0)
    chosen: list[AnswerPart] = []
    seen: set[str] = set()
    limit = MAX_QUOTE_PARTS if evidence.speaker else MAX_ANSWER_PARTS
    for part in parts:
        key = " ".join(part.text.lower().split())
        weak = not evidence.speaker and chosen and part.strength < SECONDARY_RATIO * best
        if not key or key in seen or weak:
            continue
        seen.add(key)
        chosen.append(part)
        if len(chosen) == limit:
            break
    keys = [" ".join((part.quoted or part.text).lower().split()) for part in chosen]
    texts = [" ".join(part.text.lower().split()) for part in chosen]
    chosen = [  # a quote reported in part ("… 'Nato will be a direct party'") beside its whole: keep the whole
        part
        for part, key, own in zip(chosen, keys, texts, strict=True)
        if not any(key in other and own != other for other in texts)
    ]
    if not chosen:
        chosen = [AnswerPart(citations[0].n, citations[0].text, 0.0)]
    chosen.sort(key=lambda part: part.n)  # read in citation order: [1] before [2]
    pieces = []
    labelled: set[str] = set()
    for part in chosen:  # "X said:" before X's first own words, not before a sentence reporting them
        who = _label(citations, part.n, evidence.speaker) if evidence.speaker and not part.reported else None
        said = f"{who} said: " if who and who not in labelled else ""
        labelled.update([who] if who else [])
        pieces.append(f"{said}{part.text.strip()} [{part.n}]")
    text = " ".join(pieces)
    cited = supported(citations, [part.n for part in chosen])
    return Answer(question, text, False, confidence(evidence), cited, evidence)


def supported(citations: Sequence[Citation], cited: Sequence[int]) -> tuple[Citation, ...]:
    """The citations, those the answer does not cite marked as not supporting it, their answer mark gone:
    a passage shown beside an answer, or the closest to a declined question, must not look like support."""
    return tuple(c if c.n in cited else replace(c, supports=False, answer_span=None) for c in citations)


def _label(citations: Sequence[Citation], n: int, fallback: str) -> str | None:
    """The speaker of citation `n` as the answer names them: each citation its own."""
    cited = next((c for c in citations if c.n == n), None)
    if cited is None or cited.speaker is None:
        return fallback
    return cited.speaker.name if cited.form != "indirect" else None  # a report is the writer's sentence
