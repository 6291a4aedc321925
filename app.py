"""The chat app: `python app.py` (or `make run`) serves it on settings.host:settings.port.

A thin Gradio shell around the library: ``qa.pipeline.Pipeline`` answers (one per process,
shared by every session; its index is swapped atomically when documents are added or
removed), ``qa.presentation`` renders answers, sources and exports, ``qa.feedback`` stores
ratings. Each browser session keeps its own ``Session`` (conversation and answers) in
``gr.State``, so users never see each other's history.

API (``gradio_client.Client(url).predict(..., api_name=...)``):
  /chat             (message, retriever, k, show_scores) -> (textbox, chat messages, sources HTML, export file)
  /reset            () -> new conversation
  /upload           (files) -> (files, status HTML, documents HTML, removable documents)
  /remove_document  (doc_id) -> (status HTML, documents HTML, removable documents)
  /documents        () -> (documents HTML, removable documents)
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry, no update checks

import fcntl
import hashlib
import html
import importlib.util
import logging
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

if importlib.util.find_spec("matplotlib") is None:
    # Gradio tries `import matplotlib` around every event; remembering that it is absent makes that attempt
    # fail at once instead of searching every folder of sys.path (about 5% of a chat request's CPU).
    sys.modules["matplotlib"] = None

from qa import presentation as view
from qa.answering.texts import text
from qa.config import RETRIEVERS, Settings, load_settings
from qa.conversation import Conversation
from qa.data import Answer
from qa.embedding import Embedder
from qa.errors import QAError
from qa.feedback import FeedbackLog
from qa.language import detect_language
from qa.pipeline import Pipeline, decodable

log = logging.getLogger("qa.app")

EXAMPLES = [
    "Wie heeft de overeenkomst ondertekend?",
    "Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?",
    "Waar werd de grote bedrijvenbijeenkomst gehouden?",
    "En wie was daarbij aanwezig?",
    "Who signed the agreement?",
    "When does the agreement take effect?",
]
UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".pdf", ".docx"]
# Every streamed update re-sends the chat and makes Gradio diff it: their number, not the answer's length,
# sets what streaming costs the server. A few updates still show the answer growing.
STREAM_UPDATES = 3  # updates per answer before the complete one
STREAM_DELAY = 0.02  # seconds between streamed updates
QUERY_BATCH_WINDOW = 0.01  # seconds the first query waits for others to embed with it
CHAT_CONCURRENCY = 16  # chat requests at once: 8 or 32 were slower at 32 users on 2 cores (bench/load.py)


@dataclass
class Session:
    """What one browser session (or one API client) remembers."""

    conversation: Conversation = field(default_factory=Conversation)
    messages: list[dict] = field(default_factory=list)  # the chat as shown
    answers: list[Answer] = field(default_factory=list)  # answers[i] is turn i + 1
    answer_of_message: dict[int, int] = field(default_factory=dict)  # chat message index -> answers index


HEAD = """
<script>
// A click on a citation marker [n] in the chat brings its source card into view and flashes it.
document.addEventListener('click', function (event) {
  const link = event.target.closest && event.target.closest('a[href^="#source-"], a[href^="#related-"]');
  if (!link) return;
  const target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  for (let node = target.parentElement; node; node = node.parentElement) {
    if (node.tagName === 'DETAILS') node.open = true;
  }
  document.querySelectorAll('.qa-source.qa-target').forEach(function (el) { el.classList.remove('qa-target'); });
  void target.offsetWidth;
  target.classList.add('qa-target');
  target.scrollIntoView({behavior: 'smooth', block: 'center'});
}, true);
</script>
"""

CSS = """
.gradio-container { max-width: 1480px !important; }
#qa-header { padding: 4px 2px 2px; }
#qa-header h1 { font-size: 1.45rem; font-weight: 650; margin: 0; letter-spacing: -0.01em; }
#qa-header p { margin: 4px 0 0; color: var(--body-text-color-subdued); font-size: .92rem; }
#qa-chat a[href^="#source-"], #qa-chat a[href^="#related-"] {
  text-decoration: none; font-weight: 600; font-size: .82em; padding: 0 .3em; margin: 0 .05em;
  border-radius: 5px; color: var(--color-accent); background: var(--color-accent-soft); white-space: nowrap;
}
#qa-chat a[href^="#source-"]:hover { filter: brightness(0.92); text-decoration: underline; }
#qa-chat blockquote { margin: .4em 0; padding: .2em .8em; border-left: 3px solid var(--color-accent);
  color: var(--body-text-color); background: var(--background-fill-secondary); border-radius: 0 6px 6px 0; }
