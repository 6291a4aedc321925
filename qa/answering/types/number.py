"""A count or quantity: "Hoeveel inwoners ...?", "How many ...?"."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Number(AnswerType):
    name = "number"
    span_required = True

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Numbers and number words; an article-like number word ("een") is mostly no number, and a number that
        refers to a part of a text ("artikel 5.2", "1°") counts nothing."""
        p = patterns()
        return [s for s in super().find(sentence, asked) if sentence[s[0]:s[1]].lower() not in p.article_numbers
                and not p.reference.search(sentence[:s[0]]) and not p.item_mark.match(sentence, s[1])]

    def lead(self, sentence: str, span: Span) -> Span:
        """A number with its unit of time: "vier" alone does not say "vier weken"."""
        unit = patterns().time_unit.match(sentence, span[1])
        return (span[0], unit.end()) if unit else span


TYPE = Number()
