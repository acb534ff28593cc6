"""The argument parser of `qa`: a usage error names the verb or flag that was probably meant.

Python 3.14's argparse suggests verbs by itself (`suggest_on_error`); on older versions, and
for flags on every version, a close match of our own is added to the error line.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from typing import Any, NoReturn

_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<word>[^']*)' \(choose from (?P<choices>.*)\)")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<words>.*)")
NATIVE_SUGGESTIONS = sys.version_info >= (3, 14)


def parser_options() -> dict[str, Any]:
    """Keyword arguments for every parser of `qa` (3.14's own suggestions where there are any)."""
    return {"suggest_on_error": True} if NATIVE_SUGGESTIONS else {}


def close_match(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors end with "did you mean …?" when a close match exists."""

    def flags(self) -> list[str]:
        """Every option string of this parser and of its verbs' parsers."""
        found = [flag for action in self._actions for flag in action.option_strings]
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for parser in action.choices.values():
                    found += [flag for sub in parser._actions for flag in sub.option_strings]
        return sorted(set(found))

    def suggestion(self, message: str) -> str:
        choice = _INVALID_CHOICE.search(message)
        if choice is not None and not NATIVE_SUGGESTIONS:
            choices = re.findall(r"'([^']*)'", choice.group("choices"))
            match = close_match(choice.group("word"), choices)
            return f"; did you mean '{match}'?" if match else ""
        unknown = _UNRECOGNIZED.search(message)
        if unknown is not None:
            flags = self.flags()
            for word in unknown.group("words").split():
                match = close_match(word.split("=", 1)[0], flags) if word.startswith("-") else None
                if match:
                    return f"; did you mean '{match}'?"
        return ""

    def error(self, message: str) -> NoReturn:
        super().error(message + self.suggestion(message))