#qa-sources-box { border: 1px solid var(--border-color-primary); border-radius: var(--radius-lg);
  background: var(--block-background-fill); padding: 0 !important; }
#qa-sources-box .html-container { height: 600px; overflow-y: auto; padding: 14px 16px; scroll-behavior: smooth; }
.qa-sources { font-size: .93rem; line-height: 1.55; }
.qa-sources.qa-empty { color: var(--body-text-color-subdued); display: flex; flex-direction: column;
  justify-content: center; height: 560px; text-align: center; padding: 0 2em; }
.qa-sources.qa-empty p { margin: .2em 0; }
.qa-sources .qa-asked { margin: 0 0 .2em; font-weight: 600; }
.qa-sources .qa-asked-label, .qa-sources .qa-earlier-label { display: inline-block; font-size: .72rem;
  text-transform: uppercase; letter-spacing: .06em; color: var(--body-text-color-subdued); margin-right: .4em;
  font-weight: 600; }
.qa-sources .qa-searched { margin: 0 0 .4em; font-size: .85rem; color: var(--body-text-color-subdued); }
.qa-sources h3.qa-heading { font-size: .78rem; text-transform: uppercase; letter-spacing: .07em; margin: .9em 0 .5em;
  color: var(--body-text-color-subdued); font-weight: 650; }
.qa-sources ol.qa-cards { list-style: none; padding: 0; margin: 0; }
.qa-sources li.qa-source { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 12px;
  margin: 0 0 10px; background: var(--background-fill-primary); scroll-margin: 16px;
  transition: box-shadow .3s, border-color .3s; }
.qa-sources li.qa-source.qa-target, .qa-sources li.qa-source:target { border-color: var(--color-accent);
  box-shadow: 0 0 0 3px var(--color-accent-soft); }
.qa-sources .qa-card-head { display: flex; gap: .55em; align-items: baseline; }
.qa-sources .qa-num { flex: none; min-width: 1.6em; height: 1.6em; line-height: 1.6em; text-align: center;
  border-radius: 6px; font-size: .8rem; font-weight: 700; color: var(--color-accent);
  background: var(--color-accent-soft); }
.qa-sources .qa-related .qa-num { color: var(--body-text-color-subdued); background: var(--background-fill-secondary); }
.qa-sources .qa-doc-title { font-weight: 600; }
.qa-sources .qa-card-sub { font-size: .8rem; color: var(--body-text-color-subdued); margin: .1em 0 .4em 2.15em; }
.qa-sources .qa-doc-id { font-family: var(--font-mono); font-size: .76rem; }
.qa-sources p.qa-paragraph { margin: 0 0 0 2.15em; white-space: pre-line; overflow-wrap: anywhere; }
.qa-sources mark { background: #fde68a; color: #1f2937; padding: .05em .15em; border-radius: 3px;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.qa-sources .qa-scores { margin: .45em 0 0 2.15em; font-family: var(--font-mono); font-size: .74rem;
  color: var(--body-text-color-subdued); }
.qa-sources .qa-score span { opacity: .8; }
.qa-sources details.qa-earlier { border-top: 1px solid var(--border-color-primary); padding: .5em 0 .2em;
  margin-top: .6em; }
