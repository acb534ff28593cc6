"""`qa index`: build or update the index (only new and changed files are embedded)."""

from __future__ import annotations

import argparse

from qa.cli.common import add_engine_options, engine_from
from qa.cli.console import index_progress
from qa.errors import EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "index",
        help="build or update the index",
        description="Build the index, or update it: only new or changed files are embedded again, "
        "deleted files leave it. The previous index stays usable until the new one is complete.",
    )
    add_engine_options(parser)
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = engine_from(args)
    with index_progress() as progress:
        summary = engine.index(rebuild=args.rebuild, progress=progress)
    plan = summary.plan
    if plan.up_to_date and not args.rebuild:
        print(
            f"index up to date: {len(plan.unchanged)} articles, {summary.paragraphs} paragraphs ({engine.index_dir})"
        )
        return EXIT_OK
    print(
        f"indexed {len(plan.added) + len(plan.changed) + len(plan.unchanged)} articles, "
        f"{summary.paragraphs} paragraphs: {len(plan.added)} added, {len(plan.changed)} changed, "
        f"{len(plan.removed)} removed; {summary.embedded} passages embedded in {summary.seconds:.1f} s "
        f"({engine.index_dir})"
    )
    return EXIT_OK
