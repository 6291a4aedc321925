"""A country: "Welk land ...?", "Which country ...?": the countries the gazetteer knows, by name, and the
country of a person the question names ("Which country is Yoon the president of?": "de Zuid-Koreaanse
president Yoon")."""
from qa import languages
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.lexical import fold, words


class Country(AnswerType):
    name = "country"
    refers_to = "country"

    def required(self, question: str, role: str | None) -> bool:
        """A person's country ("Van welk land is Yoon president?") is given only by a sentence naming it with them."""
        return super().required(question, role) or bool(patterns().origin.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """Every country named, and an adjective of one ("Zuid-Koreaanse") only where the question asks a person's
        country and it describes that person, by title or name: elsewhere it describes, it does not name
        ("Zuid-Koreaanse bedrijven"; "Which country did president Yoon visit?")."""
        p = patterns()
        pattern, concept_of, kinds = p.entities
        asked_words = set(asked.terms) if asked is not None and asked.origin else set()
        return [m.span(1) for m in pattern.finditer(sentence)
                if kinds.get(concept_of[m.group(1).casefold()]) == "country"
                and (m.group(1).casefold() in p.entity_nouns or _describes(sentence, m.end(), asked_words))]

    def lead_text(self, sentence: str, span: Span) -> str:
        """The country's name for an adjective of it, in the adjective's language ("Zuid-Koreaanse": Zuid-Korea)."""
        said = sentence[span[0]:span[1]]
        pattern, concept_of, _ = patterns().entities
        concept = concept_of.get(said.casefold())
        return languages.entity_name(concept, said) if concept else said


def _describes(sentence: str, end: int, asked_words: set[str]) -> bool:
    """Do the words after an adjective at ``end`` name a person the question asks about: a title or a name of
    the question ("president Yoon" for "Which country is Yoon Suk-yeol the president of?")?"""
    person = patterns().person_after.match(sentence, end)
    if not person or not person.group(1)[:1].isupper() and not patterns().role.match(person.group(1)):
        return False
    return bool(set(words(person.group(1))) & {fold(w) for w in asked_words})


TYPE = Country()
