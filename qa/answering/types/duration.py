"""A duration: "Hoe lang ...?", "Binnen welke termijn ...?", "How long ...?" -> "vier weken", a number with its
unit of time; a date or a year says when, not how long."""
from qa.answering.patterns import patterns
from qa.answering.types import QuantityType, Span
from qa.answering.types.date import TYPE as DATE


class Duration(QuantityType):
    name = "duration"

    def find(self, sentence: str, asked=None) -> list[Span]:
        return [span for span in DATE.find(sentence, asked) if patterns().duration.fullmatch(sentence, *span)]


TYPE = Duration()
