"""The ``milvus`` store: chunk vectors in a Milvus collection, through ``pymilvus``.

``milvus_uri`` is a local ``.db`` file (milvus-lite inside this process, for one process) or a server address,
``http://host:19530`` (a Milvus standalone or cluster, or ``python -m milvus_lite server``), which any number of
processes share. One row per chunk: a key made of the document's content hash and the chunk id, the document id
and hash, and the vector. Saving an index removes the rows of documents that changed or went and adds the rows
the collection lacks (``upsert``, so two replicas adding the same document agree), so an update touches only the
changed documents. Each process maps the keys it gets back to the rows of its own index; rows of documents it
does not know (yet) are skipped. The collection name ends in a digest of the model and chunking settings, so
vectors of different models never meet.
"""
from __future__ import annotations

import hashlib
import logging
import re
import threading
from pathlib import Path

import numpy as np

from qa.config import MILVUS_SERVER_SCHEMES, Settings
from qa.data import Chunk
from qa.errors import QAError
from qa.stores import Corpus, StoreKind, StoreUnavailable

BATCH = 1000  # rows per insert, delete or lookup call
INDEX = {"index_type": "AUTOINDEX", "metric_type": "IP"}

_clients: dict[tuple[str, str], object] = {}  # one connection per server and credentials, shared by the indexes
_clients_lock = threading.Lock()


def uri_of(settings: Settings) -> str:
    return settings.milvus_uri or str((Path(settings.index_dir) / "milvus.db").resolve())


def collection_base(settings: Settings) -> str:
    """``milvus_collection``, else qa_ and the documents folder's name (letters, digits and _ only)."""
    if settings.milvus_collection:
        return settings.milvus_collection
    return "qa_" + re.sub(r"[^A-Za-z0-9]+", "_", Path(settings.docs_dir).resolve().name).strip("_")[:60]


def chunk_key(doc_hash: str, chunk: Chunk) -> str:
    return hashlib.sha1(f"{doc_hash}\x00{chunk.id}".encode("utf-8", "surrogatepass")).hexdigest()


def _space(corpus: Corpus) -> str:
    return hashlib.sha1(corpus.space.encode()).hexdigest()[:10]


def _unavailable(uri: str, exc: Exception) -> StoreUnavailable:
    message = getattr(exc, "message", None) or str(exc)
    if uri.startswith(MILVUS_SERVER_SCHEMES):
        hint = (f"Start the Milvus server at {uri} (or `python -m milvus_lite server --data-dir DIR --port PORT`) "
                "or set milvus_uri (QA_MILVUS_URI) to where it runs")
    else:
        hint = ("A .db file serves one process at a time: stop the other process that has it open, or share the "
                "store through a Milvus server (milvus_uri = http://host:port)")
    return StoreUnavailable(f"Milvus at {uri} cannot be used ({message[:300]}). {hint}.")


def connect(settings: Settings, uri: str):
    """The shared client for ``uri``; raises StoreUnavailable with what to do when it cannot connect."""
    from pymilvus import MilvusClient  # here: importing pymilvus costs a second, and only this store needs it

    key = (uri, settings.milvus_token)
    with _clients_lock:
        if key not in _clients:
            if not uri.startswith(MILVUS_SERVER_SCHEMES):
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
            # pymilvus logs every failed call with its traceback; ours says what to do instead
            logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
            quiet = logging.getLogger("milvus_lite")  # it logs a traceback for a .db another process holds
            level, quiet.level = quiet.level, logging.CRITICAL
            try:
                _clients[key] = MilvusClient(uri, token=settings.milvus_token, timeout=settings.milvus_timeout_s)
            except Exception as exc:
                raise _unavailable(uri, exc) from None
            finally:
                quiet.setLevel(level)
        return _clients[key]


