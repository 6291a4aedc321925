"""The operations every shell shares (the Gradio app, the CLI and the HTTP API): ask with history, search,
add / remove / list documents, index status and feedback, with plain typed inputs and outputs.

The service talks to ``qa.pipeline.Pipeline`` only, never to the index's storage, so a different store behind
the pipeline changes nothing here. Reads first let the pipeline catch up with documents another replica changed
(``Pipeline.refresh``: a cheap look at the shared upload folder, at most every ``refresh_s``). Expected failures come back as an ``Outcome`` (or a ``QAError`` whose
message says what to do); unexpected ones are logged with their traceback and reported in one plain line.
"""
from __future__ import annotations

import copy
import hashlib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from qa.answering.texts import text
from qa.config import RETRIEVERS
from qa.conversation import Conversation
from qa.data import Answer, Citation, Document, Hit
from qa.embedding import ProgressFn
from qa.errors import QAError
from qa.feedback import FeedbackLog, FeedbackResult
from qa.language import detect_language
from qa.pipeline import UPLOAD_PREFIX, Pipeline, clean_question, decodable
from qa.presentation import clean_display
from qa.stores import StoreUnavailable

MAX_PASSAGES = 20  # passages an app or API client may ask for: the app's slider range
REPLAYED_TURNS = 4  # earlier questions answered again when a client's history is not in the conversation cache
CACHED_CONVERSATIONS = 512  # conversations kept for clients that send their history (the HTTP API)

# Outcome.error values: what went wrong, for a shell to map to its own signal (an HTTP status, an exit code)
INVALID, NOT_FOUND, FORBIDDEN, INTERNAL, UNAVAILABLE = "invalid", "not_found", "forbidden", "internal", "unavailable"


@dataclass(frozen=True)
class Message:
    """One message of a chat history as a client sends it (the OpenAI format's role and text)."""

    role: str  # user | assistant | system
    content: str


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    paragraphs: int
    chars: int
    uploaded: bool  # added through a shell, so it can be removed there; seed documents cannot


@dataclass(frozen=True)
class Outcome:
    """What adding or removing a document did: a message for the user, and on failure what kind it was."""

    ok: bool
    message: str
    error: str = ""  # one of INVALID, NOT_FOUND, FORBIDDEN, INTERNAL, UNAVAILABLE (the store) when not ok
    documents: tuple[DocumentInfo, ...] = ()  # the documents an upload added


@dataclass(frozen=True)
class IndexStatus:
    loaded: bool
    documents: int
    chunks: int
    model: str
    answerer: str
    retriever: str


@dataclass
class Asked:
    """A question made ready to answer: the cleaned question and the conversation it continues."""

    question: str
    conversation: Conversation = field(default_factory=Conversation)


def passages(k, default: int, limit: int = MAX_PASSAGES) -> int:
    """The number of passages a client asked for, kept within 1-limit (clients send anything)."""
    try:
        return min(max(int(k or default), 1), limit)
    except (TypeError, ValueError, OverflowError):
        return default


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(document.id, document.title, len(document.paragraphs), len(document.text),
                        document.id.startswith(UPLOAD_PREFIX))


def _history_key(messages: Sequence[Message]) -> str:
    digest = hashlib.sha256()
    for message in messages:
        digest.update(f"{message.role}\x00{message.content}\x01".encode("utf-8", "replace"))
    return digest.hexdigest()


