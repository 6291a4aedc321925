"""The on-disk index: incremental re-embedding, atomic saves that survive a killed build, damage detection
and recovery, and the FAISS index type by corpus size. Uses the real model (shared session embedder)."""
from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import faiss
import numpy as np
import pytest

from qa import index as index_module
from qa.documents import load_folder
from qa.index import CURRENT, IndexCorrupt, IndexMissing, build_index, corpus_key, load_index, passage_text, save_index
from qa.lexical import stems
from qa.retrieval import Retriever
from qa.stores import faiss as faiss_store
from qa.stores.faiss import _faiss_index, dense_index_type, ivf_lists

from conftest import MUNICIPAL_DOCS as DOCS

CHANGED_FIETS = ("Fietsbrug in Utrecht\n\nDe gemeente Utrecht bouwt geen fietsbrug maar een fietstunnel onder het "
                 "Merwedekanaal. De tunnel is in 2028 klaar.")


def documents_of(folder: Path):
    report = load_folder(folder)
    assert not report.skipped
    return report.documents


def live_version(folder: Path) -> str:
    return (folder / CURRENT).read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, settings, write_docs, embedder):
    """A three-document folder, its settings (own index dir) and a from-scratch index of it."""
    base = tmp_path_factory.mktemp("index-corpus")
    docs = write_docs(base / "docs", DOCS)
    corpus_settings = settings.replace(docs_dir=docs, index_dir=base / "index", upload_dir=base / "uploads")
    built, stats = build_index(documents_of(docs), corpus_settings, embedder)
    save_index(built, corpus_settings.index_dir / corpus_key(docs))
    return corpus_settings, built, stats


# --- incremental builds ---------------------------------------------------------------------------


def test_first_build_embeds_every_document(corpus):
    _, built, stats = corpus
    assert sorted(stats.embedded_documents) == sorted(DOCS) and stats.reused_documents == 0
    assert set(built.documents) == set(DOCS) and stats.chunks == len(built) > 0
    assert built.vectors.shape == (len(built.chunks), 384)
    assert {chunk.doc_id for chunk in built.chunks} == set(DOCS)


def test_changing_one_document_reembeds_only_that_document(corpus, tmp_path, write_docs, counting):
    corpus_settings, built, _ = corpus
    docs = write_docs(tmp_path / "docs", {**DOCS, "fiets.txt": CHANGED_FIETS})
    documents = documents_of(docs)
    changed = [d for d in documents if d.id == "fiets.txt"]

    incremental = counting()
    updated, stats = build_index(documents, corpus_settings, incremental, previous=built)
    assert stats.embedded_documents == ["fiets.txt"]
    assert stats.reused_documents == 2 and stats.removed_documents == []

    # Exactly the texts a from-scratch build of the changed document alone embeds: nothing of the others.
    alone = counting()
    build_index(changed, corpus_settings, alone)
    assert incremental.texts and sorted(incremental.texts) == sorted(alone.texts)
    assert not any("plasticafval" in t or "paspoort" in t.lower() for t in incremental.texts)

    # Unchanged documents keep their vectors bit for bit; the result equals a full rebuild.
    for doc_id in ("afval.txt", "paspoort.md"):
        old_rows = [i for i, c in enumerate(built.chunks) if c.doc_id == doc_id]
        new_rows = [i for i, c in enumerate(updated.chunks) if c.doc_id == doc_id]
        assert np.array_equal(built.vectors[old_rows], updated.vectors[new_rows])
    scratch, _ = build_index(documents, corpus_settings, counting())
    assert updated.chunks == scratch.chunks and updated.sentences == scratch.sentences
    np.testing.assert_allclose(updated.vectors, scratch.vectors, atol=1e-4)
    np.testing.assert_allclose(updated.sentence_vectors, scratch.sentence_vectors, atol=1e-4)
    assert any("fietstunnel" in c.text for c in updated.chunks)
    assert not any("fietsbrug over" in c.text for c in updated.chunks)


