"""Answering on the default corpus: speakers by role, exact spans, duplicates, abstention, ablation."""

import pytest

from qa.answering.request import FEATURES, Features

DOC = "004_000a7fc3f8c0d5df.txt"


def _cited(answer):
    return {(c.doc, c.paragraph) for c in answer.citations} | {
        (a.doc, a.paragraph) for c in answer.citations for a in c.also
    }


@pytest.mark.parametrize(
    ("question", "paragraphs"),
    [
        ("What did the Ukrainian president post on X?", {15, 26, 27}),  # a role; "on X" is the medium
        pytest.param(
            "What did Russia's UN ambassador warn?",
            {51, 63},
            marks=pytest.mark.xfail(
                strict=True,
                reason="en_core_web_sm reads 'the United Nations Vassily Nebenzia' as one ORG entity, so the "
                "role given before his name is lost; ¶16 is now Moscow's, the sentence's own subject",
            ),
        ),
        ("What did the former Navy commander say?", {56, 57, 58, 59}),
        ("What did Sir Keir tell reporters?", {4, 5, 9, 11, 12, 13, 14}),  # the audience is no topic
    ],
)
def test_every_quote_of_a_person_asked_for_by_role_or_name(default_engine, question, paragraphs):
    answer = default_engine.ask(question)
    assert {(DOC, p) for p in paragraphs} <= _cited(answer)
    assert not answer.abstained


def test_attribution_switched_off_loses_them(default_engine):
    question = "What did the former Navy commander say?"
    answer = default_engine.ask(question, features=Features.without("attribution"))
    assert not {(DOC, p) for p in (56, 57, 58, 59)} <= _cited(answer)


def test_a_repeated_quote_is_cited_once_with_its_copy(default_engine):
    answer = default_engine.ask("What did Vassily Nebenzia tell the UN Security Council?")
    [nebenzia] = [c for c in answer.citations if c.paragraph == 51]
    assert [(a.doc, a.paragraph, a.line) for a in nebenzia.also] == [(DOC, 63, 64)]
    assert answer.text.count("Nato will be a direct party") == 1  # ¶16 reports part of the same words


@pytest.mark.parametrize(
    ("question", "exact"),
    [
        ("How much is the aid package worth?", "$800 million"),
        ("Who is the Shadow Chancellor?", "Rachel Reeves"),
        ("Who was the UK's first national security adviser?", "Lord Ricketts"),
    ],
)
def test_exact_span_inside_the_highlight(default_engine, question, exact):
    first = default_engine.ask(question).citations[0]
    assert first.answer_span is not None and first.text[slice(*first.answer_span)] == exact
    assert any(s <= first.answer_span[0] and first.answer_span[1] <= e for s, e in first.highlights)


def test_a_count_with_no_figure_for_what_is_counted_abstains(default_engine):
    answer = default_engine.ask("How many civilians have been killed by cluster munitions in Ukraine?")
    assert answer.abstained and "figure" in answer.text
    kept = default_engine.ask(
        "How many civilians have been killed by cluster munitions in Ukraine?",
        features=Features.without("typed_check"),
    )
    assert not kept.abstained


def test_features_by_name():
    assert Features.without("attribution, demotion") == Features(attribution=False, demotion=False)
    assert Features.without("") == Features()
    assert set(FEATURES) >= {"attribution", "demotion", "typed_check", "name_check"}
    with pytest.raises(ValueError, match="unknown feature 'speed'"):
        Features.without("speed")


def _opened(corpus, tmp_path):
    """An engine over `corpus`, its index built under `tmp_path`."""
    from qa.engine import Engine

    engine = Engine(corpus, index_dir=tmp_path / "index")
    engine.open()
    return engine


