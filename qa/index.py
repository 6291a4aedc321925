"""The on-disk index: chunks, their vectors in FAISS, BM25 over the same chunks, and a manifest.

Layout of one index folder::

    <index_dir>/<corpus key>/CURRENT          name of the live version folder
    <index_dir>/<corpus key>/v-.../           manifest.json, documents.jsonl, chunks.jsonl, vectors.npy, store files
    <index_dir>/<corpus key>/.journal-.../    shard-*.npz: batches a build finished before it was stopped

A build writes a complete new version folder and then swaps ``CURRENT`` with one atomic
rename, so a crash mid-build leaves the previous version live. Unchanged documents keep
their chunks and vectors; only new or changed documents are chunked and embedded again, in batches that
are journaled as they finish, so a stopped build resumes with the documents it had not finished. The vector
files of the new version are written a document at a time from the journal and the previous version into the
staging folder, so a build holds no more vectors than one batch's, however large the corpus.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property, lru_cache
from functools import partial as partial_call
from pathlib import Path
from typing import Callable

import numpy as np

from qa.chunking import chunk_document
from qa.config import Settings
from qa.data import Chunk, Document
from qa.documents import content_hash
from qa.embedding import Embedder
from qa.errors import QAError
from qa.index_tables import TABLE_FILES, IndexTables
from qa.lexical import COGNATE_PREFIX, fold, split_verbs, stems
from qa.reading import Vocabulary
from qa.stores import STORES, Corpus, StoreUnavailable, VectorStore, space_of, store_kind
from qa.stores.faiss import DenseIndexType, FaissStore, _faiss_index
from qa.vector_files import RowFile, mapped, write_rows

# 3: the FAISS type by corpus size (dense_index), embedding backend, chunks with headings; 4: lexical tables saved
INDEX_FORMAT = 4
CURRENT = "CURRENT"
LOCK = ".build.lock"
STAGING = ".tmp-"
JOURNAL = ".journal-"  # finished batches of a build not yet saved (BuildJournal); survives a crash, unlike STAGING
# The files of every version besides manifest.json and its store's files, each with its checksum in the manifest.
INDEX_FILES = ("documents.jsonl", "chunks.jsonl", "sentences.jsonl", "vectors.npy", "sentence_vectors.npy",
               *TABLE_FILES)
_VERSION_NAME = re.compile(r"v-[A-Za-z0-9-]+")


class IndexMissing(QAError):
    """No index has been built for this corpus yet."""


class IndexCorrupt(QAError):
    """The index on disk is damaged or does not match the settings; it must be rebuilt."""


@dataclass
class BuildStats:
    documents: int = 0
    chunks: int = 0
    embedded_documents: list[str] = field(default_factory=list)  # ids that were (re-)embedded
    reused_documents: int = 0  # unchanged since the previous index
    resumed_documents: int = 0  # finished by an interrupted build of the same settings (its journal)
    removed_documents: list[str] = field(default_factory=list)
    seconds: float = 0.0


def corpus_key(docs_dir: Path) -> str:
    """A stable folder name for a documents folder, so every corpus has an index of its own."""
    resolved = str(Path(docs_dir).resolve())
    slug = re.sub(r"[^A-Za-z0-9]+", "-", Path(resolved).name).strip("-") or "docs"
    return f"{slug[:40]}-{hashlib.sha1(resolved.encode()).hexdigest()[:10]}"


def passage_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: the chunk after its context line, the document title and the headings
    above it ("Wet open overheid — Hoofdstuk 4 — Artikel 4.4"), so a passage deep in a long document still says
    which document and section it is in. Citations quote ``chunk.text`` alone."""
    context = " — ".join(part for part in (chunk.title, chunk.heading) if part)
    if context and not chunk.text.startswith(context):
        return f"{context}\n{chunk.text}"
    return chunk.text


