"""Search at scale: FAISS index types, BM25 and `ask` at 100k and 1M passages.

Prints figures, never asserts them. The corpora are synthetic but built from real material:

* vectors: every chunk (title + chunk, as indexed) and every sentence of the Rijksoverheid FAQ documents
  and of ``seeds/``, embedded with the project's ``Embedder`` (passage side), cached in
  ``bench/out/scale-real.npz``. A corpus of N vectors repeats them in turn, each copy plus gaussian noise
  of total norm ``--noise`` (0.3: a copy keeps cosine ~0.96 with its original, about as close as two
  paraphrases), renormalised.
* queries: the questions of the FAQ benchmark and of ``eval/*.jsonl``, embedded on the query side. They are
  held out: no query vector is in the database.
* texts (BM25, ask): documents of 2-12 real FAQ and seed sentences drawn at random, so the vocabulary and
  the sentence lengths are Dutch as in the FAQ (and the vocabulary much smaller than in a real 1M corpus:
  posting lists are longer, so BM25 is measured on the slow side).

Every (part, size) runs in a child process of its own, so its peak memory is its own.

    .venv/bin/python bench/scale.py                          # dense, bm25 and ask at 100k and 1M
    .venv/bin/python bench/scale.py --sizes 100000 --parts dense
    .venv/bin/python bench/scale.py --json bench/out/scale.json
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAQ = Path("/work/shared/benchmarks/rijksoverheid-faq")
OUT = ROOT / "bench" / "out"
CACHE = OUT / "scale-real.npz"
QUESTION_SETS = (FAQ / "questions.jsonl", *sorted((ROOT / "eval").glob("*_questions.jsonl")),
                 ROOT / "eval" / "faq_conditions.jsonl")
K = 10
SEED = 20261130


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


# --- real material: vectors and texts, embedded once ----------------------------------------------


def real_material():
    """(passage vectors, query vectors, sentence texts) of the FAQ and the seeds; embedded once, then cached."""
    import numpy as np

    if CACHE.is_file():
        data = np.load(CACHE, allow_pickle=False)
        return data["passages"], data["queries"], [str(s) for s in data["sentences"]]
    from qa.chunking import chunk_document
    from qa.config import load_settings
    from qa.documents import load_folder
    from qa.embedding import Embedder
    from qa.index import passage_text

    settings = load_settings()
    documents = load_folder(FAQ / "docs").documents + load_folder(ROOT / "seeds").documents
    chunks = [c for d in documents for c in chunk_document(d, settings.chunk_chars, settings.chunk_overlap)]
    by_id = {d.id: d for d in documents}
    sentences = sorted({by_id[c.doc_id].text[s:e] for c in chunks for s, e in c.sentences})
    asked = questions()
    texts = [passage_text(c) for c in chunks] + sentences
    log(f"embedding {len(texts)} passages ({len(chunks)} chunks, {len(sentences)} sentences) and "
        f"{len(asked)} questions once; cached in {CACHE}")
    embedder = Embedder(settings)
    started = time.perf_counter()
    passages = embedder.embed_passages(texts, progress=lambda done, total: done % 1024 < embedder.batch_size
                                       and log(f"  {done}/{total} passages, {time.perf_counter() - started:.0f} s"))
    queries = embedder.embed_queries(asked)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE, passages=passages, queries=queries, sentences=np.array(sentences))
    return passages, queries, sentences


def noisy_copies(base, n: int, noise: float, seed: int = SEED):
    """``n`` unit vectors: the base vectors in turn, each plus gaussian noise of expected norm ``noise``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    sigma = noise / np.sqrt(base.shape[1])
    for begin in range(0, n, 65536):
        rows = np.arange(begin, min(n, begin + 65536))
        block = base[rows % len(base)] + rng.normal(0, sigma, (len(rows), base.shape[1])).astype(np.float32)
        out[rows] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


# --- dense: FAISS index types ---------------------------------------------------------------------

