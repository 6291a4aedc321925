"""An age: "Vanaf welke leeftijd ...?", "Hoe oud moet je zijn ...?", "Until what age ...?" -> "jonger dan 18 jaar".

A number of years is an age only where the sentence says so ("vanaf 12 jaar", "65 jaar of ouder",
"12-jarigen"); "5 of 10 jaar geldig" is a duration."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span


class Age(AnswerType):
    name = "age"
    span_required = True

    def find(self, sentence: str, asked=None) -> list[Span]:
        p = patterns()
        return [m.span(2) if m.group(2) else m.span() for m in p.age.finditer(sentence)
                if m.group(1) or m.group(2) or p.age_before.search(sentence, 0, m.start())
                or p.age_after.match(sentence, m.end())]

    def excludes(self, sentence: str, age: int) -> bool:
        """Does the sentence speak only of people of another age than ``age`` ("Vanaf 18 jaar ..." for a child of
        15)? An age at a bound is never excluded: "tot 18 jaar" may or may not include 18."""
        p = patterns()
        fits = []
        for start, end in self.find(sentence):
            value = re.search(r"\d+", sentence[start:end])
            if value is None:
                continue  # in words: rare in a bound, and not worth a parser
            if p.age_from.search(sentence, 0, start) or p.age_from_after.match(sentence, end):
                fits.append(age >= int(value.group()))
            elif p.age_below.search(sentence, 0, start) or p.age_below_after.match(sentence, end):
                fits.append(age <= int(value.group()))
        return bool(fits) and not any(fits)

    def lead(self, sentence: str, span: Span) -> Span:
        """The age with the word that bounds it: "jonger dan 18 jaar" and "vanaf 18 jaar" answer differently."""
        bound = patterns().age_before.search(sentence, 0, span[0])
        return (bound.start(), span[1]) if bound else span


TYPE = Age()