.qa-sources details.qa-earlier > summary { cursor: pointer; font-size: .88rem; color: var(--body-text-color); }
.qa-sources details.qa-retrieved { margin-top: .6em; font-size: .82rem; }
.qa-sources details.qa-retrieved > summary { cursor: pointer; color: var(--body-text-color-subdued); font-weight: 600; }
.qa-sources table.qa-hits { width: 100%; border-collapse: collapse; margin-top: .4em; }
.qa-sources table.qa-hits th, .qa-sources table.qa-hits td { border-bottom: 1px solid var(--border-color-primary);
  padding: 4px 6px; text-align: left; vertical-align: top; }
.qa-sources table.qa-hits td:nth-child(n+3) { font-family: var(--font-mono); white-space: nowrap; }
.qa-sources .qa-snippet { color: var(--body-text-color-subdued); font-size: .78rem; }
.qa-sources .qa-none { color: var(--body-text-color-subdued); }
#qa-doc-list { margin-top: 4px; }
.qa-doc-table { width: 100%; border-collapse: collapse; font-size: .88rem; color: var(--body-text-color); }
.qa-doc-table th { font-size: .72rem; text-transform: uppercase; letter-spacing: .06em; font-weight: 650;
  color: var(--body-text-color-subdued); }
.qa-doc-table th, .qa-doc-table td { border: 0; border-bottom: 1px solid var(--border-color-primary); padding: 6px 8px;
  text-align: left; vertical-align: top; }
.qa-doc-table tr:last-child td { border-bottom: 0; }
#qa-remove-row { align-items: flex-end; }
#qa-remove { flex-grow: 0 !important; align-self: flex-end; margin-bottom: 2px; }
.qa-doc-table .qa-doc-id { font-family: var(--font-mono); font-size: .78rem; color: var(--body-text-color-subdued);
  overflow-wrap: anywhere; }
.qa-badge { font-size: .72rem; padding: .1em .5em; border-radius: 999px; white-space: nowrap; }
.qa-badge.qa-seed { background: var(--background-fill-secondary); color: var(--body-text-color-subdued); }
.qa-badge.qa-uploaded { background: var(--color-accent-soft); color: var(--color-accent); }
#qa-status p { margin: .2em 0; font-size: .88rem; overflow-wrap: anywhere; }
#qa-status .qa-ok { color: #15803d; }
#qa-status .qa-fail { color: #b91c1c; }
.qa-note { font-size: .82rem; color: var(--body-text-color-subdued); }
footer { display: none !important; }
"""


def _console_progress(label: str):
    """A (done, total) callback that prints a line now and then while the index is built."""
    state = {"last": 0.0}

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - state["last"] > 2:
            state["last"] = now
            print(f"{label}: {done}/{total} passages", file=sys.stderr, flush=True)

    return report


def _stream_updates(reply: str) -> list[str]:
    """At most STREAM_UPDATES evenly spaced growing prefixes of ``reply`` (whole words, links never cut),
    ending with the whole reply."""
    prefixes = list(view.stream_steps(reply, 1))
    stride = -(-len(prefixes) // STREAM_UPDATES)
    picked = prefixes[stride - 1::stride]
    return picked if picked[-1] == reply else picked + [reply]


def _passages(k, default: int) -> int:
    """The number of passages a client asked for, kept within the slider's 1-20 (API clients send anything)."""
    try:
        return min(max(int(k or default), 1), 20)
    except (TypeError, ValueError, OverflowError):
        return default


def _status(lines: list[tuple[bool, str]]) -> str:
    return "".join(f'<p class="{"qa-ok" if ok else "qa-fail"}">{"✓" if ok else "✗"} {html.escape(line)}</p>'
                   for ok, line in lines)