POOL = 100  # what qa/retrieval.py asks the FAISS index for, before it re-scores the candidates exactly


def dense_specs(size: int) -> list[tuple[str, dict]]:
    """(faiss factory string, search parameters to sweep) per corpus size; HNSW efSearch below the pool of 100
    is raised to 100 by FAISS itself. Above 200k exact search, IVF with sqrt(n) lists (on this busy machine
    training IVF4096 on 1M vectors ran over 12 minutes) and HNSW32, whose build takes longest.
    IVF-PQ is left out: training IVF256,PQ48 on 20k vectors took 360 s, and its own recall@10 was 0.53."""
    if size > 200_000:  # HNSW32 last: its build takes longest (pick it alone with --only HNSW)
        return [("Flat", {}), ("IVF1024,SQ8", {"nprobe": (16, 32, 64)}), ("IVF1024,Flat", {"nprobe": (16, 32, 64)}),
                ("HNSW32,Flat", {"efSearch": (128, 256, 512, 1024, 2048)})]
    specs = [("Flat", {}), ("HNSW16,Flat", {"efSearch": (128, 256)}), ("HNSW32,Flat", {"efSearch": (128, 256)})]
    for nlist in (256, 1024):
        specs += [(f"IVF{nlist},Flat", {"nprobe": (8, 16, 32, 64)}), (f"IVF{nlist},SQ8", {"nprobe": (16, 32, 64)})]
    return specs


def exact_top(database, queries, k: int):
    """Row ids of the exact top ``k`` by inner product, in blocks (the ground truth)."""
    import numpy as np

    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), 0), dtype=np.int64)
    for begin in range(0, len(database), 131072):
        scores = queries @ database[begin:begin + 131072].T
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        best_scores = np.hstack([best_scores, np.take_along_axis(scores, top, 1)])
        best_ids = np.hstack([best_ids, top + begin])
        keep = np.argsort(-best_scores, axis=1)[:, :k]
        best_scores, best_ids = np.take_along_axis(best_scores, keep, 1), np.take_along_axis(best_ids, keep, 1)
    return best_ids


def recall(found, truth) -> float:
    return sum(len(set(f) & set(t)) for f, t in zip(found, truth)) / truth.size


def time_queries(index, queries, threads: int, limit: int, repeats: int = 3) -> list[float]:
    """Milliseconds per single-query search (k = the retriever's pool), ``threads`` OpenMP threads: each query's
    fastest of ``repeats`` runs, so that a moment when other processes held the cores counts less."""
    import faiss

    faiss.omp_set_num_threads(threads)
    index.search(queries[:1], POOL)
    times = []
    for query in queries[:limit]:
        runs = []
        for _ in range(repeats):
            begun = time.perf_counter()
            index.search(query[None, :], POOL)
            runs.append((time.perf_counter() - begun) * 1000)
        times.append(min(runs))
    return times


def index_mb(index) -> float:
    """Size of the serialised index: its memory, give or take a few bytes of headers."""
    import tempfile

    import faiss

    with tempfile.NamedTemporaryFile(prefix="qa-scale-", suffix=".faiss") as handle:
        faiss.write_index(index, handle.name)
        return os.path.getsize(handle.name) / 1e6


