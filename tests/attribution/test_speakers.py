"""Quote attribution on the default corpus, against speakers checked by hand."""

import pytest

from qa.attribution.annotations import annotate
from qa.attribution.record import QuoteRecord, Speaker
from qa.attribution.speakers import matches
from qa.ingest.paragraphs import Paragraph, split_paragraphs
from tests.conftest import DEFAULT_CORPUS

# (document prefix, paragraph) -> speaker, read off the articles by hand: every paragraph that
# holds a named person's direct quote, continuation paragraphs included.
EXPECTED = {
    ("000", 3): "John Kerry",
    ("000", 6): "Victoria Atkins",
    ("000", 7): "Rachel Reeves",
    ("000", 9): "Rachel Reeves",  # opens with a quote mark after the poll line: Reeves continues
    ("000", 10): "Lord Ricketts",
    ("000", 11): "Lord Ricketts",
    ("000", 12): "Lord Ricketts",
    ("003", 6): "Jake Sullivan",  # "Mr Sullivan said:" resolved to the full name given earlier
    ("003", 7): "Jake Sullivan",
    ("003", 8): "Jake Sullivan",
    ("004", 2): "John Kirby",
    ("004", 11): "Keir Starmer",  # "Sir Keir told reporters:"
    ("004", 12): "Keir Starmer",
    ("004", 13): "Keir Starmer",
    ("004", 14): "Keir Starmer",
    (
        "004",
        16,
    ): None,  # "Moscow warning the UN that ...": Moscow's (an organisation), though ¶51 gives them to Nebenzia
    ("004", 26): "Volodymyr Zelensky",  # "He posted on X:" after "Mr Zelensky questioned ..."
    ("004", 27): "Volodymyr Zelensky",
    ("004", 28): "Boris Johnson",  # "The former Prime Minister said:" after "he met Boris Johnson"
    ("004", 29): "Boris Johnson",
    ("004", 36): "Donald Tusk",  # "He said:" after "prime minister Donald Tusk suggested"
    ("004", 49): "David Lammy",
    ("004", 51): "Vassily Nebenzia",
    ("004", 56): "Tom Sharpe",
    ("004", 57): "Tom Sharpe",
    ("004", 58): "Tom Sharpe",
    ("004", 59): "Tom Sharpe",
    ("004", 60): "Chris Parry",
    ("004", 61): "Chris Parry",
    ("004", 63): "Vassily Nebenzia",
}
PRONOUNS_AND_TITLES = {"he", "she", "they", "mr", "sir", "lord", "the prime minister", "prime minister"}


@pytest.fixture(scope="module")
def records() -> dict[tuple[str, int], QuoteRecord]:
    """Each paragraph's quoted words and who said them (reported speech left out: the hand list is quotes)."""
    found = {}
    for path in sorted(DEFAULT_CORPUS.glob("*.txt")):
        for record in annotate(split_paragraphs(path.name, path.read_text(encoding="utf-8"))).quotes:
            key = (path.name[:3], record.paragraph)
            if record.form != "indirect" and (key not in found or record.person):
                found[key] = record  # a named person's quote before a role's in the same paragraph
    return found


def test_every_hand_checked_quote_paragraph_has_its_speaker(records):
    wrong = {key: records[key].person if key in records else None for key in EXPECTED}
    assert {key: who for key, who in wrong.items() if who != EXPECTED[key]} == {}


def test_no_pronoun_or_bare_title_is_a_speaker(records):
    speakers = {r.person for r in records.values() if r.person}
    assert not {s for s in speakers if s.lower() in PRONOUNS_AND_TITLES - {"the prime minister"}}
    # a role with no name nearby stays a role, never posing as a person's name
    role = records[("000", 2)].speaker
    assert role is not None and role.kind == "role" and role.name == "Prime Minister"


def test_named_speakers_are_precise(records):
    named = {key: r.person for key, r in records.items() if r.person}
    extra = {key: who for key, who in named.items() if key not in EXPECTED}
    # the only attributions beyond the hand list are partial quotes credited in reported speech
    assert set(extra.values()) <= {
        "White House",
        "Keir Starmer",
        "Putin",
        "Vladimir Putin",
        "Volodymyr Zelensky",
        "John Healey",
    }


def test_an_institution_is_named_by_all_its_words():
    def organisation(name: str) -> QuoteRecord:
        return QuoteRecord(0, ((0, 1),), Speaker("organisation", name))

    assert matches("the Foreign Office", organisation("Foreign Office"))
    assert not matches("the Foreign Office", organisation("Home Office"))
    assert not matches("the Foreign Office", organisation("Office for National Statistics"))


@pytest.mark.parametrize(
    ("asked", "speaker", "role", "expected"),
    [
        ("Sullivan", "Jake Sullivan", "", True),
        ("Mr Sullivan", "Jake Sullivan", "", True),
        ("Sir Keir", "Keir Starmer", "", True),
        ("Prince Harry", "Harry Potter", "", False),  # a rank the speaker lacks, on a given name
        ("Prince Harry", "Harry", "prince", True),
        ("Xi", "Xi Jinping", "", True),  # a family name written first
        ("President Xi", "Xi Jinping", "president", True),
        ("the Treasury Minister", "Victoria Atkins", "Treasury Minister", True),
        ("Macron", "Jake Sullivan", "", False),
        ("the Prime Minister", "Victoria Atkins", "Treasury Minister", False),
    ],
)
def test_matches(asked, speaker, role, expected):
    roles = (role,) if role else ()
    assert matches(asked, QuoteRecord(0, ((0, 1),), Speaker("person", speaker, roles))) is expected


def test_quote_running_over_paragraphs_keeps_its_speaker():
    text = ["Anna Field said: ‘First part.", "‘Second part.", "‘Third part.’", "Unrelated line."]
    paragraphs = [Paragraph("d", i, i + 1, 0, t) for i, t in enumerate(text)]
    assert [(r.paragraph, r.person) for r in annotate(paragraphs).quotes] == [
        (0, "Anna Field"),
        (1, "Anna Field"),
        (2, "Anna Field"),
    ]
