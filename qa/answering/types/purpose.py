"""A goal: "Met welk doel ...?", "Wat beoogt de overeenkomst?", "What is the agreement meant to achieve?".

Answered by the sentence that states the goal ("moet ... mogelijk maken", "zodat", "in order to"), looked for
deeper than a reason's cue: a question naming its subject by what was done with it ("the agreement the minister
signed") shares more words with the sentence telling that than with the one giving the goal.
"""
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, ClauseType


class Purpose(ClauseType):
    name = "purpose"
    question_cue = "purpose"
    marker = "purpose_marker"
    marker_depth = SPECIFIC_SEARCH_DEPTH  # a stated goal is worth looking for among the best four


TYPE = Purpose()
