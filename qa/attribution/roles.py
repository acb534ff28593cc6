"""What the articles call a person: "Former Navy commander", "Poland's Prime Minister".

Readers ask by role as often as by name ("what did the Treasury Minister say?"), and
news copy gives the role once, next to the full name: before it ("Ukrainian President
Volodymyr Zelensky", "Russia's ambassador to the United Nations Vassily Nebenzia") or
as an apposition after it ("John Kirby, a spokesman for the US national security
council,"). A role asked for matches a role given when every word of it is there,
allowing for demonyms ("Polish" / "Poland's") and acronyms ("UN" / "United Nations").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.language.lexicon import (
    DEMONYMS,
    GENERIC_ROLE_WORDS,
    ROLE_CLAUSE_VERBS,
    ROLE_CONNECTORS,
    ROLE_WORDS,
    STOPWORDS,
    TITLES,
)
from qa.language.text import unpossessive

_CLAUSE_VERBS = "|".join(v.replace(" ", r"\s+") for v in ROLE_CLAUSE_VERBS)
_WORD = re.compile(r"[\w’'\-]+")
_PREPOSITIONS = "|".join(sorted(ROLE_CONNECTORS - {"the"}))
_COMPLEMENT = re.compile(rf",|\s(?:{_PREPOSITIONS})\s", re.IGNORECASE)  # where a role's head ends
_POSSESSIVE = re.compile(r"[\w\-]+[’']s\b")
_APPOSITION = re.compile(
    rf"\s*,\s*(?:who\s+(?:{_CLAUSE_VERBS})\s+)?(?:a|an|the)\s+"
    r"(?P<role>[^,;:.“”\"‘()]{3,80}?)\s*[,;.)]"
)


def words(phrase: str) -> list[str]:
    """Lower-case words with possessives dropped: "Russia's" -> "russia"."""
    found = []
    for word in _WORD.findall(phrase):
        word = unpossessive(word.lower()).strip("’'-")
        if word:
            found.append(word)
    return found


def _acronyms(phrase: str) -> set[str]:
    """Initials of each run of capitalised words: "United Nations" -> "un"."""
    found: set[str] = set()
    run: list[str] = []
    for word in [*phrase.split(), "."]:
        if word[:1].isupper() and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 2:
            found.add("".join(w[0] for w in run).lower())
        run = []
    return found


def role_before(text: str, start: int) -> str:
    """The role phrase standing right before a name at `start`, or "".

    Walks left over role words, capitalised words, possessives and connectors
    ("ambassador to the United Nations"), letting a lower-case word or two through
    when a role word stands further left ("US climate change envoy").
    """
    lead = text[max(0, start - 120) : start]
    lead = lead[max(lead.rfind(mark) for mark in '.!?:;,“”"‘()—') + 1 :]  # a role stays in its clause
    kept: list[str] = []
    loose = 0  # lower-case words taken on trust since the last role word
    for match in reversed(list(_WORD.finditer(lead))):
        word = match.group()
        bare = unpossessive(word.lower())
        if bare in STOPWORDS - ROLE_CONNECTORS or len(kept) >= 10:
            break
        role_like = bare in ROLE_WORDS - {"the"} or word[:1].isupper() or word.endswith(("’s", "'s"))
        if not role_like and bare not in ROLE_CONNECTORS:
            loose += 1
            if loose > 2:
                break
        elif role_like:
            loose = 0
        kept.append(word)
    kept = kept[: len(kept) - loose]  # kept runs right to left: the trusted words at its end go
    kept.reverse()
    while kept and (
        kept[0].lower() in ROLE_CONNECTORS or (kept[0][:1].islower() and kept[0].endswith(("’s", "'s")))
    ):
        kept.pop(0)  # "the country's prime minister": the country is said elsewhere, the job here
    content = [w for w in words(" ".join(kept)) if w not in ROLE_CONNECTORS]
    if (
        not content or content[-1] not in ROLE_WORDS - GENERIC_ROLE_WORDS
    ):  # "Zelensky meets": no role next to the name
        return ""
    return " ".join(kept)


def is_role(phrase: str) -> bool:
    """Says something of a job: "Shadow Chancellor", not just "the US"."""
    return any(w in ROLE_WORDS - GENERIC_ROLE_WORDS for w in words(phrase))


def role_after(text: str, end: int) -> str:
    """An apposition right after a name: 'John Kirby, a spokesman for the council,' or
    'Lord Ricketts, who served as the UK's first national security adviser,' -> the role."""
    match = _APPOSITION.match(text, end)
    if match is None:
        return ""
    role = match.group("role").strip()
    if len(role.split()) > 8:
        return ""
    return role if is_role(role) else ""


def _same(asked: str, given: str) -> bool:
    if asked == given or DEMONYMS.get(asked) == given or DEMONYMS.get(given) == asked:
        return True
    return len(asked) >= 5 and len(given) >= 5 and asked[:5] == given[:5]  # Ukrainian / Ukraine


def _head(phrase: str) -> str:
    """The word a role phrase is about: "director general of Age Concern" -> "general"."""
    found = words(_COMPLEMENT.split(phrase, maxsplit=1)[0])
    return found[-1] if found else ""


def _own_words(role: str) -> set[str]:
    """The role's words after its last possessive: in "President Biden's national security
    adviser" the president is someone else, the role is the adviser."""
    return set(words(_POSSESSIVE.split(role)[-1]))


def fits(asked: str, roles: Iterable[str]) -> bool:
    """Does the role asked for ("the Polish prime minister") describe one of these roles?

    Every word asked must be in a single role given (or its acronyms), its head among the
    role's own words (not a possessive's); a former holder is only meant when the question
    says "former".
    """
    wanted = [w for w in words(asked) if w not in ROLE_CONNECTORS | {"a", "an"} and w not in TITLES]
    if not wanted:
        return False
    head = _head(asked)
    for role in roles:
        given = words(role)
        vocabulary = set(given) | _acronyms(role)
        if "former" in given and "former" not in wanted:
            continue
        own = _own_words(role) | _acronyms(role)
        if all(any(_same(w, g) for g in vocabulary) for w in wanted) and any(_same(head, g) for g in own):
            return True
    return False
