"""The exact answer as an entity of the asked-for type, on texts and entities written here."""

from __future__ import annotations

import pytest

from qa.answering.highlight import ScoredSentence
from qa.answering.question import analyse
from qa.answering.typed import candidates, choose, joined
from qa.attribution.entities import Entity

TEXT = "Marat Safin thanked his coach. Peter Lundgren has coached Safin since 2003."
#       0         1         2         3         4         5         6         7
ENTITIES = (
    Entity(0, 11, "person"),
    Entity(31, 45, "person"),
    Entity(58, 63, "person"),
    Entity(70, 74, "date"),
)
SENTENCES = [ScoredSentence((0, 30), 0.9, 0.0), ScoredSentence((31, 75), 0.7, 0.0)]


def test_the_answer_is_an_entity_of_the_type_asked_for_that_the_question_does_not_name():
    choice = choose(analyse("Who is Marat Safin's coach?"), TEXT, SENTENCES, ENTITIES)
    assert choice.typed and choice.span == (31, 45)  # Peter Lundgren, not Marat Safin
    assert choice.sentence == SENTENCES[1]  # the best sentence holding such a person


def test_a_date_question_takes_the_date():
    choice = choose(analyse("When did Lundgren start coaching Safin?"), TEXT, SENTENCES, ENTITIES)
    assert choice.span == (70, 74)


def test_a_sentence_far_weaker_than_the_best_is_not_taken_for_its_type():
    weak = [ScoredSentence((0, 30), 0.9, 0.0), ScoredSentence((31, 75), 0.2, 0.0)]
    choice = choose(analyse("When did he thank his coach?"), TEXT, weak, ENTITIES)
    assert not choice.typed and choice.sentence == weak[0]


@pytest.mark.parametrize("question", ["Why did Safin thank his coach?", "What did Safin say?"])
def test_a_question_that_asks_for_no_entity_keeps_the_best_sentence(question):
    choice = choose(analyse(question), TEXT, SENTENCES, ENTITIES)
    assert not choice.typed and choice.sentence == SENTENCES[0]


def test_no_sentences_no_choice():
    choice = choose(analyse("Who won?"), "", [], ())
    assert choice.sentence is None and choice.span is None


def _answer(question: str, text: str, entities: tuple[Entity, ...], sentences: list[ScoredSentence]) -> str:
    """The words of the exact answer `choose` gives; "" for none."""
    span = choose(analyse(question), text, sentences, entities).span
    return text[slice(*span)] if span is not None else ""


def test_who_takes_a_sentence_naming_a_person_over_a_better_one_naming_only_a_firm():
    text = "Qantas will compete with Virgin Blue. Chief executive Geoff Dixon said so."
    #       0         1         2         3         4         5         6         7
    entities = (Entity(0, 6, "organisation"), Entity(25, 36, "organisation"), Entity(54, 65, "person"))
    sentences = [ScoredSentence((0, 37), 0.9, 0.0), ScoredSentence((38, 74), 0.8, 0.0)]
    assert _answer("Who is the chief executive of Qantas?", text, entities, sentences) == "Geoff Dixon"


def test_when_takes_a_date_a_reader_can_place_over_weekly_or_a_length_of_time():
    text = "She has presented the show weekly for six years. Her last edition is on 5 March."
    #       0         1         2         3         4         5         6         7         8
    entities = (Entity(27, 33, "date"), Entity(38, 47, "date"), Entity(72, 79, "date"))
    sentences = [ScoredSentence((0, 48), 0.9, 0.0), ScoredSentence((49, 80), 0.7, 0.0)]
    assert (
        _answer("When will she present her last edition of the show?", text, entities, sentences) == "5 March"
    )


def test_entities_of_one_type_the_text_joins_are_one_answer():
    text = "In 1886 Tesla partnered with Robert Lane and Benjamin Vail."
    #       0         1         2         3         4         5
    people = (Entity(8, 13, "person"), Entity(29, 40, "person"), Entity(45, 58, "person"))
    one = [ScoredSentence((0, 59), 0.9, 0.0)]
    assert (
        _answer("Who did Tesla partner with in 1886?", text, people, one) == "Robert Lane and Benjamin Vail"
    )
    seats = "He told them to aim for 25 to 30 more seats."
    counts = (Entity(24, 26, "count"), Entity(30, 32, "count"))
    assert (
        _answer(
            "By how many seats should they aim to grow?", seats, counts, [ScoredSentence((0, 44), 0.9, 0.0)]
        )
        == "25 to 30"
    )