def test_unchanged_documents_embed_nothing(corpus, counting):
    corpus_settings, built, _ = corpus
    again = counting()
    rebuilt, stats = build_index(documents_of(corpus_settings.docs_dir), corpus_settings, again, previous=built)
    assert stats.embedded_documents == [] and stats.reused_documents == 3
    assert again.texts == []
    assert rebuilt.chunks == built.chunks and np.array_equal(rebuilt.vectors, built.vectors)


def test_adding_and_removing_documents(corpus, tmp_path, write_docs, counting, embedder):
    corpus_settings, built, _ = corpus
    extra = {"zwemmen.txt": "Zwembad\n\nHet zwembad aan de Kanaalweg is op zondag gesloten voor onderhoud."}
    docs = write_docs(tmp_path / "docs", {**DOCS, **extra})
    added_counter = counting()
    added, stats = build_index(documents_of(docs), corpus_settings, added_counter, previous=built)
    assert stats.embedded_documents == ["zwemmen.txt"] and stats.reused_documents == 3
    assert added_counter.texts and all("Afval" not in t and "Paspoort" not in t for t in added_counter.texts)
    assert set(added.documents) == {*DOCS, "zwemmen.txt"}

    (docs / "afval.txt").unlink()
    removed_counter = counting()
    removed, stats = build_index(documents_of(docs), corpus_settings, removed_counter, previous=added)
    assert stats.embedded_documents == [] and removed_counter.texts == []
    assert stats.removed_documents == ["afval.txt"]
    assert set(removed.documents) == {"fiets.txt", "paspoort.md", "zwemmen.txt"}
    assert all(c.doc_id != "afval.txt" for c in removed.chunks)
    assert all(doc_id != "afval.txt" for doc_id, _, _ in removed.sentences)
    assert removed.dense.count() == len(removed.chunks) == len(removed.vectors)
    assert len(removed.sentence_vectors) == len(removed.sentences)
    hits = Retriever(removed, embedder).search("plasticafval groene container", k=5, mode="hybrid")
    assert hits and all(hit.chunk.doc_id != "afval.txt" for hit in hits)
    assert Retriever(removed, embedder).search("plasticafval", k=5, mode="bm25")[0].score == 0.0


def test_chunk_size_change_reembeds_everything(corpus, counting):
    corpus_settings, built, _ = corpus
    smaller = corpus_settings.replace(chunk_chars=60)
    documents = documents_of(corpus_settings.docs_dir)
    incremental = counting()
    rebuilt, stats = build_index(documents, smaller, incremental, previous=built)
    assert sorted(stats.embedded_documents) == sorted(DOCS) and stats.reused_documents == 0
    scratch = counting()
    build_index(documents, smaller, scratch)
    assert sorted(incremental.texts) == sorted(scratch.texts)
    assert len(rebuilt.chunks) > len(built.chunks)  # 60-character chunks: one per sentence
    assert all(len(c.text) <= 60 or len(c.sentences) == 1 for c in rebuilt.chunks)


@pytest.mark.parametrize("change", [{"embed_backend": "torch"}, {"model": "another-model"},
                                    {"sentence_context": "off"}])
def test_the_manifest_records_model_and_backend_and_a_change_reembeds_everything(corpus, counting, change):
    corpus_settings, built, _ = corpus
    assert built.manifest["settings"]["model"] == corpus_settings.model
    assert built.manifest["settings"]["embed_backend"] == corpus_settings.embed_backend
    documents = documents_of(corpus_settings.docs_dir)
    changed = corpus_settings.replace(**change)
    assert built.is_current(documents, corpus_settings) and not built.is_current(documents, changed)
    rebuilt, stats = build_index(documents, changed, counting(), previous=built)
    assert sorted(stats.embedded_documents) == sorted(DOCS) and stats.reused_documents == 0


