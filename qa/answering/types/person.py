"""A person: "Wie ...?", "Welke minister ...?", "Korean minister name"."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType


class Person(AnswerType):
    name = "person"

    def asks(self, question: str) -> bool:
        return bool(patterns().person.search(question))


TYPE = Person()
