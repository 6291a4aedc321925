"""A kind of thing: "Wat voor bezoek bracht Yoon?", "Welk soort bijeenkomst ...?", "What kind of visit ...?" -> the
word of the sentence that is a kind of it, a compound ending in the thing asked for ("staatsbezoek",
"bedrijvenbijeenkomst") or the thing with a word describing it ("koolstofvrije energie"), in the documents'
language; without one, the phrase that fills the slot. A plural ("wat voor technologieën") asks for a list
instead."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.slot import slot_spans
from qa.lexical import compound_with_head, fold, in_any_language, words

WORD = re.compile(r"[\w’'-]+")


class Kind(AnswerType):
    name = "kind"
    restates_question = True  # "koolstofvrije energie" for "what kind of energy"

    def asks(self, question: str) -> bool:
        p = patterns()
        head = p.which_head.search(question)
        return bool(p.kind_question.search(question)) and bool(head) and not p.plural.search(head.group(1))

    def find(self, sentence: str, asked=None) -> list[Span]:
        if asked is None or not asked.head:
            return []
        heads = in_any_language([asked.head])
        tokens = list(WORD.finditer(sentence))
        found = []
        for before, token in zip([None, *tokens], tokens):
            if any(compound_with_head(head, {fold(token.group())}) for head in heads):
                found.append(token.span())
            elif fold(token.group()) in heads and before is not None and _describes(sentence, before):
                found.append((before.start(), token.end()))  # "koolstofvrije energie": a kind of energy too
        return found or slot_spans(sentence, asked)


def _describes(sentence: str, word: re.Match) -> bool:
    """Is ``word`` an adjective right before the next word: lower case, a content word, with an adjective's
    ending ("koolstofvrije", "digital")?"""
    return (word.group()[:1].islower() and bool(words(word.group())) and not sentence[word.end():].startswith(",")
            and bool(patterns().adjective.search(word.group())))


TYPE = Kind()
