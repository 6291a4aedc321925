"""Generative-answer benchmark: what the model costs, and what our retrieval and claim check add on top of it.

Per question of the set (through ``Pipeline.ask_stream``, as the app and ``qa chat`` call it):
- time to first token and total time of the model's reply, and its speed in streamed pieces per second
  (servers stream about one token per piece);
- overhead: the whole ask minus the time spent waiting for the model (retrieval, sentence ranking, prompt,
  claim check, and the extractive answer when it stands in), with the claim check alone beside it.

Prints figures, never asserts them. Needs a running OpenAI-compatible server, for the bundled model:

    .venv/bin/transformers serve "$(.venv/bin/python -m qa.offline_llm)" --host 127.0.0.1 --port 8000 &
    .venv/bin/python bench/llm.py --model "$(.venv/bin/python -m qa.offline_llm)" [--url http://127.0.0.1:8000/v1]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.answering.claims import ClaimChecker  # noqa: E402
from qa.answering.llm import ChatClient, LLMAnswerer  # noqa: E402
from qa.config import load_settings  # noqa: E402
from qa.conversation import Conversation  # noqa: E402
from qa.embedding import Embedder  # noqa: E402
from qa.evaluation import load_questions  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402


class TimedClient(ChatClient):
    """A ChatClient that records, per call: seconds to the first piece, seconds in all, pieces."""

    def __init__(self, settings):
        super().__init__(settings)
        self.calls: list[tuple[float, float, int]] = []

    def stream(self, messages, max_tokens=None):
        started, first, pieces = time.perf_counter(), None, 0
        try:
            for piece in super().stream(messages, max_tokens):
                first = first if first is not None else time.perf_counter() - started
                pieces += 1
                yield piece
        finally:
            total = time.perf_counter() - started
            self.calls.append((total if first is None else first, total, pieces))


class TimedChecker(ClaimChecker):
    def __init__(self, embed):
        super().__init__(embed)
        self.seconds: list[float] = []

    def check(self, reply, sources):
        started = time.perf_counter()
        try:
            return super().check(reply, sources)
        finally:
            self.seconds.append(time.perf_counter() - started)


def line(name: str, values: list[float], unit: str, scale: float = 1.0) -> str:
    if not values:
        return f"{name:34s} —"
    p50, p95 = np.percentile(np.array(values) * scale, [50, 95])
    return f"{name:34s} p50 {p50:8.1f} {unit}   p95 {p95:8.1f} {unit}   (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="the server's base URL (default: the llm_base_url setting)")
    parser.add_argument("--model", help="the model name (default: the llm_model setting)")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "seed_questions.jsonl")
    parser.add_argument("--limit", type=int, default=12, help="questions asked (a small model takes seconds each)")
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()
    settings = load_settings(answerer="llm", llm_base_url=args.url, llm_model=args.model,
                             llm_max_tokens=args.max_tokens)
    embedder = Embedder(settings)
    client, checker = TimedClient(settings), TimedChecker(embedder.embed_queries)
    pipeline = Pipeline(settings, embedder=embedder, answerer=lambda index: LLMAnswerer(index, client, checker))
    pipeline.open()
    pipeline.search("warm-up")  # the first query pays for lazy initialisation

    questions = load_questions(args.questions)[: args.limit]
    first_token, model_total, speed, overhead, kept, fallbacks = [], [], [], [], 0, 0
    for question in questions:
        conversation = Conversation.from_questions(question.history)
        calls_before = len(client.calls)
        started = time.perf_counter()
        *_, answer = pipeline.ask_stream(question.question, conversation)
        wall = time.perf_counter() - started
        calls = client.calls[calls_before:]
        overhead.append(wall - sum(total for _, total, _ in calls))
        answering = calls[-1] if calls else None  # a condensing call, if any, comes first
        if answering and answering[2]:
            first_token.append(answering[0])
            model_total.append(answering[1])
            speed.append(answering[2] / max(answering[1] - answering[0], 1e-6))
        kept += answer.answered_by == "llm"
        fallbacks += bool(answer.notice)
        print(f"  {question.id:8s} {wall:6.1f} s  {answer.answered_by:10s} claims {answer.claims} "
              f"dropped {answer.dropped_claims}  {answer.notice[:80]}", file=sys.stderr)

    print(f"server {settings.llm_base_url}  model {settings.llm_model}  max_tokens {settings.llm_max_tokens}")
    print(f"questions {len(questions)} of {args.questions.name}: {kept} answered by the model, {fallbacks} fell back")
    print(line("time to first token", first_token, "ms", 1000))
    print(line("model reply, total", model_total, "ms", 1000))
    print(line("pieces/s after the first", speed, "/s"))
    print(line("overhead: ask minus model time", overhead, "ms", 1000))
    print(line("  of which the claim check", checker.seconds, "ms", 1000))


if __name__ == "__main__":
    main()
