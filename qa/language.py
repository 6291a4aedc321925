"""Which language is a question in? Decided from function words, which short questions still contain.

The words come from the registered language modules (``qa.languages``): a word counts for a language
when it is a marker of that language and of no other.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from qa import languages

WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=4)
def _markers(version: int) -> tuple[dict[str, frozenset[str]], dict[str, re.Pattern]]:
    """Each language's unambiguous markers and spelling pattern, for the registry at ``version``."""
    counts = Counter(word for language in languages.languages() for word in language.markers)
    markers = {l.code: frozenset(w for w in l.markers if counts[w] == 1) for l in languages.languages()}
    spelling = {l.code: re.compile(l.spelling) for l in languages.languages() if l.spelling}
    return markers, spelling


def detect_language(text: str, default: str = "nl") -> str:
    """The code of the registered language the text is most likely in; ties and unknown text give ``default``."""
    markers, spelling = _markers(languages.version())
    words = [w.lower() for w in WORD.findall(text)]
    best = _winner({code: sum(1 for w in words if w in found) for code, found in markers.items()})
    if best is None:  # keyword queries: letter groups typical of one language break the tie
        best = _winner({code: sum(1 for w in words if pattern.search(w)) for code, pattern in spelling.items()})
    return best or default


def _winner(scores: dict[str, int]) -> str | None:
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
