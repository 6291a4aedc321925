"""An enumeration: "Welke technologieën ...?", "Noem de ...", "Which fields ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.slot import slot_spans


class Listing(AnswerType):
    name = "list"
    cites_runner_up = True

    def asks(self, question: str) -> bool:
        """A plural after "which"/"welke", or a list verb; a name that ends like a plural ("What is the Netherlands
        to ...?") asks for no list."""
        p = patterns()
        return any(not match.group(2) or match.group(2).casefold() not in p.entity_nouns
                   for match in p.listing.finditer(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """What follows a list opener ("zoals", "such as", ":") when it holds two items at least."""
        p = patterns()
        match = p.list_intro.search(sentence)
        end = len(sentence.rstrip(" .!?”\""))
        if match and p.list_joint.search(sentence[match.end():end]):
            return [(match.end(), end)]
        return slot_spans(sentence, asked)  # "tussen ... bedrijven, kennisinstellingen en overheden"


TYPE = Listing()
