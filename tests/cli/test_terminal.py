"""What the command line prints when it is not talking to a terminal, and how it meets typos."""

from __future__ import annotations

import pytest

from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _on(default_index):
    return ["--corpus", str(DEFAULT_CORPUS), "--index", str(default_index)]


def test_piped_answer_is_unwrapped_and_unpadded(capsys, default_index):
    code, out, err = _run(capsys, "ask", "What did Sullivan say?", "-k", "3", *_on(default_index))
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert all(line == line.rstrip() for line in lines)
    assert lines[0].startswith("Jake Sullivan said:") and lines[0].endswith("[3]")  # one line, not wrapped
    assert (
        "[1] 003_76f546fea674f369.txt ¶ 7 · line 7  quoted: Jake Sullivan" in lines
    )  # paragraphs counted from 1, like lines


def test_piped_people_table_keeps_each_role_on_its_row(capsys, default_index):
    code, out, _ = _run(capsys, "people", *_on(default_index))
    lines = out.splitlines()
    assert code == 0 and all(line == line.rstrip() for line in lines)
    ricketts = next(line for line in lines if line.startswith("Lord Ricketts"))
    assert ricketts.split()[2:] == [
        "person",
        "UK's",
        "first",
        "national",
        "security",
        "adviser",
        "3",
        "0",
        "1",
    ]


def test_plain_qa_without_a_terminal_says_so(capsys):
    code, out, err = _run(capsys)
    assert code == 2 and out == ""
    assert err.startswith("qa: error: the chat needs a terminal")


@pytest.mark.parametrize(
    ("argv", "meant"),
    [(["aks", "hello"], "'ask'"), (["index", "--rebuld"], "'--rebuild'"), (["peopel"], "'people'")],
)
def test_typos_get_a_suggestion(capsys, argv, meant):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert f"did you mean {meant}?" in capsys.readouterr().err


def test_a_flag_of_another_verb_says_whose_it_is(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ask", "--format", "json", "anything?"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "did you mean" not in err
    assert "--format is an option of qa search, qa list, qa show, qa people" in err


def test_dash_capital_v_is_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["-V"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("qa ")


def test_a_build_reports_each_stage_on_a_piped_stderr(capsys, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "The council approved the budget.\n\nIt costs $5 million.\n", encoding="utf-8"
    )
    index = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    code, _, err = _run(capsys, "ask", "How much does it cost?", *index)
    lines = err.splitlines()
    assert code == 0
    assert lines[0].startswith("qa: building the index of") and "loading the model" in lines[0]
    assert "qa: embedding 2 passages" in lines and "0/?" not in err
    assert lines[-1] == "qa: index ready: 1 article, 2 paragraphs"
    code, _, err = _run(capsys, "ask", "How much does it cost?", *index)
    assert code == 0 and err == ""  # nothing to embed: no bar, no line


def test_index_counts_files_and_the_articles_a_dump_holds(capsys, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The council approved the budget on Monday.\n", encoding="utf-8")
    (corpus / "b.md").write_text("The bridge reopened on Tuesday.\n", encoding="utf-8")
    records = ['{"title": "One", "body": "Rain is due on Friday."}', '{"title": "Two", "body": "Snow fell."}']
    (corpus / "news.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, "index", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert code == 0 and out.startswith("indexed 3 files, 4 articles, 4 paragraphs: 3 added, 0 changed")


def test_corpus_help_names_every_format_read(capsys):
    from qa.ingest.corpus import ARTICLE_SUFFIXES

    with pytest.raises(SystemExit):
        main(["index", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert all(suffix in shown for suffix in ARTICLE_SUFFIXES)


def test_qa_index_says_it_is_building_before_the_model_loads(capsys, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The council approved the budget on Monday.\n", encoding="utf-8")
    index = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    code, _, err = _run(capsys, "index", *index)
    assert code == 0 and err.splitlines()[0].startswith("qa: building the index of")
    code, out, err = _run(capsys, "index", *index)
    assert code == 0 and err == "" and out.startswith("index up to date: 1 file, 1 article, 1 paragraph")
