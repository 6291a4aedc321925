"""A frequency: "Hoe vaak zijn er gemeenteraadsverkiezingen?", "How often ...?" -> "elke 4 jaar", "2 keer per jaar",
"jaarlijks".

Among the best sentences of the best document, one saying how often comes first; where none does, the best
sentence answers without a lead (how often may be said in other words)."""
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, AnswerType


class Frequency(AnswerType):
    name = "frequency"
    marker_depth = SPECIFIC_SEARCH_DEPTH  # a sentence saying how often rarely turns up by chance
    span_preferred = True

    def marked(self, sentence: str, asked=None) -> bool:
        return bool(self.find(sentence, asked))


TYPE = Frequency()
