"""Who said each quote, and whose words each paragraph reports: one article, in order.

Each paragraph's speech acts (`qa.attribution.speech`) are resolved against the article
read so far (`qa.attribution.cast`). A quote goes to the act of its own sentence, else to
the paragraph's nearest act; a quote with no act in its paragraph that opens the
paragraph continues the quote before it. A verb's clausal complement with no quote marks
is reported speech, credited as indirect. Every quote span gets exactly one speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from qa.attribution.cast import Cast, Entry
from qa.attribution.record import QuoteRecord, Speaker
from qa.attribution.roles import fits
from qa.attribution.speech import Act, Reading
from qa.ingest.paragraphs import Paragraph
from qa.language.lexicon import COURTESY_TITLES, GIVEN_NAME_TITLES, ROLE_WORDS, TITLES

OPENERS = "“\"‘'«„‹"
QUOTED_SHARE = 0.5  # a reported clause mostly inside quote marks is the quote itself, not a paraphrase
MIN_SHARED_QUOTE = 24  # characters: shorter fragments ("at war") are too common to prove a speaker


@dataclass(frozen=True, slots=True)
class _Claim:
    """One span of one paragraph and who it belongs to (an entry of the cast, or no one)."""

    span: tuple[int, int]
    who: Entry | None
    direct: bool


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _nested(act: Act, acts: Sequence[Act]) -> bool:
    """ "X said Y had told her ...": the inner act is X's report, credited to X alone."""
    return any(o is not act and o.content and o.content[0] <= act.cue < o.content[1] for o in acts)


def _quote_owner(span: tuple[int, int], usable: Sequence[tuple[Act, Entry | None]]) -> Entry | None:
    """Who the act nearest the quote names: one of its own sentence first, else the paragraph's nearest."""
    own = [(act, who) for act, who in usable if _overlap(act.sentence, (span[0] - 1, span[1] + 1))]
    pool = own or usable
    _, who = min(pool, key=lambda pair: min(abs(pair[0].cue - span[0]), abs(pair[0].cue - span[1])))
    return who


@dataclass
class _Article:
    """Walks an article's paragraphs in order (one call's scratch space)."""

    cast: Cast
    records: list[tuple[int, tuple[_Claim, ...]]]

    def paragraph(self, paragraph: Paragraph, reading: Reading, quotes: Sequence[tuple[int, int]]) -> None:
        for mention in reading.mentions:
            self.cast.note(mention, paragraph.index)
        acts = [act for act in reading.acts if not _nested(act, reading.acts)]
        resolved = [(act, self.cast.resolve(act.speaker, paragraph.index)) for act in acts]
        claims = [_Claim(act.content, who, True) for act, who in resolved if act.verbatim and act.content]
        usable = [(act, who) for act, who in resolved if not act.verbatim]
        for span in quotes:  # no act in the paragraph bears on a quote: it may continue the one before
            owner = _quote_owner(span, usable) if usable else self._continued(paragraph, span)
            claims.append(_Claim(span, owner, True))
        for act, who in resolved:
            if act.content is None or act.verbatim or who is None:
                continue
            quoted = sum(_overlap(act.content, q) for q in quotes)
            if quoted < QUOTED_SHARE * (act.content[1] - act.content[0]):
                claims.append(_Claim(act.content, who, False))
        for _, who in resolved:
            if who is not None and any(c.who is who for c in claims):
                self.cast.last_speaker = (who, paragraph.index)
        if claims:
            self.records.append((paragraph.index, tuple(claims)))

    def _continued(self, paragraph: Paragraph, span: tuple[int, int]) -> Entry | None:
        """A quote with no act of its own: a run-on from the quote before, if it opens the paragraph."""
        if span[0] > 1 or paragraph.text[:1] not in OPENERS:
            return None
        if self.records and self.records[-1][0] == paragraph.index - 1:
            direct = [c.who for c in self.records[-1][1] if c.direct and c.who is not None]
            if direct:
                return direct[-1]
        last = self.cast.last_speaker
        return last[0] if last is not None and last[1] >= paragraph.index - 2 else None


