"""A place: "Waar ...?", "In welke stad ...?", "Where ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType


class Place(AnswerType):
    name = "place"

    def required(self, question: str, role: str | None) -> bool:
        """"In welke stad ...?" needs a named place; "Waar ...?" may be answered by a description."""
        return bool(patterns().question["named_place"].search(question))


TYPE = Place()
