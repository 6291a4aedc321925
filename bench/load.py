"""Load on the chat app: N concurrent users, each asking a bounded number of questions, on 127.0.0.1.

  .venv/bin/python bench/load.py [--users 8 32 64] [--questions 5] [--url http://127.0.0.1:7860]

Without ``--url`` it starts `python app.py` on a free port with temporary folders (the seed index is built
there first) and stops it afterwards; with ``--url`` it drives a server that is already running. Every user
is its own session and asks its questions one after the other; users run at the same time. Printed per
level: requests, errors, p50/p95 of the complete streamed answer and of its first words, answers per
second. Figures are printed, never asserted.

Users speak Gradio's queue protocol directly (POST /gradio_api/queue/join, then read the event stream):
gradio_client spends about 0.1 s of CPU per question, so on a small machine a few dozen of them measure
the load generator more than the app.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

# The app benchmark already starts and stops the app and has the questions: reuse them.
_spec = importlib.util.spec_from_file_location("bench_app", Path(__file__).with_name("app.py"))
bench_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_app)


def chat_endpoint(url: str) -> int:
    """The function index of the app's /chat endpoint."""
    with urllib.request.urlopen(url + "/config", timeout=30) as response:
        config = json.load(response)
    return next(d["id"] for d in config["dependencies"] if d.get("api_name") == "chat")


def timed_question(url: str, endpoint: int, session: str, question: str) -> tuple[float, float]:
    """(seconds to the first words of the answer, seconds to the complete answer); raises on an error."""
    started = time.perf_counter()
    body = json.dumps({"data": [question, None, "hybrid", 5, False], "fn_index": endpoint, "session_hash": session,
                       "event_data": None, "trigger_id": None}).encode("utf-8")
    join = urllib.request.Request(url + "/gradio_api/queue/join", data=body,
                                  headers={"Content-Type": "application/json"})
    urllib.request.urlopen(join, timeout=60).read()
    first = None
    with urllib.request.urlopen(f"{url}/gradio_api/queue/data?session_hash={session}", timeout=120) as events:
        for line in events:
            if first is None and b"process_generating" in line and b'"assistant"' in line:
                first = time.perf_counter() - started
            if b"process_completed" in line:
                if b'"success":false' in line or b'"success": false' in line:
                    raise RuntimeError(line[:200].decode("utf-8", "replace"))
                total = time.perf_counter() - started
                return (first if first is not None else total), total
    raise RuntimeError("the event stream ended before the answer was complete")


def run_level(url: str, endpoint: int, users: int, questions: int) -> dict:
    """Every user in its own thread and session, asking ``questions`` questions one after the other."""
    def asker(number: int):
        session = uuid.uuid4().hex
        return lambda question: timed_question(url, endpoint, session, question)

    return bench_app.run_users(users, questions, asker)


def report(url: str, levels: list[int], questions: int) -> None:
    """Warm the server up, then print one table row per number of users."""
    endpoint = chat_endpoint(url)
    timed_question(url, endpoint, uuid.uuid4().hex, bench_app.QUESTIONS[0])
    print(f"Load on {url}: {questions} questions per user (seconds)")
    print("| users | requests | errors | answer p50 | answer p95 | first words p50 | first words p95 | answers/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for users in levels:
        r = run_level(url, endpoint, users, questions)
        print(f"| {users} | {r['requests']} | {len(r['errors'])} | {r['p50']:.3f} | {r['p95']:.3f} | "
              f"{r['first_p50']:.3f} | {r['first_p95']:.3f} | {r['rate']:.1f} |", flush=True)
        for error in r["errors"][:3]:
            print(f"  error: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[8, 32, 64], help="concurrent users (8 32 64)")
    parser.add_argument("--questions", type=int, default=5, help="questions per user (default 5)")
    parser.add_argument("--url", help="drive this running server instead of starting app.py")
    args = parser.parse_args()
    if args.url:
        report(args.url.rstrip("/"), args.users, args.questions)
        return 0
    base = Path(tempfile.mkdtemp(prefix="qa-bench-load-"))
    try:
        app = bench_app.App(base, base / "index")
        try:
            app.wait()
            report(app.url, args.users, args.questions)
        finally:
            app.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
