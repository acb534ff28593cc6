"""Shell completion through argcomplete: verbs, flags and --filter keys, as a shell would ask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _complete(line: str, tmp_path: Path) -> list[str]:
    answer = tmp_path / "completions"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
    }
    subprocess.run([sys.executable, "-m", "qa"], env=env, check=False, timeout=60, capture_output=True)
    return [
        word.strip() for word in answer.read_text(encoding="utf-8").split("\n")
    ]  # a lone match ends in a space


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("qa a", {"ask"}),
        ("qa index --re", {"--rebuild"}),
        ("qa ask --filter sp", {"speaker:"}),
        ("qa ask --filter ", {"source:", "since:", "until:", "speaker:", "doc:"}),
    ],
)
def test_completes(line, expected, tmp_path):
    assert set(_complete(line, tmp_path)) >= expected
