"""Retrieval benchmark: index build time, embedding throughput, warm query latency per retriever and store,
peak memory.

Prints figures, never asserts them. Each corpus is measured in a fresh child process (so its peak memory is
its own), building its index from scratch into a temporary folder with the model already cached. The index is
then moved to each store (``--stores``; milvus: a milvus-lite .db file in the same folder, the vectors reused) and
queried there, so the stores' latencies stand side by side from one run.

    .venv/bin/python bench/retrieval.py                       # seeds/ and the Rijksoverheid FAQ
    .venv/bin/python bench/retrieval.py ../shared/benchmarks/rijksoverheid-faq/docs --rounds 3
    .venv/bin/python bench/retrieval.py seeds --json bench/out/retrieval.json --stores faiss

Questions: ``questions.jsonl`` next to the documents folder when there is one, else the seed questions.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAQ = Path("/work/shared/benchmarks/rijksoverheid-faq/docs")
SEED_QUESTIONS = ROOT / "eval" / "seed_questions.jsonl"
MODES = ("dense", "bm25", "hybrid")
WARMUP_QUERIES = 5


def resolve(path: Path) -> Path:
    """As given (absolute or relative to the working folder), else relative to the repository."""
    for candidate in (path, ROOT / path):
        if candidate.exists():
            return candidate.resolve()
    return path


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


# --- one corpus, in a child process ---------------------------------------------------------------


def measure(docs: Path, questions_file: Path, k: int, rounds: int, stores: list[str]) -> dict:
    import numpy as np

    from qa.config import load_settings
    from qa.conversation import Conversation
    from qa.documents import load_folder
    from qa.embedding import Embedder
    from qa.evaluation import evaluate, load_questions
    from qa.index import build_index, corpus_key, load_index, save_index
    from qa.retrieval import POOL, Retriever

    result: dict = {"docs": str(docs), "questions_file": str(questions_file)}
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        settings = load_settings(docs_dir=docs, index_dir=Path(tmp) / "index", upload_dir=Path(tmp) / "uploads")
        result["model"] = settings.model

        started = time.perf_counter()
        embedder = Embedder(settings)
        embedder.embed_passages(["opwarmen"])  # first call pays for lazy initialisation, not the build
        result["model_load_s"] = time.perf_counter() - started
        result["peak_mb_model"] = peak_mb()

        embed_seconds, passages = 0.0, 0
        embed_passages = embedder.embed_passages

        def timed_embed(texts, progress=None):
            nonlocal embed_seconds, passages
            begun = time.perf_counter()
            vectors = embed_passages(texts, progress=progress)
            embed_seconds += time.perf_counter() - begun
            passages += len(texts)
            return vectors

        embedder.embed_passages = timed_embed

        started = time.perf_counter()
        report = load_folder(docs)
        result["load_documents_s"] = time.perf_counter() - started
        started = time.perf_counter()
        index, stats = build_index(report.documents, settings, embedder)
        result["build_s"] = time.perf_counter() - started
        folder = settings.index_dir / corpus_key(docs)
        started = time.perf_counter()
        save_index(index, folder)
        result["save_s"] = time.perf_counter() - started
        started = time.perf_counter()
        index = load_index(folder)
        result["open_s"] = time.perf_counter() - started
        embedder.embed_passages = embed_passages

        result.update(documents=len(index.documents), chunks=len(index), sentences=len(index.sentences),
                      passages=passages, embed_s=embed_seconds,
                      characters=sum(len(d.text) for d in index.documents.values()),
                      index_mb=sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6)
        result["index_build_s"] = result["load_documents_s"] + result["build_s"] + result["save_s"]
        result["chunks_per_s"] = len(index) / result["build_s"] if result["build_s"] else None
        result["passages_per_s"] = passages / embed_seconds if embed_seconds else None

        questions = load_questions(questions_file)
        queries = {q.id: Conversation.from_questions(q.history).resolve(q.question).query for q in questions}
        result["stores"] = {}
        for store in stores:
            store_settings = settings.replace(store=store, milvus_uri=str(Path(tmp) / "milvus.db"))
            started = time.perf_counter()
            if store != index.manifest.get("store", "faiss"):  # move the index: its vectors reused, the store filled
                moved, _ = build_index(report.documents, store_settings, embedder, previous=index)
                save_index(moved, folder)
            stored = load_index(folder, store_settings)
            retriever = Retriever(stored, embedder, settings.hybrid_weight)
            result["stores"][store] = {"fill_s": time.perf_counter() - started, "retrievers": {}}
            for mode in MODES:
                for question in questions[:WARMUP_QUERIES]:
                    retriever.search(queries[question.id], k, mode)
                latencies: list[float] = []

                def run(question, mode=mode):
                    begun = time.perf_counter()
                    hits = retriever.search(queries[question.id], k, mode)
                    latencies.append((time.perf_counter() - begun) * 1000)
                    return hits, None

                for _ in range(rounds):
                    report_ = evaluate(questions, run, stored.documents, label=mode)
                retrieval = report_["metrics"]["retrieval"]
                result["stores"][store]["retrievers"][mode] = {
                    "queries": len(latencies), "p50_ms": statistics.median(latencies),
                    "p95_ms": percentile(latencies, 95), "mean_ms": float(np.mean(latencies)),
                    "hit@1": retrieval["hit@1"], "hit@5": retrieval["hit@5"], "hit@10": retrieval["hit@10"],
                    "mrr@10": retrieval["mrr@10"]}
            # the store's own call: the retriever's 100 candidates for each question's vector, embedding excluded
            vectors = embedder.embed_queries([queries[q.id] for q in questions])
            calls: list[float] = []
            for vector in [*vectors[:WARMUP_QUERIES], *vectors]:
                begun = time.perf_counter()
                stored.dense.search(vector[None, :], POOL)
                calls.append((time.perf_counter() - begun) * 1000)
            calls = calls[WARMUP_QUERIES:]
            result["stores"][store]["search"] = {"p50_ms": statistics.median(calls), "p95_ms": percentile(calls, 95),
                                                 "candidates": POOL}
        result["questions"] = len(questions)
        result["peak_mb"] = peak_mb()
    return result


# --- the parent: run every corpus, print the tables -----------------------------------------------


def _fmt(value, pattern: str) -> str:
    return "—" if value is None else format(value, pattern)


def print_tables(results: list[dict], k: int) -> None:
    import torch

    print(f"\nRetrieval benchmark — {platform.platform(terse=True)}, {os.cpu_count()} CPUs, "
          f"python {platform.python_version()}, torch {torch.__version__}, model {results[0]['model']}")
    print("\nIndex build from scratch (model already loaded; 'passages' = chunks + embedded sentence texts)\n")
    header = (f"{'corpus':<28} {'docs':>5} {'chunks':>7} {'passages':>9} {'model load':>11} {'build':>8} "
              f"{'embed':>8} {'chunks/s':>9} {'passages/s':>11} {'save':>6} {'open':>6} {'index':>8} "
              f"{'peak RSS':>9} {'at load':>8}")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['name']:<28} {r['documents']:>5} {r['chunks']:>7} {r['passages']:>9} "
              f"{r['model_load_s']:>9.1f} s {r['index_build_s']:>6.1f} s {r['embed_s']:>6.1f} s "
              f"{_fmt(r['chunks_per_s'], '.1f'):>9} {_fmt(r['passages_per_s'], '.1f'):>11} "
              f"{r['save_s']:>4.1f} s {r['open_s']:>4.1f} s {r['index_mb']:>5.1f} MB "
              f"{r['peak_mb']:>6.0f} MB {r['peak_mb_model']:>5.0f} MB")
    print(f"\nQuery latency, warm ({WARMUP_QUERIES} warm-up queries per retriever; query embedding included), "
          f"and retrieval quality at k={k}\n")
    header = (f"{'corpus':<28} {'questions':<34} {'store':<7} {'retriever':<9} {'queries':>7} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'mean ms':>8} {'hit@1':>6} {'hit@5':>6} {'hit@10':>6} {'mrr@10':>7}")
    print(header)
    print("-" * len(header))
    for r in results:
        for store, measured in r["stores"].items():
            for mode, m in measured["retrievers"].items():
                print(f"{r['name']:<28} {Path(r['questions_file']).name:<34} {store:<7} {mode:<9} {m['queries']:>7} "
                      f"{m['p50_ms']:>8.1f} {m['p95_ms']:>8.1f} {m['mean_ms']:>8.1f} {_fmt(m['hit@1'], '.3f'):>6} "
                      f"{_fmt(m['hit@5'], '.3f'):>6} {_fmt(m['hit@10'], '.3f'):>6} {_fmt(m['mrr@10'], '.3f'):>7}")
    stores = [store for store in results[0]["stores"]]
    if len(stores) > 1:
        candidates = results[0]["stores"][stores[0]]["search"]["candidates"]
        print("\nThe stores side by side (query latency p50 / p95 ms, same index and questions, one run; 'store': "
              f"the store's own call for {candidates} candidates, query embedding excluded)\n")
        header = f"{'corpus':<28} {'retriever':<9} " + " ".join(f"{store + ' p50/p95':>18}" for store in stores)
        print(header)
        print("-" * len(header))
        for r in results:
            for mode in MODES:
                cells = [r["stores"][store]["retrievers"][mode] for store in stores]
                print(f"{r['name']:<28} {mode:<9} " + " ".join(f"{c['p50_ms']:>8.1f} /{c['p95_ms']:>7.1f}  "
                                                             for c in cells))
            cells = [r["stores"][store]["search"] for store in stores]
            print(f"{r['name']:<28} {'store':<9} " + " ".join(f"{c['p50_ms']:>8.2f} /{c['p95_ms']:>7.2f}  "
                                                           for c in cells))
        print("\n" + "; ".join(f"{store}: filled in {r['stores'][store]['fill_s']:.1f} s" for r in results
                                for store in stores if store != "faiss") + " (moved from the FAISS index: "
              "vectors reused, rows written)")
    print("\npeak RSS: the child process's maximum resident memory (ru_maxrss); at load: right after loading "
          "the model.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", type=Path,
                        help=f"documents folders (default: seeds/ and {FAQ}, or ../shared/benchmarks/... "
                             "relative to the repository)")
    parser.add_argument("--questions", type=Path, help="question set for every corpus (default: questions.jsonl "
                                                       "next to the documents folder, else the seed questions)")
    parser.add_argument("--k", type=int, default=10, help="hits per query (default 10)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the question set per retriever")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--stores", nargs="+", default=["faiss", "milvus"], choices=["faiss", "milvus"],
                        help="stores to query the index in (default both; milvus through milvus-lite)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:  # measure one corpus and hand the figures to the parent on the last stdout line
        print(json.dumps(measure(args.child, args.questions, args.k, args.rounds, args.stores)))
        return 0

    corpora = args.corpora or [ROOT / "seeds", FAQ if FAQ.exists() else Path("../shared/benchmarks/"
                                                                               "rijksoverheid-faq/docs")]
    results = []
    for corpus in corpora:
        docs = resolve(corpus)
        if not docs.is_dir():
            print(f"skipped {corpus}: no such documents folder", file=sys.stderr)
            continue
        questions = args.questions or (docs.parent / "questions.jsonl")
        if not questions.is_file():
            questions = SEED_QUESTIONS
        print(f"measuring {docs} with {questions} …", file=sys.stderr, flush=True)
        child = subprocess.run([sys.executable, __file__, "--child", str(docs), "--questions", str(questions),
                                "--k", str(args.k), "--rounds", str(args.rounds), "--stores", *args.stores],
                               stdout=subprocess.PIPE, text=True)
        if child.returncode != 0 or not child.stdout.strip():
            print(f"failed on {docs} (exit code {child.returncode})", file=sys.stderr)
            continue
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result["name"] = docs.name if docs.name != "docs" else docs.parent.name
        results.append(result)
    if not results:
        print("nothing measured", file=sys.stderr)
        return 1
    print_tables(results, args.k)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
