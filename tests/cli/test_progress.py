"""Embedding progress on stderr: nothing until there is something to embed, then a bar or lines."""

from __future__ import annotations

import sys
import time

from qa.cli.console import index_progress
from qa.index.passages import READING, IndexProgress


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


def test_reading_that_outlasts_the_embedding_is_reported_after_it(capsys):
    started = time.monotonic()
    with index_progress() as report:
        report(IndexProgress(100, 100, started))
        for done in (600, 600, 1200):
            report(IndexProgress(done, 2000, started, READING))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "qa: embedding 100 passages"
    assert lines[1].startswith("qa: embedded 100 passages in ")
    assert lines[2] == "qa: reading who said what: 1400 of 2000 paragraphs left"
    assert lines[3] == "qa: read 1200/2000 paragraphs"
    assert lines[4].startswith("qa: read 2000 paragraphs in ") and len(lines) == 5


def test_the_bar_shows_the_reading_left(capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    started = time.monotonic()
    with index_progress() as report:
        report(IndexProgress(40, 40, started))
        report(IndexProgress(500, 1000, started, READING))
    err = capsys.readouterr().err
    assert "who said what" in err and "paragraphs/s" in err
    assert "qa: embedded 40 passages in " in err and "qa: read 1000 paragraphs in " in err
