import pytest

from qa.errors import QuestionError
from tests.conftest import DEFAULT_CORPUS


def _file_lines(doc):
    return (DEFAULT_CORPUS / doc).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    "question",
    [
        "What did Sullivan say?",
        "How much is the aid package worth?",
        "Where will Biden fly after meeting the King?",
    ],
)
def test_citations_point_at_real_paragraphs_and_lines(default_engine, question):
    answer = default_engine.ask(question, k=5)
    assert len(answer.citations) == 5
    assert [c.n for c in answer.citations] == [1, 2, 3, 4, 5]
    if "say" not in question:  # a speaker's quotes lead in article order; the rest rank best first
        scores = [c.score for c in answer.citations]
        assert scores == sorted(scores, reverse=True)
    for citation in answer.citations:
        lines = _file_lines(citation.doc)
        assert lines[citation.line - 1].strip() == citation.text
        assert default_engine.document(citation.doc)[citation.paragraph].text == citation.text
        for start, end in citation.highlights:
            assert 0 <= start < end <= len(citation.text)


def test_answer_is_made_of_cited_words(default_engine):
    answer = default_engine.ask("How much is the aid package worth?")
    assert not answer.abstained
    assert "$800 million" in answer.text
    assert "[1]" in answer.text
    first = answer.citations[0]
    assert first.doc == "003_76f546fea674f369.txt" and first.paragraph == 1 and first.line == 2
    assert any("$800 million" in first.text[s:e] for s, e in first.highlights)


def test_quote_question_highlights_the_quoted_words(default_engine):
    answer = default_engine.ask("What did Tom Sharpe say?")
    sharpe = [c for c in answer.citations if c.doc.startswith("004") and c.paragraph == 56]
    assert sharpe
    spans = [sharpe[0].text[s:e] for s, e in sharpe[0].highlights]
    assert spans and spans[0].startswith("Imagine if it was reversed")


@pytest.mark.parametrize(
    "question", ["What did Emmanuel Macron say about cluster bombs?", "Who won the 2022 World Cup?"]
)
def test_out_of_corpus_questions_abstain(default_engine, question):
    answer = default_engine.ask(question)
    assert answer.abstained
    assert answer.text.startswith("The corpus doesn't say.")
    assert answer.confidence <= 0.2
    assert answer.citations  # the closest passages are still shown


def test_answerable_question_does_not_abstain(default_engine):
    answer = default_engine.ask("Why are cluster munitions controversial?")
    assert not answer.abstained
    assert answer.confidence > 0.3


def test_bad_questions_raise_question_error(default_engine):
    with pytest.raises(QuestionError, match="empty question"):
        default_engine.ask("   \t ")
    with pytest.raises(QuestionError, match="limit"):
        default_engine.ask("why " * 2000)


def test_ask_many_keeps_order_and_reports_bad_questions(default_engine):
    results = default_engine.ask_many(["What did Sullivan say?", "", "How much is the aid package worth?"])
    assert isinstance(results[1], QuestionError)
    assert results[0].question == "What did Sullivan say?"
    assert results[2].question == "How much is the aid package worth?"


def test_what_did_x_say_cites_every_quote_paragraph_in_article_order(default_engine):
    answer = default_engine.ask("What did Sullivan say?")
    assert answer.text.startswith("Jake Sullivan said: Ukraine would not be using these munitions")
    assert [(c.doc, c.paragraph) for c in answer.citations[:3]] == [
        ("003_76f546fea674f369.txt", 6),
        ("003_76f546fea674f369.txt", 7),
        ("003_76f546fea674f369.txt", 8),
    ]
    assert "[1]" in answer.text and "[2]" in answer.text and "[3]" in answer.text


def test_quotes_about_a_topic_keep_the_whole_running_quote(default_engine):
    answer = default_engine.ask("What did Tom Sharpe say about Putin?", k=5)
    cited = [c.paragraph for c in answer.citations if c.doc.startswith("004")]
    assert cited[:4] == [56, 57, 58, 59]  # the quote runs over four paragraphs


def test_title_resolves_to_the_full_name(default_engine):
    answer = default_engine.ask("What did Sir Keir say?")
    # his reported phrases come first, in their sentences; "said:" introduces his own words
    assert answer.text.startswith("He described his discussions with Mr Biden as 'long and productive'")
    assert "Keir Starmer said: We had a wide-ranging discussion" in answer.text
    assert answer.text.count("strong position") == 1  # ¶4 reports what ¶14 gives whole
    assert {11, 12, 13, 14} <= {c.paragraph for c in answer.citations if c.doc.startswith("004")}


def test_person_mentioned_but_never_quoted_abstains(default_engine):
    answer = default_engine.ask("What did Antony Blinken say to Zelensky?")
    assert answer.abstained
    assert "mention Antony Blinken but do not quote" in answer.text


def test_a_role_mentioned_but_never_quoted_abstains(default_engine):
    answer = default_engine.ask("What did the King tell Biden at Windsor Castle?")
    assert answer.abstained and "mention the King but do not quote" in answer.text


def test_figure_question_without_a_figure_abstains(default_engine):
    answer = default_engine.ask("How much does a Storm Shadow missile cost?")
    assert answer.abstained and "figure" in answer.text


def test_captions_do_not_outrank_text(default_engine):
    answer = default_engine.ask("Who announced the cluster munitions decision?")
    first = answer.citations[0].text
    assert "(Picture:" not in first


def test_who_said_names_the_speaker(default_engine):
    answer = default_engine.ask("Who said Zelensky is a man of remarkable patience?")
    assert answer.text.startswith("Tom Sharpe said: Zelensky is a man of remarkable patience")
    assert answer.citations[0].paragraph == 57
