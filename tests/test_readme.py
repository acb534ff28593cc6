"""The README's console examples are what the commands print (see bench/readme_examples.py)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from tests.conftest import ROOT


def _examples():
    spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "bench" / "readme_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_readme_examples_match_what_the_commands_print(default_index: Path):
    examples = _examples()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = examples.rewrite(readme, examples.outputs(default_index, os.environ))
    assert readme == expected, "README examples are stale: run .venv/bin/python bench/readme_examples.py"
