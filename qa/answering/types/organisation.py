"""A named organisation: "Welk ministerie ...?", "Which company ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType


class Organisation(AnswerType):
    name = "organisation"
    span_required = True
    anchored = True  # a bracket right after a name the question gives is that name's organisation

    def asks(self, question: str) -> bool:
        p = patterns()
        return bool(p.organisation.search(question) or p.portfolio_question.search(question))


TYPE = Organisation()
