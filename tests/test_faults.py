"""Fault injection: damaged index files, builds that die at any point, two builds at once, stops mid-upload.

After every fault the next run must answer correctly: an index is derived data, so whatever happened to
it, the cure is a rebuild with a message, never a traceback. Builds are killed for real (SIGKILL and SIGTERM
on `qa index`) and crashed in-process at every step of the final save (the save's fsync steps, ``_durable``,
are where a test pauses or breaks it).
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qa import index as index_module
from qa.index import CURRENT, INDEX_FILES, STAGING, corpus_key
from qa.stores.faiss import FILE as FAISS_FILE
from qa.pipeline import PENDING, REMOVING

DOCS = {
    "zebra.txt": "De zebra van Artis\n\nDe zebra in Artis heet Zoltan. Hij is zeven jaar oud.\n",
    "brug.txt": "De fietsbrug\n\nDe nieuwe fietsbrug over de Amstel kost twaalf miljoen euro.\n",
}
QUESTION, ANSWER = "Hoe heet de zebra in Artis?", "Zoltan"


@pytest.fixture(scope="module")
def built(tmp_path_factory, settings, make_pipeline, write_docs):
    """A small corpus and its index, built once; each test copies the index before damaging it."""
    base = tmp_path_factory.mktemp("faults")
    corpus = settings.replace(docs_dir=write_docs(base / "docs", DOCS), index_dir=base / "index",
                              upload_dir=base / "uploads")
    make_pipeline(corpus).open()
    return corpus


def fresh_copy(built, tmp_path):
    """Settings pointing at a private copy of the built index, and its live version folder."""
    settings = built.replace(index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads")
    shutil.copytree(built.index_dir, settings.index_dir)
    folder = settings.index_dir / corpus_key(settings.docs_dir)
    return settings, folder, folder / (folder / CURRENT).read_text(encoding="utf-8").strip()


def answers_correctly(make_pipeline, settings) -> list[str]:
    """Open the index as the next run would (rebuilding if needed) and ask; returns the messages shown."""
    messages: list[str] = []
    pipeline = make_pipeline(settings, notify=messages.append)
    pipeline.open()
    answer = pipeline.ask(QUESTION)
    assert ANSWER in answer.text and not answer.abstained, (answer.text, messages)
    return messages


# --- damage every index file in every way -------------------------------------------------------------

def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


DAMAGE = {
    "deleted": lambda path: path.unlink(),
    "empty": lambda path: _write(path, b""),
    "truncated": lambda path: _write(path, path.read_bytes()[: path.stat().st_size // 2]),
    "garbage": lambda path: _write(path, b"\x00\xff\xfe garbage {[\x1b"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("name", [*INDEX_FILES, FAISS_FILE, "manifest.json"])
def test_every_damaged_file_is_rebuilt(built, tmp_path, make_pipeline, name, damage):
    settings, _, version = fresh_copy(built, tmp_path)
    DAMAGE[damage](version / name)
    messages = answers_correctly(make_pipeline, settings)
    assert any("Rebuilding" in m for m in messages), messages


@pytest.mark.parametrize("pointer", [b"\xff\xfe", b"", b"v-that-does-not-exist", b"../../..", b"manifest.json"])
def test_a_damaged_current_pointer_is_rebuilt(built, tmp_path, make_pipeline, pointer):
    settings, folder, _ = fresh_copy(built, tmp_path)
    (folder / CURRENT).write_bytes(pointer)
    messages = answers_correctly(make_pipeline, settings)
    assert any("Rebuilding" in m for m in messages), messages


def _rewrite_manifest(version: Path, change) -> None:
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    (version / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize("key", ["format", "settings", "dimension", "dense_index", "documents", "chunks",
                                 "sentences", "checksums"])
@pytest.mark.parametrize("how", ["missing", "wrong type"])
def test_a_manifest_missing_or_garbling_any_key_is_rebuilt(built, tmp_path, make_pipeline, key, how):
    settings, _, version = fresh_copy(built, tmp_path)
    _rewrite_manifest(version, lambda m: m.pop(key) if how == "missing" else m.__setitem__(key, "x"))
    messages = answers_correctly(make_pipeline, settings)
    assert any("Rebuilding" in m for m in messages), messages


def _rewrite_jsonl(version: Path, name: str, change) -> None:
    """Change the rows of one file and fix its checksum, so only the files' agreement can catch it."""
    path = version / name
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(json.dumps(row) + "\n" for row in change(rows)), encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    _rewrite_manifest(version, lambda m: m["checksums"].__setitem__(name, digest))


