"""Read a question the way it was meant: sloppy typing repaired against the corpus vocabulary.

Users type all lower case, drop hyphens and make one typo ("wie heeft de overeenkmost getekend
namens nederland"). Rules that look for names need the capitals back, and retrieval needs the
word the documents use. So, against the words of the indexed documents:
- a lower-case word the documents write capitalised (away from a sentence start), or a one-word name of
  the gazetteer ("korean"), gets its capitals;
- two words the documents write as one hyphenated word are joined ("zuid koreaanse");
- a word typed without its accents gets them back ("technologieen");
- an unknown word of ``MIN_TYPO_LETTERS`` letters or more, one edit (a letter deleted, inserted, replaced
  or two swapped; not its first letter, and not only its ending unless the word is a name) away from exactly
  one best-known word, becomes that word; a word of ``MIN_SWAP_LETTERS`` letters only by two swapped letters.
  Numbers are never touched.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from qa import languages
from qa.answering.patterns import patterns
from qa.lexical import fold

MIN_TYPO_LETTERS = 5  # shorter words are too often a different real word one edit away
MIN_SWAP_LETTERS = 4  # but two swapped letters ("ctiy") rarely make another word: corrected from this length
# a typo of a word only the language modules know, in any of their languages: long words only ("belong" is no
# typo of Dutch "belang")
MIN_MODULE_TYPO_LETTERS = 7
INFLECTION_LETTERS = 2  # words that differ only in this many last letters are forms of one word, not typos
CAPITALISED_SHARE = 0.8  # a word the documents capitalise this often (mid-sentence) is a name
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # a lexicon correction may need a letter the corpus lacks
_PUNCTUATION = ".,;:!?\"“”()’'"  # around a word, not part of it
_SENTENCE_START = re.compile(r"(?:^|[.!?:“\"]\s+|\n\s*)$")


@dataclass
class WordStatistics:
    """The counts a vocabulary is made from: every word (lower case), and away from a sentence start each written
    form and how often it is capitalised. Counting is the slow part (minutes at a million chunks): an index
    counts once, when it is built, and keeps the counts."""

    counts: Counter
    forms: Counter  # (lower case, as written) -> occurrences away from a sentence start
    capitalised: Counter  # lower case -> capitalised occurrences away from a sentence start

    @classmethod
    def of_texts(cls, texts) -> "WordStatistics":
        counts, forms, capitalised = Counter(), Counter(), Counter()
        for text in texts:
            for match in _WORD.finditer(text):
                word = match.group()
                lower = word.lower()
                counts[lower] += 1
                if _SENTENCE_START.search(text, max(0, match.start() - 3), match.start()):
                    continue
                forms[(lower, word)] += 1
                capitalised[lower] += word[:1].isupper()
        return cls(counts, forms, capitalised)

    def to_json(self) -> dict:
        return {"counts": self.counts, "forms": [[lower, word, n] for (lower, word), n in self.forms.items()],
                "capitalised": self.capitalised}

    @classmethod
    def from_json(cls, data: dict) -> "WordStatistics":
        return cls(Counter(data["counts"]), Counter({(lower, word): n for lower, word, n in data["forms"]}),
                   Counter(data["capitalised"]))


@dataclass
class Vocabulary:
    """The words of a corpus: how often each occurs, and its usual written form away from a sentence start."""

    counts: Counter
    written: dict[str, str]  # lower-case word -> its usual form ("korea" -> "Korea"), for names only
    letters: str
    unaccented: dict[str, str]  # word without accents -> the corpus word ("technologieen" -> "technologieën")

    @classmethod
    def from_texts(cls, texts) -> "Vocabulary":
        return cls.from_statistics(WordStatistics.of_texts(texts))

    @classmethod
    def from_statistics(cls, statistics: "WordStatistics") -> "Vocabulary":
        """The vocabulary of a corpus from its word counts (``WordStatistics``; an index keeps them) and the
        gazetteer as it is now."""
        counts, forms, capitalised = statistics.counts, statistics.forms, statistics.capitalised
        usual: dict[str, tuple[int, str]] = {}
        for (lower, word), n in forms.items():
            if n > usual.get(lower, (0, ""))[0]:
                usual[lower] = (n, word)
        mid_sentence = Counter()
        for (lower, _), n in forms.items():
            mid_sentence[lower] += n
        written = {name.lower(): name for name in _gazetteer_forms() if _WORD.fullmatch(name) and name != name.lower()}
        written.update({lower: word for lower, (_, word) in usual.items()
                        if word != lower and capitalised[lower] >= CAPITALISED_SHARE * mid_sentence[lower]})
        letters = "".join(sorted({ch for word in counts for ch in word}))
        unaccented = {fold(word): word for word, _ in counts.most_common() if fold(word) != word}
        return cls(counts, written, letters, unaccented)

    def known(self, word: str, lexicon: frozenset[str] = frozenset()) -> bool:
        return word in self.counts or word in _function_words(languages.version()) or word in lexicon

    def form_of_known(self, word: str, lexicon: frozenset[str] = frozenset()) -> bool:
        """Is ``word`` a word of the corpus or ``lexicon`` with an inflection ending added ("getelde": "geteld" +
        "e"; "sectors": "sector" + "s", where the lexicon has only "sector")?"""
        return any(len(word) - len(ending) >= MIN_SWAP_LETTERS and word.endswith(ending)
                   and (word[:-len(ending)] in self.counts or word[:-len(ending)] in lexicon)
                   for ending in _endings(languages.version()))

    def correction(self, word: str, lexicon: frozenset[str] = frozenset(), from_lexicon: bool = False) -> str | None:
        """The one best-known corpus word one edit away from an unknown ``word``, if there is exactly one; with
        ``from_lexicon`` (a question in another language than the documents), the one corpus name, else the one
        ``lexicon`` word ("occassion" -> "occasion"); else the one word of the language modules ("counteraprt" ->
        "counterpart"). A word of the lexicon is no typo ("economic" is not "economie")."""
        if len(word) < MIN_SWAP_LETTERS or not word.isalpha() or self.known(word, lexicon):
            return None  # "worker's", "e-mail": only plain words are corrected
        if word in self.unaccented:
            return self.unaccented[word]
        if self.form_of_known(word, lexicon):
            return None  # "getelde" beside the documents' "geteld" is a form of it, not "gestelde" mistyped
        candidates = _swaps(word) if len(word) < MIN_TYPO_LETTERS else _edits(word, self.letters + _LETTERS)
        # a name has no endings: "adriaansen" is "Adriaansens" mistyped, where "namen" and "namens" are two words
        edits = [c for c in candidates if len(c) >= MIN_SWAP_LETTERS and _same_start(word, c)
                 and (c in self.written and c in self.counts or not _inflection(word, c))]
        # across languages only names are shared: "belong" in an English question is no typo of Dutch "belang"
        ranked = Counter({c: self.counts[c] for c in edits
                          if c in self.counts and (not from_lexicon or c in self.written)}).most_common(2)
        if not ranked and from_lexicon:
            # of two lexicon words, the one the documents also use ("presdent": "president", not "present")
            ranked = sorted(((c, 1 + (c in self.counts)) for c in edits if c in lexicon),
                            key=lambda pair: (-pair[1], pair[0]))[:2]
        if not ranked and len(word) >= MIN_MODULE_TYPO_LETTERS:  # a cue, a title, a lexicon word ("beelidsterreinen")
            ranked = [(c, 1) for c in sorted(set(edits) & _function_words(languages.version()))][:2]
        if not ranked:  # a question word, which says what is asked ("wanner": "wanneer")
            ranked = [(c, 1) for c in sorted(set(edits) & patterns().interrogatives)][:2]
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]


def _same_start(word: str, other: str) -> bool:
    """People rarely mistype a word's first letter (or they swap the first two): "bracht" is no typo of "kracht"."""
    return word[0] == other[0] or (len(word) > 1 and word[1] == other[0] and word[0] == other[1])


