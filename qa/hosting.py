"""The life of a server process (the Gradio app, `qa serve`): settings, the model, the index opened (or
built, with progress) before serving, a clean stop on Ctrl-C or SIGTERM, and the process's temporary folder.
Every failure ends in one line on stderr that says what to do, and an exit status."""
from __future__ import annotations

import logging
import signal
import sys
import time
from typing import Callable

from qa.batching import BatchedQueries
from qa.config import Settings
from qa.embedding import Embedder
from qa.errors import QAError
from qa.index import BuildProgress
from qa.pipeline import Pipeline
from qa.tempspace import TempSpace

Serve = Callable[[Pipeline, TempSpace], int]  # serves until stopped; returns the exit status


def notify(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def console_progress(label: str):
    """A build progress callback that prints a line now and then: documents, passages/s, time left."""
    state = {"last": 0.0}

    def report(progress: BuildProgress) -> None:
        now = time.monotonic()
        if progress.documents_done >= progress.documents_total or now - state["last"] > 2:
            state["last"] = now
            print(f"{label}: {progress.describe()}", file=sys.stderr, flush=True)

    return report


def run(name: str, load: Callable[[], Settings], serve: Serve) -> int:
    """Load the settings and the model, open the index, then ``serve``. ``name`` starts every message."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        settings = load()
        embedder = BatchedQueries(Embedder(settings, notify=notify))  # load the model now, not on the first question
    except QAError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{name}: stopped before serving.", file=sys.stderr)
        return 0
    pipeline = Pipeline(settings, notify=notify, embedder=embedder)

    def stop(signum, frame):
        """SIGTERM or Ctrl-C: a running build stops at its next batch and rolls its upload back; the server
        closes (its loop, or the start-up build, sees the KeyboardInterrupt)."""
        pipeline.cancel()
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    temp = TempSpace(settings.temp_dir)
    try:
        if not _open(name, pipeline):
            return 2
        return serve(pipeline, temp)
    except KeyboardInterrupt:
        print(f"{name}: stopped before serving; the previous index is still in place.", file=sys.stderr)
        return 0
    finally:
        if not pipeline.wait_idle(timeout=60):
            print(f"{name}: indexing did not stop within a minute; exiting anyway.", file=sys.stderr)
        temp.remove()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _open(name: str, pipeline: Pipeline) -> bool:
    """Open (or build) the index and say what it holds; False (after saying why) when it cannot be opened."""
    try:
        started = time.perf_counter()
        stats = pipeline.open(progress=console_progress("Embedding"))
    except QAError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return False
    index = pipeline.index
    print(f"{'Built' if stats else 'Loaded'} the index: {len(index.documents)} documents, {len(index)} passages "
          f"({time.perf_counter() - started:.1f}s).", file=sys.stderr, flush=True)
    return True


def cannot_serve(name: str, settings: Settings, exc: OSError) -> int:
    print(f"{name}: cannot serve on {settings.host}:{settings.port} ({exc}). Set QA_PORT to a free port.",
          file=sys.stderr)
    return 2