def measure_dense(size: int, noise: float, only: list[str] | None) -> list[dict]:
    import faiss
    import numpy as np

    from qa.stores.faiss import DenseIndexType, _faiss_index

    default_threads = faiss.omp_get_max_threads()
    passages, queries, _ = real_material()
    log(f"dense {size:,}: {size:,} noisy copies of {len(passages):,} real vectors, {len(queries)} queries")
    database = noisy_copies(passages, size, noise)
    truth = exact_top(database, queries, K)
    rows = []
    for factory, sweep in dense_specs(size):
        if only and not any(word in factory for word in only):
            continue
        log(f"dense {size:,}: building {factory}")
        faiss.omp_set_num_threads(default_threads)
        started = time.perf_counter()
        index = _faiss_index(database, DenseIndexType(factory, {"efConstruction": 40} if "HNSW" in factory else {}))
        build_s = time.perf_counter() - started
        memory = index_mb(index)
        for params in [{name: value} for name, values in sweep.items() for value in values] or [{}]:
            space = faiss.ParameterSpace()
            for name, value in params.items():
                space.set_index_parameter(index, name, int(value))
            limit = 20 if factory == "Flat" and size > 200_000 else len(queries)  # exact at 1M: ~0.3 s each
            one = time_queries(index, queries, 1, limit)
            default = time_queries(index, queries, default_threads, limit)
            faiss.omp_set_num_threads(default_threads)
            _, found = index.search(queries, POOL)
            rescored = [ids[ids >= 0][np.argsort(-(database[ids[ids >= 0]] @ q))[:K]] for ids, q in zip(found, queries)]
            row = {"size": size, "index": factory, "params": {k: int(v) for k, v in params.items()},
                   "build_s": build_s, "memory_mb": memory,
                   "p50_ms_1t": statistics.median(one), "p95_ms_1t": percentile(one, 95),
                   "p50_ms": statistics.median(default), "p95_ms": percentile(default, 95),
                   "threads": default_threads, "recall@10": recall(found[:, :K], truth),
                   "recall@10_rescored": recall(rescored, truth), "load": os.getloadavg()[0]}
            log(f"  {factory} {row['params']}: p50 {row['p50_ms_1t']:.2f} ms (1 thread), recall@10 "
                f"{row['recall@10']:.3f}, rescored {row['recall@10_rescored']:.3f}, {memory:.0f} MB, "
                f"build {build_s:.1f} s")
            rows.append(row)
        del index
    return rows


# --- texts: passages and documents of real sentences ----------------------------------------------


def sentence_runs(sentences: list[str], count: int, low: int, high: int, seed: int = SEED):
    """``count`` lists of ``low``..``high`` sentence numbers drawn at random (a passage or a document)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    lengths = rng.integers(low, high + 1, count)
    picks = rng.integers(0, len(sentences), int(lengths.sum()))
    cut = np.concatenate([[0], np.cumsum(lengths)])
    return [picks[cut[i]:cut[i + 1]] for i in range(count)]


def questions() -> list[str]:
    return sorted({json.loads(line)["question"] for path in QUESTION_SETS if path.is_file()
                   for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


# --- BM25 -------------------------------------------------------------------------------------------


def measure_bm25(size: int) -> list[dict]:
    """Build the project's LexicalIndex over ``size`` passages of 2-4 real sentences; time a query as the
    retriever runs it: every passage's score, then the top of the pool."""
    import numpy as np

    from qa.lexical import LexicalIndex

    _, _, sentences = real_material()
    log(f"bm25 {size:,}: {size:,} passages of 2-4 real sentences")
    texts = [" ".join(sentences[i] for i in run) for run in sentence_runs(sentences, size, 2, 4)]
    characters = sum(map(len, texts))
    started = time.perf_counter()
    lexical = LexicalIndex(texts, ["nl"] * size)
    build_s = time.perf_counter() - started
    del texts
    log(f"bm25 {size:,}: indexed in {build_s:.0f} s")
    times, matched = [], []
    for query in questions():
        begun = time.perf_counter()
        scores = lexical.scores(query)
        np.argpartition(-scores, POOL - 1)[:POOL]
        times.append((time.perf_counter() - begun) * 1000)
        matched.append(int(np.count_nonzero(scores)))
    row = {"size": size, "characters": characters, "build_s": build_s, "queries": len(times),
           "p50_ms": statistics.median(times), "p95_ms": percentile(times, 95),
           "matched_p50": statistics.median(matched), "peak_mb": peak_mb(), "load": os.getloadavg()[0]}
    log(f"bm25 {size:,}: p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms")
    return [row]


# --- ask: the whole pipeline over an index of ``size`` chunks ---------------------------------------


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


