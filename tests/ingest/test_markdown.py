"""Markdown articles: citations quote the rendered words, at the file's own lines."""

from __future__ import annotations

import json

from qa.cli.main import main
from qa.ingest.markdown import markdown_paragraphs, plain

ARTICLE = (
    "---\ntitle: Budget day\n---\n"
    "# The **Budget**\n\n"
    "The council said the *new* [transport plan](https://example.org/plan) costs **$5 million**.\n\n"
    "---\n\n"
    "- Mayor \\*Ana\\* Lopez said: “We will *finish* it by June.”\n"
)


def test_emphasis_links_and_escapes_are_read_as_words():
    assert plain("The *new* [plan](http://x.org) costs **$5 million** \\* 2.") == (
        "The new plan costs $5 million * 2."
    )
    assert plain("## A heading") == "A heading"
    assert plain("> quoted line\n> and more") == "quoted line\nand more"
    assert plain("---") == "" and plain("<!-- a note -->") == ""


def test_paragraphs_keep_the_lines_and_offsets_of_the_file():
    body = ARTICLE.split("---\n", 2)[2]
    paragraphs = markdown_paragraphs("a.md", body)
    assert [p.text for p in paragraphs] == [
        "The Budget",
        "The council said the new transport plan costs $5 million.",
        "Mayor *Ana* Lopez said: “We will finish it by June.”",
    ]
    assert [p.index for p in paragraphs] == [0, 1, 2]  # the rule renders to nothing: not a paragraph
    for paragraph in paragraphs:
        assert body[paragraph.start :].startswith(("# The", "The council", "- Mayor"))


def test_a_citation_quotes_the_words_at_the_line_in_the_file(capsys, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "budget.md").write_text(ARTICLE, encoding="utf-8")
    argv = ["--corpus", str(corpus), "--index", str(tmp_path / "index"), "-k", "1", "--json"]
    code = main(["ask", "How much does the transport plan cost?", *argv])
    answer = json.loads(capsys.readouterr().out)
    (citation,) = answer["citations"]
    assert code == 0 and citation["text"] == "The council said the new transport plan costs $5 million."
    assert "**" not in answer["answer"] and "](" not in answer["answer"]
    assert ARTICLE.splitlines()[citation["line"] - 1].startswith("The council said the *new*")
    assert citation["title"] == "Budget day"
