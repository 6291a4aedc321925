"""The end-to-end pipeline the shells call: documents folder -> index -> retrieval (-> answers).

It owns the lazily loaded embedder and the live index. Updating the index builds a new
``Index`` and swaps the reference, so concurrent readers keep a consistent snapshot.
"""
from __future__ import annotations

import fcntl
import inspect
import os
import re
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from qa.answering import REGISTRY, Answerer, ConversationalAnswerer
from qa.answering.texts import text
from qa.config import Settings
from qa.conversation import Conversation
from qa.data import Answer, Document, Hit
from qa.documents import SUPPORTED_SUFFIXES, LoadReport, TextLimit, load_file, load_folder
from qa.embedding import Embedder, ProgressFn
from qa.errors import QAError
from qa.index import (CURRENT, BuildJournal, BuildProgress, BuildProgressFn, BuildStats, Index, IndexCorrupt,
                      IndexMissing, build_index, build_lock, corpus_key, discard_staging, load_index,
                      save_index)
from qa.language import detect_language
from qa.reading import read
from qa.retrieval import Retriever
from qa.stores import store_kind

Notify = Callable[[str], None]
UPLOAD_PREFIX = "uploads/"
# Marks in the uploads folder (hidden, so never loaded as documents): an upload not yet confirmed, a document
# being removed. A stop or crash in between is rolled back at the next start: the user never got a confirmation.
# The process at work holds a lock on its mark, so replicas sharing the folder leave a live one alone.
PENDING, REMOVING = ".pending-", ".removing-"
MAX_NAME_CHARS = 200