def _inflection(word: str, other: str) -> bool:
    """Does one word only add an ending to the other ("namens"/"namen") or swap its last letters ("worker"/
    "worked")? Then both are likely real words (an ending the lexicon lacks), not a typo. A letter dropped
    inside the ending ("agreemnt", "signd") is a typo."""
    shorter, longer = sorted((word, other), key=len)
    if len(longer) - len(shorter) > INFLECTION_LETTERS:
        return False
    if len(word) != len(other):
        return longer.startswith(shorter)
    stem = len(word) - INFLECTION_LETTERS
    return word[:stem] == other[:stem]


def _gazetteer_forms() -> set[str]:
    """Every name and adjective of the languages' gazetteers ("Korea", "Korean", "European Union"): their capitals
    are known everywhere."""
    return {name for field in ("entities", "demonyms") for forms in languages.merged(field).values() for name in forms}


@lru_cache(maxsize=4)
def _function_words(version: int) -> frozenset[str]:
    """Every word the language modules know: stop words, markers, and the words of their cues and titles
    ("ambassador" is no typo, whatever the corpus or the lexicon says)."""
    known = set()
    for language in languages.languages():
        known |= language.stopwords | language.markers
        for value in vars(language).values():
            texts = value.values() if isinstance(value, dict) else [value]
            known.update(w.lower() for text in texts if isinstance(text, str) for w in _WORD.findall(text))
    return frozenset(known)


