"""The thing a "what/which" question asks for: "Waarin is Nederland leidend?" -> "technologie voor
halfgeleiderproductiemachines".

The slot is found by aligning the question with the sentence, in this order:
- the noun the question asks about ("Met welke ontwikkelingen ...?") stands in the sentence: that noun with
  the words that qualify it ("razendsnelle ontwikkelingen wereldwijd");
- a bracket right after the question's last word in the sentence, when that word is no name: an alias
  ("maakindustrie (smart industry)");
- for "Wat is X?" with X in brackets after words that are no name: those words, back to a comma or conjunction
  ("mobiele communicatie toepassingen (5G en 6G)");
- a prepositional question ("Waarin ...?", "Tijdens welke ...?") or "Wat is ...?": within the clause that
  holds most of the question's words (at least half of those besides the noun asked about, and not only names),
  the run of words after them, after the question's preposition if it follows ("Waarover ...?": "over thema's
  als ..."; for "Wat is ...?" also the run before them),
  without its leading and trailing function words.
Otherwise there is no short answer, and the quote answers. Across languages the words align as cognates
("technology" ~ "technologie", see ``qa.lexical.same_word``) or through the lexicons ("activities" ~
"activiteiten"), and only a short run answers: a long one is no short answer, the quote is. Within one language
they align through the synonyms the lexicons give ("koploper" ~ "leidend", both "leading").
"""
from __future__ import annotations

import re

from qa import languages
from qa.answering.patterns import patterns
from qa.answering.types import AnswerType, Span
from qa.lexical import fold, same_word, stems, synonym_words, translations, words

MAX_SLOT_WORDS = 12  # a longer run is no short answer: the quoted sentence says it better
MIN_SYNONYM_WORD = 5  # a shorter word has too many meanings for its synonyms to align ("s" of "world's", "kost")
_TOKEN = re.compile(r"[\w’'&%-]+(?:[.,]\d+)?")
# a line that gives a value under a label of a few words ("Hoofdstad: The Bottom", "Inwoners: 2.000")
_LABELLED = re.compile(r"\s*([^\W\d][\w -]{0,40}?)\s*:\s+([^:;]{1,80}?)\s*[.;]?\s*$")


class Slot(AnswerType):
    name = "slot"
    cites_runner_up = True  # without a short answer it is an open question: a close runner-up may complete it

    def asks(self, question: str) -> bool:
        return bool(patterns().slot.search(question))

    def find(self, sentence: str, asked=None) -> list[Span]:
        return slot_spans(sentence, asked)

    def find_after(self, antecedent: str, sentence: str, asked=None) -> list[Span]:
        """"Die zijn immers van steeds grotere invloed op maatschappij en economie." after "Zoals bij digitale
        technologieën." fills "Waarop hebben digitale technologieën invloed?": the words it points back to align."""
        return slot_spans(sentence, asked, antecedent)

    def marked(self, sentence: str, asked=None) -> bool:
        """Does the sentence define what a "Wat is X?" question asks about ("het briefadres: het adres waar ...")?
        Its subject is the question's words, before a colon or a copula."""
        if asked is None or not asked.copula or not asked.terms:
            return False
        subject = patterns().definition.match(sentence)
        if not subject:
            return False
        langs = languages.codes()  # whole words, not a shared start: "briefadresgever" does not define "briefadres"
        named = set(stems(subject.group(1), langs))
        return bool(named) and named <= set(stems(" ".join(asked.terms), langs))


