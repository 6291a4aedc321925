"""Shared fixtures: the real bundled model (the e5 rebuild) and the seed index, each built once per session.

Every fixture writes into pytest's temporary folders: nothing touches the project's ``index/``,
``uploads/`` or ``eval/feedback.jsonl``. The model comes from the real cache (``QA_MODEL_CACHE_DIR``
or ``~/.cache/qa-models``); the first run on a machine builds it there (~20 s), later runs reuse it.

- ``settings``: seed documents, temporary index/upload/feedback paths, the real model cache.
- ``embedder``: the one loaded ``Embedder`` of the session.
- ``make_pipeline(settings, notify=None, embedder=None)``: a ``Pipeline`` that shares that embedder
  (loading the model again costs seconds per pipeline). Use it with your own temporary settings for tests that
  change documents, uploads or the index.
- ``seed_pipeline``: the seed index, built once. Read-only: do not upload to it or rebuild it.
- ``own_seed_pipeline``: a copy of the seed index with its own uploads and feedback file, for tests that change them.
- ``counting``: wraps an embedder to count the texts it embeds (to prove incremental builds).
- ``write_docs(folder, {name: text})``: write a small documents folder.
- ``qa_command`` / ``qa_env(settings)``: run the real ``qa`` console script in a subprocess.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from qa.config import Settings
from qa.embedding import Embedder
from qa.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def real_model_cache() -> Path:
    env = os.environ.get("QA_MODEL_CACHE_DIR")
    return Path(env).expanduser() if env else Settings().model_cache_dir


# A small corpus of three municipal pages, for index and store tests.
MUNICIPAL_DOCS = {
    "afval.txt": "Afval scheiden\n\nVanaf maart haalt de gemeente het plasticafval elke twee weken op. "
                 "Groente- en fruitafval gaat in de groene container.",
    "fiets.txt": "Fietsbrug in Utrecht\n\nDe gemeente Utrecht bouwt een nieuwe fietsbrug over het Merwedekanaal. "
                 "De brug is in 2026 klaar.",
    "paspoort.md": "# Paspoort aanvragen\n\nEen paspoort vraagt u aan bij de gemeente waar u woont. "
                   "Neem een goedgekeurde pasfoto mee.",
}


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    base = tmp_path_factory.mktemp("qa-session")
    return Settings(docs_dir=SEEDS, index_dir=base / "index", upload_dir=base / "uploads",
                    feedback_file=base / "feedback.jsonl", model_cache_dir=real_model_cache())


@pytest.fixture(scope="session")
def embedder(settings) -> Embedder:
    return Embedder(settings)


@pytest.fixture(scope="session")
def make_pipeline(embedder):
    """``make_pipeline(settings, notify=None, embedder=None)``: a Pipeline sharing the session's loaded model
    (or the given embedder, e.g. a counting wrapper)."""
    shared = embedder

    def make(settings: Settings, notify=None, embedder: Embedder | None = None) -> Pipeline:
        return Pipeline(settings, notify=notify, embedder=shared if embedder is None else embedder)

    return make


@pytest.fixture(scope="session")
def seed_pipeline(settings, make_pipeline) -> Pipeline:
    pipeline = make_pipeline(settings)
    pipeline.open()
    return pipeline


@pytest.fixture
def own_seed_pipeline(seed_pipeline, make_pipeline, tmp_path) -> Pipeline:
    """An opened pipeline on a copy of the seed index with its own uploads and feedback file: free to change."""
    shutil.copytree(seed_pipeline.settings.index_dir, tmp_path / "index")
    settings = seed_pipeline.settings.replace(index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads",
                                              feedback_file=tmp_path / "feedback.jsonl")
    pipeline = make_pipeline(settings)
    pipeline.open()
    return pipeline


class CountingEmbedder:
    """Delegates to a real embedder and records every passage text it is asked to embed."""

    def __init__(self, inner: Embedder):
        self.inner = inner
        self.texts: list[str] = []
        self.calls = 0

    def embed_passages(self, texts, progress=None) -> np.ndarray:
        self.calls += 1
        self.texts.extend(texts)
        return self.inner.embed_passages(texts, progress=progress)

    def __getattr__(self, name):  # dimension, name, embed_queries, model ...
        return getattr(self.inner, name)


@pytest.fixture
def counting(embedder):
    """``counting()`` -> a fresh CountingEmbedder around the session embedder."""
    return lambda: CountingEmbedder(embedder)


@pytest.fixture(scope="session")
def write_docs():
    """``write_docs(folder, {name: text})`` writes UTF-8 files (a changed text overwrites) and returns the folder."""
    def write(folder: Path, files: dict[str, str]) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture(scope="session")
def qa_command() -> list[str]:
    """The installed ``qa`` console script of this interpreter's environment (``python -m qa.cli`` if absent)."""
    script = Path(sys.executable).parent / "qa"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "qa.cli"]


@pytest.fixture(scope="session")
def qa_env():
    """Environment for a ``qa`` subprocess: the test's settings, none of the developer's own QA_* variables."""
    def make(settings: Settings, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
        env.update(QA_INDEX_DIR=str(settings.index_dir), QA_UPLOAD_DIR=str(settings.upload_dir),
                   QA_FEEDBACK_FILE=str(settings.feedback_file), QA_MODEL_CACHE_DIR=str(settings.model_cache_dir),
                   HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
        env.update(extra)
        return env

    return make


# --- the real app as a subprocess (API and browser tests) --------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_group(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a process started in its own group: SIGTERM, then SIGKILL if it does not end in ``timeout`` s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_serving(process: subprocess.Popen, url: str, log_path: Path, seconds: float, name: str) -> None:
    """Return once ``url`` answers 200; fail with the log's tail if ``process`` exits first or ``seconds`` pass
    (then the process is stopped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    stop_group(process)
    pytest.fail(f"{name} did not start in {seconds:g} s:\n{log_path.read_text(errors='replace')[-3000:]}")


@dataclass
class AppProcess:
    process: subprocess.Popen
    url: str
    settings: Settings
    base: Path
    log_path: Path

    def stop(self) -> None:
        stop_group(self.process)


def start_app(base: Path, seed_settings: Settings, qa_env) -> AppProcess:
    """Start `python app.py` with its own folders under ``base`` and the built seed index copied in
    (nothing to embed at start-up); wait until it serves."""
    index_dir = base / "index"
    if Path(seed_settings.index_dir).is_dir():
        shutil.copytree(seed_settings.index_dir, index_dir)
    settings = Settings(docs_dir=seed_settings.docs_dir, index_dir=index_dir, upload_dir=base / "uploads",
                        feedback_file=base / "feedback.jsonl", model_cache_dir=seed_settings.model_cache_dir)
    port = free_port()
    env = qa_env(settings, QA_PORT=str(port), QA_HOST="127.0.0.1", QA_TEMP_DIR=str(base / "tmp"),
                 GRADIO_ANALYTICS_ENABLED="False")
    log_path = base / "app.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    app = AppProcess(process, f"http://127.0.0.1:{port}", settings, base, log_path)
    # a first run on a fresh machine also rebuilds the model
    wait_until_serving(process, app.url + "/config", log_path, 600, "app.py")
    return app
