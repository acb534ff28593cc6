"""The reproducibility side of `qa batch`: `--frozen`, and `OUT.manifest.json` after `-o OUT`.

Kept apart from `qa.cli.batch` so answering stays one loop: the loop hands each input
line and output line to a `Record`, which hashes them and writes the manifest once
OUT is in place.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

from qa.cli import batchmanifest
from qa.cli.common import engine_from
from qa.engine import Engine
from qa.errors import FrozenError

SHOWN = 5  # changed files named in a refusal


def open_frozen(args: argparse.Namespace) -> Engine:
    """The engine on the index exactly as it is: refuse (FrozenError, exit 1) rather than build or update
    it, or answer from an index or model other than the one `OUT.manifest.json` records."""
    engine = engine_from(args)
    recorded_at = batchmanifest.path_for(args.output) if args.output is not None else None
    recorded = batchmanifest.read(recorded_at) if recorded_at is not None else None
    state = engine.status().state
    if state == "missing":
        raise FrozenError(f"no index at {engine.location}; --frozen never builds one: run `qa index` first")
    plan = engine.plan(verify=True)  # every file hashed: a same-size edit with its time restored shows
    if not plan.up_to_date:
        changed = [*plan.added, *plan.changed, *plan.removed]
        named = ", ".join(changed[:SHOWN]) + (" …" if len(changed) > SHOWN else "")
        raise FrozenError(
            f"the index is out of date with the corpus ({len(plan.added)} added, {len(plan.changed)} "
            f"changed, {len(plan.removed)} removed: {named}); --frozen never re-indexes: "
            "run `qa index` (`--rebuild` when an edit kept the size and time), or drop --frozen"
        )
    engine.open(update=False)  # never writes, not even new file times
    if recorded is not None and recorded_at is not None:
        batchmanifest.check_frozen(recorded, engine.manifest, recorded_at)
        if recorded.qa_version != version("qa"):
            print(
                f"qa: warning: {recorded_at.name} was made by qa {recorded.qa_version}, this is qa "
                f"{version('qa')}: answers may differ",
                file=sys.stderr,
            )
    return engine


class Record:
    """Hashes what a batch reads and writes; `finish` writes OUT.manifest.json (with -o only)."""

    def __init__(self, args: argparse.Namespace, engine: Engine, digest: Any, output: Path | None) -> None:
        """`digest` hashes the input as the batch reads it; `output` is None for stdout or a device."""
        self.output = output
        self.engine = engine
        # Everything that shapes the answers; each --filter as it would be typed.
        filters = [str(given) for given in getattr(args, "filters", [])]
        self.options: dict[str, Any] = {"k": args.k, "mode": "hybrid", "filters": filters}
        self.input_name: str = args.file
        self._input = digest
        self._output = hashlib.sha256()
        self.rows = 0
        self.errors = 0

    def wrote(self, line: str, error: bool) -> None:
        self._output.update(line.encode("utf-8"))
        self.rows += 1
        self.errors += error

    def finish(self) -> None:
        if self.output is None:
            return
        manifest = batchmanifest.BatchManifest.of(  # called with OUT renamed in place, under its folder lock
            self.engine.manifest,
            self.options,
            {"name": self.input_name, "sha256": self._input.hexdigest()},
            {
                "name": self.output.name,
                "sha256": self._output.hexdigest(),
                "rows": self.rows,
                "errors": self.errors,
            },
        )
        batchmanifest.write(batchmanifest.path_for(self.output), manifest)