def slot_spans(sentence: str, asked, antecedent: str = "") -> list[Span]:
    """The span that fills the question's slot in ``sentence`` (see the module docstring), or none; the words of
    an ``antecedent`` the sentence points back to count as aligned."""
    terms = set(asked.terms) if asked is not None else set()
    if not terms:
        return []
    head = _around_head(sentence, asked.head)
    if head:
        return [head]
    # "activities" is "activiteiten" too, "koploper" is "leidend" (both "leading")
    forms = {term: {term} | translations(term) | synonyms_in_any_language(term) for term in terms}
    every = set().union(*forms.values())
    labelled = _LABELLED.match(sentence)  # "Hoofdstad: The Bottom" for "What is the capital of Saba?"
    if labelled and words(labelled.group(1)) and all(_is_term(w, every) for w in words(labelled.group(1))):
        return [labelled.span(2)]
    clause = max(_clauses(sentence), key=lambda span: _matched(sentence, span, every), default=None)
    tokens = [m.span() for m in _TOKEN.finditer(sentence, *clause)] if clause else []
    matched = [i for i, (a, b) in enumerate(tokens) if _is_term(sentence[a:b], every)]
    if not matched or not _aligned_beyond_names(sentence, [tokens[i] for i in matched], terms):
        return []
    aligned = {t for t in terms if any(_is_term(sentence[slice(*tokens[i])], forms[t]) for i in matched)}
    aligned |= {t for t in terms if antecedent and _is_term(antecedent, forms[t])}
    if 2 * len(aligned) < len(terms - {asked.head}):
        return []  # one shared word ("landen") does not make the sentence say what the question asks about
    if asked.copula and (gloss := _glossed(sentence, tokens[matched[0]][0], tokens[matched[-1]][0])):
        return [gloss]
    last = sentence[slice(*tokens[matched[-1]])]
    bracket = re.match(r"\s*\(([^()]{2,80})\)", sentence[tokens[matched[-1]][1]:])
    if bracket and last.islower():  # after a name, a bracket holds a portfolio or party, not an alias
        start = tokens[matched[-1]][1] + bracket.start(1)
        return [(start, start + len(bracket.group(1)))]
    after = _after_preposition(sentence, tokens, matched, asked.preposition) \
        if asked.prepositional or asked.copula else []
    before = tokens[:matched[0]] if asked.copula else []
    if asked.copula:  # "Wat is quantum?" in "AI, 5G, quantum en smart industry": the other items are no answer
        after = [] if after and _listed(sentence, tokens[matched[-1]], after[0]) else after
        before = [] if before and _listed(sentence, before[-1], tokens[matched[0]]) else before
    for run in (after, before):
        run = _trim(sentence, _within_limit(sentence, _trim(sentence, run)))
        if run:
            return [(run[0][0], run[-1][1])] if len(run) <= MAX_SLOT_WORDS else []
    return []


def _listed(sentence: str, left: Span, right: Span) -> bool:
    """Do two neighbouring tokens stand in a list: a comma between them, or one of them a conjunction (the other
    is a question word, never one)?"""
    return sentence[left[1]:right[0]].strip() == "," or any(
        patterns().conjunction.fullmatch(sentence[slice(*token)]) for token in (left, right))


def _after_preposition(sentence: str, tokens: list[Span], matched: list[int], preposition: str) -> list[Span]:
    """The words of the clause ``tokens`` after the question's words (``matched``); if it names its
    ``preposition`` and that follows them, after that: "Waarover ging de bijeenkomst?" is answered by what follows
    "over", not by "in Amsterdam". A clause without the preposition answers nothing ("Waarin is Zuid-Korea sterk?"
    is not "maakt het interessant")."""
    if not preposition:
        return tokens[matched[-1] + 1:]
    forms = {preposition} | translations(preposition)
    found = [i for i, span in enumerate(tokens) if fold(sentence[slice(*span)]) in forms]
    if not found:
        return []
    return tokens[next((i for i in found if i > matched[-1]), matched[-1]) + 1:]


def _glossed(sentence: str, first_term: int, last_term: int) -> Span | None:
    """For "Wat is 5G?": the words a bracket holding the asked words (from ``first_term`` to ``last_term``) follows
    ("mobiele communicatie toepassingen (5G en 6G)", "digitalisering van de maakindustrie (smart industry)"), back
    to a comma or conjunction; none after a name, whose bracket holds a portfolio or party ("minister Adriaansens
    (EZK)")."""
    opening = sentence.rfind("(", 0, first_term)
    if opening < 0 or ")" in sentence[opening:last_term]:
        return None
    tokens = [m.span() for m in _TOKEN.finditer(sentence, 0, opening)]
    if not tokens or not sentence[slice(*tokens[-1])].islower() or _between(sentence, tokens[-1], (opening, opening)):
        return None
    first = len(tokens) - 1
    while first > 0 and not _between(sentence, tokens[first - 1], tokens[first]) \
            and not patterns().conjunction.fullmatch(sentence[slice(*tokens[first - 1])]):
        first -= 1
    run = _trim(sentence, tokens[first:])
    return (run[0][0], run[-1][1]) if run and len(run) <= MAX_SLOT_WORDS else None