def test_a_name_the_question_gives_is_not_joined_to_the_answer():
    text = "Putin and Obama met in Geneva."
    people = (Entity(0, 5, "person"), Entity(10, 15, "person"))
    assert _answer("Who met Obama?", text, people, [ScoredSentence((0, 30), 0.9, 0.0)]) == "Putin"
    apart = "Putin met Obama in Geneva."  # "met" joins no list
    assert (
        _answer(
            "Who met in Geneva?",
            apart,
            (Entity(0, 5, "person"), Entity(10, 15, "person")),
            [ScoredSentence((0, 26), 0.9, 0.0)],
        )
        == "Putin"
    )


def _entity(text: str, words: str, type_: str) -> Entity:
    start = text.index(words)
    return Entity(start, start + len(words), type_)


@pytest.mark.parametrize(
    ("text", "words", "type_", "years"),
    [
        ("The 45-year-old was arrested at his home.", "45-year-old", "date", "45"),
        ("The actor was found dead at the age of 87.", "the age of 87", "date", "87"),
        ("Scott Sullivan, 42, told the jury he lied.", "42", "count", "42"),
        ("Griffin, aged 45, was arrested.", "45", "count", "45"),
    ],
)
def test_how_old_takes_a_date_or_number_written_as_an_age_and_answers_its_years(text, words, type_, years):
    entities = (_entity(text, words, type_),)
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert _answer("How old is he?", text, entities, sentences) == years


@pytest.mark.parametrize(
    ("text", "first", "second", "answer"),
    [
        ("Staff rose from 370 to 870 this year.", "370", "870", "870"),  # a change: what it reached
        ("The band rose 370 to 870 places.", "370", "870", "370 to 870"),  # no "from": a range
        ("Figures of 25-30 were given.", "25", "30", "25-30"),
    ],
)
def test_from_one_figure_to_another_is_a_change_not_a_range(text, first, second, answer):
    entities = (_entity(text, first, "count"), _entity(text, second, "count"))
    assert text[slice(*joined(text, entities[0], entities))] == answer


def test_how_old_is_not_answered_by_a_day_or_a_count_of_something_else():
    text = "Tyndall was arrested on Sunday with 19 others."
    entities = (_entity(text, "Sunday", "date"), _entity(text, "19", "count"))
    choice = choose(
        analyse("How old is Tyndall?"), text, [ScoredSentence((0, len(text)), 0.9, 0.0)], entities
    )
    assert not choice.typed


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("How old is the singer Ann Lowe, whose son Tom Lowe was charged?", ""),  # the son's age only
        ("How old is Tom Lowe, the singer's son?", "22"),
        ("How old is Carry On star Tom Lowe?", "22"),  # "Carry On" names no one in the sentence
        ("How old is Mr Ray Hall?", "27"),  # "Hall, 27": the surname alone names him
    ],
)
def test_an_age_is_the_nearest_name_s_in_its_sentence(question, answer):
    text = "Those charged were Tom Lowe, the 22-year-old son of singer Ann Lowe, and Hall, 27, a friend."
    entities = (
        _entity(text, "Tom Lowe", "person"),
        _entity(text, "22-year-old", "date"),
        _entity(text, "Ann Lowe", "person"),
        _entity(text, "Hall", "person"),
        _entity(text, "27", "count"),
    )
    assert _answer(question, text, entities, [ScoredSentence((0, len(text)), 0.9, 0.0)]) == answer


def test_a_date_written_as_an_age_does_not_answer_when():
    text = "Davis was found dead at the age of 87 in his hotel room on Friday."
    entities = (_entity(text, "the age of 87", "date"), _entity(text, "Friday", "date"))
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert _answer("When was Davis found dead?", text, entities, sentences) == "Friday"