class BatchedQueries:
    """An embedder whose concurrent ``embed_queries`` calls (one per chat request) run as one batch. Embedding
    a query is about half of a request's CPU; one call with 16 short queries costs about five single calls,
    while 16 separate calls each pay the model's per-call overhead and fight for the cores.
    The first caller embeds what has queued up, batch after batch, until nothing waits; the others block."""

    def __init__(self, embedder):
        self.inner = embedder
        self._lock = threading.Lock()
        self._waiting: list[tuple[list[str], Future]] = []
        self._running = False

    def embed_queries(self, texts: list[str]):
        future: Future = Future()
        with self._lock:
            self._waiting.append((texts, future))
            lead, self._running = not self._running, True
        if lead:
            time.sleep(QUERY_BATCH_WINDOW)  # let the queries of requests arriving at the same time join
            self._embed_waiting()
        return future.result()

    def _embed_waiting(self) -> None:
        while True:
            with self._lock:
                batch, self._waiting = self._waiting, []
                if not batch:
                    self._running = False
                    return
            try:
                vectors = self.inner.embed_queries([text for texts, _ in batch for text in texts])
            except Exception as exc:  # every caller of the batch gets the error, as a lone call would
                for _, future in batch:
                    future.set_exception(exc)
                continue
            row = 0
            for texts, future in batch:
                future.set_result(vectors[row:row + len(texts)])
                row += len(texts)

    def __getattr__(self, name):  # embed_passages, dimension, name ...
        return getattr(self.inner, name)


