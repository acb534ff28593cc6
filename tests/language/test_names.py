"""The one name parser: find, clean, split, resolve and test names, on sentences written here."""

import pytest

from qa.language.names import (
    PERSON_NAME_RE,
    PROPER_NAME_RE,
    clean_name,
    fits_short_form,
    is_full_name,
    is_name,
    is_title,
    names_someone,
    short_form_of,
    split_role,
)


def test_split_role():
    assert split_role("Treasury Minister Victoria Atkins") == ("Victoria Atkins", "Treasury Minister")
    assert split_role("Lord Ricketts") == ("Lord Ricketts", "")
    assert split_role("United Nations Vassily Nebenzia") == ("Vassily Nebenzia", "United Nations")
    assert split_role("Mr Jones") == ("Jones", "")


@pytest.mark.parametrize(
    ("phrase", "clean"),
    [
        ("But Mr Lammy", "Mr Lammy"),
        ("Britain's Prime Minister", "Prime Minister"),
        ("Helen Clark’s", "Helen Clark"),
        ("The Mayor", "Mayor"),
    ],
)
def test_clean_name_drops_function_words_and_possessives(phrase, clean):
    assert clean_name(phrase) == clean


@pytest.mark.parametrize(
    ("short", "full", "fits"),
    [
        ("Sullivan", "Jake Sullivan", True),
        ("Mr Sullivan", "Jake Sullivan", True),
        ("Sir Keir", "Keir Starmer", True),
        ("Dame Judi", "Judi Dench", True),
        ("Mr Keir", "Keir Starmer", False),  # a courtesy title goes with the surname
        ("Keir", "Keir Starmer", False),
        ("Jake Sullivan", "Jake Sullivan", False),  # not a short form: the full name itself
    ],
)
def test_short_forms(short, full, fits):
    assert fits_short_form(short, full) is fits


def test_short_form_of_keeps_the_order_given():
    assert short_form_of("Smith", ["Anna Smith", "Tom Jones", "Bob Smith"]) == ["Anna Smith", "Bob Smith"]


def test_full_names_and_titles():
    assert is_full_name("Anna Smith") and not is_full_name("Mr Smith") and not is_full_name("Smith")
    assert is_title("Dr.") and is_title("sir") and not is_title("Doctor")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Tom Sharpe", True),
        ("Mr Lammy", True),
        ("Sunak", True),
        ("Charles de Gaulle", True),
        ("the convention", False),
        ("Prime Minister", False),
        ("I", False),
        ("", False),
    ],
)
def test_is_name(phrase, expected):
    assert is_name(phrase) is expected


def test_names_someone_tells_a_name_from_a_role_whatever_the_case():
    assert names_someone("sullivan") and names_someone("the Treasury Minister Atkins")
    assert not names_someone("the Treasury Minister") and not names_someone("a former spokesman")


def test_person_names_in_text():
    text = "Ukrainian President Volodymyr Zelensky met J. K. Rowling and Charles de Gaulle in iPhone land."
    found = [m.group() for m in PERSON_NAME_RE.finditer(text)]
    assert found == ["Ukrainian President Volodymyr Zelensky", "J. K. Rowling", "Charles de Gaulle"]


def test_proper_names_take_joiners():
    text = "The Bank of England raised rates; J. Smith said so."
    assert [m.group() for m in PROPER_NAME_RE.finditer(text)] == ["The Bank of England", "J. Smith"]
