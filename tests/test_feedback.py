"""qa.feedback: ratings appended as JSON Lines, thread-safe, never raising."""
from __future__ import annotations

import json
import os
import threading

import pytest

from qa import feedback as fb
from qa.answering.texts import text
from qa.data import Answer, Citation


def make_answer(question="Wie tekende?", lang="nl") -> Answer:
    citation = Citation(doc_id="seed.txt", title="Titel", paragraph=2, sentence="Minister X tekende.", start=10, end=29,
                        score=0.91)
    return Answer(question=question, text="**X** [1]\n\n> Minister X tekende. [1]", citations=[citation], lang=lang,
                  abstained=False, query=question)


def test_record_appends_one_json_line_per_rating(tmp_path):
    path = tmp_path / "sub" / "feedback.jsonl"  # the folder is created on first use
    log = fb.FeedbackLog(path)
    first = log.record(make_answer(), True, session="abc", turn=1)
    second = log.record(make_answer("Who signed?", "en"), False)
    assert first == fb.FeedbackResult(True, text("nl", "feedback_saved"))
    assert second.ok and second.message == text("en", "feedback_saved")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record["question"] == "Wie tekende?"
    assert record["answer"].startswith("**X** [1]")
    assert record["rating"] == "up" and json.loads(lines[1])["rating"] == "down"
    assert record["citations"] == [{"doc_id": "seed.txt", "title": "Titel", "paragraph": 2,
                                    "sentence": "Minister X tekende.", "start": 10, "end": 29, "score": 0.91,
                                    "verified": None}]
    assert record["session"] == "abc" and record["turn"] == 1 and record["lang"] == "nl"
    assert record["abstained"] is False and record["timestamp"][:2] == "20"
    assert fb.read_feedback(path) == [record, json.loads(lines[1])]


@pytest.mark.parametrize("rating, expected", [(True, "up"), (False, "down"), ("like", "up"), ("Dislike", "down"),
                                              ("up", "up"), ("-1", "down"), (None, None), ("", None), (3, None)])
def test_normalise_rating(rating, expected):
    assert fb.normalise_rating(rating) == expected


def test_unknown_rating_is_refused_without_writing(tmp_path):
    path = tmp_path / "feedback.jsonl"
    result = fb.FeedbackLog(path).record(make_answer(lang="en"), "meh")
    assert not result.ok and "could not be saved" in result.message
    assert not path.exists()


def test_concurrent_ratings_all_arrive_intact(tmp_path):
    path = tmp_path / "feedback.jsonl"
    logs = [fb.FeedbackLog(path) for _ in range(4)]  # separate objects share the per-file lock
    long_answer = make_answer("vraag " * 500)

    def rate(worker: int) -> None:
        for i in range(50):
            assert logs[worker % 4].record(long_answer, i % 2 == 0, session=f"w{worker}").ok

    threads = [threading.Thread(target=rate, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 400
    records = [json.loads(line) for line in lines]  # every line is complete JSON
    assert sorted({r["session"] for r in records}) == [f"w{n}" for n in range(8)]


def test_unwritable_location_gives_a_message_not_an_exception(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = fb.FeedbackLog(blocker / "feedback.jsonl").record(make_answer(lang="en"), True)
    assert not result.ok
    assert result.message.startswith("Your feedback could not be saved")


def test_full_disk_leaves_the_file_valid(tmp_path, monkeypatch):
    path = tmp_path / "feedback.jsonl"
    log = fb.FeedbackLog(path)
    assert log.record(make_answer(), True).ok
    before = path.read_bytes()

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fb.os, "write", full_disk)
    result = log.record(make_answer(), False)
    assert not result.ok and "No space left on device" in result.message
    assert result.message == text("nl", "feedback_failed", reason="No space left on device")
    assert path.read_bytes() == before


def test_short_write_is_rolled_back(tmp_path, monkeypatch):
    path = tmp_path / "feedback.jsonl"
    log = fb.FeedbackLog(path)
    assert log.record(make_answer(), True).ok
    before = path.read_bytes()
    real_write = os.write
    monkeypatch.setattr(fb.os, "write", lambda fd, data: real_write(fd, data[: len(data) // 2]))
    assert not log.record(make_answer(), True).ok
    assert path.read_bytes() == before  # no half line left behind
    monkeypatch.undo()
    assert log.record(make_answer(), False).ok
    assert [r["rating"] for r in fb.read_feedback(path)] == ["up", "down"]


def test_unexpected_errors_are_reported_too(tmp_path, monkeypatch):
    monkeypatch.setattr(fb, "feedback_record", lambda *a, **k: {"bad": object()})  # not JSON serialisable
    result = fb.FeedbackLog(tmp_path / "f.jsonl").record(make_answer(lang="en"), True)
    assert not result.ok and "TypeError" in result.message


def test_read_feedback_skips_damaged_lines(tmp_path):
    path = tmp_path / "feedback.jsonl"
    path.write_text('{"rating": "up"}\nnot json\n{"rating": "down"}\n', encoding="utf-8")
    assert fb.read_feedback(path) == [{"rating": "up"}, {"rating": "down"}]
    assert fb.read_feedback(tmp_path / "missing.jsonl") == []