def test_sentence_context_off_makes_the_second_sentence_vector_the_first(corpus, counting):
    corpus_settings, built, _ = corpus
    counter = counting()
    plain, _ = build_index(documents_of(corpus_settings.docs_dir), corpus_settings.replace(sentence_context="off"),
                           counter)
    np.testing.assert_array_equal(plain.sentence_vectors[:, 0], plain.sentence_vectors[:, 1])
    np.testing.assert_allclose(plain.sentence_vectors[:, 0], built.sentence_vectors[:, 0], atol=1e-5)
    assert len(counter.texts) == len(set(counter.texts))  # identical texts are embedded once
    assert len(counter.texts) <= len(plain.chunks) + len(plain.sentences)  # nothing in context


def test_build_progress_reports_documents_passages_and_time_left(corpus, counting):
    corpus_settings, _, _ = corpus
    reports = []
    build_index(documents_of(corpus_settings.docs_dir), corpus_settings.replace(index_batch_chars=100), counting(),
                progress=reports.append)
    assert reports[-1].documents_done == reports[-1].documents_total == len(DOCS) and reports[-1].fraction == 1
    assert all(a.passages_done <= b.passages_done and a.documents_done <= b.documents_done
               for a, b in zip(reports, reports[1:]))
    assert reports[-1].eta_s == 0 and reports[-1].passages_per_s > 0
    assert "3/3 documents" in reports[-1].describe()


def test_passage_text_adds_the_title_once(corpus):
    _, built, _ = corpus
    first = built.chunks[0]
    assert passage_text(first).endswith(first.text)
    assert passage_text(first).count(first.title) == 1


# --- saving and loading ---------------------------------------------------------------------------


def test_save_and_load_round_trip(corpus, tmp_path):
    _, built, _ = corpus
    folder = tmp_path / "idx"
    version = save_index(built, folder)
    assert live_version(folder) == version.name
    loaded = load_index(folder)
    assert loaded.documents == built.documents
    assert loaded.chunks == built.chunks
    assert [tuple(s) for s in loaded.sentences] == [tuple(s) for s in built.sentences]
    assert np.array_equal(loaded.vectors, built.vectors)
    assert np.array_equal(loaded.sentence_vectors, built.sentence_vectors)
    assert loaded.dense.count() == len(built.chunks)
    assert set(loaded.manifest["checksums"]) >= {"vectors.npy", "chunks.jsonl", "dense.faiss"}

    # the lexical tables are read, not computed again, and give what the built index gives
    assert loaded.tables is not built.tables and not loaded.tables_recomputed
    assert loaded.tables.document_languages == built.tables.document_languages
    assert loaded.sentence_terms[1] == built.sentence_terms[1]
    assert loaded.vocabulary == built.vocabulary and loaded._folded_text == built._folded_text
    assert loaded.mentions("Merwedekanaal") and not loaded.mentions("Rotterdam")
    for question in ("Wanneer is de fietsbrug klaar?", "paspoort aanvragen gemeente"):
        assert np.array_equal(loaded.lexical.scores(question), built.lexical.scores(question))
        assert np.array_equal(loaded.doc_lexical.scores(question), built.doc_lexical.scores(question))

    second = save_index(built, folder)
    assert live_version(folder) == second.name
    assert [p.name for p in folder.iterdir() if p.is_dir()] == [second.name]  # the old version is gone


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissing, match="qa index"):
        load_index(tmp_path / "nothing-here")


def test_corpus_key_is_per_folder(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path)
    assert corpus_key(Path("a")) == corpus_key(tmp_path / "a") == corpus_key(tmp_path / "b" / ".." / "a")
    assert corpus_key(tmp_path / "a") != corpus_key(tmp_path / "b")
    assert corpus_key(tmp_path / "a").startswith("a-")


def test_crash_while_saving_keeps_the_previous_version(corpus, tmp_path, monkeypatch):
    corpus_settings, built, _ = corpus
    folder = tmp_path / "idx"
    first = save_index(built, folder)

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(faiss, "write_index", disk_full)  # the FAISS store writes its file last
        with pytest.raises(OSError):
            save_index(built, folder)
    assert live_version(folder) == first.name
    assert load_index(folder).chunks == built.chunks
    leftovers = [p for p in folder.iterdir() if p.name.startswith(".tmp-")]
    assert len(leftovers) == 1  # the half-written staging folder; the next save sweeps it once it is stale

    old = time.time() - 3600
    for path in leftovers:
        os.utime(path, (old, old))
    third = save_index(built, folder)
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == [third.name]


