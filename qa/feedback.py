"""Thumbs up/down on answers, appended as JSON Lines to ``settings.feedback_file``.

One line per rating: timestamp, question, answer text, citations, rating (plus language,
abstention and an optional session id), so ratings can be read back next to the evaluation
sets. Writing is thread-safe (one lock per file, append mode, one write per line) and never
raises: a full disk or a read-only folder gives a ``FeedbackResult`` with ``ok=False`` and a
message for the user, and the file is left as it was.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.answering.texts import text
from qa.data import Answer

log = logging.getLogger(__name__)

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    key = os.path.abspath(path)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


@dataclass(frozen=True)
class FeedbackResult:
    ok: bool
    message: str  # what to tell the user


def normalise_rating(rating) -> str | None:
    """"up" or "down" from a bool (Gradio's LikeData.liked) or a word; None when it is neither."""
    if rating is True or (isinstance(rating, str) and rating.strip().lower() in ("up", "like", "liked", "+1")):
        return "up"
    if rating is False or (isinstance(rating, str) and rating.strip().lower() in ("down", "dislike", "disliked",
                                                                                    "-1")):
        return "down"
    return None


def feedback_record(answer: Answer, rating: str, session: str = "", **extra) -> dict:
    """The JSON object written for one rating."""
    return {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "question": answer.question,
        "answer": answer.text,
        "citations": [asdict(citation) for citation in answer.citations],
        "rating": rating,
        "lang": answer.lang,
        "abstained": answer.abstained,
        "query": answer.query,
        "session": session,
        **extra,
    }


class FeedbackLog:
    """Appends ratings to one JSON Lines file; safe to share between threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = _lock_for(self.path)

    def record(self, answer: Answer, rating, session: str = "", **extra) -> FeedbackResult:
        normalised = normalise_rating(rating)
        if normalised is None:
            return FeedbackResult(False, text(answer.lang, "feedback_failed", reason=f"unknown rating {rating!r}"))
        try:
            line = (json.dumps(feedback_record(answer, normalised, session, **extra), ensure_ascii=False)
                    + "\n").encode("utf-8")
            self._append(line)
        except Exception as exc:  # a rating must never break the chat: report it, log it
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            log.warning("Could not write feedback to %s: %r", self.path, exc)
            return FeedbackResult(False, text(answer.lang, "feedback_failed", reason=reason))
        return FeedbackResult(True, text(answer.lang, "feedback_saved"))

    def _append(self, line: bytes) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                size = os.fstat(fd).st_size
                try:
                    written = os.write(fd, line)
                    if written != len(line):
                        raise OSError(28, "No space left on device")  # a short write: the disk is full
                    os.fsync(fd)
                except OSError:
                    try:
                        os.ftruncate(fd, size)  # no half lines: the file stays valid JSON Lines
                    except OSError:
                        pass
                    raise
            finally:
                os.close(fd)


def read_feedback(path: Path) -> list[dict]:
    """All ratings in a feedback file (lines that are not valid JSON are skipped)."""
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records
