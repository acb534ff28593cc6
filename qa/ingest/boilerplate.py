"""Captions, calls to action and newsletter prompts: kept in the index, never ranked above text.

Such lines repeat a story's names and keywords ("The announcement was made by ...
Jake Sullivan (Picture: EPA)"), so they match questions well while saying nothing
new. They stay searchable, but their score is halved (`qa.answering.retrieve.demote`).
"""

from __future__ import annotations

import re

_PATTERNS = re.compile(
    r"\((?:Picture|Pictures|Photo|Image|Credit)s?:[^)]*\)\s*$"
    r"|\(pictured\b"
    r"|^(?:Follow|Sign up|Subscribe|Got a story|For more stories|Read more|Click here|Watch|Listen|Share this)\b"
    r"|\bVote in our poll\b|\bpush alerts\b|\bnewsletter\b|\bon Twitter and Facebook\b",
    re.IGNORECASE,
)


def is_boilerplate(text: str) -> bool:
    return _PATTERNS.search(text) is not None
