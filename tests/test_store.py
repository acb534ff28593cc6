import json
import shutil

import pytest

from qa import store
from qa.errors import IndexStoreError


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
