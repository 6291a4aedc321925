"""The service the app, the CLI and the API share, on the real model and the seed index (no server)."""
from __future__ import annotations

import json

import pytest

from qa.conversation import Conversation
from qa.errors import QAError
from qa.service import FORBIDDEN, INVALID, NOT_FOUND, Message, Service, passages

SIGNED = "Wie heeft de overeenkomst ondertekend?"
FOLLOW_UP = "En wanneer werd die getekend?"
ZEBRA = ("The Zebra Project\n\nThe Zebra Project is a research programme on wildlife corridors in Kenya.\n\n"
         "The first corridor opened in March 2024 near Lake Naivasha.\n")


@pytest.fixture(scope="module")
def service(seed_pipeline) -> Service:
    return Service(seed_pipeline)


def test_an_answer_is_the_pipelines_and_the_conversation_gets_the_turn(service, seed_pipeline):
    conversation = Conversation()
    answer = service.ask(SIGNED, conversation)
    assert answer.citations and "Adriaansens" in answer.text
    assert answer.text == seed_pipeline.ask(SIGNED).text
    assert [turn.question for turn in conversation.turns] == [SIGNED]


@pytest.mark.parametrize("k, expected", [(None, 5), (3, 3), (0, 5), (-4, 1), (10_000, 20), ("x", 5), ([2], 5)])
def test_passages_clients_ask_for_stay_within_range(k, expected):
    assert passages(k, 5) == expected


def test_odd_retriever_and_k_from_clients_fall_back_to_the_settings(service):
    answer = service.ask(SIGNED, k="many", retriever=["hybrid"])
    assert answer.text == service.ask(SIGNED).text


@pytest.mark.parametrize("messages, words", [
    ([], "last message"),
    ([Message("user", SIGNED), Message("assistant", "...")], "last message"),
    ([Message("user", "  \u200b ")], "vraag"),
    ([Message("user", "woord " * 600)], "te lang"),
])
def test_bad_messages_are_refused_before_any_work(service, messages, words):
    with pytest.raises(QAError, match=words):
        service.prepare(messages)


def test_a_history_continues_like_the_conversation_it_came_from(service, seed_pipeline):
    """The follow-up resolves against the first turn whether the history is cached (this service answered it)
    or rebuilt (a fresh service that never saw it), and gives the library's own answer either way."""
    conversation = Conversation()
    first = seed_pipeline.ask(SIGNED, conversation)
    expected = seed_pipeline.ask(FOLLOW_UP, conversation)

    opening = [Message("user", SIGNED)]
    asked = service.prepare(opening)
    reply = service.ask(asked.question, asked.conversation)
    assert reply.text == first.text
    service.remember(opening, reply.text, asked.conversation)
    history = [*opening, Message("assistant", reply.text), Message("user", FOLLOW_UP)]
    for fresh in (False, True):
        chosen = Service(seed_pipeline) if fresh else service
        asked = chosen.prepare(history)
        assert [turn.question for turn in asked.conversation.turns] == [SIGNED]
        assert chosen.ask(asked.question, asked.conversation).text == expected.text


def test_search_cleans_the_query_and_refuses_an_empty_one(service):
    hits = service.search("  Zuid-Korea\x00 onderzoek  ", k=2)
    assert len(hits) == 2 and hits[0].rank == 1
    with pytest.raises(QAError):
        service.search("\u200b")


def test_status_says_what_is_loaded_without_building(service, make_pipeline, settings, tmp_path):
    status = service.status()
    assert status.loaded and status.documents == 1 and status.chunks > 1 and status.model == settings.model
    unopened = make_pipeline(settings.replace(index_dir=tmp_path / "none"))
    assert Service(unopened).status().loaded is False
    assert not (tmp_path / "none").exists()  # asking for the status built nothing


def test_add_list_and_remove_an_upload(own_seed_pipeline, tmp_path):
    service = Service(own_seed_pipeline)
    upload = tmp_path / "zebra.txt"
    upload.write_text(ZEBRA, encoding="utf-8")
    added = service.add_document(upload, "zebra.txt")
    assert added.ok and "uploads/zebra.txt" in added.message and added.documents[0].uploaded
    assert [d.id for d in service.list_documents()][-1] == "uploads/zebra.txt"  # seed documents first
    assert "March 2024" in service.ask("When did the first corridor open?").text
    again = service.add_document(upload, "zebra.txt")
    assert not again.ok and again.error == INVALID and "already indexed" in again.message
    removed = service.remove_document("uploads/zebra.txt")
    assert removed.ok and removed.message == "Removed uploads/zebra.txt."
    assert [d.id for d in service.list_documents()] == ["nederland-zuid-korea-digitale-technologie.txt"]


@pytest.mark.parametrize("doc_id, error, words", [
    ("", INVALID, "Choose an uploaded document"),
    ("uploads/missing.txt", NOT_FOUND, "No document uploads/missing.txt"),
    ("nederland-zuid-korea-digitale-technologie.txt", FORBIDDEN, "only uploaded documents can be removed"),
])
def test_documents_that_cannot_be_removed_say_why(own_seed_pipeline, doc_id, error, words):
    outcome = Service(own_seed_pipeline).remove_document(doc_id)
    assert not outcome.ok and outcome.error == error and words in outcome.message


def test_a_bad_upload_changes_nothing(own_seed_pipeline, tmp_path):
    service = Service(own_seed_pipeline)
    bad = tmp_path / "program.exe"
    bad.write_bytes(b"MZ\x00\x01")
    outcome = service.add_document(bad, "program.exe")
    assert not outcome.ok and outcome.error == INVALID and "unsupported type" in outcome.message
    assert len(service.list_documents()) == 1


def test_feedback_is_recorded_with_session_and_turn(own_seed_pipeline):
    service = Service(own_seed_pipeline)
    answer = service.ask(SIGNED)
    assert service.feedback(answer, "up", session="s1", turn=2).ok
    record = json.loads(own_seed_pipeline.settings.feedback_file.read_text(encoding="utf-8"))
    assert (record["rating"], record["session"], record["turn"], record["answer"]) == ("up", "s1", 2, answer.text)
