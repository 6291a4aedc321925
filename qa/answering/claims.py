"""The claim check: a model's reply is kept sentence by sentence, and only where it says what it cites.

A model writes fluently whether or not its sources say the same; users of generative tools complain most
about answers that cite the wrong passage or state what no passage says. So every sentence of a reply
(a *claim*) must

1. cite at least one of the numbered source sentences it was given ([2], [1][3], [1, 3]);
2. state no number, date or proper name that its cited sentences lack. Numbers compare in either decimal
   notation ("4,5%" = "4.5%"), months across languages ("november" = "November"), and names through the
   bilingual gazetteer of ``qa.languages`` ("South Korea" is supported by "Zuid-Korea");
3. be close in meaning to at least one cited sentence (embedding cosine, ``ClaimPolicy``).

Everything else is dropped and counted. Which cited sentences actually carry a kept claim is recorded per
citation (``verified``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import numpy as np

from qa.answering import Embed
from qa.answering import spans as span_kinds
from qa.chunking import split_sentences
from qa.languages import languages, version
from qa.lexical import fold, same_word, words

if TYPE_CHECKING:
    from qa.index import Index

_MARKERS = re.compile(r"\s*\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*\w|[A-Z])")


@dataclass(frozen=True)
class ClaimPolicy:
    """How close a claim must be to a sentence it cites. Calibrated with ``bench/claims.py`` on
    eval/seed_questions.jsonl: a claim made of a question and its answer against its evidence sentence (same
    language and across nl/en) and against the other retrieved sentences. At 0.81, 98.6% of 71 evidence pairs
    are kept and 47% of 432 other pairs dropped (0.82: 95.8% / 60%); most wrong citations are caught earlier,
    by a number or name the cited sentence lacks."""

    min_similarity: float = 0.81
    # A claim that repeats a cited sentence's words (this share of its content words, at least
    # ``min_repeated_words`` of them) is close to it without embedding: small models mostly copy, and the
    # embedding is most of what the check costs.
    min_word_overlap: float = 0.8
    min_repeated_words: int = 3


@dataclass(frozen=True)
class Source:
    """One numbered sentence the model was given: ``number`` is its [n] in the prompt."""

    number: int
    sentence: str
    vector: np.ndarray  # the sentence's passage embedding (from the index)
    referents: frozenset[str] = frozenset()  # gazetteer concepts its anaphors name ("het land" -> south-korea)


def source_at(index: Index, number: int, doc_id: str, start: int, end: int) -> Source:
    """The indexed sentence ``doc_id[start:end]`` as source [number]: "Het Aziatische land ... 4,5%" supports a
    claim about South Korea when its paragraph named South Korea before."""
    document = index.documents[doc_id]
    paragraph = document.paragraph_of(start)
    referents: set[str] = set()
    if paragraph:
        begin, finish = document.paragraphs[paragraph - 1]
        referents = span_kinds.anaphor_referents(document.text[begin:finish], start - begin, end - begin)
    vector = index.sentence_vectors[index.sentence_row[(doc_id, start, end)]][0]
    return Source(number, document.text[start:end], vector, frozenset(referents))


@dataclass(frozen=True)
class Claim:
    text: str  # the sentence as the model wrote it, without its markers
    cites: tuple[int, ...]  # the source numbers it cites that exist
    reason: str = ""  # why it was dropped; "" when kept
    supported_by: tuple[int, ...] = ()  # cited sources that carry it: close enough, or holding one of its facts

    @property
    def kept(self) -> bool:
        return not self.reason


@dataclass(frozen=True)
class CheckedReply:
    claims: tuple[Claim, ...]

    @property
    def kept(self) -> list[Claim]:
        return [c for c in self.claims if c.kept]

    @property
    def dropped(self) -> list[Claim]:
        return [c for c in self.claims if not c.kept]


def split_claims(reply: str) -> list[tuple[str, tuple[int, ...]]]:
    """(sentence without markers, cited numbers) for each sentence of ``reply``. A marker that follows the
    sentence's full stop ("... 2023. [1]") belongs to that sentence, as models often write it."""
    marker_only = re.compile(r"^(?:\s*\[[\d,; ]+\])+\s*$")
    pieces: list[str] = []
    for line in reply.splitlines():
        for start, end in split_sentences(line):
            piece = line[start:end]
            if pieces and marker_only.match(piece):
                pieces[-1] += " " + piece
            else:
                pieces.append(piece)
    claims = []
    for piece in pieces:
        groups = _MARKERS.findall(piece)
        numbers = tuple(dict.fromkeys(int(n) for group in groups for n in re.findall(r"\d+", group)))
        text = " ".join(_MARKERS.sub("", piece).split()).strip(" -*•")
        if any(ch.isalnum() for ch in text):
            claims.append((text, numbers))
    return claims


def _number_form(number: str) -> str:
    """One form for "4,5" and "4.5", "1.000" and "1,000"."""
    return number.replace(",", ".")


@lru_cache(maxsize=4)
def _months(version: int) -> dict[str, int]:
    """Month name (folded, any language) -> month number: "november" and "November" are one month."""
    return {name: i for language in languages() for i, name in enumerate(language.months.split("|"), 1) if name}


