"""The real app (`python app.py` in a subprocess) driven through its API with gradio_client.

One app process for the whole module, on a free port, with temporary index, upload and
feedback locations: the project's own folders are never touched. The seed index built by the
session fixture is copied in, so the app starts without embedding anything.
"""
from __future__ import annotations

import sys
import urllib.request
from pathlib import Path

import pytest

from qa.answering.texts import text
from qa.config import Settings
from conftest import free_port, start_app

ROOT = Path(__file__).resolve().parent.parent
NL_QUESTION = "In welke stad werd de grote bedrijvenbijeenkomst gehouden?"
EN_QUESTION = "In which city was the large business meeting held?"
PERCENT_QUESTION = ("Hoeveel procent van het bruto binnenlands product investeert Zuid-Korea in onderzoek "
                    "en ontwikkeling?")
UNANSWERABLE = "What is the capital of France?"
UPLOAD_TEXT = ("The Zebra Project\n\n"
               "The Zebra Project is a research programme on wildlife corridors in Kenya.\n\n"
               "The programme is led by doctor Amina Odhiambo from the University of Nairobi.\n\n"
               "The first corridor opened in March 2024 near Lake Naivasha.\n")
UPLOAD_QUESTION = "When did the first corridor open?"


@pytest.fixture(scope="module")
def app(tmp_path_factory, seed_pipeline, qa_env):
    base = tmp_path_factory.mktemp("app")
    process = start_app(base, seed_pipeline.settings, qa_env)
    yield {"url": process.url, "base": base, "log": process.log_path}
    process.stop()
    log = process.log_path.read_text(errors="replace")
    assert "ERROR qa.app" not in log, log[-3000:]  # no unexpected exception in a handler


def client(app):
    from gradio_client import Client

    return Client(app["url"], verbose=False, analytics_enabled=False, download_files=False)


def ask(chat_client, message: str, **options):
    """(reply Markdown, all chat messages, sources HTML, download update) after one question."""
    _, messages, sources, download = chat_client.predict(message=message, api_name="/chat", **options)
    return reply_text(messages[-1]), messages, sources, download


def reply_text(message: dict) -> str:
    return "".join(part["text"] for part in message["content"] if part.get("type") == "text")


def test_api_names(app):
    api = client(app).view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/chat", "/reset", "/upload", "/remove_document", "/documents"} <= set(api)
    assert [p["parameter_name"] for p in api["/chat"]["parameters"]] == ["message", "retriever", "k", "show_scores"]


def test_dutch_question_gets_a_cited_answer(app):
    reply, messages, sources, download = ask(client(app), NL_QUESTION)
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert reply_text(messages[0]) == NL_QUESTION
    assert "Amsterdam" in reply and 'href="#source-1-1"' in reply
    assert text("nl", "source_quote") in reply
    assert 'id="source-1-1"' in sources and "<mark>" in sources and "Amsterdam" in sources
    assert ">Bronnen<" in sources and "alinea" in sources
    with urllib.request.urlopen(download["value"]["url"], timeout=10) as response:  # what the button downloads
        export = response.read().decode("utf-8")
    assert download["value"]["orig_name"].startswith("conversation-") and export.startswith("# Gesprek — ")
    assert NL_QUESTION in export and "**Bronnen**" in export and "nederland-zuid-korea" in export


def test_english_question_gets_a_cited_answer_with_english_labels(app):
    reply, _, sources, _ = ask(client(app), EN_QUESTION)
    assert "Amsterdam" in reply and 'href="#source-1-1"' in reply
    assert text("en", "source_quote") in reply
    assert ">Sources<" in sources and "paragraph" in sources and "<mark>" in sources


def test_unanswerable_question_abstains_with_related_passages(app):
    reply, _, sources, _ = ask(client(app), UNANSWERABLE)
    assert reply == text("en", "not_found")
    assert "Possibly related" in sources and 'id="related-1-1"' in sources and "<mark>" not in sources


@pytest.mark.parametrize("message, expected", [
    ("", text("nl", "empty_question")),
    ("   \n\t ", text("nl", "empty_question")),
    ("\x00\x07\x1b\u200b", text("nl", "empty_question")),
])
def test_empty_questions_get_a_clear_reply(app, message, expected):
    reply, messages, sources, _ = ask(client(app), message)
    assert reply == expected
    assert [m["role"] for m in messages] == ["assistant"]  # no empty user bubble
    assert sources.get("__type__") == "update" and "value" not in sources  # the panel is left as it was


def test_huge_question_gets_a_clear_reply_and_the_chat_goes_on(app):
    chat_client = client(app)
    reply, messages, _, _ = ask(chat_client, "Wie " + "heel " * 20_000 + "lang?")
    assert reply.startswith("Je vraag is te lang (") and "Traceback" not in reply
    assert len(reply_text(messages[0])) < 1000  # the 100 kB question is echoed shortened
    reply, _, _, _ = ask(chat_client, "Question with control chars \x00\x1b[31m: " + EN_QUESTION)
    assert "Amsterdam" in reply