@lru_cache(maxsize=4)
def _endings(version: int) -> tuple[str, ...]:
    return tuple(languages._alternatives(languages.cues("inflection_endings")))


def _swaps(word: str) -> set[str]:
    """``word`` with two neighbouring letters swapped, at every place."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}


def _edits(word: str, letters: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | _swaps(word)
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


def read(question: str, vocabulary: Vocabulary, lexicon: frozenset[str] = frozenset(),
         same_language: bool = True) -> str:
    """The question with typos, lost capitals and split compounds repaired (see the module docstring). ``lexicon``
    holds words known beyond the corpus (the model tokenizer's whole words): they are no typos. A question in
    another language than the documents is corrected towards the lexicon, not the corpus ("occassion" ->
    "occasion", where the corpus would make "economic" into "economie")."""
    tokens = re.split(r"(\s+)", _expand_contractions(question))
    sloppy_case = not any(ch.isupper() for ch in question[1:])  # capitals the user typed are meant
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        match = _WORD.fullmatch(token.strip(_PUNCTUATION)) if token.strip() else None
        if match and i + 2 < len(tokens):  # "zuid koreaanse" -> "Zuid-Koreaanse"
            following = _WORD.fullmatch(tokens[i + 2].strip(_PUNCTUATION))
            joined = f"{match.group()}-{following.group()}".lower() if following else ""
            if following and joined in vocabulary.counts and token == match.group():
                out.append(tokens[i + 2].replace(following.group(), _restore(joined, joined, vocabulary, sloppy_case)))
                i += 3
                continue
        if match:
            word = match.group()
            fixed = _correct(word.lower(), vocabulary, lexicon, same_language) or word.lower()
            if fixed != word.lower() or word.islower():
                token = token.replace(word, _restore(word, fixed, vocabulary, sloppy_case))
        out.append(token)
        i += 1
    text = "".join(out)
    return _name_phrases(text) if sloppy_case else text


def _expand_contractions(question: str) -> str:
    """Question words typed contracted or without their apostrophe, written out ("whos ahn" -> "who is ahn"), and
    phrases standing in for a name, read as it ("namens ons land" -> "namens Nederland")."""
    pattern, contractions = _contractions(languages.version())
    if pattern is None:
        return question
    return pattern.sub(lambda m: _same_case(m.group(), contractions[m.group().lower()]), question)


@lru_cache(maxsize=4)
def _contractions(version: int) -> tuple[re.Pattern | None, dict[str, str]]:
    """The contractions and stand-ins of every language (``Language.contractions``, ``Language.stand_ins``) and one
    pattern finding them."""
    contractions = {**languages.merged("contractions"), **languages.merged("stand_ins")}
    if not contractions:
        return None, contractions
    alternatives = "|".join(re.escape(c) for c in sorted(contractions, key=len, reverse=True))
    return re.compile(rf"(?<![\w’'])({alternatives})(?![\w’'])", re.IGNORECASE), contractions


def _same_case(typed: str, written: str) -> str:
    return written[:1].upper() + written[1:] if typed[:1].isupper() else written


def _name_phrases(question: str) -> str:
    """Names of several words the gazetteer knows, written as it writes them ("european union", "south korean")."""
    for name in _phrase_names():
        question = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", name, question, flags=re.IGNORECASE)
    return question


def _phrase_names() -> list[str]:
    return sorted((name for name in _gazetteer_forms() if " " in name), key=len, reverse=True)


def _correct(word: str, vocabulary: Vocabulary, lexicon: frozenset[str], same_language: bool) -> str | None:
    if same_language:
        return vocabulary.correction(word, lexicon)
    return vocabulary.correction(word, lexicon, from_lexicon=True) if not vocabulary.counts.get(word) else None


def _restore(original: str, lower: str, vocabulary: Vocabulary, sloppy_case: bool) -> str:
    """``lower`` written as the documents write it (in a question typed without capitals), or else with the
    original's capital."""
    if sloppy_case and lower in vocabulary.written and original.islower():
        return vocabulary.written[lower]
    return lower.capitalize() if original[:1].isupper() else lower
