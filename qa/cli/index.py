"""`qa index`: build or update the index (only new and changed files are embedded).

`--dry-run` prints the plan instead, one `added|changed|removed<TAB>doc` line per file
on stdout (data a script can read) and the counts on stderr, writing nothing.
"""

from __future__ import annotations

import argparse
import sys

from qa.cli.common import add_engine_options, announce_build, engine_from
from qa.cli.console import counted, index_progress
from qa.errors import EXIT_OK, IndexStoreError
from qa.index.ray_embed import LOCAL, RayTarget
from qa.language.text import visible_name


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "index",
        help="build or update the index",
        description="Build the index, or update it: only new or changed files are embedded again, "
        "deleted files leave it. The previous index stays usable until the new one is complete.",
    )
    add_engine_options(parser)
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would be added, changed and removed (one 'added<TAB>doc' line each); write nothing",
    )
    parser.add_argument(
        "--ray",
        nargs="?",
        const=LOCAL,
        default=None,
        metavar="ADDRESS",
        help="embed with Ray Data actors: a local Ray with this machine's cores, or the cluster at ADDRESS",
    )
    parser.set_defaults(run=run)


def dry_run(args: argparse.Namespace) -> int:
    engine = engine_from(args)
    plan = engine.plan(rebuild=args.rebuild)
    for kind, docs in (("added", plan.added), ("changed", plan.changed), ("removed", plan.removed)):
        for doc in docs:
            print(f"{kind}\t{visible_name(doc)}")  # one line per file, whatever its name holds
    if plan.up_to_date:
        summary = f"index up to date: {len(plan.unchanged)} files"
    else:
        summary = (
            f"would index {len(plan.added)} added, {len(plan.changed)} changed, {len(plan.removed)} removed; "
            f"{len(plan.unchanged)} unchanged"
        )
    print(f"qa: {summary} ({engine.location}); nothing written", file=sys.stderr)
    return EXIT_OK


def held(files: int, articles: int, paragraphs: int) -> str:
    """ "3 files, 4 articles, 35 paragraphs": a dump is one file holding many articles."""
    return ", ".join((counted(files, "file"), counted(articles, "article"), counted(paragraphs, "paragraph")))


def run(args: argparse.Namespace) -> int:
    if args.dry_run:
        return dry_run(args)
    engine = engine_from(args)
    try:
        announce_build(engine, rebuild=args.rebuild)
    except IndexStoreError:  # damaged: the build says why and starts from scratch
        announce_build(engine, rebuild=True)
    with index_progress() as progress:
        ray = RayTarget(args.ray) if args.ray is not None else None
        summary = engine.index(rebuild=args.rebuild, progress=progress, ray=ray)
    plan = summary.plan
    files = len(plan.added) + len(plan.changed) + len(plan.unchanged)
    holds = held(files, len(engine.documents), summary.paragraphs)
    if plan.up_to_date and not args.rebuild:
        print(f"index up to date: {holds} ({engine.location})")
        return EXIT_OK
    print(
        f"indexed {holds}: {len(plan.added)} added, {len(plan.changed)} changed, "
        f"{len(plan.removed)} removed; {summary.embedded} passages embedded in {summary.seconds:.1f} s "
        f"({engine.location})"
    )
    return EXIT_OK