class Service:
    """One per process around one opened pipeline; safe to share between threads and sessions. Unexpected
    errors are logged to ``log`` (the shell's own logger, so its log says where they happened)."""

    def __init__(self, pipeline: Pipeline, log: logging.Logger | None = None, max_passages: int = MAX_PASSAGES):
        self.pipeline = pipeline
        self.max_passages = max_passages
        self.log = log or logging.getLogger("qa.service")
        self.settings = pipeline.settings
        self.feedback_log = FeedbackLog(self.settings.feedback_file)
        self._conversations: OrderedDict[str, Conversation] = OrderedDict()
        self._conversations_lock = threading.Lock()

    # --- asking -----------------------------------------------------------------------------------

    def ask_stream(self, question: str, conversation: Conversation | None = None, k=None,
                   retriever: str | None = None) -> Iterator[str | Answer]:
        """A model's text as it is written (if the answerer writes one), then the ``Answer``; ``conversation``
        gets the turn. ``k`` and ``retriever`` are taken as clients send them: out of range means the default."""
        self.pipeline.refresh()
        return self.pipeline.ask_stream(question, conversation, k=self._passages(k), mode=self._retriever(retriever))

    def ask(self, question: str, conversation: Conversation | None = None, k=None,
            retriever: str | None = None) -> Answer:
        *_, answer = self.ask_stream(question, conversation, k, retriever)
        return answer

    def prepare(self, messages: Sequence[Message]) -> Asked:
        """The last user message as the question, the ones before it as its conversation. A QAError says what
        is wrong with the messages (none from the user, an empty or overlong question) before any work is done.
        A history this service answered before continues its cached conversation; another one is rebuilt by
        answering its last REPLAYED_TURNS questions again, so follow-ups ("En wie ...?") resolve either way."""
        if not messages or messages[-1].role != "user":
            raise QAError("The last message must be the user's question (role \"user\").")
        history = list(messages[:-1])
        question = clean_question(messages[-1].content, self.settings.max_question_chars, self.settings.default_lang)
        if not any(m.role == "user" for m in history):
            return Asked(question)
        key = _history_key(history)
        with self._conversations_lock:
            cached = self._conversations.get(key)
            if cached is not None:
                self._conversations.move_to_end(key)
                return Asked(question, copy.deepcopy(cached))
        conversation = Conversation()
        for earlier in [m.content for m in history if m.role == "user"][-REPLAYED_TURNS:]:
            try:
                self.ask(earlier, conversation)
            except QAError:
                continue  # an empty or overlong earlier question carries nothing over
        return Asked(question, conversation)

    def remember(self, messages: Sequence[Message], reply: str, conversation: Conversation) -> None:
        """Keep the conversation after ``reply`` so the client's next request (its history plus this reply)
        continues it without answering the history again."""
        key = _history_key([*messages, Message("assistant", reply)])
        with self._conversations_lock:
            self._conversations[key] = copy.deepcopy(conversation)
            self._conversations.move_to_end(key)
            while len(self._conversations) > CACHED_CONVERSATIONS:
                self._conversations.popitem(last=False)

    def failure_text(self, question: str) -> str:
        """What the user reads when answering failed unexpectedly, in the question's language."""
        lang = detect_language(clean_display(decodable(question))[:2000], default=self.settings.default_lang)
        return text(lang, "error")

    def search(self, query: str, k=None, retriever: str | None = None) -> list[Hit]:
        cleaned = clean_question(query, self.settings.max_question_chars, self.settings.default_lang)
        self.pipeline.refresh()
        return self.pipeline.search(cleaned, self._passages(k), self._retriever(retriever))

    def _passages(self, k) -> int:
        return passages(k, self.settings.top_k, self.max_passages)

    @staticmethod
    def _retriever(name) -> str | None:
        """The retriever a client named, or None (the setting) for anything else."""
        return name if name in RETRIEVERS else None

    # --- documents --------------------------------------------------------------------------------

    @property
    def documents(self) -> Mapping[str, Document]:
        """The indexed documents by id (the live index's; the sources panel reads their text)."""
        return self.pipeline.index.documents

    def list_documents(self) -> list[DocumentInfo]:
        """Seed documents first, then uploads, each by id."""
        self.pipeline.refresh()
        return [document_info(d) for d in sorted(self.documents.values(), key=lambda d: (d.id.startswith(
            UPLOAD_PREFIX), d.id))]

    def add_document(self, path: Path, name: str, progress: ProgressFn | None = None,
                     staging_dir: Path | None = None) -> Outcome:
        """Check, keep and index one uploaded file; on any failure nothing changes and the message says why."""
        try:
            added = self.pipeline.add_upload(Path(path), name, progress=progress, temp_dir=staging_dir)
        except StoreUnavailable as exc:
            return Outcome(False, str(exc), UNAVAILABLE)
        except QAError as exc:
            return Outcome(False, str(exc), INVALID)
        except Exception:
            self.log.exception("Adding %s failed", name)
            return Outcome(False, f"{Path(decodable(name)).name}: could not be added because of an unexpected "
                                  "error (see the server log).", INTERNAL)
        titles = ", ".join(f"“{clean_display(d.title)}” ({d.id})" for d in added)
        return Outcome(True, f"Added {titles}. You can ask about it now.",
                       documents=tuple(document_info(d) for d in added))

    def remove_document(self, doc_id: str, progress: ProgressFn | None = None) -> Outcome:
        """Remove an uploaded document; seed documents live in the documents folder and stay."""
        if not doc_id:
            return Outcome(False, "Choose an uploaded document to remove.", INVALID)
        if doc_id not in self.documents:
            return Outcome(False, f"No document {doc_id} is indexed. List the documents to see their ids.",
                           NOT_FOUND)
        try:
            self.pipeline.remove_document(doc_id, progress=progress)
        except StoreUnavailable as exc:
            return Outcome(False, str(exc), UNAVAILABLE)
        except QAError as exc:
            return Outcome(False, str(exc), INVALID if doc_id.startswith(UPLOAD_PREFIX) else FORBIDDEN)
        except Exception:
            self.log.exception("Removing %s failed", doc_id)
            return Outcome(False, f"{doc_id}: could not be removed (see the server log).", INTERNAL)
        return Outcome(True, f"Removed {doc_id}.")

    # --- status and feedback ----------------------------------------------------------------------

    def status(self) -> IndexStatus:
        """What the index holds now; never builds or loads it."""
        index = self.pipeline.loaded_index
        return IndexStatus(index is not None, len(index.documents) if index else 0, len(index) if index else 0,
                           self.settings.model, self.settings.answerer, self.settings.retriever)

    def feedback(self, answer: Answer, rating, session: str = "", turn: int = 0) -> FeedbackResult:
        return self.feedback_log.record(answer, rating, session=session, turn=turn)


def citation_record(citation: Citation) -> dict:
    """A citation as the API and JSON output give it."""
    return {"doc_id": citation.doc_id, "title": citation.title, "paragraph": citation.paragraph,
            "sentence": citation.sentence, "start": citation.start, "end": citation.end,
            "verified": citation.verified}
