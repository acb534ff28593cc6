"""Who a pronoun in a follow-up stands for: the latest person named that it agrees with.

"he" and "she" agree with a person of that gender or of a gender the index does not
know; "they" with anyone. The gender is the one the index keeps for a speaker (an
honorific or a pronoun the article resolved to them, `qa.attribution.cast`), else the
title typed with the name ("Mr Smith"). When no one earlier agrees, the follow-up
is not guessed at: the reply asks who is meant and names the people it could be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.answering.answer import Answer
from qa.answering.decline import Evidence
from qa.language.lexicon import PRONOUNS, TITLE_GENDER
from qa.language.names import fits_short_form

KEPT = 5  # people a follow-up may point back to, latest first


@dataclass(frozen=True, slots=True)
class Referent:
    """A person a later pronoun may mean, with the gender known of them ("" not known)."""

    name: str
    gender: str = ""

    def agrees(self, pronoun: str) -> bool:
        wanted = PRONOUNS[pronoun.lower()].gender
        return not wanted or not self.gender or wanted == self.gender


def referent(name: str, answer: Answer) -> Referent:
    """The person `name` stands for among the answer's speakers (full name, gender the index gives),
    else `name` with the gender its typed title implies ("Mr Smith")."""
    speakers = {
        c.speaker
        for c in answer.citations
        if c.speaker is not None
        and c.speaker.kind == "person"
        and _same_person(name, c.speaker.name, c.speaker.aliases)
    }
    genders = {s.gender for s in speakers if s.gender}
    full = max((s.name for s in speakers), key=lambda n: len(n.split()), default=name)
    if genders:
        return Referent(full, genders.pop() if len(genders) == 1 else "")
    title = name.split()[0].strip(".").lower() if len(name.split()) > 1 else ""
    return Referent(full, TITLE_GENDER.get(title, ""))


def _same_person(name: str, full: str, aliases: Sequence[str]) -> bool:
    return name == full or name in aliases or fits_short_form(name, full) or fits_short_form(full, name)


def remember(people: Sequence[Referent], person: Referent) -> tuple[Referent, ...]:
    """`people` with `person` first (a gender newly known kept), each person once."""
    same = [p for p in people if _same_person(person.name, p.name, ())]
    gender = person.gender or next((p.gender for p in same if p.gender), "")
    name = max([person.name, *(p.name for p in same)], key=lambda n: len(n.split()))
    rest = [p for p in people if p not in same]
    return (Referent(name, gender), *rest)[:KEPT]


def who_is_meant(
    question: str, pronoun: str, named: Sequence[Referent], earlier: Sequence[Referent], example: str | None
) -> Answer:
    """The reply to a follow-up whose pronoun no earlier person fits: a question back, never a guess.

    `named` are the people of this conversation (none of whom agree), `earlier` those of the
    topics before it that do agree: the people it could be."""
    ask = f"Who do you mean by “{pronoun}”?"
    if earlier:
        hint = f", for example “{example}”" if example else ""
        names = ", ".join(p.name for p in earlier)
        text = f"{ask} Named before this topic: {names}. Ask again with the name{hint}."
    elif named:
        text = f"{ask} No one named so far fits it ({', '.join(p.name for p in named)}): ask again with the name."
    else:
        text = f"{ask} No one has been named yet: ask again with the name."
    evidence = Evidence(0.0, 0.0, kind="unclear")
    return Answer(question, text, True, 0.0, (), evidence, unclear=pronoun)