class TempSpace:
    """This process's folder under the ``temp_dir`` setting, for conversation exports, staged uploads and
    Gradio's copies of uploaded files. It is locked while the process lives; folders whose lock is free belong
    to processes that are gone (even killed ones) and are removed at start, and the own folder at stop."""

    def __init__(self, root: Path):
        root.mkdir(parents=True, exist_ok=True)
        for folder in root.glob("app-*"):
            if self._abandoned(folder):
                shutil.rmtree(folder, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix="app-", dir=root))
        self._lock = open(self.folder / ".lock", "w")
        fcntl.flock(self._lock, fcntl.LOCK_EX)

    @staticmethod
    def _abandoned(folder: Path) -> bool:
        """No process holds its lock (a folder without one yet is only abandoned after a minute)."""
        try:
            with open(folder / ".lock", "r") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
        except BlockingIOError:
            return False
        except FileNotFoundError:
            return folder.exists() and time.time() - folder.stat().st_mtime > 60

    def remove(self) -> None:
        self._lock.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def build_app(pipeline: Pipeline, export_dir: Path, staging_dir: Path | None = None) -> gr.Blocks:
    """The Gradio app around one shared, opened pipeline; exports go to ``export_dir``, uploads are checked
    in ``staging_dir`` (the system temp folder if None)."""
    settings: Settings = pipeline.settings
    feedback = FeedbackLog(settings.feedback_file)

    def documents_view():
        documents = pipeline.index.documents
        choices = view.removable_choices(documents)
        return (view.render_documents(documents),
                gr.Dropdown(choices=choices, value=choices[0][1] if choices else None, interactive=bool(choices)))

    def export(session: Session, session_id: str) -> str:
        """Write the conversation as Markdown (one file per session, replaced after every answer)."""
        folder = export_dir / hashlib.sha256((session_id or "session").encode()).hexdigest()[:24]  # id from client
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("conversation-*.md"):
            old.unlink(missing_ok=True)
        path = folder / f"conversation-{time.strftime('%Y%m%d-%H%M%S')}.md"
        path.write_text(view.conversation_markdown(session.answers), encoding="utf-8")
        return str(path)

    def chat(message, session, retriever, k, show_scores, request: gr.Request):
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
            for event in pipeline.ask_stream(question, session.conversation, k=_passages(k, settings.top_k),
                                             mode=retriever if retriever in RETRIEVERS else None):
                if isinstance(event, Answer):
                    answer = event
                    continue
                draft += event
                shown = session.messages + [{"role": "assistant", "content": view.render_message(draft)}]
                yield "", shown, gr.skip(), session, gr.skip()
            turn = len(session.answers) + 1
            reply = view.render_answer(answer, turn)
            sources = view.render_sources(session.answers + [answer], pipeline.index.documents, bool(show_scores))
        except QAError as exc:
            session.messages = session.messages + [{"role": "assistant", "content": view.render_message(str(exc))}]
            yield "", session.messages, gr.skip(), session, gr.skip()
            return
        except Exception:
            log.exception("Answering failed for question %r", question[:200])
            lang = detect_language(view.clean_display(question)[:2000], default=settings.default_lang)
            reply = view.render_message(text(lang, "error"))
            session.messages = session.messages + [{"role": "assistant", "content": reply}]
            yield "", session.messages, gr.skip(), session, gr.skip()
            return
        session.answers.append(answer)
        index = len(session.messages)
        session.answer_of_message[index] = turn - 1
        history = session.messages
        first = True
        for step in [reply] if draft else _stream_updates(reply):  # a model's draft streamed already
            session.messages = history + [{"role": "assistant", "content": step}]
            if step == reply:
                break
            yield "", session.messages, sources if first else gr.skip(), session, gr.skip()
            first = False
            time.sleep(STREAM_DELAY)
        try:
            # Only the first answer enables the button: a property update rebuilds the component (and its JSON
            # schema) on the server, a new file for an enabled button is just a value.
            path = export(session, getattr(request, "session_hash", "") or "")
            download = gr.DownloadButton(value=path, interactive=True) if turn == 1 else path
        except OSError:
            log.exception("Could not write the conversation export")
            download = gr.skip()
        yield "", session.messages, sources, session, download  # API clients read the final outputs only

    def reset():
        return Session(), [], view.sources_placeholder(), gr.DownloadButton(value=None, interactive=False)

    def rerender_sources(session, show_scores):
        if not isinstance(session, Session) or not session.answers:
            return view.sources_placeholder()
        return view.render_sources(session.answers, pipeline.index.documents, bool(show_scores))

    def on_like(session, data: gr.LikeData, request: gr.Request):
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        if not isinstance(session, Session) or index not in session.answer_of_message:
            return
        if data.liked not in (True, False):
            return  # a rating taken back: nothing to record
        answer = session.answers[session.answer_of_message[index]]
        result = feedback.record(answer, data.liked, session=getattr(request, "session_hash", "") or "",
                                 turn=session.answer_of_message[index] + 1)
        (gr.Info if result.ok else gr.Warning)(html.escape(result.message), duration=4 if result.ok else 10)

    def add_documents(files, progress=gr.Progress()):
        paths = [files] if isinstance(files, str) else list(files or [])
        lines: list[tuple[bool, str]] = []
        for number, path in enumerate(paths, 1):
            name = Path(path).name
            label = f"Indexing {name}" + (f" ({number}/{len(paths)})" if len(paths) > 1 else "")
            progress(0, desc=label)

            def report(done: int, total: int, label=label) -> None:
                progress((done, total), desc=label, unit="passages")

            try:
                documents = pipeline.add_upload(Path(path), name, progress=report, temp_dir=staging_dir)
            except QAError as exc:
                gr.Warning(html.escape(str(exc)), title="Document not added")
                lines.append((False, str(exc)))
            except Exception:
                log.exception("Adding %s failed", name)
                message = f"{name}: could not be added because of an unexpected error (see the server log)."
                gr.Warning(html.escape(message), title="Document not added")
                lines.append((False, message))
            else:
                titles = ", ".join(f"“{view.clean_display(d.title)}” ({d.id})" for d in documents)
                lines.append((True, f"Added {titles}. You can ask about it now."))
        return (None, _status(lines), *documents_view())

    def remove_document(doc_id, progress=gr.Progress()):
        if not doc_id:
            return _status([(False, "Choose an uploaded document to remove.")]), *documents_view()
        progress(0, desc=f"Removing {doc_id}")
        try:
            pipeline.remove_document(doc_id, progress=lambda done, total: progress((done, total), desc="Re-indexing"))
        except QAError as exc:
            gr.Warning(html.escape(str(exc)), title="Not removed")
            return _status([(False, str(exc))]), *documents_view()
        except Exception:
            log.exception("Removing %s failed", doc_id)
            return _status([(False, f"{doc_id}: could not be removed (see the server log).")]), *documents_view()
        return _status([(True, f"Removed {doc_id}.")]), *documents_view()

    with gr.Blocks(title="Ask the documents", analytics_enabled=False, delete_cache=(3600, 24 * 3600)) as demo:
        session = gr.State(Session())
        gr.HTML('<div id="qa-header"><h1>Ask the documents · Vraag het de documenten</h1>'
                "<p>Answers are quoted from the documents, with the exact sentence as source. "
                "Click a marker such as [1] to see the passage. "
                "Antwoorden komen letterlijk uit de documenten; klik op [1] om de bron te zien.</p></div>",
                js_on_load=None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                chatbot = gr.Chatbot(
                    elem_id="qa-chat", show_label=False, label="Chat", height=480, layout="bubble",
                    sanitize_html=True, render_markdown=True, allow_tags=False, latex_delimiters=[],
                    buttons=["copy"], feedback_options=("Like", "Dislike"),
                    placeholder="**Stel een vraag over de documenten** · Ask a question about the documents",
                )
                with gr.Row():
                    question = gr.Textbox(elem_id="qa-question", label="Question", show_label=False, scale=8,
                                          lines=1, max_lines=5, placeholder="Stel een vraag… / Ask a question…",
                                          autofocus=True)
                    ask = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="qa-ask")
                examples = gr.Examples(EXAMPLES, inputs=[question], label="Examples (click to ask)",
                                       examples_per_page=len(EXAMPLES))
                with gr.Row():
                    new_chat = gr.Button("New conversation", size="sm", variant="secondary")
                    download = gr.DownloadButton("Download conversation (.md)", size="sm", interactive=False,
                                                 elem_id="qa-download")
            with gr.Column(scale=2, min_width=360):
                sources = gr.HTML(view.sources_placeholder(), label="Sources", elem_id="qa-sources-box",
                                  js_on_load=None, apply_default_css=False)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                with gr.Accordion("Documents", open=False, elem_id="qa-documents"):
                    files = gr.File(label="Add documents (.txt .md .html .pdf .docx)", file_count="multiple",
                                    file_types=UPLOAD_TYPES, height=120, elem_id="qa-upload")
                    status = gr.HTML("", label="Status", elem_id="qa-status", js_on_load=None,
                                     apply_default_css=False)
                    documents_html = gr.HTML(label="Indexed documents", elem_id="qa-doc-list", js_on_load=None,
                                             apply_default_css=False)
                    with gr.Row(equal_height=False, elem_id="qa-remove-row"):
                        removable = gr.Dropdown(label="Uploaded document", choices=[], scale=4,
                                                elem_id="qa-remove-choice")
                        remove = gr.Button("Remove", variant="stop", scale=1, min_width=100, elem_id="qa-remove")
                    gr.HTML('<p class="qa-note">Seed documents come from the documents folder '
                            f"({html.escape(str(settings.docs_dir))}) and cannot be removed here; "
                            "remove the file there and run <code>qa index</code>.</p>", js_on_load=None)
            with gr.Column(scale=2):
                with gr.Accordion("Settings", open=False, elem_id="qa-settings"):
                    retriever = gr.Radio(list(RETRIEVERS), value=settings.retriever, label="Retriever",
                                         info="hybrid = dense (e5) + BM25; dense or bm25 alone")
                    k = gr.Slider(1, 20, value=min(max(settings.top_k, 1), 20), step=1,
                                  label="Number of passages")
                    show_scores = gr.Checkbox(False, label="Show retrieval scores in the sources panel")

        chat_outputs = [question, chatbot, sources, session, download]
        chat_inputs = [question, session, retriever, k, show_scores]
        gr.on([question.submit, ask.click], chat, chat_inputs, chat_outputs, api_name="chat",
              concurrency_limit=CHAT_CONCURRENCY, concurrency_id="chat", show_progress="minimal",
              show_progress_on=[chatbot])
        examples.load_input_event.then(chat, chat_inputs, chat_outputs, api_visibility="private",
                                       concurrency_limit=CHAT_CONCURRENCY, concurrency_id="chat",
                                       show_progress="minimal", show_progress_on=[chatbot])
        new_chat.click(reset, None, [session, chatbot, sources, download], api_name="reset")
        chatbot.clear(reset, None, [session, chatbot, sources, download], api_visibility="private")
        show_scores.change(rerender_sources, [session, show_scores], sources, api_visibility="private")
        chatbot.like(on_like, [session], None, api_visibility="private")
        files.upload(add_documents, [files], [files, status, documents_html, removable], api_name="upload",
                     concurrency_limit=1, concurrency_id="index")
        remove.click(remove_document, [removable], [status, documents_html, removable], api_name="remove_document",
                     concurrency_limit=1, concurrency_id="index")
        demo.load(documents_view, None, [documents_html, removable], api_name="documents")
    return demo


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    def notify(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        settings = load_settings()
        embedder = BatchedQueries(Embedder(settings, notify=notify))  # load the model now, not on the first question
    except QAError as exc:
        print(f"app: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("app: stopped before serving.", file=sys.stderr)
        return 0
    pipeline = Pipeline(settings, notify=notify, embedder=embedder)

    def stop(signum, frame):
        """SIGTERM or Ctrl-C: a running build stops at its next batch and rolls its upload back; the server
        closes (Gradio's loop, or the start-up build, sees the KeyboardInterrupt)."""
        pipeline.cancel()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    temp = TempSpace(settings.temp_dir)
    try:
        return _serve(pipeline, temp)
    except KeyboardInterrupt:
        print("app: stopped before serving; the previous index is still in place.", file=sys.stderr)
        return 0
    finally:
        if not pipeline.wait_idle(timeout=60):
            print("app: indexing did not stop within a minute; exiting anyway.", file=sys.stderr)
        temp.remove()


def _serve(pipeline: Pipeline, temp: TempSpace) -> int:
    """Open (or build) the index, then serve until stopped. Returns the exit status."""
    settings = pipeline.settings
    try:
        started = time.perf_counter()
        stats = pipeline.open(progress=_console_progress("Embedding"))
        index = pipeline.index
        what = "Built" if stats else "Loaded"
        print(f"{what} the index: {len(index.documents)} documents, {len(index)} passages "
              f"({time.perf_counter() - started:.1f}s).", file=sys.stderr, flush=True)
    except QAError as exc:
        print(f"app: {exc}", file=sys.stderr)
        return 2
    os.environ["GRADIO_TEMP_DIR"] = str(temp.folder / "gradio")  # read when the app is built
    demo = build_app(pipeline, export_dir=temp.folder / "exports", staging_dir=temp.folder)
    demo.queue(default_concurrency_limit=4)
    try:
        demo.launch(server_name=settings.host, server_port=settings.port, show_error=False, ssr_mode=False,
                    theme=gr.themes.Soft(primary_hue="indigo", neutral_hue="slate",
                                         font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],
                                         font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]),
                    css=CSS, head=HEAD, max_file_size=f"{2 * settings.max_upload_mb}mb", footer_links=[])
    except OSError as exc:
        print(f"app: cannot serve on {settings.host}:{settings.port} ({exc}). Set QA_PORT to a free port.",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
