"""`qa index --ray [ADDRESS]`: the build's passages embedded by Ray Data actors instead of in-process.

Each actor loads the model once (`map_batches` over a callable class, a pool of one actor
per CPU) and encodes whole batches: the same length-sorted batches `qa.index.passages`
makes, so every vector is the one direct encoding gives. Without an address a local Ray
is started with this machine's cores; with one, the driver joins that cluster (its nodes
need qa and the model installed; Ray 2.60 clusters want `RAY_AUTH_MODE=token`). Ray is
imported here only, and shut down in `finally`: nothing of it outlives the command, also
after Ctrl-C.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qa.errors import Cancelled, IndexUnavailable
from qa.index.embedding import ModelRef, index_encoder
from qa.index.passages import BATCH, IndexProgress, Progress, batches

LOCAL = ""  # `--ray` with no address: a local Ray with this machine's cores


@dataclass(frozen=True, slots=True)
class RayTarget:
    address: str = LOCAL


class Encode:
    """One Ray actor: the model loaded once, then one passage batch per call."""

    def __init__(self, model: ModelRef) -> None:
        self.encoder = index_encoder(model)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = [self.encoder.encode(list(texts), batch_size=BATCH) for texts in batch["texts"]]
        return {"rows": batch["rows"], "vectors": np.array(vectors, dtype=object)}


def _start(ray: Any, where: RayTarget) -> int:
    """Join the cluster, or start a local Ray; the CPUs to run actors on."""
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.ERROR,
    }
    try:
        if where.address:
            ray.init(address=where.address, **options)
        else:
            ray.init(num_cpus=os.cpu_count() or 1, **options)
    except Exception as error:  # Ray raises a bare Exception when its node times out starting
        raise IndexUnavailable(
            f"cannot start or join Ray at {where.address or 'this machine'}: {error}"
        ) from error
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def embed(
    model: ModelRef,
    dim: int,
    texts: Sequence[str],
    tokens: Sequence[int],
    where: RayTarget,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> np.ndarray:
    """Every passage's vector, in passage order, computed by Ray actors."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    if not texts:
        return out
    import ray  # 1.5 s and a cluster's worth of processes: only for `--ray`
    import ray.data

    try:
        cpus = _start(ray, where)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        groups = batches(tokens, BATCH)
        items = [
            {"rows": np.array(rows), "texts": np.array([texts[i] for i in rows], dtype=object)}
            for rows in groups
        ]
        dataset = ray.data.from_items(items).map_batches(
            Encode,
            fn_constructor_args=(model,),
            batch_size=1,
            concurrency=min(cpus, len(items)),
            num_cpus=1,
            # a lost actor fails the build (the old index stays); with restarts Ray warns on stderr that
            # a restarted actor could lose its constructor arguments (ray-project/ray#53727)
            max_restarts=0,
        )
        started, done = time.monotonic(), 0
        for batch in dataset.iter_batches(batch_size=1, batch_format="numpy"):
            if cancel is not None and cancel.is_set():
                raise Cancelled("indexing cancelled; the previous index is unchanged")
            for rows, vectors in zip(batch["rows"], batch["vectors"], strict=True):
                out[np.asarray(rows, dtype=np.int64)] = np.asarray(vectors, dtype=np.float32)
                done += len(rows)
            if progress is not None:
                progress(IndexProgress(done, len(texts), started))
    finally:
        ray.shutdown()
    return out
