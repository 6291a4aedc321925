"""Sentence splitting (Dutch and English) and packing of whole sentences into chunks.

Citations point at one exact sentence, so sentence spans must be right: a period only
ends a sentence when the next word starts like a sentence, and not after a known
abbreviation, an initial or a list number. Chunks are runs of whole sentences.
"""
from __future__ import annotations

import re

from qa.data import Chunk, Document, Span
from qa.headings import HeadingPaths, find_headings

_OPENERS = "“‘\"'«„([¿¡"
# Terminal punctuation plus the closing quotes/brackets that belong to the sentence. No lookahead: a
# lookahead after a run makes every position of a long run of dots or spaces rescan it (quadratic);
# finditer resumes after each whole run, and the character after it is checked by hand.
_END = re.compile(r"[.!?…]+[”’\"'»)\]]*")
_NON_SPACE = re.compile(r"\S")
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
# A "sentence" longer than this (a run of dots, a table flattened to one line) is cut at whitespace: the
# answerer's patterns and the embedding model both work per sentence and need neither giant inputs.
MAX_SENTENCE_CHARS = 4000


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences in text[start:end], as offsets into text, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for seg_start, seg_end in _segments(text, start, end):
        cut = seg_start
        first_word = _NON_SPACE.search(text, seg_start, seg_end)
        lead = first_word.start() if first_word else seg_end  # where the segment's first word starts
        for m in _END.finditer(text, seg_start, seg_end):
            nxt = _next_sentence_start(text, m.end(), seg_end)
            if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
                continue
            if m.group() == "." and not _period_ends(text, m.start(), nxt, lead):
                continue
            _add_trimmed(spans, text, cut, m.end())
            cut = m.end()
        _add_trimmed(spans, text, cut, seg_end)
    return spans


def _next_sentence_start(text: str, position: int, end: int) -> str:
    """The first character after the whitespace at ``position`` ('' if no whitespace follows, or only
    whitespace). Each whitespace run is scanned once: the next terminal run lies beyond it."""
    if position >= end or not text[position].isspace():
        return ""
    found = _NON_SPACE.search(text, position, end)
    return found.group() if found else ""


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


def _period_ends(text: str, dot: int, nxt: str, lead: int) -> bool:
    """Whether the single period at ``dot`` ends a sentence, judged by the word before it (``lead``: the
    start of the segment's first word). The walk back stops at whitespace, so each word is walked once."""
    i = dot
    while i > lead and not text[i - 1].isspace():
        i -= 1
    word = text[i:dot].lstrip(_OPENERS)
    lower = word.lower()
    if lower in _ABBREVIATIONS or _INITIALS.fullmatch(word):
        return False
    if lower in _BEFORE_NUMBER and nxt.isdigit():
        return False
    # "1." opening a numbered list item
    return not (word.isdigit() and i == lead)


def _add_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    """Append text[start:end] without its surrounding whitespace, so spans quote exactly; a sentence
    over MAX_SENTENCE_CHARS becomes several, cut at the last space or line end under the cap."""
    end = start + len(text[start:end].rstrip())
    while True:
        first = _NON_SPACE.search(text, start, end)
        if first is None:
            return
        start = first.start()
        if end - start <= MAX_SENTENCE_CHARS:
            spans.append((start, end))
            return
        window = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + 1, window), text.rfind("\n", start + 1, window))
        cut = cut if cut > start else window
        spans.append((start, start + len(text[start:cut].rstrip())))
        start = cut


def chunk_document(document: Document, chunk_chars: int = 500, overlap: int = 1,
                   section_chars: int | None = None) -> list[Chunk]:
    """Pack whole sentences into chunks of about chunk_chars characters.

    Short consecutive paragraphs share a chunk (so FAQ-like pages don't become tiny chunks);
    a chunk that is already half full ends at a paragraph boundary, and a heading ("Artikel 12",
    "## Resultaten") starts a new chunk, so a chunk belongs to one section and carries its headings.
    Consecutive chunks of one paragraph repeat the last ``overlap`` sentences so a fact split over two
    chunks stays findable. A document divided by headings (below its title) is chunked to ``section_chars``
    (default ``chunk_chars``): its chunks never cross a section, and a law article or report section holds
    together better in one larger chunk than in several small ones (``eval/longdocs``).
    """
    text = document.text
    paragraphs = document.paragraphs or ((0, len(text)),)
    found = find_headings(text, paragraphs)
    heading_starts = {heading.start for heading in found}
    paths = HeadingPaths(found)
    if section_chars and any(heading.text != document.title for heading in found):
        chunk_chars = section_chars
    sentences = [(span, number) for number, (start, end) in enumerate(paragraphs, 1)
                 for span in split_sentences(text, start, end)]
    chunks: list[Chunk] = []

    def emit(run: list[tuple[Span, int]]) -> None:
        start, end = run[0][0][0], run[-1][0][1]
        # the headings in force where the chunk's text begins (below the headings it opens with); a heading
        # that repeats the title ("# Wet open overheid") is left to the title
        body = next((s for (s, _), _ in run if s not in heading_starts), start)
        heading = " — ".join(h for h in paths.at(body) if h != document.title)
        chunks.append(Chunk(id=f"{document.id}::{len(chunks)}", doc_id=document.id, title=document.title,
                            paragraph=run[0][1], start=start, end=end, text=text[start:end],
                            sentences=tuple(span for span, _ in run), heading=heading))

    run: list[tuple[Span, int]] = []
    has_text = False  # the run holds more than headings
    for (start, end), number in sentences:
        is_heading = start in heading_starts
        if run:
            run_start, run_end = run[0][0][0], run[-1][0][1]
            new_paragraph = number != run[-1][1]
            # a heading after text opens a section; headings in a row stay with the text that follows them
            new_section = is_heading and has_text
            if (new_section or end - run_start > chunk_chars
                    or (new_paragraph and run_end - run_start >= chunk_chars / 2)):
                emit(run)
                # Keep as many of the last `overlap` sentences as still fit with the next one;
                # the next chunk always gains a new sentence, so it is never inside this one.
                keep = 0 if new_paragraph or new_section else min(overlap, len(run))
                while keep > 0 and end - run[-keep][0][0] > chunk_chars:
                    keep -= 1
                run = run[len(run) - keep:] if keep > 0 else []
                has_text = any(s not in heading_starts for (s, _), _ in run)
        run.append(((start, end), number))
        has_text = has_text or not is_heading
    if run:
        emit(run)
    return chunks
