"""BM25 over chunks, with Dutch and English stemming.

Each chunk is stemmed in its own document's language; a query is stemmed with every
language the index holds, so a Dutch query finds Dutch inflections and an English one
English inflections, whatever the corpus mixes.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer
from qa import languages

_TOKEN = re.compile(r"\w+", re.UNICODE)
COGNATE_PREFIX = 5  # "korean"~"koreaanse", "technologies"~"technologieën": words that match across languages
COMPOUND_HEAD = 5  # a shorter word ends too many unrelated words ("land" in "Nederland")
MIN_COMPOUND_MODIFIER = 3  # letters before the head that make a compound, not an inflection


@lru_cache(maxsize=None)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(languages.get(lang).stemmer)


@lru_cache(maxsize=4)
def _stopwords(version: int) -> frozenset[str]:
    return frozenset(w for language in languages.languages() for w in language.stopwords)


def fold(text: str) -> str:
    """Lower case without accents, so "één" matches "een" and "Yoon" matches "yoon"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def same_word(word: str, others: set[str]) -> bool:
    """Is the folded ``word`` one of ``others``, or a long word sharing its first letters with one of them?"""
    return word in others or (len(word) >= COGNATE_PREFIX and
                              any(word[:COGNATE_PREFIX] == other[:COGNATE_PREFIX] for other in others))


def compound_with_head(word: str, others: frozenset[str] | set[str]) -> str | None:
    """One of ``others`` that is a compound ending in ``word`` ("staatsbezoek" for "bezoek"): Dutch and German
    put the head of a compound last, so a question's "bezoek" is asked about in a sentence's "staatsbezoek"."""
    if len(word) < COMPOUND_HEAD:
        return None
    return next((other for other in others if len(other) >= len(word) + MIN_COMPOUND_MODIFIER
                 and other.endswith(word)), None)


def words(text: str) -> list[str]:
    """Folded words of ``text`` without stopwords."""
    stopwords = _stopwords(languages.version())
    return [w for w in _TOKEN.findall(fold(text)) if w not in stopwords and w != "_"]


def stems(text: str, langs: tuple[str, ...]) -> list[str]:
    """Stemmed content words; with several languages, each word contributes each distinct stem once."""
    tokens = words(text)
    out: list[str] = []
    for token in tokens:
        seen = {_stemmer(lang).stemWord(token) for lang in langs}
        out.extend(sorted(seen))
    return out


class LexicalIndex:
    """A BM25 model over a list of texts, each with its language."""

    def __init__(self, texts: list[str], langs: list[str]):
        self.langs = tuple(lang for lang in languages.codes() if lang in set(langs)) or languages.codes()[:1]
        self.size = len(texts)
        self.model = bm25s.BM25()
        corpus = [stems(text, (lang,)) or ["_empty_"] for text, lang in zip(texts, langs)]
        if corpus:
            self.model.index(corpus, show_progress=False)

    def query_terms(self, query: str) -> list[str]:
        return stems(query, self.langs)

    def reach(self, query: str) -> float:
        """The share of the query's terms the corpus has at all: an English question over Dutch documents shares
        only its names ("Korea"), so BM25 says little about it."""
        terms = self.query_terms(query)
        if not terms or self.size == 0:
            return 0.0
        vocabulary = self.model.vocab_dict
        return sum(term in vocabulary for term in terms) / len(terms)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for ``query`` (zeros when nothing matches)."""
        terms = self.query_terms(query)
        if not terms or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.model.get_scores(terms), dtype=np.float32)
