"""The app's panels (chat, sources, documents, settings): each builder lays out its components inside the
current ``gr.Blocks`` and returns them, so ``app.py`` can wire events without knowing the layout."""
from __future__ import annotations

import html
from dataclasses import dataclass

import gradio as gr

from qa import presentation as view
from qa.config import RETRIEVERS, Settings

UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".pdf", ".docx"]
HEADER = ('<div id="qa-header"><h1>Ask the documents · Vraag het de documenten</h1>'
          "<p>Answers are quoted from the documents, with the exact sentence as source. "
          "Click a marker such as [1] to see the passage. "
          "Antwoorden komen letterlijk uit de documenten; klik op [1] om de bron te zien.</p></div>")


@dataclass
class ChatPanel:
    chatbot: gr.Chatbot
    question: gr.Textbox
    ask: gr.Button
    examples: gr.Examples
    new_chat: gr.Button
    download: gr.DownloadButton


@dataclass
class DocumentsPanel:
    files: gr.File
    status: gr.HTML
    documents: gr.HTML
    removable: gr.Dropdown
    remove: gr.Button


@dataclass
class SettingsPanel:
    retriever: gr.Radio
    k: gr.Slider
    show_scores: gr.Checkbox


def header() -> None:
    gr.HTML(HEADER, js_on_load=None)


def chat_panel(examples: list[str]) -> ChatPanel:
    """The chat with its question box, clickable ``examples``, new-conversation and download buttons."""
    chatbot = gr.Chatbot(
        elem_id="qa-chat", show_label=False, label="Chat", height=480, layout="bubble",
        sanitize_html=True, render_markdown=True, allow_tags=False, latex_delimiters=[],
        buttons=["copy"], feedback_options=("Like", "Dislike"),
        placeholder="**Stel een vraag over de documenten** · Ask a question about the documents",
    )
    with gr.Row():
        question = gr.Textbox(elem_id="qa-question", label="Question", show_label=False, scale=8, lines=1,
                              max_lines=5, placeholder="Stel een vraag… / Ask a question…", autofocus=True)
        ask = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="qa-ask")
    shown = gr.Examples(examples, inputs=[question], label="Examples (click to ask)",
                        examples_per_page=len(examples))
    with gr.Row():
        new_chat = gr.Button("New conversation", size="sm", variant="secondary")
        download = gr.DownloadButton("Download conversation (.md)", size="sm", interactive=False,
                                     elem_id="qa-download")
    return ChatPanel(chatbot, question, ask, shown, new_chat, download)


def sources_panel() -> gr.HTML:
    return gr.HTML(view.sources_placeholder(), label="Sources", elem_id="qa-sources-box", js_on_load=None,
                   apply_default_css=False)


def documents_panel(settings: Settings) -> DocumentsPanel:
    with gr.Accordion("Documents", open=False, elem_id="qa-documents"):
        files = gr.File(label="Add documents (.txt .md .html .pdf .docx)", file_count="multiple",
                        file_types=UPLOAD_TYPES, height=120, elem_id="qa-upload")
        status = gr.HTML("", label="Status", elem_id="qa-status", js_on_load=None, apply_default_css=False)
        documents = gr.HTML(label="Indexed documents", elem_id="qa-doc-list", js_on_load=None,
                            apply_default_css=False)
        with gr.Row(equal_height=False, elem_id="qa-remove-row"):
            removable = gr.Dropdown(label="Uploaded document", choices=[], scale=4, elem_id="qa-remove-choice")
            remove = gr.Button("Remove", variant="stop", scale=1, min_width=100, elem_id="qa-remove")
        gr.HTML('<p class="qa-note">Seed documents come from the documents folder '
                f"({html.escape(str(settings.docs_dir))}) and cannot be removed here; "
                "remove the file there and run <code>qa index</code>.</p>", js_on_load=None)
    return DocumentsPanel(files, status, documents, removable, remove)


def settings_panel(settings: Settings) -> SettingsPanel:
    with gr.Accordion("Settings", open=False, elem_id="qa-settings"):
        retriever = gr.Radio(list(RETRIEVERS), value=settings.retriever, label="Retriever",
                             info="hybrid = dense (e5) + BM25; dense or bm25 alone")
        k = gr.Slider(1, 20, value=min(max(settings.top_k, 1), 20), step=1, label="Number of passages")
        show_scores = gr.Checkbox(False, label="Show retrieval scores in the sources panel")
    return SettingsPanel(retriever, k, show_scores)
