"""`qa index --dry-run`: the plan on stdout, counts on stderr, nothing written, no model loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.cli.main import main
from tests.test_import_hygiene import _loaded_after


@pytest.fixture
def seeded(corpus_copy: Path, tmp_path: Path, default_index: Path) -> tuple[Path, Path]:
    """A corpus copy with a copy of the shared index: fresh until a test edits the corpus."""
    index = tmp_path / "idx"
    shutil.copytree(default_index, index)
    return corpus_copy, index


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_lists_added_changed_and_removed_and_writes_nothing(seeded, capsys):
    corpus, index = seeded
    first, second, *_ = sorted(p.name for p in corpus.iterdir())
    (corpus / "new.txt").write_text("A brand new article about nothing much.\n", encoding="utf-8")
    with (corpus / first).open("a", encoding="utf-8") as handle:
        handle.write("One more paragraph.\n")
    (corpus / second).unlink()
    before = _tree(index)
    code = main(["index", "--dry-run", "--corpus", str(corpus), "--index", str(index)])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.splitlines() == ["added\tnew.txt", f"changed\t{first}", f"removed\t{second}"]
    assert "would index 1 added, 1 changed, 1 removed; 1 unchanged" in err and "nothing written" in err
    assert _tree(index) == before


def test_up_to_date_prints_no_lines(seeded, capsys):
    corpus, index = seeded
    assert main(["index", "--dry-run", "--corpus", str(corpus), "--index", str(index)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "index up to date: 3 files" in err


def test_a_missing_index_would_add_everything_and_is_not_created(corpus_copy, tmp_path, capsys):
    index = tmp_path / "none"
    assert main(["index", "--dry-run", "--corpus", str(corpus_copy), "--index", str(index)]) == 0
    out, _ = capsys.readouterr()
    assert [line.split("\t")[0] for line in out.splitlines()] == ["added"] * 3
    assert not index.exists()


def test_loads_no_model(seeded):
    corpus, index = seeded
    (corpus / "new.txt").write_text("Another article.\n", encoding="utf-8")
    code = f"from qa.cli.main import main\nmain(['index', '--dry-run', '--corpus', {str(corpus)!r}, '--index', {str(index)!r}])"
    assert _loaded_after(code) == []
