"""Dense, BM25 and hybrid retrieval over an ``Index`` -> ranked ``Hit``s.

The hybrid ranks chunks by a weighted sum of dense and BM25 evidence, each put on a
comparable scale per query (dense cosine as a z-score, BM25 divided by its best score),
plus the same evidence for the chunk's whole document. Reciprocal-rank fusion (``fusion="rrf"``)
throws the score margins away: at rank 1 it is worse than dense alone on the FAQ benchmark and
0.08-0.13 below the z-score fusion on the long-document set (``eval/longdocs/sweep.py``).
Results follow the score: on the FAQ and long-law sets the best document's second and third chunks answer
more questions than other documents' best ones (``chunks_per_document`` caps a document's chunks before the
others' best, for a corpus where breadth matters more).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from qa.data import Hit
from qa.embedding import Embedder
from qa.errors import QAError
from qa.index import Index
from qa.language import detect_language
from qa.lexical import translated, translated_compounds, with_compound_parts

POOL = 100  # candidates taken from each retriever before fusion
# Document-level evidence (z-scored dense and BM25 over whole documents) and its weight next to the
# chunk's own: "find the right document, then the right passage". Tuned on the FAQ benchmark and the
# seed set; hit@1 is flat (0.80-0.81 FAQ, 0.85-0.87 seed) for document weights 2-4 and mixes 0.5-0.7.
DOCUMENT_WEIGHT = 3.0
DOCUMENT_DENSE_SHARE = 0.6
RRF_K = 60  # the usual constant of reciprocal-rank fusion


def zscore(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 1e-6 else np.zeros_like(values)


def by_best(values: np.ndarray) -> np.ndarray:
    best = values.max() if len(values) else 0.0
    return values / best if best > 0 else np.zeros_like(values)


def fuse(dense: np.ndarray, bm25: np.ndarray, weight: float) -> np.ndarray:
    """Weighted sum of per-query normalised dense and BM25 scores of the same candidates."""
    return weight * zscore(dense) + (1 - weight) * by_best(bm25)


def dense_shares(hybrid_weight: float, reach: float) -> tuple[float, float]:
    """The dense share of the chunk and of the document evidence. BM25 keeps its share for a question in the
    corpus's language; across languages it only sees the terms the corpus has (names), and counts for that
    share of them (``reach``): an English question over Dutch documents is ranked by meaning, not by its names."""
    return 1 - (1 - hybrid_weight) * reach, 1 - (1 - DOCUMENT_DENSE_SHARE) * reach


def reciprocal_ranks(values: np.ndarray) -> np.ndarray:
    """1 / (RRF_K + rank) of every value, rank 1 for the highest: reciprocal-rank fusion's evidence."""
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[np.argsort(-values, kind="stable")] = np.arange(1, len(values) + 1)
    return 1.0 / (RRF_K + ranks)


def fuse_ranks(dense: np.ndarray, bm25: np.ndarray, weight: float) -> np.ndarray:
    """Reciprocal-rank fusion of the same candidates, weighted like ``fuse``: ranks only, no score margins."""
    return weight * reciprocal_ranks(dense) + (1 - weight) * reciprocal_ranks(bm25)


def document_zscores(index: Index, query: str, query_vector: np.ndarray, dense_share: float,
                     docs: np.ndarray) -> np.ndarray:
    """Document evidence of ``docs``: z-scores of their vectors' cosine and of their BM25 score among all documents,
    mixed. The mean and spread over all documents come from the vectors' moments and the BM25 matches, so a query
    costs the same at a thousand documents as at a million."""
    mean_vector, second = index.doc_vector_moments
    query64 = query_vector.astype(np.float64)
    mean = float(mean_vector @ query64)
    spread = float(np.sqrt(max(query64 @ second @ query64 - mean ** 2, 0.0)))
    cosines = index.doc_vectors[docs] @ query_vector
    dense = (cosines - mean) / spread if spread > 1e-6 else np.zeros(len(docs))
    return dense_share * dense + (1 - dense_share) * index.doc_lexical.matches(query).zscores(docs)


def document_reciprocal_ranks(index: Index, query: str, query_vector: np.ndarray, dense_share: float,
                              docs: np.ndarray) -> np.ndarray:
    """Reciprocal-rank fusion's document evidence of ``docs``: their rank among all documents, which takes
    scoring every document."""
    mixed = (dense_share * zscore(index.doc_vectors @ query_vector)
             + (1 - dense_share) * zscore(index.doc_lexical.scores(query)))
    return reciprocal_ranks(mixed)[docs]


