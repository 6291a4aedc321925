"""Headings of a document, found from its structure, so every chunk can say where in the document it is.

A chunk deep inside a long law no longer says which law or article it belongs to; its headings do
("Wet open overheid — Hoofdstuk 4 Openbaarmaking op verzoek — Artikel 4.4"). Three kinds of line are
headings, each standing alone on its line:

- a Markdown heading (``## Hoofdstuk 2``): its level is the number of ``#``;
- a line that opens with a section word of a registered language and a number ("Artikel 12",
  "Hoofdstuk 3. Rechten", "Chapter IV"): its level is the word's rank in ``Language.section_words``;
- a short numbered title alone in its paragraph ("3.2 Resultaten"): its level is the number's depth.

A heading replaces the headings of its own and deeper levels; the path of headings above an offset is
what a chunk starting there is indexed with. Only lines up to ``MAX_HEADING_CHARS`` are looked at, so a
long line costs one length check.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from qa import languages
from qa.data import Span

MAX_HEADING_CHARS = 120
_LINE = re.compile(r"[^\n]+")
_MARKDOWN = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*")
# "3", "3.2", "3.2.1" or "3.2a", then an optional period, then a title that starts with a capital
_NUMBERED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?)\.?[ \t]+[A-Z].*")
_SENTENCE_END = ".:;,!?"


@dataclass(frozen=True)
class Heading:
    start: int  # offset of the heading line in the document text
    level: int  # 1 outermost
    text: str  # the heading as written, without Markdown markers


@lru_cache(maxsize=4)
def _section_patterns(version: int) -> tuple[tuple[re.Pattern, int], ...]:
    """One pattern per rank over the section words of every registered language: the word, an identifier
    (digits or a Roman numeral, "4.2a", "IV"), then nothing, a separator, or a title starting with a capital."""
    ranks: dict[int, list[str]] = {}
    for language in languages.languages():
        for rank, words in language.section_words.items():
            ranks.setdefault(rank, []).append(words)
    identifier = r"(?:\d[\d.:]*[a-z]?|[IVXLC]+)\b\.?"
    title = r"(?P<title>[ \t]*[-–—:.]?[ \t]*[A-Z].*)?"
    return tuple((re.compile(rf"(?:{'|'.join(words)})[ \t]+{identifier}{title}"), rank)
                 for rank, words in sorted(ranks.items()))


def find_headings(text: str, paragraphs: tuple[Span, ...]) -> list[Heading]:
    """The headings of ``text`` in order. ``paragraphs`` (blank-line separated blocks) tell which lines stand
    alone: a numbered title is a heading only as a whole paragraph, so a numbered list item is not."""
    paragraph_end = dict(paragraphs)
    section_patterns = _section_patterns(languages.version())
    found: list[Heading] = []
    for line_match in _LINE.finditer(text):
        line = line_match.group()
        if len(line) > MAX_HEADING_CHARS or not line.strip():
            continue
        stripped = line.strip()
        start = line_match.start() + line.index(stripped[0])
        heading = _heading(stripped, start, paragraph_end.get(start) == start + len(stripped), section_patterns)
        if heading is not None:
            found.append(heading)
    return found


def _heading(line: str, start: int, whole_paragraph: bool, section_patterns) -> Heading | None:
    markdown = _MARKDOWN.fullmatch(line)
    if markdown:
        title = markdown.group(2).strip()
        return Heading(start, len(markdown.group(1)), title) if title else None
    ends_like_sentence = line[-1] in _SENTENCE_END
    for pattern, rank in section_patterns:
        section = pattern.fullmatch(line)
        if section and not (section.group("title") and ends_like_sentence) and line[-1] not in ":;,!?":
            return Heading(start, rank, line)
    numbered = _NUMBERED.fullmatch(line)
    if numbered and whole_paragraph and not ends_like_sentence:
        return Heading(start, numbered.group(1).count(".") + 1, line)
    return None


class HeadingPaths:
    """The path of headings (outermost first) in force at any offset of one document."""

    def __init__(self, headings: list[Heading]):
        self.starts: list[int] = []
        self.paths: list[tuple[str, ...]] = []
        stack: list[Heading] = []
        for heading in headings:
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            stack.append(heading)
            self.starts.append(heading.start)
            self.paths.append(tuple(h.text for h in stack))

    def at(self, offset: int) -> tuple[str, ...]:
        """Headings above ``offset``, including one that starts exactly there."""
        position = bisect_right(self.starts, offset)
        return self.paths[position - 1] if position else ()
