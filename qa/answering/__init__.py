"""Answerers turn retrieved hits into an ``Answer`` with citations.

``Answerer`` is the contract every backend meets; the default is extractive and offline
(``ExtractiveAnswerer``). ``ConversationalAnswerer`` is what a generative backend adds: it condenses
follow-ups for retrieval and streams its text. ``REGISTRY`` names the backends the ``answerer`` setting
chooses from; each is imported only when chosen (the generative one pulls in an HTTP client).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator, Protocol, runtime_checkable

import numpy as np

from qa.data import Answer, Hit

if TYPE_CHECKING:
    from qa.config import Settings
    from qa.conversation import Conversation, Resolved
    from qa.index import Index

Embed = Callable[[list[str]], np.ndarray]  # texts -> L2-normalised query vectors


class Answerer(Protocol):
    def answer(self, question: str, query: str, hits: list[Hit], lang: str, query_vector: np.ndarray,
               excluded: tuple[str, ...] = ()) -> Answer:
        """Answer ``question`` (retrieved as ``query``) from ``hits``, in language ``lang``; ``excluded`` are names
        a follow-up sets aside ("who else, apart from her?")."""
        ...


@runtime_checkable
class ConversationalAnswerer(Protocol):
    def condense(self, resolved: Resolved, conversation: Conversation) -> Resolved:
        """The follow-up as a standalone query for retrieval (``resolved`` is the rule-based reading)."""
        ...

    def stream(self, question: str, query: str, hits: list[Hit], lang: str, query_vector: np.ndarray,
               excluded: tuple[str, ...] = (), conversation: Conversation | None = None) -> Iterator[str | Answer]:
        """Text as it is written, then the final ``Answer`` last."""
        ...


def _extractive(settings: Settings, embed: Embed) -> Callable[[Index], Answerer]:
    from qa.answering.extractive import ExtractiveAnswerer

    return ExtractiveAnswerer


def _llm(settings: Settings, embed: Embed) -> Callable[[Index], Answerer]:
    from qa.answering.llm import factory

    return factory(settings, embed)


# name -> (settings, embed) -> (index -> answerer)
REGISTRY: dict[str, Callable[[Settings, Embed], Callable[[Index], Answerer]]] = {
    "extractive": _extractive, "llm": _llm}
