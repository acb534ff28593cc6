"""Reading a question into a Query: its kind, speaker and topic, names, focus, filters and errors."""

from __future__ import annotations

import datetime as dt

import pytest

from qa.answering.filters import Filters
from qa.answering.question import MAX_QUESTION_CHARS, analyse, asked_role, clean
from qa.errors import QuestionError


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What did Kirby say?", "quote"),
        ("How did Kirby describe the decision?", "quote"),
        ("What does Starmer think about Nato?", "quote"),  # an opinion verb asks for words too
        ("What did Kirby announce?", "quote"),
        ("What has Kirby said about Russia?", "quote"),  # a past form after "has" / "was" asks for words
        ("What was said by Kirby?", "quote"),
        ("What did Kirby explain?", "other"),  # "explain" does not ask for words
        ("What is it called?", "other"),  # nor does "call"
        ("Who said Ukraine would win?", "who"),
        ("Whose idea was it?", "who"),
        ("Who won the match?", "who"),
        ("How much is the aid package worth?", "how_much"),
        ("How big is the army?", "how_much"),
        ("What does it cost?", "how_much"),
        ("How many people were killed?", "how_many"),
        ("What is the number of troops?", "how_many"),
        ("What percentage of voters backed Labour?", "how_many"),
        ("When did the storm hit Cornwall?", "when"),
        ("What year did the war start?", "when"),
        ("What day did it open?", "when"),
        ("Where is Truro?", "where"),
        ("Why did the US send cluster munitions?", "other"),
        ("Tell me about the storm", "other"),
    ],
)
def test_the_kind_of_a_question(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much did Kirby say the package cost?", "how_much"),
        ("How many copies did the firm say it had stopped?", "how_many"),
        ("By what score did Egypt win the friendly mentioned in his apology?", "how_many"),  # a clause's verb
    ],
)
def test_a_count_reported_by_someone_is_still_a_count(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize(
    ("question", "speaker", "topic"),
    [
        ("What did John Kirby say about the aid package?", "John Kirby", ("aid", "packag")),
        ("What did Sullivan say regarding the bomblets?", "Sullivan", ("bomblet",)),
        ("What did Kirby say the munitions would do?", "Kirby", ("munit",)),  # no marker: the rest
        ("What did Sir Keir tell reporters?", "Sir Keir", ()),  # the audience is not the topic
        ("What did the UN tell the Security Council?", "the UN", ()),
        ("What did Kirby tell reporters about the munitions?", "Kirby", ("munit",)),  # "about" wins
        ("What did Sullivan say on Friday?", "Sullivan", ()),  # when, not what about
        ("What did Kirby say to reporters?", "Kirby", ()),
        ("What did Kirby announce?", "Kirby", ()),  # "announce" asks for his words
        ("What did Kirby announce about the munitions?", "Kirby", ("munit",)),
        ("How did Kirby describe the decision?", "Kirby", ("decis",)),
        ("What did the UN's envoy say?", "the UN's envoy", ()),
    ],
)
def test_the_speaker_and_topic_of_a_quote_question(question, speaker, topic):
    query = analyse(question)
    assert (query.kind, query.speaker, query.topic) == ("quote", speaker, topic)


def test_questions_that_ask_for_no_ones_words_have_no_speaker():
    assert analyse("What did Kirby explain?").speaker is None
    assert analyse("Who said Ukraine would win?").speaker is None


def test_a_speaker_filter_names_the_pronoun_a_question_asks_about():
    query = analyse("What did he say? speaker:Sharpe")
    assert (query.text, query.speaker, query.terms, query.names) == ("What did he say?", "Sharpe", (), ())


def test_a_speaker_filter_does_not_replace_a_named_speaker():
    assert analyse("What did Kirby say? speaker:Sharpe").speaker == "Kirby"


@pytest.mark.parametrize(
    ("question", "names"),
    [
        (
            "Did Olaf Scholz meet Macron in Berlin?",
            (("Olaf", "olaf"), ("Scholz", "scholz"), ("Macron", "macron"), ("Berlin", "berlin")),
        ),
        ("Ukraine sent troops to Crimea?", (("Crimea", "crimea"),)),  # the first word is capitalised anyway
        ("NATO warned Russia on Monday", (("NATO", "nato"), ("Russia", "russia"), ("Monday", "monday"))),
        ("Is the EU's budget bigger than the US budget?", (("EU's", "eu"), ("US", "us"))),
        ("Who's Nato's chief?", (("Nato's", "nato"),)),
        ("How many people were killed?", ()),
        ("What did I say to a friend?", ()),  # one letter is no name
        ("Who was the V&A's first director?", ()),  # nor is one with a possessive ("A's")
    ],
)
def test_names_are_capitalised_words_and_acronyms(question, names):
    assert analyse(question).names == names


def test_terms_leave_out_question_words_and_stopwords():
    query = analyse("What did John Kirby say about the aid package?")
    assert query.terms == ("john", "kirbi", "aid", "packag")


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("How many civilians have been killed?", ("civilians", "civilian")),
        ("How many people were killed?", ("people", "peopl")),
        ("how many bomblets did fail?", ("bomblets", "bomblet")),
        ("How many of the soldiers have died?", None),  # "of" is not what is counted
        ("How many civilians in Ukraine died?", None),  # the verb must follow the counted word
        ("How much money has been spent?", None),  # a sum counts nothing
    ],
)
def test_the_focus_of_how_many(question, focus):
    assert analyse(question).focus == focus


