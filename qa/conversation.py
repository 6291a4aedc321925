"""Conversation history and follow-up resolution.

A follow-up ("En wie was daarbij aanwezig?", "And when was she appointed?") leans on an earlier turn.
It is retrieved together with the previous resolved query, so the thread carries over; a pronoun for
a person ("zij", "he") is bound to the person the last answer named, one for a place ("dat land") to the
country or place last named, and "daar" to one an answer gave; "behalve hem" / "apart from"
sets the names of the previous answer aside; a question that a bound pronoun makes complete is retrieved
on its own. A self-contained question starts afresh. The cue words
come from the language modules (``qa.languages``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from qa.answering.patterns import patterns
from qa.answering.spans import (PERSON, content_words, entities_in, find_spans, head_word, question_type,
                                without_set_aside)
from qa.lexical import words
from qa.language import detect_language
from qa.languages import entity_name

MIN_CONTENT_WORDS = 2  # fewer content words than this: the question cannot stand on its own
MIN_STANDALONE_WORDS = 3  # "En Zuid-Korea dan?" leans on its opener; "And what is X to Y?" says enough alone
MAX_CARRIED_CHARS = 400  # a chain of follow-ups carries a bounded context
PLACE_KINDS = ("country", "place")  # answer types and gazetteer kinds a place pronoun ("daar") refers to


def _names_its_subject(question: str) -> bool:
    """Does the question name what it is about (a place, a country, a person) and say enough about it to stand
    alone? "what is the Netherlands to South Korea" does; "during whose state visit" and "Zuid-Korea dan" do not."""
    names = entities_in(question) or [word for word in question.split()[1:] if word[:1].isupper()]  # not the first
    return bool(names) and len(content_words(question)) >= MIN_STANDALONE_WORDS


def _with_head(question: str, previous: str) -> str:
    """A "which" without the kind of thing it asks for takes the previous question's: "Welke nog meer, naast AI?"
    after "Welke technologieën worden genoemd?" asks "Welke technologieën nog meer, naast AI?"."""
    match = patterns().which_head.search(question)
    head = head_word(previous)
    if not match or not head or content_words(without_set_aside(question)[0]):  # "welke bedrijven", "what is X"
        return question
    return f"{question[:match.start(1)]}{head} {question[match.start(1):]}"


def _own_possessives(question: str) -> list[tuple[int, int]]:
    """The possessives that belong to the person a who-question asks for, not to an earlier turn's: "Wie zette
    namens Nederland haar handtekening onder het akkoord?" (a verb other than a copula, the pronoun before a noun);
    not "Wie is haar ambtsgenoot?" nor "Wie heeft haar benoemd?" (an object before a participle)."""
    p = patterns()
    if question_type(question) != PERSON or p.who_copula.search(question):
        return []
    return [m.span() for m in p.subject_possessive.finditer(question)
            if words(m.group(1)) and not p.participle.fullmatch(m.group(1))]


def _without(question: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        question = question[:start] + question[end:]
    return question


def is_follow_up(question: str) -> bool:
    """Does the question lean on earlier turns: an opener ("En ..."), a word pointing back ("daarbij", "she",
    "die bijeenkomst"), too few content words to stand alone, or none besides what it sets aside ("Welke nog meer,
    naast AI?")? A possessive of the person it asks for points nowhere."""
    p = patterns()
    question = _without(question, _own_possessives(question))
    return bool(p.follow_up_opener.search(question) or p.pointer.search(question)
                or len(content_words(question)) < MIN_CONTENT_WORDS
                or not content_words(without_set_aside(question)[0]))


@dataclass(frozen=True)
class Resolved:
    """A question made ready for retrieval and answering with what the conversation says."""

    question: str  # the question, with a pronoun for a person or place replaced by whom or what it refers to
    query: str  # what to retrieve with
    excluded: tuple[str, ...] = ()  # names the question sets aside ("behalve hem")


@dataclass
class Turn:
    question: str  # as read: case and typos repaired, pronouns bound ("wie is Ahn Duk-geun")
    query: str  # the resolved query that was retrieved
    lang: str = "nl"
    answer_text: str = ""
    lead: str = ""  # the short answer given ("Micky Adriaansens")
    lead_kind: str = ""  # its answer type ("person")


@dataclass
class Conversation:
    """The turns of one user's chat; each session (CLI loop, browser tab) holds its own."""

    turns: list[Turn] = field(default_factory=list)
    max_turns: int = 20

    @property
    def last_query(self) -> str | None:
        return self.turns[-1].query if self.turns else None

    def last_person(self) -> str | None:
        """The person most recently named: by an answer's person lead (the first, when it named several), a name
        in a lead of another kind ("het staatsbezoek van de Zuid-Koreaanse president Yoon Suk-yeol", then "Which
        country is he president of?") or a question itself ("Wat zegt minister Adriaansens ...?" then "En wat vindt
        zij ...?")."""
        for turn in reversed(self.turns):
            if turn.lead_kind == "person" and turn.lead:
                return turn.lead.split(", ")[0]
            named_in_lead = find_spans(PERSON, turn.lead)
            if named_in_lead:
                start, end = named_in_lead[0]
                return turn.lead[start:end]
            if question_type(turn.question) == "role":  # "Wie is Ahn Duk-geun?": the person asked about
                asked = patterns().name_past_first.findall(turn.question)
                if asked:
                    return asked[-1]
            named = find_spans(PERSON, turn.question)
            if named:
                start, end = named[-1]
                return turn.question[start:end]
        return None

    def last_place(self, answered: bool = False) -> str | None:
        """The country or place most recently named: by an answer's lead of that kind or (unless ``answered``) by
        a question itself ("Welk land ...?" answered "Zuid-Korea", then "Hoeveel geeft dat land uit?"). A question
        asking for a place that got no short answer was answered by the place its answer names and it did not:
        "Met welk land gaat Nederland samenwerken?", answered "... tussen Nederlandse en Zuid-Koreaanse bedrijven",
        then "dat land" is Zuid-Korea, not Nederland."""
        pattern, concept_of, kinds = patterns().entities

        def places(text: str) -> list[str]:
            return [m.group(1) for m in pattern.finditer(text) if kinds.get(concept_of[m.group(1).casefold()])
                    in PLACE_KINDS]

        for turn in reversed(self.turns):
            if turn.lead_kind in PLACE_KINDS and turn.lead:
                return turn.lead.split(", ")[0]
            named = places(turn.question)
            if question_type(turn.question) in PLACE_KINDS and turn.answer_text:
                asked = {concept_of[name.casefold()] for name in named}
                given = [name for name in places(turn.answer_text) if concept_of[name.casefold()] not in asked]
                if given:
                    return entity_name(concept_of[given[0].casefold()], given[0])
            if named and not answered:
                return entity_name(concept_of[named[-1].casefold()], named[-1])
        return None

    def resolve(self, question: str) -> Resolved:
        """The question as it is meant in this conversation (see the module docstring)."""
        if not self.turns or not is_follow_up(question):
            return Resolved(question, question)
        p = patterns()
        person = self.last_person()
        own = _own_possessives(question)
        bound = p.person_pronoun.sub(lambda m: m.group() if any(a <= m.start() < b for a, b in own) else person,
                                     question) if person else question
        for words_for, place in ((p.place_pronouns, self.last_place()), (p.place_adverbs, self.last_place(True))):
            for pronoun, stands_for in words_for if place else ():
                bound = pronoun.sub(stands_for.format(place), bound)
        previous = self.turns[-1]
        bound = _with_head(bound, previous.question)
        excluded = tuple(previous.lead.split(", ")) if previous.lead and p.exclusion.search(bound) else ()
        rest = p.follow_up_opener.sub("", bound, count=1)
        if not is_follow_up(rest) and (bound != question or _names_its_subject(rest)):
            # complete but for the pronoun now bound ("En wat zegt Adriaansens ...?"), or but for its opener ("And
            # what is the Netherlands to South Korea?"): retrieved on its own, not with the old topic
            return Resolved(bound, bound, excluded)
        return Resolved(bound, f"{bound} {previous.query[:MAX_CARRIED_CHARS]}", excluded)

    def add(self, question: str, query: str, lang: str = "nl", answer_text: str = "", lead: str = "",
            lead_kind: str = "") -> None:
        self.turns.append(Turn(question, query, lang, answer_text, lead, lead_kind))
        del self.turns[: -self.max_turns]

    @classmethod
    def from_questions(cls, questions: list[str], answer=None) -> "Conversation":
        """Replay earlier questions (as an eval item's ``history``) to rebuild the thread; with ``answer`` (a
        function from (question, conversation) to an Answer) each turn is answered, so pronouns can bind."""
        conversation = cls()
        for question in questions:
            if answer is not None:
                answer(question, conversation)
            else:
                conversation.add(question, conversation.resolve(question).query, detect_language(question))
        return conversation
