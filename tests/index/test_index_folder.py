"""The index folder: qa removes only what it made, refuses folders it did not make, and a full
disk is one message that leaves the previous index standing and no orphan behind."""

import errno
import shutil

import numpy as np
import pytest

from qa.cli.main import main
from qa.errors import IndexStoreError
from qa.index import folder, store
from qa.ingest.corpus import INDEX_MARKER
from tests.conftest import DEFAULT_CORPUS


@pytest.fixture
def index_copy(default_index, tmp_path):
    target = tmp_path / "idx"
    shutil.copytree(default_index, target)
    return target


def _live(index_dir):
    snapshot = store.load(index_dir)
    assert snapshot is not None
    return snapshot


def _index(capsys, corpus, index_dir):
    code = main(["index", "--corpus", str(corpus), "--index", str(index_dir)])
    _, err = capsys.readouterr()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return code, err


def test_a_folder_qa_did_not_make_is_refused_and_left_alone(capsys, tmp_path):
    index_dir = tmp_path / "o"
    (index_dir / "gen-data").mkdir(parents=True)
    (index_dir / "gen-data" / "f").write_text("x\n")
    code, err = _index(capsys, DEFAULT_CORPUS, index_dir)
    assert code == 2 and "holds files qa did not make (gen-data)" in err
    assert (index_dir / "gen-data" / "f").read_text() == "x\n"
    assert sorted(p.name for p in index_dir.iterdir()) == ["gen-data"]


def test_the_corpus_itself_is_refused_as_the_index_folder(capsys, tmp_path, corpus_copy):
    (corpus_copy / "gen-ai").mkdir()
    (corpus_copy / "gen-ai" / "story.txt").write_text("Generative models were discussed at length.\n")
    before = sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*"))
    code, err = _index(capsys, corpus_copy, corpus_copy)
    assert code == 2 and "cannot be the corpus folder" in err
    assert sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*")) == before


def test_a_regular_file_as_the_index_folder_is_one_clear_line(capsys, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("mine\n")
    code, err = _index(capsys, DEFAULT_CORPUS, afile)
    assert code == 2 and "is a file, not a folder" in err and afile.read_text() == "mine\n"


def test_a_build_removes_only_the_names_qa_gives(index_copy):
    snapshot = _live(index_copy)
    (index_copy / "gen-data").mkdir()  # the user's, even inside qa's folder
    (index_copy / "CURRENT.partial.mine").write_text("keep\n")
    orphan = index_copy / "gen-20200101-000000-0123abcd"  # left by a build that failed at CURRENT
    shutil.copytree(snapshot.path, orphan)
    written = store.write(index_copy, snapshot)
    names = {p.name for p in index_copy.iterdir()}
    assert names == {"CURRENT", ".lock", INDEX_MARKER, written.name, "gen-data", "CURRENT.partial.mine"}


def test_an_index_made_before_the_marker_is_adopted(index_copy):
    (index_copy / INDEX_MARKER).unlink()
    store.write(index_copy, _live(index_copy))
    assert (index_copy / INDEX_MARKER).is_file()


def _full_at(monkeypatch, where):
    """Make one write of `store.write` fail with ENOSPC, as a full disk would."""
    full = OSError(errno.ENOSPC, "No space left on device")

    def refuse(*_, **__):
        raise full

    if where == "vectors":
        monkeypatch.setattr(np, "save", refuse)
    elif where == "faiss":
        import faiss

        real = getattr(faiss, "PyCallbackIOWriter")  # noqa: B009 - faiss has no stubs for it
        monkeypatch.setattr(faiss, "PyCallbackIOWriter", lambda write: real(refuse))
    else:
        real_write = store._write_file

        def pointer_full(path, data):
            if path.name.startswith(".CURRENT."):
                raise full
            real_write(path, data)

        monkeypatch.setattr(store, "_write_file", pointer_full)


@pytest.mark.parametrize("where", ["vectors", "faiss", "CURRENT"])
def test_a_full_disk_is_one_message_and_the_previous_index_stands(monkeypatch, index_copy, where):
    before = _live(index_copy)
    names = {p.name for p in index_copy.iterdir()}
    with monkeypatch.context() as patch:
        _full_at(patch, where)
        with pytest.raises(IndexStoreError) as raised:
            store.write(index_copy, before)
    assert str(raised.value) == (
        f"no space left writing the index in {index_copy}; the previous index is intact "
        "(No space left on device)"
    )
    assert {p.name for p in index_copy.iterdir()} == names  # no orphan generation, no partial file
    assert _live(index_copy).paragraphs == before.paragraphs
    assert folder.made_by_qa(store.write(index_copy, before).name)  # the next build just works
