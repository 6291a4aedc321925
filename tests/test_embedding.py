"""Embedder over the real bundled model: the model's own query/passage prompts, normalised float32 vectors."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from qa.config import EMBED_BACKENDS, Settings
from qa.embedding import BACKENDS, Embedder, resolve_model_path
from qa.errors import QAError

TEXTS = ["Minister Adriaansens heeft de overeenkomst getekend.",
         "Zuid-Korea investeert 4,5% van het bbp in onderzoek en ontwikkeling.",
         "The weekly market moves to the square by the station.",
         "Kort.",
         "Een veel langere passage over het beleid van de gemeente, " * 6]


def test_model_and_prompts_come_from_the_model_folder(embedder):
    assert embedder.dimension == 384
    assert embedder.model.prompts == {"query": "query: ", "document": "passage: "}


def test_query_and_passage_use_their_prompt(embedder):
    text = TEXTS[0]
    query = embedder.embed_queries([text])[0]
    passage = embedder.embed_passages([text])[0]
    plain = embedder.model.encode([text, "query: " + text, "passage: " + text], normalize_embeddings=True)
    np.testing.assert_allclose(query, plain[1], atol=1e-5)
    np.testing.assert_allclose(passage, plain[2], atol=1e-5)
    assert float(query @ passage) < 0.99  # the prompts make them differ
    assert float(query @ plain[0]) < 0.99


def test_vectors_are_normalised_float32(embedder):
    for vectors in (embedder.embed_queries(TEXTS), embedder.embed_passages(TEXTS)):
        assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
        assert vectors.flags["C_CONTIGUOUS"]
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_passages_keep_their_order_despite_length_batching(embedder, monkeypatch):
    one_by_one = np.vstack([embedder.embed_passages([t]) for t in TEXTS])
    monkeypatch.setattr(embedder, "batch_size", 2)  # three batches, run side by side, sorted by length inside
    np.testing.assert_allclose(embedder.embed_passages(TEXTS), one_by_one, atol=1e-5)


def test_batches_hold_texts_of_similar_token_count(embedder, monkeypatch):
    # characters and tokens disagree: long plain words are few tokens, codes and numbers are many
    texts = ["Rijksoverheidsvoorlichtingsdienst", "X7-Q9/Z3", "een twee drie vier", "ZX-81 QR-22 KP-07 TT-93",
             "De gemeente besluit dat.", "2024-Q3/B77"]
    counts = [len(embedder.model.tokenizer(t)["input_ids"]) for t in texts]
    assert len(set(counts)) == len(texts)
    by_tokens = sorted(texts, key=lambda t: counts[texts.index(t)])

    def pairs(ordered: list[str]) -> list[list[str]]:
        return sorted(sorted(ordered[i:i + 2]) for i in range(0, len(ordered), 2))
    assert pairs(sorted(texts, key=len)) != pairs(by_tokens)  # batching by characters would group them otherwise
    calls: list[list[str]] = []
    encode = embedder._encode
    monkeypatch.setattr(embedder, "_encode", lambda batch, side, threads: calls.append(batch) or
                        encode(batch, side, threads))
    monkeypatch.setattr(embedder, "batch_size", 2)
    embedder.embed_passages(texts)
    assert sorted(map(sorted, calls)) == pairs(by_tokens)


def test_a_stopped_embedding_starts_no_further_batch(embedder, monkeypatch):
    calls = []
    encode = embedder._encode
    monkeypatch.setattr(embedder, "_encode", lambda batch, side, threads: calls.append(batch) or
                        encode(batch, side, threads))
    monkeypatch.setattr(embedder, "batch_size", 1)
    texts = [f"Zin nummer {n} over de begroting." for n in range(40)]

    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        embedder.embed_passages(texts, progress=stop)
    assert len(calls) <= 1 + 2 * (os.cpu_count() or 1)  # the first, and at most those already running


def test_progress_reports_done_and_total(embedder, monkeypatch):
    monkeypatch.setattr(embedder, "batch_size", 2)
    reports: list[tuple[int, int]] = []
    embedder.embed_passages(TEXTS, progress=lambda done, total: reports.append((done, total)))
    assert reports == [(2, 5), (4, 5), (5, 5)]


def test_empty_input(embedder):
    assert embedder.embed_passages([]).shape == (0, 384)
    assert embedder.embed_passages([], progress=lambda *a: pytest.fail("no progress for nothing")).shape == (0, 384)


def test_similar_meaning_is_closer_also_across_languages(embedder):
    passages = embedder.embed_passages(["Minister Micky Adriaansens heeft deze overeenkomst getekend.",
                                        "De weekmarkt verhuist naar het plein bij het station."])
    for question in ("Wie ondertekende de overeenkomst?", "Who signed the agreement?"):
        scores = passages @ embedder.embed_queries([question])[0]
        assert scores[0] > scores[1], question


def test_unloadable_model_folder_is_a_clear_error(tmp_path):
    (tmp_path / "not-a-model").mkdir()
    with pytest.raises(QAError, match="Could not load the embedding model") as caught:
        Embedder(Settings(model=str(tmp_path / "not-a-model")))
    assert "QA_MODEL" in str(caught.value)


def test_model_setting_resolution(settings):
    assert resolve_model_path(Settings(model="~/models/e5")) == str(Path.home() / "models" / "e5")
    assert resolve_model_path(Settings(model="intfloat/multilingual-e5-small")) == "intfloat/multilingual-e5-small"
    offline = Path(resolve_model_path(settings))
    assert offline.parent == Path(settings.model_cache_dir) and (offline / ".complete").is_file()


def test_the_backend_setting_names_the_registered_backends():
    assert tuple(BACKENDS) == EMBED_BACKENDS


@pytest.fixture(scope="module")
def torch_vectors(settings):
    torch_embedder = Embedder(settings.replace(embed_backend="torch"))
    return torch_embedder.embed_passages(TEXTS), torch_embedder.embed_queries(TEXTS)


@pytest.mark.parametrize("backend, closest", [("onnx", 0.99999), ("onnx-int8", 0.98)])
def test_every_backend_gives_the_vectors_of_the_float32_model(settings, torch_vectors, backend, closest):
    other = Embedder(settings.replace(embed_backend=backend))
    passages, queries = torch_vectors
    assert ((other.embed_passages(TEXTS) * passages).sum(axis=1) >= closest).all()
    assert ((other.embed_queries(TEXTS) * queries).sum(axis=1) >= closest).all()
    assert other.lexicon and other.dimension == 384


def test_a_model_the_onnx_backend_cannot_run_is_a_clear_error(settings, embedder, monkeypatch):
    from qa import embedding

    monkeypatch.setattr(embedder.model[1], "get_config_dict", lambda: {"pooling_mode": "cls"})
    with pytest.raises(QAError, match="QA_EMBED_BACKEND=torch"):
        embedding.BACKENDS["onnx"].make(embedder.model, "unused", settings.replace(embed_backend="onnx"), None)
