"""How high something stands: "Hoe belangrijk is Nederland als handelspartner?", "Where does Korea rank?" -> the
superlative or rank phrase to the end of its clause ("één van de belangrijkste handelspartners in de EU", "na de
Verenigde Staten hierin het grootste mondiale marktaandeel"); when that runs too long, the rank phrase alone
("aan de top").  It repeats the question's words by nature ("belangrijk")."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.slot import MAX_SLOT_WORDS


class Degree(AnswerType):
    name = "degree"
    restates_question = True

    def asks(self, question: str) -> bool:
        return bool(patterns().degree.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """One span per rank phrase (one inside another counts once, the outer)."""
        p = patterns()
        spans = []
        for match in p.degree_phrase.finditer(sentence):
            if len(match.group().split()) <= MAX_SLOT_WORDS:
                spans.append(match.span())
            else:  # a long one: the rank phrase alone ("aan de top")
                spans.append(p.degree_core.match(sentence, match.start()).span())
        return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]

    def lead_text(self, sentence: str, span: Span) -> str:
        """The rank a phrase states in words, before it: "na de Verenigde Staten het grootste" is "tweede"."""
        p = patterns()
        phrase = sentence[slice(*span)]
        second = next((word for marker, word in p.second_after if marker.match(phrase)), "")
        return f"{second}: {phrase}" if second and p.superlative.search(phrase) else phrase


TYPE = Degree()
