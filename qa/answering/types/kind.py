"""A kind of thing: "Wat voor bezoek bracht Yoon?", "Welk soort bijeenkomst ...?", "What kind of visit ...?" -> the
word of the sentence that is a kind of it, a compound ending in the thing asked for ("staatsbezoek",
"bedrijvenbijeenkomst"), in the documents' language; without one, the phrase that fills the slot. A plural ("wat
voor technologieën") asks for a list instead."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.slot import slot_spans
from qa.lexical import compound_with_head, fold, in_any_language

WORD = re.compile(r"[\w’'-]+")


class Kind(AnswerType):
    name = "kind"

    def asks(self, question: str) -> bool:
        p = patterns()
        head = p.which_head.search(question)
        return bool(p.kind_question.search(question)) and bool(head) and not p.plural.search(head.group(1))

    def find(self, sentence: str, asked=None) -> list[Span]:
        if asked is None or not asked.head:
            return []
        heads = in_any_language([asked.head])
        found = [m.span() for m in WORD.finditer(sentence)
                 if any(compound_with_head(head, {fold(m.group())}) for head in heads)]
        return found or slot_spans(sentence, asked)


TYPE = Kind()
