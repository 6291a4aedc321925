"""Conditions: "In welke gevallen ...?", "Onder welke voorwaarden ...?", "Wanneer mag ik ...?".

Answered by the sentences that state the conditions (no short lead: conditions are clauses); a
sentence with a condition marker ("als u", "indien", "mits") is preferred, and the runner-up is
cited too, since conditions are often spread over a list.
"""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Condition(AnswerType):
    name = "condition"
    cites_runner_up = True
    leads = False

    def asks(self, question: str) -> bool:
        return bool(patterns().condition.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        return []

    def marked(self, sentence: str) -> bool:
        return bool(patterns().condition_marker.search(sentence))

    def satisfied(self, spans: list[Span], marked: bool) -> bool:
        return marked


TYPE = Condition()
