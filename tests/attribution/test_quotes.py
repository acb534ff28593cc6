import pytest

from qa.attribution.quotes import quote_spans

CASES = [
    (
        "Mr Sullivan said: ‘Ukraine would not be using these munitions.",
        ["Ukraine would not be using these munitions."],
    ),
    ("‘This is their country they’re defending.", ["This is their country they’re defending."]),
    ("a 'strong position' in their quest", ["strong position"]),
    ('"We all agree. It is not just the UK,” she told Sky News.', ["We all agree. It is not just the UK,"]),
    ("Britain's Prime Minister and Ukraine's plans", []),
    ("No quotes here.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quote_spans(text, expected):
    assert [text[s:e] for s, e in quote_spans(text)] == expected
