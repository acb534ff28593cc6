"""`qa batch` where its input and output are not plain files, or the run is not alone: nothing read
is lost, nothing written lands in the wrong place, and bad input is one line or one error row."""

import hashlib
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS, ROOT

QUESTION = "What did Sullivan say?"


def _args(default_index):
    return ["--corpus", str(DEFAULT_CORPUS), "--index", str(default_index)]


@pytest.fixture
def questions(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(QUESTION + "\nHow much is the aid package worth?\n", encoding="utf-8")
    return path


def test_dev_stdout_is_written_straight_through(capfd, default_index, questions):
    code = main(["batch", str(questions), "-o", "/dev/stdout", *_args(default_index)])
    out, err = capfd.readouterr()
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 2]
    assert Path("/dev/stdout").is_symlink() and not Path("/dev/stdout.partial").exists()


def test_dash_is_stdout(capsys, default_index, questions):
    code = main(["batch", str(questions), "-o", "-", *_args(default_index)])
    out, _ = capsys.readouterr()
    assert code == 0 and len(out.splitlines()) == 2 and not Path("-").exists()


def test_a_fifo_as_output_gets_every_row_and_stays_a_fifo(capsys, default_index, questions, tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code = main(["batch", str(questions), "-o", str(fifo), *_args(default_index)])
    reader.join(timeout=60)
    assert code == 0, capsys.readouterr().err
    assert len(received[0].splitlines()) == 2
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo", "q.txt"]


def test_a_pipe_as_input_is_read_once_and_hashed_from_what_was_read(capsys, default_index, tmp_path):
    data = (QUESTION + "\n").encode()
    read_end, write_end = os.pipe()  # what `qa batch <(echo ...)` passes: /dev/fd/N
    os.write(write_end, data)
    os.close(write_end)
    out = tmp_path / "out.jsonl"
    try:
        code = main(["batch", f"/dev/fd/{read_end}", "-o", str(out), *_args(default_index)])
    finally:
        os.close(read_end)
    _, err = capsys.readouterr()
    assert code == 0 and "1 line(s)" in err, err
    manifest = json.loads((tmp_path / "out.jsonl.manifest.json").read_text())
    assert manifest["input"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_named_fifo_as_input_does_not_hang(capsys, default_index, tmp_path):
    fifo = tmp_path / "q.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(QUESTION + "\n"))
    writer.start()
    code = main(["batch", str(fifo), *_args(default_index)])
    writer.join(timeout=60)
    out, err = capsys.readouterr()
    assert code == 0 and len(out.splitlines()) == 1, err


def test_a_folder_as_output_fails_before_anything_runs(capsys, default_index, questions, tmp_path):
    folder = tmp_path / "outdir"
    folder.mkdir()
    code = main(["batch", str(questions), "-o", str(folder), "--corpus", str(tmp_path / "nowhere")])
    _, err = capsys.readouterr()
    assert (
        code == 2 and err.strip() == f"qa: error: cannot write {folder}: it is a folder; give -o a file name"
    )


def test_year_zero_is_one_error_row_and_the_batch_goes_on(capsys, default_index, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(f"{QUESTION} since:0000\n{QUESTION} until:0000\n{QUESTION}\n", encoding="utf-8")
    code = main(["batch", str(path), *_args(default_index)])
    out, _ = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(rows) == 3
    assert "since:0000 is not a date" in rows[0]["error"] and "until:0000 is not a date" in rows[1]["error"]
    assert rows[2]["citations"]


def test_an_ascii_stdout_gets_escaped_json_not_a_crash(capsys, monkeypatch, default_index, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("Что сказал Салливан?\n" + QUESTION + "\n", encoding="utf-8")
    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", ascii_out)
    code = main(["batch", str(path), *_args(default_index)])
    ascii_out.flush()
    rows = [json.loads(line) for line in raw.getvalue().decode("ascii").splitlines()]
    assert code == 0, capsys.readouterr().err
    assert rows[0]["question"] == "Что сказал Салливан?" and len(rows) == 2


def test_a_closed_stdout_is_one_clear_line(capsys, monkeypatch, default_index, questions, tmp_path):
    monkeypatch.setattr(sys, "stdout", None)  # what Python makes of `qa ask ... >&-`
    assert main(["ask", QUESTION, *_args(default_index)]) == 1
    assert "standard output is closed" in capsys.readouterr().err
    assert main(["batch", str(questions), *_args(default_index)]) == 1
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(questions), "-o", str(out), *_args(default_index)]) == 0  # it needs no stdout
    assert len(out.read_text().splitlines()) == 2


def test_two_batches_to_one_output_never_mix(default_index, session_cache, tmp_path):
    """They shared OUT.partial: corrupt lines, and a manifest whose sha256 did not match OUT."""
    many = tmp_path / "many.txt"
    many.write_text("".join(f"{QUESTION} ({n})\n" for n in range(40)), encoding="utf-8")
    out = tmp_path / "same.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QA_CACHE_DIR": str(session_cache)}
    command = [sys.executable, "-m", "qa", "batch", str(many), "-o", str(out), *_args(default_index)]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == list(range(1, 41))
    manifest = json.loads((tmp_path / "same.jsonl.manifest.json").read_text())
    assert manifest["output"]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "many.txt",
        "same.jsonl",
        "same.jsonl.manifest.json",
    ]


def test_year_zero_as_a_filter_option_is_a_usage_line(capsys, default_index):
    with pytest.raises(SystemExit) as raised:
        main(["ask", QUESTION, "--filter", "since:0000", *_args(default_index)])
    _, err = capsys.readouterr()
    assert raised.value.code == 2 and "since:0000 is not a date" in err and "invalid _filter" not in err