class Phases:
    """Time and resident-memory growth of named steps, also of steps inside ``Index.__init__`` (wrapped);
    a step that runs many times is summed."""

    def __init__(self):
        self.rows: dict[str, dict] = {}

    def run(self, name: str, call, *args, quiet: bool = False, **kwargs):
        before, started = rss_mb(), time.perf_counter()
        result = call(*args, **kwargs)
        row = self.rows.setdefault(name, {"step": name, "seconds": 0.0, "rss_growth_mb": 0.0, "calls": 0})
        row["seconds"] += time.perf_counter() - started
        row["rss_growth_mb"] += rss_mb() - before
        row["calls"] += 1
        if not quiet:
            log(f"  {name}: {row['seconds']:.1f} s, {row['rss_growth_mb']:+.0f} MB")
        return result

    def wrap(self, owner, attribute: str, name: str, quiet: bool = False) -> None:
        original = getattr(owner, attribute)
        setattr(owner, attribute, lambda *args, **kwargs: self.run(name, original, *args, quiet=quiet, **kwargs))


def synthetic_corpus(size: int, sentences: list[str], sentence_vectors, noise: float, folder: Path):
    """Documents of 4-10 real sentences in paragraphs of 1-3, chunked as the index chunks them, until there
    are ``size`` chunks; vectors: a chunk's is the noisy mean of its sentences' real vectors, a sentence's
    its own real vector (alone) and the mean with its predecessor's (in context), each with noise. The
    sentence vectors (2 x 384 floats each) are written to a memory-mapped file in ``folder``."""
    import numpy as np

    from qa.chunking import chunk_document
    from qa.data import Document
    from qa.documents import paragraphs_of
    from qa.index import _sentence_spans

    rng = np.random.default_rng(SEED)
    number = {text: i for i, text in enumerate(sentences)}
    documents, chunks, spans, chunk_sources, span_sources = {}, [], [], [], []
    runs = iter(sentence_runs(sentences, size, 4, 10))
    while len(chunks) < size:
        run = next(runs)
        cuts = np.cumsum(rng.integers(1, 4, len(run)))
        paragraphs = [" ".join(sentences[i] for i in run[a:b]) for a, b in zip([0, *cuts], cuts) if a < len(run)]
        text = "\n\n".join(paragraphs)
        document = Document(id=f"doc-{len(documents):07d}.txt", title=sentences[run[0]][:80], text=text,
                            paragraphs=paragraphs_of(text))
        documents[document.id] = document
        doc_chunks = chunk_document(document, 300, 1)
        chunks += doc_chunks
        fallback = int(run[0])
        chunk_sources += [[number.get(text[s:e], fallback) for s, e in c.sentences] for c in doc_chunks]
        doc_spans = _sentence_spans(doc_chunks)
        spans += doc_spans
        span_sources += [number.get(text[s:e], fallback) for _, s, e in doc_spans]
        if len(documents) % 20000 == 0:
            log(f"  {len(documents):,} documents, {len(chunks):,} chunks")
    chunks, chunk_sources = chunks[:size], chunk_sources[:size]
    kept = {c.doc_id for c in chunks}
    documents = {doc_id: d for doc_id, d in documents.items() if doc_id in kept}
    pairs = [(span, source) for span, source in zip(spans, span_sources) if span[0] in kept]
    spans, span_sources = [p[0] for p in pairs], np.array([p[1] for p in pairs])
    dimension = sentence_vectors.shape[1]
    sigma = noise / np.sqrt(dimension)

    def noisy(block):
        block = block + rng.normal(0, sigma, block.shape).astype(np.float32)
        return block / np.linalg.norm(block, axis=-1, keepdims=True)

    vectors = np.lib.format.open_memmap(folder / "vectors.npy", "w+", np.float32, (len(chunks), dimension))
    for begin in range(0, len(chunks), 65536):
        block = np.stack([sentence_vectors[s].mean(0) for s in chunk_sources[begin:begin + 65536]])
        vectors[begin:begin + len(block)] = noisy(block)
    own = np.lib.format.open_memmap(folder / "sentence_vectors.npy", "w+", np.float32, (len(spans), 2, dimension))
    for begin in range(0, len(spans), 65536):
        rows = span_sources[begin:begin + 65536]
        previous = span_sources[np.maximum(np.arange(begin, begin + len(rows)) - 1, 0)]
        own[begin:begin + len(rows), 0] = noisy(sentence_vectors[rows])
        own[begin:begin + len(rows), 1] = noisy(sentence_vectors[rows] + sentence_vectors[previous])
    vectors.flush()
    own.flush()
    del vectors, own
    return (documents, chunks, spans, np.load(folder / "vectors.npy", mmap_mode="r"),
            np.load(folder / "sentence_vectors.npy", mmap_mode="r"))


