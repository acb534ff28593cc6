"""News dumps (JSON Lines, JSON arrays) and Markdown front matter: one article per record, metadata kept."""

import json
from pathlib import Path

import pytest

from qa.engine import Engine
from qa.ingest.articles import articles_of
from qa.ingest.corpus import Document
from qa.ingest.dumps import records
from qa.ingest.metadata import front_matter, iso_date

JSONL = "\n".join(
    [
        json.dumps(
            {
                "id": "w-1",
                "Headline": "Storm hits the coast",
                "Body": "A storm hit the coast of Cornwall on Tuesday.\n\nThousands lost power, the utility said.",
                "PUBLISHED_AT": "2024-10-02T10:00:00Z",
                "source": {"id": "bbc-news", "name": "BBC News"},
                "link": "https://www.bbc.co.uk/news/storm",
                "authors": ["Ann Smith", "Bo Jones"],
                "lang": "en",
                "tags": ["weather"],
            }
        ),
        "{not json",
        "",
        json.dumps({"title": "A record with no text", "url": "https://example.com/empty"}),
        json.dumps(
            {
                "title": "Aid package",
                "text": "The US announced a $800 million aid package for Ukraine.",
                "pubDate": "Sat, 14 Sep 2024 08:00:00 GMT",
                "outlet": "Metro",
            }
        ),
        json.dumps(
            {"content": "<p>Farmers fear a poor harvest.</p><p>Rain has fallen for &quot;weeks&quot;.</p>"}
        ),
    ]
)

ARRAY = """{"status": "ok",
 "totalResults": 2,
 "articles": [
  {"title": "First", "description": "Apples are picked in September."},
  {
    "title": "Second",
    "content": "Bananas ripen on the way to market.",
    "publishedAt": "2024-08-01",
    "date": "the first of August"
  }
 ]}
"""


def test_jsonl_records_ids_lines_and_fields():
    seen: list[str] = []
    found = records("wire.jsonl", JSONL, seen.append)
    assert [(r.index, r.line) for r in found] == [(0, 1), (3, 5), (4, 6)]  # the broken line still counts
    storm = found[0].meta
    assert storm.title == "Storm hits the coast" and storm.source == "BBC News"
    assert storm.date == "2024-10-02" and storm.url == "https://www.bbc.co.uk/news/storm"
    assert storm.author == "Ann Smith, Bo Jones"
    assert dict(storm.extra) == {"id": "w-1", "lang": "en"}  # scalars kept; the tags list dropped
    assert found[1].meta.date == "2024-09-14" and found[1].meta.source == "Metro"
    assert found[2].body == 'Farmers fear a poor harvest.\n\nRain has fallen for "weeks".'
    assert seen == [
        "wire.jsonl: line 2 is not JSON (Expecting property name enclosed in double quotes); skipped",
        "wire.jsonl: skipped 1 of 4 record(s) with no body/text/content/article/maintext/description text",
    ]


def test_json_array_inside_an_object_with_the_line_each_record_starts_on():
    found = records("api.json", ARRAY, lambda _: None)
    assert [(r.index, r.line, r.body) for r in found] == [
        (0, 4, "Apples are picked in September."),
        (1, 5, "Bananas ripen on the way to market."),
    ]
    assert found[1].meta.date == "2024-08-01"  # a date that parses wins over one that does not


def test_a_plain_array_and_a_single_object():
    array = '[\n{"text": "One."},\n\n{"text": "Two."}\n]'
    assert [(r.index, r.line) for r in records("a.json", array, lambda _: None)] == [(0, 2), (1, 4)]
    single = '{"headline": "Alone", "maintext": "Only one article here."}'
    (alone,) = records("b.json", single, lambda _: None)
    assert (alone.index, alone.line, alone.meta.title) == (0, 1, "Alone")


def test_a_broken_json_array_keeps_the_records_before_the_break_with_a_warning():
    seen: list[str] = []
    assert [r.body for r in records("bad.json", '[{"text": "One."},\n {"text": ', seen.append)] == ["One."]
    assert len(seen) == 1 and seen[0].startswith("bad.json: not valid JSON") and "line 2" in seen[0]


