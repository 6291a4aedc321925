"""Index build from scratch, old code against new, in one run; and peak memory of the new build at two corpus sizes.

Usage:
    .venv/bin/python bench/build.py [--old-commit f68c2c3] [--old-tree ../wt-f68] [--docs DIR] [--questions FILE]
                                    [--memory-docs 179] [--copies 4 [8 ...]] [--memory-backend onnx-int8]
                                    [--memory-code new|old|both] [--memory-embedder model|hashed] [--skip-old]
                                    [--skip-memory] [--json OUT]

1. Speed and quality: builds the index of ``--docs`` (default: the Rijksoverheid FAQ) from scratch with the old
   code (a git worktree of ``--old-commit``, created if missing, run from its own folder with PYTHONPATH pointing
   at it; the child prints which ``qa`` package it imported) and with this checkout's code, each in a fresh child
   process with the same interpreter and packages and an empty temporary index folder. Prints model load time,
   build time (``Pipeline.update(reuse=False)``: load documents, chunk, embed, save), texts per second, the
   ratio new/old, FAQ hit@1/hit@10 as ``qa eval`` computes them (answers included) and peak RSS.
2. Memory: the new code builds the first ``--memory-docs`` documents (default: all 179 FAQ documents), then
   each ``--copies`` count of copies of them under other file names, each copy made distinct (its number after the
   first word of every sentence, so no text is embedded once for several documents), and prints peak RSS of each
   build (``ru_maxrss`` of its own child process). ``--memory-code old`` (or ``both``) builds the same corpora
   with the old code too, each size old then new. ``--memory-backend`` sets ``embed_backend`` for these builds
   only (the embedding speed does not change what a build holds in memory; onnx-int8 makes 4 x 179 documents
   a matter of minutes). ``--memory-embedder hashed`` embeds every text as a unit vector seeded by its digest
   instead (no model: the same shapes and the same build, its own memory without the model's, in seconds).

It prints figures and asserts nothing. The machine is shared: only figures of one run compare.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAQ = Path("/work/shared/benchmarks/rijksoverheid-faq")

# Runs inside each child with only the APIs the old and the new code share.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import qa
from qa.config import load_settings
from qa.pipeline import Pipeline
docs, index_dir, questions, embedder = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
out = {"qa_package": str(Path(qa.__file__).parent)}
settings = load_settings(docs_dir=Path(docs), index_dir=Path(index_dir))
out["embed_backend"] = getattr(settings, "embed_backend", "torch (no setting)")


class Hashed:  # unit vectors seeded by each text's digest: the model's shapes without the model
    dimension = 384

    def embed_passages(self, texts, progress=None):
        import hashlib
        import numpy as np
        out = np.stack([np.random.default_rng(int.from_bytes(hashlib.sha1(t.encode()).digest()[:8], "little"))
                        .standard_normal(self.dimension, dtype=np.float32) for t in texts]) if texts \
            else np.zeros((0, self.dimension), np.float32)
        if progress:
            progress(len(texts), len(texts))
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    embed_queries = embed_passages


if embedder == "hashed":
    out["embed_backend"] = "hashed (no model)"
pipeline = Pipeline(settings, embedder=Hashed() if embedder == "hashed" else None)
started = time.perf_counter()
pipeline.embedder.embed_queries(["warm-up"])
out["model_load_s"] = time.perf_counter() - started
rss_model = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started, cpu = time.perf_counter(), time.process_time()
stats = pipeline.update(reuse=False)
out["build_s"] = time.perf_counter() - started
out["build_cpu_s"] = time.process_time() - cpu  # all threads: steadier than wall time on a shared machine
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["rss_after_model_load_mb"] = rss_model / 1024
out["documents"], out["chunks"] = stats.documents, stats.chunks
out["sentences"] = len(pipeline.index.sentences)
if questions != "-":
    from qa.evaluation import evaluate, load_questions
    report = evaluate(load_questions(Path(questions)), pipeline.evaluation_runner(k=10), pipeline.index.documents)
    out["hit@1"] = report["metrics"]["retrieval"]["hit@1"]
    out["hit@10"] = report["metrics"]["retrieval"]["hit@10"]
print("RESULT " + json.dumps(out))
"""

