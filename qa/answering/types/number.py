"""A count or quantity: "Hoeveel inwoners ...?", "How many ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import QuantityType, Span


class Number(QuantityType):
    name = "number"

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Numbers and number words, a range as one ("minimaal 2 en maximaal 3", "2 tot 5"); an article-like number
        word ("een") is mostly no number, and a number that refers to a part of a text ("artikel 5.2", "1°") counts
        nothing."""
        p = patterns()
        found = []
        for start, end in super().find(sentence, asked):
            if sentence[start:end].lower() in p.article_numbers or p.reference.search(sentence[:start]) \
                    or p.item_mark.match(sentence, end) or (found and start < found[-1][1]):
                continue  # no count, or the upper end of a range already taken
            upper = p.count_range.match(sentence, end)
            found.append((start, upper.end() if upper else end))
        return found

    def lead(self, sentence: str, span: Span) -> Span:
        """A number with what it counts: its unit ("vier weken", "41 decibel") or the plural noun after it
        ("2 andere kiezers"); "vier" or "41" alone does not say it."""
        p = patterns()
        start, end = super().lead(sentence, span)
        counted = p.time_unit.match(sentence, end) or p.measure_unit.match(sentence, end) \
            or p.counted_plural.match(sentence, end)
        return start, (counted.end() if counted else end)


TYPE = Number()
