"""`qa doctor`: is everything in place to answer, and if not, which command fixes it.

Each check is a value (name, state, detail, fix) so the command line prints them and a
test reads them; checks that depend on an earlier one (the index needs a corpus) are
skipped with a reason rather than failing twice. Loading the model the way `qa index`
does costs 6-8 s here (sentence-transformers); that is the point of the check, so it
is paid.
"""

from __future__ import annotations

import contextlib
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from qa.config import Settings
from qa.engine import Engine
from qa.errors import QAError
from qa.index import store
from qa.index.changes import plan_changes
from qa.index.embedding import (
    Encoder,
    ModelRef,
    SentenceTransformerEncoder,
    reference_encoder,
    resolve_model,
)
from qa.index.onnx import PROBES, OnnxEncoder, onnx_dir
from qa.ingest.corpus import check_corpus_root, discover

OK, WARN, FAIL = "ok", "warn", "FAIL"
# Libraries whose versions decide whether an index or an export can be reused, and the chat's.
LIBRARIES = (
    "sentence-transformers",
    "torch",
    "onnxruntime",
    "tokenizers",
    "faiss-cpu",
    "numpy",
    "bm25s",
    "textual",
    "watchfiles",
)
OPTIONAL = ("pymilvus", "milvus-lite", "ray")  # `--milvus` and `--ray`: shown when installed, never required
AGREEMENT = 1e-4  # max difference between two encoders' unit vectors that still counts as the same model
SAMPLE = 8  # indexed paragraphs re-embedded to check the index against the model
SHOWN = 5  # stale files named in a message


@dataclass(frozen=True)
class Check:
    name: str
    state: str
    detail: str
    fix: str = ""


def versions() -> Check:
    found = [f"qa {version('qa')}", f"Python {platform.python_version()}"]
    missing = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            missing.append(name)
    for name in OPTIONAL:
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{name} {version(name)}")
    if missing:
        return Check(
            "versions", FAIL, f"not installed: {', '.join(missing)}", f"{sys.executable} -m pip install -e ."
        )
    return Check("versions", OK, " · ".join(found))


def settings_check(settings: Settings) -> Check:
    def shown(key: str, value: object, origin: str = "") -> str:
        return f"{key} {value} ({settings.origin(origin or key)})"

    parts = [
        shown("corpus", settings.corpus),
        shown("index", f"Milvus {settings.milvus}", "milvus")
        if settings.milvus
        else shown("index", settings.index_dir or "per corpus in the cache dir"),
        shown("model", settings.model or "bundled"),
        shown("k", settings.k),
    ]
    return Check("settings", OK, " · ".join(parts))


def _agreement(a: Encoder, b: Encoder, texts: list[str]) -> float:
    return float(np.abs(a.encode(texts) - b.encode(texts)).max())


