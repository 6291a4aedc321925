"""Replicas: two `qa serve` processes on one Milvus server (`python -m milvus_lite server`), each with its own index
folder, sharing the upload folder. A document added through one is found and answered by the other without a
restart; a removal through one reaches the other."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time

import httpx
import pytest

from conftest import free_port, stop_group, wait_until_serving

UPLOAD = "zwembad.txt"
TEXT = ("Zwembad De Vennen\n\nHet zwembad De Vennen in Zwolle gaat op 3 maart 2027 weer open na de verbouwing. "
        "Het nieuwe bad heeft een wedstrijdbad van vijftig meter.\n")
QUESTION = "Wanneer gaat zwembad De Vennen weer open?"


def wait_for_port(process: subprocess.Popen, port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    stop_group(process)
    pytest.fail(f"the Milvus server did not start in {seconds:g} s (exit code {process.returncode})")


@pytest.fixture(scope="module")
def milvus_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("milvus-server")
    port = free_port()
    with open(base / "milvus.log", "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(base / "data"),
                                    "--host", "127.0.0.1", "--port", str(port)], stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(process, port, 60)
    yield f"http://127.0.0.1:{port}"
    stop_group(process)


@pytest.fixture(scope="module")
def replicas(seed_pipeline, milvus_server, qa_command, qa_env, tmp_path_factory):
    """Two `qa serve` on the Milvus server: own index folders (copies of the seed index, so nothing is embedded at
    start-up), temp folders and feedback files; one shared upload folder. Yields their URLs."""
    base = tmp_path_factory.mktemp("replicas")
    started = []
    for name in ("a", "b"):
        own = base / name
        shutil.copytree(seed_pipeline.settings.index_dir, own / "index")
        settings = seed_pipeline.settings.replace(index_dir=own / "index", upload_dir=base / "uploads",
                                                  feedback_file=own / "feedback.jsonl")
        port = free_port()
        env = qa_env(settings, QA_PORT=str(port), QA_HOST="127.0.0.1", QA_TEMP_DIR=str(own / "tmp"),
                     QA_STORE="milvus", QA_MILVUS_URI=milvus_server, QA_MILVUS_COLLECTION="qa_replicas",
                     QA_REFRESH_S="0.5")
        with open(own / "serve.log", "wb") as log:
            process = subprocess.Popen([*qa_command, "serve"], cwd=own, env=env, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        started.append((process, f"http://127.0.0.1:{port}", own / "serve.log"))
    for process, url, log_path in started:
        wait_until_serving(process, url + "/health", log_path, 300, "qa serve (replica)")
    yield [url for _, url, _ in started]
    for process, _, log_path in started:
        stop_group(process)
        log = log_path.read_text(errors="replace")
        assert process.returncode == 0 and "Traceback" not in log, log[-3000:]


def until(condition, seconds: float = 90):
    """Poll ``condition`` until it returns something truthy (then return it); fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"not reached in {seconds:g} s")


def document_ids(url: str) -> list[str]:
    return [d["id"] for d in httpx.get(url + "/v1/documents", timeout=30).json()["documents"]]


def test_a_document_added_through_one_replica_is_answered_by_the_other(replicas):
    one, other = replicas
    added = httpx.post(one + "/v1/documents", files={"file": (UPLOAD, TEXT.encode(), "text/plain")}, timeout=300)
    assert added.status_code == 201, added.text
    doc_id = added.json()["documents"][0]["id"]

    def found_by_other():
        hits = httpx.post(other + "/v1/search", json={"query": QUESTION, "k": 3}, timeout=30).json()["hits"]
        return hits and hits[0]["doc_id"] == doc_id

    until(found_by_other)
    reply = httpx.post(other + "/v1/chat/completions", timeout=60,
                       json={"model": "qa", "messages": [{"role": "user", "content": QUESTION}]}).json()
    assert "3 maart 2027" in reply["choices"][0]["message"]["content"]
    assert {c["doc_id"] for c in reply["citations"]} == {doc_id}
    assert doc_id in document_ids(other)

    assert httpx.delete(f"{one}/v1/documents/{doc_id}", timeout=300).status_code == 200
    until(lambda: doc_id not in document_ids(other))
    hits = httpx.post(other + "/v1/search", json={"query": QUESTION, "k": 3}, timeout=30).json()["hits"]
    assert all(hit["doc_id"] != doc_id for hit in hits)
