"""An occasion: "Bij welke gelegenheid ...?", "During which visit ...?" -> "het staatsbezoek van de Zuid-Koreaanse
president Yoon Suk-yeol aan Nederland", the phrase after "tijdens"/"during" up to the end of its clause."""
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, AnswerType, Span
from qa.answering.types.slot import MAX_SLOT_WORDS


class Occasion(AnswerType):
    name = "occasion"
    span_required = True  # "Bij welke gelegenheid ...?": a sentence naming none does not say
    marker_depth = SPECIFIC_SEARCH_DEPTH  # "tijdens ...", "during ..." are rare enough to look for deeper down

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Occasion phrases short enough to be a short answer: a longer one is said better by the quote."""
        return [span for span in super().find(sentence, asked)
                if len(sentence[span[0]:span[1]].split()) <= MAX_SLOT_WORDS]


TYPE = Occasion()
