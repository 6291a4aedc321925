"""Property-based tests (hypothesis): for any input, only the project's QAError may escape, and every span
points exactly into the text it claims to come from.

Strategies mix the characters that have broken things before: lone surrogates, control characters, long
runs of dots, spaces and '#', list markers, quotes and line ends of every kind.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from qa.chunking import MAX_SENTENCE_CHARS, chunk_document, split_sentences
from qa.data import Document
from qa.documents import SUPPORTED_SUFFIXES, TextLimit, load_file, paragraphs_of
from qa.errors import QAError
from qa.pipeline import clean_question, upload_name

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise the splitter's and the loaders' special cases, glued together in any order.
PIECES = st.sampled_from(["Zin.", "zin", " ", "  ", "\n", "\n\n", "\t", "\r\n", ".", "...", "!", "?", "…", "1.", "- ",
                          "* ", "a) ", "Dr.", "bijv.", "J.", "U.S.", "“", "”", "(", ")", "#", "# Kop", "\x1b[2J",
                          "\x00", "\ufeff", "\u202e", "Ü", "中文", "4,5%", "12.50"])
RUNS = st.builds(lambda char, n: char * n, st.sampled_from([".", " ", "#", "!", "\n", "a", "1. "]),
                 st.integers(50, 3000))
TEXTS = st.lists(st.one_of(PIECES, RUNS, st.text(max_size=20)), max_size=40).map("".join)
ANY_TEXT = st.one_of(TEXTS, st.text())


def check_sentences(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> None:
    """Sentences are ordered, disjoint, trimmed, capped, and together hold every non-space character."""
    end = len(text) if end is None else end
    previous = start
    for a, b in spans:
        assert previous <= a < b <= end
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert b - a <= MAX_SENTENCE_CHARS
        assert not text[previous:a].strip()  # nothing skipped between sentences
        previous = b
    assert not text[previous:end].strip()


@PROPERTY
@given(ANY_TEXT)
def test_sentences_cover_the_text_exactly(text):
    check_sentences(text, split_sentences(text))


@PROPERTY
@given(ANY_TEXT, st.integers(50, 600), st.integers(0, 3))
def test_chunks_quote_their_document_and_hold_every_sentence(text, chunk_chars, overlap):
    document = Document(id="d.txt", title="d", text=text, paragraphs=paragraphs_of(text))
    chunks = chunk_document(document, chunk_chars, overlap)
    sentences = set()
    for chunk in chunks:
        assert chunk.text == text[chunk.start:chunk.end] and chunk.doc_id == "d.txt"
        assert all(chunk.start <= a < b <= chunk.end for a, b in chunk.sentences)
        assert 1 <= chunk.paragraph <= len(document.paragraphs)
        sentences.update(chunk.sentences)
    expected = {span for start, end in document.paragraphs for span in split_sentences(text, start, end)}
    assert sentences == expected


@PROPERTY
@given(ANY_TEXT)
def test_paragraphs_are_trimmed_spans_of_the_text(text):
    previous = 0
    for start, end in paragraphs_of(text):
        assert previous <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous = end


@PROPERTY
@given(st.one_of(ANY_TEXT, st.binary()), st.integers(1, 3000))
def test_question_cleaning_returns_printable_text_or_a_clear_refusal(question, max_chars):
    try:
        cleaned = clean_question(question, max_chars)
    except QAError as refusal:
        assert str(refusal)
        return
    cleaned.encode("utf-8")  # no lone surrogates: it can be printed, logged and sent
    assert cleaned == cleaned.strip() and len(cleaned) <= max_chars and any(c.isalnum() for c in cleaned)
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in cleaned)


@PROPERTY
@given(ANY_TEXT)
def test_upload_names_are_plain_file_names_or_refused_with_a_reason(name):
    try:
        safe = upload_name(name)
    except QAError as refusal:
        assert "Rename" in str(refusal) or "Upload" in str(refusal)
        return
    safe.encode("utf-8")
    assert "/" not in safe and not safe.startswith(".") and Path(safe).suffix.lower() in SUPPORTED_SUFFIXES


def _load(data: bytes, suffix: str, limit: TextLimit):
    """load_file on ``data`` saved with ``suffix``: documents, or None when refused with a QAError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "bestand" + suffix)
        path.write_bytes(data)
        try:
            return load_file(path, limit=limit)[0]
        except QAError as refusal:
            assert str(refusal).startswith("bestand" + suffix)
            return None


def check_documents(documents, limit: TextLimit) -> None:
    for document in documents or []:
        assert document.text.strip() and len(document.text) <= limit.chars and len(document.title) <= 120
        previous = 0
        for start, end in document.paragraphs:
            assert previous <= start < end <= len(document.text)
            previous = end


@PROPERTY
@given(st.binary(max_size=3000), st.sampled_from(SUPPORTED_SUFFIXES), st.integers(1, 5000))
def test_every_loader_survives_any_bytes(data, suffix, chars):
    limit = TextLimit(chars, "max_document_chars")
    check_documents(_load(data, suffix, limit), limit)


def _jsonl(text: str) -> str:
    import json

    return "\n".join(json.dumps({"id": n, "title": line[:30], "text": line}) for n, line in enumerate(text.split("\n")))


@PROPERTY
@given(ANY_TEXT, st.sampled_from([".txt", ".md", ".html", ".htm", ".jsonl"]), st.integers(1, 5000))
def test_every_text_loader_survives_any_text(text, suffix, chars):
    limit = TextLimit(chars, "max_document_chars")
    data = (_jsonl(text) if suffix == ".jsonl" else text).encode("utf-8", "surrogatepass")
    check_documents(_load(data, suffix, limit), limit)
