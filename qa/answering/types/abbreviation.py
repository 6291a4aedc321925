"""An abbreviation spelled out: "Waar staat AI voor?", "What does Woo stand for?" -> "kunstmatige intelligentie",
the words a text puts before the abbreviation in brackets ("kunstmatige intelligentie (AI)") or in brackets after
it ("Woo (Wet open overheid)")."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.lexical import fold, words

BRACKETED = re.compile(r"\(\s*([\w&.-]{2,12})\s*\)")  # "(AI)", "(Woo)", "(R&D)"
EXPLAINED = re.compile(r"(?<![\w-])([\w&.-]{2,12})\s+\(([^()]{3,100})\)")  # "Woo (Wet open overheid)"
WORD = re.compile(r"[\w’'-]+|[^\w\s]")


class Abbreviation(AnswerType):
    name = "abbreviation"

    def asks(self, question: str) -> bool:
        return bool(patterns().abbreviation_question.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """The spelled-out form of an abbreviation the question names (in any case: "ai" finds "(AI)")."""
        named = {fold(term) for term in asked.terms} if asked is not None else set()
        found = [span for m in BRACKETED.finditer(sentence) if fold(m.group(1)) in named
                 and (span := _spelled_out_before(sentence, m.start(), m.group(1)))]
        found += [m.span(2) for m in EXPLAINED.finditer(sentence)
                  if fold(m.group(1)) in named and m.group(1) != m.group(1).lower()]
        return sorted(found)


def _spelled_out_before(sentence: str, end: int, abbreviation: str) -> Span | None:
    """The words before ``end`` that spell ``abbreviation`` out, back to a punctuation mark and without the function
    words they start with: a name's capitalised words, one per capital, starting with its first letter ("de
    Basisregistratie Personen (BRP)", "Raad van State (RvS)", not "minister Adriaansens (EZK)"), else as many
    content words as it has letters, in any language ("kunstmatige intelligentie (AI)")."""
    tokens = list(WORD.finditer(sentence[:end]))
    capitalised = bool(tokens) and tokens[-1].group()[:1].isupper()
    wanted = sum(ch.isupper() for ch in abbreviation) if capitalised else sum(ch.isalnum() for ch in abbreviation)
    taken, counted = [], 0
    for token in reversed(tokens):
        text = token.group()
        if not text[0].isalnum() or (capitalised and words(text) and not text[:1].isupper()):
            break
        taken.insert(0, token)
        counted += bool(words(text)) and (text[:1].isupper() or not capitalised)
        if counted >= wanted:
            break
    while taken and not words(taken[0].group()):
        taken.pop(0)
    if not taken or (capitalised and fold(taken[0].group()[0]) != fold(abbreviation[0])):
        return None
    return taken[0].start(), taken[-1].end()


TYPE = Abbreviation()
