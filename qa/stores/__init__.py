"""The dense side of an index behind one small interface, chosen by the ``store`` setting.

An index keeps its chunks, texts, BM25, sentence vectors and manifest in its own folder, in the process; the
store only answers "which chunks are nearest this vector". ``faiss`` (the default) is a FAISS index kept in the
index's version folder and rebuilt at each build (its type follows the corpus size); ``milvus`` keeps the
chunk vectors in a Milvus collection that several processes can share, added and removed document by document
under each document's content hash.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from qa.config import STORE_NAMES, Settings
from qa.data import Chunk
from qa.errors import QAError

# registry: the module of each store, imported on first use (pymilvus is only loaded by those who use it)
STORES = dict(zip(STORE_NAMES, ("qa.stores.faiss", "qa.stores.milvus")))


class StoreUnavailable(QAError):
    """The store cannot be reached or used (a Milvus server that does not answer, a bad URI)."""


class VectorStore(Protocol):
    """What an index needs of its dense side."""

    def search(self, vectors: np.ndarray, k: int) -> np.ndarray:
        """For each query vector (a row), the rows of the index's chunks nearest it, best first; -1 pads."""

    def count(self) -> int:
        """Vectors the store holds (a shared store may hold more than this index knows)."""

    def save(self, folder: Path) -> None:
        """Make this index's vectors durable: write files into the version ``folder`` or update the server."""


@dataclass(frozen=True)
class Corpus:
    """What a store is built from: every chunk of the index in row order, its vector and its document's hash,
    and the same of the previous index of the same store (so an update only touches the documents that changed)."""

    chunks: list[Chunk]
    vectors: np.ndarray
    hashes: dict[str, str]  # document id -> content hash
    space: str = ""  # what the vectors mean (``space_of``): a shared store keeps vectors of other spaces apart
    previous: "Corpus | None" = None


def space_of(signature: dict, dimension: int) -> str:
    """The model and chunking settings and the dimension, as ``Corpus.space``."""
    return json.dumps([signature, dimension], sort_keys=True)


@dataclass(frozen=True)
class StoreKind:
    files: tuple[str, ...]  # files the store keeps in an index version folder (checksummed with the others)
    describe: Callable[[int, Settings], dict]  # what the manifest records for ``size`` chunks; a change rebuilds
    build: Callable[[Corpus, dict, Settings], VectorStore]  # (corpus, its description) -> store, not yet saved
    load: Callable[[Path, dict, Corpus, Settings | None], VectorStore]  # (version folder, manifest, corpus)
    check: Callable[[Settings], None]  # raise StoreUnavailable now, not after a long build


def store_kind(name: str) -> StoreKind:
    if name not in STORES:
        raise QAError(f"Unknown store '{name}': choose one of {', '.join(STORES)}.")
    try:
        return importlib.import_module(STORES[name]).KIND
    except ImportError as exc:
        raise StoreUnavailable(f"The {name} store needs a package that is not installed ({exc.name}). "
                               "Install it with `make install` (or `pip install -e '.[milvus]'`).") from None
