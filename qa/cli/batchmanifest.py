"""What a `qa batch -o OUT` run was made from, written beside it as `OUT.manifest.json`.

Two runs with equal manifests give byte-identical OUT: answers depend only on the index
(its fingerprint), the model, the qa version and the options, and the manifest holds no
time or path of its own. `--frozen` compares the index and model of a new run with the
recorded ones and refuses when they differ, instead of silently answering from another
corpus.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from qa.errors import FrozenError
from qa.files import write_atomic
from qa.index.manifest import Manifest

FORMAT = 1
SUFFIX = ".manifest.json"
# The libraries whose arithmetic produces the scores in OUT (a new one may move the last digit).
LIBRARIES = ("onnxruntime", "tokenizers", "faiss-cpu", "numpy")


def index_fingerprint(manifest: Manifest) -> str:
    """sha256 over what the index holds: every file's content hash and row counts, in id order, with
    the model and format. Rebuilding the same corpus with the same model gives the same fingerprint;
    when or where it was built does not enter."""
    digest = hashlib.sha256(f"qa-index\0{manifest.format}\0{manifest.model_fingerprint}\n".encode())
    for doc in sorted(manifest.files):
        entry = manifest.files[doc]
        digest.update(f"{doc}\0{entry.sha256}\0{entry.paragraphs}\0{entry.windows}\n".encode())
    return digest.hexdigest()


def _library_versions() -> dict[str, str]:
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


@dataclass(frozen=True)
class BatchManifest:
    index_fingerprint: str
    files: int
    paragraphs: int
    model_name: str
    model_fingerprint: str
    qa_version: str
    options: dict[str, Any]
    input: dict[str, Any]  # name as given and sha256 of the bytes read (file, pipe or stdin alike)
    output: dict[str, Any]  # name, sha256 of OUT's bytes, rows, rows with an error
    libraries: dict[str, str] = field(default_factory=_library_versions)
    format: int = FORMAT

    @staticmethod
    def of(
        manifest: Manifest,
        options: dict[str, Any],
        input: dict[str, Any],
        output: dict[str, Any],
    ) -> BatchManifest:
        return BatchManifest(
            index_fingerprint=index_fingerprint(manifest),
            files=len(manifest.files),
            paragraphs=manifest.paragraphs,
            model_name=manifest.model_name,
            model_fingerprint=manifest.model_fingerprint,
            qa_version=version("qa"),
            options=options,
            input=input,
            output=output,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @staticmethod
    def from_json(raw: str) -> BatchManifest:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a format {FORMAT} batch manifest")
        return BatchManifest(**data)


def path_for(output: Path) -> Path:
    return output.with_name(output.name + SUFFIX)


def write(path: Path, manifest: BatchManifest) -> None:
    """Write atomically: a reader sees the old manifest or the new one, never half of one."""
    write_atomic(path, manifest.to_json())  # a temporary name of its own: two runs never share one


def read(path: Path) -> BatchManifest | None:
    """The recorded manifest, None when there is none; FrozenError when it cannot be read."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FrozenError(f"cannot read {path}: {error.strerror}") from error
    try:
        return BatchManifest.from_json(raw)
    except (ValueError, TypeError) as error:
        raise FrozenError(
            f"{path} is not a batch manifest ({error}); --frozen has nothing to hold to"
        ) from error


def check_frozen(recorded: BatchManifest, manifest: Manifest, where: Path) -> None:
    """Refuse (FrozenError) when the index or model differ from the run recorded in `where`."""
    advice = "run without --frozen to answer from the index as it is now (and record it)"
    made = where.name.removesuffix(SUFFIX)
    if recorded.model_fingerprint != manifest.model_fingerprint:
        raise FrozenError(
            f"{made} was made with model {recorded.model_name} ({recorded.model_fingerprint}), "
            f"the index now holds {manifest.model_name} ({manifest.model_fingerprint}); {advice}"
        )
    now = index_fingerprint(manifest)
    if recorded.index_fingerprint != now:
        raise FrozenError(
            f"the index changed since {made} was made (fingerprint {recorded.index_fingerprint[:12]} "
            f"-> {now[:12]}; {recorded.files} -> {len(manifest.files)} files, "
            f"{recorded.paragraphs} -> {manifest.paragraphs} paragraphs); {advice}"
        )
