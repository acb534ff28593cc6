"""Where qa keeps what it builds: per-user folders, overridable for tests and CI.

Read at call time, never at import, so a test can point them at `tmp_path`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_dir() -> Path:
    """Indexes and ONNX exports: rebuildable, so they belong in the cache dir."""
    override = os.environ.get("QA_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_cache_path("qa", appauthor=False)


def data_dir() -> Path:
    """Transcripts: the user's own record, so they belong in the data dir."""
    override = os.environ.get("QA_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("qa", appauthor=False)


def corpus_key(corpus: Path) -> str:
    """A folder name for one corpus: readable stem plus a hash of its absolute path."""
    absolute = corpus.resolve()
    digest = hashlib.sha256(str(absolute).encode()).hexdigest()[:16]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in absolute.name)[:40] or "root"
    return f"{stem}-{digest}"


def default_index_dir(corpus: Path) -> Path:
    return cache_dir() / "indexes" / corpus_key(corpus)


def config_dir() -> Path:
    """The user's own qa.toml lives here; QA_CONFIG_DIR points it elsewhere (tests, CI)."""
    override = os.environ.get("QA_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_config_path("qa", appauthor=False)
