"""`qa doctor`: check the model, the query encoder, the corpus and the index; say how to fix each problem.

One line per check on stdout (`ok`, `warn` or `FAIL`, the check, what was found), and
under a problem the command that fixes it. Exit 1 when any check failed, so a script
or CI can gate on it; warnings alone exit 0.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from qa.cli.common import add_engine_options
from qa.config import Settings
from qa.doctor import FAIL, WARN, diagnose
from qa.errors import EXIT_FAILURE, EXIT_OK
from qa.language.text import visible_name


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "doctor",
        help="check the model, the index and the corpus",
        description="Check that the bundled (or given) model loads from local files, that the ONNX query "
        "encoder agrees with it, and that the index exists, loads, and matches the corpus and the model. "
        "Each problem comes with the command that fixes it. Exit status 1 when something is wrong.",
    )
    add_engine_options(parser)
    parser.set_defaults(run=run)


def fix_options(settings: Settings) -> str:
    """The flags given on the command line, repeated so a fix command acts on the same corpus and index."""
    given = [
        (flag, value)
        for flag, key, value in (
            ("--corpus", "corpus", settings.corpus),
            ("--index", "index", settings.index_dir),
            ("--model", "model", settings.model),
            ("--milvus", "milvus", settings.milvus),
        )
        if settings.origin(key) == "command line"
    ]
    return "".join(f" {flag} {shlex.quote(str(value))}" for flag, value in given)


def run(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    checks = diagnose(settings, fix_options(settings))
    for check in checks:
        print(f"{check.state:<5} {check.name:<9} {visible_name(check.detail)}", flush=True)
        if check.fix and check.state in (FAIL, WARN):
            print(f"{'':15}fix: {visible_name(check.fix)}")
    problems = sum(check.state == FAIL for check in checks)
    warnings = sum(check.state == WARN for check in checks)
    if problems:
        print(f"qa doctor: {problems} problem(s), {warnings} warning(s)", file=sys.stderr)
        return EXIT_FAILURE
    print(f"qa doctor: healthy{f', {warnings} warning(s)' if warnings else ''}", file=sys.stderr)
    return EXIT_OK
