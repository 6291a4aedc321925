"""A bare "Wanneer ...?" / "When ...?": a date when the text gives one, else the condition under which it happens.

Dutch "wanneer" and English "when" ask as often for conditions ("Wanneer wordt een rijbewijs ongeldig?")
as for a date, so a sentence with a date span or a stated condition satisfies it; the date leads when
there is one.
"""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.date import TYPE as DATE


class When(AnswerType):
    name = "when"
    span_required = True

    def asks(self, question: str) -> bool:
        return bool(patterns().when.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        return DATE.find(sentence, asked)

    def marked(self, sentence: str, asked=None) -> bool:
        return bool(patterns().condition_marker.search(sentence))

    def satisfied(self, spans: list[Span], marked: bool) -> bool:
        return bool(spans) or marked


TYPE = When()
