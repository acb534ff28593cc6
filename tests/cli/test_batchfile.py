from qa.cli.batchfile import BatchItem, read_items


def test_plain_json_and_bad_lines_in_order():
    lines = [
        "What did Sullivan say?\n",
        "\n",
        '{"id": "q2", "question": "How much?", "extra": 1}\n',
        '{"question": 5}\n',
        "{not json\n",
        "[1, 2]\n",
        '{"question": "no id"}\n',
    ]
    items = list(read_items(lines))
    assert items[0] == BatchItem(1, 1, "What did Sullivan say?")
    assert items[1] == BatchItem(3, "q2", "How much?")
    assert items[2].question is None and 'no "question" string' in (items[2].error or "")
    assert items[3].question is None and "not valid JSON" in (items[3].error or "")
    assert items[4] == BatchItem(6, 6, "[1, 2]")  # not an object: read as a plain-text question
    assert items[5] == BatchItem(7, 7, "no id")
