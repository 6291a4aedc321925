"""`qa serve`: the HTTP API other programs use, a FastAPI app over ``qa.service.Service`` under uvicorn.

- ``POST /v1/chat/completions``: the OpenAI chat format (model ``qa``; the messages carry the history), plain or
  streamed as server-sent events. The reply text carries the [n] markers; ``citations`` lists what they refer to.
- ``POST /v1/search``, ``GET|POST /v1/documents``, ``DELETE /v1/documents/{id}``, ``GET /v1/models``,
  ``GET /health`` (open even when an API key is set), the schema at ``/openapi.json``.

Every error is JSON in the OpenAI shape, ``{"error": {"message", "type", "code"}}``, and its message says what
to do; a traceback goes to the server log only.
"""
from __future__ import annotations

import hmac
import json
import logging
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator, Literal

import uvicorn
from fastapi import Depends, FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from qa import hosting
from qa.config import Settings
from qa.data import Answer, Hit
from qa.errors import QAError
from qa.pipeline import Pipeline
from qa.service import (FORBIDDEN, INTERNAL, INVALID, NOT_FOUND, MAX_PASSAGES, UNAVAILABLE, Asked, DocumentInfo,
                        Message, Outcome, Service, citation_record)
from qa.stores import StoreUnavailable
from qa.tempspace import TempSpace

log = logging.getLogger("qa.api")

MODEL = "qa"
MAX_MESSAGES = 200  # messages of one chat request; the history replayed is bounded by the service
UPLOAD_OVERHEAD = 64_000  # bytes of multipart framing allowed on top of max_upload_mb
STATUS_OF = {INVALID: 422, NOT_FOUND: 404, FORBIDDEN: 403, INTERNAL: 500, UNAVAILABLE: 503}  # Outcome.error -> status
ERROR_TYPES = {401: "authentication_error", 403: "permission_error", 404: "not_found_error",
               413: "request_too_large", 422: "invalid_request_error", 500: "server_error", 503: "service_unavailable"}


class ApiError(HTTPException):
    """An error the client gets as JSON: status, a message saying what to do, a short machine-readable code."""

    def __init__(self, status: int, message: str, code: str = ""):
        super().__init__(status, message)
        self.code = code


def refused(exc: QAError, code: str) -> ApiError:
    """A QAError as the client gets it: 503 when the store is out of reach (try again later), else 422."""
    if isinstance(exc, StoreUnavailable):
        return ApiError(503, str(exc), "store_unavailable")
    return ApiError(422, str(exc), code)


# --- the request and response bodies (they make the OpenAPI schema) --------------------------------

