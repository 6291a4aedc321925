"""Conversation history and follow-up resolution.

A follow-up ("En wie was daarbij aanwezig?", "And in which energy fields?") leans on an
earlier turn for its subject. Such a question is retrieved together with the previous
resolved query, so the thread carries over; a self-contained question starts afresh.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.language import detect_language
from qa.lexical import words

# Openers and pro-forms that point back to an earlier turn (Dutch and English).
_FOLLOW_UP_OPENERS = re.compile(
    r"^\s*(en|maar|ook|of|dan|en\s+wat|hoe\s+zit\s+het|and|but|also|or|then|what\s+about|how\s+about)\b", re.I)
_POINTERS = re.compile(
    r"\b(daarbij|daarin|daarvan|daarmee|daarover|daar|daaraan|hiervan|hierin|hierbij|hij|ze|die|deze|"
    r"hem|haar|hun|hen|het\s+land|there|that|those|these|this|it|he|she|him|her|his|they|them|their|"
    r"the\s+country|the\s+same)\b", re.I)
MIN_CONTENT_WORDS = 3
MAX_CARRIED_CHARS = 400  # a chain of follow-ups carries a bounded context


def is_follow_up(question: str) -> bool:
    """Does the question lean on earlier turns (an opener, a pointer word, or too few content words)?"""
    return bool(_FOLLOW_UP_OPENERS.search(question) or _POINTERS.search(question)
                or len(words(question)) < MIN_CONTENT_WORDS)


def resolve(question: str, previous_query: str | None) -> str:
    """The query to retrieve with: the question, plus the previous resolved query when it is a follow-up."""
    if previous_query and is_follow_up(question):
        return f"{question} {previous_query[:MAX_CARRIED_CHARS]}"
    return question


@dataclass
class Turn:
    question: str
    query: str  # the resolved query that was retrieved
    lang: str = "nl"
    answer_text: str = ""


@dataclass
class Conversation:
    """The turns of one user's chat; each session (CLI loop, browser tab) holds its own."""

    turns: list[Turn] = field(default_factory=list)
    max_turns: int = 20

    @property
    def last_query(self) -> str | None:
        return self.turns[-1].query if self.turns else None

    def resolve(self, question: str) -> str:
        return resolve(question, self.last_query)

    def add(self, question: str, query: str, lang: str = "nl", answer_text: str = "") -> None:
        self.turns.append(Turn(question, query, lang, answer_text))
        del self.turns[: -self.max_turns]

    @classmethod
    def from_questions(cls, questions: list[str]) -> "Conversation":
        """Replay earlier questions (as an eval item's ``history``) to rebuild the thread."""
        conversation = cls()
        for question in questions:
            conversation.add(question, conversation.resolve(question), detect_language(question))
        return conversation
