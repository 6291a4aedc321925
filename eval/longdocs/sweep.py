"""Retrieval sweep: chunk size in sections x chunk context x fusion -> hit@1 and hit@10 on a question set.

The figures behind the defaults `section_chunk_chars`, `hybrid_weight` and the fusion (README, "Long
documents"). "title": chunks indexed with their document title only; "headings": with title and headings.
Only chunks are embedded (the sentence vectors of answer extraction take no part in retrieval), and chunk
vectors are cached by text in ``--cache`` (default /tmp/qa-sweep-cache), so a variant that shares passages
with an earlier run embeds nothing new. Prints figures, asserts nothing.

    .venv/bin/python eval/longdocs/sweep.py                                   # the long-document set
    .venv/bin/python eval/longdocs/sweep.py --docs ../shared/benchmarks/rijksoverheid-faq/docs \\
        --questions ../shared/benchmarks/rijksoverheid-faq/questions.jsonl --section-chars 300 600
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from qa.chunking import chunk_document  # noqa: E402
from qa.config import load_settings  # noqa: E402
from qa.conversation import Conversation  # noqa: E402
from qa.documents import load_folder  # noqa: E402
from qa.embedding import Embedder  # noqa: E402
from qa.evaluation import evaluate, load_questions  # noqa: E402
from qa.index import Index, passage_text  # noqa: E402
from qa.retrieval import DOCUMENT_WEIGHT, Retriever  # noqa: E402

# (label, mode, Retriever keyword arguments besides the mode)
# "diverse": the best chunk of each document first (``chunks_per_document=1``), which only moves ranks 2 and later
VARIANTS = (
    *((f"{mode}{diverse}", mode, {"chunks_per_document": int(bool(diverse))}) for mode in ("dense", "bm25")
      for diverse in ("", " diverse")),
    *((f"hybrid zscore w={w} doc={d}{diverse}", "hybrid",
       {"hybrid_weight": w, "fusion": "zscore", "document_weight": d, "chunks_per_document": int(bool(diverse))})
      for w in (0.5, 0.6, 0.7) for d in (1.0, DOCUMENT_WEIGHT) for diverse in ("", " diverse")),
    ("hybrid rrf w=0.5 doc=1.0", "hybrid", {"hybrid_weight": 0.5, "fusion": "rrf", "document_weight": 1.0}),
)


class VectorCache:
    """Chunk vectors by text, kept in one .npz file per model."""

    def __init__(self, folder: Path, embedder: Embedder):
        self.embedder = embedder
        self.path = folder / (hashlib.sha1(embedder.name.encode()).hexdigest()[:12] + ".npz")
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.is_file():
            with np.load(self.path) as stored:
                self.vectors = dict(zip(stored["keys"].tolist(), stored["vectors"]))

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest() for text in texts]
        missing = {key: text for key, text in zip(keys, texts) if key not in self.vectors}
        if missing:
            print(f"  embedding {len(missing)} new passages", file=sys.stderr)
            vectors = self.embedder.embed_passages(list(missing.values()))
            self.vectors.update(zip(missing, vectors))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, keys=np.array(list(self.vectors)), vectors=np.stack(list(self.vectors.values())))
        return np.stack([self.vectors[key] for key in keys]).astype(np.float32)


def chunks_of(documents, settings, section_chars: int, headings: bool):
    """The chunks of every document; without ``headings`` only the title is their context."""
    chunks = [c for d in documents
              for c in chunk_document(d, settings.chunk_chars, settings.chunk_overlap, section_chars)]
    return chunks if headings else [dataclasses.replace(c, heading="") for c in chunks]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = Path(__file__).resolve().parent
    parser.add_argument("--docs", type=Path, default=here / "docs")
    parser.add_argument("--questions", type=Path, default=here / "questions.jsonl")
    parser.add_argument("--section-chars", type=int, nargs="+", default=[300, 600, 1000],
                        help="section_chunk_chars values to try (chunk_chars comes from the settings)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/qa-sweep-cache"))
    args = parser.parse_args()

    settings = load_settings()
    embedder = Embedder(settings)
    cache = VectorCache(args.cache, embedder)
    documents = load_folder(args.docs).documents
    by_id = {d.id: d for d in documents}
    questions = load_questions(args.questions)
    queries = [Conversation.from_questions(q.history).resolve(q.question).query for q in questions]
    query_vectors = dict(zip((q.id for q in questions), embedder.embed_queries(queries)))
    query_of = dict(zip((q.id for q in questions), queries))

    print(f"{args.questions.name}: {len(questions)} questions over {len(documents)} documents "
          f"({sum(len(d.text) for d in documents):,} characters)\n")
    print(f"chunk_chars {settings.chunk_chars}\n")
    print(f"{'section_chunk_chars':>19} {'context':<9} {'chunks':>6}  {'retriever':<38} {'hit@1':>6} {'hit@10':>6}")
    for section_chars in args.section_chars:
        for headings in (False, True):
            chunks = chunks_of(documents, settings, section_chars, headings)
            vectors = cache.embed([passage_text(c) for c in chunks])
            index = Index(by_id, chunks, vectors, {"ann_threshold": settings.ann_threshold}, sentences=[],
                          sentence_vectors=np.zeros((0, 2, vectors.shape[1]), np.float32))
            for label, mode, options in VARIANTS:
                retriever = Retriever(index, embedder, **options)

                def run(question, retriever=retriever, mode=mode):
                    return retriever.search(query_of[question.id], 10, mode, query_vectors[question.id]), None

                metrics = evaluate(questions, run, by_id)["metrics"]["retrieval"]
                print(f"{section_chars:>19} {'headings' if headings else 'title':<9} {len(chunks):>6}  {label:<38} "
                      f"{metrics['hit@1']:>6.3f} {metrics['hit@10']:>6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
