"""An organisation: "Welk ministerie ...?", "Which company ...?", "Welke instantie voert de zorgtoeslag uit?"; in a
sentence naming none in brackets or as a ministry, the body it says acts ("De Belastingdienst/Toeslagen voert ...
uit"), unless the question asks for a company or a party."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.person import actor_spans


class Organisation(AnswerType):
    name = "organisation"
    span_required = True
    anchored = True  # a bracket right after a name the question gives is that name's organisation

    def asks(self, question: str) -> bool:
        p = patterns()
        return bool(p.organisation.search(question) or p.portfolio_question.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        named = super().find(sentence, asked)
        if named or asked is None or asked.company or asked.party:
            return named
        return actor_spans(sentence)


TYPE = Organisation()