# --- vector files written as the build goes ---------------------------------------------------------


def test_a_build_streams_its_vectors_into_the_staging_folder_that_saving_publishes(corpus, tmp_path, counting):
    """One journal shard per document, written a document at a time into memory-mapped files of the staging
    folder: the same index as a build of one batch, and saving publishes those very files."""
    corpus_settings, built, _ = corpus
    folder, journal = tmp_path / "idx", index_module.BuildJournal(tmp_path / "journal")
    streamed, _ = build_index(documents_of(corpus_settings.docs_dir), corpus_settings.replace(index_batch_chars=1),
                              counting(), journal=journal, into=folder)
    assert len(list(journal.folder.glob("shard-*.npz"))) == len(DOCS)  # a batch (and a shard) per document
    assert isinstance(streamed.vectors, np.memmap) and isinstance(streamed.sentence_vectors, np.memmap)
    assert Path(streamed.sentence_vectors.filename).parent == streamed.staged
    assert streamed.staged.parent == folder and streamed.staged.name.startswith(index_module.STAGING)
    assert streamed.chunks == built.chunks and streamed.sentences == built.sentences
    np.testing.assert_allclose(streamed.vectors, built.vectors, atol=1e-4)
    np.testing.assert_allclose(streamed.sentence_vectors, built.sentence_vectors, atol=1e-4)
    assert streamed.dense.count() == len(streamed.chunks)

    staged_file = os.stat(streamed.sentence_vectors.filename).st_ino
    version = save_index(streamed, folder)
    assert streamed.staged is None and not list(folder.glob(index_module.STAGING + "*"))
    assert os.stat(version / "sentence_vectors.npy").st_ino == staged_file  # renamed with its folder, not copied
    loaded = load_index(folder)
    assert np.array_equal(loaded.vectors, streamed.vectors)
    assert np.array_equal(loaded.sentence_vectors, streamed.sentence_vectors)


def test_a_damaged_journal_shard_is_embedded_again(corpus, tmp_path, counting):
    corpus_settings, built, _ = corpus
    one_per_batch = corpus_settings.replace(index_batch_chars=1)
    documents = documents_of(corpus_settings.docs_dir)
    journal = index_module.BuildJournal(tmp_path / "journal")
    build_index(documents, one_per_batch, counting(), journal=journal)
    shard = sorted(journal.folder.glob("shard-*.npz"))[1]
    data = bytearray(shard.read_bytes())
    data[-1000] ^= 0xFF  # in the last vectors, read only when the new version is written
    shard.write_bytes(bytes(data))

    counter = counting()
    rebuilt, stats = build_index(documents, one_per_batch, counter, journal=index_module.BuildJournal(journal.folder))
    assert stats.resumed_documents == len(DOCS) - 1 and stats.embedded_documents == [documents[1].id]
    np.testing.assert_allclose(rebuilt.sentence_vectors, built.sentence_vectors, atol=1e-4)


def test_a_failed_build_leaves_no_staging_folder(corpus, tmp_path, counting, monkeypatch):
    corpus_settings, _, _ = corpus
    folder = tmp_path / "idx"

    def no_memory(*args, **kwargs):
        raise MemoryError("FAISS could not allocate")

    monkeypatch.setattr(faiss_store, "_faiss_index", no_memory)
    with pytest.raises(MemoryError):
        build_index(documents_of(corpus_settings.docs_dir), corpus_settings, counting(), into=folder)
    assert folder.is_dir() and not list(folder.iterdir())


# --- a killed `qa index` --------------------------------------------------------------------------

WORDS = ("gemeente", "bewoners", "vergunning", "parkeren", "afvalinzameling", "subsidie", "wijkraad", "fietspad",
         "speeltuin", "belasting", "onderwijs", "zorg", "woningbouw", "groenstrook", "verkeer", "bibliotheek")


