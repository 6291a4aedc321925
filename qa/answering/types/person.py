"""A person: "Wie ...?", "Welke minister ...?", "Korean minister name"; in a sentence naming no person, the body or
officer it says acts ("Het college stelt het recht op bijstand vast": "Het college")."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Person(AnswerType):
    name = "person"

    def asks(self, question: str) -> bool:
        return bool(patterns().person.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        people = super().find(sentence, asked)
        if people or asked is None or asked.behalf:  # bare spans (``find_spans``) are people only; so is one
            return people  # who acts for a country ("namens Zuid-Korea")
        return actor_spans(sentence)


def actor_spans(sentence: str) -> list[Span]:
    """The body or officer the sentence says acts: its subject ("Het college stelt ... vast"), or who acts by
    "door" ("... wordt vastgesteld door de Belastingdienst")."""
    actor = patterns().actor.search(sentence)
    return [actor.span(1) if actor.group(1) else actor.span(2)] if actor else []


TYPE = Person()
