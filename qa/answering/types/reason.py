"""A reason: "Waarom ...?", "Om welke reden ...?", "Why ...?" (a goal and a gain have their own types).

Answered by the sentence that gives the reason, or a goal it serves ("omdat", "zodat", "om ... te", "so that"),
preferred over one that merely shares the question's words.
"""
from qa.answering.types import ClauseType


class Reason(ClauseType):
    name = "reason"
    question_cue = "reason"
    marker = "reason_marker"


TYPE = Reason()