def _records(index: int, claims: Sequence[_Claim], speakers: dict[int, Speaker]) -> list[QuoteRecord]:
    """One record per speaker of the paragraph (and one for words no one is named for)."""
    groups: dict[int | None, list[_Claim]] = {}
    for claim in claims:
        groups.setdefault(id(claim.who) if claim.who is not None else None, []).append(claim)
    found = []
    for key, group in groups.items():
        spans = _merge(sorted(c.span for c in group))
        direct, indirect = any(c.direct for c in group), any(not c.direct for c in group)
        form = "both" if direct and indirect else "direct" if direct else "indirect"
        found.append(QuoteRecord(index, spans, speakers[key] if key is not None else None, form))
    return found


def _merge(spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def attribute(
    paragraphs: Sequence[Paragraph], readings: Sequence[Reading], quotes: Sequence[Sequence[tuple[int, int]]]
) -> list[QuoteRecord]:
    """Every paragraph that gives someone's words, with its speakers, in article order.

    `readings` and `quotes` are each paragraph's parse reading and quote spans, in order.
    """
    article = _Article(Cast(), [])
    for paragraph, reading, spans in zip(paragraphs, readings, quotes, strict=True):
        article.paragraph(paragraph, reading, spans)
    speakers = {id(entry): entry.speaker() for entry in article.cast.entries}
    records = [r for index, claims in article.records for r in _records(index, claims, speakers)]
    return share_speakers(records, paragraphs)


def quoted_words(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    return [" ".join(text[a:b].lower().replace("’", "'").split()) for a, b in spans]


def share_speakers(records: Sequence[QuoteRecord], paragraphs: Sequence[Paragraph]) -> list[QuoteRecord]:
    """Credit an unattributed quote to the named speaker of the same words in the same article."""
    text_of = {p.index: p.text for p in paragraphs}
    named = [
        (words, r.speaker)
        for r in records
        if r.speaker is not None and r.form != "indirect"
        for words in quoted_words(text_of[r.paragraph], r.spans)
    ]
    shared: list[QuoteRecord] = []
    for record in records:
        if record.speaker is not None:
            shared.append(record)
            continue
        quoted = [
            w for w in quoted_words(text_of[record.paragraph], record.spans) if len(w) >= MIN_SHARED_QUOTE
        ]
        match = next((who for words, who in named for q in quoted if q in words or words in q), None)
        shared.append(replace(record, speaker=match) if match else record)
    return shared


def _tokens(phrase: str) -> list[str]:
    return [t.strip(".,’'").lower() for t in phrase.split() if t.strip(".,’'")]


def matches(asked: str, record: QuoteRecord) -> bool:
    """Does the speaker the question names ("Sullivan", "Sir Keir", "the Premier") fit this record's?"""
    speaker = record.speaker
    if speaker is None:
        return False
    if fits(asked, speaker.roles) or (speaker.kind == "role" and fits(asked, (speaker.name,))):
        return True
    wanted = [t for t in _tokens(asked) if t not in {"the", "a", "an", "former"}]
    titles = {t for t in wanted if t in TITLES or t in ROLE_WORDS}
    # A rank goes before a person's name; in an institution's it is part of it ("Foreign Office").
    names = [t for t in wanted if t not in titles] if speaker.kind != "organisation" else wanted
    ranks = titles - COURTESY_TITLES - GIVEN_NAME_TITLES
    held = {t for phrase in (speaker.name, *speaker.aliases, *speaker.roles) for t in _tokens(phrase)}
    forms = [_tokens(form) for form in (speaker.name, *speaker.aliases)]
    return bool(names) and any(_named(names, form, not ranks or bool(ranks & held)) for form in forms)


def _named(names: Sequence[str], form: Sequence[str], titled: bool) -> bool:
    """Do the asked name words name this form of a speaker's name?

    One word that is not the form's last ("Harry" of Harry Potter) names it only when the rank
    asked with it ("Prince Harry") is the speaker's too, or none is asked ("Xi", "Sir Keir")."""
    if not all(t in form for t in names):
        return False
    return len(names) > 1 or len(form) == 1 or form[-1] == names[0] or titled
