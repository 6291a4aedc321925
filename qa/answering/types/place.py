"""A place: "Waar ...?", "In welke stad ...?", "Where ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Place(AnswerType):
    name = "place"

    def required(self, question: str, role: str | None) -> bool:
        """"In welke stad ...?" needs a named place; "Waar ...?" may be answered by a description."""
        return bool(patterns().question["named_place"].search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Places, but not one the gazetteer puts in another country than the question does: Amsterdam does not
        answer "In which South Korean city ...?"."""
        found = super().find(sentence, asked)
        if asked is None or not asked.region:
            return found
        p = patterns()
        _, concept_of, _ = p.entities
        return [span for span in found
                if p.entity_countries.get(concept_of.get(sentence[span[0]:span[1]].casefold(), ""), asked.region)
                == asked.region]


TYPE = Place()
