"""An organisation: "Welk ministerie ...?", "Which company ...?", "Welke instantie voert de zorgtoeslag uit?"; in a
sentence naming none in brackets or as a ministry, the body it says acts ("De Belastingdienst/Toeslagen voert ...
uit"), unless the question asks for a company or a party."""
import re
from functools import lru_cache

from qa import languages
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.person import actor_spans


class Organisation(AnswerType):
    name = "organisation"
    span_required = True
    anchored = True  # a bracket right after a name the question gives is that name's organisation

    def asks(self, question: str) -> bool:
        p = patterns()
        return bool(p.organisation.search(question) or p.portfolio_question.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        named = super().find(sentence, asked)
        if named or asked is None:
            return named
        if asked.which_preposition:  # "Bij welk bedrijf ...?": the name after "bij" ("aanvragen bij VFS Global")
            named = [m.span(1) for m in _name_after(asked.which_preposition, languages.version()).finditer(sentence)]
        return named if named or asked.company or asked.party else actor_spans(sentence)


@lru_cache(maxsize=64)
def _name_after(preposition: str, version: int) -> re.Pattern:
    """A name right after ``preposition``, an article between ("bij het Expertisecentrum ...")."""
    article = rf"(?:(?i:{languages.cues('articles')})\s+)?"
    return re.compile(rf"\b(?i:{re.escape(preposition)})\s+{article}({patterns().name})")


TYPE = Organisation()