def as_build_progress(progress: ProgressFn | BuildProgressFn | None) -> BuildProgressFn | None:
    """Builds report a ``BuildProgress``; a callback that takes ``(done, total)`` (app.py's progress bars) gets
    the documents done and to do."""
    if progress is None:
        return None
    required = [p for p in inspect.signature(progress).parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(required) != 2:
        return progress
    return lambda record: progress(record.documents_done, record.documents_total)


def hold(path: Path, mode: str = "a+b"):
    """``path`` opened and locked: the mark of an upload or removal at work (close the handle when done)."""
    handle = open(path, mode)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def abandoned(mark: Path) -> bool:
    """No live process holds ``mark``: its upload or removal was cut short (by a stop or crash)."""
    try:
        with open(mark, "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
    except (BlockingIOError, FileNotFoundError):  # at work in some process, or finished meanwhile
        return False


class BuildCancelled(QAError):
    """Indexing stopped at the user's request (the app or `qa index` is stopping)."""


class Pipeline:
    def __init__(self, settings: Settings, notify: Notify | None = None, embedder: Embedder | None = None,
                 answerer: Callable[[Index], Answerer] | None = None):
        """``embedder`` lets several pipelines share one loaded model (tests, benchmarks); ``answerer``
        makes the answering backend for an index (default: the one the ``answerer`` setting names)."""
        self.settings = settings
        self.answerer = answerer or REGISTRY[settings.answerer](
            settings, lambda texts: self.embedder.embed_queries(texts))  # the model loads on first use
        self.notify = notify or (lambda message: None)
        self.index_folder = Path(settings.index_dir) / corpus_key(settings.docs_dir)
        self._embedder = embedder
        self._index: Index | None = None
        self._version = ""  # the version folder the live index was loaded from or saved as
        self._write_lock = threading.Lock()
        self._cancelled = threading.Event()
        self._uploads_seen: tuple | None = None  # the upload folder the live index was built from (``refresh``)
        self._next_check = 0.0

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self.settings, notify=self.notify)
        return self._embedder

    @property
    def index(self) -> Index:
        """The live index, loaded from disk or built on first use."""
        if self._index is None:
            self.open()
        return self._index

    @property
    def loaded_index(self) -> Index | None:
        """The live index if it is loaded, else None: for status checks that must not start a build."""
        return self._index

    def load_documents(self) -> LoadReport:
        """The documents folder plus the app's uploads (ids prefixed ``uploads/``)."""
        limit = TextLimit(self.settings.max_document_chars, "max_document_chars")
        report = load_folder(Path(self.settings.docs_dir), limit=limit)
        uploads = Path(self.settings.upload_dir)
        if uploads.is_dir() and any(not entry.name.startswith(".") for entry in uploads.iterdir()):
            extra = load_folder(uploads, limit=limit)
            report.documents += [replace(d, id=UPLOAD_PREFIX + d.id) for d in extra.documents]
            report.skipped += [(UPLOAD_PREFIX + name, why) for name, why in extra.skipped]
            report.warnings += extra.warnings
        if report.skipped or report.warnings:
            self.notify(report.summary())
        return report

    def add_upload(self, path: Path, name: str, progress: ProgressFn | BuildProgressFn | None = None,
                   temp_dir: Path | None = None) -> list[Document]:
        """Check an uploaded file, keep a copy and index it; a bad file raises QAError and changes nothing.
        Until the index holds it, a hidden pending mark says the copy is unconfirmed (see ``recover``)."""
        safe_name = upload_name(name)
        uploads = Path(self.settings.upload_dir)
        target = uploads / safe_name
        if target.exists():
            raise QAError(f"A document named {safe_name} is already indexed. Remove it first or rename the file.")
        limit = TextLimit(self.settings.max_upload_chars, "max_upload_chars")
        with tempfile.TemporaryDirectory(prefix="qa-upload-", dir=temp_dir) as staging:
            staged = Path(staging) / safe_name
            shutil.copyfile(path, staged)
            documents, _ = load_file(staged, max_file_bytes=self.settings.max_upload_mb * 1_000_000,
                                     limit=limit)  # raises QAError with the reason
            uploads.mkdir(parents=True, exist_ok=True)
            pending = uploads / (PENDING + safe_name)
            mark = hold(pending)
            try:
                shutil.copyfile(staged, target)
            except BaseException:
                pending.unlink(missing_ok=True)
                mark.close()
                raise
        try:
            self.update(progress=progress)
        except BaseException:
            target.unlink(missing_ok=True)  # leave the index and the folder as they were
            raise
        finally:
            pending.unlink(missing_ok=True)
            mark.close()
        return [replace(d, id=UPLOAD_PREFIX + d.id, source=str(target)) for d in documents]

    def remove_document(self, doc_id: str, progress: ProgressFn | BuildProgressFn | None = None) -> None:
        """Remove an uploaded document from the uploads folder and the index."""
        if not doc_id.startswith(UPLOAD_PREFIX):
            raise QAError(f"{doc_id} is part of the documents folder {self.settings.docs_dir}; only uploaded "
                          "documents can be removed here. Remove the file from that folder and run `qa index`.")
        name = doc_id[len(UPLOAD_PREFIX):].split("#", 1)[0]
        target = Path(self.settings.upload_dir) / name
        if not name or name != Path(name).name or name.startswith(".") or not target.is_file():
            raise QAError(f"No uploaded document {doc_id}.")
        holding = target.with_name(REMOVING + name)
        with hold(target, "rb"):  # the lock stays with the file through the rename
            target.rename(holding)
            try:
                self.update(progress=progress)
            except BaseException:
                holding.rename(target)
                raise
            holding.unlink()

    def open(self, progress: ProgressFn | BuildProgressFn | None = None) -> BuildStats | None:
        """Load the index; build it when missing, damaged or out of date. Returns build stats if it built.
        Holds the build lock throughout: a second process waits, then finds the index it just built."""
        with self._exclusive():
            self.recover()
            return self._bring_up_to_date(progress)

    def _bring_up_to_date(self, progress: ProgressFn | BuildProgressFn | None) -> BuildStats | None:
        """(The caller holds the build lock.) Load the live version unless this process holds it already (another
        process sharing the index folder may have saved a newer one), then build if it is not current."""
        live = self._live_version()
        if self._index is None or live != self._version:
            try:
                self._index, self._version = load_index(self.index_folder, self.settings), live
            except IndexMissing:
                self.notify(f"No index yet for {self.settings.docs_dir}: building it.")
            except IndexCorrupt as exc:
                self.notify(f"{exc} Rebuilding the index from the documents.")
        seen = self.uploads_state(settled=False)
        report = self.load_documents()
        if self._index is not None and self._index.is_current(report.documents, self.settings):
            if self._index.tables_recomputed:  # the language data changed: keep the tables of the new data
                self.notify("The language data changed since the index was built: saving its BM25 and sentence "
                            "statistics again (no documents are embedded).")
                self._version = save_index(self._index, self.index_folder).name
                self._index.tables_recomputed = False  # saved now: a later check finds them current
            self._uploads_seen = seen
            return None
        return self._build(report, progress, reuse=True, seen=seen)

    def _live_version(self) -> str:
        try:
            return (self.index_folder / CURRENT).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return ""

    def update(self, report: LoadReport | None = None, progress: ProgressFn | BuildProgressFn | None = None,
               reuse: bool = True) -> BuildStats:
        """Re-index the documents folder, embedding only new or changed documents (all of them without ``reuse``)."""
        with self._exclusive():
            return self._build(report, progress, reuse)

    @contextmanager
    def _exclusive(self):
        """One build at a time: threads of this process by the lock, other processes by the index's file lock."""
        with self._write_lock, build_lock(self.index_folder, self.notify):
            yield

    def _build(self, report: LoadReport | None, progress: ProgressFn | BuildProgressFn | None,
               reuse: bool, seen: tuple | None = None) -> BuildStats:
        """Build and save (the caller holds the build lock); stops at the next batch once ``cancel`` is called.
        Finished batches go to the index's journal first, so a build that is stopped resumes where it was."""
        if report is None:
            seen, report = self.uploads_state(settled=False), self.load_documents()
        if not report.documents:
            raise QAError(f"No readable documents in {self.settings.docs_dir}. Add .txt, .md, .html, .pdf, "
                          ".docx or .jsonl files and run `qa index` again.")
        store_kind(self.settings.store).check(self.settings)
        show = as_build_progress(progress)

        def checked(record: BuildProgress) -> None:
            self._check_cancelled()
            if show:
                show(record)

        self._check_cancelled()
        journal = BuildJournal.for_index(self.index_folder, self.settings, self.embedder.dimension)
        index, stats = build_index(report.documents, self.settings, self.embedder,
                                   self._index if reuse else None, checked, journal, into=self.index_folder)
        try:
            if stats.resumed_documents:
                self.notify(f"Resumed an interrupted build: {stats.resumed_documents} documents were already "
                            "embedded.")
            self._check_cancelled()
            self._version = save_index(index, self.index_folder).name
        finally:
            discard_staging(index)  # a cancelled or failed save leaves no vector files behind
        journal.remove()
        self._index = index
        self._uploads_seen = seen
        return stats

    def cancel(self) -> None:
        """Stop a running build at its next batch (and refuse new ones): the process is shutting down."""
        self._cancelled.set()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no build of this process runs (it rolls back once cancelled); False on timeout."""
        if not self._write_lock.acquire(timeout=timeout):
            return False
        self._write_lock.release()
        return True

    def _check_cancelled(self) -> None:
        """Raise BuildCancelled once ``cancel`` was called: between batches, so torch is never cut off mid-call."""
        if self._cancelled.is_set():
            raise BuildCancelled("Indexing was stopped before it finished; the previous index is still in place. "
                                 "Start again to index the documents.")

    def uploads_state(self, settled: bool = True) -> tuple | None:
        """Name, size and modification time of every document in the upload folder. ``settled``: None while an
        upload or removal is under way there (its mark is present), so nobody indexes a half-added document."""
        try:
            entries = list(os.scandir(self.settings.upload_dir))
        except FileNotFoundError:
            return ()
        if settled and any(entry.name.startswith((PENDING, REMOVING)) and not abandoned(Path(entry.path))
                           for entry in entries):
            return None
        state = []
        for entry in entries:
            if not entry.name.startswith("."):
                try:
                    info = entry.stat()
                except FileNotFoundError:  # removed meanwhile: the next check sees the folder as it is then
                    continue
                state.append((entry.name, info.st_size, info.st_mtime_ns))
        return tuple(sorted(state))

    def refresh(self) -> bool:
        """Catch up with documents another replica added to or removed from the shared upload folder: looks at
        most every ``refresh_s`` seconds and, on a change, updates the index in the background (an incremental
        build, like after an upload here) while readers keep the index they have. True when an update started."""
        now = time.monotonic()
        if not self.settings.refresh_s or self._index is None or now < self._next_check:
            return False
        self._next_check = now + self.settings.refresh_s
        state = self.uploads_state()
        if state is None or state == self._uploads_seen or self._write_lock.locked():
            return False  # an upload is settling, nothing changed, or a build of this process will see it
        threading.Thread(target=self._catch_up, name="qa-refresh", daemon=True).start()
        return True

    def _catch_up(self) -> None:
        try:
            with self._exclusive():
                self._bring_up_to_date(None)
        except Exception as exc:  # the index in use stays; the next check tries again
            self.notify(f"Could not take in the documents another replica changed: {exc}")

    def recover(self) -> None:
        """Roll back what a stop or crash interrupted: an unconfirmed upload is removed, a removal undone."""
        uploads = Path(self.settings.upload_dir)
        if not uploads.is_dir():
            return
        for mark in sorted(uploads.glob(PENDING + "*")):
            if not abandoned(mark):
                continue  # another process (a replica sharing this folder) is adding it right now
            (uploads / mark.name[len(PENDING):]).unlink(missing_ok=True)
            mark.unlink()
            self.notify(f"Removed {mark.name[len(PENDING):]}: its upload was interrupted before it was indexed. "
                        "Upload it again.")
        for holding in sorted(uploads.glob(REMOVING + "*")):
            if not abandoned(holding):
                continue
            holding.rename(uploads / holding.name[len(REMOVING):])
            self.notify(f"Kept {holding.name[len(REMOVING):]}: its removal was interrupted. Remove it again.")

    def retriever(self) -> Retriever:
        return Retriever(self.index, self.embedder, self.settings.hybrid_weight,
                         chunks_per_document=self.settings.chunks_per_document)

    def search(self, query: str, k: int | None = None, mode: str | None = None) -> list[Hit]:
        return self.retriever().search(query, k or self.settings.top_k, mode or self.settings.retriever)

    def ask(self, question: str, conversation: Conversation | None = None, k: int | None = None,
            mode: str | None = None) -> Answer:
        """Answer a question (resolving it against the conversation) and record the turn."""
        *_, answer = self.ask_stream(question, conversation, k, mode)
        return answer

    def ask_stream(self, question: str, conversation: Conversation | None = None, k: int | None = None,
                   mode: str | None = None) -> Iterator[str | Answer]:
        """``ask``, yielding a generative answerer's text as it is written before the final ``Answer``."""
        conversation = conversation if conversation is not None else Conversation()
        previous_lang = conversation.turns[-1].lang if conversation.turns else self.settings.default_lang
        question = clean_question(question, self.settings.max_question_chars, previous_lang)
        lang = detect_language(question, default=previous_lang)
        retriever = self.retriever()
        answerer = self.answerer(retriever.index)
        resolved = conversation.resolve(read(question, retriever.index.vocabulary, self.embedder.lexicon,
                                             same_language=lang in retriever.index.lexical.langs))
        if isinstance(answerer, ConversationalAnswerer):
            resolved = answerer.condense(resolved, conversation)
        query_vector = self.embedder.embed_queries([resolved.query])[0]
        hits = retriever.search(resolved.query, k or self.settings.top_k, mode or self.settings.retriever,
                                query_vector)
        if isinstance(answerer, ConversationalAnswerer):
            events = answerer.stream(resolved.question, resolved.query, hits, lang, query_vector, resolved.excluded,
                                     conversation)
        else:
            events = iter([answerer.answer(resolved.question, resolved.query, hits, lang, query_vector,
                                           excluded=resolved.excluded)])
        for event in events:
            if isinstance(event, Answer):
                answer = event
            else:
                yield event
        answer.question = question
        # the question as read ("wie is ahn duk-geun" -> "wie is Ahn Duk-geun"), so a later pronoun finds its names
        conversation.add(resolved.question, resolved.query, lang, answer.text, answer.lead, answer.lead_kind)
        yield answer

    def evaluation_runner(self, k: int | None = None, mode: str | None = None, answers: bool = True):
        """A function the evaluator calls per question: (hits, answer or None)."""
        def run(question):
            if not answers:
                return self.search(question.question, k, mode), None
            history = Conversation.from_questions(question.history, lambda q, c: self.ask(q, c, k, mode))
            answer = self.ask(question.question, history, k, mode)
            return answer.hits, answer
        return run


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# Lone surrogates (how Python holds undecodable bytes of argv or stdin, and what JSON "\ud800" gives) and the
# replacement character: they cannot be encoded to UTF-8, so they would fail every print, log line and reply.
_UNDECODABLE = re.compile("[\ud800-\udfff\ufffd]")


def decodable(value: str | bytes | None) -> str:
    """Text that encodes to UTF-8: undecodable bytes and lone surrogates are dropped."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return _UNDECODABLE.sub("", value or "")


def clean_question(question: str | bytes, max_chars: int, lang: str = "nl") -> str:
    """Strip undecodable, control and invisible characters; refuse empty and overlong questions with a clear reply."""
    cleaned = " ".join(_CONTROL.sub(" ", decodable(question)).split())
    if not cleaned or not any(ch.isalnum() for ch in cleaned):
        raise QAError(text(lang, "empty_question"))
    if len(cleaned) > max_chars:
        raise QAError(text(detect_language(cleaned[:2000], lang), "too_long", length=len(cleaned), limit=max_chars))
    return cleaned


def upload_name(name: str) -> str:
    """The file name an upload is kept under (path and odd characters removed), or a QAError saying why the
    name cannot be used. A leading dot is refused, not stripped: hidden files are never loaded as documents."""
    raw = Path(decodable(name).replace("\\", "/")).name
    safe = re.sub(r"[^\w.\- ]+", "_", raw).strip()
    shown = safe or "(no name)"
    if not safe or not safe.strip("._- "):
        raise QAError(f"{name!r} has no usable file name. Rename the file (for example report.pdf) and upload it again.")
    if safe.startswith("."):
        raise QAError(f"{shown}: the name starts with a dot, which marks a hidden file that is never indexed. "
                      "Rename it without the leading dot and upload it again.")
    if len(safe) > MAX_NAME_CHARS:
        raise QAError(f"{shown[:40]}…: the name has {len(safe)} characters, at most {MAX_NAME_CHARS} are kept. "
                      "Rename it shorter and upload it again.")
    if Path(safe).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise QAError(f"{shown}: unsupported type ({Path(safe).suffix or 'no extension'}). Upload a file ending in "
                      f"{', '.join(SUPPORTED_SUFFIXES)}.")
    return safe
