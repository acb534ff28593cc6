"""Shared fixtures: the real model and real FAISS, loaded once per session.

Every test runs with its own cache and data dirs, except the ONNX export, which
lives in one session cache so the model is exported once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.engine import Engine
from qa.index import store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_dirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, session_cache: Path
) -> None:
    """No test reads or writes the user's real cache, data or config folders."""
    monkeypatch.setenv("QA_CACHE_DIR", str(session_cache))
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("QA_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    for name in ("QA_CORPUS", "QA_INDEX", "QA_K", "QA_MODEL"):  # the user's own defaults stay out
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def default_index(tmp_path_factory: pytest.TempPathFactory, session_cache: Path) -> Path:
    """The default corpus indexed once per session; tests must not modify it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    index_dir = tmp_path_factory.mktemp("default-index")
    Engine(DEFAULT_CORPUS, index_dir=index_dir).index()
    mp.undo()
    return index_dir


@pytest.fixture(scope="session")
def default_engine(default_index: Path, session_cache: Path) -> Iterator[Engine]:
    """A ready engine over the default corpus, shared read-only by the tests."""
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    engine = Engine(DEFAULT_CORPUS, index_dir=default_index)
    engine.open()
    mp.undo()
    yield engine


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the default corpus that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, target)
    return target


def indexed(articles: dict[str, str], root: Path, session_cache: Path) -> store.Snapshot:
    """Articles written in a test, indexed under `root` (the session's ONNX export shared)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    Engine(corpus, index_dir=root / "index").index()
    snapshot = store.load(root / "index")
    assert snapshot is not None
    mp.undo()
    return snapshot