class Index:
    """An immutable, loaded index. Updates build a new ``Index``; readers keep the one they hold."""

    def __init__(self, documents: dict[str, Document], chunks: list[Chunk], vectors: np.ndarray,
                 manifest: dict, dense: VectorStore | None = None, *,
                 sentences: list[tuple[str, int, int]], sentence_vectors: np.ndarray,
                 tables: IndexTables | None = None):
        self.documents = documents
        self.chunks = chunks
        self.vectors = vectors
        self.manifest = manifest
        self.sentences = sentences  # (doc id, start, end) of every sentence, embedded for answer extraction
        # [:, 0] the sentence alone, [:, 1] the sentence after its predecessor ("Het land heeft ..." needs
        # the sentence before it to say which land); both are used to pick the sentence that answers.
        self.sentence_vectors = sentence_vectors
        self.sentence_row = {span: row for row, span in enumerate(sentences)}
        self.dense = dense if dense is not None else FaissStore(_faiss_index(vectors, DenseIndexType(
            **manifest["dense_index"])))
        # Saved with the index (qa.index_tables): computed here only when building, or for other language data.
        self.tables = tables or IndexTables.compute(documents, [(c.doc_id, passage_text(c)) for c in chunks],
                                                    sentences)
        self.lexical = self.tables.lexical
        self.tables_recomputed = False  # set by load_index: saved tables were of other language data
        # Document level: the mean of a document's chunk vectors and BM25 over whole documents,
        # so a chunk of a document that matches as a whole ranks above a lone lucky chunk.
        self.doc_ids = list(documents)
        position = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}
        self.chunk_doc = np.array([position[c.doc_id] for c in chunks], dtype=np.int64)
        doc_vectors = np.zeros((len(self.doc_ids), vectors.shape[1]), dtype=np.float32)
        np.add.at(doc_vectors, self.chunk_doc, vectors)
        self.doc_vectors = doc_vectors / np.maximum(np.linalg.norm(doc_vectors, axis=1, keepdims=True), 1e-9)
        self.doc_lexical = self.tables.document_lexical
        self.staged: Path | None = None  # set by build_index: the staging folder its vector files are in

    def __len__(self) -> int:
        return len(self.chunks)

    @cached_property
    def doc_vector_moments(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean and second moment (mean outer product) of the document vectors, in float64: the mean and spread of
        all documents' cosines to a query follow from them (mean·q, qᵀ·second·q - (mean·q)²) without computing
        every cosine, which at a million chunks read 600 MB per query."""
        dimension = self.doc_vectors.shape[1]
        mean, second = np.zeros(dimension), np.zeros((dimension, dimension))
        for begin in range(0, len(self.doc_vectors), 65536):
            block = self.doc_vectors[begin:begin + 65536].astype(np.float64)
            mean += block.sum(axis=0)
            second += block.T @ block
        count = max(len(self.doc_vectors), 1)
        return mean / count, second / count

    @cached_property
    def _folded_text(self) -> tuple[str, set[str], set[str]]:
        words_ = set(self.tables.folded_words)
        return self.tables.folded_text, words_, {w[:COGNATE_PREFIX] for w in words_ if len(w) >= COGNATE_PREFIX}

    @cached_property
    def sentence_terms(self) -> tuple["SentenceTerms", dict[str, float]]:
        """Stems of every sentence and their inverse sentence frequency, for matching questions to sentences.
        A stem no sentence has gets ``idf.get(stem, unseen)``: the highest weight, it is the most specific."""
        return SentenceTerms(self), self.idf

    @cached_property
    def idf(self) -> dict[str, float]:
        """The inverse sentence frequency of every stem the sentences have."""
        return self.tables.idf()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The corpus words, to repair sloppy questions against (``qa.reading``)."""
        return Vocabulary.from_statistics(self.tables.words)

    def mentions(self, name: str) -> bool:
        """Do the documents contain this term? Case- and accent-insensitive; a compound ("minister-president")
        must occur whole; a long word matches on its first 5 letters ("Koreaanse" ~ "Korea")."""
        text, words_, prefixes = self._folded_text
        folded = fold(re.sub(r"[’']s$", "", name))
        if "-" in folded:
            return folded in text
        return all(p in words_ or (len(p) >= COGNATE_PREFIX and p[:COGNATE_PREFIX] in prefixes)
                   for p in re.findall(r"\w+", folded))

    def rows_by_document(self) -> dict[str, tuple[list[int], list[int]]]:
        """Rows of each document's chunks and sentences, to reuse them in an incremental build."""
        rows: dict[str, tuple[list[int], list[int]]] = {doc_id: ([], []) for doc_id in self.documents}
        for row, chunk in enumerate(self.chunks):
            rows[chunk.doc_id][0].append(row)
        for row, (doc_id, _, _) in enumerate(self.sentences):
            rows[doc_id][1].append(row)
        return rows

    def document_hashes(self) -> dict[str, str]:
        return self.manifest["documents"]

    def is_current(self, documents: list[Document], settings: Settings) -> bool:
        """True when the index holds exactly these documents, built with these settings."""
        return (_settings_signature(settings) == self.manifest["settings"]
                and self.manifest.get("store", "faiss") == settings.store
                and self.manifest["dense_index"] == store_kind(settings.store).describe(len(self), settings)
                and {d.id: content_hash(d) for d in documents} == self.document_hashes())


class SentenceTerms(Mapping):
    """The stems of each sentence of an index, computed when asked for and kept for the most recent ones:
    holding them for every sentence grows memory with the corpus (gigabytes at a million chunks)."""

    def __init__(self, index: Index):
        self.index = index
        self._cached = lru_cache(maxsize=1 << 16)(self.compute)

    def compute(self, span: tuple[str, int, int]) -> frozenset[str]:
        """Its stems, and those of the verbs it splits from their particles ("Onze Minister stelt een commissie
        in.": "instel", which a question asking who "instelt" shares; ``split_verbs``)."""
        doc_id, start, end = span
        text, langs, known = self.index.documents[doc_id].text[start:end], self.index.lexical.langs, self.index.idf
        return frozenset((*stems(text, langs),
                          *(stem for lang in langs for verb in split_verbs(text, lang, langs, known).values()
                            for stem in verb)))

    def __getitem__(self, span: tuple[str, int, int]) -> frozenset[str]:
        if span not in self.index.sentence_row:
            raise KeyError(span)
        return self._cached(span)

    def __iter__(self):
        return iter(self.index.sentence_row)

    def __len__(self) -> int:
        return len(self.index.sentence_row)


def _settings_signature(settings: Settings) -> dict:
    """The settings that change chunks or vectors; any difference forces re-embedding."""
    return {"model": settings.model, "embed_backend": settings.embed_backend, "chunk_chars": settings.chunk_chars,
            "chunk_overlap": settings.chunk_overlap, "section_chunk_chars": settings.section_chunk_chars,
            "sentence_context": settings.sentence_context,
            "passage_format": "title+headings+chunk;sentence;previous+sentence"}


def _sentence_spans(chunks: list[Chunk]) -> list[tuple[str, int, int]]:
    """The distinct sentences of a document's chunks, in reading order."""
    return sorted({(c.doc_id, s, e) for c in chunks for s, e in c.sentences}, key=lambda t: t[1])


def build_texts(document: Document, chunks: list[Chunk], sentence_context: str) -> list[str]:
    """What one document embeds: its chunks, its sentences and, with ``sentence_context = "embed"``, each
    sentence after its predecessor (a document's first sentence is the same text, so it costs nothing)."""
    spans = _sentence_spans(chunks)
    sentences = [document.text[s:e] for _, s, e in spans]
    texts = [passage_text(c) for c in chunks] + sentences
    if sentence_context == "embed":
        texts += [f"{before} {sentence}" for before, sentence in zip(sentences, sentences[1:])]
    return texts


def _in_context(own: np.ndarray, after_predecessor: np.ndarray | None) -> np.ndarray:
    """The second sentence vector: embedded after the predecessor, or (``sentence_context = "off"``) the
    sentence's own vector, so the answerer's in-context cosine is its own cosine."""
    if after_predecessor is None:
        return own
    return np.concatenate([own[:1], after_predecessor]) if len(own) else own


@dataclass
class BuildProgress:
    """One report of a running build, for progress bars: documents and passages done, speed and time left."""

    documents_done: int
    documents_total: int
    passages_done: int
    seconds: float  # since embedding started
    fraction: float  # of the text to embed (by characters), 0..1

    @property
    def passages_per_s(self) -> float:
        return self.passages_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left, from the time per character so far; None until there is a first measurement."""
        if self.fraction <= 0 or self.seconds <= 0:
            return None
        return self.seconds * (1 - self.fraction) / self.fraction

    def describe(self) -> str:
        eta = self.eta_s
        left = "" if eta is None else f", {int(eta) // 60}:{int(eta) % 60:02d} left"
        return (f"{self.documents_done}/{self.documents_total} documents, "
                f"{self.passages_per_s:.1f} passages/s{left}")


BuildProgressFn = Callable[[BuildProgress], None]


VectorsFn = Callable[[], tuple[np.ndarray, np.ndarray]]


@dataclass
class _DocumentVectors:
    """One document's chunks and sentences and where their vectors are: the unit a build embeds, journals and
    reuses. ``vectors()`` gives (chunk vectors, sentence vectors of shape (sentences, 2, dimension)), read from
    a journal shard or the previous index when the new version's files are written, so a build never holds the
    vectors of more than one batch."""

    doc_id: str
    hash: str
    chunks: list[Chunk]
    sentences: list[tuple[str, int, int]]
    vectors: VectorsFn


class BuildJournal:
    """Finished documents of a build that has not been saved yet, as append-only shard files, so a build that
    is killed or cancelled resumes where it stopped. One journal per settings signature; a shard is written to
    a temporary name and renamed, so a shard on disk is always whole. Documents read from the journal or
    appended to it keep their vectors in the shard until they are asked for."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._count = 0
        # the shard last read: a build reads its documents in the order they were journaled
        self._shard = lru_cache(maxsize=1)(self._read_shard)

    @staticmethod
    def for_index(index_folder: Path, settings: Settings, dimension: int) -> "BuildJournal":
        signature = json.dumps([_settings_signature(settings), dimension], sort_keys=True)
        folder = index_folder / f"{JOURNAL}{hashlib.sha1(signature.encode()).hexdigest()[:12]}"
        for stale in index_folder.glob(JOURNAL + "*"):  # journals of other settings can never be resumed
            if stale != folder:
                shutil.rmtree(stale, ignore_errors=True)
        return BuildJournal(folder)

    def read(self) -> dict[tuple[str, str], _DocumentVectors]:
        """Documents finished by earlier attempts, by (id, content hash); unreadable shards are skipped."""
        found = {}
        for shard in sorted(self.folder.glob("shard-*.npz")) if self.folder.is_dir() else []:
            try:
                with np.load(shard, allow_pickle=False) as data:
                    if data.zip.testzip() is not None:  # checks every member now: its vectors are read later
                        raise ValueError(f"{shard.name} is damaged")
                    rows = json.loads(str(data["documents"]))
                documents = [self._document(shard, row) for row in rows]
            except Exception:  # a damaged shard only costs its documents being embedded again
                continue
            found.update(((d.doc_id, d.hash), d) for d in documents)
        return found

    def _new_shard(self) -> Path:
        """A shard name no file has yet: its documents are read from it later, so none may be overwritten (by a
        build that resumes in a process of the same id, say)."""
        while True:
            self._count += 1
            target = self.folder / f"shard-{os.getpid()}-{self._count:06d}.npz"
            if not target.exists():
                return target

    def append(self, documents: list[_DocumentVectors]) -> list[_DocumentVectors]:
        """Write the documents (with their vectors) as one shard; the same documents, reading it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        rows, vectors, chunk_cursor, sentence_cursor = [], [], 0, 0
        for doc in documents:
            vectors.append(doc.vectors())
            rows.append({"id": doc.doc_id, "hash": doc.hash, "chunks": [asdict(c) for c in doc.chunks],
                         "sentences": doc.sentences,
                         "chunk_rows": [chunk_cursor, chunk_cursor + len(doc.chunks)],
                         "sentence_rows": [sentence_cursor, sentence_cursor + len(doc.sentences)]})
            chunk_cursor += len(doc.chunks)
            sentence_cursor += len(doc.sentences)
        target = self._new_shard()
        partial = target.with_suffix(".partial")
        with open(partial, "wb") as handle:
            np.savez(handle, documents=np.array(json.dumps(rows, ensure_ascii=False)),
                     chunk_vectors=np.concatenate([chunk for chunk, _ in vectors]),
                     sentence_vectors=np.concatenate([sentence for _, sentence in vectors]))
        os.replace(partial, target)
        return [replace(doc, vectors=partial_call(self._rows, target, row["chunk_rows"], row["sentence_rows"]))
                for doc, row in zip(documents, rows)]

    def _document(self, shard: Path, row: dict) -> _DocumentVectors:
        chunks = [Chunk(**dict(c, sentences=tuple(tuple(x) for x in c["sentences"]))) for c in row["chunks"]]
        return _DocumentVectors(row["id"], row["hash"], chunks, [tuple(s) for s in row["sentences"]],
                                partial_call(self._rows, shard, row["chunk_rows"], row["sentence_rows"]))

    def _rows(self, shard: Path, chunk_rows: list[int], sentence_rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        chunk_vectors, sentence_vectors = self._shard(shard)
        return chunk_vectors[slice(*chunk_rows)], sentence_vectors[slice(*sentence_rows)]

    @staticmethod
    def _read_shard(shard: Path) -> tuple[np.ndarray, np.ndarray]:
        with np.load(shard, allow_pickle=False) as data:
            return data["chunk_vectors"], data["sentence_vectors"]

    def release(self) -> None:
        """Drop the vectors of the shard read last."""
        self._shard.cache_clear()

    def remove(self) -> None:
        self.release()
        shutil.rmtree(self.folder, ignore_errors=True)


def _embed_documents(documents: list[Document], hashes: dict[str, str], settings: Settings,
                     embedder: Embedder, progress: Callable[[int, int], None] | None) -> list[_DocumentVectors]:
    """Chunk and embed a batch of documents in one pass over the model (identical texts embedded once)."""
    planned = []
    for doc in documents:
        chunks = chunk_document(doc, settings.chunk_chars, settings.chunk_overlap, settings.section_chunk_chars)
        planned.append((doc, chunks, _sentence_spans(chunks), build_texts(doc, chunks, settings.sentence_context)))
    unique = list(dict.fromkeys(text for *_, texts in planned for text in texts))
    row_of = {text: row for row, text in enumerate(unique)}
    vectors = embedder.embed_passages(unique, progress=progress)
    out = []
    for doc, chunks, spans, texts in planned:
        own_vectors = vectors[[row_of[t] for t in texts]]
        chunk_vectors = own_vectors[:len(chunks)]
        own = own_vectors[len(chunks):len(chunks) + len(spans)]
        after = own_vectors[len(chunks) + len(spans):] if settings.sentence_context == "embed" else None
        sentence_vectors = np.stack([own, _in_context(own, after)], axis=1) if len(spans) \
            else np.zeros((0, 2, embedder.dimension), np.float32)
        out.append(_DocumentVectors(doc.id, hashes[doc.id], chunks, spans,
                                    partial_call(tuple, (chunk_vectors, sentence_vectors))))
    return out


def _batches(documents: list[Document], budget: int):
    """Runs of documents of about ``budget`` characters (a long document is a batch of its own)."""
    batch, size = [], 0
    for doc in documents:
        if batch and size + len(doc.text) > budget:
            yield batch
            batch, size = [], 0
        batch.append(doc)
        size += len(doc.text)
    if batch:
        yield batch


def build_index(documents: list[Document], settings: Settings, embedder: Embedder,
                previous: Index | None = None, progress: BuildProgressFn | None = None,
                journal: BuildJournal | None = None, into: Path | None = None) -> tuple[Index, BuildStats]:
    """Chunk and embed what is new or changed, in batches; reuse chunks and vectors of the rest from
    ``previous``, and of documents an interrupted build already finished from ``journal``, which gets every
    batch as it is done (without one, a temporary journal does). The vector files of the new version are then
    written a document at a time, from the journal and ``previous``, into a staging folder of the index folder
    ``into``, which ``save_index(index, into)`` completes and publishes (without ``into``: into a temporary
    folder, and ``save_index`` writes them again). The index holds them memory-mapped, as ``load_index`` does."""
    started = time.perf_counter()
    signature = _settings_signature(settings)
    reusable = previous is not None and previous.manifest["settings"] == signature \
        and previous.manifest["dimension"] == embedder.dimension
    old_hashes = previous.document_hashes() if reusable else {}
    hashes = {doc.id: content_hash(doc) for doc in documents}
    fresh = [doc for doc in documents if old_hashes.get(doc.id) != hashes[doc.id]]
    with tempfile.TemporaryDirectory(prefix="qa-build-") as scratch:
        journal = journal or BuildJournal(Path(scratch) / "journal")
        done, to_embed = _embed_fresh(fresh, hashes, settings, embedder, progress, journal)
        old = previous.rows_by_document() if reusable else {}
        parts = [done[doc.id] if doc.id in done else _DocumentVectors(
                 doc.id, hashes[doc.id], [previous.chunks[i] for i in old[doc.id][0]],
                 [previous.sentences[i] for i in old[doc.id][1]], partial_call(_previous_rows, previous, *old[doc.id]))
                 for doc in documents]
        del done, old
        staging = _new_staging(into) if into is not None else Path(scratch)
        try:
            index = _assemble(documents, parts, hashes, staging, settings, embedder.dimension,
                              previous if reusable else None)
        except BaseException:
            if into is not None:
                shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            journal.release()
    index.staged = staging if into is not None else None
    stats = BuildStats(documents=len(documents), chunks=len(index.chunks), embedded_documents=[d.id for d in to_embed],
                       reused_documents=len(documents) - len(fresh), resumed_documents=len(fresh) - len(to_embed),
                       removed_documents=sorted(set(previous.document_hashes()) - set(hashes)) if previous else [],
                       seconds=time.perf_counter() - started)
    return index, stats


def _assemble(documents: list[Document], parts: list[_DocumentVectors], hashes: dict[str, str], folder: Path,
              settings: Settings, dimension: int, previous: Index | None) -> Index:
    """The index of ``parts`` (one per document, in order): its vector files written into ``folder``, then its
    store (``previous``: the index whose chunks and vectors the build reused, if any)."""
    vectors, sentence_vectors = _write_vectors(parts, folder, dimension)
    chunks = [c for part in parts for c in part.chunks]
    sentences = [s for part in parts for s in part.sentences]
    signature = _settings_signature(settings)
    kind = store_kind(settings.store)
    manifest = {
        "format": INDEX_FORMAT,
        "settings": signature,
        "dimension": dimension,
        "store": settings.store,
        "dense_index": kind.describe(len(chunks), settings),
        "documents": hashes,
        "chunks": len(chunks),
        "sentences": len(sentences),
        "versions": _versions(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    same_store = previous is not None and (previous.manifest.get("store", "faiss"), previous.manifest["dense_index"]) \
        == (settings.store, manifest["dense_index"])
    space = space_of(signature, dimension)
    before = Corpus(previous.chunks, previous.vectors, previous.document_hashes(), space) if same_store else None
    dense = kind.build(Corpus(chunks, vectors, hashes, space, before), manifest["dense_index"], settings)
    return Index({doc.id: doc for doc in documents}, chunks, vectors, manifest, dense, sentences=sentences,
                 sentence_vectors=sentence_vectors)


def _embed_fresh(fresh: list[Document], hashes: dict[str, str], settings: Settings, embedder: Embedder,
                 progress: BuildProgressFn | None, journal: BuildJournal,
                 ) -> tuple[dict[str, _DocumentVectors], list[Document]]:
    """Embed the documents of ``fresh`` the journal does not have yet, in batches, each journaled when done.
    Returns every document of ``fresh`` (its vectors in the journal) and the ones that were embedded now."""
    journaled = journal.read()
    done: dict[str, _DocumentVectors] = {}
    for doc in fresh:
        if (doc.id, hashes[doc.id]) in journaled:
            done[doc.id] = journaled[(doc.id, hashes[doc.id])]
    to_embed = [doc for doc in fresh if doc.id not in done]

    total_chars = sum(len(doc.text) for doc in to_embed) or 1
    chars = passages = 0
    embedding_started = time.perf_counter()
    for batch in _batches(to_embed, settings.index_batch_chars):
        batch_chars, batch_texts = sum(len(doc.text) for doc in batch), [0]

        def report(embedded: int, total: int) -> None:  # every few passages, so a stop or cancel comes soon
            batch_texts[0] = total
            if progress:
                progress(BuildProgress(len(done), len(fresh), passages + embedded,
                                       time.perf_counter() - embedding_started,
                                       (chars + batch_chars * embedded / (total or 1)) / total_chars))

        embedded = journal.append(_embed_documents(batch, hashes, settings, embedder, report))
        done.update((d.doc_id, d) for d in embedded)
        chars, passages = chars + batch_chars, passages + batch_texts[0]
        report(0, 0)
    return done, to_embed


def _previous_rows(previous: Index, chunk_rows: list[int], sentence_rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return previous.vectors[chunk_rows], previous.sentence_vectors[sentence_rows]


def _write_vectors(parts: list[_DocumentVectors], folder: Path, dimension: int) -> tuple[np.ndarray, np.ndarray]:
    """vectors.npy and sentence_vectors.npy of ``parts`` in ``folder``, written a document at a time (only one
    document's vectors, or one journal shard's, are in memory at once); memory-mapped."""
    with RowFile(folder / "vectors.npy", sum(len(p.chunks) for p in parts), (dimension,)) as chunk_file, \
            RowFile(folder / "sentence_vectors.npy", sum(len(p.sentences) for p in parts), (2, dimension)) \
            as sentence_file:
        for part in parts:
            chunk_vectors, sentence_vectors = part.vectors()
            if (len(chunk_vectors), len(sentence_vectors)) != (len(part.chunks), len(part.sentences)):
                raise ValueError(f"{part.doc_id}: {len(chunk_vectors)} chunk and {len(sentence_vectors)} sentence "
                                 f"vectors for {len(part.chunks)} chunks and {len(part.sentences)} sentences")
            chunk_file.write(chunk_vectors)
            sentence_file.write(sentence_vectors)
        chunk_file.close()
        sentence_file.close()
    return mapped(folder / "vectors.npy"), mapped(folder / "sentence_vectors.npy")


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {}
    for package in ("faiss-cpu", "sentence-transformers", "transformers", "torch", "bm25s"):
        try:
            out[package] = md.version(package)
        except md.PackageNotFoundError:
            pass
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


@contextmanager
def build_lock(folder: Path, notify=lambda message: None):
    """Hold the index folder's build lock: a second build (another `qa index`, the app) waits for the first
    instead of doing the same work at the same time. The lock dies with its process, so a crash never leaves
    it held. Once it is held, staging folders left by killed builds are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            notify(f"Another build of this index is running (process {holder}); waiting for it to finish.")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        for leftover in folder.glob(STAGING + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in folder.glob(f".{CURRENT}.*"):
            leftover.unlink(missing_ok=True)
        yield


def _new_staging(folder: Path) -> Path:
    """An empty staging folder for a new version under ``folder`` (its name without the prefix names the version)."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f"{STAGING}v-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.perf_counter_ns() % 10**6}"
    staging.mkdir()
    return staging


def save_index(index: Index, folder: Path) -> Path:
    """Write ``index`` as a new version under ``folder`` and make it live atomically. A build for ``folder``
    has written the vector files into the staging folder already (``build_index(into=folder)``)."""
    staging = index.staged
    if staging is None or staging.parent != folder or not staging.is_dir():
        staging = _new_staging(folder)
        write_rows(staging / "vectors.npy", index.vectors)
        write_rows(staging / "sentence_vectors.npy", index.sentence_vectors)
    version = folder / staging.name[len(STAGING):]
    _write_jsonl(staging / "documents.jsonl", (asdict(d) for d in index.documents.values()))
    _write_jsonl(staging / "chunks.jsonl", (asdict(c) for c in index.chunks))
    _write_jsonl(staging / "sentences.jsonl", index.sentences)
    index.dense.save(staging)
    index.tables.save(staging)
    files = _version_files(index.manifest)
    manifest = dict(index.manifest, checksums={name: _sha256(staging / name) for name in files})
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    for name in (*files, "manifest.json"):
        _durable(staging / name)
    os.replace(staging, version)
    index.staged = None
    pointer = folder / f".{CURRENT}.{os.getpid()}"
    pointer.write_text(version.name, encoding="utf-8")
    _durable(pointer)
    os.replace(pointer, folder / CURRENT)
    index.manifest = manifest
    _remove_stale_versions(folder, keep=version.name)
    return version


def discard_staging(index: Index) -> None:
    """Remove the staging folder of a built index that is not going to be saved (a cancelled or failed save)."""
    if index.staged is not None:
        shutil.rmtree(index.staged, ignore_errors=True)
        index.staged = None


def _version_files(manifest: dict) -> tuple[str, ...]:
    """The files of a version with this manifest (besides manifest.json): every index's and its store's."""
    return INDEX_FILES + store_kind(manifest.get("store", "faiss")).files


def _durable(path: Path) -> None:
    """Flush one written file to disk before the rename that publishes it (the steps of the final save;
    the fault-injection tests pause or kill a build here)."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _remove_stale_versions(folder: Path, keep: str) -> None:
    """Drop old versions and leftovers of crashed builds (older than a minute, so running builds are spared)."""
    now = time.time()
    for entry in folder.iterdir():
        if entry.name == keep or not entry.is_dir():
            continue
        if entry.name.startswith("v-") or (entry.name.startswith(STAGING) and now - entry.stat().st_mtime > 60):
            shutil.rmtree(entry, ignore_errors=True)


def load_index(folder: Path, settings: Settings | None = None) -> Index:
    """Load the live version; raise IndexMissing, StoreUnavailable (a store server that does not answer: a
    rebuild would not help), or IndexCorrupt (rebuild) for any damage whatsoever. ``settings`` say how to reach
    a store server (without them: as the manifest recorded)."""
    if not (folder / CURRENT).is_file():
        raise IndexMissing(f"No index in {folder}. Build it with `qa index`.")
    try:
        return _load_version(folder, settings)
    except (IndexCorrupt, StoreUnavailable):
        raise
    except Exception as exc:  # an index is derived data: whatever is wrong with it, the cure is a rebuild
        raise IndexCorrupt(f"Index in {folder} cannot be read ({type(exc).__name__}: {str(exc)[:200]}).") from None


def _load_version(folder: Path, settings: Settings | None) -> Index:
    """Read and check every file of the live version (manifest, checksums, contents, their agreement)."""
    name = (folder / CURRENT).read_bytes().decode("utf-8").strip()
    if not _VERSION_NAME.fullmatch(name) or not (folder / name).is_dir():
        raise IndexCorrupt(f"Index in {folder} is damaged: {CURRENT} does not name a version folder.")
    version = folder / name
    manifest = _checked_manifest(json.loads((version / "manifest.json").read_text(encoding="utf-8")), folder)
    for file_name, expected in manifest["checksums"].items():
        if _sha256(version / file_name) != expected:
            raise IndexCorrupt(f"Index file {version / file_name} is damaged (checksum mismatch).")
    documents = {}
    for line in (version / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row["paragraphs"] = tuple(tuple(p) for p in row["paragraphs"])
        documents[row["id"]] = Document(**row)
    chunks = []
    for line in (version / "chunks.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row["sentences"] = tuple(tuple(s) for s in row["sentences"])
        chunks.append(Chunk(**row))
    sentences = [tuple(json.loads(line)) for line in
                 (version / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    # Memory-mapped: only the rows a query touches are read (2 x 384 floats per sentence are ~6 GB at a
    # million chunks); the pages are the operating system's cache, shared by every process of the index.
    vectors, sentence_vectors = mapped(version / "vectors.npy"), mapped(version / "sentence_vectors.npy")
    _check_agreement(folder, manifest, documents, chunks, sentences)
    tables = IndexTables.load(version, documents)  # None: saved for other language data
    dimension = manifest["dimension"]
    if vectors.shape != (len(chunks), dimension) or sentence_vectors.shape != (len(sentences), 2, dimension) \
            or (tables is not None and tables.lexical.size != len(chunks)):
        raise IndexCorrupt(f"Index in {folder} is inconsistent (chunks, vectors and BM25 sizes differ).")
    corpus = Corpus(chunks, vectors, manifest["documents"], space_of(manifest["settings"], dimension))
    dense = store_kind(manifest.get("store", "faiss")).load(version, manifest, corpus, settings)
    index = Index(documents, chunks, vectors.astype(np.float32, copy=False), manifest, dense, sentences=sentences,
                  sentence_vectors=sentence_vectors.astype(np.float32, copy=False), tables=tables)
    index.tables_recomputed = tables is None
    return index


# Each manifest key with the check its value must pass.
_MANIFEST_SCHEMA = {
    "format": lambda v: v == INDEX_FORMAT,
    "settings": lambda v: isinstance(v, dict),
    "dimension": lambda v: type(v) is int and v > 0,
    "dense_index": lambda v: isinstance(v, dict),
    "documents": lambda v: isinstance(v, dict) and all(isinstance(h, str) for h in v.values()),
    "chunks": lambda v: type(v) is int and v >= 0,
    "sentences": lambda v: type(v) is int and v >= 0,
    "checksums": lambda v: isinstance(v, dict) and all(isinstance(h, str) for h in v.values()),
}


def _checked_manifest(manifest, folder: Path) -> dict:
    """The manifest, if it has every key the loader and ``is_current`` read, each of the right kind."""
    if not isinstance(manifest, dict):
        raise IndexCorrupt(f"Index in {folder} is damaged: its manifest is not a JSON object.")
    if manifest.get("format") != INDEX_FORMAT:
        raise IndexCorrupt(f"Index in {folder} was built by another version of qa (format {manifest.get('format')!r}; "
                           f"this version reads format {INDEX_FORMAT}).")
    bad = [key for key, valid in _MANIFEST_SCHEMA.items() if key not in manifest or not valid(manifest[key])]
    if manifest.get("store", "faiss") not in STORES:
        bad.append("store")
    elif "checksums" not in bad and set(manifest["checksums"]) != set(_version_files(manifest)):
        bad.append("checksums")
    if bad:
        raise IndexCorrupt(f"Index in {folder} is damaged: its manifest lacks or garbles {', '.join(bad)}.")
    return manifest


def _check_agreement(folder: Path, manifest: dict, documents: dict[str, Document], chunks: list[Chunk],
                     sentences: list[tuple]) -> None:
    """Documents, chunks, sentences and the manifest must describe the same corpus: every chunk and sentence
    lies inside a listed document, and the counts match."""
    def inside(doc_id, start, end) -> bool:
        document = documents.get(doc_id)
        return document is not None and type(start) is int and type(end) is int \
            and 0 <= start <= end <= len(document.text)

    problems = []
    if set(documents) != set(manifest["documents"]):
        problems.append("documents and manifest list different documents")
    if len(chunks) != manifest["chunks"] or len(sentences) != manifest["sentences"]:
        problems.append("chunk or sentence counts differ from the manifest")
    if not all(inside(c.doc_id, c.start, c.end) and documents[c.doc_id].text[c.start:c.end] == c.text
               and all(inside(c.doc_id, *span) for span in c.sentences) for c in chunks):
        problems.append("a chunk does not match its document")
    if not all(len(s) == 3 and inside(*s) for s in sentences):
        problems.append("a sentence lies outside its document")
    if problems:
        raise IndexCorrupt(f"Index in {folder} is inconsistent: {'; '.join(problems)}.")
