"""The app's event handlers: module-level functions of an ``AppContext`` (the service and the app's folders)
and the event's inputs, bound with ``functools.partial`` in ``app.py``. They return what the components show
and can be called in tests without a server.

Each browser session keeps its own ``Session`` (conversation and answers) in ``gr.State``, so users never see
each other's history.
"""
from __future__ import annotations

import functools
import hashlib
import html
import inspect
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from qa import presentation as view
from qa.conversation import Conversation
from qa.data import Answer
from qa.errors import QAError
from qa.index import BuildProgress
from qa.pipeline import decodable
from qa.service import INTERNAL, Service

log = logging.getLogger("qa.app")

# Every streamed update re-sends the chat and makes Gradio diff it: their number, not the answer's length,
# sets what streaming costs the server. A few updates still show the answer growing.
STREAM_UPDATES = 3  # updates per answer before the complete one
STREAM_DELAY = 0.02  # seconds between streamed updates


@dataclass
class Session:
    """What one browser session (or one API client) remembers."""

    conversation: Conversation = field(default_factory=Conversation)
    messages: list[dict] = field(default_factory=list)  # the chat as shown
    answers: list[Answer] = field(default_factory=list)  # answers[i] is turn i + 1
    answer_of_message: dict[int, int] = field(default_factory=dict)  # chat message index -> answers index


@dataclass(frozen=True)
class AppContext:
    """What the handlers work with: the shared service, where exports go, where uploads are checked (the
    system temp folder if None)."""

    service: Service
    export_dir: Path
    staging_dir: Path | None = None


def bind(handler, app: AppContext):
    """``handler`` with its first argument given: a plain (generator) function whose signature and type hints
    are the handler's without it. Gradio injects ``gr.Request``, ``gr.LikeData`` and ``gr.Progress`` by those
    hints, which a ``functools.partial`` would hide."""
    if inspect.isgeneratorfunction(handler):
        def bound(*args, **kwargs):
            yield from handler(app, *args, **kwargs)
    else:
        def bound(*args, **kwargs):
            return handler(app, *args, **kwargs)
    functools.update_wrapper(bound, handler)
    signature = inspect.signature(handler)
    bound.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])
    return bound


