"""Sentence splitting (Dutch and English) and packing of whole sentences into chunks.

Citations point at one exact sentence, so sentence spans must be right: a period only
ends a sentence when the next word starts like a sentence, and not after a known
abbreviation, an initial or a list number. Chunks are runs of whole sentences.
"""
from __future__ import annotations

import re

from qa.data import Chunk, Document, Span

_OPENERS = "“‘\"'«„([¿¡"
# Terminal punctuation plus the closing quotes/brackets that belong to the sentence,
# followed by whitespace; group 1 is the first character of the next sentence.
_END = re.compile(r"[.!?…]+[”’\"'»)\]]*(?=\s+(\S))")
# A line that starts a list item: "- x", "* x", "• x", "1. x", "2) x", "a) x".
_ITEM = re.compile(r"[ \t]*(?:[-*•–]|\d{1,3}[.)]|[a-z]\))[ \t]+\S")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# Initials and dotted abbreviations: "J", "U.S", "e.g", "d.w.z", "m.b.t".
_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")
# Words before a period that never end a sentence (compared lowercased; dotted ones match _INITIALS).
_ABBREVIATIONS = frozenset(
    "bijv bv ca incl excl resp evt ong jl zgn mr mrs ms dr prof ir drs ing dhr hr mevr mw "
    "st jr sr nr blz pp vs geb gem max min tel afb hfst ref vgl cf approx dept gen gov sen".split()
)
# Abbreviations that are also ordinary words or names ("Jan.", "art.", "no."): only before a number.
_BEFORE_NUMBER = frozenset("jan feb mar apr jun jul aug sep sept oct okt nov dec mrt art no vol fig".split())


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences in text[start:end], as offsets into text, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for seg_start, seg_end in _segments(text, start, end):
        cut = seg_start
        for m in _END.finditer(text, seg_start, seg_end):
            nxt = m.group(1)
            if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
                continue
            if m.group() == "." and not _period_ends(text, m.start(), nxt, seg_start):
                continue
            _add_trimmed(spans, text, cut, m.end())
            cut = m.end()
        _add_trimmed(spans, text, cut, seg_end)
    return spans


def _segments(text: str, start: int, end: int):
    """Runs of lines that no sentence may cross: list items (with indented continuation lines)
    and blocks separated by blank lines."""
    seg, in_item = start, False
    for m in _LINE.finditer(text, start, end):
        line = m.group()
        item, blank = bool(_ITEM.match(line)), not line.strip()
        if m.start() > seg and (item or blank or (in_item and not line[:1].isspace())):
            yield seg, m.start()
            seg = m.start()
        in_item = item or (in_item and not blank and line[:1].isspace())
    yield seg, end


def _period_ends(text: str, dot: int, nxt: str, seg_start: int) -> bool:
    """Whether the single period at ``dot`` ends a sentence, judged by the word before it."""
    i = dot
    while i > seg_start and not text[i - 1].isspace():
        i -= 1
    word = text[i:dot].lstrip(_OPENERS)
    lower = word.lower()
    if lower in _ABBREVIATIONS or _INITIALS.fullmatch(word):
        return False
    if lower in _BEFORE_NUMBER and nxt.isdigit():
        return False
    # "1." opening a numbered list item
    return not (word.isdigit() and not text[seg_start:i].strip())


def _add_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    """Append text[start:end] without its surrounding whitespace, so spans quote exactly."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def chunk_document(document: Document, chunk_chars: int = 500, overlap: int = 1) -> list[Chunk]:
    """Pack whole sentences into chunks of about chunk_chars characters.

    Short consecutive paragraphs share a chunk (so FAQ-like pages don't become tiny chunks);
    a chunk that is already half full ends at a paragraph boundary. Consecutive chunks of one
    paragraph repeat the last ``overlap`` sentences so a fact split over two chunks stays findable.
    """
    text = document.text
    paragraphs = document.paragraphs or ((0, len(text)),)
    sentences = [(span, number) for number, (start, end) in enumerate(paragraphs, 1)
                 for span in split_sentences(text, start, end)]
    chunks: list[Chunk] = []

    def emit(run: list[tuple[Span, int]]) -> None:
        start, end = run[0][0][0], run[-1][0][1]
        chunks.append(Chunk(id=f"{document.id}::{len(chunks)}", doc_id=document.id, title=document.title,
                            paragraph=run[0][1], start=start, end=end, text=text[start:end],
                            sentences=tuple(span for span, _ in run)))

    run: list[tuple[Span, int]] = []
    for (start, end), number in sentences:
        if run:
            run_start, run_end = run[0][0][0], run[-1][0][1]
            new_paragraph = number != run[-1][1]
            if end - run_start > chunk_chars or (new_paragraph and run_end - run_start >= chunk_chars / 2):
                emit(run)
                # Keep as many of the last `overlap` sentences as still fit with the next one;
                # the next chunk always gains a new sentence, so it is never inside this one.
                keep = 0 if new_paragraph else min(overlap, len(run))
                while keep > 0 and end - run[-keep][0][0] > chunk_chars:
                    keep -= 1
                run = run[len(run) - keep:] if keep > 0 else []
        run.append(((start, end), number))
    if run:
        emit(run)
    return chunks
