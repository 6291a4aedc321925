"""A percentage or share: "Hoeveel procent ...?", "What share ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import QuantityType


class Percent(QuantityType):
    name = "percent"

    def asks(self, question: str) -> bool:
        return super().asks(question) or bool(patterns().percent_sign.search(question))


TYPE = Percent()
