"""Attribution invariants over generated articles: what must hold whoever speaks and however it is written.

The table tests pin the speaker of forms we thought of; these generate small articles
from templates (random names with particles and non-ASCII letters, titles, roles, every
speech verb, three quote-mark styles, varied punctuation) and check what the index
relies on whatever the parse makes of them: names are spans of the text, cut at word
ends; spans stay inside their paragraph; no quoted words go to two speakers; kinds and
forms are the ones the record knows. Few examples, since each one runs spaCy.
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.attribution.annotations import annotate
from qa.attribution.record import FORMS, KINDS, QuoteRecord
from qa.ingest.paragraphs import Paragraph, split_paragraphs
from qa.language.lexicon import NAME_PARTICLES, SPEECH_VERBS

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GIVEN = ["Harriet", "Élodie", "Søren", "Zoë", "Óscar", "Ngozi", "Tomasz", "Aisling", "Jürgen", "Kamal"]
SURNAMES = ["Brannock", "Núñez", "Kowalczyk", "Ødegaard", "Fairweather", "Castellano", "Okafor", "Łukasik"]
UPPER = "ABCDEFGHKLMNPRSTVWÉÖŁÁŽ"
LOWER = "abcdefghiklmnoprstuvyéöüñçøå"
TITLES = ["", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord"]
ROLES = ["chief executive of Acme", "the shadow chancellor", "a spokeswoman for the council", "an analyst"]
PRE_ROLES = ["", "Health Minister", "Treasurer", "French President", "Rovers manager"]
VERBS = sorted({form for verb in SPEECH_VERBS for form in (verb.past, verb.present)})
MARKS = [("“", "”"), ('"', '"'), ("‘", "’")]
QUOTES = ["We will not back down", "Prices are too high", "It was a good day for the club", "Nobody saw it"]
CLAUSES = ["the plan would go ahead", "profits had fallen", "the vote was rushed", "nothing would change"]
PRONOUNS = ["he", "she", "they", "it"]

invented = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(UPPER),
    st.text(alphabet=LOWER, min_size=2, max_size=7),
)
given_name = st.one_of(st.sampled_from(GIVEN), invented)
surname = st.one_of(st.sampled_from(SURNAMES), invented)
particle = st.one_of(st.just(""), st.sampled_from(NAME_PARTICLES))


@st.composite
def names(draw: st.DrawFn) -> str:
    """A person as copy names them: maybe a role or title first, maybe a particle inside."""
    words = [draw(st.sampled_from(PRE_ROLES)), draw(st.sampled_from(TITLES)), draw(given_name)]
    words += [draw(particle), draw(surname)]
    return " ".join(w for w in words if w)


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """One paragraph from one of the shapes news copy reports speech in."""
    name = draw(names())
    verb = draw(st.sampled_from(VERBS))
    opener, closer = draw(st.sampled_from(MARKS))
    words = draw(st.sampled_from(QUOTES))
    inner = draw(st.sampled_from([",", ".", "!", "?", ""]))
    end = draw(st.sampled_from([".", "!", "", "?", ";", " —", "...", ")"]))
    quote = f"{opener}{words}{inner}{closer}"
    clause = draw(st.sampled_from(CLAUSES))
    shapes = [
        f"{name} {verb}: {quote}",
        f"{quote} {verb} {name}{end}",
        f"{quote} {name} {verb}{end}",
        f"{quote} {verb} {name}, {draw(st.sampled_from(ROLES))}{end}",
        f"{name}, {draw(st.sampled_from(ROLES))}, {verb} that {clause}{end}",
        f"According to {name}, {clause}{end}",
        f"{quote} {draw(st.sampled_from(PRONOUNS))} {verb}{end}",
        f"{name} met {draw(names())}. {quote} {draw(st.sampled_from(PRONOUNS))} {verb}{end}",
        f"{name} and {draw(names())} {verb}: {quote}",  # a joint subject: the quote still has one owner
        f"{quote} {verb} {name} and {draw(names())}{end}",
        f"{name}: {clause}{end}",
        f"The report ({name} {verb}) was late{end}",
        f"{quote} — {name}{end}",
        f"Q: Did {name} say {quote}",
        f"{opener}{words}{inner}",  # a quote left open: it runs on into the next paragraph
        f"{opener}{words}{inner}{closer}",
    ]
    return draw(st.sampled_from(shapes))


articles = st.lists(paragraphs(), min_size=1, max_size=3).map("\n\n".join)


def _annotated(text: str) -> tuple[list[Paragraph], tuple[QuoteRecord, ...]]:
    found = split_paragraphs("generated.txt", text)
    return found, annotate(found).quotes


@SETTINGS
@given(articles)
def test_speaker_names_are_whole_words_of_the_text(text):
    _, quotes = _annotated(text)
    for record in quotes:
        if record.speaker is None:
            continue
        name = record.speaker.name
        assert name and name == name.strip(), record.speaker
        assert name in text, record.speaker
        assert name.split()[-1] not in NAME_PARTICLES, record.speaker
        assert not unicodedata.category(name[-1]).startswith("P"), record.speaker


@SETTINGS
@given(articles)
def test_spans_lie_inside_their_paragraph(text):
    found, quotes = _annotated(text)
    for record in quotes:
        assert 0 <= record.paragraph < len(found)
        length = len(found[record.paragraph].text)
        assert record.spans, record
        for start, end in record.spans:
            assert 0 <= start < end <= length, record


@SETTINGS
@given(articles)
def test_no_words_of_a_paragraph_go_to_two_speakers(text):
    _, quotes = _annotated(text)
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for record in quotes:
        by_paragraph.setdefault(record.paragraph, []).extend(record.spans)
    for spans in by_paragraph.values():
        ordered = sorted(spans)
        for (_, end), (start, _) in pairwise(ordered):
            assert end <= start, (text, quotes)


@SETTINGS
@given(articles)
def test_kinds_and_forms_are_the_known_ones(text):
    _, quotes = _annotated(text)
    for record in quotes:
        assert record.form in FORMS
        assert record.speaker is None or record.speaker.kind in KINDS