def _within_limit(sentence: str, run: list[Span]) -> list[Span]:
    """A run too long for a short answer, cut before the first preposition past its own first words: "tussen
    Nederlandse en Zuid-Koreaanse bedrijven, kennisinstellingen en overheden | op het gebied van digitalisering"."""
    if len(run) <= MAX_SLOT_WORDS:
        return run
    preposition = patterns().preposition
    cut = next((i for i in range(2, MAX_SLOT_WORDS + 1) if preposition.fullmatch(sentence[slice(*run[i])])), None)
    return run[:cut] if cut else run


def _aligned_beyond_names(sentence: str, matched: list[Span], terms: set[str]) -> bool:
    """Do the aligned words hold one of the question's other words when it has any? Names align everywhere in
    a corpus about them: "Op welke gebieden gaan Nederland en Zuid-Korea samenwerken?" is not answered by what
    follows "Zuid-Korea" in a sentence that shares none of "gebieden", "samenwerken"."""
    names = patterns().entity_nouns

    def is_name(span: Span) -> bool:
        return sentence[span[0]].isupper() or fold(sentence[slice(*span)]) in names

    named = {w for span in matched if is_name(span) for w in words(sentence[slice(*span)])}
    if not terms - named:
        return True  # the question is about names only ("Wat is Nederland voor Zuid-Korea?")
    return not all(is_name(span) for span in matched)


def _around_head(sentence: str, head: str) -> Span | None:
    """When the sentence has the noun the question asks about ("ontwikkelingen"), that noun with the words that
    qualify it ("razendsnelle ontwikkelingen wereldwijd"), up to the nearest function word on either side."""
    if not head:
        return None
    tokens = [m.span() for m in _TOKEN.finditer(sentence)]
    at = next((i for i, (a, b) in enumerate(tokens) if _is_term(sentence[a:b], {head})), None)
    if at is None:
        return None
    first = last = at
    while first > 0 and words(sentence[slice(*tokens[first - 1])]) \
            and not _between(sentence, tokens[first - 1], tokens[first]):
        first -= 1
    while last + 1 < len(tokens) and words(sentence[slice(*tokens[last + 1])]) \
            and not _between(sentence, tokens[last], tokens[last + 1]):
        last += 1
    if first == last:  # the noun alone says nothing the question did not
        return None
    return tokens[first][0], tokens[last][1]


def _between(sentence: str, left: Span, right: Span) -> bool:
    """Is there punctuation between two tokens (a clause or list boundary)?"""
    return bool(sentence[left[1]:right[0]].strip())


def _clauses(sentence: str) -> list[Span]:
    cuts = [0] + [i for m in patterns().clause_break.finditer(sentence) for i in (m.start(), m.end())] + [len(sentence)]
    return [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a]


def _matched(sentence: str, clause: Span, terms: set[str]) -> int:
    return sum(1 for m in _TOKEN.finditer(sentence, *clause) if _is_term(m.group(), terms))


def synonyms_in_any_language(word: str) -> set[str]:
    """The words the lexicons give for ``word``'s meaning in its own language, whichever language that is."""
    if len(word) < MIN_SYNONYM_WORD:
        return set()
    return {other for lang in languages.codes() for other in synonym_words(word, lang, (lang,))}


def _is_term(token: str, terms: set[str]) -> bool:
    return any(same_word(word, terms) for word in words(token))


def _trim(sentence: str, run: list[Span]) -> list[Span]:
    """The run without the function words ("in", "het", "van de") and punctuation at its ends."""
    def content(span: Span) -> bool:
        return bool(words(sentence[span[0]:span[1]])) and not fold(sentence[span[0]:span[1]]).isdigit() or \
            any(ch.isdigit() for ch in sentence[span[0]:span[1]])
    while run and not content(run[0]):
        run = run[1:]
    while run and not content(run[-1]):
        run = run[:-1]
    return run


TYPE = Slot()