def dutch_paragraph(rng: random.Random, number: int) -> str:
    sentences = []
    for _ in range(3):
        a, b, c = rng.sample(WORDS, 3)
        sentences.append(f"In wijk {number} bespreekt de raad de {a} en de {b}, omdat de {c} dit jaar verandert.")
    return f"Bericht {number}\n\n" + " ".join(sentences)


def kill_when(process: subprocess.Popen, ready, seconds: float, what: str) -> None:
    """SIGKILL ``process`` as soon as ``ready()`` holds; fail if it ends first or ``what`` takes over ``seconds``."""
    try:
        deadline = time.monotonic() + seconds
        while not ready():
            assert process.poll() is None, f"qa index ended before it was killed (waiting for {what})"
            assert time.monotonic() < deadline, f"no {what} after {seconds} s"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)


@pytest.mark.slow
def test_killing_qa_index_midway_leaves_a_working_index(tmp_path, settings, write_docs, make_pipeline, embedder,
                                                        qa_command, qa_env):
    docs = write_docs(tmp_path / "docs", DOCS)
    small = settings.replace(docs_dir=docs, index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads")
    make_pipeline(small).open()
    folder = small.index_dir / corpus_key(docs)
    before = live_version(folder)

    rng = random.Random(7)
    write_docs(docs, {f"bericht-{n:03}.txt": dutch_paragraph(rng, n) for n in range(300)})
    stderr_file = tmp_path / "stderr.txt"
    with open(stderr_file, "wb") as stderr:
        process = subprocess.Popen([*qa_command, "index", "--docs", str(docs)], env=qa_env(small), cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
        kill_when(process, lambda: b"Embedding" in stderr_file.read_bytes(), 180, "the progress bar")  # embedding now
    assert process.returncode == -signal.SIGKILL

    assert live_version(folder) == before
    survivor = load_index(folder)
    assert set(survivor.documents) == set(DOCS)
    hits = Retriever(survivor, embedder).search("Wanneer is de fietsbrug klaar?", k=3, mode="hybrid")
    assert hits and hits[0].chunk.doc_id == "fiets.txt"


@pytest.mark.slow
def test_a_killed_build_resumes_and_embeds_only_what_it_had_not_finished(tmp_path, settings, write_docs,
                                                                          make_pipeline, counting, qa_command, qa_env):
    rng = random.Random(11)
    texts = {f"bericht-{n:03}.txt": dutch_paragraph(rng, n) for n in range(40)}
    docs = write_docs(tmp_path / "docs", texts)
    small = settings.replace(docs_dir=docs, index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads",
                             index_batch_chars=1200)  # about five documents a batch
    folder = small.index_dir / corpus_key(docs)
    process = subprocess.Popen([*qa_command, "index", "--docs", str(docs)], cwd=tmp_path,
                               env=qa_env(small, QA_INDEX_BATCH_CHARS=str(small.index_batch_chars)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_when(process, lambda: len(list(folder.glob(index_module.JOURNAL + "*/shard-*.npz"))) >= 2, 300,
              "two journal shards (two batches written)")
    assert not (folder / CURRENT).exists()  # it never finished
    [journal] = folder.glob(index_module.JOURNAL + "*")
    finished = {doc_id for doc_id, _ in index_module.BuildJournal(journal).read()}
    assert 2 <= len(finished) < len(texts)

    counter = counting()
    stats = make_pipeline(small, embedder=counter).open()
    assert stats.resumed_documents == len(finished)
    assert sorted(stats.embedded_documents) == sorted(set(texts) - finished)
    embedded = " ".join(counter.texts)
    assert not any(texts[doc_id].split("\n\n")[1][:60] in embedded for doc_id in finished)
    assert all(texts[doc_id].split("\n\n")[1][:60] in embedded for doc_id in stats.embedded_documents)
    assert not list(folder.glob(index_module.JOURNAL + "*"))  # a saved build needs its journal no more
    resumed = load_index(folder)
    assert set(resumed.documents) == set(texts)
    scratch, _ = build_index(documents_of(docs), small, counting())  # the same vectors as a build from scratch
    np.testing.assert_allclose(resumed.vectors, scratch.vectors, atol=1e-5)
    np.testing.assert_allclose(resumed.sentence_vectors, scratch.sentence_vectors, atol=1e-5)


# --- damage ---------------------------------------------------------------------------------------


def _truncate_vectors(version: Path) -> None:
    data = (version / "vectors.npy").read_bytes()
    (version / "vectors.npy").write_bytes(data[: len(data) // 2])


def _garbage_manifest(version: Path) -> None:
    (version / "manifest.json").write_bytes(b"\x00\xff garbage {")


def _manifest_not_an_object(version: Path) -> None:
    (version / "manifest.json").write_text("[]", encoding="utf-8")


def _current_points_nowhere(version: Path) -> None:
    (version.parent / CURRENT).write_text("v-that-does-not-exist", encoding="utf-8")


def _chunks_file_deleted(version: Path) -> None:
    (version / "chunks.jsonl").unlink()


def _faiss_file_replaced(version: Path) -> None:
    (version / "dense.faiss").write_bytes(b"not a faiss index")


def _no_current_pointer(version: Path) -> None:
    (version.parent / CURRENT).unlink()


def _bm25_file_deleted(version: Path) -> None:
    (version / "bm25-chunks" / "vocab.index.json").unlink()


def _tables_garbled(version: Path) -> None:
    (version / "tables.json").write_text('{"fingerprint": 1', encoding="utf-8")


@pytest.mark.parametrize("damage, error, message", [
    pytest.param(_truncate_vectors, IndexCorrupt, "Rebuilding", id="truncated-vectors"),
    pytest.param(_garbage_manifest, IndexCorrupt, "Rebuilding", id="garbage-manifest"),
    pytest.param(_manifest_not_an_object, IndexCorrupt, "Rebuilding", id="manifest-not-an-object"),
    pytest.param(_current_points_nowhere, (IndexCorrupt, IndexMissing), "uild", id="current-points-nowhere"),
    pytest.param(_chunks_file_deleted, IndexCorrupt, "Rebuilding", id="chunks-file-deleted"),
    pytest.param(_faiss_file_replaced, IndexCorrupt, "Rebuilding", id="faiss-file-replaced"),
    pytest.param(_no_current_pointer, IndexMissing, "building it", id="no-current-pointer"),
    pytest.param(_bm25_file_deleted, IndexCorrupt, "Rebuilding", id="bm25-file-deleted"),
    pytest.param(_tables_garbled, IndexCorrupt, "Rebuilding", id="tables-garbled"),
])
def test_damaged_index_is_detected_and_rebuilt(corpus, tmp_path, make_pipeline, damage, error, message):
    corpus_settings, built, _ = corpus
    settings = corpus_settings.replace(index_dir=tmp_path / "index")
    shutil.copytree(corpus_settings.index_dir, settings.index_dir)
    folder = settings.index_dir / corpus_key(settings.docs_dir)
    damage(folder / live_version(folder))

    with pytest.raises(error):
        load_index(folder)
    messages: list[str] = []
    stats = make_pipeline(settings, notify=messages.append).open()
    assert stats is not None and sorted(stats.embedded_documents) == sorted(DOCS)
    assert any(message in m for m in messages), messages
    repaired = load_index(folder)
    assert repaired.chunks == built.chunks
    np.testing.assert_allclose(repaired.vectors, built.vectors, atol=1e-4)


def test_tables_of_other_language_data_are_computed_again_and_saved_without_embedding(corpus, tmp_path,
                                                                                        make_pipeline, counting):
    corpus_settings, built, _ = corpus
    settings = corpus_settings.replace(index_dir=tmp_path / "index")
    shutil.copytree(corpus_settings.index_dir, settings.index_dir)
    folder = settings.index_dir / corpus_key(settings.docs_dir)
    tables = folder / live_version(folder) / "tables.json"
    table = json.loads(tables.read_text(encoding="utf-8"))
    table["fingerprint"] = "of-other-language-data"
    tables.write_text(json.dumps(table), encoding="utf-8")
    manifest_path = folder / live_version(folder) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["checksums"]["tables.json"] = index_module._sha256(tables)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    assert load_index(folder).tables_recomputed
    messages: list[str] = []
    embedder = counting()
    pipeline = make_pipeline(settings, notify=messages.append, embedder=embedder)
    assert pipeline.open() is None  # nothing to build
    assert embedder.calls == 0 and any("language data changed" in m for m in messages), messages
    saved = live_version(folder)
    assert pipeline.open() is None and live_version(folder) == saved  # saved once, not at every later check
    assert sum("language data changed" in m for m in messages) == 1, messages
    reloaded = load_index(folder)
    assert not reloaded.tables_recomputed and reloaded.sentence_terms[1] == built.sentence_terms[1]


# --- exact vs HNSW --------------------------------------------------------------------------------


def test_small_ann_threshold_builds_hnsw_that_still_finds_exact_matches(seed_pipeline, counting, embedder, tmp_path):
    seed = seed_pipeline.index
    assert isinstance(seed.dense.faiss, faiss.IndexFlat)  # 12 chunks, default threshold 20000: exact search
    hnsw_settings = seed_pipeline.settings.replace(ann_threshold=5)
    counter = counting()
    ann, stats = build_index(list(seed.documents.values()), hnsw_settings, counter, previous=seed)
    assert stats.embedded_documents == [] and counter.texts == []  # only the FAISS structure changes
    assert isinstance(ann.dense.faiss, faiss.IndexHNSWFlat)
    assert ann.dense.count() == len(ann.chunks) > 5

    ids = ann.dense.search(ann.vectors, 1)
    assert ids[:, 0].tolist() == list(range(len(ann.chunks)))  # every chunk's nearest neighbour is itself

    target = next(c for c in ann.chunks if "4,5% van het bruto binnenlands product" in c.text)
    retriever = Retriever(ann, embedder)
    for mode in ("dense", "hybrid"):
        assert retriever.search(target.text, k=3, mode=mode)[0].chunk == target

    save_index(ann, tmp_path / "idx")
    assert isinstance(load_index(tmp_path / "idx").dense.faiss, faiss.IndexHNSWFlat)


def test_changing_ann_threshold_takes_effect_on_open(seed_pipeline, make_pipeline, counting, tmp_path):
    """The threshold is a setting: opening the index with a new one must give the FAISS type it asks for
    (without re-embedding: the vectors are unchanged)."""
    settings = seed_pipeline.settings.replace(index_dir=tmp_path / "index")
    shutil.copytree(seed_pipeline.settings.index_dir, settings.index_dir)
    pipeline = make_pipeline(settings.replace(ann_threshold=5), embedder=(counter := counting()))
    pipeline.open()
    assert isinstance(pipeline.index.dense.faiss, faiss.IndexHNSWFlat)
    assert counter.texts == []
    assert isinstance(load_index(pipeline.index_folder).dense.faiss, faiss.IndexHNSWFlat)
    assert make_pipeline(settings.replace(ann_threshold=5)).open() is None  # and now it is current


def test_passage_text_gives_title_and_headings_but_chunk_keeps_its_text(corpus):
    _, built, _ = corpus
    chunk = dataclasses.replace(built.chunks[1], heading="Hoofdstuk 2 — Artikel 12")
    assert passage_text(chunk) == f"{chunk.title} — Hoofdstuk 2 — Artikel 12\n{chunk.text}"
    assert passage_text(dataclasses.replace(chunk, title="", heading="")) == chunk.text


# --- the index type by corpus size ----------------------------------------------------------------


def test_the_index_type_follows_the_size_tiers(settings):
    """Exact below ann_threshold, HNSW up to ivf_threshold, IVF-SQ8 from there (the order bench/scale.py's
    figures give), with the search parameters of the settings; each builds the FAISS class it names."""
    tiers = settings.replace(ann_threshold=100, ivf_threshold=1000, hnsw_m=16, hnsw_ef_search=150, ivf_nprobe=7)
    rng = np.random.default_rng(0)
    expected = {99: ("Flat", faiss.IndexFlat), 100: ("HNSW16,Flat", faiss.IndexHNSWFlat),
                999: ("HNSW16,Flat", faiss.IndexHNSWFlat), 1000: ("IVF25,SQ8", faiss.IndexIVFScalarQuantizer),
                5000: ("IVF64,SQ8", faiss.IndexIVFScalarQuantizer)}
    for size, (factory, kind) in expected.items():
        chosen = dense_index_type(size, tiers)
        assert chosen.factory == factory
        vectors = rng.normal(size=(size, 16)).astype(np.float32)
        built = _faiss_index(vectors, chosen)
        assert isinstance(built, kind) and built.ntotal == size and built.metric_type == faiss.METRIC_INNER_PRODUCT
        if kind is faiss.IndexHNSWFlat:
            assert (built.hnsw.efSearch, built.hnsw.efConstruction) == (150, tiers.hnsw_ef_construction)
        if kind is faiss.IndexIVFScalarQuantizer:
            assert built.nprobe == 7 and built.nlist == ivf_lists(size)


def test_ivf_lists_grow_with_the_corpus_and_stay_trainable():
    assert [ivf_lists(n) for n in (0, 10, 1000, 100_000, 1_000_000)] == [1, 1, 25, 256, 1024]
    assert all(n // ivf_lists(n) >= 39 for n in (39, 500, 10_000, 123_456))


def test_an_ivf_index_finds_the_exact_top_hit_on_a_real_index(seed_pipeline, counting, embedder, tmp_path):
    """With lowered thresholds the seed index gets an IVF index (no re-embedding); for every seed question its
    dense top hit is the exact one, the manifest records the type and a reload keeps it."""
    seed = seed_pipeline.index
    ivf_settings = seed_pipeline.settings.replace(ann_threshold=2, ivf_threshold=5, ivf_nprobe=1)
    counter = counting()
    ivf, _ = build_index(list(seed.documents.values()), ivf_settings, counter, previous=seed)
    assert counter.texts == [] and isinstance(ivf.dense.faiss, faiss.IndexIVFScalarQuantizer)
    assert ivf.manifest["dense_index"] == {"factory": "IVF1,SQ8", "build": {}, "search": {"nprobe": 1}}
    questions = [json.loads(line)["question"] for line in
                 (Path(__file__).parent.parent / "eval" / "seed_questions.jsonl").read_text().splitlines()[:30]]
    queries = embedder.embed_queries(questions)
    approximate = ivf.dense.search(queries, 1)
    exact = seed.dense.search(queries, 1)
    assert approximate[:, 0].tolist() == exact[:, 0].tolist()
    save_index(ivf, tmp_path / "idx")
    reloaded = load_index(tmp_path / "idx")
    assert isinstance(reloaded.dense.faiss, faiss.IndexIVFScalarQuantizer)
    assert reloaded.is_current(list(seed.documents.values()), ivf_settings)
    assert not reloaded.is_current(list(seed.documents.values()), ivf_settings.replace(ivf_nprobe=2))


def test_sentence_stems_are_computed_on_demand_and_weighted_by_how_few_sentences_have_them(seed_pipeline):
    index = seed_pipeline.index
    terms, idf = index.sentence_terms
    assert len(terms) == len(index.sentences) and set(terms) == set(index.sentences)
    every = {span: frozenset(stems(index.documents[span[0]].text[span[1]:span[2]], index.lexical.langs))
             for span in index.sentences}
    assert all(terms[span] == stem_set for span, stem_set in every.items())
    assert terms.get(("no-such-document", 0, 1), frozenset()) == frozenset()
    stem = next(iter(every[index.sentences[0]]))
    having = sum(stem in stem_set for stem_set in every.values())
    assert idf[stem] == pytest.approx(np.log(1 + len(every) / (1 + having)))
