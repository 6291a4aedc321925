"""Benchmark of the chat app through its API (gradio_client), printed as tables (nothing is asserted).

  .venv/bin/python bench/app.py [--questions 40] [--users 1 8] [--skip-startup]

(a) Start-up: time from launching `python app.py` until it serves and until the first answer
    arrives, with no index yet (built at start-up) and with the index already built.
(b) Latency: every user is its own client (own session) asking ``--questions`` questions one after
    the other; users run concurrently in threads. Reported per request: the time to the first
    words of the answer (the answer is computed, streaming starts) and to the complete answer.

Everything runs against temporary index/upload/feedback folders; the project's folders are not touched.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "In welke stad werd de grote bedrijvenbijeenkomst gehouden?",
    "Hoeveel procent van het bruto binnenlands product investeert Zuid-Korea in onderzoek en ontwikkeling?",
    "Wie is de Zuid-Koreaanse ambtsgenoot van minister Adriaansens?",
    "Op welke terreinen wil het kabinet naast digitale technologieën nog meer met Zuid-Korea samenwerken?",
    "In which city was the large business meeting held?",
    "Which ministry does the Dutch signatory lead?",
    "What percentage of GDP does South Korea invest in research and development?",
    "When does the agreement take effect?",
    "What is the capital of France?",
    "En wie was daarbij aanwezig?",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class App:
    """`python app.py` in a subprocess with its own folders under ``base``."""

    def __init__(self, base: Path, index_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
        env.update(QA_INDEX_DIR=str(index_dir), QA_UPLOAD_DIR=str(base / "uploads"),
                   QA_FEEDBACK_FILE=str(base / "feedback.jsonl"), QA_PORT=str(self.port), QA_HOST="127.0.0.1",
                   GRADIO_TEMP_DIR=str(base / "gradio"), GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
                   TRANSFORMERS_OFFLINE="1")
        self.log = base / f"app-{self.port}.log"
        self.started = time.perf_counter()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self, timeout: float = 900) -> float:
        """Seconds from launch until the app serves."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"app.py exited:\n{self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/config", timeout=2):
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.1)
        raise SystemExit("app.py did not start in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False)


def timed_question(chat_client, question: str) -> tuple[float, float]:
    """(seconds to the first words of the answer, seconds to the complete answer)."""
    started = time.perf_counter()
    first = None
    job = chat_client.submit(message=question, api_name="/chat")
    for output in job:
        messages = output[1] if isinstance(output, (list, tuple)) and len(output) > 1 else None
        if first is None and isinstance(messages, list) and messages and messages[-1].get("role") == "assistant":
            first = time.perf_counter() - started
    job.result()
    total = time.perf_counter() - started
    return (first if first is not None else total), total


def startup(base: Path, index_dir: Path) -> tuple[float, float]:
    app = App(base, index_dir)
    try:
        serving = app.wait()
        timed_question(client(app.url), QUESTIONS[0])
        return serving, time.perf_counter() - app.started
    finally:
        app.stop()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_users(users: int, per_user: int, asker) -> dict:
    """``users`` threads at once, each asking ``per_user`` questions one after the other with its own
    ``asker(number)`` (a function from a question to (seconds to first words, seconds to the whole answer))."""
    firsts: list[float] = []
    totals: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(number: int) -> None:
        ask = asker(number)
        for i in range(per_user):
            try:
                first, total = ask(QUESTIONS[(number + i) % len(QUESTIONS)])
            except Exception as exc:  # report, do not stop the benchmark
                with lock:
                    errors.append(repr(exc)[:200])
                continue
            with lock:
                firsts.append(first)
                totals.append(total)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    nan = float("nan")
    return {"users": users, "requests": len(totals), "errors": errors, "wall": wall, "rate": len(totals) / wall,
            "first_p50": statistics.median(firsts) if firsts else nan,
            "first_p95": percentile(firsts, 0.95) if firsts else nan,
            "p50": statistics.median(totals) if totals else nan,
            "p95": percentile(totals, 0.95) if totals else nan}


def load(url: str, users: int, per_user: int) -> dict:
    def asker(number: int):
        chat_client = client(url)
        return lambda question: timed_question(chat_client, question)

    return run_users(users, per_user, asker)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=40, help="questions per user (default 40)")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 8], help="concurrent users (default 1 8)")
    parser.add_argument("--skip-startup", action="store_true", help="only measure latency")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="qa-bench-app-"))
    index_dir = base / "index"
    try:
        if not args.skip_startup:
            print("Start-up of `python app.py` (seconds)")
            print("| index | serving | first answer |")
            print("|---|---:|---:|")
            serving, first = startup(base, index_dir)  # empty index folder: built at start-up
            print(f"| not built (built at start-up) | {serving:.1f} | {first:.1f} |", flush=True)
            serving, first = startup(base, index_dir)  # the index built above
            print(f"| already built | {serving:.1f} | {first:.1f} |", flush=True)
            print()
        app = App(base, index_dir)
        try:
            app.wait()
            timed_question(client(app.url), QUESTIONS[0])  # warm-up
            print(f"Answer latency through the API ({args.questions} questions per user; seconds)")
            print("| users | requests | errors | first words p50 | first words p95 | full answer p50 | "
                  "full answer p95 | answers/s |")
            print("|---:|---:|---:|---:|---:|---:|---:|---:|")
            for users in args.users:
                r = load(app.url, users, args.questions)
                print(f"| {users} | {r['requests']} | {len(r['errors'])} | {r['first_p50']:.3f} | "
                      f"{r['first_p95']:.3f} | {r['p50']:.3f} | {r['p95']:.3f} | {r['requests'] / r['wall']:.1f} |",
                      flush=True)
                for error in r["errors"][:3]:
                    print(f"  error: {error}")
        finally:
            app.stop()
        print("\nFull answer = the streamed answer complete (streaming adds ~30 ms per 3 words on purpose).")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