def _rename_chunk_document(rows):
    rows[0]["doc_id"] = "elders.txt"
    return rows


def _shift_chunk(rows):
    rows[0]["start"] += 1
    return rows


def _sentence_past_the_end(rows):
    rows[-1][2] = 10 ** 6
    return rows


@pytest.mark.parametrize("name, change", [
    ("documents.jsonl", lambda rows: rows[1:]),
    ("chunks.jsonl", _rename_chunk_document),
    ("chunks.jsonl", _shift_chunk),
    ("sentences.jsonl", _sentence_past_the_end),
    ("sentences.jsonl", lambda rows: rows[:-1]),
], ids=["document-missing", "chunk-of-unknown-document", "chunk-text-differs", "sentence-outside", "sentence-missing"])
def test_files_that_disagree_are_rebuilt(built, tmp_path, make_pipeline, name, change):
    settings, _, version = fresh_copy(built, tmp_path)
    _rewrite_jsonl(version, name, change)
    messages = answers_correctly(make_pipeline, settings)
    assert any("inconsistent" in m and "Rebuilding" in m for m in messages), messages


# --- builds that die --------------------------------------------------------------------------------

class Crash(BaseException):
    """Stands in for the process dying: nothing after it runs but context managers' exits."""


def _changed_docs(settings) -> None:
    """Change the corpus so the next run has something to build (and a fact to find)."""
    (Path(settings.docs_dir) / "zebra.txt").write_text(DOCS["zebra.txt"].replace("zeven", "acht"), encoding="utf-8")


