"""Names of people, read the one way every stage shares: find, clean, split, resolve, test.

A person's name in news copy is a run of capitalised words, perhaps with a particle
("de", "van") or an initial ("J."), perhaps behind a title ("Sir Keir") or a role
("Treasury Minister Victoria Atkins"). Attribution reads speakers with these
functions, conversations read the person a follow-up means, people merges short
forms into full names: one parser, so a fix reaches all of them. The words come from
`qa.language.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from qa.language.lexicon import (
    COURTESY_TITLES,
    GENERIC_ROLE_WORDS,
    GIVEN_NAME_TITLES,
    NAME_PARTICLES,
    PROPER_NAME_JOINERS,
    ROLE_WORDS,
    STOPWORDS,
    TITLES,
)

# Capitals beyond ASCII too: "Édouard Philippe", "Łukasz", "Šefčovič".
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_WORD = rf"[{UPPER}][\w’'\-]*\.?"
# A particle counts only as a whole word before another capitalised one: "Charles de Gaulle",
# never the "de" of "declined" or a trailing "al" of "also".
PERSON_NAME = rf"(?:{_WORD})(?:\s+(?:(?:{'|'.join(NAME_PARTICLES)})\s+)?{_WORD})*"
PERSON_NAME_RE = re.compile(rf"\b{PERSON_NAME}")
# A proper name of any kind, joiners and initials allowed: "Bank of England", "George W. Bush".
PROPER_NAME_RE = re.compile(
    rf"\b[{UPPER}][\w’'\-]*(?:\.(?=\s[{UPPER}]))?"
    rf"(?:\s+(?:(?:{'|'.join(PROPER_NAME_JOINERS)})\s+)?[{UPPER}][\w’'\-]*)*"
)


def is_title(word: str) -> bool:
    """ "Mr", "Dr.", "Sir": an honorific written before a name."""
    return word.strip(".").lower() in TITLES


def clean_name(phrase: str) -> str:
    """Drop possessives and capitalised function words that start a phrase ("But Mr Lammy", "Britain's")."""
    words = phrase.removesuffix("’s").removesuffix("'s").split()
    while words and (
        (words[0].lower() in STOPWORDS and words[0].lower() not in TITLES) or words[0].endswith(("’s", "'s"))
    ):
        words.pop(0)
    return " ".join(words)


def split_role(phrase: str) -> tuple[str, str]:
    """'Treasury Minister Victoria Atkins' -> ('Victoria Atkins', 'Treasury Minister')."""
    words = phrase.split()
    cut = 0
    while cut < len(words) - 1 and words[cut].strip(".").lower() in ROLE_WORDS | TITLES:
        cut += 1
    if len(words) - cut >= 4:  # "United Nations Vassily Nebenzia": an organisation, then the person
        cut = len(words) - 2
    name = " ".join(words[cut:])
    role = " ".join(w for w in words[:cut] if not is_title(w))
    if len(words) - cut == 1 and cut and words[cut - 1].strip(".").lower() in TITLES - COURTESY_TITLES:
        return f"{words[cut - 1]} {name}", " ".join(words[: cut - 1])  # "Lord Ricketts" is a name
    return name, role


def names_someone(phrase: str) -> bool:
    """Does the phrase hold a word that is neither a role, a title nor an article ("Sullivan",
    not "the Treasury Minister")?"""
    words = [w.strip(".,’'").lower() for w in phrase.split()]
    return any(w and w not in ROLE_WORDS and w not in TITLES and w not in GENERIC_ROLE_WORDS for w in words)


def is_name(phrase: str) -> bool:
    """ "Tom Sharpe", "Mr Lammy", "Sunak": capitalised words naming someone, not "the convention"
    or a role alone ("Prime Minister")."""
    words = phrase.split()
    if not words or not all(w[:1].isupper() for w in words if w.lower() not in NAME_PARTICLES):
        return False
    if len(words) == 1 and len(words[0]) < 2:  # "I", not a one-letter name
        return False
    return any(w.strip(".").lower() not in ROLE_WORDS | TITLES for w in words)


def names_in(text: str, *, first_word: bool = False) -> Iterator[re.Match[str]]:
    """Each run of capitalised words that names someone (`is_name`), in order; one at the text's
    start only when `first_word` says it is a name already, since a question's first word is
    capitalised anyway ("Where ...", "How ...")."""
    for match in PERSON_NAME_RE.finditer(text):
        if (match.start() or first_word) and is_name(match.group()):
            yield match


def is_full_name(name: str) -> bool:
    """Two words or more, not behind a title: the form short ones resolve to."""
    words = name.split()
    return len(words) >= 2 and not is_title(words[0])


def fits_short_form(short: str, full: str) -> bool:
    """Is `short` ("Sullivan", "Mr Sullivan", "Sir Keir") a short form of `full` ("Keir Starmer")?

    A surname stands for its full name; behind Sir, Dame or Lady a given name does.
    """
    words = short.split()
    bare = [w for w in words if not is_title(w)]
    if len(bare) != 1:
        return False
    parts = full.split()
    title = words[0].strip(".").lower() if len(words) > 1 else ""
    return bare[0] == parts[-1] or (title in GIVEN_NAME_TITLES and bare[0] == parts[0])


def short_form_of(short: str, full_names: Sequence[str]) -> list[str]:
    """The full names `short` may stand for, in the order given."""
    return [full for full in full_names if fits_short_form(short, full)]