# Runs after a memory build, in a fresh process: what the index it built takes once loaded (no model). Any build
# ends holding that index, so it is the part of a build's peak that has to grow with the corpus.
LOAD_CHILD = r"""
import json, resource, sys
from pathlib import Path
from qa.config import load_settings
from qa.pipeline import Pipeline
from qa.index import load_index
pipeline = Pipeline(load_settings(docs_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2])))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
load_index(pipeline.index_folder, pipeline.settings)
print("RESULT " + json.dumps({"loaded_index_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""


def child_result(label: str, arguments: list[str], tree: Path, env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", *arguments], cwd=tree, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        sys.exit(f"[{label}] the child failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT "):])


def run_child(tree: Path, docs: Path, questions: Path | None, label: str, backend: str | None = None,
              embedder: str = "model") -> dict:
    """One build in a fresh process, importing ``qa`` from ``tree``; its own empty index folder."""
    with tempfile.TemporaryDirectory(prefix="qa-bench-build-") as index_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
        env.update(PYTHONPATH=str(tree), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        if backend:
            env["QA_EMBED_BACKEND"] = backend
        print(f"[{label}] building {docs} ...", flush=True)
        result = child_result(label, [CHILD, str(docs), index_dir, str(questions or "-"), embedder], tree, env)
        if questions is None:
            result.update(child_result(label, [LOAD_CHILD, str(docs), index_dir], tree, env))
    if Path(result["qa_package"]).resolve() != (tree / "qa").resolve():
        sys.exit(f"[{label}] imported qa from {result['qa_package']}, not from {tree}: the comparison would be void.")
    print(f"[{label}] " + ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                                    for k, v in result.items()), flush=True)
    return result


def old_tree(path: Path, commit: str) -> Path:
    """The worktree of the old commit, added beside this checkout if it is not there yet."""
    if not (path / "qa").is_dir():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), commit], check=True)
    head = subprocess.run(["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    if not head.startswith(commit):
        sys.exit(f"{path} is at {head.strip()[:12]}, not {commit}: remove it or pass --old-tree.")
    return path


SENTENCE_START = re.compile(r"(^|[.!?:]\s+|\n\s*)(\w+)")


def copies(docs: Path, count: int, times: int, target: Path) -> Path:
    """The first ``count`` files of ``docs``, ``times`` times under other names (copy-1-..., copy-2-...); copy n > 1
    has n after the first word of every sentence, so its texts are its own (a build embeds identical texts once)."""
    files = sorted(p for p in docs.iterdir() if p.is_file())[:count]
    target.mkdir(parents=True)
    for n in range(1, times + 1):
        for path in files:
            text = path.read_text(encoding="utf-8")
            if n > 1:
                text = SENTENCE_START.sub(lambda m: f"{m.group(1)}{m.group(2)} {n}", text)
            (target / f"copy-{n}-{path.name}").write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-commit", default="f68c2c3")
    parser.add_argument("--old-tree", type=Path, default=ROOT.parent / "wt-f68")
    parser.add_argument("--docs", type=Path, default=FAQ / "docs")
    parser.add_argument("--questions", type=Path, default=FAQ / "questions.jsonl")
    parser.add_argument("--memory-docs", type=int, default=179, help="documents of the smaller memory corpus")
    parser.add_argument("--copies", type=int, nargs="+", default=[4],
                        help="the larger memory corpora: that many copies of it (one build per count)")
    parser.add_argument("--memory-code", choices=("new", "old", "both"), default="new",
                        help="whose code builds the memory corpora (old: --old-commit)")
    parser.add_argument("--memory-backend", help="embed_backend of the memory builds (default: the setting)")
    parser.add_argument("--memory-embedder", choices=("model", "hashed"), default="model",
                        help="hashed: the memory builds embed with vectors seeded by each text's digest, no model "
                             "(the build's own memory in seconds, without the model's gigabyte)")
    parser.add_argument("--skip-old", action="store_true", help="only the new code (speed and memory)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-speed", action="store_true", help="only the memory builds (implies --skip-old)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures: dict = {}
    if not args.skip_old and not args.skip_speed:
        figures["old"] = run_child(old_tree(args.old_tree.resolve(), args.old_commit), args.docs, args.questions,
                                   f"old {args.old_commit}")
    if not args.skip_speed:
        figures["new"] = run_child(ROOT, args.docs, args.questions, "new")
    if not args.skip_memory:
        trees = {"old": lambda: old_tree(args.old_tree.resolve(), args.old_commit), "new": lambda: ROOT}
        codes = ("old", "new") if args.memory_code == "both" else (args.memory_code,)
        trees = {code: trees[code]() for code in codes}
        with tempfile.TemporaryDirectory(prefix="qa-bench-corpus-") as base:
            for times in (1, *args.copies):
                corpus = copies(args.docs, args.memory_docs, times, Path(base) / f"x{times}")
                for code, tree in trees.items():
                    label = f"{code}{' ' + args.old_commit if code == 'old' else ''}, {times} x {args.memory_docs} documents"
                    figures[f"memory_{code}_x{times}"] = run_child(tree, corpus, None, label, args.memory_backend,
                                                                   args.memory_embedder)

    print("\n| code | backend | documents | chunks | sentences | model load s | build s | build CPU s | hit@1 | hit@10 "
          "| peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, row in figures.items():
        print(f"| {name} | {row['embed_backend']} | {row['documents']} | {row['chunks']} | {row['sentences']} "
              f"| {row['model_load_s']:.1f} "
              f"| {row['build_s']:.1f} | {row['build_cpu_s']:.1f} | {row.get('hit@1', '—')} | {row.get('hit@10', '—')} "
              f"| {row['peak_rss_mb']:.0f} |")
    if "old" in figures:
        old, new = figures["old"], figures["new"]
        print(f"\nbuild time new/old: {new['build_s'] / old['build_s']:.3f} (target <= 0.333), "
              f"CPU time {new['build_cpu_s'] / old['build_cpu_s']:.3f}; "
              f"hit@1 {old['hit@1']} -> {new['hit@1']}, hit@10 {old['hit@10']} -> {new['hit@10']} (target: within 0.01)")
    for code in ("old", "new"):
        sizes = [row for name, row in figures.items() if name.startswith(f"memory_{code}_")]
        if sizes:
            print(f"peak RSS of the {code} code by documents: " + ", ".join(
                f"{row['documents']}: {row['peak_rss_mb']:.0f} MB (index once loaded {row['loaded_index_mb']:.0f} MB)"
                for row in sizes) + f"; before the build: {sizes[-1]['rss_after_model_load_mb']:.0f} MB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
