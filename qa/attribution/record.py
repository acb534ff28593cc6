"""What attribution hands on: a typed speaker for each quote, and the quotes of one paragraph.

A speaker is a person, an organisation ("the firm said in a statement"), a role with no
name ("a spokeswoman for the club", "analysts") or unknown; the kinds are never merged,
so "What did the Premier say?" can match a role while `qa people` lists people apart
from institutions. Stored with the index as JSON Lines and read back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KINDS = ("person", "organisation", "role", "unknown")
FORMS = ("direct", "indirect", "both")
GENDERS = ("m", "f", "")  # as the lexicon's titles and pronouns give it


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said something, as the article names them: the fullest name, every role, other forms."""

    kind: str  # one of KINDS
    name: str
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    gender: str = ""  # "m" or "f" where the article says (a title, a pronoun it resolved); "" not known

    @property
    def role(self) -> str:
        return self.roles[0] if self.roles else ""

    def named_in(self, text: str) -> tuple[int, int] | None:
        """Where the text first names the speaker: by the name, else the longest other form it uses."""
        for form in (self.name, *sorted(self.aliases, key=len, reverse=True)):
            at = text.find(form)
            if form and at >= 0:
                return (at, at + len(form))
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "roles": list(self.roles),
            "aliases": list(self.aliases),
            **({"gender": self.gender} if self.gender else {}),
        }

    @staticmethod
    def from_json(row: Mapping[str, Any]) -> Speaker:
        kind = str(row["kind"])
        if kind not in KINDS:
            raise ValueError(f"unknown speaker kind {kind!r}")
        roles, aliases = tuple(map(str, row["roles"])), tuple(map(str, row["aliases"]))
        gender = str(row.get("gender") or "")
        if gender not in GENDERS:
            raise ValueError(f"unknown speaker gender {gender!r}")
        return Speaker(kind, str(row["name"]), roles, aliases, gender)


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One speaker's words in one paragraph: quoted (direct) or reported (indirect), as spans."""

    paragraph: int
    spans: tuple[tuple[int, int], ...]
    speaker: Speaker | None  # None: the article does not say who
    form: str = "direct"  # one of FORMS: quoted words, reported ones, or both

    @property
    def person(self) -> str | None:
        """The speaker's name when the speaker is a named person, else None."""
        speaker = self.speaker
        return speaker.name if speaker is not None and speaker.kind == "person" else None

    def to_json(self) -> dict[str, Any]:
        speaker = self.speaker.to_json() if self.speaker is not None else None
        return {
            "paragraph": self.paragraph,
            "spans": [list(s) for s in self.spans],
            "speaker": speaker,
            "form": self.form,
        }

    @staticmethod
    def from_json(row: Mapping[str, Any]) -> QuoteRecord:
        spans = tuple((int(a), int(b)) for a, b in row["spans"])
        speaker = Speaker.from_json(row["speaker"]) if row.get("speaker") is not None else None
        form = str(row.get("form", "direct"))
        if form not in FORMS:
            raise ValueError(f"unknown quote form {form!r}")
        return QuoteRecord(int(row["paragraph"]), spans, speaker, form)
