"""Settings come from the flag, else QA_*, else ./qa.toml, else the user's qa.toml, else the default."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qa.cli.main import main
from qa.config import DEFAULT_CORPUS, DEFAULT_K, resolve
from qa.errors import ConfigError
from tests.conftest import DEFAULT_CORPUS as REPO_CORPUS

NONE = {"corpus": None, "index": None, "k": None, "model": None}


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """A project folder (the current folder) and the user config dir, both empty."""
    project = tmp_path / "project"
    user = Path(os.environ["QA_CONFIG_DIR"])
    project.mkdir()
    return project, user


def test_built_in_defaults(places):
    project, _ = places
    settings = resolve(NONE, environ={}, cwd=project)
    assert (settings.corpus, settings.index_dir, settings.k, settings.model) == (
        DEFAULT_CORPUS,
        None,
        DEFAULT_K,
        None,
    )
    assert settings.origin("corpus") == "default"


def test_each_layer_wins_over_the_ones_below(places):
    project, user = places
    (user / "qa.toml").write_text('corpus = "u-corpus"\nindex = "u-index"\nk = 2\nmodel = "u-model"\n')
    (project / "qa.toml").write_text('corpus = "p-corpus"\nindex = "p-index"\nk = 3\n')
    environ = {"QA_CORPUS": "e-corpus", "QA_K": "4"}
    settings = resolve({**NONE, "corpus": Path("f-corpus")}, environ=environ, cwd=project)
    assert settings.corpus == Path("f-corpus")  # flag over everything
    assert settings.k == 4  # environment over both files
    assert settings.index_dir == project / "p-index"  # project file over user file
    assert settings.model == user / "u-model"  # user file when nothing above has it
    assert dict(settings.origins) == {
        "corpus": "command line",
        "k": "environment",
        "index": str(project / "qa.toml"),
        "model": str(user / "qa.toml"),
    }


def test_relative_paths_in_a_file_are_relative_to_that_file(places, tmp_path):
    _, user = places
    (user / "qa.toml").write_text('corpus = "../news"\nindex = "/abs/idx"\nmodel = "~/m"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    settings = resolve(NONE, environ={"QA_INDEX": "rel-idx"}, cwd=elsewhere)
    assert settings.corpus == user / "../news"
    assert settings.index_dir == elsewhere / "rel-idx"  # env paths are relative to the current folder
    assert settings.model == Path("~/m").expanduser()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("k = 0\n", "qa.toml: k: k must be between 1 and 100, not 0"),
        ('k = "five"\n', "qa.toml: k: k must be a whole number, not 'five'"),
        ("k = true\n", "k must be a whole number, not True"),
        ("corpus = 3\n", "qa.toml: corpus: must be a folder path"),
        ('korpus = "x"\n', "qa.toml: unknown key 'korpus' (known: corpus, index, k, model, milvus)"),
        ("corpus = \n", "qa.toml is not valid TOML"),
    ],
)
def test_a_bad_file_names_the_file_and_key(places, text, message):
    project, _ = places
    (project / "qa.toml").write_text(text)
    with pytest.raises(ConfigError) as raised:
        resolve(NONE, environ={}, cwd=project)
    assert message in str(raised.value) and str(project) in str(raised.value)
    assert raised.value.exit_code == 2


def test_a_bad_environment_value_names_the_variable(places):
    with pytest.raises(ConfigError, match=r"^QA_K: k must be between 1 and 100, not 500$"):
        resolve(NONE, environ={"QA_K": "500"}, cwd=places[0])


def test_every_verb_reads_qa_toml(places, default_index, capsys, monkeypatch):
    project, _ = places
    (project / "qa.toml").write_text(f'corpus = "{REPO_CORPUS}"\nindex = "{default_index}"\nk = 2\n')
    monkeypatch.chdir(project)
    code = main(["ask", "How much is the aid package worth?", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0 and len(json.loads(out)["citations"]) == 2
    assert main(["ask", "How much is the aid package worth?", "--json", "-k", "3"]) == 0  # the flag wins
    assert len(json.loads(capsys.readouterr().out)["citations"]) == 3


def test_a_bad_setting_is_one_line_and_exit_2(places, capsys, monkeypatch):
    monkeypatch.chdir(places[0])
    monkeypatch.setenv("QA_K", "many")
    assert main(["ask", "anything"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == ["qa: error: QA_K: k must be a whole number, not 'many'"]
    assert captured.out == ""


def test_a_folder_and_a_milvus_from_one_place_are_refused(places):
    project, _ = places
    with pytest.raises(ConfigError, match="--index and --milvus both given"):
        resolve({**NONE, "index": Path("idx"), "milvus": "news.db"}, environ={}, cwd=project)
    with pytest.raises(ConfigError, match="environment: index and milvus both given"):
        resolve(NONE, environ={"QA_INDEX": "idx", "QA_MILVUS": "news.db"}, cwd=project)


def test_the_nearer_choice_of_where_the_index_lives_wins(places):
    project, _ = places
    (project / "qa.toml").write_text('milvus = "news.db"\n', encoding="utf-8")
    settings = resolve({**NONE, "index": Path("idx")}, environ={}, cwd=project)
    assert (settings.index_dir, settings.milvus) == (Path("idx"), None)
    settings = resolve(NONE, environ={"QA_INDEX": "idx"}, cwd=project)
    assert (settings.index_dir, settings.milvus) == (project / "idx", None)
    settings = resolve({**NONE, "milvus": "other.db"}, environ={"QA_INDEX": "idx"}, cwd=project)
    assert (settings.index_dir, settings.milvus, settings.origin("milvus")) == (
        None,
        "other.db",
        "command line",
    )


def test_index_and_milvus_flags_together_exit_2(capsys):
    assert main(["ask", "--index", "idx", "--milvus", "news.db", "anything?"]) == 2
    assert "--index and --milvus both given" in capsys.readouterr().err
