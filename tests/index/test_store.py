import json
import shutil
from dataclasses import replace

import numpy as np
import pytest

from qa.errors import IndexStoreError
from qa.index import dense, store


@pytest.fixture
def index_copy(default_index, tmp_path):
    target = tmp_path / "idx"
    shutil.copytree(default_index, target)
    return target


def _generation(index_dir):
    generation = store.current_generation(index_dir)
    assert generation is not None
    return generation


def test_truncated_vectors_are_detected(index_copy):
    generation = _generation(index_copy)
    vectors = generation / "vectors.npy"
    vectors.write_bytes(vectors.read_bytes()[:1000])
    with pytest.raises(IndexStoreError, match="qa index --rebuild"):
        store.load(index_copy)


def test_other_format_version_is_detected(index_copy):
    manifest = _generation(index_copy) / "manifest.json"
    data = json.loads(manifest.read_text())
    data["format"] = 999
    manifest.write_text(json.dumps(data))
    with pytest.raises(IndexStoreError, match="qa index --rebuild"):
        store.load(index_copy)


def test_no_index_is_none(tmp_path):
    assert store.load(tmp_path) is None


def test_second_writer_is_refused_while_locked(tmp_path):
    with (
        store.locked(tmp_path),
        pytest.raises(IndexStoreError, match="another qa index"),
        store.locked(tmp_path, wait=False),
    ):
        pass


def test_manifest_records_the_dense_kind_written(index_copy):
    snapshot = store.load(index_copy)
    assert snapshot is not None and snapshot.manifest.dense_kind == dense.FLAT
    hnsw = replace(snapshot, dense=dense.build(np.asarray(snapshot.vectors), dense.HNSW))
    store.write(index_copy, hnsw)
    manifest = store.read_manifest(index_copy)
    assert manifest is not None and manifest.dense_kind == dense.HNSW
    reloaded = store.load(index_copy)
    assert reloaded is not None and dense.kind_of(reloaded.dense) == dense.HNSW


def test_a_dense_kind_other_than_the_manifest_says_is_damage(index_copy):
    manifest = _generation(index_copy) / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "dense_kind": "hnsw"}))
    with pytest.raises(IndexStoreError, match="disagree"):
        store.load(index_copy)


def test_truncated_dense_index_is_detected(index_copy):
    faiss_file = _generation(index_copy) / "dense.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:5000])
    with pytest.raises(IndexStoreError, match="qa index --rebuild"):
        store.load(index_copy)


def test_a_loaded_generation_still_answers_after_a_newer_one_prunes_it(index_copy):
    """Its arrays are memory mapped; the pruned files live on while mapped."""
    old = store.load(index_copy)
    assert old is not None
    store.write(index_copy, old)
    assert not old.path.exists()
    query = old.vectors[0].copy()
    assert dense.search_paragraphs(old.dense, old.window_paragraph, query[None], 3)[0][0][0] == 0
    assert old.lexical.scores(["cluster"]).any()
    assert float(old.vectors.sum()) != 0.0
