"""Dumps that must not block a corpus: nesting past the recursion limit, one record over the article limit."""

import json

import pytest

from qa.ingest.corpus import MAX_FILE_BYTES
from qa.ingest.dumps import records

DEEP = "[" * 3000 + "]" * 3000  # 6 KB: RecursionError on every build and ask, the file not named


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", DEEP),
        ("deep-object.json", '{"body": ' + DEEP + "}"),
        ("deep-list.json", '{"articles": [' + DEEP + "]}"),
        ("deep.jsonl", '{"body": "fine text here"}\n{"x": ' + DEEP + "}\n"),
    ],
    ids=["array", "in-record", "in-list", "jsonl-line"],
)
def test_deep_nesting_is_a_warning_naming_the_file(name, text):
    warned: list[str] = []
    found = records(name, text, warned.append)
    assert any(name in w and "nested too deeply" in w for w in warned), warned
    assert [r.body for r in found] == (["fine text here"] if name.endswith("l") else [])


def test_one_record_cannot_bypass_the_article_limit():
    body = "word " * (MAX_FILE_BYTES // 5 + 10)
    text = json.dumps([{"body": "A short article."}, {"body": body}])
    warned: list[str] = []
    found = records("big.json", text, warned.append)
    assert [r.body for r in found] == ["A short article."]
    assert any("big.json" in w and "record 1" in w and "10 MB limit for one article" in w for w in warned)
