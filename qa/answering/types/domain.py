"""A field: "Op welk gebied moet de overeenkomst de samenwerking bevorderen?", "In what field ...?" ->
"digitalisering", the phrase after "op het gebied van" / "in the field of" up to the end of its clause, or the
words before the field's noun ("op economisch en wetenschappelijk gebied"). A sentence naming no field may still
say it in other words: the phrase that fills the question's slot answers then ("leidend in technologie voor ..."
for "In what area is the Netherlands a frontrunner?"), else the quote."""
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.answering.types.slot import MAX_SLOT_WORDS, slot_spans


class Domain(AnswerType):
    name = "domain"

    def asks(self, question: str) -> bool:
        return bool(patterns().domain_question.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        """The fields named, each short enough to be a short answer; an enumeration of fields whole ("op terreinen
        als kernenergie, koolstofvrije energie en ...")."""
        p, found = patterns(), []
        for match in p.domain.finditer(sentence):
            start, end = match.span(1) if match.group(1) else match.span(2)
            listed = p.enumeration.match(sentence, start)
            if listed:  # the last field runs on to the clause's end ("en daarnaast kennisuitwisseling op ...")
                end = p.clause_rest.match(sentence, listed.end()).end()
            tail = p.infinitive_tail.search(sentence, start, end)  # "... te stimuleren": the clause's verb
            found.append((start, tail.start() if tail else end))
        return [span for span in found if len(sentence[span[0]:span[1]].split()) <= MAX_SLOT_WORDS] \
            or slot_spans(sentence, asked)  # "In what area is the Netherlands a frontrunner?": "leidend in X"


TYPE = Domain()
