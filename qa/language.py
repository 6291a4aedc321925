"""Dutch or English? Decided from function words, which short questions still contain."""
from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

LANGUAGES = ("nl", "en")
WORD = re.compile(r"\w+", re.UNICODE)

# Words that are frequent and unambiguous in one language only (question words first).
_MARKERS = {
    "nl": set(STOPWORDS_DUTCH) | {"wie", "wat", "waar", "wanneer", "hoeveel", "welke", "welk", "waarom", "hoe",
                                  "is", "zijn", "heeft", "hebben", "wordt", "worden", "de", "het", "een", "en",
                                  "ook", "nog", "daarbij", "daar", "waarmee", "waarin", "mijn", "ik", "kan", "moet",
                                  "procent", "overeenkomst", "bedrijven", "samenwerking"},
    "en": set(STOPWORDS_EN) | {"who", "what", "where", "when", "which", "why", "how", "does", "did", "do", "the",
                               "is", "are", "was", "were", "has", "have", "of", "and", "also", "my", "i", "can",
                               "much", "many", "agreement", "signed", "companies", "percent", "share"},
}
_AMBIGUOUS = _MARKERS["nl"] & _MARKERS["en"]
# Spelling that is typical of one language, for keyword queries without function words.
_DUTCH_SPELLING = re.compile(r"ij|aa|oe|uu|ui|sch|cht|kk|ë|ï|^v|[^i]en$|e[lnr]ing$")
_ENGLISH_SPELLING = re.compile(r"th|wh|ck|sh|qu|ea|ou(?!w)|(?<!e[lnr])ing$|tion$|ors$|tch|y$|^c(?!h)")


def detect_language(text: str, default: str = "nl") -> str:
    """Return "nl" or "en"; ties and unknown text fall back to ``default``."""
    words = [w.lower() for w in WORD.findall(text)]
    score = {lang: sum(1 for w in words if w in _MARKERS[lang] and w not in _AMBIGUOUS) for lang in LANGUAGES}
    if score["nl"] == score["en"]:
        # Dutch-only letters or digraphs break the tie ("ij", "oe", "ui" are rare in English words).
        dutchish = sum(1 for w in words if _DUTCH_SPELLING.search(w))
        englishish = sum(1 for w in words if _ENGLISH_SPELLING.search(w))
        if dutchish != englishish:
            return "nl" if dutchish > englishish else "en"
        return default
    return "nl" if score["nl"] > score["en"] else "en"
