"""What is gained: "Wat levert de samenwerking op?", "Hoe profiteren bedrijven ervan?", "How do companies benefit?".

Answered by the sentence that says what someone gets out of it ("krijgen ... meer economische kansen", "bespaart u
..."), preferred over one that shares the question's words but not the gain (the deal "moet meer samenwerking
mogelijk maken").
"""
from qa.answering.types import ClauseType


class Benefit(ClauseType):
    name = "benefit"
    question_cue = "benefit"
    marker = "benefit_marker"
    # a stated gain rarely turns up by chance, and a question about it shares few words with it ("ondernemers",
    # "profiteren" against "startups ... krijgen meer economische kansen"): looked for among the best eight
    marker_depth = 8


TYPE = Benefit()
