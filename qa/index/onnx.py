"""The model exported to ONNX: what questions and, once it exists, index builds run.

onnxruntime runs all-MiniLM-L6-v2 about twice as fast as torch on this machine's CPU and
needs neither torch nor transformers (6-8 s to import), so a process that only encodes
never loads them. The export is made once per model from sentence-transformers, checked
against it on probe sentences, and kept only if the vectors agree.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.paths import cache_dir

if TYPE_CHECKING:
    from qa.index.embedding import ModelRef, SentenceTransformerEncoder

EXPORT_TOLERANCE = 1e-5
# Sentences two encoders of one model must agree on: a question, a long sentence with a sum, a word.
PROBES = (
    "What did the minister say about the aid package?",
    "The council has announced it will spend a further $800 million on flood defences over the next "
    "decade, a decision residents have pressed for since the storms of last winter.",
    "Short.",
)


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class OnnxEncoder:
    """The model through onnxruntime + tokenizers, no torch: every question, and builds once exported."""

    def __init__(self, folder: Path, spin: bool = True) -> None:
        import onnxruntime  # ~0.05 s
        from tokenizers import Tokenizer

        meta = json.loads((folder / "meta.json").read_text())
        self.dim = int(meta["dim"])
        self.max_tokens = int(meta["max_tokens"])
        self.pooling = str(meta["pooling"])
        self.inputs = list(meta["inputs"])
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        if not spin:  # a build shares the cores with spaCy: threads waiting for work must not burn them
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(self.max_tokens)
        self.tok.enable_padding(pad_id=int(meta.get("pad_id", 0)))
        self._windows: Any = None

    def tokenizer(self) -> Any:
        """The tokenizer, untruncated, for cutting long paragraphs into windows."""
        if self._windows is None:
            self._windows = untruncated(self.tok)
        return self._windows

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
        return normalise(out)


def pool(hidden: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    if mode == "cls":
        return np.asarray(hidden[:, 0], dtype=np.float32)
    weights = mask[:, :, None].astype(np.float32)
    if mode == "max":
        return np.asarray(np.where(weights > 0, hidden, -1e9).max(axis=1), dtype=np.float32)
    summed = (hidden * weights).sum(axis=1)
    return np.asarray(summed / np.maximum(weights.sum(axis=1), 1e-9), dtype=np.float32)


def untruncated(tokenizer: Any) -> Any:
    """A private copy of a fast tokenizer with no truncation or padding.

    An encoder's own copy truncates, and cutting paragraphs into windows is what avoids that."""
    from tokenizers import Tokenizer

    copy = Tokenizer.from_str(tokenizer.to_str())
    copy.no_truncation()
    copy.no_padding()
    return copy


def loaded(folder: Path, spin: bool = True) -> OnnxEncoder | None:
    """The export in `folder`, or None when there is none; a damaged one is removed, to be made again."""
    if not (folder / "meta.json").is_file():
        return None
    try:
        return OnnxEncoder(folder, spin)
    except Exception:  # onnxruntime raises its own types for a damaged file
        shutil.rmtree(folder, ignore_errors=True)
        return None


def onnx_dir(model: ModelRef) -> Path:
    return cache_dir() / "onnx" / model.fingerprint


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
        reference = encoder.encode(PROBES)
        exported = OnnxEncoder(work).encode(PROBES)
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
