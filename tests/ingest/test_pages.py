"""Saved article pages: the article's text without the page around it, and what the page says of itself."""

from collections.abc import Callable
from pathlib import Path

from qa.engine import Engine
from qa.ingest.articles import articles_of
from qa.ingest.corpus import Document
from qa.ingest.pages import extract

HEAD = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ukraine to get cluster munitions | Metro News</title>
<meta property="og:title" content="Ukraine to get cluster munitions">
<meta property="og:site_name" content="Metro">
<meta name="author" content="Jane Reporter">
{date}
<link rel="canonical" href="https://metro.co.uk/news/ukraine-cluster-munitions">
</head>"""

BODY = """<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="advert">Buy cheap flights to Malaga now! Subscribe today for exclusive offers.</div>
<article>
<h1>Ukraine to get cluster munitions</h1>
<p>The United States will send cluster munitions to Ukraine as part of a new military aid package
worth $800 million, officials in Washington said on Friday.</p>
<p>Jake Sullivan said: "Ukraine would not be using these munitions in some foreign land. This is their
country they are defending."</p>
<p>Critics argue that the weapons leave unexploded bomblets that kill civilians for years after a conflict
ends, and more than a hundred countries have banned them.</p>
</article>
<section id="comments"><h3>Comments</h3>
<p>Great article, totally agree with everything here, first comment from Dave in Leeds!</p></section>
<footer>Copyright Metro 2023. All rights reserved. Privacy policy. Cookie settings.</footer>
</body></html>
"""

DATED = '<meta property="article:published_time" content="2024-09-14T08:30:00Z">'
PAGE = HEAD.format(date=DATED) + BODY


def _warnings() -> tuple[list[str], Callable[[str], None]]:
    seen: list[str] = []
    return seen, seen.append


def test_main_text_without_navigation_adverts_comments_or_footer():
    text, _ = extract(PAGE)
    assert "The United States will send cluster munitions" in text
    assert "Jake Sullivan said:" in text
    assert "more than a hundred countries have banned them" in text
    for boilerplate in (
        "Sport",
        "Malaga",
        "Subscribe",
        "Great article",
        "Dave in Leeds",
        "Copyright",
        "Cookie",
    ):
        assert boilerplate not in text


def test_page_metadata():
    _, meta = extract(PAGE)
    assert meta.title == "Ukraine to get cluster munitions"
    assert meta.source == "Metro"
    assert meta.author == "Jane Reporter"
    assert meta.date == "2024-09-14"
    assert meta.url == "https://metro.co.uk/news/ukraine-cluster-munitions"


def test_a_date_the_page_does_not_give_is_not_guessed_from_the_copyright_line():
    _, meta = extract(HEAD.format(date="") + BODY)
    assert meta.date is None
    assert meta.to_json() == {
        "title": "Ukraine to get cluster munitions",
        "source": "Metro",
        "author": "Jane Reporter",
        "url": "https://metro.co.uk/news/ukraine-cluster-munitions",
    }


def test_one_paragraph_a_line_of_the_extracted_text():
    document = Document("news/metro.html", Path("metro.html"), PAGE, "0" * 64)
    (article,) = articles_of(document, _warnings()[1])
    assert article.doc == article.file == "news/metro.html"
    texts = [p.text for p in article.paragraphs]
    assert texts[0] == "Ukraine to get cluster munitions"
    assert texts[1].startswith("The United States will send") and texts[1].endswith("said on Friday.")
    assert [p.index for p in article.paragraphs] == list(range(len(texts)))
    assert [p.line for p in article.paragraphs] == list(range(1, len(texts) + 1))


def test_a_page_without_an_article_is_an_empty_document_with_a_warning():
    seen, warn = _warnings()
    page = "<html><head><title>Loading</title></head><body><script>render()</script></body></html>"
    document = Document("menu.html", Path("menu.html"), page, "0" * 64)
    (article,) = articles_of(document, warn)
    assert article.paragraphs == ()
    assert seen == ["menu.html: no article text found in the page"]


def test_citations_of_a_page_carry_its_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metro.htm").write_text(PAGE, encoding="utf-8")
    (corpus / "plain.txt").write_text("Apples grow in orchards across Kent.\n", encoding="utf-8")
    engine = Engine(corpus, index_dir=tmp_path / "index")
    engine.open()
    assert engine.documents == ["metro.htm", "plain.txt"]
    answer = engine.ask("How much is the military aid package worth?", k=2)
    first = answer.citations[0]
    assert (first.doc, first.paragraph, first.line) == ("metro.htm", 1, 2)
    assert engine.document(first.doc)[first.paragraph].text == first.text
    row = first.to_json()
    assert row["title"] == "Ukraine to get cluster munitions" and row["source"] == "Metro"
    assert row["date"] == "2024-09-14" and row["url"] == "https://metro.co.uk/news/ukraine-cluster-munitions"
    assert row["author"] == "Jane Reporter"
    apples = engine.ask("Where do apples grow?", k=1).citations[0]
    assert apples.doc == "plain.txt"
    assert not {"title", "source", "author", "date", "url"} & set(apples.to_json())