@lru_cache(maxsize=4)
def _not_names(version: int) -> frozenset[str]:
    """Capitalised words that are no names: stop words and question words of every language."""
    return frozenset(w for language in languages() for w in (*language.stopwords, *language.interrogatives))


def unsupported_facts(claim: str, cited: str, referents: frozenset[str] = frozenset()) -> list[str]:
    """The numbers, months and proper names of ``claim`` that ``cited`` does not give (``referents``: gazetteer
    concepts the cited text refers to without naming them)."""
    cited_folded = fold(cited)
    missing = [n for n in _NUMBER.findall(claim)
               if _number_form(n) not in {_number_form(m) for m in _NUMBER.findall(cited)}]
    months = _months(version())
    cited_months = {months[w] for w in re.findall(r"\w+", cited_folded) if w in months}
    named = _gazetteer_names(claim)
    in_cited = set(span_kinds.entities_in(cited)) | referents
    missing += [claim[start:end] for start, end, concept in named if concept not in in_cited]
    not_names = _not_names(version())
    first_word = re.match(r"\W*(\w+)", claim)
    for match in _CAPITALISED.finditer(claim):
        word = match.group(1)
        folded = fold(word)
        if folded in months:
            if months[folded] not in cited_months:
                missing.append(word)
        elif (folded in not_names or any(s <= match.start() < e for s, e, _ in named)
              or (first_word and match.start() == first_word.start(1) and not word.isupper())):
            continue  # a sentence's first word is capitalised by grammar, not because it is a name
        elif folded not in cited_folded:
            missing.append(word)
    return missing


def _gazetteer_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, concept) of every gazetteer name in ``text``: "South Korea" is the concept "south-korea"."""
    pattern, concept_of, _ = span_kinds.patterns().entities
    return [(*m.span(1), concept_of[m.group(1).casefold()]) for m in pattern.finditer(text)]


class ClaimChecker:
    """Checks a reply against the sources it was written from (see the module docstring)."""

    def __init__(self, embed: Embed, policy: ClaimPolicy = ClaimPolicy()):
        self.embed = embed
        self.policy = policy

    def check(self, reply: str, sources: Sequence[Source]) -> CheckedReply:
        by_number = {s.number: s for s in sources}
        parsed = [(text, [by_number[n] for n in numbers if n in by_number]) for text, numbers in split_claims(reply)]
        reasons = [self._uncited_or_unfounded(text, cited) for text, cited in parsed]
        # only claims that pass the cheap checks are embedded (one batch): most failing replies cost no model call
        repeated = {i: self._repeating(parsed[i][0], parsed[i][1]) for i, reason in enumerate(reasons)
                    if reason is None}
        pending = [i for i, sources in repeated.items() if not sources]
        vectors = dict(zip(pending, self.embed([parsed[i][0] for i in pending]))) if pending else {}
        return CheckedReply(tuple(
            self._close_enough(text, cited, vectors[i]) if i in vectors
            else self._supported(text, cited, repeated[i]) if repeated.get(i)
            else Claim(text, tuple(s.number for s in cited), reasons[i]) for i, (text, cited) in enumerate(parsed)))

    def _repeating(self, text: str, cited: list[Source]) -> set[int]:
        """The cited sources whose words the claim repeats (see ``ClaimPolicy``)."""
        claim_words = set(words(text))
        if len(claim_words) < self.policy.min_repeated_words:
            return set()
        cited_words = {s.number: set(words(s.sentence)) for s in cited}
        return {number for number, sentence_words in cited_words.items()
                if sum(same_word(w, sentence_words) for w in claim_words)
                >= self.policy.min_word_overlap * len(claim_words)}

    @staticmethod
    def _uncited_or_unfounded(text: str, cited: list[Source]) -> str | None:
        """Why the claim fails before its meaning is compared, or None."""
        if not cited:
            return "cites no source"
        if not words(text):
            return "says nothing"
        missing = unsupported_facts(text, " ".join(s.sentence for s in cited),
                                    frozenset().union(*(s.referents for s in cited)))
        return f"{', '.join(dict.fromkeys(missing))} not in the cited sentences" if missing else None

    def _close_enough(self, text: str, cited: list[Source], vector: np.ndarray) -> Claim:
        similarity = {s.number: float(s.vector @ vector) for s in cited}
        best = max(similarity.values())
        if best < self.policy.min_similarity:
            return Claim(text, tuple(s.number for s in cited), f"too far from the cited sentences (cosine {best:.3f} "
                                                                f"< {self.policy.min_similarity})")
        close = {n for n, value in similarity.items() if value >= self.policy.min_similarity}
        return self._supported(text, cited, close)

    @staticmethod
    def _supported(text: str, cited: list[Source], close: set[int]) -> Claim:
        """A kept claim, supported by the cited sources close to it and those holding one of its facts."""
        facts = len(unsupported_facts(text, ""))  # all of its numbers, months and names
        holds_fact = {s.number for s in cited if len(unsupported_facts(text, s.sentence, s.referents)) < facts}
        numbers = tuple(s.number for s in cited)
        return Claim(text, numbers, supported_by=tuple(n for n in numbers if n in close or n in holds_fact))
