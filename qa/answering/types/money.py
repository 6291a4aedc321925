"""An amount of money: "Hoeveel kost ...?", "How much money ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import QuantityType, Span


class Money(QuantityType):
    name = "money"

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Amounts, a range as one ("€ 2.500 tot 25.000": the question may ask for either end)."""
        found = []
        for start, end in super().find(sentence, asked):
            if found and start < found[-1][1]:
                continue  # the upper end of a range already taken
            upper = patterns().money_range.match(sentence, end)
            found.append((start, upper.end() if upper else end))
        return found


TYPE = Money()
