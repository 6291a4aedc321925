"""A telephone number: "Welk nummer kan ik bellen?", "What's the phone number of ...?" -> "0800-0880".

Only a sentence that gives a number in a telephone number's shape answers; a count or an article
number does not."""
from qa.answering.patterns import patterns
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, AnswerType, Span


class Phone(AnswerType):
    name = "phone"
    span_required = True
    marker_depth = SPECIFIC_SEARCH_DEPTH  # a number shaped like a telephone number rarely turns up by chance

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Phone numbers, but not a number a reference word points to ("artikel 112")."""
        p = patterns()
        return [s for s in super().find(sentence, asked) if not p.reference.search(sentence[:s[0]])]


TYPE = Phone()
