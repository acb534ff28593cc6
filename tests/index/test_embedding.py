import numpy as np

from qa.index.embedding import index_encoder, reference_encoder, resolve_model
from qa.index.onnx import OnnxEncoder, onnx_dir
from qa.index.passages import windows


def test_onnx_export_matches_sentence_transformers(default_index):
    model = resolve_model(None)
    reference = reference_encoder(model)
    exported = OnnxEncoder(onnx_dir(model))
    texts = [
        "What did Sullivan say?",
        "Cluster munitions are weapons that break apart in the air to scatter smaller munitions over a wide area.",
        "word " * 400,  # longer than the model reads: both truncate the same way
    ]
    diff = np.abs(reference.encode(texts) - exported.encode(texts)).max()
    assert diff < 1e-5


def test_long_paragraph_is_cut_into_overlapping_windows():
    encoder = index_encoder(resolve_model(None))
    paragraph = " ".join(f"word{i}" for i in range(600))
    pieces = windows(paragraph, encoder.tokenizer(), encoder.max_tokens)
    assert len(pieces) > 1
    assert pieces[0].startswith("word0 ") and pieces[-1].endswith("word599")
    for piece in pieces:
        count = len(encoder.tokenizer().encode(piece, add_special_tokens=False).ids)
        assert count <= encoder.max_tokens - 2
    # consecutive windows overlap, so no sentence is cut without context
    assert pieces[1].split()[0] in pieces[0]


def test_short_paragraph_is_one_window():
    encoder = index_encoder(resolve_model(None))
    assert windows("A short paragraph.", encoder.tokenizer(), encoder.max_tokens) == ["A short paragraph."]


def test_a_missing_export_is_made_again_by_the_first_question(tmp_path, monkeypatch):
    import shutil

    from qa.index.embedding import SentenceTransformerEncoder, load_query_encoder

    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path))  # an empty cache: no export yet
    model = resolve_model(None)
    shutil.rmtree(onnx_dir(model), ignore_errors=True)
    first = load_query_encoder(model)
    assert isinstance(first, SentenceTransformerEncoder)  # this process answers through torch
    assert isinstance(load_query_encoder(model), OnnxEncoder)  # the next one does not


def test_a_build_with_no_export_makes_it_first_and_embeds_without_torch(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path))  # an empty cache: no export yet
    model = resolve_model(None)
    assert not (onnx_dir(model) / "meta.json").exists()
    encoder = index_encoder.__wrapped__(model)  # past the per-process cache, which holds the shared export
    assert isinstance(encoder, OnnxEncoder)
    assert (onnx_dir(model) / "meta.json").is_file()
    texts = ["What did Sullivan say?", "Cluster munitions scatter smaller bombs over a wide area."]
    assert np.abs(encoder.encode(texts) - reference_encoder(model).encode(texts)).max() < 1e-5


def test_both_encoders_cut_a_paragraph_into_the_same_windows(default_index):
    model = resolve_model(None)
    paragraph = " ".join(
        f"Minister{i} said the budget was £{i}bn, not the £{i + 1}bn promised." for i in range(60)
    )
    by_torch = windows(paragraph, reference_encoder(model).tokenizer(), 256)
    by_onnx = windows(paragraph, OnnxEncoder(onnx_dir(model)).tokenizer(), 256)
    assert len(by_torch) > 1
    assert by_onnx == by_torch