@dataclass(frozen=True)
class Fusion:
    """How the hybrid combines the dense and BM25 evidence of chunks, and the evidence of their documents."""

    chunks: Callable[[np.ndarray, np.ndarray, float], np.ndarray]
    documents: Callable[[Index, str, np.ndarray, float, np.ndarray], np.ndarray]


FUSIONS = {"zscore": Fusion(fuse, document_zscores), "rrf": Fusion(fuse_ranks, document_reciprocal_ranks)}


def diversify(order: list[int], doc_of: np.ndarray, per_document: int = 1) -> list[int]:
    """The best ``per_document`` chunks of every document first (in rank order), then the remaining chunks."""
    taken: dict[int, int] = {}
    first, rest = [], []
    for row in order:
        taken[doc_of[row]] = taken.get(doc_of[row], 0) + 1
        (first if taken[doc_of[row]] <= per_document else rest).append(row)
    return first + rest


class Retriever:
    def __init__(self, index: Index, embedder: Embedder, hybrid_weight: float = 0.5, fusion: str = "zscore",
                 document_weight: float = DOCUMENT_WEIGHT, chunks_per_document: int = 0):
        if fusion not in FUSIONS:
            raise QAError(f"Unknown fusion '{fusion}': choose {' or '.join(FUSIONS)}.")
        self.index = index
        self.embedder = embedder
        self.hybrid_weight = hybrid_weight
        self.fusion = FUSIONS[fusion]
        self.document_weight = document_weight
        self.chunks_per_document = chunks_per_document  # 0: score order

    def search(self, query: str, k: int = 5, mode: str = "hybrid", query_vector: np.ndarray | None = None) -> list[Hit]:
        """Top ``k`` chunks for ``query``; pass ``query_vector`` when the caller has embedded it already."""
        if mode not in ("hybrid", "dense", "bm25"):
            raise QAError(f"Unknown retriever '{mode}': choose hybrid, dense or bm25.")
        index, n = self.index, len(self.index)
        if n == 0 or not query.strip():
            return []
        pool = min(n, max(POOL, k))
        candidates: set[int] = set()
        matches = None
        if mode in ("dense", "hybrid"):
            if query_vector is None:
                query_vector = self.embedder.embed_queries([query])[0]
            ids = index.dense.search(query_vector[None, :], pool)
            candidates.update(int(i) for i in ids[0] if i >= 0)
        lang = detect_language(query)
        # an English question searches Dutch words too; a compound also its parts ("informatieverzoek": "verzoek om
        # informatie")
        langs, counts = index.lexical.langs, index.vocabulary.counts
        keywords = " ".join((with_compound_parts(translated(query, lang, langs, counts), counts, langs),
                             *translated_compounds(query, lang, langs, counts)))
        if mode in ("bm25", "hybrid"):
            matches = index.lexical.matches(keywords)
            candidates.update(int(i) for i in matches.top(pool))
            if mode == "bm25" and len(candidates) < pool:  # fewer matches than asked for: chunks scoring 0 follow
                unmatched = np.setdiff1d(np.arange(min(n, pool + len(matches.rows))), matches.rows)
                candidates.update(int(i) for i in unmatched[:pool - len(candidates)])
        rows = np.array(sorted(candidates), dtype=np.int64)
        scores: dict[str, np.ndarray] = {}
        if mode in ("dense", "hybrid"):
            # Exact cosine for every candidate, also those only BM25 found (HNSW scores are approximate).
            scores["dense"] = index.vectors[rows] @ query_vector
        if mode in ("bm25", "hybrid"):
            scores["bm25"] = matches.at(rows)
        if mode == "hybrid":
            reach = 1.0 if lang in index.lexical.langs else index.lexical.reach(query, lang)
            dense_weight, document_dense_share = dense_shares(self.hybrid_weight, reach)
            documents = self.fusion.documents(index, keywords, query_vector, document_dense_share,
                                              index.chunk_doc[rows])
            scores["hybrid"] = (self.fusion.chunks(scores["dense"], scores["bm25"], dense_weight)
                                + self.document_weight * documents)
        ranking = scores[mode]
        order = [int(i) for i in np.argsort(-ranking, kind="stable")]
        if self.chunks_per_document:
            order = diversify(order, index.chunk_doc[rows], self.chunks_per_document)
        order = order[:k]
        return [
            Hit(chunk=index.chunks[rows[i]], score=float(ranking[i]), rank=r,
                scores={name: float(values[i]) for name, values in scores.items()})
            for r, i in enumerate(order, 1)
        ]
