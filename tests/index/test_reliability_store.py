"""The index under faults: killed builds, concurrent builds, damaged files, other versions.

The previous generation stays usable whatever happens to a build, and whatever is wrong
with the files on disk is reported with `qa index --rebuild`, which recovers.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.cli.main import main
from qa.errors import IndexStoreError
from qa.index import store
from qa.index.manifest import FORMAT_VERSION
from tests.conftest import DEFAULT_CORPUS

EDITED = "003_76f546fea674f369.txt"
NEW_LINE = "The lighthouse keeper retired after forty years on the rock.\n"


@pytest.fixture
def index_copy(default_index, tmp_path):
    target = tmp_path / "idx"
    shutil.copytree(default_index, target)
    return target


def _names(generation):
    return sorted(p.relative_to(generation).as_posix() for p in generation.rglob("*") if p.is_file())


def _live(index_dir):
    snapshot = store.load(index_dir)
    assert snapshot is not None
    return snapshot


# --- damaged files -------------------------------------------------------------------------------


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path):
    path.write_bytes(b"")


def _scribble(path):
    """Same size, some bytes in the middle overwritten: only a hash can tell."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = b"\xff\xfe\x00\x01\xfe\xff\x13\x37"[: len(data) - middle]
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _empty, _scribble], ids=["truncated", "emptied", "scribbled"])
def test_every_damaged_index_file_is_detected_with_the_rebuild_hint(index_copy, damage):
    generation = _live(index_copy).path
    names = _names(generation)
    assert {"manifest.json", "paragraphs.jsonl", "vectors.npy", "dense.faiss", "windows.npy"} <= set(names)
    for name in [*names, "../CURRENT"]:
        damaged = index_copy.parent / f"damaged-{name.replace('/', '_')}"
        shutil.copytree(index_copy, damaged)
        damage(damaged / generation.name / name)
        with pytest.raises(IndexStoreError, match=r"qa index --rebuild") as caught:
            # The memory-mapped arrays are hashed when a build is about to reuse them, not on every load.
            store.load(damaged, verify=damage is _scribble and name in store.MAPPED)
        assert "damaged" in str(caught.value) or "format" in str(caught.value), name


def test_a_scribbled_mapped_array_is_caught_by_the_next_index_run(capsys, index_copy):
    _scribble(_live(index_copy).path / "vectors.npy")
    code = main(["index", "--corpus", str(DEFAULT_CORPUS), "--index", str(index_copy)])
    out, err = capsys.readouterr()
    assert code == 0 and "vectors.npy changed since it was written" in err and "building from scratch" in err
    assert out.startswith("indexed 3 files, 3 articles")
    _live(index_copy)


@pytest.mark.parametrize("damaged", ["paragraphs.jsonl", "../CURRENT"])
def test_ask_on_a_damaged_index_says_how_to_recover_and_rebuild_recovers(capsys, index_copy, damaged):
    _truncate(_live(index_copy).path / damaged)
    argv = ["--corpus", str(DEFAULT_CORPUS), "--index", str(index_copy)]
    code = main(["ask", "How much is the aid package worth?", *argv])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("qa: error: index at") and line.endswith("run `qa index --rebuild`")
    assert main(["index", "--rebuild", *argv]) == 0
    assert main(["ask", "How much is the aid package worth?", *argv]) == 0
    out, _ = capsys.readouterr()
    assert "$800 million" in out


def test_an_index_of_another_format_version_asks_for_a_rebuild(capsys, index_copy):
    manifest = _live(index_copy).path / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format": FORMAT_VERSION + 1}))
    argv = ["--corpus", str(DEFAULT_CORPUS), "--index", str(index_copy)]
    assert main(["ask", "What did Sullivan say?", *argv]) == 1
    _, err = capsys.readouterr()
    assert f"index format {FORMAT_VERSION + 1} is not {FORMAT_VERSION}" in err
    assert "qa index --rebuild" in err
    assert main(["index", "--rebuild", *argv]) == 0
    assert _live(index_copy).manifest.format == FORMAT_VERSION


def test_an_index_made_with_another_model_is_re_embedded_with_a_warning(capsys, index_copy):
    manifest = _live(index_copy).path / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(
        json.dumps({**data, "model_fingerprint": "another-model", "model_name": "other-MiniLM"})
    )
    argv = ["--corpus", str(DEFAULT_CORPUS), "--index", str(index_copy)]
    assert main(["ask", "How much is the aid package worth?", *argv]) == 0
    out, err = capsys.readouterr()
    assert "index was built with other-MiniLM; re-embedding with" in err
    assert "$800 million" in out
    assert _live(index_copy).manifest.model_fingerprint == data["model_fingerprint"]


# --- a writer killed at every point --------------------------------------------------------------


