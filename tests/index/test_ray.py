"""`qa index --ray` on a real local Ray (this machine's 2 CPUs): the vectors direct encoding gives,
and no Ray process left behind, also after Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from qa.errors import IndexUnavailable
from qa.index.embedding import index_encoder, resolve_model
from qa.index.passages import embed, split
from qa.index.ray_embed import RayTarget, _start
from qa.index.ray_embed import embed as ray_embed
from qa.ingest.paragraphs import Paragraph

RAY_PROCESSES = ("raylet", "gcs_server")


def ray_processes() -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(name in command for name in RAY_PROCESSES):
            found.add(int(entry.name))
    return found


def gone(before: set[int], seconds: float) -> set[int]:
    """Ray processes started since `before` that are still running after `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := ray_processes() - before) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def test_ray_actors_give_the_vectors_direct_encoding_gives():
    before = ray_processes()
    model = resolve_model(None)
    encoder = index_encoder(model)
    words = "cluster munitions scatter smaller bombs over a wide area and many countries ban them".split()
    paragraphs = [
        Paragraph("a.txt", n, n + 1, 0, " ".join(words[: 3 + n % 12] * (1 + n % 5))) for n in range(70)
    ]
    pieces = split(paragraphs, encoder)
    direct = embed(encoder, pieces.texts, pieces.tokens, None, None)
    seen: list[int] = []
    through_ray = ray_embed(
        model, encoder.dim, pieces.texts, pieces.tokens, RayTarget(), lambda p: seen.append(p.done)
    )
    assert np.array_equal(through_ray, direct)  # bit for bit: the same batches, the same model
    assert seen[-1] == len(pieces.texts)
    assert not gone(before, 20), "Ray processes outlived the build"


def test_ctrl_c_during_a_ray_build_leaves_no_ray_running(tmp_path, corpus_copy):
    before = ray_processes()
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qa",
            "index",
            "--ray",
            "--corpus",
            str(corpus_copy),
            "--index",
            str(tmp_path / "i"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not ray_processes() - before and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ray_processes() - before, "Ray never started"
    time.sleep(2)
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130, err
    assert err.strip().splitlines()[-1] == "qa: error: interrupted"
    assert not gone(before, 30), "Ray processes outlived the interrupted build"
    assert not (tmp_path / "i" / "CURRENT").exists()  # nothing was made live


def test_a_ray_that_times_out_starting_is_a_one_line_error_not_a_traceback():
    class TimingOut:
        def init(self, **_: object) -> None:
            raise Exception("The current node timed out during startup.")  # what Ray raises

    with pytest.raises(IndexUnavailable, match="cannot start or join Ray at this machine: The current node"):
        _start(TimingOut(), RayTarget())
