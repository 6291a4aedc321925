"""A definition: "Wat wordt in de Wlz verstaan onder 'permanent toezicht'?", "What is meant by a 'document' under the
Woo?" -> the meaning a text gives the term, where it defines it: a law's list item ("b. permanent toezicht:
onafgebroken toezicht ..."), a lead-in ("Onder persoonlijke beleidsopvattingen worden verstaan ...") or a sentence
opening with the term ("Een penitentiair programma is ...").

A sentence that merely uses the term ("... bij welk eigen risico ...") gives no meaning: among the best few, the one
defining it comes first. Where none does, the best sentence answers without a lead."""
from __future__ import annotations

import re
from functools import lru_cache

from qa import languages
from qa.answering.patterns import patterns
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, AnswerType, Span
from qa.languages import cues
from qa.lexical import fold

ITEM = r"(?:(?:[a-z]{1,2}|\d{1,2}°?)[.)]\s+|[-–•]\s*)"  # "b. ", "2°. ", "– ": what opens a list item
TRAILING = " \t\n;:,."
MAX_MEANING_WORDS = 12  # a longer meaning is a rule, not a name to put beside a short answer
MIN_MEANING_WORDS = 3  # a shorter one ("de persoon", "een verzekeraar") names a kind, not the one meant


@lru_cache(maxsize=256)
def defining(term: str, version: int) -> re.Pattern:
    """Where a sentence defines ``term`` (an inflected last word too: "regelingen"); group 1, 2 or 3 is the meaning."""
    said = rf"(?:(?:{cues('articles')})\s+)?" + r"\s+".join(re.escape(w) for w in term.split()) + r"\w{0,2}"
    item = rf"(?:^|(?<=[\s;:])){ITEM}?{said}\s*:\s*(?!\d)([^;]+)"
    lead_in = rf"\b(?:{cues('definition_lead_in')})\s+{said}\s+(?:{cues('defined_as')})\s*:?\s*([^;]+)"
    opening = rf"^{ITEM}?{said}(?:\s+\([^()]*\))?\s+(?:{cues('defining_verbs')})\s+([^;]+)"
    return re.compile(f"{item}|{lead_in}|{opening}", re.IGNORECASE)


def without_article(text: str) -> str:
    """``text`` without the article it opens with ("De Raad" -> "Raad")."""
    return re.sub(rf"^(?:{cues('articles')})\s+", "", text, flags=re.IGNORECASE)


def meaning_in(text: str, term: str) -> str:
    """The meaning ``text`` gives ``term`` (with or without its article) where it defines it ("j. Raad: de Raad voor
    strafrechtstoepassing en jeugdbescherming;"), when short enough to name it; else ""."""
    term = without_article(term)
    if not term:
        return ""
    match = defining(term, languages.version()).search(text)
    if match is None:
        return ""
    # to the end of its line or clause: "het CIZ, genoemd in artikel 7.1.1" names the CIZ no better
    found = re.split(r"\n|,", next((match.group(g) for g in range(1, 4) if match.group(g)), ""))[0].strip(TRAILING)
    if re.match(ITEM, found):  # "1. Het college:" opening a list of its tasks defines nothing
        return ""
    bare = without_article(found)
    return found if MIN_MEANING_WORDS <= len(bare.split()) <= MAX_MEANING_WORDS and fold(bare) != fold(term) else ""


class Definition(AnswerType):
    name = "definition"
    marker_depth = SPECIFIC_SEARCH_DEPTH  # a sentence defining the asked term rarely turns up by chance

    def defined(self, question: str) -> str:
        p = patterns()
        found = p.definition_quoted.search(question) or p.definition_term.search(question)
        return next((g.strip() for g in found.groups() if g), "") if found else ""

    def looked_up(self, asked) -> str:
        return asked.defined

    def find(self, sentence: str, asked=None) -> list[Span]:
        if asked is None or not asked.defined:
            return []
        spans = []
        for match in defining(asked.defined, languages.version()).finditer(sentence):
            group = next(g for g in range(1, 4) if match.group(g))
            start, end = match.span(group)
            end = start + len(sentence[start:end].rstrip(TRAILING))
            if end > start:
                spans.append((start, end))
        return spans

    def marked(self, sentence: str, asked=None) -> bool:
        return bool(self.find(sentence, asked))


TYPE = Definition()
