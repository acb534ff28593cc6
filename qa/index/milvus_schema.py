"""The collections a qa index is made of in Milvus, by name and by field.

    qa_meta                      key -> value: which generation is live, and each
                                 generation's manifest and vocabulary (as JSON, in pieces)
    qa_<generation>_paragraphs   one entity a paragraph row: its text and place, its article's
                                 metadata, its annotations (quotes, flags), and BM25 over
                                 qa's own terms (Milvus's BM25 function, whitespace analyser)
    qa_<generation>_windows      one entity a model window: its vector and its paragraph row

A build writes a whole new generation and then points `live` at it, one upsert: milvus-lite
has no aliases (its create_alias answers UNIMPLEMENTED), so the alias is this one-entity
pointer, which is atomic on a server too. Only names qa gives are ever dropped.
"""

from __future__ import annotations

import re
from typing import Any

from qa.errors import IndexStoreError, UsageError

SCHEMA_VERSION = "1"  # changes whenever a field changes meaning
META = "qa_meta"
LIVE = "live"
TEXT_BYTES = 65_535  # Milvus's VARCHAR limit, in UTF-8 bytes
GENERATION = re.compile(r"g\d{14}_[0-9a-f]{8}", re.ASCII)
OWN = re.compile(rf"qa_(?P<generation>{GENERATION.pattern})_(?:paragraphs|windows)", re.ASCII)
PARAGRAPH_FIELDS = frozenset(
    {"row", "doc", "doc_key", "file", "paragraph", "line", "start", "text", "terms", "sparse", "flags"}
    | {"title", "source", "author", "date", "url", "extra", "quotes"}
)
WINDOW_FIELDS = frozenset({"id", "row", "doc_key", "vector"})
META_FIELDS = frozenset({"key", "value"})
META_VARIABLES = ("title", "source", "author", "date", "url")


def rebuild_hint(where: str) -> str:
    return f"run `qa index --rebuild --milvus {where}`"


def paragraphs_of(generation: str) -> str:
    return f"qa_{generation}_paragraphs"


def windows_of(generation: str) -> str:
    return f"qa_{generation}_windows"


def _text(schema: Any, name: str, data_type: Any, **extra: Any) -> None:
    schema.add_field(name, data_type.VARCHAR, max_length=TEXT_BYTES, **extra)


def create_meta(client: Any) -> None:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=512)
    _text(schema, "value", DataType)
    client.create_collection(META, schema=schema)


def create_generation(client: Any, generation: str, dim: int, k1: float, b: float, lite: bool) -> None:
    """Both collections of a new generation, indexed and loaded, empty."""
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    for name in ("doc", "file", "text", *META_VARIABLES):
        _text(schema, name, DataType)
    for name in ("doc_key", "paragraph", "line", "start", "flags"):
        schema.add_field(name, DataType.INT64)
    # qa's terms (Snowball stems, our stopwords), split on spaces: BM25 and highlighting share one tokenizer
    _text(
        schema,
        "terms",
        DataType,
        enable_analyzer=True,
        enable_match=True,
        analyzer_params={"tokenizer": "whitespace"},
    )
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("extra", DataType.JSON)
    schema.add_field("quotes", DataType.JSON)
    bm25 = Function(
        name="bm25",
        function_type=FunctionType.BM25,
        input_field_names=["terms"],
        output_field_names=["sparse"],
    )
    schema.add_function(bm25)
    index = client.prepare_index_params()
    index.add_index(
        field_name="sparse",
        index_type="SPARSE_INVERTED_INDEX",
        metric_type="BM25",
        params={"bm25_k1": k1, "bm25_b": b},
    )
    client.create_collection(paragraphs_of(generation), schema=schema, index_params=index)
    windows = client.create_schema(auto_id=False)
    windows.add_field("id", DataType.INT64, is_primary=True)
    windows.add_field("row", DataType.INT64)
    windows.add_field("doc_key", DataType.INT64)  # what an article-level filter selects, as on paragraphs
    windows.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    index = client.prepare_index_params()
    # milvus-lite has FLAT (exact, as the folder index below 50,000 windows); a server has HNSW,
    # built with the folder index's own graph settings (qa.index.dense)
    kind = (
        {"index_type": "FLAT"} if lite else {"index_type": "HNSW", "params": {"M": 32, "efConstruction": 80}}
    )
    index.add_index(field_name="vector", metric_type="IP", **kind)
    client.create_collection(windows_of(generation), schema=windows, index_params=index)


def fields(client: Any, name: str) -> frozenset[str]:
    described = client.describe_collection(name)
    return frozenset(str(field["name"]) for field in described.get("fields", []))


def check_meta(client: Any, where: str) -> bool:
    """Is there a qa_meta collection of ours? (False: none yet.) One made by something else is refused."""
    if not client.has_collection(META):
        return False
    if fields(client, META) != META_FIELDS:  # a usage error, as a folder holding others' files is
        raise UsageError(
            f"{where} holds a collection {META} that qa did not make; give --milvus another database"
        )
    return True


def check_generation(client: Any, generation: str, where: str) -> None:
    """Both collections of the live generation are there, with qa's fields, and loaded."""
    for name, expected in (
        (paragraphs_of(generation), PARAGRAPH_FIELDS),
        (windows_of(generation), WINDOW_FIELDS),
    ):
        if not client.has_collection(name):
            raise IndexStoreError(f"index at {where} is damaged ({name} is missing): {rebuild_hint(where)}")
        if fields(client, name) != expected:
            raise IndexStoreError(
                f"index at {where} is damaged ({name} does not have qa's fields): {rebuild_hint(where)}"
            )
        client.load_collection(name)
