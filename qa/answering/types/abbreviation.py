"""An abbreviation spelled out: "Waar staat AI voor?", "What does Woo stand for?" -> "kunstmatige intelligentie",
the words a text puts before the abbreviation in brackets ("kunstmatige intelligentie (AI)") or in brackets after
it ("Woo (Wet open overheid)"), or after "staat voor" / "stands for" ("DigiD staat voor Digitale Identiteit")."""
import re

from qa.answering.patterns import patterns
from qa.answering.types import SPECIFIC_SEARCH_DEPTH, AnswerType, Span
from qa.lexical import fold, words

BRACKETED = re.compile(r"\(\s*([\w&.-]{2,12})\s*\)")  # "(AI)", "(Woo)", "(R&D)"
EXPLAINED = re.compile(r"(?<![\w-])([\w&.-]{2,12})\s+\(([^()]{3,100})\)")  # "Woo (Wet open overheid)"
WORD = re.compile(r"[\w’'-]+|[^\w\s]")
RUN_WORD = re.compile(r"[\w’'-]+")
MAX_INITIALS = 6  # a longer term is a word, not an abbreviation to spell out from initials


class Abbreviation(AnswerType):
    name = "abbreviation"
    marker_depth = SPECIFIC_SEARCH_DEPTH  # a sentence spelling out the asked abbreviation rarely turns up by chance
    spans_in_questions = True

    def asks(self, question: str) -> bool:
        return bool(patterns().abbreviation_question.search(question))

    def defined(self, question: str) -> str:
        """The abbreviation asked about: a word written with two capitals ("EZK", "DigiD"), else (a question typed
        in lower case) the last short word that is not one of the question's cue words ("waar staat ezk voor")."""
        tokens = RUN_WORD.findall(question)
        capitalised = [t for t in tokens if sum(ch.isupper() for ch in t) >= 2]
        if capitalised or any(ch.isupper() for ch in question[1:]):
            return capitalised[-1] if capitalised else ""
        # the cue's own words ("waar", "staat", "stand"), read from its pattern without the regex escapes ("\b")
        cue_words = set(words(re.sub(r"\\\w", " ", patterns().abbreviation_question.pattern)))
        short = [t for t in words(question) if len(t) <= MAX_INITIALS and t not in cue_words]
        return short[-1] if short else ""

    def looked_up(self, asked) -> str:
        return asked.defined

    def find(self, sentence: str, asked=None) -> list[Span]:
        """The spelled-out form of an abbreviation the question names (in any case: "ai" finds "(AI)")."""
        named = {fold(term) for term in asked.terms} if asked is not None else set()
        found = [span for m in BRACKETED.finditer(sentence) if fold(m.group(1)) in named
                 and (span := _spelled_out_before(sentence, m.start(), m.group(1)))]
        found += [m.span(2) for m in EXPLAINED.finditer(sentence)
                  if fold(m.group(1)) in named and m.group(1) != m.group(1).lower()]
        found += [(m.start(2), m.start(2) + len(m.group(2).rstrip()))
                  for m in patterns().abbreviation_statement.finditer(sentence)
                  if fold(m.group(1)) in named and m.group(1) != m.group(1).lower()]
        if not found:
            found = [span for term in named for span in _initialled(sentence, term)]
        return sorted(set(found))

    def marked(self, sentence: str, asked=None) -> bool:
        return bool(self.find(sentence, asked))


def _initialled(sentence: str, abbreviation: str) -> list[Span]:
    """Runs of capitalised words whose initials spell ``abbreviation`` where the text never puts the two side by
    side: "Economische Zaken en Klimaat" for "EZK", "Raad van State" for "RvS" (the initials of its capitalised
    words, or of all its words). Only a short all-letter term is taken for an abbreviation."""
    letters = abbreviation.upper()
    if not (2 <= len(letters) <= MAX_INITIALS and letters.isalpha()):
        return []
    tokens = list(RUN_WORD.finditer(sentence))
    found = []
    for first, opening in enumerate(tokens):
        if not opening.group()[0].isupper() or fold(opening.group()) == fold(abbreviation):
            continue
        for last in range(first, min(len(tokens), first + 2 * len(letters))):
            token = tokens[last]
            if last > first and (sentence[tokens[last - 1].end():token.start()].strip()
                                 or not (token.group()[0].isupper() or len(token.group()) <= 3)):
                break  # the run ends at punctuation or at a longer lower-case word
            run = tokens[first:last + 1]
            capitals = "".join(t.group()[0] for t in run if t.group()[0].isupper())
            if token.group()[0].isupper() and letters in (capitals.upper(), "".join(t.group()[0] for t in run).upper()):
                found.append((opening.start(), token.end()))
    return found


def _compound_of(word: str, abbreviation: str) -> bool:
    """Is ``word`` one compound whose parts the abbreviation's letters open, in order ("burgerservicenummer" for
    "bsn")? It starts with the first letter, holds the others in order and is much longer than the abbreviation."""
    letters, folded = fold(abbreviation), fold(word)
    if len(letters) < 2 or len(folded) < 3 * len(letters) or folded[0] != letters[0]:
        return False
    position = 0
    for letter in letters[1:]:
        position = folded.find(letter, position + 1)
        if position < 0:
            return False
    return True


def _spelled_out_before(sentence: str, end: int, abbreviation: str) -> Span | None:
    """The words before ``end`` that spell ``abbreviation`` out, back to a punctuation mark and without the function
    words they start with: a name's capitalised words, one per capital, starting with its first letter ("de
    Basisregistratie Personen (BRP)", "Raad van State (RvS)", not "minister Adriaansens (EZK)"), else as many
    content words as it has letters, in any language ("kunstmatige intelligentie (AI)")."""
    tokens = list(WORD.finditer(sentence[:end]))
    if tokens and _compound_of(tokens[-1].group(), abbreviation):
        return tokens[-1].span()  # "burgerservicenummer (bsn)": one compound spells it out
    capitalised = bool(tokens) and tokens[-1].group()[:1].isupper()
    wanted = sum(ch.isupper() for ch in abbreviation) if capitalised else sum(ch.isalnum() for ch in abbreviation)
    taken, counted = [], 0
    for token in reversed(tokens):
        text = token.group()
        if not text[0].isalnum() or (capitalised and words(text) and not text[:1].isupper()):
            break
        taken.insert(0, token)
        counted += bool(words(text)) and (text[:1].isupper() or not capitalised)
        if counted >= wanted:
            break
    while taken and not words(taken[0].group()):
        taken.pop(0)
    if not taken or (capitalised and fold(taken[0].group()[0]) != fold(abbreviation[0])):
        return None
    return taken[0].start(), taken[-1].end()


TYPE = Abbreviation()
