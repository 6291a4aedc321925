"""A country: "Welk land ...?", "Which country ...?": the countries the gazetteer knows, by name."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Country(AnswerType):
    name = "country"

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Every country named (not an adjective: "Zuid-Koreaanse" describes, "Zuid-Korea" names)."""
        p = patterns()
        pattern, concept_of, kinds = p.entities
        return [m.span(1) for m in pattern.finditer(sentence) if m.group(1).casefold() in p.entity_nouns
                and kinds.get(concept_of[m.group(1).casefold()]) == "country"]


TYPE = Country()
