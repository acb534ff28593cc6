"""Index-time notes: speakers with their roles, captions and repeated paragraphs."""

from qa.attribution.annotations import BOILERPLATE, REPEAT, annotate, quotes_from_jsonl, quotes_to_jsonl
from qa.ingest.paragraphs import Paragraph, split_paragraphs
from tests.conftest import DEFAULT_CORPUS

ARTICLE = "004_000a7fc3f8c0d5df.txt"


def _notes():
    path = DEFAULT_CORPUS / ARTICLE
    return annotate(split_paragraphs(ARTICLE, path.read_text(encoding="utf-8")))


def test_roles_given_anywhere_in_the_article_travel_with_every_quote():
    roles = {q.paragraph: (q.person, q.speaker.roles if q.speaker else ()) for q in _notes().quotes}
    assert roles[57][0] == "Tom Sharpe" and "Former Navy commander" in roles[57][1]  # a continuation
    assert "Poland's Prime Minister" in roles[36][1]
    assert "Ukrainian President" in roles[26][1]  # the role is given in a caption, not beside the quote


def test_the_same_words_elsewhere_credit_an_unattributed_quote():
    text = [
        "Ray Stone said: “The plan will fail because nobody ever funded it.”",
        "The council met on Tuesday.",
        "Posters across town read “the plan will fail because nobody ever funded it” in red.",
        "Another poster read “no to the plan” in blue.",
    ]
    quotes = annotate([Paragraph("d", i, i + 1, 0, t) for i, t in enumerate(text)]).quotes
    speakers = {q.paragraph: q.person for q in quotes}
    assert speakers[2] == "Ray Stone"  # the same words, quoted with no act of saying
    assert speakers[3] is None  # a quote nobody in the article is credited with stays open


def test_captions_and_repeats_are_flagged():
    flags = _notes().flags
    assert flags[6] & REPEAT and flags[7] & REPEAT  # captions repeating the first two paragraphs
    assert not flags[0] and not flags[11]
    assert flags[62] & BOILERPLATE  # "(pictured in May 2024)"


def test_quotes_round_trip_through_jsonl():
    quotes = {ARTICLE: _notes().quotes}
    lines = quotes_to_jsonl(quotes).splitlines()
    assert {doc: tuple(found) for doc, found in quotes_from_jsonl(lines).items()} == quotes


def test_a_speaker_keeps_the_gender_the_article_gives_and_it_is_stored():
    text = [
        "Mr Ray Stone said: “The plan will fail.”",
        "Ann Hale, the council leader, disagreed.",
        "“It will not,” she said.",
        "Sam Reed said: “Wait and see.”",
    ]
    quotes = annotate([Paragraph("d", i, i + 1, 0, t) for i, t in enumerate(text)]).quotes
    genders = {q.person: q.speaker.gender for q in quotes if q.speaker is not None}
    assert genders == {"Ray Stone": "m", "Ann Hale": "f", "Sam Reed": ""}  # a title, a pronoun, nothing
    stored = quotes_from_jsonl(quotes_to_jsonl({"d": quotes}).splitlines())
    assert stored == {"d": list(quotes)}  # kept with the index, read back the same