@pytest.mark.parametrize(
    "text",
    [
        "Airline deputy chief executive Michael Cawley said fares would fall.",
        "Michael Cawley, the airline's former chief executive, said fares would fall.",
        "Acting chief executive Michael Cawley said fares would fall.",
    ],
)
def test_a_qualified_title_is_another_role_than_the_one_asked(text):
    entities = (_entity(text, "Michael Cawley", "person"),)
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert not choose(analyse("Who is the airline's chief executive?"), text, sentences, entities).typed


def test_a_title_behind_a_comma_or_without_a_qualifier_is_the_role_asked():
    text = "Airline chief executive Michael Cawley said the deputy would stay."
    entities = (_entity(text, "Michael Cawley", "person"),)
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert _answer("Who is the airline's chief executive?", text, entities, sentences) == "Michael Cawley"
    deputy = "Airline deputy chief executive Michael Cawley said fares would fall."
    found = (_entity(deputy, "Michael Cawley", "person"),)
    sentences = [ScoredSentence((0, len(deputy)), 0.9, 0.0)]
    assert (
        _answer("Who is the airline's deputy chief executive?", deputy, found, sentences) == "Michael Cawley"
    )


def test_a_name_made_into_a_modifier_is_not_an_answer():
    text = (
        "He was presented with the award by Martin Scorsese, who directed him in Oscar-nominated The Aviator."
    )
    entities = (_entity(text, "Martin Scorsese", "person"), _entity(text, "Oscar", "person"))
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert _answer("Who directed The Aviator?", text, entities, sentences) == "Martin Scorsese"
    hyphenated = "Anna Smith-Jones directed it."  # a double-barrelled name is still a name
    found = (_entity(hyphenated, "Anna Smith-Jones", "person"),)
    sentences = [ScoredSentence((0, len(hyphenated)), 0.9, 0.0)]
    assert _answer("Who directed it?", hyphenated, found, sentences) == "Anna Smith-Jones"


def test_the_pronoun_one_counts_nothing():
    text = "United had chances, and the one Rooney scored from was easy."
    query = analyse("How many goals did Rooney score?")
    assert candidates(query, text, (_entity(text, "one", "count"),), (0, len(text))) == []
    counted = "Rooney scored only one goal."
    found = (_entity(counted, "one", "count"),)
    assert candidates(query, counted, found, (0, len(counted))) == list(found)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Egypt beat Belgium 4-0 on Wednesday.", "4-0"),  # spaCy tags no entity
        ("Hewitt beat Minar 7-5 6-0 in the final.", "7-5 6-0"),  # a tennis match's sets
        ("The Broncos beat the Steelers 23–16 in the divisional round.", "23–16"),  # an en dash
    ],
)
def test_a_score_question_takes_the_score_not_a_count_inside_it(text, answer):
    counts = (_entity(text, answer[0], "count"),)  # a count spaCy cuts out of the score
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert _answer("By what score did he win?", text, counts, sentences) == answer


def test_a_firm_spacy_reads_as_a_person_still_answers_which_firm():
    text = "The scandal at its Japanese subsidiary Fuso cost DaimlerChrysler 475m euros."
    entities = (_entity(text, "Fuso", "person"), _entity(text, "DaimlerChrysler", "organisation"))
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert (
        _answer("Which subsidiary's scandal cost DaimlerChrysler 475m euros?", text, entities, sentences)
        == "Fuso"
    )


def test_a_place_owning_the_name_asked_about_is_where_they_are_from_not_the_answer():
    text = "Britain's Kathy Butler won the race in Spain."
    entities = (
        _entity(text, "Britain", "place"),
        _entity(text, "Kathy Butler", "person"),
        _entity(text, "Spain", "place"),
    )
    sentences = [ScoredSentence((0, len(text)), 0.9, 0.0)]
    assert _answer("In which country did Kathy Butler win the race?", text, entities, sentences) == "Spain"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which city is the largest not served by a motorway?", "Fresno"),  # a city, not the country
        ("Which country has no motorway to Fresno?", "U.S."),
    ],
)
def test_a_place_inside_a_country_is_not_answered_by_the_country(question, answer):
    text = "Fresno is the largest city in the U.S. without a motorway."
    entities = (_entity(text, "Fresno", "place"), _entity(text, "U.S.", "place"))
    assert _answer(question, text, entities, [ScoredSentence((0, len(text)), 0.9, 0.0)]) == answer