def test_a_record_is_one_document_whose_paragraphs_carry_its_line():
    document = Document("wire.jsonl", Path("wire.jsonl"), JSONL, "0" * 64)
    articles = articles_of(document, lambda _: None)
    assert [a.doc for a in articles] == ["wire.jsonl#0", "wire.jsonl#3", "wire.jsonl#4"]
    storm = articles[0]
    assert storm.file == "wire.jsonl"
    assert [(p.doc, p.index, p.line, p.text) for p in storm.paragraphs] == [
        ("wire.jsonl#0", 0, 1, "A storm hit the coast of Cornwall on Tuesday."),
        ("wire.jsonl#0", 1, 1, "Thousands lost power, the utility said."),
    ]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-09-14", "2024-09-14"),
        ("2024-09-14T23:30:00-05:00", "2024-09-14"),  # the day as written, not moved to UTC
        ("2024-09-14T08:30:00Z", "2024-09-14"),
        ("Sat, 14 Sep 2024 08:00:00 GMT", "2024-09-14"),
        ("14 September 2024", "2024-09-14"),
        ("September 14th, 2024", "2024-09-14"),
        ("2024/09/14", "2024-09-14"),
        (1726302600, "2024-09-14"),
        (1726302600000, "2024-09-14"),
        ("09/10/2024", None),  # September 10 or 9 October: not guessed
        ("yesterday", None),
        (42, None),
        (True, None),
    ],
)
def test_dates_normalised_when_they_parse(raw, iso):
    assert iso_date(raw) == iso


def test_a_date_that_does_not_parse_is_kept_as_given_but_has_no_day():
    (record,) = records("x.jsonl", json.dumps({"text": "Words.", "date": "Spring 2024"}), lambda _: None)
    assert record.meta.date == "Spring 2024" and record.meta.day is None


def test_front_matter_metadata_and_lines_counted_from_the_file():
    text = (
        "---\n"
        'title: "Harvest fears"\n'
        "date: 2024-09-20\n"
        "source: The Guardian\n"
        "tags:\n"
        "  - farming\n"
        "---\n"
        "\n"
        "Farmers fear a poor harvest.\n"
        "\n"
        "Rain has fallen for weeks.\n"
    )
    meta, begin = front_matter(text)
    assert (meta.title, meta.date, meta.source) == ("Harvest fears", "2024-09-20", "The Guardian")
    assert text[begin:].startswith("\nFarmers")
    (article,) = articles_of(Document("harvest.md", Path("harvest.md"), text, "0" * 64), lambda _: None)
    assert [(p.index, p.line, p.text) for p in article.paragraphs] == [
        (0, 9, "Farmers fear a poor harvest."),
        (1, 11, "Rain has fallen for weeks."),
    ]
    assert text[article.paragraphs[1].start :].startswith("Rain has fallen")


def test_markdown_without_front_matter_is_read_as_before():
    text = "Title line\n\nA paragraph --- with dashes.\n"
    (article,) = articles_of(Document("a.md", Path("a.md"), text, "0" * 64), lambda _: None)
    assert article.meta.to_json() == {}
    assert [(p.line, p.text) for p in article.paragraphs] == [
        (1, "Title line"),
        (3, "A paragraph --- with dashes."),
    ]


def test_citations_resolve_to_the_record_and_survive_an_update(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.jsonl").write_text(JSONL, encoding="utf-8")
    (corpus / "api.json").write_text(ARRAY, encoding="utf-8")
    engine = Engine(corpus, index_dir=tmp_path / "index")
    engine.open()
    assert engine.documents == ["api.json#0", "api.json#1", "wire.jsonl#0", "wire.jsonl#3", "wire.jsonl#4"]
    answer = engine.ask("How many people lost power after the storm?", k=1)
    (cited,) = answer.citations
    assert (cited.doc, cited.paragraph, cited.line) == ("wire.jsonl#0", 1, 1)
    assert engine.document("wire.jsonl#0")[1].text == cited.text
    row = cited.to_json()
    assert (row["title"], row["source"], row["date"]) == ("Storm hits the coast", "BBC News", "2024-10-02")
    assert row["url"] == "https://www.bbc.co.uk/news/storm" and "extra" not in row
    (corpus / "added.txt").write_text("Pears are sold at the market in October.\n", encoding="utf-8")
    summary = engine.index()
    assert summary.plan.added == ("added.txt",) and summary.embedded == 1  # the dumps were not re-read
    again = engine.ask("How many people lost power after the storm?", k=1).citations[0]
    assert again.to_json() == row
    assert engine.document("api.json#1")[0].text == "Bananas ripen on the way to market."
