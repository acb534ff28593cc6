"""Roles around names, and questions that ask for a person by role."""

import pytest

from qa.attribution.roles import fits, role_after, role_before


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Former Navy commander Tom Sharpe said:", "Tom Sharpe", "Former Navy commander"),
        ("US climate change envoy John Kerry told the BBC", "John Kerry", "US climate change envoy"),
        (
            "hammered home by Russia's ambassador to the United Nations",
            "United Nations",
            "Russia's ambassador to the",
        ),
        ("As he met Boris Johnson in Kyiv", "Boris Johnson", ""),
        ("President Zelensky meets Keir Starmer", "Keir Starmer", ""),
        ("in Kyiv. Treasury Minister Victoria Atkins", "Treasury Minister Victoria Atkins", ""),
        (
            "could target Polish military bases, the country's prime minister Donald Tusk",
            "Donald Tusk",
            "prime minister",
        ),
    ],
)
def test_role_before(text, name, expected):
    assert role_before(text, text.index(name)) == expected


def test_role_after_an_apposition():
    text = "John Kirby, a spokesman for the US national security council, announced"
    assert role_after(text, len("John Kirby")) == "spokesman for the US national security council"
    assert role_after("Anna Field, the author of three books, said", len("Anna Field")) == ""


@pytest.mark.parametrize(
    ("asked", "roles", "expected"),
    [
        ("the Treasury Minister", ["Treasury Minister"], True),
        ("the Polish prime minister", ["Poland's Prime Minister"], True),  # demonym
        ("Russia's UN ambassador", ["Russia's ambassador to the United Nations"], True),  # acronym
        ("the Ukrainian president", ["Ukrainian President"], True),
        ("the former Navy commander", ["Former Navy commander"], True),
        ("the Prime Minister", ["former Prime Minister"], False),  # a former holder only when asked
        ("the Polish prime minister", ["Britain's Prime Minister"], False),
        ("the Prime Minister", ["Treasury Minister"], False),
        ("Sullivan", ["national security advisor"], False),  # a name, not a role
        ("the President", ["President Biden's national security advisor"], False),  # the adviser is not
        ("the national security adviser", ["President Biden's national security adviser"], True),
        ("the chief executive of Qantas", ["Qantas chief executive officer"], True),  # "of" asks nothing
        ("the director general of Age Concern", ["director general of Age Concern England"], True),
    ],
)
def test_fits(asked, roles, expected):
    assert fits(asked, roles) is expected


def test_role_after_a_who_clause():
    text = "Lord Ricketts, who served as the UK's first national security adviser, said:"
    assert role_after(text, len("Lord Ricketts")) == "UK's first national security adviser"
    assert fits("the former national security adviser", ["UK's first national security adviser"]) is False
    assert fits("the national security adviser", ["UK's first national security adviser"]) is True