class ErrorDetail(BaseModel):
    message: str
    type: str
    code: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str = "text"
    text: str = ""


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")  # name, tool_calls ... of other clients
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(part.text for part in self.content if part.type == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # temperature, max_tokens ...: the answer is quoted, not sampled
    model: str = MODEL
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False
    k: int | None = Field(None, ge=1, le=MAX_PASSAGES, description="passages to retrieve (default: top_k)")
    retriever: Literal["hybrid", "dense", "bm25"] | None = None


class CitationOut(BaseModel):
    doc_id: str
    title: str
    paragraph: int
    sentence: str
    start: int = Field(description="character span of the sentence in the document")
    end: int
    verified: bool | None = Field(description="a model's claim checked against this sentence; null for quotes")


class ReplyMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ReplyMessage
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL
    choices: list[Choice]
    citations: list[CitationOut]
    abstained: bool
    answered_by: str
    notice: str


class SearchRequest(BaseModel):
    query: str = Field(min_length=1)
    k: int | None = Field(None, ge=1, le=MAX_PASSAGES)
    retriever: Literal["hybrid", "dense", "bm25"] | None = None


class HitOut(BaseModel):
    rank: int
    score: float
    scores: dict[str, float]
    doc_id: str
    title: str
    paragraph: int
    start: int
    end: int
    text: str


class SearchResponse(BaseModel):
    hits: list[HitOut]


class DocumentOut(BaseModel):
    id: str
    title: str
    paragraphs: int
    chars: int
    uploaded: bool


class DocumentList(BaseModel):
    documents: list[DocumentOut]


class DocumentsChanged(BaseModel):
    message: str
    documents: list[DocumentOut] = []


class Health(BaseModel):
    status: Literal["ok", "starting"]
    index_loaded: bool
    documents: int
    chunks: int
    model: str
    answerer: str


class ModelOut(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "qa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


ERRORS = {status: {"model": ErrorBody} for status in (401, 413, 422, 500, 503)}


# --- conversions ----------------------------------------------------------------------------------

def completion(answer: Answer, ident: str, created: int) -> ChatCompletion:
    return ChatCompletion(id=ident, created=created, choices=[Choice(message=ReplyMessage(content=answer.text))],
                          citations=[CitationOut(**citation_record(c)) for c in answer.citations],
                          abstained=answer.abstained, answered_by=answer.answered_by, notice=answer.notice)


def hit_out(hit: Hit) -> HitOut:
    chunk = hit.chunk
    return HitOut(rank=hit.rank, score=hit.score, scores=hit.scores, doc_id=chunk.doc_id, title=chunk.title,
                  paragraph=chunk.paragraph, start=chunk.start, end=chunk.end, text=chunk.text)


def document_out(info: DocumentInfo) -> DocumentOut:
    return DocumentOut(id=info.id, title=info.title, paragraphs=info.paragraphs, chars=info.chars,
                       uploaded=info.uploaded)


def changed(outcome: Outcome) -> DocumentsChanged:
    if not outcome.ok:
        raise ApiError(STATUS_OF[outcome.error], outcome.message, outcome.error)
    return DocumentsChanged(message=outcome.message, documents=[document_out(d) for d in outcome.documents])


def error_response(status: int, message: str, code: str = "") -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(message=message, type=ERROR_TYPES.get(status, "invalid_request_error"),
                                       code=code or None))
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def validation_message(exc: RequestValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "body"
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return "The request is not valid: " + "; ".join(problems) + ". Fix it as /openapi.json describes."


_PIECE = re.compile(r"\S+\s*|\s+")


def sse(data: dict | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


# --- the app ----------------------------------------------------------------------------------------

class BodyLimit:
    """Refuses request bodies over the limit with 413 before they are read (by Content-Length) or while they
    are (a chunked body), so a huge body never fills the memory."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.default = settings.api_max_body_kb * 1024
        self.upload = settings.max_upload_mb * 1_000_000 + UPLOAD_OVERHEAD

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        is_upload = scope["method"] == "POST" and scope["path"].rstrip("/") == "/v1/documents"
        limit = self.upload if is_upload else self.default
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            return await self._refuse(limit, scope, receive, send)
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise ApiError(413, self._message(limit), "body_too_large")
            return message

        await self.app(scope, counted, send)

    def _message(self, limit: int) -> str:
        return (f"The request body is larger than {limit:,} bytes. Send a shorter request (or a smaller file); the "
                "limits are the settings api_max_body_kb and max_upload_mb.")

    async def _refuse(self, limit, scope, receive, send):
        await error_response(413, self._message(limit), "body_too_large")(scope, receive, send)


def create_app(service: Service, staging_dir: Path | None = None) -> FastAPI:
    """The API over one service; uploads are staged in ``staging_dir`` (the system temp folder if None)."""
    settings = service.settings
    app = FastAPI(title="qa: ask the documents", version="1", docs_url=None, redoc_url=None,
                  description="Answers quoted from the documents with exact citations. Chat in the OpenAI format.")
    bearer = HTTPBearer(auto_error=False, description="QA_API_KEY, when the server sets one")

    def authorized(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if not settings.api_key:
            return
        given = (credentials.credentials if credentials else "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, settings.api_key.encode("utf-8")):
            raise ApiError(401, "Missing or wrong API key: send the header \"Authorization: Bearer <QA_API_KEY>\".",
                           "invalid_api_key")

    guarded = [Depends(authorized)]

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        messages = {404: f"No endpoint {request.url.path}. See /openapi.json for the endpoints.",
                    405: f"{request.method} is not allowed on {request.url.path}. See /openapi.json."}
        message = exc.detail if isinstance(exc, ApiError) else messages.get(exc.status_code, str(exc.detail))
        return error_response(exc.status_code, message, getattr(exc, "code", ""))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return error_response(422, validation_message(exc), "invalid_request")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(500, "Unexpected error on the server (see its log). Try again; if it keeps failing, "
                                   "report it with the time of the request.", "internal")

    @app.get("/health", response_model=Health)
    def health() -> Health:
        status = service.status()
        return Health(status="ok" if status.loaded else "starting", index_loaded=status.loaded,
                      documents=status.documents, chunks=status.chunks, model=status.model, answerer=status.answerer)

    @app.get("/v1/models", response_model=ModelList, dependencies=guarded, responses=ERRORS)
    def models() -> ModelList:
        return ModelList(data=[ModelOut(id=MODEL)])

    @app.post("/v1/chat/completions", response_model=ChatCompletion, dependencies=guarded, responses={
        **ERRORS, 200: {"content": {"text/event-stream": {}}, "description": "with stream: server-sent events"}})
    def chat_completions(body: ChatRequest):
        if body.model != MODEL:
            raise ApiError(404, f"Unknown model {body.model[:100]!r}: use \"{MODEL}\" (GET /v1/models lists it).",
                           "model_not_found")
        messages = [Message(m.role, m.text()) for m in body.messages]
        try:
            asked = service.prepare(messages)
        except QAError as exc:
            raise ApiError(422, str(exc), "invalid_question") from None
        ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if body.stream:
            return StreamingResponse(stream_reply(service, messages, asked, body, ident, created),
                                     media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        try:
            answer = service.ask(asked.question, asked.conversation, body.k, body.retriever)
        except QAError as exc:
            raise refused(exc, "invalid_question") from None
        service.remember(messages, answer.text, asked.conversation)
        return completion(answer, ident, created)

    @app.post("/v1/search", response_model=SearchResponse, dependencies=guarded, responses=ERRORS)
    def search(body: SearchRequest) -> SearchResponse:
        try:
            hits = service.search(body.query, body.k, body.retriever)
        except QAError as exc:
            raise refused(exc, "invalid_query") from None
        return SearchResponse(hits=[hit_out(hit) for hit in hits])

    @app.get("/v1/documents", response_model=DocumentList, dependencies=guarded, responses=ERRORS)
    def documents() -> DocumentList:
        return DocumentList(documents=[document_out(d) for d in service.list_documents()])

    @app.post("/v1/documents", response_model=DocumentsChanged, status_code=201, dependencies=guarded,
              responses=ERRORS)
    def upload(file: UploadFile = File(description=".txt .md .html .htm .pdf .docx or .jsonl")) -> DocumentsChanged:
        with tempfile.TemporaryDirectory(prefix="api-upload-", dir=staging_dir) as folder:
            staged = Path(folder) / "upload"
            with open(staged, "wb") as handle:
                shutil.copyfileobj(file.file, handle)
            return changed(service.add_document(staged, file.filename or "", staging_dir=staging_dir))

    @app.delete("/v1/documents/{doc_id:path}", response_model=DocumentsChanged, dependencies=guarded,
                responses={**ERRORS, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}})
    def remove(doc_id: str) -> DocumentsChanged:
        return changed(service.remove_document(doc_id))

    app.add_middleware(BodyLimit, settings=settings)
    origins = [origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])
    return app


def stream_reply(service: Service, messages: list[Message], asked: Asked, body: ChatRequest, ident: str,
                 created: int) -> Iterator[str]:
    """The answer as OpenAI chat-completion chunks. A model's draft is not sent: only the checked answer is
    (its claims may be dropped or the extractive answer may stand in), so the client gets comments while the
    model writes, then the answer a few words per chunk; the last chunk carries the citations."""
    def chunk(delta: dict, finish: str | None = None, **extra) -> str:
        return sse({"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})

    yield chunk({"role": "assistant", "content": ""})
    try:
        for event in service.ask_stream(asked.question, asked.conversation, body.k, body.retriever):
            if isinstance(event, Answer):
                answer = event
            else:
                yield ": the model is writing; its checked answer follows\n\n"
    except Exception as exc:
        if not isinstance(exc, QAError):
            log.exception("Answering failed for question %r", asked.question[:200])
        message = str(exc) if isinstance(exc, QAError) else service.failure_text(asked.question)
        yield sse({"error": {"message": message, "type": ERROR_TYPES[500], "code": "answer_failed"}})
        return
    service.remember(messages, answer.text, asked.conversation)
    for piece in _PIECE.findall(answer.text):
        yield chunk({"content": piece})
    final = completion(answer, ident, created)
    yield chunk({}, "stop", citations=[c.model_dump() for c in final.citations], abstained=final.abstained,
                answered_by=final.answered_by, notice=final.notice)
    yield sse("[DONE]")


class _Server(uvicorn.Server):
    """uvicorn's server; a stop signal also cancels a running index build, so an upload in progress rolls
    back instead of holding the shutdown."""

    def __init__(self, config: uvicorn.Config, pipeline: Pipeline):
        super().__init__(config)
        self.pipeline = pipeline

    def handle_exit(self, sig, frame) -> None:
        self.pipeline.cancel()
        super().handle_exit(sig, frame)


def serve(pipeline: Pipeline, temp: TempSpace) -> int:
    """Serve the API until stopped (see ``qa.hosting.run``). Returns the exit status."""
    settings = pipeline.settings
    app = create_app(Service(pipeline, log=log), staging_dir=temp.folder)
    server = _Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info",
                                    timeout_graceful_shutdown=10), pipeline)
    print(f"Serving the API on http://{settings.host}:{settings.port} (schema: /openapi.json).", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # the stop signal uvicorn hands back to the process after its graceful shutdown
    except SystemExit:  # uvicorn could not bind the address (it logged why)
        return hosting.cannot_serve("qa serve", settings, OSError("address not available"))
    return 0
