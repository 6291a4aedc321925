"""A reason or purpose: "Waarom ...?", "Wat is het doel van ...?", "Why ...?", "How does X benefit ...?".

Answered by the sentence that gives the reason or goal ("omdat", "zodat", "om ... te", "so that"),
preferred over one that merely shares the question's words; the neighbouring sentence is cited when
it completes the reason (see ``ExtractiveAnswerer.completion``).
"""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Reason(AnswerType):
    name = "reason"
    cites_runner_up = True
    leads = False

    def asks(self, question: str) -> bool:
        return bool(patterns().reason.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        return []

    def marked(self, sentence: str) -> bool:
        return bool(patterns().reason_marker.search(sentence))

    def satisfied(self, spans: list[Span], marked: bool) -> bool:
        return marked


TYPE = Reason()
