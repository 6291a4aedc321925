"""OnnxEncoder over the real bundled model, exported as the ``onnx`` backend exports it."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from qa.embedding import resolve_model_path
from qa.onnx_model import FILES, OnnxEncoder, ensure_onnx_folder

TEXTS = [f"passage: Zin {n}: de gemeente {'besluit ' * n}over de begroting." for n in range(12)]


def test_calls_side_by_side_share_one_session_and_give_the_vectors_of_calls_in_turn(settings, embedder,
                                                                                    monkeypatch):
    folder = ensure_onnx_folder(embedder.model, resolve_model_path(settings), settings.model_cache_dir)
    alone = OnnxEncoder(folder / FILES["fp32"], embedder.model.tokenizer, embedder.model.max_seq_length)
    in_turn = np.vstack([alone([text]) for text in TEXTS])
    encoder = OnnxEncoder(folder / FILES["fp32"], embedder.model.tokenizer, embedder.model.max_seq_length)
    made = []
    make = encoder._make_session
    monkeypatch.setattr(encoder, "_make_session", lambda: made.append(1) or make())
    with ThreadPoolExecutor(4) as pool:  # the first calls all come at once
        side_by_side = np.vstack(list(pool.map(lambda i: encoder(TEXTS[i:i + 3]), range(0, len(TEXTS), 3))))
    assert len(made) == 1
    assert ((side_by_side * in_turn).sum(axis=1) > 0.99999).all()
