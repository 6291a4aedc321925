"""Answerers turn retrieved hits into an ``Answer`` with citations.

``Answerer`` is the contract every backend meets; the default is extractive and
offline (``ExtractiveAnswerer``). A generative backend can be added beside it later.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from qa.data import Answer, Hit


class Answerer(Protocol):
    def answer(self, question: str, query: str, hits: list[Hit], lang: str, query_vector: np.ndarray,
               excluded: tuple[str, ...] = ()) -> Answer:
        """Answer ``question`` (retrieved as ``query``) from ``hits``, in language ``lang``; ``excluded`` are names
        a follow-up sets aside ("who else, apart from her?")."""
        ...