def stream_updates(reply: str) -> list[str]:
    """At most STREAM_UPDATES evenly spaced growing prefixes of ``reply`` (whole words, links never cut),
    ending with the whole reply."""
    prefixes = list(view.stream_steps(reply, 1))
    stride = -(-len(prefixes) // STREAM_UPDATES)
    picked = prefixes[stride - 1::stride]
    return picked if picked[-1] == reply else picked + [reply]


def status_html(lines: list[tuple[bool, str]]) -> str:
    return "".join(f'<p class="{"qa-ok" if ok else "qa-fail"}">{"✓" if ok else "✗"} {html.escape(line)}</p>'
                   for ok, line in lines)


def _session_id(request) -> str:
    return getattr(request, "session_hash", "") or ""


def documents_view(app: AppContext):
    """The documents table and the dropdown of removable (uploaded) documents."""
    documents = app.service.documents
    choices = view.removable_choices(documents)
    return (view.render_documents(documents),
            gr.Dropdown(choices=choices, value=choices[0][1] if choices else None, interactive=bool(choices)))


def export(app: AppContext, session: Session, session_id: str) -> str:
    """Write the conversation as Markdown (one file per session, replaced after every answer)."""
    folder = app.export_dir / hashlib.sha256((session_id or "session").encode()).hexdigest()[:24]  # id from client
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("conversation-*.md"):
        old.unlink(missing_ok=True)
    path = folder / f"conversation-{time.strftime('%Y%m%d-%H%M%S')}.md"
    path.write_text(view.conversation_markdown(session.answers), encoding="utf-8")
    return str(path)


def chat(app: AppContext, message, session, retriever, k, show_scores, request: gr.Request):
    """Outputs: (question box, chat messages, sources HTML, session, download button), streamed."""
    session = session if isinstance(session, Session) else Session()
    # Undecodable bytes (lone surrogates) would fail the reply's encoding, and as part of the session's
    # messages every later reply too: they are dropped before anything is kept.
    question = decodable(message) if isinstance(message, (str, bytes)) else ""
    shown = view.render_question(question)
    if shown:
        session.messages = session.messages + [{"role": "user", "content": shown}]
    yield "", session.messages, gr.skip(), session, gr.skip()
    try:
        draft = ""  # a model's text as it is written: shown as plain text until the claim check is done
        for event in app.service.ask_stream(question, session.conversation, k, retriever):
            if isinstance(event, Answer):
                answer = event
                continue
            draft += event
            shown = session.messages + [{"role": "assistant", "content": view.render_message(draft)}]
            yield "", shown, gr.skip(), session, gr.skip()
        turn = len(session.answers) + 1
        reply = view.render_answer(answer, turn)
        sources = view.render_sources(session.answers + [answer], app.service.documents, bool(show_scores))
    except Exception as exc:
        if not isinstance(exc, QAError):
            log.exception("Answering failed for question %r", question[:200])
        failure = str(exc) if isinstance(exc, QAError) else app.service.failure_text(question)
        session.messages = session.messages + [{"role": "assistant", "content": view.render_message(failure)}]
        yield "", session.messages, gr.skip(), session, gr.skip()
        return
    session.answers.append(answer)
    session.answer_of_message[len(session.messages)] = turn - 1
    history = session.messages
    first = True
    for step in [reply] if draft else stream_updates(reply):  # a model's draft streamed already
        session.messages = history + [{"role": "assistant", "content": step}]
        if step == reply:
            break
        yield "", session.messages, sources if first else gr.skip(), session, gr.skip()
        first = False
        time.sleep(STREAM_DELAY)
    try:
        # Only the first answer enables the button: a property update rebuilds the component (and its JSON
        # schema) on the server, a new file for an enabled button is just a value.
        path = export(app, session, _session_id(request))
        download = gr.DownloadButton(value=path, interactive=True) if turn == 1 else path
    except OSError:
        log.exception("Could not write the conversation export")
        download = gr.skip()
    yield "", session.messages, sources, session, download  # API clients read the final outputs only


def reset():
    return Session(), [], view.sources_placeholder(), gr.DownloadButton(value=None, interactive=False)


def rerender_sources(app: AppContext, session, show_scores):
    if not isinstance(session, Session) or not session.answers:
        return view.sources_placeholder()
    return view.render_sources(session.answers, app.service.documents, bool(show_scores))


def on_like(app: AppContext, session, data: gr.LikeData, request: gr.Request):
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    if not isinstance(session, Session) or index not in session.answer_of_message:
        return
    if data.liked not in (True, False):
        return  # a rating taken back: nothing to record
    turn = session.answer_of_message[index]
    result = app.service.feedback(session.answers[turn], data.liked, session=_session_id(request), turn=turn + 1)
    (gr.Info if result.ok else gr.Warning)(html.escape(result.message), duration=4 if result.ok else 10)


def add_documents(app: AppContext, files, progress=gr.Progress()):
    """Outputs: (file input, status HTML, documents HTML, removable documents)."""
    paths = [files] if isinstance(files, str) else list(files or [])
    lines: list[tuple[bool, str]] = []
    for number, path in enumerate(paths, 1):
        name = Path(path).name
        label = f"Indexing {name}" + (f" ({number}/{len(paths)})" if len(paths) > 1 else "")
        progress(0, desc=label)

        def report(build: BuildProgress, label=label) -> None:
            progress(build.fraction, desc=f"{label}: {build.describe()}")

        outcome = app.service.add_document(Path(path), name, progress=report, staging_dir=app.staging_dir)
        if not outcome.ok:
            gr.Warning(html.escape(outcome.message), title="Document not added")
        lines.append((outcome.ok, outcome.message))
    return (None, status_html(lines), *documents_view(app))


def remove_document(app: AppContext, doc_id, progress=gr.Progress()):
    """Outputs: (status HTML, documents HTML, removable documents)."""
    if doc_id:
        progress(0, desc=f"Removing {doc_id}")
    outcome = app.service.remove_document(doc_id or "", progress=lambda build: progress(
        build.fraction, desc=f"Re-indexing: {build.describe()}"))
    if doc_id and not outcome.ok and outcome.error != INTERNAL:
        gr.Warning(html.escape(outcome.message), title="Not removed")
    return status_html([(outcome.ok, outcome.message)]), *documents_view(app)
