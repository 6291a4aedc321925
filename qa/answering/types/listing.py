"""An enumeration: "Welke technologieën ...?", "Noem de ...", "Which fields ...?"."""
from __future__ import annotations

from qa.answering.patterns import patterns
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, AnswerType, Span
from qa.answering.types.slot import slot_spans
from qa.lexical import same_word, words

HEAD_BEFORE_LIST = 2  # content words before a list opener in which the asked noun names the list


class Listing(AnswerType):
    name = "list"
    cites_runner_up = True
    marker_depth = SPECIFIC_SEARCH_DEPTH  # a list of the asked things is worth looking for among the best four
    span_preferred = True  # "Which generations of mobile communication ...?": the sentence listing "(5G en 6G)"

    def asks(self, question: str) -> bool:
        """A plural after "which"/"welke", or a list verb; a name that ends like a plural ("What is the Netherlands
        to ...?") asks for no list."""
        p = patterns()
        return any(not match.group(2) or match.group(2).casefold() not in p.entity_nouns
                   for match in p.listing.finditer(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """What follows the first list opener ("zoals", "such as", ":") when it holds two items at least."""
        opener = next(_openers(sentence), None)
        if opener is not None:
            return [(opener.end(), _end(sentence))]
        return slot_spans(sentence, asked)  # "tussen ... bedrijven, kennisinstellingen en overheden"

    def marked(self, sentence: str, asked=None) -> bool:
        """Does a list of the very things asked for stand here: the question's noun right before the list opener
        ("digitale technologieën als kunstmatige intelligentie, ..." for "Welke technologieën ...?"), not a list
        of something else ("op terreinen als kernenergie, ...")?"""
        if asked is None or not asked.head:
            return False
        return any(any(same_word(w, {asked.head}) for w in words(sentence[:opener.start()])[-HEAD_BEFORE_LIST:])
                   for opener in _openers(sentence))


def _openers(sentence: str):
    """The list openers of ``sentence`` followed by two items at least."""
    p = patterns()
    end = _end(sentence)
    return (m for m in p.list_intro.finditer(sentence) if p.list_joint.search(sentence[m.end():end]))


def _end(sentence: str) -> int:
    return len(sentence.rstrip(" .!?”\""))


TYPE = Listing()
