"""The objects that flow through the pipeline: Document -> Chunk -> Hit -> Answer.

They are plain dataclasses so they print, compare in tests and serialise to JSON
(`dataclasses.asdict`). Character spans are always half-open ``(start, end)``
offsets into ``Document.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One source document with its text split into paragraphs."""

    id: str  # path relative to the documents folder; for .jsonl "<path>#<line id>"
    title: str
    text: str
    paragraphs: tuple[Span, ...]  # spans of the paragraphs in ``text``, in order
    source: str = ""  # absolute path of the file it came from

    def paragraph_of(self, offset: int) -> int:
        """1-based number of the paragraph that contains ``offset`` (0 if none)."""
        for number, (start, end) in enumerate(self.paragraphs, 1):
            if start <= offset < end:
                return number
        return 0


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences from one document: the unit that is embedded and retrieved."""

    id: str  # "<document id>::<chunk number>"
    doc_id: str
    title: str
    paragraph: int  # 1-based number of the paragraph the chunk starts in
    start: int
    end: int
    text: str  # == document.text[start:end]
    sentences: tuple[Span, ...]  # spans (in the document) of the sentences of the chunk
    # the headings above the chunk, outermost first, joined by " — " ("Hoofdstuk 4 — Artikel 4.4"): indexed
    # with the chunk (``qa.index.passage_text``) so a passage deep in a long document says where it is
    heading: str = ""


@dataclass
class Hit:
    """A chunk retrieved for a query, with the score of every retriever that saw it."""

    chunk: Chunk
    score: float  # the score the ranking used
    rank: int  # 1-based
    scores: dict[str, float] = field(default_factory=dict)  # e.g. {"dense": .82, "bm25": 7.1}


@dataclass
class Citation:
    """One exact sentence an answer rests on."""

    doc_id: str
    title: str
    paragraph: int
    sentence: str
    start: int  # span of ``sentence`` in the document
    end: int
    score: float
    # for a model's answer: does this sentence on its own support a claim that cites it (the claim check,
    # qa/answering/claims.py)? None for quotes, which are the sentence itself.
    verified: bool | None = None


@dataclass
class Answer:
    """What the user gets: text with inline [n] markers that refer to ``citations`` in order."""

    question: str
    text: str
    citations: list[Citation]
    lang: str
    abstained: bool
    hits: list[Hit] = field(default_factory=list)
    query: str = ""  # the question as retrieved, after follow-up resolution
    reason: str = ""  # why it abstained (for evaluation and debugging)
    lead: str = ""  # the short answer put before the quotes ("Micky Adriaansens"), when there is one
    lead_kind: str = ""  # the answer type of the lead (person, date, ...): follow-ups refer back to it
    answered_by: str = "extractive"  # the answerer whose text this is: extractive | llm
    notice: str = ""  # one line for the user when the model's answer was not used, and why
    claims: int = 0  # sentences of the model's reply that were checked against their citations
    dropped_claims: int = 0  # of those, the ones left out: uncited, or not supported by what they cite
