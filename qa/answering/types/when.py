"""A bare "Wanneer ...?" / "When ...?": a date when the text gives one, else the occasion ("tijdens het
staatsbezoek"), else the condition under which it happens.

Dutch "wanneer" and English "when" ask as often for conditions ("Wanneer wordt een rijbewijs ongeldig?")
as for a date, so a sentence with a date span or a stated condition satisfies it; the date leads when
there is one.
"""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.date import TYPE as DATE
from qa.answering.types.occasion import TYPE as OCCASION

OCCASION_COVERAGE = 0.5  # share of the question's words (IDF-weighted) an occasion's sentence must have


class When(AnswerType):
    name = "when"
    span_required = True
    conditions = True

    def asks(self, question: str) -> bool:
        return bool(patterns().when.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Dates and times, but no bare duration ("1 jaar geldig" says how long, "binnen 5 dagen" says when);
        else occasions."""
        p = patterns()
        dates = [span for span in DATE.find(sentence, asked)
                 if not p.duration.fullmatch(sentence, *span) or p.duration_relation.search(sentence[:span[0]])]
        return dates or OCCASION.find(sentence, asked)

    def min_coverage(self, sentence: str, span: Span) -> float:
        """An occasion says when only what the sentence itself tells happened: "getekend tijdens het staatsbezoek"
        answers "Wanneer werd de overeenkomst getekend?", not "Wanneer treedt de overeenkomst in werking?"."""
        return 0.0 if DATE.find(sentence[span[0]:span[1]]) else OCCASION_COVERAGE

    def lead(self, sentence: str, span: Span) -> Span:
        """An occasion with its preposition: "tijdens het staatsbezoek ..." says when; "het staatsbezoek" alone
        does not."""
        preposition = patterns().occasion_preposition.search(sentence[:span[0]])
        return (preposition.start(), span[1]) if preposition else span

    def marked(self, sentence: str, asked=None) -> bool:
        return bool(patterns().condition_marker.search(sentence))

    def satisfied(self, spans: list[Span], marked: bool) -> bool:
        return bool(spans) or marked


TYPE = When()
