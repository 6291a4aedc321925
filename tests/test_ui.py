"""The app's handlers called directly (no server): what each returns for the components, on the real model and
the seed index; and that Gradio still injects the request and like data into the bound handlers."""
from __future__ import annotations

import json
from types import SimpleNamespace

import gradio as gr
import pytest
from gradio import helpers

from qa.service import Service
from qa.ui import handlers, head_script, stylesheet
from qa.ui.handlers import AppContext, Session

SIGNED = "Wie heeft de overeenkomst ondertekend?"


@pytest.fixture
def context(own_seed_pipeline, tmp_path, monkeypatch) -> AppContext:
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))  # where Gradio copies the export it offers
    return AppContext(Service(own_seed_pipeline), export_dir=tmp_path / "exports", staging_dir=tmp_path)


def ask(context, question, session=None, request=None):
    """The chat handler's updates, run to the end: (all updates, the last one)."""
    updates = list(handlers.chat(context, question, session, "hybrid", 5, False,
                                 request or SimpleNamespace(session_hash="tab-1")))
    return updates, updates[-1]


def test_chat_streams_then_gives_the_cited_answer_sources_and_export(context, tmp_path):
    updates, (box, messages, sources, session, download) = ask(context, SIGNED)
    assert box == "" and messages[0] == {"role": "user", "content": SIGNED}
    reply = messages[-1]["content"]
    assert "Adriaansens" in reply and 'href="#source-1-1"' in reply
    assert 'id="source-1-1"' in sources and "<mark" in sources
    assert len(session.answers) == 1 and session.answer_of_message == {1: 0}
    assert 2 < len(updates) <= handlers.STREAM_UPDATES + 2  # the question, a few growing steps, the whole
    exported = list((tmp_path / "exports").rglob("conversation-*.md"))
    assert len(exported) == 1 and "Adriaansens" in exported[0].read_text(encoding="utf-8")
    assert download.interactive and download.value["orig_name"] == exported[0].name


def test_each_session_exports_to_its_own_folder(context, tmp_path):
    ask(context, SIGNED, request=SimpleNamespace(session_hash="tab-1"))
    ask(context, SIGNED, request=SimpleNamespace(session_hash="tab-2"))
    assert len(list((tmp_path / "exports").rglob("conversation-*.md"))) == 2


def test_a_follow_up_continues_the_sessions_conversation(context):
    _, (_, _, _, session, _) = ask(context, SIGNED)
    _, (_, messages, sources, session, download) = ask(context, "En wie was daarbij aanwezig?", session)
    assert len(session.answers) == 2 and len(session.conversation.turns) == 2 and len(messages) == 4
    assert download == str(next(iter(context.export_dir.rglob("*.md"))))  # a later answer: just the new file


def test_bad_questions_get_a_message_and_no_answer(context):
    _, (_, messages, sources, session, _) = ask(context, "x" * 5000)
    assert "2000" in messages[-1]["content"] and not session.answers


def test_an_unexpected_error_gives_the_short_reply_in_the_questions_language(context, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("internal details")

    monkeypatch.setattr(context.service.pipeline, "ask_stream", broken)
    _, (_, messages, _, _, _) = ask(context, "Who signed the agreement?")
    assert messages[-1]["content"] == handlers.view.render_message(context.service.failure_text("Who signed it?"))
    assert "internal details" not in str(messages) and "internal details" in caplog.text


def test_sources_rerender_with_scores_and_reset_clears(context):
    _, (_, _, sources, session, _) = ask(context, SIGNED)
    with_scores = handlers.rerender_sources(context, session, True)
    assert "qa-scores" in with_scores and "qa-scores" not in sources
    assert handlers.rerender_sources(context, None, True) == handlers.view.sources_placeholder()
    fresh, messages, placeholder, _ = handlers.reset()
    assert isinstance(fresh, Session) and messages == [] and placeholder == handlers.view.sources_placeholder()


def test_a_like_is_recorded_for_the_answer_it_rates(context, own_seed_pipeline):
    _, (_, _, _, session, _) = ask(context, SIGNED)
    handlers.on_like(context, session, gr.LikeData(None, {"index": 1, "value": "", "liked": False}),
                     SimpleNamespace(session_hash="tab-1"))
    handlers.on_like(context, session, gr.LikeData(None, {"index": 0, "value": "", "liked": True}),
                     SimpleNamespace(session_hash="tab-1"))  # the question, not an answer: nothing recorded
    lines = own_seed_pipeline.settings.feedback_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["rating"] == "down" and json.loads(lines[0])["turn"] == 1


def test_upload_then_remove_updates_status_and_document_list(context, tmp_path):
    upload = tmp_path / "zebra.txt"
    upload.write_text("The Zebra Project\n\nThe first corridor opened in March 2024.\n", encoding="utf-8")
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ")
    files, status, table, dropdown = handlers.add_documents(context, [str(upload), str(bad)])
    assert files is None and status.count('class="qa-ok"') == 1 and status.count('class="qa-fail"') == 1
    assert "uploads/zebra.txt" in table and dropdown.value == "uploads/zebra.txt"
    status, table, dropdown = handlers.remove_document(context, "uploads/zebra.txt")
    assert "Removed uploads/zebra.txt." in status and "uploads/zebra.txt" not in table and dropdown.value is None
    status, _, _ = handlers.remove_document(context, None)
    assert "Choose an uploaded document" in status


def test_bound_handlers_still_get_the_request_the_like_data_and_progress_from_gradio(context):
    chat = handlers.bind(handlers.chat, context)
    request = object()
    inputs, _, _, _ = helpers.special_args(chat, [SIGNED, None, "hybrid", 5, False], request=request)
    assert inputs[-1] is request
    like = handlers.bind(handlers.on_like, context)
    event = gr.LikeData(None, {"index": 1, "value": "", "liked": True})
    inputs, _, data_index, _ = helpers.special_args(like, [None], request=request, event_data=event)
    assert isinstance(inputs[data_index], gr.LikeData) and inputs[data_index].liked is True
    assert inputs[-1] is request
    assert helpers.special_args(handlers.bind(handlers.add_documents, context), [[]])[1] == 1  # gr.Progress


def test_assets_hold_the_css_and_the_citation_script():
    assert "#qa-chat" in stylesheet() and head_script().startswith("<script>")
    assert "scrollIntoView" in head_script() and head_script().rstrip().endswith("</script>")
