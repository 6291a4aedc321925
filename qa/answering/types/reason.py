"""A reason or purpose: "Waarom ...?", "Wat is het doel van ...?", "Why ...?", "How does X benefit ...?".

Answered by the sentence that gives the reason or goal ("omdat", "zodat", "om ... te", "so that"),
preferred over one that merely shares the question's words.
"""
from qa.answering.types import ClauseType


class Reason(ClauseType):
    name = "reason"
    question_cue = "reason"
    marker = "reason_marker"


TYPE = Reason()
