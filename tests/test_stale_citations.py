"""An index that lags its corpus: a same-size edit with its time restored, a file edited while a
batch runs, and a stale index that cannot be written. Citations never point at other text, and
what can still answer does."""

import errno
import os
import shutil

import pytest

from qa.cli.main import main
from qa.engine import Engine
from qa.index import store

SULLIVAN = "003_76f546fea674f369.txt"
QUESTION = "What did Sullivan say?"


@pytest.fixture
def pair(default_index, corpus_copy, tmp_path):
    """The default corpus and its index, copied (times kept), so the copy is fresh and may be edited."""
    index_dir = tmp_path / "idx"
    shutil.copytree(default_index, index_dir)
    return corpus_copy, index_dir


def _sneaky_edit(path):
    """Same size, the modification time put back: size and mtime cannot tell (`touch -r`)."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Sullivan", "Sullivax"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def _args(pair):
    corpus, index_dir = pair
    return ["--corpus", str(corpus), "--index", str(index_dir)]


def test_doctor_hashes_the_corpus_and_sees_a_same_size_edit(capsys, pair):
    _sneaky_edit(pair[0] / SULLIVAN)
    code = main(["doctor", *_args(pair)])
    out, _ = capsys.readouterr()
    assert code == 1
    index_line = next(line for line in out.splitlines() if line.split()[1:2] == ["index"])
    assert index_line.startswith("FAIL") and "1 changed" in index_line and "index --rebuild" in out


def test_frozen_hashes_the_corpus_and_refuses_a_same_size_edit(capsys, pair, tmp_path):
    _sneaky_edit(pair[0] / SULLIVAN)
    questions = tmp_path / "q.txt"
    questions.write_text(QUESTION + "\n")
    code = main(["batch", str(questions), "--frozen", *_args(pair)])
    _, err = capsys.readouterr()
    assert code == 1 and "out of date with the corpus (0 added, 1 changed" in err


@pytest.mark.parametrize("sneaky", [True, False], ids=["same-size-time-restored", "plain-edit"])
def test_a_file_edited_after_the_index_loaded_is_never_cited_from_its_old_text(pair, sneaky):
    corpus, index_dir = pair
    warned: list[str] = []
    engine = Engine(corpus, index_dir=index_dir, warn=warned.append)
    engine.open()
    assert SULLIVAN in {c.doc for c in engine.ask(QUESTION).citations}
    path = corpus / SULLIVAN
    if sneaky:
        _sneaky_edit(path)
    else:
        path.write_text(path.read_text(encoding="utf-8") + "\nA paragraph added mid-batch.\n")
    answer = engine.ask(QUESTION)  # the batch goes on with the index it loaded
    assert SULLIVAN not in {c.doc for c in answer.citations}
    assert SULLIVAN not in {s.doc for c in answer.citations for s in c.also}
    assert any(f"{SULLIVAN} changed since it was indexed" in w for w in warned)


def _read_only(monkeypatch, index_dir):
    """The index folder cannot be written (chmod does not stop root, so the lock refuses as EROFS would)."""
    if os.geteuid() != 0:
        index_dir.chmod(0o555)
        return

    def refuse(*_, **__):
        raise OSError(errno.EROFS, "Read-only file system", str(index_dir / ".lock"))

    monkeypatch.setattr(store, "locked", refuse)


def test_a_stale_read_only_index_still_answers_with_a_warning(capsys, monkeypatch, pair, tmp_path):
    corpus, index_dir = pair
    (corpus / SULLIVAN).touch()  # only the time moved: a build would just re-stamp it
    (corpus / "new.txt").write_text("The ferry timetable changes on Monday, the operator said.\n")
    _read_only(monkeypatch, index_dir)
    try:
        code = main(["ask", QUESTION, *_args(pair)])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "Sullivan" in out and "out of date with the corpus and cannot be updated" in err
        questions = tmp_path / "q.txt"
        questions.write_text(QUESTION + "\n")
        (corpus / "new.txt").unlink()
        code = main(["batch", str(questions), "--frozen", *_args(pair)])  # --frozen never writes
        out, err = capsys.readouterr()
        assert code == 0, err
        assert SULLIVAN in out
    finally:
        index_dir.chmod(0o755)
