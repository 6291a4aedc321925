"""The stores behind the dense side: faiss (default) and milvus through milvus-lite (a local .db file), with the
real model. The same index on either store ranks the same; a Milvus collection follows updates by content hash
and deletes; switching stores re-embeds nothing; an unreachable Milvus or a bad URI gives a message, no traceback."""
from __future__ import annotations

import subprocess

import numpy as np
import pytest

from conftest import MUNICIPAL_DOCS as DOCS, free_port
from qa.documents import load_folder
from qa.index import build_index, corpus_key, save_index
from qa.retrieval import Retriever
from qa.stores import StoreUnavailable
from qa.stores.milvus import MilvusStore, chunk_key

QUESTIONS = ["Wanneer wordt het plasticafval opgehaald?", "Waar vraag ik een paspoort aan?",
             "Wanneer is de fietsbrug klaar?", "groene container"]


def held_keys(store: MilvusStore) -> set[str]:
    """The keys of every row in the store's collection."""
    rows = store.client.query(store.collection, filter='id != ""', output_fields=["id"])
    return {row["id"] for row in rows}


@pytest.fixture
def corpus(tmp_path, settings, write_docs):
    docs = write_docs(tmp_path / "docs", DOCS)
    return settings.replace(docs_dir=docs, index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads",
                            store="milvus", milvus_uri=str(tmp_path / "milvus" / "store.db"))


def test_the_same_index_ranks_the_same_on_faiss_and_milvus(corpus, embedder):
    documents = load_folder(corpus.docs_dir).documents
    on_faiss, _ = build_index(documents, corpus.replace(store="faiss"), embedder)
    on_milvus, _ = build_index(documents, corpus, embedder, previous=on_faiss)
    save_index(on_milvus, corpus.index_dir / corpus_key(corpus.docs_dir))
    assert np.array_equal(on_milvus.vectors, on_faiss.vectors)  # switching stores embedded nothing again
    assert on_milvus.dense.count() == len(on_milvus) == on_faiss.dense.count()
    queries = embedder.embed_queries(QUESTIONS)
    assert np.array_equal(on_milvus.dense.search(queries, 5), on_faiss.dense.search(queries, 5))
    for question in QUESTIONS:
        for mode in ("dense", "hybrid"):
            faiss_hits = Retriever(on_faiss, embedder).search(question, 5, mode)
            milvus_hits = Retriever(on_milvus, embedder).search(question, 5, mode)
            assert [h.chunk.id for h in milvus_hits] == [h.chunk.id for h in faiss_hits]


def test_milvus_follows_changes_by_content_hash_and_the_manifest_records_it(corpus, make_pipeline, counting,
                                                                           write_docs):
    embedder = counting()
    pipeline = make_pipeline(corpus, embedder=embedder)
    pipeline.open()
    index = pipeline.index
    assert index.manifest["store"] == "milvus" and index.manifest["dense_index"]["uri"] == corpus.milvus_uri
    assert held_keys(index.dense) == set(index.dense.keys) and len(index.dense.keys) == len(index)

    written = []
    upsert = index.dense.client.upsert
    index.dense.client.upsert = lambda **call: written.extend(row["doc_id"] for row in call["data"]) or upsert(**call)
    write_docs(corpus.docs_dir, {"fiets.txt": DOCS["fiets.txt"].replace("fietsbrug over", "fietstunnel onder"),
                                 "zwemmen.txt": "Zwembad\n\nHet zwembad aan de Kanaalweg is op zondag gesloten."})
    (corpus.docs_dir / "afval.txt").unlink()
    pipeline.update()
    index.dense.client.upsert = upsert
    updated = pipeline.index
    assert set(written) == {"fiets.txt", "zwemmen.txt"}  # the unchanged paspoort.md was not written again
    assert held_keys(updated.dense) == set(updated.dense.keys)  # the old fiets.txt and afval.txt rows are gone
    assert {c.doc_id for c in updated.chunks} == {"fiets.txt", "paspoort.md", "zwemmen.txt"}
    hits = Retriever(updated, embedder).search("plasticafval groene container", 5, "dense")
    assert hits and all(hit.chunk.doc_id != "afval.txt" for hit in hits)

    reopened = make_pipeline(corpus, embedder=embedder)
    before = len(embedder.texts)
    assert reopened.open() is None and len(embedder.texts) == before  # loaded: current, nothing embedded
    assert set(reopened.index.dense.keys) == held_keys(updated.dense)
    assert reopened.search("Wanneer gaat het zwembad dicht?", 1, "dense")[0].chunk.doc_id == "zwemmen.txt"


