"""An enumeration: "Welke technologieën ...?", "Noem de ...", "Which fields ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Listing(AnswerType):
    name = "list"
    cites_runner_up = True

    def asks(self, question: str) -> bool:
        return bool(patterns().listing.search(question))

    def find(self, sentence: str) -> list[Span]:
        """What follows a list opener ("zoals", "such as", ":") when it holds two items at least."""
        p = patterns()
        match = p.list_intro.search(sentence)
        if not match:
            return []
        end = len(sentence.rstrip(" .!?”\""))
        return [(match.end(), end)] if p.list_joint.search(sentence[match.end():end]) else []


TYPE = Listing()
