"""Embedding progress on stderr: nothing until there is something to embed, then a bar or lines."""

from __future__ import annotations

import sys
import time

from qa.cli.console import index_progress
from qa.index.passages import IndexProgress


def test_nothing_to_embed_shows_nothing_in_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with index_progress():
        pass
    assert capsys.readouterr().err == ""


def test_the_bar_starts_with_its_total_known(capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    started = time.monotonic()
    with index_progress() as report:
        report(IndexProgress(32, 40, started))
        report(IndexProgress(40, 40, started))
    err = capsys.readouterr().err
    assert "0/?" not in err and "embedding" in err
    assert "qa: embedded 40 passages in " in err.rstrip().splitlines()[-1]


def test_lines_when_stderr_is_a_log(capsys):
    started = time.monotonic()
    with index_progress() as report:
        for done in (32, 64, 96, 100):
            report(IndexProgress(done, 100, started))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "qa: embedding 100 passages"
    assert [line.split()[2] for line in lines[1:-1]] == ["32/100", "64/100", "96/100"]
    assert lines[-1].startswith("qa: embedded 100 passages in ")