def test_rows_of_documents_this_index_does_not_know_are_skipped(corpus, make_pipeline, embedder):
    """Another replica's new document is in the shared collection before this process has taken it in."""
    pipeline = make_pipeline(corpus)
    pipeline.open()
    store = pipeline.index.dense
    stranger = pipeline.index.vectors[0]
    store.client.upsert(collection_name=store.collection, data=[
        {"id": "f" * 40, "doc_id": "uploads/elders.txt", "doc_hash": "x", "vector": stranger.tolist()}])
    rows = store.search(stranger[None, :], 3)[0]
    assert rows[0] == 0 and all(row < len(pipeline.index) for row in rows)
    assert chunk_key(pipeline.index.manifest["documents"][pipeline.index.chunks[0].doc_id],
                     pipeline.index.chunks[0]) == store.keys[0]


def test_an_unreachable_milvus_says_what_to_do_before_any_embedding(corpus, make_pipeline, counting):
    embedder = counting()
    unreachable = corpus.replace(milvus_uri=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable, match="Start the Milvus server at http://127.0.0.1"):
        make_pipeline(unreachable, embedder=embedder).open()
    assert embedder.texts == []


def test_a_milvus_db_file_is_for_one_process_and_a_second_one_is_told_so(corpus, make_pipeline, qa_command, qa_env,
                                                                        tmp_path):
    make_pipeline(corpus).open()  # this process holds the .db file
    env = qa_env(corpus, QA_STORE="milvus", QA_MILVUS_URI=corpus.milvus_uri, QA_DOCS_DIR=str(corpus.docs_dir))
    result = subprocess.run([*qa_command, "search", "paspoort"], env=env, cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "one process at a time" in result.stderr and "http://host:port" in result.stderr


def test_cli_reports_an_unreachable_milvus_in_one_line(corpus, qa_command, qa_env, tmp_path):
    env = qa_env(corpus, QA_STORE="milvus", QA_MILVUS_URI=f"http://127.0.0.1:{free_port()}",
                 QA_DOCS_DIR=str(corpus.docs_dir))
    result = subprocess.run([*qa_command, "search", "paspoort"], env=env, cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "Start the Milvus server" in result.stderr and "milvus_uri" in result.stderr


def test_the_api_answers_503_with_what_to_do_when_milvus_fails(corpus, make_pipeline, tmp_path):
    from fastapi.testclient import TestClient

    from qa.api import create_app
    from qa.service import Service

    pipeline = make_pipeline(corpus.replace(refresh_s=0))
    pipeline.open()
    store = pipeline.index.dense
    store.client.drop_collection(store.collection)  # the Milvus lost the collection under the running server
    http = TestClient(create_app(Service(pipeline), staging_dir=tmp_path))
    for path, body in (("/v1/search", {"query": "paspoort"}),
                       ("/v1/chat/completions", {"model": "qa", "messages": [{"role": "user", "content": "paspoort?"}]})):
        reply = http.post(path, json=body)
        assert reply.status_code == 503 and reply.json()["error"]["code"] == "store_unavailable"
        assert f"Milvus at {corpus.milvus_uri} cannot be used" in reply.json()["error"]["message"]


def test_a_collection_milvus_released_is_loaded_again(corpus, make_pipeline, embedder):
    """After a restart milvus-lite holds its collections released; loading or moving an index must load them."""
    pipeline = make_pipeline(corpus)
    pipeline.open()
    store = pipeline.index.dense
    store.client.release_collection(store.collection)
    documents = load_folder(corpus.docs_dir).documents
    on_faiss, _ = build_index(documents, corpus.replace(store="faiss"), embedder, previous=pipeline.index)
    moved, _ = build_index(documents, corpus, embedder, previous=on_faiss)  # back to milvus: all rows checked
    save_index(moved, pipeline.index_folder)
    assert moved.dense.count() == len(moved)
    store.client.release_collection(store.collection)
    reopened = make_pipeline(corpus)
    reopened.open()
    assert reopened.search("Waar vraag ik een paspoort aan?", 1, "dense")[0].chunk.doc_id == "paspoort.md"


def test_a_replica_that_finds_the_collection_created_meanwhile_uses_it(corpus, make_pipeline):
    """Two replicas starting together may both see no collection; the one whose creation then fails (Milvus says
    it exists) must use the other's instead of giving up."""
    pipeline = make_pipeline(corpus)
    pipeline.open()
    store = pipeline.index.dense

    class SawItMissing:  # the real client, but its first look predates the other replica's creation
        def __init__(self, client):
            self.client, self.looked = client, False

        def has_collection(self, *args, **kwargs):
            looked, self.looked = self.looked, True
            return looked and self.client.has_collection(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.client, name)

    store.client = SawItMissing(store.client)
    store._ensure(pipeline.index.vectors.shape[1])
    assert store.client.looked and store.count() == len(pipeline.index)
