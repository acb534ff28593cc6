# PYTHON_ARGCOMPLETE_OK  (argcomplete's global completion looks for this marker)
"""The `qa` command: parse, dispatch to a verb, and turn every failure into one line.

This is the one error boundary: a QAError prints its message and exits with its
code; Ctrl-C exits 130; anything else is a bug, reported in one line too (set
QA_DEBUG=1 for its traceback). Nothing reaches the user as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version
from typing import NoReturn

from qa.cli import ask, batch, chat, doctor, evaluate, index, listing, people, search, show
from qa.cli.common import with_settings
from qa.cli.console import error
from qa.cli.parser import Parser, parser_options
from qa.errors import EXIT_FAILURE, EXIT_INTERRUPTED, QAError

VERBS = (chat, ask, search, batch, index, listing, show, people, evaluate, doctor)


def build_parser() -> Parser:
    parser = Parser(
        prog="qa",
        description="Ask questions of a folder of news articles; every answer cites document, paragraph and line.",
        epilog="Exit status: 0 ok, 1 failure (corpus, index, model, bad batch lines), 2 usage, "
        "3 declined (with --fail-on-decline), 130 interrupted.",
        **parser_options(),
    )
    parser.add_argument("-V", "--version", action="version", version=f"qa {version('qa')}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for verb in VERBS:
        verb.add_parser(commands)
    return parser


def _tolerant_streams() -> None:
    """On a terminal or pipe that is not UTF-8 (PYTHONIOENCODING=ascii), text that cannot be shown is
    escaped instead of failing the command; JSON is written with \\u escapes (`console.json_line`)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if isinstance(stream, io.TextIOWrapper) and encoding not in ("utf-8", "utf8"):
            stream.reconfigure(errors="backslashreplace")


def _stdout_needed(args: argparse.Namespace) -> bool:
    output = getattr(args, "output", None)
    return output is None or str(output) == "-"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (see README); exits when done
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(arguments or ["chat"])
    _tolerant_streams()
    if sys.stdout is None and _stdout_needed(args):  # started with stdout closed (`>&-`)
        error("standard output is closed, so nothing could be written; give -o FILE or open it")
        return EXIT_FAILURE
    try:
        return int(args.run(with_settings(args)))  # qa.toml and QA_* fill what no flag gave
    except QAError as failure:
        error(str(failure))
        return failure.exit_code
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); not an error worth a trace
        return EXIT_FAILURE
    except OSError as failure:
        error(f"{failure.strerror or failure}: {failure.filename or ''}".rstrip(": "))
        return EXIT_FAILURE
    except Exception as failure:  # a bug in qa: still one line, with the way to see the rest
        if os.environ.get("QA_DEBUG"):
            raise
        error(f"unexpected {type(failure).__name__}: {failure} (a bug in qa; QA_DEBUG=1 shows the traceback)")
        return EXIT_FAILURE


def run() -> NoReturn:
    """The `qa` and `python -m qa` entry point: `main`, then exit with its code.

    After `--ray`, Ray's native threads can still be reaching for the interpreter while it
    finalises and crash it (SIGSEGV instead of the exit code; ray-project/ray#47864). Ray is
    already shut down and every file qa writes is closed by then, so qa leaves at once.
    """
    code = main()
    if "ray" in sys.modules:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to save
                    stream.flush()
        os._exit(code)
    sys.exit(code)
