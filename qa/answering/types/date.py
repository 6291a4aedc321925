"""A date, year or time: "In welk jaar ...?", "What time ...?" (a bare "wanneer" is ``when``, "hoe lang"
``duration``)."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Date(AnswerType):
    name = "date"
    span_required = True

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Dates and durations, but not ages: "jonger dan 18 jaar" and "65 years or older" are no time ("vanaf 1
        januari" and "tot 5 dagen" are)."""
        p = patterns()
        return [s for s in super().find(sentence, asked) if not p.age.fullmatch(sentence, *s)
                or not (p.age_before.search(sentence, 0, s[0]) or p.age_after.match(sentence, s[1]))]


TYPE = Date()