def measure_ask(size: int, noise: float, limit: int, profile: int = 0) -> list[dict]:
    """Build an ``Index`` of ``size`` synthetic chunks (timing its parts), save it, load it again (timing what a
    start of the app costs) and time ``Pipeline.ask`` on the loaded index."""
    import gc
    import tempfile
    from dataclasses import asdict

    import importlib

    import qa.index
    from qa.config import load_settings
    from qa.embedding import Embedder
    from qa.errors import QAError
    from qa.pipeline import Pipeline
    from qa.retrieval import Retriever

    passages, _, sentences = real_material()
    sentence_vectors = passages[-len(sentences):]
    phases = Phases()
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="qa-scale-", dir=OUT) as tmp:
        log(f"ask {size:,}: qa from {Path(qa.index.__file__).parent}; synthetic corpus (vectors memory-mapped "
            f"from {tmp})")
        documents, chunks, spans, vectors, span_vectors = phases.run(
            "documents, chunks, vectors", synthetic_corpus, size, sentences, sentence_vectors, noise, Path(tmp))
        # Where the steps live in this code, or (run from a checkout of older code, which computed them in
        # Index itself at every load) in qa.index.
        try:
            tables = importlib.import_module("qa.index_tables")
        except ImportError:
            tables = qa.index
        building = [(owner, attribute, name, quiet) for owner, attribute, name, quiet in (
            (tables, "LexicalIndex", "Index: BM25 (chunks, documents)", False),
            (tables, "detect_language", "Index: languages", True),
            (getattr(tables, "IndexTables", None), "compute", "Index: lexical tables (total)", False),
            (qa.index, "_faiss_index", "Index: FAISS", False)) if hasattr(owner, attribute)]
        originals = [(owner, attribute, getattr(owner, attribute)) for owner, attribute, *_ in building]
        for owner, attribute, name, quiet in building:
            phases.wrap(owner, attribute, name, quiet)
        try:  # older code (a checkout run for "before" figures) kept it in qa.index
            dense_index_type = importlib.import_module("qa.stores.faiss").dense_index_type
        except ImportError:
            dense_index_type = qa.index.dense_index_type
        manifest = {"dense_index": asdict(dense_index_type(len(chunks), settings)), "format": qa.index.INDEX_FORMAT,
                    "settings": {}, "dimension": vectors.shape[1], "documents": {d: "" for d in documents},
                    "chunks": len(chunks), "sentences": len(spans)}
        log(f"ask {size:,}: Index of {len(chunks):,} chunks, {len(documents):,} documents, {len(spans):,} sentences")
        index = phases.run("Index (total)", qa.index.Index, documents, chunks, vectors, manifest,
                           sentences=spans, sentence_vectors=span_vectors)
        for owner, attribute, original in originals:  # the load below reads what these computed
            setattr(owner, attribute, original)
        phases.run("save_index", qa.index.save_index, index, Path(tmp) / "index")
        del index, documents, chunks, spans
        gc.collect()
        for owner, attribute, name in ((qa.index, "_sha256", "load: checksums"),
                                       (qa.index, "_check_agreement", "load: agreement of the files"),
                                       (getattr(tables, "IndexTables", None), "load", "load: lexical tables")):
            if hasattr(owner, attribute):
                phases.wrap(owner, attribute, name, quiet=True)
        index = phases.run("load_index (total)", qa.index.load_index, Path(tmp) / "index")
        pipeline = Pipeline(settings, embedder=Embedder(settings))
        pipeline._index = index
        asked = questions()[:limit]
        phases.run("model load", pipeline.embedder.embed_queries, ["warm-up"])
        phases.run("first ask (lazy corpus tables)", pipeline.ask, asked[0])
        parts = Phases()  # per ask: the query embedding and the retrieval; the rest is reading and answering
        parts.wrap(pipeline.embedder, "embed_queries", "embed", quiet=True)
        parts.wrap(Retriever, "search", "retrieve", quiet=True)
        times, embed, retrieve = [], [], []
        for number, question in enumerate(asked, 1):
            parts.rows.clear()
            begun = time.perf_counter()
            try:
                pipeline.ask(question)
            except QAError:
                pass
            times.append((time.perf_counter() - begun) * 1000)
            embed.append(parts.rows.get("embed", {}).get("seconds", 0.0) * 1000)
            retrieve.append(parts.rows.get("retrieve", {}).get("seconds", 0.0) * 1000)
            if number % 25 == 0:
                log(f"  {number}/{len(asked)} questions, p50 so far {statistics.median(times):.0f} ms")
        row = {"size": len(index.chunks), "documents": len(index.documents), "sentences": len(index.sentences),
               "dense_index": index.manifest["dense_index"],
               "questions": len(times), "p50_ms": statistics.median(times), "p95_ms": percentile(times, 95),
               "embed_p50_ms": statistics.median(embed), "retrieve_p50_ms": statistics.median(retrieve),
               "rest_p50_ms": statistics.median(t - e - r for t, e, r in zip(times, embed, retrieve)),
               "phases": list(phases.rows.values()), "load": os.getloadavg()[0], "peak_mb": peak_mb(), "rss_mb": rss_mb()}
        log(f"ask {size:,}: p50 {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms, peak {row['peak_mb']:.0f} MB")
        if profile:
            profile_asks(pipeline, asked, profile)
        del index, pipeline, vectors, span_vectors
        return [row]


