"""An amount of money: "Hoeveel kost ...?", "How much money ...?"."""
from qa.answering.types import AnswerType


class Money(AnswerType):
    name = "money"
    span_required = True


TYPE = Money()
