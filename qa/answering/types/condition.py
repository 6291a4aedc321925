"""Conditions: "In welke gevallen ...?", "Onder welke voorwaarden ...?", "Wanneer mag ik ...?".

Answered by the sentences that state the conditions (no short lead: conditions are clauses); a
sentence with a condition marker ("als u", "indien", "mits") is preferred, and the runner-up is
cited too, since conditions are often spread over a list.
"""
from qa.answering.types import ClauseType


class Condition(ClauseType):
    name = "condition"
    question_cue = "condition"
    marker = "condition_marker"
    conditions = True


TYPE = Condition()