class MilvusStore:
    """The rows of one index in a (shared) collection; changes wait in ``pending`` until ``save``."""

    def __init__(self, client, uri: str, collection: str, corpus: Corpus, timeout: float, pending: bool = False):
        self.client, self.uri, self.collection, self.timeout = client, uri, collection, timeout
        self.keys = [chunk_key(corpus.hashes[c.doc_id], c) for c in corpus.chunks]
        self.row_of = {key: row for row, key in enumerate(self.keys)}
        self.pending = corpus if pending else None

    def _call(self, method: str, **arguments):
        try:
            return getattr(self.client, method)(collection_name=self.collection, timeout=self.timeout, **arguments)
        except Exception as exc:
            raise _unavailable(self.uri, exc) from None

    def search(self, vectors: np.ndarray, k: int) -> np.ndarray:
        found = self._call("search", data=np.asarray(vectors, dtype=np.float32).tolist(), limit=k,
                           anns_field="vector", search_params={"metric_type": "IP"}, output_fields=["id"])
        rows = np.full((len(vectors), k), -1, dtype=np.int64)
        for query, hits in enumerate(found):
            mine = [row for row in (self.row_of.get(hit["id"]) for hit in hits) if row is not None]
            rows[query, :len(mine)] = mine
        return rows

    def count(self) -> int:
        return int(self._call("query", filter="", output_fields=["count(*)"])[0]["count(*)"])

    def save(self, folder: Path) -> None:
        """Bring the collection up to this index: drop rows of documents that changed or went, add missing rows."""
        if self.pending is None:
            return
        corpus, self.pending = self.pending, None
        self._ensure(corpus.vectors.shape[1])
        wanted, changed = set(self.keys), False
        check = range(len(self.keys))
        if corpus.previous is not None:
            before = corpus.previous
            gone = [key for key in (chunk_key(before.hashes[c.doc_id], c) for c in before.chunks) if key not in wanted]
            for begin in range(0, len(gone), BATCH):
                self._call("delete", ids=gone[begin:begin + BATCH])
            changed = bool(gone)
            kept = {doc_id for doc_id, digest in corpus.hashes.items() if before.hashes.get(doc_id) == digest}
            check = [row for row, chunk in enumerate(corpus.chunks) if chunk.doc_id not in kept]
        for begin in range(0, len(check), BATCH):
            rows = list(check[begin:begin + BATCH])
            held = {hit["id"] for hit in self._call("get", ids=[self.keys[r] for r in rows], output_fields=["id"])}
            missing = [r for r in rows if self.keys[r] not in held]
            if missing:
                vectors = np.asarray(corpus.vectors[missing], dtype=np.float32).tolist()
                self._call("upsert", data=[
                    {"id": self.keys[r], "doc_id": corpus.chunks[r].doc_id,
                     "doc_hash": corpus.hashes[corpus.chunks[r].doc_id], "vector": vector}
                    for r, vector in zip(missing, vectors)])
                changed = True
        if changed:  # sealed and indexed: searching rows just written is ~5x slower until then
            self._call("flush")

    def _ensure(self, dimension: int) -> None:
        """The collection, created if missing, loaded (a collection Milvus has released cannot be used). Replicas
        starting together may both find it missing: the one whose creation fails uses the other's."""
        try:
            if not self.client.has_collection(self.collection, timeout=self.timeout):
                try:
                    self._create(dimension)
                except Exception:
                    if not self.client.has_collection(self.collection, timeout=self.timeout):
                        raise
            self.client.load_collection(self.collection, timeout=self.timeout)
        except Exception as exc:
            raise _unavailable(self.uri, exc) from None

    def _create(self, dimension: int) -> None:
        from pymilvus import DataType

        schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=40)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=65535)
        schema.add_field("doc_hash", DataType.VARCHAR, max_length=128)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
        self.client.create_collection(self.collection, schema=schema, consistency_level="Strong",
                                      timeout=self.timeout)
        index = self.client.prepare_index_params()
        index.add_index(field_name="vector", **INDEX)
        # not waited for: the wait asks milvus-lite for a call it lacks (it logs a traceback); loading does
        self.client.create_index(self.collection, index, sync=False, timeout=self.timeout)


def _describe(size: int, settings: Settings) -> dict:
    return {"uri": uri_of(settings), "collection": collection_base(settings), **INDEX}


def _build(corpus: Corpus, description: dict, settings: Settings) -> MilvusStore:
    uri = uri_of(settings)
    return MilvusStore(connect(settings, uri), uri, f"{description['collection']}_{_space(corpus)}", corpus,
                       settings.milvus_timeout_s, pending=True)


def _load(folder: Path, manifest: dict, corpus: Corpus, settings: Settings | None) -> MilvusStore:
    description = manifest["dense_index"]
    uri = uri_of(settings) if settings else description["uri"]
    settings = settings or Settings(milvus_uri=uri)
    client = connect(settings, uri)
    collection = f"{description['collection']}_{_space(corpus)}"
    try:
        present = client.has_collection(collection, timeout=settings.milvus_timeout_s)
        if present:  # a collection is searchable once loaded (after a restart of milvus-lite it is not)
            client.load_collection(collection, timeout=settings.milvus_timeout_s)
    except Exception as exc:
        raise _unavailable(uri, exc) from None
    if not present:
        raise QAError(f"Milvus at {uri} has no collection {collection} (a new or emptied Milvus).")
    return MilvusStore(client, uri, collection, corpus, settings.milvus_timeout_s)


def _check(settings: Settings) -> None:
    connect(settings, uri_of(settings))


KIND = StoreKind(files=(), describe=_describe, build=_build, load=_load, check=_check)