def profile_asks(pipeline, asked: list[str], lines: int) -> None:
    """A second pass over the questions under cProfile; the ``lines`` functions with the most time below them
    (cumulative) go to stderr. Not part of the timings above: profiling slows every call."""
    import cProfile
    import io
    import pstats

    from qa.errors import QAError

    profiler = cProfile.Profile()
    for question in asked:
        profiler.enable()
        try:
            pipeline.ask(question)
        except QAError:
            pass
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    log(f"profile of {len(asked)} warm asks (cumulative seconds):\n{out.getvalue()}")


# --- the parent: every (part, size) in a child process, then the tables -----------------------------

PARTS = {"dense": lambda a: measure_dense(a.size, a.noise, a.only), "bm25": lambda a: measure_bm25(a.size),
         "ask": lambda a: measure_ask(a.size, a.noise, a.ask_questions, a.profile)}


def print_dense(rows: list[dict]) -> None:
    print(f"\nDense search: FAISS index types (single queries asking for the retriever's pool of {POOL}; "
          f"recall@10 against exact search; 'rescored': the top 10 after the retriever re-scores the pool exactly)\n")
    header = (f"{'size':>9} {'index':<22} {'params':<14} {'build s':>8} {'memory MB':>10} {'p50 1t':>7} "
              f"{'p95 1t':>7} {'p50':>7} {'p95':>7} {'recall@10':>10} {'rescored':>9} {'load':>5}")
    print(header)
    print("-" * len(header))
    for r in rows:
        params = " ".join(f"{k}={v}" for k, v in r["params"].items())
        print(f"{r['size']:>9,} {r['index']:<22} {params:<14} {r['build_s']:>8.1f} {r['memory_mb']:>10.0f} "
              f"{r['p50_ms_1t']:>7.2f} {r['p95_ms_1t']:>7.2f} {r['p50_ms']:>7.2f} {r['p95_ms']:>7.2f} "
              f"{r['recall@10']:>10.3f} {r['recall@10_rescored']:>9.3f} {r['load']:>5.1f}")
    print(f"\nms per query, each query's fastest of 3 runs; '1t' one OpenMP thread, the others {rows[0]['threads'] if rows else '?'} "
          "(the default). Built by qa.stores.faiss._faiss_index: HNSW efConstruction 40, IVF trained on 64 x nlist vectors.\n"
          "load: the 1-minute load average when the setting was measured (this machine has "
          f"{os.cpu_count()} cores; above that, other processes share them and every time grows).")


