"""`--filter KEY:VALUE` for `qa ask` and `qa batch`: the filters a question can type, given once for all.

A malformed value is a usage error (exit 2), found while parsing, before any index is
opened; the same filter typed inside a question is that question's error instead.
"""

from __future__ import annotations

import argparse
from functools import reduce

from qa.answering.filters import KEYS, NO_FILTERS, Filters, parse
from qa.errors import QuestionError, UsageError


def _filter(value: str) -> Filters:
    try:
        return parse(value)
    except QuestionError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def complete_filter(prefix: str, **_: object) -> list[str]:
    """Shell completion of a --filter value: the keys, each with its colon (argcomplete calls it)."""
    return [f"{key}:" for key in KEYS if f"{key}:".startswith(prefix)]


def add_filter_option(parser: argparse.ArgumentParser) -> None:
    option = parser.add_argument(
        "--filter",
        dest="filters",
        metavar="KEY:VALUE",
        type=_filter,
        action="append",
        default=[],
        help=f"only articles that match ({', '.join(k + ':' for k in KEYS)}); repeatable, "
        "e.g. --filter source:metro --filter since:2024-09",
    )
    option.completer = complete_filter  # type: ignore[attr-defined]  # argcomplete reads it


def filters_from(args: argparse.Namespace) -> Filters:
    """Every --filter given, combined; `since` or `until` twice is a usage error."""
    try:
        return reduce(Filters.__add__, getattr(args, "filters", []), NO_FILTERS)
    except QuestionError as error:
        raise UsageError(f"--filter: {error}") from None