@pytest.fixture
def own_docs(built, tmp_path):
    """Settings with a private documents folder (so it can change) and no index yet."""
    docs = tmp_path / "docs"
    shutil.copytree(built.docs_dir, docs)
    return built.replace(docs_dir=docs, index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads")


@pytest.mark.parametrize("step", range(1, len(INDEX_FILES) + 4))  # each file, the manifest, the CURRENT pointer
def test_a_crash_at_any_step_of_the_final_save_leaves_an_index_that_answers(own_docs, make_pipeline,
                                                                            monkeypatch, step):
    make_pipeline(own_docs).open()
    _changed_docs(own_docs)
    durable, calls = index_module._durable, []

    def crash_at_step(path):
        calls.append(path.name)
        if len(calls) == step:
            raise Crash
        durable(path)

    monkeypatch.setattr(index_module, "_durable", crash_at_step)
    with pytest.raises(Crash):
        make_pipeline(own_docs).update()
    monkeypatch.setattr(index_module, "_durable", durable)
    answers_correctly(make_pipeline, own_docs)
    answer = make_pipeline(own_docs).ask("Hoe oud is de zebra?")
    assert "acht" in answer.text  # the changed document, not the old index's copy
    folder = own_docs.index_dir / corpus_key(own_docs.docs_dir)
    assert not list(folder.glob(STAGING + "*")) and not list(folder.glob(f".{CURRENT}.*"))  # leftovers swept


# `qa index` that says when its build starts and pauses at save step argv[1] (0: never).
PAUSING_QA = """
import sys, time
import qa.index, qa.pipeline
durable, build, calls = qa.index._durable, qa.pipeline.build_index, []
def pause(path):
    calls.append(path.name)
    if len(calls) == int(sys.argv[1]):
        print("PAUSED", path.name, flush=True)
        time.sleep(3600)
    durable(path)
def announce(*args, **kwargs):
    print("BUILDING", flush=True)
    return build(*args, **kwargs)
qa.index._durable, qa.pipeline.build_index = pause, announce
from qa.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
def test_qa_index_killed_for_real_at_random_points_and_in_the_final_save(own_docs, make_pipeline, qa_env, tmp_path):
    """SIGKILL while paused in the final save (right before the CURRENT swap) and at a random moment of a
    build, SIGTERM in the save: every next run answers; a SIGTERM'd `qa index` says so, exits 130."""
    make_pipeline(own_docs).open()
    env = qa_env(own_docs, QA_DOCS_DIR=str(own_docs.docs_dir))
    rng = random.Random(12)
    plans = [("save", len(INDEX_FILES) + 3, signal.SIGKILL), ("build", rng.uniform(0.0, 0.5), signal.SIGKILL),
             ("save", 3, signal.SIGTERM)]  # a crash at every other save step: in-process, above
    for number, (where, at, how) in enumerate(plans):
        (Path(own_docs.docs_dir) / "zebra.txt").write_text(
            DOCS["zebra.txt"].replace("zeven", f"{number + 8}"), encoding="utf-8")
        process = subprocess.Popen([sys.executable, "-c", PAUSING_QA, str(at if where == "save" else 0), "index",
                                    "--force"], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        assert process.stdout.readline().startswith("BUILDING"), process.stderr.read()[-2000:]
        if where == "save":
            line = process.stdout.readline()
            assert line.startswith("PAUSED"), (line, process.stderr.read()[-2000:])
        else:
            time.sleep(at)  # a random moment of the build (it takes about a second)
        process.send_signal(how)
        out, err = process.communicate(timeout=120)
        print(f"{where} {at:.2f} {how.name}: exit {process.returncode}")
        assert "Traceback" not in err, err[-3000:]
        if how == signal.SIGTERM:
            assert process.returncode == 130 and "interrupted; the previous index is still in place" in err
        answers_correctly(make_pipeline, own_docs)
        answer = make_pipeline(own_docs).ask("Hoe oud is de zebra?")
        assert f"{number + 8}" in answer.text, answer.text


# --- two builds at once, interrupted uploads ---------------------------------------------------------------

def test_a_second_build_waits_for_the_first_then_finds_the_index_up_to_date(own_docs, make_pipeline):
    first_started, release = threading.Event(), threading.Event()

    def slow_progress(done, total):
        first_started.set()
        assert release.wait(60)

    first = make_pipeline(own_docs)
    worker = threading.Thread(target=first.open, kwargs={"progress": slow_progress})
    worker.start()
    assert first_started.wait(60)
    messages: list[str] = []
    second = threading.Thread(target=lambda: messages.append(make_pipeline(own_docs, notify=messages.append).open()))
    second.start()
    deadline = time.monotonic() + 60
    while not any("Another build of this index is running" in str(m) for m in messages) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(f"(process {os.getpid()}); waiting for it to finish" in str(m) for m in messages), messages
    assert second.is_alive()  # it waits instead of building the same index a second time
    release.set()
    worker.join(60)
    second.join(60)
    assert messages[-1] is None  # open() returned None: nothing left to build


def test_an_interrupted_upload_is_rolled_back_and_an_interrupted_removal_undone(own_docs, make_pipeline):
    uploads = Path(own_docs.upload_dir)
    uploads.mkdir()
    (uploads / "half.txt").write_text("Een upload die nooit bevestigd werd.", encoding="utf-8")
    (uploads / (PENDING + "half.txt")).touch()
    (uploads / (REMOVING + "kept.txt")).write_text("De kat van Artis heet Mies.", encoding="utf-8")
    messages: list[str] = []
    pipeline = make_pipeline(own_docs, notify=messages.append)
    pipeline.open()
    assert sorted(p.name for p in uploads.iterdir()) == ["kept.txt"]
    assert set(pipeline.index.documents) == {"brug.txt", "zebra.txt", "uploads/kept.txt"}
    assert any("Removed half.txt" in m and "Upload it again" in m for m in messages), messages
    assert any("Kept kept.txt" in m for m in messages), messages


def test_a_cancelled_upload_changes_nothing(own_docs, make_pipeline, tmp_path):
    pipeline = make_pipeline(own_docs)
    pipeline.open()
    before = set(pipeline.index.documents)
    (tmp_path / "nieuw.txt").write_text("De giraf van Artis heet Gerda.", encoding="utf-8")

    def stop_while_embedding(done, total):
        pipeline.cancel()

    from qa.pipeline import BuildCancelled

    with pytest.raises(BuildCancelled, match="previous index is still in place"):
        pipeline.add_upload(tmp_path / "nieuw.txt", "nieuw.txt", progress=stop_while_embedding)
    assert not any(Path(own_docs.upload_dir).iterdir())
    assert set(make_pipeline(own_docs).index.documents) == before
    assert pipeline.wait_idle(timeout=5)


# --- the app's temporary files ------------------------------------------------------------------------------

def test_temp_folders_of_apps_that_are_gone_are_removed_at_start_and_the_own_at_stop(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("qa_app_temp", Path(__file__).resolve().parent.parent / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        gone = tmp_path / "app-gone"
        (gone / "exports").mkdir(parents=True)
        (gone / ".lock").touch()  # its process died: nobody holds the lock
        running = module.TempSpace(tmp_path)
        (running.folder / "export.md").write_text("x", encoding="utf-8")
        second = module.TempSpace(tmp_path)  # a second app starting while the first runs
        assert not gone.exists() and running.folder.is_dir() and second.folder.is_dir()
        running.remove()
        second.remove()
        assert not any(tmp_path.iterdir())
    finally:
        sys.modules.pop(spec.name, None)
