"""The chat app: `python app.py` (or `make run`) serves it on settings.host:settings.port.

A thin Gradio shell: ``qa.service.Service`` does the work (one pipeline per process, shared by every
session), ``qa.ui.panels`` lays out the panels, ``qa.ui.handlers`` answers the events, ``qa.ui/assets`` holds
the CSS and JavaScript, ``qa.hosting`` runs the process (model, index, clean stop, temporary folder).

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

import importlib.util
import sys
from pathlib import Path

import gradio as gr

if importlib.util.find_spec("matplotlib") is None:
    # Gradio tries `import matplotlib` around every event; remembering that it is absent makes that attempt
    # fail at once instead of searching every folder of sys.path (about 5% of a chat request's CPU).
    sys.modules["matplotlib"] = None

from qa import hosting
from qa.batching import BatchedQueries  # noqa: F401  (part of the app module's interface for tests and benches)
from qa.config import load_settings
from qa.pipeline import Pipeline
from qa.service import Service
from qa.tempspace import TempSpace
from qa.ui import handlers, head_script, panels, stylesheet
from qa.ui.handlers import STREAM_UPDATES, Session, stream_updates as _stream_updates  # noqa: F401  (as above)

EXAMPLES = [  # questions about the seed documents
    "Wie heeft de overeenkomst ondertekend?",
    "Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?",
    "Waar werd de grote bedrijvenbijeenkomst gehouden?",
    "En wie was daarbij aanwezig?",
    "Who signed the agreement?",
    "When does the agreement take effect?",
]
CHAT_CONCURRENCY = 16  # chat requests at once: 8 or 32 were slower at 32 users on 2 cores (bench/load.py)
THEME = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate",
                       font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],
                       font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])


def build_app(pipeline: Pipeline, export_dir: Path, staging_dir: Path | None = None) -> gr.Blocks:
    """The Gradio app around one shared, opened pipeline; exports go to ``export_dir``, uploads are checked
    in ``staging_dir`` (the system temp folder if None)."""
    context = handlers.AppContext(Service(pipeline, log=handlers.log), export_dir, staging_dir)
    on = {name: handlers.bind(getattr(handlers, name), context) for name in
          ("chat", "rerender_sources", "on_like", "add_documents", "remove_document", "documents_view")}
    with gr.Blocks(title="Ask the documents", analytics_enabled=False, delete_cache=(3600, 24 * 3600)) as demo:
        session = gr.State(Session())
        panels.header()
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                chat = panels.chat_panel(EXAMPLES)
            with gr.Column(scale=2, min_width=360):
                sources = panels.sources_panel()
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                docs = panels.documents_panel(pipeline.settings)
            with gr.Column(scale=2):
                options = panels.settings_panel(pipeline.settings)

        chat_outputs = [chat.question, chat.chatbot, sources, session, chat.download]
        chat_inputs = [chat.question, session, options.retriever, options.k, options.show_scores]
        chatting = dict(concurrency_limit=CHAT_CONCURRENCY, concurrency_id="chat", show_progress="minimal",
                        show_progress_on=[chat.chatbot])
        gr.on([chat.question.submit, chat.ask.click], on["chat"], chat_inputs, chat_outputs, api_name="chat",
              **chatting)
        chat.examples.load_input_event.then(on["chat"], chat_inputs, chat_outputs, api_visibility="private",
                                            **chatting)
        reset_outputs = [session, chat.chatbot, sources, chat.download]
        chat.new_chat.click(handlers.reset, None, reset_outputs, api_name="reset")
        chat.chatbot.clear(handlers.reset, None, reset_outputs, api_visibility="private")
        options.show_scores.change(on["rerender_sources"], [session, options.show_scores], sources,
                                   api_visibility="private")
        chat.chatbot.like(on["on_like"], [session], None, api_visibility="private")
        listing = [docs.documents, docs.removable]
        docs.files.upload(on["add_documents"], [docs.files], [docs.files, docs.status, *listing], api_name="upload",
                          concurrency_limit=1, concurrency_id="index")
        docs.remove.click(on["remove_document"], [docs.removable], [docs.status, *listing],
                          api_name="remove_document", concurrency_limit=1, concurrency_id="index")
        demo.load(on["documents_view"], None, listing, api_name="documents")
    return demo


def _serve(pipeline: Pipeline, temp: TempSpace) -> int:
    """Serve the app until stopped. Returns the exit status."""
    settings = pipeline.settings
    os.environ["GRADIO_TEMP_DIR"] = str(temp.folder / "gradio")  # read when the app is built
    demo = build_app(pipeline, export_dir=temp.folder / "exports", staging_dir=temp.folder)
    demo.queue(default_concurrency_limit=4)
    try:
        demo.launch(server_name=settings.host, server_port=settings.port, show_error=False, ssr_mode=False,
                    theme=THEME, css=stylesheet(), head=head_script(), max_file_size=f"{2 * settings.max_upload_mb}mb",
                    footer_links=[])
    except OSError as exc:
        return hosting.cannot_serve("app", settings, exc)
    return 0


def main(argv: list[str] | None = None) -> int:
    return hosting.run("app", load_settings, _serve)


if __name__ == "__main__":
    sys.exit(main())
