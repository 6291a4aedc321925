"""A person's title: "Wie is Ahn Duk-geun?", "Wat is de functie van Yoon?", "What is Ahn's job?": the title before
the name the question gives, with the country's adjective before it ("de Zuid-Koreaanse president Yoon")."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.lexical import fold, same_word, words


class Role(AnswerType):
    name = "role"

    def asks(self, question: str) -> bool:
        p = patterns()
        return bool(p.about_someone.match(question) or p.role_question.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """The title of each titled person whose name shares a word with the question, from the country adjective
        before it ("Zuid-Koreaanse ambtsgenoot"); an honorific ("mevrouw") is no title."""
        if asked is None:
            return []
        p = patterns()
        gazetteer = p.entities[0]
        named = {fold(w) for w in asked.terms}
        found = []
        for match in p.spans["person"].finditer(sentence):
            title = sentence[match.start():match.start(1)].rstrip()
            if not p.role.fullmatch(title) or not any(same_word(w, named) for w in words(match.group(1))):
                continue
            before = re.search(r"([\w’'-]+)\s+$", sentence[:match.start()])
            start = before.start(1) if before and before.group(1)[:1].isupper() and gazetteer.search(before.group(1)) \
                else match.start()
            found.append((start, match.start() + len(title)))
        return found


TYPE = Role()
