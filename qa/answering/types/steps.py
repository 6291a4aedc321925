"""What to do: "Wat moet ik doen als ...?", "Wat kan ik zelf doen om ...?", "What should I do if ...?".

A text mostly answers with a list of steps, announced by the sentence before it ("U kunt de volgende dingen
doen:"): that sentence is preferred over one that merely shares the question's words (a summary such as "Deze
maatregelen voorkomen identiteitsfraude."), and is cited with its items.
"""
from qa.answering.spans import introduces_list
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, ClauseType


class Steps(ClauseType):
    name = "steps"
    question_cue = "steps"
    marker_depth = SPECIFIC_SEARCH_DEPTH  # an announced list is rare enough to look for it among the best four

    def marked(self, sentence: str, asked=None) -> bool:
        """Announces the list of what to do ("U kunt de volgende dingen doen:")."""
        return introduces_list(sentence, in_list_item=False)


TYPE = Steps()
