"""A choice between two alternatives the question names: "Is that public or private money?", "Moet ik dat
schriftelijk of mondeling doen?" -> the alternatives the sentence holds, in any language ("publieke en private",
"mondeling of schriftelijk"); a sentence holding neither is answered by the quote."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.language import detect_language
from qa.lexical import in_any_language, same_word, words

WORD = re.compile(r"[\w’'-]+")
MAX_BETWEEN = 3  # words between the two alternatives in the sentence ("publieke en private")


class Choice(AnswerType):
    name = "choice"
    restates_question = True  # the answer is one of the question's own words

    def asks(self, question: str) -> bool:
        return self.match(question) is not None

    def match(self, question: str) -> re.Match | None:
        """The alternatives of ``question`` in its own language's words ("of" is no "or" in English)."""
        pattern = patterns().choice.get(detect_language(question))
        return pattern.search(question) if pattern else None

    def find(self, sentence: str, asked=None) -> list[Span]:
        if asked is None or not asked.alternatives:
            return []
        forms = [in_any_language(words(alternative)) for alternative in asked.alternatives]
        tokens = list(WORD.finditer(sentence))
        found = [i for i, token in enumerate(tokens)
                 if any(same_word(w, form) for form in forms for w in words(token.group()))]
        if not found:
            return []
        first, last = found[0], next((i for i in found[1:] if i - found[0] <= MAX_BETWEEN + 1), found[0])
        return [(tokens[first].start(), tokens[last].end())]


TYPE = Choice()
