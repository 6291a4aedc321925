"""The default store: a FAISS index in the index's version folder (``dense.faiss``), rebuilt at each build.

Its type follows the corpus size (``dense_index_type``): exact inner product for small corpora, HNSW above
``ann_threshold``, IVF with 8-bit scalar-quantised vectors above ``ivf_threshold``. Rebuilding it whole is what
lets the type change with the size and IVF train on the whole corpus; the vectors it is built from are kept.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from qa.config import Settings
from qa.errors import QAError
from qa.stores import Corpus, StoreKind

FILE = "dense.faiss"


@dataclass(frozen=True)
class DenseIndexType:
    """A FAISS index type: its factory string and search-time parameters. Recorded in the manifest."""

    factory: str
    build: dict[str, int] = field(default_factory=dict)  # e.g. HNSW efConstruction
    search: dict[str, int] = field(default_factory=dict)  # e.g. HNSW efSearch, IVF nprobe


TRAIN_PER_LIST = 64  # IVF training vectors per list: FAISS asks for 39 at least; more costs minutes at 1M


def ivf_lists(size: int) -> int:
    """About sqrt(size) lists, a power of two, at least 39 vectors to train each on. FAISS suggests 4-16 x
    sqrt(n); at a million vectors training 4096 lists took over 12 minutes on this machine (busy), 1024 a few."""
    return max(1, min(2 ** round(math.log2(math.sqrt(max(size, 1)))), size // 39))


# Tiers from the largest corpus down: the first whose threshold a corpus reaches gives its index type.
# Figures per type and size: `bench/scale.py` (bench/README.md).
_DENSE_TIERS = (
    ("ivf_threshold", lambda size, s: DenseIndexType(f"IVF{ivf_lists(size)},SQ8", search={"nprobe": s.ivf_nprobe})),
    ("ann_threshold", lambda size, s: DenseIndexType(f"HNSW{s.hnsw_m},Flat", build={"efConstruction":
                                                     s.hnsw_ef_construction}, search={"efSearch": s.hnsw_ef_search})),
)


def dense_index_type(size: int, settings: Settings) -> DenseIndexType:
    """Exact search for small corpora; the approximate index the figures favour at ``size`` above that."""
    for threshold, make in _DENSE_TIERS:
        if size >= getattr(settings, threshold):
            return make(size, settings)
    return DenseIndexType("Flat")


def _faiss_index(vectors: np.ndarray, kind: DenseIndexType) -> faiss.Index:
    """The FAISS index of ``kind`` over ``vectors`` (trained on an evenly spread sample when it needs training)."""
    index = faiss.index_factory(vectors.shape[1], kind.factory, faiss.METRIC_INNER_PRODUCT)
    space = faiss.ParameterSpace()
    for name, value in kind.build.items():
        setattr(index.hnsw, name, value)
    if not index.is_trained:
        step = max(1, len(vectors) // (TRAIN_PER_LIST * faiss.extract_index_ivf(index).nlist))
        index.train(np.ascontiguousarray(vectors[::step], dtype=np.float32))
    for begin in range(0, len(vectors), 65536):  # in blocks: memory-mapped vectors are never copied whole
        index.add(np.ascontiguousarray(vectors[begin:begin + 65536], dtype=np.float32))
    for name, value in kind.search.items():
        space.set_index_parameter(index, name, value)
    return index


class FaissStore:
    """A FAISS index whose ids are the rows of the index's chunks."""

    def __init__(self, index: faiss.Index):
        self.faiss = index

    def search(self, vectors: np.ndarray, k: int) -> np.ndarray:
        _, rows = self.faiss.search(np.ascontiguousarray(vectors, dtype=np.float32), k)
        return rows

    def count(self) -> int:
        return self.faiss.ntotal

    def save(self, folder: Path) -> None:
        faiss.write_index(self.faiss, str(folder / FILE))


def _build(corpus: Corpus, description: dict, settings: Settings) -> FaissStore:
    return FaissStore(_faiss_index(corpus.vectors, DenseIndexType(**description)))


def _load(folder: Path, manifest: dict, corpus: Corpus, settings: Settings) -> FaissStore:
    index = faiss.read_index(str(folder / FILE))
    if index.ntotal != len(corpus.chunks) or index.d != manifest["dimension"]:
        raise QAError(f"{folder / FILE} does not match the index (FAISS and chunk counts differ).")
    return FaissStore(index)


def _describe(size: int, settings: Settings) -> dict:
    return asdict(dense_index_type(size, settings))


KIND = StoreKind(files=(FILE,), describe=_describe, build=_build, load=_load, check=lambda settings: None)
