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

    verb: str | None = None  # the verb of the command line being parsed, once known

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        words = list(sys.argv[1:] if args is None else args)
        self.verb = next((w for w in words if w in self._verbs()), None)
        return super().parse_known_args(words, namespace)

    def _verbs(self) -> dict[str, argparse.ArgumentParser]:
        found: dict[str, argparse.ArgumentParser] = {}
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                found.update(action.choices)
        return found

    def flags(self, verb: str | None = None) -> list[str]:
        """The option strings of this parser and of one verb's parser (every verb's without one)."""
        found = [flag for action in self._actions for flag in action.option_strings]
        for name, parser in self._verbs().items():
            if verb is None or name == verb:
                found += [flag for sub in parser._actions for flag in sub.option_strings]
        return sorted(set(found))

    def suggestion(self, message: str) -> str:
        choice = _INVALID_CHOICE.search(message)
        if choice is not None and not NATIVE_SUGGESTIONS:
            choices = re.findall(r"'([^']*)'", choice.group("choices"))
            match = close_match(choice.group("word"), choices)
            return f"; did you mean '{match}'?" if match else ""
        unknown = _UNRECOGNIZED.search(message)
        if unknown is None:
            return ""
        for word in (w.split("=", 1)[0] for w in unknown.group("words").split() if w.startswith("-")):
            others = [name for name, parser in self._verbs().items() if word in self.flags(name)]
            match = close_match(word, self.flags(self.verb))
            if match:
                return f"; did you mean '{match}'?"
            if others:
                return f"; {word} is an option of {', '.join(f'qa {name}' for name in others)}"
        return ""

    def error(self, message: str) -> NoReturn:
        super().error(message + self.suggestion(message))
