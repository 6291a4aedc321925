"""Answer types as plug-ins: what a question asks for, and which spans of a sentence answer it.

Each type is one small class in its own module, registered here in priority order: the first type
whose ``asks`` matches a question decides what it asks for. A type answers three questions:
does the question ask for me (``asks``), which spans of a sentence are mine (``find``), and does a
sentence satisfy what was asked (``satisfied``, with ``required`` saying whether one must). The
answerer (``qa.answering.extractive``) only talks to this interface.
"""
from __future__ import annotations

import importlib
import re

from qa.answering.patterns import patterns

Span = tuple[int, int]
# modules of this package, registered in this (priority) order
BUILTIN = ("abbreviation", "definition", "alias", "role", "condition", "choice", "domain", "steps", "benefit",
           "purpose", "reason", "frequency", "percent", "money", "duration", "age", "date", "phone", "number",
           "occasion", "degree", "kind", "organisation", "person", "country", "place", "when", "listing", "slot")


SPAN_SEARCH_DEPTH = 2  # best statements searched for the span a question must be answered with ...
SPECIFIC_SEARCH_DEPTH = 4  # ... or for a person with the asked title, a quote of the asked speaker, a span next to
                           # most of the question's words or a type's specific marker: these rarely turn up by chance


class AnswerType:
    """The defaults of an answer type; a plug-in overrides what it needs."""

    name = ""
    span_required = False  # only a sentence holding one of my spans answers the question
    cites_runner_up = False  # open answers also cite a runner-up that scores nearly as well
    leads = True  # put my spans before the quote as the short answer
    completed_by_neighbours = False  # cite the "Zo ..."/"Daardoor ..." sentence next to the answer with it
    # how many of the best sentences my marker (or span) is looked for in: 0 for the generic depth of a span, which
    # turns up by chance (SPAN_SEARCH_DEPTH); SPECIFIC_SEARCH_DEPTH or more for one that rarely does
    marker_depth = 0
    refers_to = ""  # the gazetteer kind my spans name: an anaphor of that kind ("het land") stands for one
    restates_question = False  # my spans repeat the question's words ("Hoe belangrijk?" -> "de belangrijkste")
    conditions = False  # a sentence stating a condition gives what I ask ("Wilt u X? Dan ...": X is one)
    spans_in_questions = False  # my span answers even in a question of the text ("... in de Registratie
                                # Niet-ingezetenen (RNI)?" spells RNI out): such a sentence may be the evidence

    @property
    def span_preferred(self) -> bool:
        """Does a near sentence on the question's topic holding my span answer before a best one holding none? A
        gazetteer type's span does (a list's too); a slot's or an actor's may only look like an answer."""
        return bool(self.refers_to)

    def asks(self, question: str) -> bool:
        """Does ``question`` ask for an answer of this type?"""
        pattern = patterns().question.get(self.name)
        return bool(pattern and pattern.search(question))

    def required(self, question: str, role: str | None) -> bool:
        """Must an answer contain one of my spans (or my marker, see ``satisfied``)?"""
        return self.span_required or role is not None

    def find(self, sentence: str, asked=None) -> list[Span]:
        """My spans in ``sentence``, in order of appearance; ``asked`` (an ``Asked``) gives what the question said."""
        pattern = patterns().spans.get(self.name)
        if pattern is None:
            return []
        return [match.span(next((g for g in range(1, (pattern.groups or 0) + 1) if match.group(g)), 0))
                for match in pattern.finditer(sentence)]

    def find_after(self, antecedent: str, sentence: str, asked=None) -> list[Span]:
        """My spans in a sentence that points back to ``antecedent`` ("Die zijn immers ..."): by default as in any."""
        return self.find(sentence, asked)

    def defined(self, question: str) -> str:
        """The term whose meaning the question asks for, when I answer with one."""
        return ""

    def looked_up(self, asked) -> str:
        """Words to look up in the whole index for a sentence I mark (the term a law defines), when the best
        retrieved passages may well miss it; "" for none."""
        return ""

    def describing(self, question: str) -> str:
        """The words of ``question`` that say what kind of answer it wants ("welke Engelse term"), not what it is
        about: the documents need not mention them."""
        return ""

    def lead(self, sentence: str, span: Span) -> Span:
        """The short answer for one of my spans: the span itself, unless the type says more."""
        return span

    def lead_text(self, sentence: str, span: Span) -> str:
        """The words of the short answer: those of ``lead``, unless the type names the thing otherwise."""
        return sentence[slice(*self.lead(sentence, span))]

    def min_coverage(self, sentence: str, span: Span) -> float:
        """How much of the question's words the sentence must share for ``span`` to answer it (0: any)."""
        return 0.0

    def marked(self, sentence: str, asked=None) -> bool:
        """Does the sentence carry the cue of an answer of my type (a reason, a condition, a list of the things
        asked for)? Marked sentences among the best few are preferred to a shared word."""
        return False

    def satisfied(self, spans: list[Span], marked: bool) -> bool:
        """Does a sentence with these spans (and marker) give what was asked?"""
        return bool(spans)