def test_filters_typed_in_the_question_are_taken_out_of_its_text():
    query = analyse("What did Sullivan say? doc:004* source:metro since:2024-09")
    assert query.text == "What did Sullivan say?"
    assert query.asked == "What did Sullivan say? doc:004* source:metro since:2024-09"
    assert query.filters == Filters(sources=("metro",), docs=("004*",), since=dt.date(2024, 9, 1))
    assert query.terms == ("sullivan",)


def test_filters_given_and_typed_join():
    query = analyse("Who won? source:bbc", Filters(sources=("metro",)))
    assert query.filters == Filters(sources=("metro", "bbc"))
    assert query.text == "Who won?"


def test_a_date_filter_given_twice_is_a_question_error():
    with pytest.raises(QuestionError, match="since: is given twice"):
        analyse("Who won? since:2024", Filters(since=dt.date(2023, 1, 1)))


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("\x1b[31mWho\x1b[0m is Sullivan?", "Who is Sullivan?"),  # a colour code goes whole
        ("\x1b]0;my title\x07Who is Sullivan?", "Who is Sullivan?"),  # a window title too
        ("Who is Sulli\u200bvan?", "Who is Sullivan?"),  # zero-width space: no space left
        ("\ufeffWho is Sul\u00adlivan?", "Who is Sullivan?"),  # byte-order mark and soft hyphen
        ("a\u200db", "a\u200db"),  # the zero-width joiner holds emoji together: kept
        ("Who\tis\n\nSullivan?\u2028Really\u2029now", "Who is Sullivan? Really now"),
        ("   Who   is  Sullivan?  ", "Who is Sullivan?"),
    ],
)
def test_clean(raw, cleaned):
    assert clean(raw) == cleaned


def test_a_question_with_a_zero_width_space_in_a_name_finds_the_name():
    query = analyse("What did Sulli\u200bvan say?")
    assert (query.speaker, query.names) == ("Sullivan", (("Sullivan", "sullivan"),))


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "empty question"),
        ("  \u200b \x1b[0m \n", "empty question"),
        ("doc:004* source:metro", r"only filters \(source:metro doc:004\*\) and no question"),
        ("x" * (MAX_QUESTION_CHARS + 1), "question is 2,001 characters long; the limit is 2,000"),
        ("since:banana Who won?", "since:banana is not a date"),
    ],
)
def test_bad_questions_are_question_errors(question, message):
    with pytest.raises(QuestionError, match=message):
        analyse(question)


def test_the_length_limit_counts_the_question_after_cleaning():
    assert analyse("x" * MAX_QUESTION_CHARS).text == "x" * MAX_QUESTION_CHARS
    assert analyse("x" * MAX_QUESTION_CHARS + "\u200b" * 10).text == "x" * MAX_QUESTION_CHARS


