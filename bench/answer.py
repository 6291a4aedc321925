"""Answer benchmark: model load time and warm `ask` latency (p50/p95) on the seed question set.

Prints figures, never asserts them. Run: `.venv/bin/python bench/answer.py [--docs DIR] [--questions FILE]`.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.config import load_settings  # noqa: E402
from qa.conversation import Conversation  # noqa: E402
from qa.embedding import Embedder  # noqa: E402
from qa.evaluation import load_questions  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=Path, default=ROOT / "seeds")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "seed_questions.jsonl")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the question set")
    args = parser.parse_args()
    settings = load_settings(docs_dir=args.docs)

    started = time.perf_counter()
    embedder = Embedder(settings)
    load_seconds = time.perf_counter() - started
    pipeline = Pipeline(settings, embedder=embedder)
    started = time.perf_counter()
    pipeline.open()
    open_seconds = time.perf_counter() - started

    questions = load_questions(args.questions)
    pipeline.ask(questions[0].question)  # warm-up: first call pays for lazy initialisation
    latencies = []
    for _ in range(args.rounds):
        for question in questions:
            conversation = Conversation.from_questions(question.history)
            started = time.perf_counter()
            pipeline.ask(question.question, conversation)
            latencies.append((time.perf_counter() - started) * 1000)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {args.docs}  ({len(pipeline.index.documents)} documents, {len(pipeline.index)} chunks)")
    print(f"model load:            {load_seconds:8.2f} s")
    print(f"index open (load/build): {open_seconds:6.2f} s")
    print(f"ask, warm ({len(latencies)} calls): p50 {statistics.median(latencies):7.1f} ms   "
          f"p95 {percentile(latencies, 95):7.1f} ms   max {max(latencies):7.1f} ms")
    print(f"peak memory:           {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