def _asked(tmp_path, articles, question):
    """The answer to `question` over a corpus of `articles` (file name: text), and its exact spans."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    answer = _opened(corpus, tmp_path).ask(question)
    return answer, [c.text[slice(*c.answer_span)] for c in answer.citations if c.supports and c.answer_span]


def test_a_quote_several_outlets_reported_is_cited_once_with_every_article(corpus_copy, tmp_path):
    (corpus_copy / "005_other_outlet.txt").write_text(
        "The White House defended its decision to send cluster munitions on Friday.\n"
        "Speaking to reporters, Jake Sullivan insisted: ‘Ukraine would not be using these munitions in"
        " some foreign land.’\n",
        encoding="utf-8",
    )
    answer = _opened(corpus_copy, tmp_path).ask("What did Sullivan say?")
    both = {("003_76f546fea674f369.txt", 6), ("005_other_outlet.txt", 1)}
    carrying = [c for c in answer.citations if (c.doc, c.paragraph) in both]
    assert len(carrying) == 1  # one citation, listing the other outlet's copy
    assert {(carrying[0].doc, carrying[0].paragraph)} | {
        (a.doc, a.paragraph) for a in carrying[0].also
    } == both
    assert answer.text.count("Ukraine would not be using these munitions") == 1


def test_only_cited_passages_support_the_answer_and_carry_its_mark(default_engine):
    answer = default_engine.ask("Who said the munitions should not be delivered?")
    first, *others = answer.citations
    assert answer.text == "Shadow Chancellor Rachel Reeves said the munitions should not be delivered. [1]"
    assert [first.text[a:b] for a, b in first.highlights] == [answer.text.removesuffix(" [1]")]
    assert first.supports and first.text[slice(*first.answer_span)] == "Rachel Reeves"
    assert others and all(not c.supports and c.answer_span is None for c in others)


def test_the_closest_passages_to_a_declined_question_support_nothing(default_engine):
    answer = default_engine.ask("Who won the 1998 football world cup?")
    assert answer.abstained and answer.citations
    assert all(not c.supports and c.answer_span is None for c in answer.citations)


def test_the_sentence_with_the_asked_for_figure_answers_over_one_that_restates_the_question(tmp_path):
    suit = (
        "Jones sues Conte\n\n"
        "Marion Jones has filed a lawsuit for defamation against Balco boss Victor Conte.\n\n"
        "The sprinter says Conte damaged her reputation and she is seeking $25m in the suit.\n\n"
        "Conte has said he will fight the case in court.\n"
    )
    question = "How much is Marion Jones seeking in her defamation suit against Victor Conte?"
    answer, spans = _asked(tmp_path, {"suit.txt": suit}, question)
    assert spans[:1] == ["$25m"]
    assert "seeking $25m" in answer.text


def test_who_holds_a_role_is_the_speaker_the_articles_give_it_of_the_one_asked_about(tmp_path):
    articles = {
        "law.txt": "Sprinter Marion Jones meets a lawyer\n\n"
        "Marion Jones, the sprinter, met the lawyer Tom Smith at a Marion Jones fan club dinner, where "
        "the lawyer Tom Smith spoke about Marion Jones.\n",
        "suit.txt": "Jones sues Conte\n\n"
        "The sprinter says Conte damaged her reputation and she is seeking $25m in the suit.\n\n"
        'After the programme, Jones\' lawyer Richard Nicholls said: "She has never used drugs."\n',
    }
    answer, spans = _asked(tmp_path, articles, "Who is Marion Jones's lawyer?")
    assert spans[:1] == ["Richard Nicholls"]  # the role the articles give him, not the words around Tom Smith
    assert not answer.abstained


def test_a_role_held_of_someone_else_is_no_answer(tmp_path):
    articles = {
        "debt.txt": "Argentina settles debt\n\n"
        'Argentina\'s President Nestor Kirchner said: "We will pay." The United States welcomed the deal.\n',
        "bush.txt": "Bush sworn in\n\nGeorge Bush was sworn in again as president of the United States on Thursday.\n",
    }
    _, spans = _asked(tmp_path, articles, "Who is the president of the United States?")
    assert spans[:1] == ["George Bush"]  # "Argentina's President" is not the United States'


GAMES = {
    "games.txt": "Team GB names squad\n\n"
    "Team GB won 30 medals at the 2004 Olympics in Athens, its best haul since 1920.\n\n"
    "Officials hope for more medals when the 2008 Games open in Beijing.\n",
}


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("How many medals did Team GB win at the 2016 Olympics?", True),  # written before 2016
        ("How many medals did Team GB win at the 2012 Olympics?", False),  # one Games past 2008
        ("How many medals did Team GB win at the 2004 Olympics?", False),
        ("How many medals did Team GB win at the 1896 Olympics?", False),  # earlier: it may say
    ],
)
def test_a_year_past_every_cited_article_is_declined_by_what_they_reach(tmp_path, question, declined):
    answer, _ = _asked(tmp_path, GAMES, question)
    reason = "The articles closest to the question go up to 2008; none tells of 2016."
    assert (answer.evidence.past == ("2016", "2008")) == declined
    assert answer.text.endswith(reason) == declined
    assert answer.abstained or not declined


@pytest.mark.parametrize(
    ("arrest", "untyped", "age"),
    [
        ("BNP founding chairman John Tyndall was arrested on Sunday.", True, []),
        ("BNP founding chairman John Tyndall, 70, was arrested on Sunday.", False, ["70"]),
    ],
)
def test_how_old_with_no_age_in_the_passages_is_untyped_like_a_missing_figure(tmp_path, arrest, untyped, age):
    articles = {"bnp.txt": f"BNP founder held\n\n{arrest}\n\nHe was released on bail on Monday.\n"}
    answer, spans = _asked(tmp_path, articles, "How old is BNP founding chairman John Tyndall?")
    assert answer.evidence.untyped == untyped
    assert spans[:1] == age


def test_a_figure_asked_of_one_source_is_not_taken_from_another_speaker_s_words(tmp_path):
    virus = (
        "Virus spreads fast\n\n"
        "Security firm Network Box said it had stopped more copies of the virus than F-Secure, more than 30,000. "
        "Mikko Hypponen, director of research at F-Secure, said its filters caught 5,000.\n"
    )
    question = "How many copies of the virus did F-Secure say it had stopped?"
    _, spans = _asked(tmp_path, {"virus.txt": virus}, question)
    assert "more than 30,000" not in spans  # Network Box's figure, however well its sentence matches
