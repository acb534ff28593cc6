"""`qa doctor` on a healthy index, a damaged one and a stale one: each problem with its fix, exit 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.cli.main import main
from qa.config import Settings
from qa.doctor import settings_check
from tests.conftest import DEFAULT_CORPUS


def _doctor(capsys, corpus: Path, index: Path) -> tuple[int, list[str], str]:
    code = main(["doctor", "--corpus", str(corpus), "--index", str(index)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def _states(lines: list[str]) -> dict[str, str]:
    return {line.split()[1]: line.split()[0] for line in lines if not line.startswith(" ")}


@pytest.fixture
def index_copy(tmp_path: Path, default_index: Path) -> Path:
    target = tmp_path / "idx"
    shutil.copytree(default_index, target)
    return target


def test_healthy(capsys, default_index):
    code, lines, err = _doctor(capsys, DEFAULT_CORPUS, default_index)
    assert code == 0, lines
    assert _states(lines) == dict.fromkeys(
        ["versions", "settings", "corpus", "model", "encoder", "index"], "ok"
    )
    assert "qa doctor: healthy" in err
    index_line = next(line for line in lines if line.split()[1] == "index")
    assert "3 files, 99 paragraphs" in index_line
    assert "(command line)" in next(line for line in lines if line.split()[1] == "settings")


def test_damaged_index_fails_with_the_rebuild_command(capsys, index_copy):
    generation = index_copy / (index_copy / "CURRENT").read_text().strip()
    vectors = generation / "vectors.npy"
    data = bytearray(vectors.read_bytes())
    data[-1] ^= 0xFF  # same size, different bytes: only a verified load notices
    vectors.write_bytes(bytes(data))
    code, lines, err = _doctor(capsys, DEFAULT_CORPUS, index_copy)
    assert code == 1 and "1 problem(s)" in err
    assert _states(lines)["index"] == "FAIL"
    failed = lines.index(next(line for line in lines if line.startswith("FAIL")))
    assert "vectors.npy changed since it was written" in lines[failed]
    assert (
        lines[failed + 1].strip() == f"fix: qa index --rebuild --corpus {DEFAULT_CORPUS} --index {index_copy}"
    )


def test_stale_index_lists_the_files_and_says_qa_index(capsys, corpus_copy, index_copy):
    (corpus_copy / "late.txt").write_text("A late article about the weather.\n", encoding="utf-8")
    victim = sorted(corpus_copy.glob("*.txt"))[0]
    victim.unlink()
    code, lines, _ = _doctor(capsys, corpus_copy, index_copy)
    assert code == 1
    failed = next(line for line in lines if line.startswith("FAIL"))
    assert f"1 added, 0 changed, 1 removed (late.txt, {victim.name})" in failed
    assert (
        lines[lines.index(failed) + 1].strip() == f"fix: qa index --corpus {corpus_copy} --index {index_copy}"
    )
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_copy)]) == 0
    capsys.readouterr()
    assert _doctor(capsys, corpus_copy, index_copy)[0] == 0  # the fix fixes it


def test_missing_corpus_and_index(capsys, tmp_path):
    code, lines, _ = _doctor(capsys, tmp_path / "nowhere", tmp_path / "idx")
    assert code == 1
    states = _states(lines)
    assert states["corpus"] == "FAIL" and states["index"] == "warn"
    assert any("corpus folder not found" in line for line in lines)


def test_settings_name_where_a_milvus_index_was_chosen():
    settings = Settings(Path("news"), None, 5, None, {"milvus": "QA_MILVUS"}, milvus="news.db")
    assert "index Milvus news.db (QA_MILVUS)" in settings_check(settings).detail