class QuantityType(AnswerType):
    """A type answered by a quantity (a count, an amount, a duration, a share): the short answer keeps the word that
    bounds it ("maximaal 2", "ten minste 1 maand", "gemiddeld 41 decibel"), which changes what it says."""

    span_required = True

    def lead(self, sentence: str, span: Span) -> Span:
        bound = patterns().count_bound.search(sentence, 0, span[0])
        return (bound.start(), span[1]) if bound else span


class ClauseType(AnswerType):
    """A type answered by a clause, not a span: a sentence carrying its marker (a reason's "omdat", a
    condition's "indien") satisfies it, and the quote answers without a lead. ``question_cue`` and ``marker``
    name the compiled patterns in ``qa.answering.patterns``."""

    question_cue = ""
    marker = ""
    cites_runner_up = True  # a reason or a list of conditions often runs over two sentences
    leads = False
    completed_by_neighbours = True

    def asks(self, question: str) -> bool:
        return bool(getattr(patterns(), self.question_cue).search(question))

    def describing(self, question: str) -> str:
        """The cue ("onder welke voorwaarden", "waarom"): it says what kind of answer is asked, not its topic."""
        cue = getattr(patterns(), self.question_cue).search(question)
        return cue.group() if cue else ""

    def find(self, sentence: str, asked=None) -> list[Span]:
        return []

    def marked(self, sentence: str, asked=None) -> bool:
        return bool(getattr(patterns(), self.marker).search(sentence))

    def satisfied(self, spans: list[Span], marked: bool) -> bool:
        return marked


_REGISTRY: list[AnswerType] = []
_loaded = {"builtin": False}


def register(answer_type: AnswerType, before: str | None = None) -> None:
    """Add a type at the end of the priority order, or just before the type named ``before``."""
    _load_builtin()
    _REGISTRY[:] = [t for t in _REGISTRY if t.name != answer_type.name]
    names = [t.name for t in _REGISTRY]
    _REGISTRY.insert(names.index(before) if before in names else len(_REGISTRY), answer_type)


def _load_builtin() -> None:
    if not _loaded["builtin"]:
        _loaded["builtin"] = True
        for name in BUILTIN:
            _REGISTRY.append(importlib.import_module(f"{__name__}.{name}").TYPE)


def registered() -> tuple[AnswerType, ...]:
    _load_builtin()
    return tuple(_REGISTRY)


def get(name: str | None) -> AnswerType | None:
    return next((t for t in registered() if t.name == name), None)


def asked_type(question: str) -> AnswerType | None:
    """The first registered type that the question asks for; None for open questions, and for one asking for an
    explanation ("Wat is het verschil tussen ...?"), which no short phrase gives."""
    if patterns().explanation_question.search(question):
        return None
    main = main_question(question)
    found = next((t for t in registered() if t.asks(main)), None)
    return found if found or main == question else next((t for t in registered() if t.asks(question)), None)


_SEPARATE_QUESTION = re.compile(r"[?!.;:\u2013\u2014]|\s-\s")


def main_question(question: str) -> str:
    """The question up to a second question word that opens a clause inside it ("Waar op mijn ID-kaart zie ik |
    tot wanneer hij geldig is?" asks where, not until when); the whole question when it opens with no question word,
    or the second joins the first ("Hoe en wanneer ...?") or opens a question of its own ("... — when am I ...?")."""
    p = patterns()
    rest = p.follow_up_opener.sub("", question, count=1)
    tokens, offset = list(re.finditer(r"[\w'’-]+", rest)), len(question) - len(rest)
    if not tokens or tokens[0].group().lower() not in p.interrogatives:
        return question
    for before, token in zip(tokens, tokens[1:]):
        word = token.group().lower()
        if word in p.interrogatives and not p.conjunction.fullmatch(word) \
                and not p.conjunction.fullmatch(before.group()) and before.group().lower() not in p.interrogatives:
            # after a question mark or a dash it is a question of its own ("... zes maanden? Wanneer ...?")
            return question if _SEPARATE_QUESTION.search(rest, 0, token.start()) else question[:offset + token.start()]
    return question