def print_bm25(rows: list[dict]) -> None:
    print("\nBM25 (qa/lexical.py: bm25s with Dutch stemming): passages of 2-4 real sentences; a query = the "
          f"score of every passage plus the top {POOL}\n")
    header = f"{'passages':>9} {'characters':>12} {'build s':>8} {'queries':>8} {'p50 ms':>7} {'p95 ms':>7} " \
             f"{'matched p50':>12} {'peak MB':>8} {'load':>5}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['size']:>9,} {r['characters']:>12,} {r['build_s']:>8.1f} {r['queries']:>8} {r['p50_ms']:>7.1f} "
              f"{r['p95_ms']:>7.1f} {r['matched_p50']:>12,.0f} {r['peak_mb']:>8.0f} {r['load']:>5.1f}")


def print_ask(rows: list[dict]) -> None:
    print("\nask (Pipeline.ask: reading, hybrid retrieval, extractive answer) over synthetic documents of real "
          "sentences\n")
    for r in rows:
        print(f"{r['size']:,} chunks, {r['documents']:,} documents, {r['sentences']:,} sentences, "
              f"dense index {r['dense_index']['factory']} {r['dense_index']['search']}: ask p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms over "
              f"{r['questions']} questions (p50 of its parts: query embedding {r['embed_p50_ms']:.0f} ms, retrieval "
              f"{r['retrieve_p50_ms']:.0f} ms, reading + answering {r['rest_p50_ms']:.0f} ms); peak RSS "
              f"{r['peak_mb']:,.0f} MB, at the end {r['rss_mb']:,.0f} MB; load average {r['load']:.1f}")
        for phase in r["phases"]:
            print(f"    {phase['step']:<34} {phase['seconds']:>8.1f} s {phase['rss_growth_mb']:>+9,.0f} MB "
                  f"({phase['calls']:,} calls)")


PRINTERS = {"dense": print_dense, "bm25": print_bm25, "ask": print_ask}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="corpus sizes")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS), help="what to measure")
    parser.add_argument("--noise", type=float, default=0.3, help="norm of the noise added to each copy")
    parser.add_argument("--only", nargs="+", help="dense: only index types whose factory string contains one of these")
    parser.add_argument("--ask-questions", type=int, default=100, help="questions asked per size (default 100)")
    parser.add_argument("--profile", type=int, default=0, metavar="LINES",
                        help="ask: profile a second pass of the questions and print the top LINES functions")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--child", choices=PARTS, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:  # one part at one size; the figures go to the parent on the last stdout line
        print(json.dumps(PARTS[args.child](args)))
        return 0
    real_material()  # embed once, before the children read the cache
    results: dict[str, list[dict]] = {part: [] for part in args.parts}
    for part in args.parts:
        for size in args.sizes:
            command = [sys.executable, __file__, "--child", part, "--size", str(size), "--noise", str(args.noise),
                       "--ask-questions", str(args.ask_questions), "--profile", str(args.profile), *(["--only", *args.only] if args.only else [])]
            done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
            if done.returncode != 0:
                print(f"{part} at {size:,} failed (exit {done.returncode}); see the messages above.", file=sys.stderr)
                continue
            results[part] += json.loads(done.stdout.strip().splitlines()[-1])
    for part, rows in results.items():
        PRINTERS[part](rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