class Doctor:
    """Runs the checks in order; later ones use what earlier ones loaded (model, index)."""

    def __init__(self, settings: Settings, fix_options: str = "") -> None:
        self.settings = settings
        self.options = fix_options  # the flags that point the fix commands at the same corpus and index
        self.model: ModelRef | None = None
        self.encoder: SentenceTransformerEncoder | None = None
        self.query: Encoder | None = None
        self.engine: Engine | None = None

    def command(self, verb: str) -> str:
        return f"qa {verb}{self.options}"

    def run(self) -> list[Check]:
        steps: list[Callable[[], Check]] = [
            versions,
            lambda: settings_check(self.settings),
            self.corpus,
            self.model_loads,
            self.query_encoder,
            self.index,
        ]
        return [step() for step in steps]

    def corpus(self) -> Check:
        try:
            self.engine = Engine(
                self.settings.corpus,
                index_dir=self.settings.index_dir,
                model=self.settings.model,
                milvus=self.settings.milvus,
            )
            skipped: list[str] = []
            articles = len(discover(check_corpus_root(self.settings.corpus), skipped.append))
        except (QAError, OSError) as error:
            self.engine = None
            where = "--corpus DIR, `corpus` in qa.toml, or $QA_CORPUS"
            return Check("corpus", FAIL, str(error), f"point qa at a folder of articles: {where}")
        if not articles:
            return Check(
                "corpus", FAIL, f"no articles in {self.engine.corpus}", "add .txt or .md articles to it"
            )
        detail = f"{articles:,} article{'s' if articles != 1 else ''} in {self.engine.corpus}"
        if skipped:
            return Check("corpus", WARN, f"{detail}; {len(skipped)} skipped: {skipped[0]}", "")
        return Check("corpus", OK, detail)

    def model_loads(self) -> Check:
        try:
            # The engine's choice: the model asked for, else the one the index was built with.
            self.model = self.engine.model if self.engine is not None else resolve_model(self.settings.model)
            self.encoder = reference_encoder(self.model)
        except QAError as error:
            return Check(
                "model", FAIL, str(error), "pass --model DIR (a sentence-transformers folder), or none"
            )
        detail = (
            f"{self.model.name} loads from local files ({self.encoder.dim} dimensions, {self.model.path})"
        )
        return Check("model", OK, detail)

    def query_encoder(self) -> Check:
        if self.model is None or self.encoder is None:
            return Check("encoder", WARN, "skipped: the model did not load")
        folder = onnx_dir(self.model)
        if not (folder / "meta.json").is_file():
            self.query = self.encoder
            detail = "no ONNX export: questions and builds use sentence-transformers (6-8 s to start)"
            return Check("encoder", WARN, detail, self.command("index --rebuild"))
        try:
            onnx = OnnxEncoder(folder)
            difference = _agreement(onnx, self.encoder, list(PROBES))
        except Exception as error:  # onnxruntime raises its own types for a damaged file
            return Check(
                "encoder", FAIL, f"ONNX export {folder} does not load: {error}", self._reexport(folder)
            )
        if difference > AGREEMENT:
            detail = f"ONNX export disagrees with the model (max difference {difference:.1e})"
            return Check("encoder", FAIL, detail, self._reexport(folder))
        self.query = onnx
        return Check(
            "encoder", OK, f"ONNX query encoder agrees with the model (max difference {difference:.0e})"
        )

    def _reexport(self, folder: Path) -> str:
        return f"rm -r {folder} && {self.command('index --rebuild')}"

    def index(self) -> Check:
        if self.engine is None:
            return Check("index", WARN, "skipped: no corpus")
        where = self.engine.location
        try:
            snapshot = self.engine.backend.load(verify=True)  # Milvus: the connection and schema too
        except QAError as error:
            return Check("index", FAIL, str(error), self.command("index --rebuild"))
        if snapshot is None:
            return Check("index", FAIL, f"no index at {where}", self.command("index"))
        manifest = snapshot.manifest
        if self.model is not None and manifest.model_fingerprint != self.model.fingerprint:
            detail = f"built with {manifest.model_name} ({manifest.model_fingerprint}), the model is {self.model.name} ({self.model.fingerprint})"
            return Check("index", FAIL, detail, self.command("index"))
        sources = discover(self.engine.corpus, lambda _: None)
        plan, _ = plan_changes(sources, manifest, lambda _: None, verify=True)  # every file's content
        if not plan.up_to_date:
            stale = [*plan.added, *plan.changed, *plan.removed]
            named = ", ".join(stale[:SHOWN]) + (
                f" and {len(stale) - SHOWN} more" if len(stale) > SHOWN else ""
            )
            detail = (
                f"out of date with the corpus: {len(plan.added)} added, {len(plan.changed)} changed, "
                f"{len(plan.removed)} removed ({named})"
            )
            by_stat, _ = plan_changes(sources, manifest, lambda _: None)
            # an edit that kept the size and the time is only seen by hashing, as a rebuild does
            return Check(
                "index", FAIL, detail, self.command("index" if not by_stat.up_to_date else "index --rebuild")
            )
        difference = self._vectors_difference(snapshot)
        if difference is not None and difference > AGREEMENT:
            detail = f"stored vectors disagree with the model (max difference {difference:.1e})"
            return Check("index", FAIL, detail, self.command("index --rebuild"))
        built = f"format {manifest.format}, built by qa {manifest.qa_version or 'unknown'}"
        files, rows = len(manifest.files), manifest.paragraphs
        counts = f"{files:,} file{'s' if files != 1 else ''}, {rows:,} paragraph{'s' if rows != 1 else ''}"
        detail = f"{counts}, {built} ({where})"
        return Check("index", OK, detail)

    def _vectors_difference(self, snapshot: store.Snapshot) -> float | None:
        """Re-embed a few one-window paragraphs and compare with what the index stored for them."""
        if self.query is None or not len(snapshot.window_paragraph):
            return None
        owners = np.asarray(snapshot.window_paragraph)
        counts = np.bincount(owners, minlength=len(snapshot.paragraphs))
        single = [int(w) for w in np.flatnonzero(counts[owners] == 1)[:SAMPLE]]
        if not single:
            return None
        texts = [snapshot.paragraphs[int(owners[w])].text for w in single]
        stored = np.asarray(snapshot.vectors[single], dtype=np.float32)
        return float(np.abs(self.query.encode(texts) - stored).max())


def diagnose(settings: Settings, fix_options: str = "") -> list[Check]:
    """Every check, in order; `fix_options` are the flags to repeat in the fix commands."""
    return Doctor(settings, fix_options).run()
