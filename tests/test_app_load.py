"""The app's answers to load (see bench/load.py): concurrent query embeddings run as one batch, and an
answer streams in a fixed, small number of updates whatever its length."""
from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from qa.presentation import stream_steps


@pytest.fixture(scope="module")
def app_module():
    spec = importlib.util.spec_from_file_location("qa_app_load", Path(__file__).resolve().parent.parent / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


class SlowEmbedder:
    """Records every batch; the first call blocks until released, so the others queue up behind it."""

    dimension = 2

    def __init__(self):
        self.batches: list[list[str]] = []
        self.release = threading.Event()

    def embed_queries(self, texts):
        self.batches.append(list(texts))
        if len(self.batches) == 1:
            assert self.release.wait(10)
        if "fail" in texts:
            raise RuntimeError("model broke")
        return np.array([[len(text), i] for i, text in enumerate(texts)], dtype=np.float32)


def test_concurrent_queries_are_embedded_together_and_each_caller_gets_its_own_vector(app_module):
    inner = SlowEmbedder()
    batched = app_module.BatchedQueries(inner)
    results: dict[str, np.ndarray] = {}
    queries = ["a", "bb", "ccc", "dddd", "eeeee"]
    threads = [threading.Thread(target=lambda q=q: results.__setitem__(q, batched.embed_queries([q])))
               for q in queries]
    threads[0].start()
    while not inner.batches:
        threading.Event().wait(0.01)
    for thread in threads[1:]:
        thread.start()
    threading.Event().wait(0.2)  # the others are waiting behind the first batch
    inner.release.set()
    for thread in threads:
        thread.join(10)
    assert inner.batches[0] == ["a"] and sorted(inner.batches[1]) == ["bb", "ccc", "dddd", "eeeee"]
    assert all(results[q][0][0] == len(q) for q in queries)  # every caller got the vector of its own query
    assert batched.dimension == 2  # the rest of the embedder is the wrapped one


def test_an_embedding_error_reaches_every_caller_of_its_batch_and_the_next_batch_still_runs(app_module):
    inner = SlowEmbedder()
    inner.release.set()
    batched = app_module.BatchedQueries(inner)
    with pytest.raises(RuntimeError, match="model broke"):
        batched.embed_queries(["fail"])
    assert batched.embed_queries(["ok"])[0][0] == 2


@pytest.mark.parametrize("words", [1, 2, 5, 40, 400])
def test_an_answer_streams_in_a_few_growing_updates_ending_with_the_whole(app_module, words):
    reply = " ".join(f"woord{n}" for n in range(words)) + ' [<a href="#source-1-1">1</a>]'
    updates = app_module._stream_updates(reply)
    assert updates[-1] == reply and len(updates) <= app_module.STREAM_UPDATES + 1
    assert all(later.startswith(earlier) and later != earlier for earlier, later in zip(updates, updates[1:]))
    assert set(updates) <= set(stream_steps(reply, 1))  # whole words, links never cut
