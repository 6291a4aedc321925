"""Concurrent query embeddings of a server's requests run as one batch (see ``BatchedQueries``)."""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future

QUERY_BATCH_WINDOW = 0.01  # seconds the first query waits for others to embed with it


class BatchedQueries:
    """An embedder whose concurrent ``embed_queries`` calls (one per chat request) run as one batch. Embedding
    a query is about half of a request's CPU; one call with 16 short queries costs about five single calls,
    while 16 separate calls each pay the model's per-call overhead and fight for the cores.
    The first caller embeds what has queued up, batch after batch, until nothing waits; the others block."""

    def __init__(self, embedder):
        self.inner = embedder
        self._lock = threading.Lock()
        self._waiting: list[tuple[list[str], Future]] = []
        self._running = False

    def embed_queries(self, texts: list[str]):
        future: Future = Future()
        with self._lock:
            self._waiting.append((texts, future))
            lead, self._running = not self._running, True
        if lead:
            time.sleep(QUERY_BATCH_WINDOW)  # let the queries of requests arriving at the same time join
            self._embed_waiting()
        return future.result()

    def _embed_waiting(self) -> None:
        while True:
            with self._lock:
                batch, self._waiting = self._waiting, []
                if not batch:
                    self._running = False
                    return
            try:
                vectors = self.inner.embed_queries([text for texts, _ in batch for text in texts])
            except Exception as exc:  # every caller of the batch gets the error, as a lone call would
                for _, future in batch:
                    future.set_exception(exc)
                continue
            row = 0
            for texts, future in batch:
                future.set_result(vectors[row:row + len(texts)])
                row += len(texts)

    def __getattr__(self, name):  # embed_passages, dimension, name ...
        return getattr(self.inner, name)

