"""Another name for something: "Hoe wordt het digitaliseren van fabrieken ook wel genoemd?", "Met welke Engelse term
...?", "What is X also called?", "Hoe heet het verslag ...?" -> "smart industry", the name a text puts in brackets
after the words for the thing ("digitalisering van de maakindustrie (smart industry)"), else the quoted name after
a naming verb ("Dat heet ‘het proces-verbaal’"); without either, the phrase that fills the slot ("X wordt Y
genoemd")."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.slot import slot_spans
from qa.lexical import in_any_language, same_word, words

BRACKET = re.compile(r"\(([^()\d][^()]{0,60})\)")  # "(smart industry)", not "(2024)"
NAMING_WORDS = 4  # words before a bracket in which the question's words stand when it names what they describe


class Alias(AnswerType):
    name = "alias"
    restates_question = True  # "What English term is used for the manufacturing industry?": "smart industry"

    def asks(self, question: str) -> bool:
        """An alias cue, or "Hoe heet ...?" about a thing: "Hoe heet de minister?" asks for a person."""
        p = patterns()
        if p.alias_question.search(question):
            return True
        return bool(p.naming_question.search(question)) and not (
            p.role.search(question) or p.people_noun.search(question)
            or any(cue.search(question) for cue in p.role_groups.values()))

    def describing(self, question: str) -> str:
        """The words of the cue ("welke Engelse term"): they say what the answer is, the documents need not name
        them."""
        cue = patterns().alias_question.search(question)
        return cue.group() if cue else ""

    def find(self, sentence: str, asked=None) -> list[Span]:
        """The bracket after most of the question's words, else the slot's filler."""
        if asked is None:
            return []
        asked_words = in_any_language(asked.terms)
        named = {m.span(1): sum(same_word(w, asked_words) for w in words(" ".join(
                     sentence[:m.start()].split()[-NAMING_WORDS:])))
                 for m in BRACKET.finditer(sentence)}
        most = max(named.values(), default=0)
        if most:
            return [span for span, count in named.items() if count == most]
        return [m.span(1) for m in patterns().named_quote.finditer(sentence)] or slot_spans(sentence, asked)


TYPE = Alias()