def test_streaming_grows_to_the_final_answer(app):
    job = client(app).submit(message=NL_QUESTION, api_name="/chat")
    job.result(timeout=60)
    replies = [reply_text(out[1][-1]) for out in job.outputs() if out[1] and out[1][-1]["role"] == "assistant"]
    assert len(replies) >= 3
    assert all(later.startswith(earlier) for earlier, later in zip(replies, replies[1:]))
    assert replies[-1].count("<a ") == replies[-1].count("</a>") >= 1


def test_sessions_do_not_mix(app):
    a, b = client(app), client(app)
    ask(a, NL_QUESTION)
    ask(b, PERCENT_QUESTION)
    reply, messages, sources, _ = ask(a, "En wie was daarbij aanwezig?")
    assert [reply_text(m) for m in messages if m["role"] == "user"] == [NL_QUESTION, "En wie was daarbij aanwezig?"]
    assert "Gezocht met" in sources and "bedrijvenbijeenkomst" in sources.split("Gezocht met", 1)[1].split("</q>")[0]
    assert "bruto binnenlands product" not in sources.split("</section>")[0]
    assert "Willem-Alexander" in reply and 'href="#source-2-1"' in reply
    _, b_messages, _, _ = ask(b, "Is dat publiek of privaat geld?")
    assert [reply_text(m) for m in b_messages if m["role"] == "user"] == [PERCENT_QUESTION,
                                                                        "Is dat publiek of privaat geld?"]


def test_reset_starts_a_new_conversation(app):
    chat_client = client(app)
    ask(chat_client, NL_QUESTION)
    messages, sources, _ = chat_client.predict(api_name="/reset")
    assert messages == [] and "qa-empty" in sources
    _, messages, sources, _ = ask(chat_client, EN_QUESTION)
    assert len(messages) == 2 and 'id="source-1-1"' in sources


def test_settings_retriever_k_and_scores(app):
    _, _, sources, _ = ask(client(app), EN_QUESTION, retriever="bm25", k=2, show_scores=True)
    assert "Retrieved passages (2)" in sources and "qa-scores" in sources and "bm25" in sources
    _, _, plain, _ = ask(client(app), EN_QUESTION, retriever="dense", k=3)
    assert "qa-scores" not in plain


def test_upload_ask_and_remove(app, tmp_path):
    from gradio_client import handle_file

    chat_client = client(app)
    good = tmp_path / "zebra.txt"
    good.write_text(UPLOAD_TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf at all", encoding="utf-8")
    _, status, documents, removable = chat_client.predict(
        files=[handle_file(str(good)), handle_file(str(empty)), handle_file(str(fake))], api_name="/upload")
    assert "Added “The Zebra Project” (uploads/zebra.txt)" in status
    assert "empty.txt: empty" in status and "fake.pdf: content does not match its extension" in status
    assert "Traceback" not in status
    assert "uploads/zebra.txt" in documents and "nederland-zuid-korea-digitale-technologie.txt" in documents
    assert removable["value"] == "uploads/zebra.txt"
    assert (app["base"] / "uploads" / "zebra.txt").is_file()

    reply, _, sources, _ = ask(chat_client, UPLOAD_QUESTION)
    assert "March 2024" in reply and "uploads/zebra.txt" in sources

    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="not in the list of choices"):  # seed documents are not offered
        chat_client.predict(doc_id="nederland-zuid-korea-digitale-technologie.txt", api_name="/remove_document")
    status, documents, removable = chat_client.predict(doc_id="uploads/zebra.txt", api_name="/remove_document")
    assert "Removed uploads/zebra.txt" in status and "uploads/zebra.txt" not in documents
    assert not (app["base"] / "uploads" / "zebra.txt").exists()
    reply, _, _, _ = ask(chat_client, UPLOAD_QUESTION)
    assert "March 2024" not in reply


def test_unexpected_errors_give_a_short_reply_not_a_traceback(tmp_path, caplog):
    """The app module in-process around a pipeline that fails: the user gets a short message."""
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("qa_app_under_test", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)

    class BrokenPipeline:
        settings = Settings(upload_dir=tmp_path / "uploads", feedback_file=tmp_path / "feedback.jsonl")
        index = SimpleNamespace(documents={})

        def refresh(self):  # the service lets the pipeline catch up with other replicas first
            return False

        def ask_stream(self, *args, **kwargs):  # what the chat calls
            raise RuntimeError("internal details that must not reach the user")

    demo = module.build_app(BrokenPipeline(), export_dir=tmp_path / "exports")
    demo.queue()
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, ssr_mode=False, quiet=True)
    try:
        from gradio_client import Client

        chat_client = Client(f"http://127.0.0.1:{port}", verbose=False, analytics_enabled=False,
                             download_files=False)
        for question, lang in (("Wie heeft de overeenkomst getekend?", "nl"), ("Who signed the agreement?", "en")):
            _, messages, _, _ = chat_client.predict(message=question, api_name="/chat")
            assert reply_text(messages[-1]) == text(lang, "error")
            assert "internal details" not in str(messages)
    finally:
        demo.close()
        sys.modules.pop(spec.name, None)
    assert "internal details that must not reach the user" in caplog.text  # logged server-side, with traceback