def _write_killed_at(index_dir, snapshot, step):
    """store.write in a forked child that SIGKILLs itself just before its `step`-th commit point
    (an fsync, a rename or a removal); True if it was killed, False if the write completed."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            seen = 0

            def at_point(real):
                def hooked(*args, **kwargs):
                    nonlocal seen
                    if seen == step:
                        os.kill(os.getpid(), signal.SIGKILL)
                    seen += 1
                    return real(*args, **kwargs)

                return hooked

            os.fsync = at_point(os.fsync)
            os.replace = at_point(os.replace)
            shutil.rmtree = at_point(shutil.rmtree)
            store.write(index_dir, snapshot)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 60
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"store.write hung in the child at step {step}")
        time.sleep(0.005)


def test_a_writer_killed_at_any_point_leaves_a_usable_index(index_copy):
    before = _live(index_copy)
    step = 0
    while _write_killed_at(index_copy, before, step):
        live = _live(index_copy)  # the old generation, or the complete new one: never a mix
        assert live.manifest.paragraphs == before.manifest.paragraphs
        assert live.paragraphs == before.paragraphs
        step += 1
    assert step > 15  # every file's fsync, the two renames, the removal of the old generation
    final = store.write(index_copy, before)  # the next build clears whatever a killed one left
    assert {p.name for p in index_copy.iterdir()} - {".lock", ".qa-index"} == {"CURRENT", final.name}


# --- real `qa index` processes: kill -9 mid-build, and two at once --------------------------------


def _qa_index(corpus, index_dir, err_path):
    return subprocess.Popen(
        [sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index", str(index_dir)],
        stdout=subprocess.PIPE,
        stderr=err_path.open("w"),
        text=True,
    )


def _holds_lock(process, lock_file):
    """True once `process` holds the build lock (read from /proc/locks, without touching the lock)."""
    try:
        inode = lock_file.stat().st_ino
    except FileNotFoundError:
        return False
    for row in Path("/proc/locks").read_text().splitlines():
        fields = row.split()
        if "FLOCK" in fields and str(process.pid) in fields and fields[5].endswith(f":{inode}"):
            return True
    return False


def _wait_until(condition, what, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.01)


@pytest.fixture
def seeded(corpus_copy, default_index, tmp_path):
    """A corpus copy whose index (copied, same stamps) is live, then an article edited: a build has work."""
    index_dir = tmp_path / "idx"
    shutil.copytree(default_index, index_dir)
    with (corpus_copy / EDITED).open("a", encoding="utf-8") as article:
        article.write("\n" + NEW_LINE)  # the file does not end with a newline
    return corpus_copy, index_dir


def test_kill_9_mid_build_keeps_the_previous_index_and_the_waiting_build_recovers(seeded, tmp_path):
    corpus, index_dir = seeded
    before = _live(index_dir)
    big = corpus / "zz_big.txt"  # enough to embed that the first build is surely still running
    big.write_text("".join(f"Dispatch {i}: the convoy reached checkpoint {i % 41}.\n" for i in range(8000)))
    first = _qa_index(corpus, index_dir, tmp_path / "first.err")
    _wait_until(lambda: _holds_lock(first, index_dir / ".lock"), "the first build holds the lock")
    _wait_until(lambda: "embedding" in (tmp_path / "first.err").read_text(), "the first build is embedding")
    second = _qa_index(corpus, index_dir, tmp_path / "second.err")
    _wait_until(
        lambda: "waiting for it to finish" in (tmp_path / "second.err").read_text(), "the second waits"
    )
    second.send_signal(signal.SIGSTOP)  # frozen in its wait, so what we see next is what the kill left
    try:
        first.kill()
        assert first.wait(30) == -signal.SIGKILL
        after = _live(index_dir)
        assert after.path == before.path and after.paragraphs == before.paragraphs
        assert "Traceback" not in (tmp_path / "first.err").read_text()
        big.unlink()  # the second build, released by the kill, has only the edited article to do
    finally:
        second.send_signal(signal.SIGCONT)
    out, _ = second.communicate(timeout=180)
    assert second.returncode == 0, (tmp_path / "second.err").read_text()
    assert "1 changed" in out
    recovered = _live(index_dir)
    assert recovered.path != before.path and any(p.text == NEW_LINE.strip() for p in recovered.paragraphs)
    assert [p.name for p in index_dir.iterdir() if "gen-" in p.name] == [recovered.path.name]


def test_two_builds_at_once_are_serialised(seeded, tmp_path):
    corpus, index_dir = seeded
    first = _qa_index(corpus, index_dir, tmp_path / "first.err")
    _wait_until(lambda: _holds_lock(first, index_dir / ".lock"), "the first build holds the lock")
    first.send_signal(signal.SIGSTOP)  # holds the lock, frozen, until the second is seen waiting
    try:
        second = _qa_index(corpus, index_dir, tmp_path / "second.err")
        _wait_until(lambda: "waiting for it to finish" in (tmp_path / "second.err").read_text(), "it waits")
    finally:
        first.send_signal(signal.SIGCONT)
    first_out, _ = first.communicate(timeout=180)
    second_out, _ = second.communicate(timeout=180)
    assert first.returncode == 0 and second.returncode == 0
    assert "1 changed" in first_out
    assert second_out.startswith("index up to date")  # it built on the first's result, not beside it
    said = (tmp_path / "second.err").read_text().splitlines()
    waiting = [line for line in said if not line.startswith("qa: updating the index")]  # its first stage line
    assert waiting == [f"qa: warning: another qa index is writing {index_dir}; waiting for it to finish"]