@pytest.mark.parametrize(
    ("question", "kind", "first_type"),
    [
        ("How much did the firm earn in 2004?", "how_much", "money"),
        ("How many jobs will go?", "how_many", "count"),
        ("Who is the chief executive of the airline?", "who", "person"),
        ("In which German city did she win the 800m?", "where", "place"),
        ("On what date was the ceremony held?", "when", "date"),
        ("By what year will the switch be complete?", "when", "date"),
        ("Which film did bookmakers make favourite?", "which", "work"),
        ("Which newspaper printed the dossier?", "which", "organisation"),
        ("Which Spanish judge filed the complaint?", "who", "person"),
        ("How old is the singer?", "other", "date"),
        ("What profit did the bank report?", "how_much", "money"),
        ("What is the US price of the console?", "how_much", "money"),
        ("What was the attendance at the match?", "how_many", "count"),
        ("What was Warsaw's population in 1901?", "how_many", "count"),
        ("What is the world's busiest general aviation airport?", "where", "place"),
        ("What was the games market worth in 2003?", "how_much", "money"),
        ("Which journalist wrote the book?", "who", "person"),
        ("Which Mercedes unit is closing?", "which", "organisation"),  # a noun of no type: a name
        ("What is the name of the label the firm uses?", "which", "organisation"),
        ("According to the website, what was the average asking price?", "how_much", "money"),
        ("At what level did the index close?", "how_much", "money"),
        ("What record low did the dollar hit against the euro?", "how_much", "money"),  # the head is last
        ("Which city council approved the plan?", "which", "organisation"),
        ("Which film director won the award?", "who", "person"),
        ("What will the inheritance tax threshold rise to from April?", "how_much", "money"),
        ("What did the dollar fall to against the yen?", "how_much", "money"),
        ("Which actors play the crooked cops in the game?", "who", "person"),  # a plural ends the noun
        ("Which series director won the award?", "who", "person"),  # "series" is no plural
        ("To whom did the president write about the law?", "who", "person"),
        ("Which subsidiary's scandal cost the firm 475m euros?", "which", "organisation"),  # not the cost
        ("Which player's goal won the cup?", "who", "person"),  # the owner is asked, not the goal
        ("What did the firm's profit slide to?", "how_much", "money"),
        ("By what score did Egypt beat Belgium?", "how_many", "score"),
        ("For how many years did she host the show?", "how_many", "date"),  # spaCy's "six years"
        ("How many hours of community service must he do?", "how_many", "date"),
        ("Which Mercedes factory is closing for two days?", "where", "place"),
    ],
)
def test_the_entity_type_a_question_asks_for(question, kind, first_type):
    query = analyse(question)
    assert (query.kind, query.expects[0]) == (kind, first_type)


@pytest.mark.parametrize(
    "question",
    [
        "Why did the talks fail?",
        "What did the minister say about rail?",
        "What is the usual source of heat for the engine?",  # a copula's noun asks for no person
        "What was produced at Tesla's company?",  # no noun phrase follows "was"
        "What happened to the rate of deforestation?",  # a head noun ends at a stopword
    ],
)
def test_a_question_that_asks_for_no_entity_expects_none(question):
    assert analyse(question).expects == ()


def test_the_years_and_numbers_a_question_names_are_its_figures():
    assert analyse("Who won the 2005 title, and the 2004 one, in 2005?").figures == ("2005", "2004")
    assert analyse("How much did it cost in 2004 for 1,152 units?").figures == ("2004", "1,152")
    assert analyse("Who won the title?").figures == ()


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("How much did the tycoon bid for the club?", False),
        ("How much was the singer fined?", False),
        ("How much is the prize worth?", False),
        ("By how much did the firm cut the cost of its calls?", True),  # "cost" is a noun there
        ("How much did shares fall?", True),
    ],
)
def test_a_verb_of_paying_asks_for_a_sum_not_a_share(question, share):
    expects = analyse(question).expects
    assert expects[0] == "money" and ("percent" in expects) == share
    assert ("count" in expects) == share  # "three" is no prize's worth


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Who is Marat Safin's coach?", "coach"),
        ("Who is the chief executive of Ryanair?", "chief executive"),
        ("Who is the lawyer defending former WorldCom boss Bernie Ebbers?", "lawyer"),  # the first role
        ("Who won the match?", None),  # no "who is"
        ("Who is Bernie Ebbers?", None),  # no role asked
    ],
)
def test_the_role_a_who_is_question_asks_about(question, role):
    assert asked_role(analyse(question)) == role


@pytest.mark.parametrize(
    ("question", "local"),
    [
        ("Which Florida city has the biggest population?", True),
        ("What was the venue of the final?", True),
        ("In which county does Jacksonville lie?", True),
        ("Which country won the cup?", False),
        ("Where did he win?", False),  # anywhere, a country too
    ],
)
def test_a_question_asking_for_a_place_inside_a_country_says_so(question, local):
    assert analyse(question).local == local
