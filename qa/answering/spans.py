"""What kind of answer a question asks for, and the spans of that kind in a sentence.

Rule-based and bilingual (Dutch, English): the answer is lifted from the source
sentence, so a person, number, percentage, date, place or organisation can be put first.
"""
from __future__ import annotations

import re

PERSON, PLACE, ORGANISATION, PERCENT, NUMBER, MONEY, DATE, LIST = (
    "person", "place", "organisation", "percent", "number", "money", "date", "list")

_Q = re.IGNORECASE
# Ordered: the first pattern that matches the question decides its type.
_QUESTION_TYPES: list[tuple[str, re.Pattern]] = [
    (PERCENT, re.compile(r"\b(procent|percentage|percent|welk deel|what share|which share|what part|"
                         r"what fraction|hoeveel %)|%", _Q)),
    (MONEY, re.compile(r"\b(hoeveel (geld|euro)|how much money|what amount|welk bedrag|hoe duur|value of|waarde van|worth|what does .* cost|"
                       r"wat kost|budget|kosten|cost)\b", _Q)),
    (DATE, re.compile(r"\b(wanneer|when|welk jaar|which year|what year|welke datum|what date|which date|"
                      r"op welke dag|on what day|hoe lang|how long|sinds wanneer|since when|tot wanneer|until when)\b", _Q)),
    (NUMBER, re.compile(r"\b(hoeveel|how many|how much)\b", _Q)),
    (ORGANISATION, re.compile(r"\b(welk|welke|which|what)\s+(ministerie|ministry|organisatie|organisation|"
                              r"organization|bedrijf|bedrijven|company|companies|instelling|department|departement|"
                              r"partij|party)\b", _Q)),
    (PERSON, re.compile(r"^\s*(en\s+|and\s+)?(wie|who|whom|whose)\b|\b(door wie|by whom|met wie|with whom|"
                        r"welke (minister|president|koning|persoon|personen)|which (minister|president|king|"
                        r"person|people)|wat is de naam|what is the name)\b", _Q)),
    (PLACE, re.compile(r"^\s*(en\s+|and\s+)?(waar|where)\b|\b(in welke (stad|plaats|land|provincie)|"
                       r"in which (city|town|country|place)|welke stad|which city)\b", _Q)),
    (LIST, re.compile(r"\b(welke|which|what)\s+(\w+\s+){0,2}(\w{3,}(en|ën|s))\b|\b(noem|name the|list the)\b", _Q)),
]


# "Wanneer mag ik ...?", "When do I need ...?" ask for conditions, not for a date.
_ABOUT_CONDITIONS = re.compile(r"\b(wanneer|when)\b.*\b(ik|mijn|je|jij|jouw|u|uw|we|wij|ons|onze|i|my|you|your|we|our)\b", _Q)


def needs_span(question: str, kind: str | None) -> bool:
    """Must an answer contain a span of this kind? Dates, amounts, numbers and percentages must be in the
    text to be answered; a person, place or list may be described in other words."""
    if kind == DATE:
        return not _ABOUT_CONDITIONS.search(question)
    return kind in (MONEY, PERCENT, NUMBER)


def question_type(question: str) -> str | None:
    """The kind of span the question asks for, or None for open questions (why, how, what is ...)."""
    for kind, pattern in _QUESTION_TYPES:
        if pattern.search(question):
            return kind
    return None


_MONTHS = (r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           r"january|february|march|may|june|july|august|october")
_DAYS = r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NAME_WORD = r"[A-ZÀ-Ý][\w’'-]*[\w]"
_PARTICLE = r"(?:van|de|der|den|ten|ter|te|von|da|di|le|la|'t)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,3}}"
_TITLES = (r"minister|president|premier|minister-president|koning|koningin|prins|prinses|staatssecretaris|"
           r"burgemeester|ambtsgenoot|commissaris|directeur|voorzitter|professor|prof\.|dr\.|mr\.|ir\.|drs\.|"
           r"de heer|mevrouw|king|queen|prime minister|secretary|mayor|counterpart|chairman|director|mr|mrs|ms")

_SPAN_PATTERNS: dict[str, re.Pattern] = {
    PERCENT: re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|procent\b|percent\b)", _Q),
    MONEY: re.compile(r"(?:€|\$|£|EUR|USD)\s?\d[\d.,]*(?:\s?(?:miljoen|miljard|duizend|million|billion|thousand|mln|mld))?"
                      r"|\d[\d.,]*\s?(?:miljoen|miljard|duizend|million|billion|thousand)?\s?(?:euro|dollar|€)", _Q),
    DATE: re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b|\b(?:{_MONTHS})\s+\d{{4}}\b|\b(?:19|20)\d{{2}}\b"
                     rf"|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b|\b\d+\s+(?:dagen|weken|maanden|jaar|jaren|days|weeks|"
                     rf"months|years)\b|\b(?:{_MONTHS}|{_DAYS})\b|\b(?:jaarlijks|maandelijks|wekelijks|dagelijks|"
                     rf"annually|monthly|weekly|daily)\b", _Q),
    NUMBER: re.compile(r"\b\d[\d.,]*(?:\s?(?:miljoen|miljard|duizend|million|billion|thousand))?\b"
                       r"|\b(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|honderd|duizend|"
                       r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand)\b", _Q),
    PERSON: re.compile(rf"\b(?i:{_TITLES})\s+({_NAME})"),
    PLACE: re.compile(rf"\b(?:in|te|naar|uit|at|to|from|bij)\s+({_NAME})"),
    ORGANISATION: re.compile(rf"\((\s*{_NAME_WORD}[^()]{{1,80}})\)|\b((?:[Mm]inisterie|[Mm]inistry) van\s+{_NAME}"
                             rf"(?:\s+(?:en|and)\s+{_NAME})?)"),
}
_LIST_INTRO = re.compile(r"\b(?:als|zoals|such as|like|namelijk|including|waaronder|:)\s+", _Q)


def find_spans(kind: str, sentence: str) -> list[tuple[int, int]]:
    """Character spans (within ``sentence``) of answers of this kind, in order of appearance."""
    if kind == LIST:
        match = _LIST_INTRO.search(sentence)
        if not match:
            return []
        end = len(sentence.rstrip(" .!?”\""))
        items = sentence[match.end():end]
        return [(match.end(), end)] if re.search(r",|\s(en|and|of|or)\s", items) else []  # two items at least
    pattern = _SPAN_PATTERNS.get(kind)
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(sentence):
        group = next((g for g in range(1, (pattern.groups or 0) + 1) if match.group(g)), 0)
        spans.append(match.span(group))
    if kind == NUMBER:  # "een"/"één" is mostly an article, not the number asked for
        spans = [s for s in spans if sentence[s[0]:s[1]].lower() not in ("een", "één", "one")]
    return spans
